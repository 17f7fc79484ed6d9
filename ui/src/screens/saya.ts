// 3.2.2 Permohonan Saya: the applications the office received (with their resi), and the
// ones waiting in the outbox — sending progress, or the office's reason for refusing one.
import type { Ctx, Notice } from "../app";
import type { Catalogue } from "../bindings/Catalogue";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDateTime, h } from "../dom";
import { sizeLabel } from "../filesize";
import { permohonanTabs } from "./permohonan";
import { KIND_LABELS } from "./persyaratan";
import { shell } from "./shell";
import type { ApplicationKind } from "../bindings/ApplicationKind";

const STATUS_LABELS: Record<string, string> = {
  diajukan: "Menunggu Verifikasi",
  verifikasi: "Sedang Diproses",
  perlu_perbaikan: "Perlu Perbaikan",
  disetujui: "Disetujui",
  ditolak: "Ditolak",
  selesai: "Selesai",
};

function permitName(c: Catalogue | null, id: string): string {
  for (const a of c?.agencies ?? []) for (const t of a.permit_types) if (t.id === id) return t.name;
  return id;
}

export async function sayaScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const [apps, outbox, drafts] = await Promise.all([ctx.api.applications(), ctx.api.outbox(), ctx.api.draftsList()]);
  const catalogue = await ctx.api.catalogue().then((c) => c.catalogue).catch(() => null);
  const draftType = (id: string) => drafts.find((d) => d.id === id)?.data.permit_type_id ?? "";

  const printed = h("div", { id: "print-result", hidden: true });
  const waiting = outbox.map((o) =>
    h(
      "tr",
      { "data-draft": o.draft_id, class: `outbox-${o.state}` },
      h("td", {}, permitName(catalogue, draftType(o.draft_id))),
      h(
        "td",
        {},
        o.state === "refused"
          ? h("span", { class: "badge offline" }, "Ditolak sistem")
          : h("span", { class: "badge" }, o.bytes_total > 0 ? `Mengirim ${sizeLabel(o.bytes_sent)} dari ${sizeLabel(o.bytes_total)}` : "Menunggu koneksi"),
      ),
      h("td", { class: "outbox-reason" }, o.last_error ?? ""),
      h(
        "td",
        {},
        o.state === "refused"
          ? h("button", { class: "btn btn-info btn-small", onclick: async () => (await ctx.api.draftsOpen(o.draft_id), ctx.go("wizard")) }, "Perbaiki")
          : h("button", { class: "btn btn-info btn-small", onclick: async () => (await ctx.api.syncNow().catch(() => null), ctx.go("saya")) }, "Kirim sekarang"),
      ),
    ),
  );
  const received = apps.map((a) =>
    h(
      "tr",
      { "data-id": a.id },
      h("td", { class: "resi" }, a.resi),
      h("td", {}, permitName(catalogue, a.permit_type_id)),
      h("td", {}, KIND_LABELS[a.kind as ApplicationKind] ?? a.kind),
      h("td", {}, formatDateTime(a.submitted_at)),
      h("td", {}, STATUS_LABELS[a.status] ?? a.status),
      h(
        "td",
        {},
        h(
          "button",
          {
            class: "btn btn-success btn-small print-resi",
            onclick: async () => {
              try {
                const path = await ctx.api.printResi(a.id);
                printed.textContent = `Resi tersimpan di ${path}`;
                printed.className = "alert alert-success";
              } catch (e) {
                printed.textContent = e instanceof Error ? e.message : String(e);
                printed.className = "alert alert-error";
              }
              printed.hidden = false;
            },
          },
          "Cetak Resi",
        ),
      ),
    ),
  );
  return shell(
    ctx,
    "permohonan",
    view.profile,
    notice,
    permohonanTabs(ctx, "saya"),
    outbox.length
      ? h(
          "section",
          { class: "card" },
          h("h2", {}, "Menunggu Dikirim"),
          h("table", { class: "table", id: "outbox-table" }, h("thead", {}, h("tr", {}, ...["Jenis Izin", "Status Kirim", "Keterangan", "Aksi"].map((x) => h("th", {}, x)))), h("tbody", { id: "outbox-rows" }, ...waiting)),
        )
      : null,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Permohonan Saya"),
      printed,
      h(
        "table",
        { class: "table", id: "apps-table" },
        h("thead", {}, h("tr", {}, ...["Resi", "Jenis Izin", "Jenis Permohonan", "Tanggal", "Status", "Aksi"].map((x) => h("th", {}, x)))),
        h("tbody", { id: "apps-rows" }, ...(received.length ? received : [h("tr", {}, h("td", { colspan: 6, class: "muted" }, "Belum ada permohonan yang terkirim."))])),
      ),
    ),
  );
}
