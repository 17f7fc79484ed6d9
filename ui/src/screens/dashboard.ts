// 3.1 Dashboard: Profil Saya with Edit and Ubah Password. Shown from the local copy when
// the server cannot be reached.
import type { Ctx, Notice } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDateTime, h } from "../dom";
import { shell } from "./shell";

export function dashboardScreen(ctx: Ctx, view: ProfileView, notice?: Notice): HTMLElement {
  const p = view.profile;
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
