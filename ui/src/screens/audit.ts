// Log Audit (admin): every officer action, newest first, filtered by who, what, on which
// object and when, fifty to a page; the matching rows saved as CSV. Read from the server
// (the log never lives on a desktop), so it needs a connection.
import type { Ctx, Notice } from "../app";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditQuery } from "../bindings/AuditQuery";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDateTime, periodFields } from "../dates";
import { h } from "../dom";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

/** The actions an admin filters by most (a row's own name comes with it from the server). */
const ACTIONS: [string, string][] = [
  ["ambil", "Mengambil berkas"],
  ["lepas", "Melepas berkas"],
  ["buka_dossier", "Membuka dossier"],
  ["unduh_berkas", "Mengunduh berkas lampiran"],
  ["minta_perbaikan", "Meminta perbaikan"],
  ["setujui", "Menyetujui"],
  ["tolak", "Menolak"],
  ["tandatangani", "Menandatangani izin"],
  ["sign_passphrase_wrong", "Gagal menandatangani"],
  ["cabut_izin", "Mencabut izin"],
  ["kirim_chat", "Mengirim pesan chat"],
  ["unduh_lampiran_chat", "Mengunduh lampiran chat"],
  ["balas_aduan", "Membalas pengaduan"],
  ["blokir_akun", "Memblokir akun"],
  ["buka_blokir_akun", "Membuka blokir akun"],
  ["ubah_peran", "Mengubah peran"],
  ["unduh_log_audit", "Mengunduh log audit"],
];

/** A row's detail (JSON text) as "key: value" pairs; anything else as it is. */
export function detailText(detail: string): string {
  try {
    const v: unknown = JSON.parse(detail);
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.entries(v)
        .map(([k, x]) => `${k}: ${typeof x === "string" ? x : JSON.stringify(x)}`)
        .join(" · ");
    }
  } catch {
    // not JSON: shown as it came
  }
  return detail;
}

export async function auditScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const actor = h("input", { id: "audit-actor", type: "search", "aria-label": "Petugas", placeholder: "Nama, NIK atau e-mail petugas" });
  const action = h("select", { id: "audit-action", "aria-label": "Aksi" }, h("option", { value: "" }, "Semua aksi"), ...ACTIONS.map(([v, l]) => h("option", { value: v }, l)));
  const object = h("input", { id: "audit-object", type: "search", "aria-label": "Objek", placeholder: "Resi, nama akun atau rincian" });
  const { from, to, read } = periodFields("audit");
  const rows = h("tbody", { id: "audit-rows" });
  const total = h("span", { id: "audit-total", class: "muted" });
  const pageInfo = h("span", { id: "audit-pageinfo" });
  const prev = h("button", { id: "audit-prev", class: "btn btn-info" }, "‹");
  const next = h("button", { id: "audit-next", class: "btn btn-info" }, "›");
  const alert = h("div", { id: "audit-alert", hidden: true });
  const say = (text: string, kind: "error" | "success") => {
    alert.textContent = text;
    alert.className = `alert alert-${kind}`;
    alert.hidden = false;
  };
  const failed = (e: unknown) => say(e instanceof CommandFailure ? e.error.message : String(e), "error");
  let page = 1;
  let asked = 0;
  const query = (): AuditQuery => {
    const [f, t] = read();
    return { actor: actor.value.trim() || undefined, action: action.value || undefined, object: object.value.trim() || undefined, from: f || undefined, to: t || undefined, page };
  };
  const row = (e: AuditEntry) =>
    h(
      "tr",
      { "data-id": String(e.id), "data-action": e.action },
      h("td", {}, formatDateTime(e.at)),
      h("td", {}, e.actor, h("div", { class: "muted" }, e.actor_email)),
      h("td", { class: "audit-action" }, e.label),
      h("td", { class: "audit-object" }, e.resi ?? e.account ?? "-"),
      h("td", { class: "audit-detail muted" }, detailText(e.detail)),
    );
  const load = async () => {
    const mine = ++asked;
    try {
      const p = await ctx.api.adminAudit(query());
      if (mine !== asked) return; // a newer search has been asked for
      alert.hidden = true;
      page = p.page;
      rows.replaceChildren(...(p.items.length ? p.items.map(row) : [h("tr", {}, h("td", { colspan: "5", class: "muted", id: "audit-empty" }, "Tidak ada catatan yang cocok."))]));
      total.textContent = `${p.total} catatan`;
      pageInfo.textContent = `Hal ${p.page} dari ${p.pages}`;
      prev.disabled = p.page <= 1;
      next.disabled = p.page >= p.pages;
    } catch (e) {
      if (mine === asked) failed(e);
    }
  };
  const again = () => ((page = 1), void load());
  actor.addEventListener("input", again);
  object.addEventListener("input", again);
  action.addEventListener("change", again);
  from.addEventListener("change", again);
  to.addEventListener("change", again);
  prev.addEventListener("click", () => ((page -= 1), void load()));
  next.addEventListener("click", () => ((page += 1), void load()));
  const exportBtn = h(
    "button",
    {
      id: "audit-export",
      class: "btn btn-info",
      onclick: async () => {
        try {
          say(`Tersimpan: ${await ctx.api.adminAuditExport({ ...query(), page: undefined })}`, "success");
        } catch (e) {
          failed(e);
        }
      },
    },
    "Unduh CSV",
  );
  await load();
  return shell(
    ctx,
    "audit",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Log Audit"),
      h("p", { class: "muted" }, "Setiap tindakan petugas tercatat di sini dan tidak dapat diubah atau dihapus."),
      h("div", { class: "filters" }, actor, action, object, from, to, exportBtn),
      alert,
      total,
      h("table", { class: "table", id: "audit-table" }, h("thead", {}, h("tr", {}, ...["Waktu", "Petugas", "Aksi", "Objek", "Rincian"].map((x) => h("th", {}, x)))), rows),
      h("div", { class: "pager" }, prev, pageInfo, next),
    ),
  );
}
