// Permohonan Izin and its submenu (guide 3.2): Pengajuan Permohonan, Permohonan Saya, File
// Saya, Revisi. File Saya works; the others arrive with the application wizard.
import type { Ctx } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import { h } from "../dom";
import { shell } from "./shell";

type Tab = "permohonan" | "files" | "persyaratan" | "pengajuan" | "saya" | "revisi";

export function permohonanTabs(ctx: Ctx, active: Tab): HTMLElement {
  const tab = (id: string, label: string, target: Tab | null) =>
    h(
      "button",
      {
        id,
        class: target === active ? "tab active" : "tab",
        disabled: target === null,
        title: target === null ? "Belum tersedia pada versi ini" : undefined,
        onclick: () => target && ctx.go(target),
      },
      label,
    );
  return h(
    "div",
    { class: "tabs" },
    tab("tab-pengajuan", "Pengajuan Permohonan", "pengajuan"),
    tab("tab-permohonan-saya", "Permohonan Saya", "saya"),
    tab("tab-files", "File Saya", "files"),
    tab("tab-revisi", "Revisi Saya", "revisi"),
    tab("tab-persyaratan", "Persyaratan", "persyaratan"),
  );
}

export function permohonanScreen(ctx: Ctx, view: ProfileView): HTMLElement {
  return shell(
    ctx,
    "permohonan",
    view.profile,
    undefined,
    permohonanTabs(ctx, "permohonan"),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Permohonan Izin"),
      h("p", { class: "muted" }, "Siapkan permohonan sebagai draf (dapat tanpa internet) dan dokumen Anda di File Saya. Permohonan yang dikirim saat offline masuk antrian dan terkirim otomatis saat online."),
      h("div", { class: "actions" }, h("button", { id: "goto-pengajuan", class: "btn btn-primary", onclick: () => ctx.go("pengajuan") }, "Pengajuan Permohonan"), h("button", { id: "goto-files", class: "btn btn-success", onclick: () => ctx.go("files") }, "Buka File Saya")),
    ),
  );
}
