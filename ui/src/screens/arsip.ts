// Arsip (officers): every application and permit the office received, found by what an
// officer knows of it — a resi, a permit number, the applicant's name or NIK, the company's
// NIB — and narrowed by permit type, status and the days it was sent; 25 to a page, the
// newest first. The admin revokes an issued permit from here, with the reason. Read from
// the server (the archive is the office's, never copied to a desktop).
import type { Ctx, Notice } from "../app";
import type { ArchiveEntry } from "../bindings/ArchiveEntry";
import type { ArchiveQuery } from "../bindings/ArchiveQuery";
import type { Catalogue } from "../bindings/Catalogue";
import type { ProfileView } from "../bindings/ProfileView";
import type { Status } from "../bindings/Status";
import { formatDate, formatDateTime, periodFields, todayWita } from "../dates";
import { h } from "../dom";
import { CommandFailure } from "../ipc";
import { STATUS_LABEL } from "./dossier";
import { KIND_LABELS } from "./persyaratan";
import { shell } from "./shell";
import type { ApplicationKind } from "../bindings/ApplicationKind";

const STATUSES: Status[] = ["diajukan", "verifikasi", "perlu_perbaikan", "disetujui", "selesai", "ditolak"];

/** A typed day as the server takes it (YYYY-MM-DD), "" for none, or null when it is not a day. */
export function archiveDay(iso: string): string | null {
  if (!iso) return "";
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : null;
}

export async function arsipScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const catalogue: Catalogue | null = await ctx.api.catalogue().then((c) => c.catalogue).catch(() => null);
  const text = h("input", { id: "arsip-q", type: "search", "aria-label": "Cari", placeholder: "Resi, nomor izin, nama, NIK atau NIB" });
  const permit = h(
    "select",
    { id: "arsip-permit", "aria-label": "Jenis Izin" },
    h("option", { value: "" }, "Semua Jenis Izin"),
    ...(catalogue?.agencies ?? []).flatMap((a) => a.permit_types).map((t) => h("option", { value: t.id }, t.name)),
  );
  const status = h("select", { id: "arsip-status", "aria-label": "Status" }, h("option", { value: "" }, "Semua Status"), ...STATUSES.map((s) => h("option", { value: s }, STATUS_LABEL[s])));
  const { from, to, read } = periodFields("arsip");
  // The whole archive by default, not this month's.
  from.value = "";
  to.value = "";
  const rows = h("tbody", { id: "arsip-rows" });
  const total = h("span", { id: "arsip-total", class: "muted" });
  const pageInfo = h("span", { id: "arsip-pageinfo" });
  const prev = h("button", { id: "arsip-prev", class: "btn btn-info", "aria-label": "Halaman sebelumnya" }, "‹");
  const next = h("button", { id: "arsip-next", class: "btn btn-info", "aria-label": "Halaman berikutnya" }, "›");
  const alert = h("div", { id: "arsip-alert", hidden: true });
  const say = (message: string, kind: "error" | "success") => {
    alert.textContent = message;
    alert.className = `alert alert-${kind}`;
    alert.hidden = false;
  };
  const failed = (e: unknown) => say(e instanceof CommandFailure ? e.error.message : String(e), "error");
  const isAdmin = view.profile.role === "admin";
  let page = 1;
  let asked = 0;

  // The admin's revocation: the reason asked for in the row, then sent.
  const revoke = (e: ArchiveEntry): HTMLElement => {
    const box = h("div", { class: "arsip-revoke" });
    const start = h(
      "button",
      {
        class: "btn btn-danger btn-small arsip-revoke-start",
        onclick: () => {
          const reason = h("input", { class: "arsip-reason", type: "text", "aria-label": `Alasan pencabutan izin ${e.nomor ?? ""}`, placeholder: "Alasan pencabutan" });
          const send = h(
            "button",
            {
              class: "btn btn-danger btn-small arsip-revoke-send",
              onclick: async () => {
                send.disabled = true;
                try {
                  say(await ctx.api.officeRevoke(e.id, reason.value), "success");
                  await load();
                } catch (err) {
                  failed(err);
                  send.disabled = false;
                }
              },
            },
            "Cabut izin ini",
          );
          box.replaceChildren(reason, send);
          reason.focus();
        },
      },
      "Cabut Izin",
    );
    box.append(start);
    return box;
  };

  const row = (e: ArchiveEntry) =>
    h(
      "tr",
      { "data-id": e.id, "data-status": e.status },
      h("td", { class: "resi" }, e.resi),
      h(
        "td",
        { class: "arsip-nomor" },
        e.nomor ?? "-",
        e.revoked ? h("span", { class: "badge offline arsip-revoked" }, " Dicabut") : null,
        e.issued_on ? h("div", { class: "muted" }, `Terbit ${formatDate(e.issued_on)}${e.valid_until ? ` · berlaku s.d. ${formatDate(e.valid_until)}` : ""}`) : null,
        e.renewed_by ? h("div", { class: "muted arsip-renewed" }, `Diperpanjang: permohonan ${e.renewed_by}`) : null,
      ),
      h("td", {}, e.pemohon, h("div", { class: "muted" }, `NIK ${e.nik}${e.nib ? ` · NIB ${e.nib}` : ""}`)),
      h("td", {}, e.jenis_izin, h("div", { class: "muted arsip-kind" }, KIND_LABELS[e.kind as ApplicationKind] ?? e.kind, e.renews ? ` izin ${e.renews}` : "")),
      h("td", { class: "arsip-status" }, STATUS_LABEL[e.status]),
      h("td", { title: formatDateTime(e.submitted_at) }, formatDate(todayWita(new Date(e.submitted_at)))),
      isAdmin ? h("td", {}, e.nomor && !e.revoked ? revoke(e) : null) : null,
    );

  const load = async () => {
    const mine = ++asked;
    const [f, t] = read().map(archiveDay);
    if (f === null || t === null) {
      say("Tanggal ditulis HH/BB/TTTT, misalnya 15/01/2026.", "error");
      return;
    }
    const query: ArchiveQuery = {
      q: text.value.trim() || undefined,
      permit_type_id: permit.value || undefined,
      status: (status.value || undefined) as Status | undefined,
      from: f || undefined,
      to: t || undefined,
      page,
    };
    try {
      const p = await ctx.api.officeArchive(query);
      if (mine !== asked) return; // a newer search has been asked for
      if (alert.classList.contains("alert-error")) alert.hidden = true;
      page = p.page;
      const cols = isAdmin ? 7 : 6;
      rows.replaceChildren(...(p.items.length ? p.items.map(row) : [h("tr", {}, h("td", { colspan: String(cols), class: "muted", id: "arsip-empty" }, "Tidak ada permohonan yang cocok."))]));
      total.textContent = `${p.total} permohonan`;
      pageInfo.textContent = `Hal ${p.page} dari ${p.pages}`;
      prev.disabled = p.page <= 1;
      next.disabled = p.page >= p.pages;
    } catch (e) {
      if (mine === asked) failed(e);
    }
  };
  const again = () => ((page = 1), void load());
  text.addEventListener("input", again);
  permit.addEventListener("change", again);
  status.addEventListener("change", again);
  from.addEventListener("change", again);
  to.addEventListener("change", again);
  prev.addEventListener("click", () => ((page -= 1), void load()));
  next.addEventListener("click", () => ((page += 1), void load()));
  await load();
  const heads = ["Resi", "Nomor Izin", "Pemohon", "Jenis Izin", "Status", "Diajukan", ...(isAdmin ? ["Aksi"] : [])];
  return shell(
    ctx,
    "arsip",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Arsip Permohonan & Izin"),
      h("p", { class: "muted" }, "Semua permohonan yang diterima kantor, dengan izin yang telah terbit."),
      h("div", { class: "filters" }, text, permit, status, from, to),
      alert,
      total,
      h("table", { class: "table", id: "arsip-table" }, h("thead", {}, h("tr", {}, ...heads.map((x) => h("th", {}, x)))), rows),
      h("div", { class: "pager" }, prev, pageInfo, next),
    ),
  );
}
