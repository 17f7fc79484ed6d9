// 3.2.2 Permohonan Saya: the applications the office received (with their resi), and the
// ones waiting in the outbox — sending progress, or the office's reason for refusing one.
import type { Ctx, Notice } from "../app";
import type { Catalogue } from "../bindings/Catalogue";
import type { ProfileView } from "../bindings/ProfileView";
import { confirmButton, formatDate, formatDateTime, h } from "../dom";
import { CommandFailure } from "../ipc";
import { sizeLabel } from "../filesize";
import { progressOf, PROGRESS_LABEL } from "../applist";
import { permohonanTabs } from "./permohonan";
import { surveyFor } from "./survey";
import { KIND_LABELS } from "./persyaratan";
import { shell } from "./shell";
import type { ApplicationKind } from "../bindings/ApplicationKind";
import type { Progress } from "../bindings/Progress";
import type { ApplicationPage } from "../bindings/ApplicationPage";
import type { LocalApplication } from "../bindings/LocalApplication";

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

export function uploadLabel(sent: number, total: number): string {
  return total > 0 ? `Mengirim ${sizeLabel(sent)} dari ${sizeLabel(total)} (${Math.floor((sent * 100) / total)}%)` : "Menunggu koneksi";
}

/** Moves the progress bar of the outbox row of `p.draft_id`, if it is on screen. */
export function showProgress(root: ParentNode, p: Progress): void {
  const row = Array.from(root.querySelectorAll<HTMLElement>("tr[data-draft]")).find((r) => r.dataset.draft === p.draft_id);
  const bar = row?.querySelector<HTMLProgressElement>("progress.upload-bar");
  const label = row?.querySelector(".upload-label");
  if (!bar || !label) return;
  bar.max = Math.max(p.bytes_total, 1);
  bar.value = p.bytes_sent;
  label.textContent = `${uploadLabel(p.bytes_sent, p.bytes_total)} · berkas ${Math.min(p.files_done + 1, p.files_total)} dari ${p.files_total}`;
}

export async function sayaScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const [first, outbox] = await Promise.all([ctx.api.applicationsPage("", 1), ctx.api.outbox()]);
  const catalogue = await ctx.api.catalogue().then((c) => c.catalogue).catch(() => null);

  const printed = h("div", { id: "print-result", hidden: true });
  const waiting = outbox.map((o) =>
    h(
      "tr",
      { "data-draft": o.draft_id, class: `outbox-${o.state}` },
      h("td", {}, permitName(catalogue, o.permit_type_id)),
      h(
        "td",
        {},
        o.state === "refused"
          ? h("span", { class: "badge offline" }, "Ditolak sistem")
          : h(
              "div",
              { class: "upload" },
              h("progress", { class: "upload-bar", max: String(Math.max(o.bytes_total, 1)), value: String(o.bytes_sent) }),
              h("span", { class: "badge" }, "Menunggu dikirim"),
              h("span", { class: "upload-label" }, uploadLabel(o.bytes_sent, o.bytes_total)),
            ),
      ),
      h("td", { class: "outbox-reason" }, o.last_error ?? ""),
      h(
        "td",
        {},
        o.state === "refused"
          ? h("button", { class: "btn btn-info btn-small", onclick: async () => (await ctx.api.draftsOpen(o.draft_id), ctx.go("wizard")) }, "Perbaiki")
          : h(
              "div",
              { class: "row-actions" },
              h("button", { class: "btn btn-info btn-small outbox-send", onclick: async () => (await ctx.api.syncNow().catch(() => null), ctx.go("saya")) }, "Kirim sekarang"),
              confirmButton("outbox-cancel", "Batalkan pengiriman", "Yakin batalkan?", async () => {
                try {
                  await ctx.api.outboxCancel(o.draft_id);
                  ctx.go("pengajuan", { message: "Pengiriman dibatalkan. Permohonan kembali menjadi draf dan dapat diubah.", kind: "info" });
                } catch (e) {
                  ctx.go("saya", { message: e instanceof CommandFailure ? e.error.message : String(e), kind: "error" });
                }
              }),
            ),
      ),
    ),
  );
  const search = h("input", { id: "saya-search", type: "search", placeholder: "Pencarian: nomor resi atau jenis izin" });
  const cari = h("button", { id: "saya-cari", class: "btn btn-success" }, "Cari");
  const rows = h("tbody", { id: "apps-rows" });
  const pageInfo = h("span", { id: "saya-pageinfo" });
  const prev = h("button", { id: "saya-prev", class: "btn btn-info" }, "‹");
  const next = h("button", { id: "saya-next", class: "btn btn-info" }, "›");
  const detail = h("div", { id: "saya-detail" });
  let page = 1;

  const showDetail = async (a: LocalApplication) => {
    const log = await ctx.api.tracking(a.id).catch(() => []);
    const info = await ctx.api.applicationDetail(a.id).catch(() => null);
    const kv = (k: string, id: string, v: string) => h("div", { class: "kv" }, h("div", { class: "k" }, k), h("div", { class: "v", id }, v));
    detail.replaceChildren(
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Detail Permohonan"),
        kv("Resi Pendaftaran", "detail-resi", a.resi),
        kv("Tanggal", "detail-tanggal", formatDateTime(a.submitted_at)),
        kv("Jenis Izin", "detail-izin", permitName(catalogue, a.permit_type_id)),
        kv("Jenis Permohonan", "detail-jenis", KIND_LABELS[a.kind as ApplicationKind] ?? a.kind),
        kv("Status", "detail-status", STATUS_LABELS[a.status] ?? a.status),
        info?.expected_completion ? kv("Perkiraan Selesai", "detail-selesai", `${formatDate(info.expected_completion)} (hari kerja, di luar hari libur nasional)`) : null,
        info?.revision_due ? kv("Batas Perbaikan", "detail-batas-revisi", formatDate(info.revision_due)) : null,
        info?.review ? kv(info.review.action === "tolak" ? "Alasan Penolakan" : "Catatan Verifikator", "detail-catatan", info.review.note) : null,
        h("h3", {}, "Tracking Permohonan"),
        h(
          "ol",
          { class: "timeline", id: "detail-timeline" },
          ...log.map((t) => h("li", {}, h("strong", {}, STATUS_LABELS[t.status] ?? t.status), ` — ${formatDateTime(t.at)}`, h("div", { class: "muted" }, `Catatan: ${t.note}`))),
        ),
      ),
    );
  };

  // The search and the pages are the command's (SQL over every application kept here);
  // an answer that comes after a newer request was made is dropped.
  let asked = 0;
  let searchFailed = false;
  const show = (p: ApplicationPage, query: string) => {
    page = p.page;
    const start = (p.page - 1) * 10;
    rows.replaceChildren(
      ...(p.items.length
        ? p.items.map((a, i) =>
            h(
              "tr",
              { "data-id": a.id },
              h("td", {}, String(start + i + 1)),
              h("td", { class: `progress progress-${progressOf(a.status)}` }, PROGRESS_LABEL[progressOf(a.status)]),
              h("td", {}, h("a", { href: "#", class: "resi resi-link", onclick: (e: Event) => (e.preventDefault(), void showDetail(a)) }, a.resi)),
              h("td", {}, permitName(catalogue, a.permit_type_id)),
              h("td", {}, KIND_LABELS[a.kind as ApplicationKind] ?? a.kind),
              h("td", {}, formatDateTime(a.submitted_at)),
              h("td", {}, STATUS_LABELS[a.status] ?? a.status),
              h(
                "td",
                {},
                printButton(a.id),
                a.status === "selesai" ? h("button", { class: "btn btn-warning btn-small survey-ikm", onclick: () => (surveyFor(a.resi), ctx.go("survey")) }, "IKM") : null,
              ),
            ),
          )
        : [h("tr", {}, h("td", { colspan: 8, class: "muted" }, query.trim() ? "Tidak ada permohonan yang cocok." : "Tidak Ada Data"))]),
    );
    pageInfo.textContent = `Hal ${p.page} dari ${p.pages}`;
    prev.disabled = p.page <= 1;
    next.disabled = p.page >= p.pages;
  };
  const render = async () => {
    const query = search.value;
    const n = ++asked;
    try {
      const p = await ctx.api.applicationsPage(query, page);
      if (n !== asked) return;
      show(p, query);
      if (searchFailed) printed.hidden = true;
      searchFailed = false;
    } catch (e) {
      if (n !== asked) return;
      searchFailed = true;
      printed.textContent = e instanceof CommandFailure ? e.error.message : String(e);
      printed.className = "alert alert-error";
      printed.hidden = false;
    }
  };
  cari.addEventListener("click", () => ((page = 1), void render()));
  search.addEventListener("keydown", (e) => {
    if ((e as KeyboardEvent).key === "Enter") ((page = 1), void render());
  });
  prev.addEventListener("click", () => ((page -= 1), void render()));
  next.addEventListener("click", () => ((page += 1), void render()));

  function printButton(id: string): HTMLElement {
    const run = (action: () => Promise<string>) => async () => {
      try {
        printed.textContent = await action();
        printed.className = "alert alert-success";
      } catch (e) {
        printed.textContent = e instanceof Error ? e.message : String(e);
        printed.className = "alert alert-error";
      }
      printed.hidden = false;
    };
    return h(
      "span",
      { class: "print-actions" },
      h("button", { class: "btn btn-success btn-small print-resi", onclick: run(async () => `Resi tersimpan di ${await ctx.api.printResi(id)}`) }, "Cetak Resi"),
      h("button", { class: "btn btn-info btn-small print-resi-printer", title: "Kirim ke printer bawaan", onclick: run(() => ctx.api.printResiToPrinter(id)) }, "⎙ Printer"),
    );
  }
  show(first, "");

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
      h("div", { class: "list-head" }, h("h2", {}, "Permohonan Saya"), h("div", { class: "control-row" }, search, cari)),
      printed,
      h(
        "table",
        { class: "table", id: "apps-table" },
        h("thead", {}, h("tr", {}, ...["No", "Progress", "Resi", "Jenis Izin", "Jenis Permohonan", "Tanggal", "Status", "Aksi"].map((x) => h("th", {}, x)))),
        rows,
      ),
      h("div", { class: "pager" }, prev, pageInfo, next),
    ),
    detail,
  );
}
