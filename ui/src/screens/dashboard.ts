// 3.1 Dashboard: Profil Saya with Edit and Ubah Password. Shown from the local copy when
// the server cannot be reached.
import type { Ctx, Notice } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDateTime, h } from "../dom";
import { progressOf, PROGRESS_LABEL } from "../applist";
import { shell } from "./shell";
import { portalBox } from "../portal";

export async function dashboardScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const p = view.profile;
  const apps = await ctx.api
    .applicationsPage("", 1)
    .then((p) => p.items)
    .catch(() => []);
  const catalogue = await ctx.api
    .catalogue()
    .then((c) => c.catalogue)
    .catch(() => null);
  const permitName = (id: string) => catalogue?.agencies.flatMap((a) => a.permit_types).find((t) => t.id === id)?.name ?? id;
  const quick = (id: string, label: string, go: () => void, disabled = false) =>
    h("button", { id, class: "quick", onclick: go, disabled, title: disabled ? "Belum tersedia pada versi ini" : undefined }, label);
  const w = p.wilayah_nama;
  const row = (label: string, id: string, value: string) =>
    h("div", { class: "kv" }, h("div", { class: "k" }, label), h("div", { class: "v", id }, value));
  return shell(
    ctx,
    "dashboard",
    p,
    notice,
    view.from_cache
      ? h(
          "div",
          { class: "alert alert-info", id: "offline-copy" },
          `Anda sedang offline. Data ditampilkan dari salinan di perangkat ini (terakhir disinkronkan ${formatDateTime(view.synced_at)}).`,
        )
      : null,
    portalBox(ctx.api, { links: false, card: true }),
    h(
      "section",
      { class: "card", id: "profil-saya" },
      h("h2", {}, "Profil Saya"),
      row("Nama", "profil-nama", p.nama),
      row("Alamat", "profil-alamat", `${p.alamat}, ${w.kelurahan}, ${w.kecamatan}, ${w.kabupaten}, ${w.provinsi}`),
      row("Email", "profil-email", p.email),
      row("No Telp", "profil-telp", p.no_hp),
      h(
        "div",
        { class: "actions" },
        h("button", { id: "dash-edit", class: "btn btn-success", onclick: () => ctx.go("profile") }, "Edit"),
        h("button", { id: "dash-password", class: "btn btn-info", onclick: () => ctx.go("password") }, "Ubah Password"),
      ),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Menu Cepat"),
      h(
        "div",
        { class: "quick-grid" },
        quick("quick-pengajuan", "Pengajuan Permohonan", () => ctx.go("pengajuan")),
        quick("quick-saya", "Permohonan Saya", () => ctx.go("saya")),
        quick("quick-files", "File Saya", () => ctx.go("files")),
        quick("quick-revisi", "Revisi", () => ctx.go("revisi")),
        quick("quick-monitoring", "Monitoring Izin", () => ctx.go("monitoring")),
        quick("quick-persyaratan", "Persyaratan Izin", () => ctx.go("persyaratan")),
        quick("quick-survey", "Survey IKM", () => ctx.go("survey")),
        quick("quick-pengaduan", "Pengaduan", () => ctx.go("pengaduan")),
      ),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Berkas Permohonan Saya"),
      h(
        "table",
        { class: "table", id: "dash-apps" },
        h("thead", {}, h("tr", {}, ...["No", "Resi", "Izin", "Tanggal Permohonan", "Progress"].map((x) => h("th", {}, x)))),
        h(
          "tbody",
          {},
          ...(apps.length
            ? apps.slice(0, 5).map((a, i) =>
                h(
                  "tr",
                  {},
                  h("td", {}, String(i + 1)),
                  h("td", { class: "resi" }, a.resi),
                  h("td", {}, permitName(a.permit_type_id)),
                  h("td", {}, formatDateTime(a.submitted_at)),
                  h("td", {}, PROGRESS_LABEL[progressOf(a.status)]),
                ),
              )
            : [h("tr", {}, h("td", { colspan: 5, class: "muted" }, "Tidak Ada Data"))]),
        ),
      ),
    ),
  );
}

/** The menus whose features come in later releases. */
export function comingSoonScreen(ctx: Ctx, view: ProfileView, screen: "inbox" | "chat"): HTMLElement {
  const titles = {
    inbox: "Inbox",
    chat: "Chat",
  } as const;
  return shell(
    ctx,
    screen,
    view.profile,
    undefined,
    h("section", { class: "card" }, h("h2", {}, titles[screen]), h("p", { class: "muted" }, "Fitur ini belum tersedia pada versi aplikasi ini.")),
  );
}
