// The office's workstation: the verifier's queue and the dossiers held on this computer
// (reviewable offline), the review screen with the attachment viewer and the checklist,
// and the signer's queue with TTE signing.
import type { Ctx, Notice } from "../app";
import type { Action } from "../bindings/Action";
import type { Catalogue } from "../bindings/Catalogue";
import type { ProfileView } from "../bindings/ProfileView";
import type { QueueItem } from "../bindings/QueueItem";
import type { ReviewCase } from "../bindings/ReviewCase";
import type { ReviewItem } from "../bindings/ReviewItem";
import type { Status } from "../bindings/Status";
import { confirmButton, formatDate, h } from "../dom";
import { CommandFailure } from "../ipc";
import { KIND_LABELS } from "./persyaratan";
import { shell } from "./shell";
import { holidayWarning } from "./libur";
import type { ApplicationKind } from "../bindings/ApplicationKind";
import { STATUS_LABEL, attachments, dossierDetails, message, table } from "./dossier";


/** The dossier the review screen shows (set before going there). */
let currentCase = "";
export function openCase(id: string): void {
  currentCase = id;
}


/** The deadline that runs: the office's, or the applicant's revision (flagged once passed). */
function slaCell(q: QueueItem): HTMLElement {
  if (q.revision_due)
    return h(
      "td",
      { class: q.overdue ? "sla-overdue revision-overdue" : "" },
      `Batas revisi ${formatDate(q.revision_due)}`,
      q.overdue ? h("span", { class: "badge offline" }, " Lewat batas revisi") : null,
    );
  if (!q.sla_due) return h("td", {}, "-");
  return h("td", { class: q.overdue ? "sla-overdue" : "" }, formatDate(q.sla_due), q.overdue ? h("span", { class: "badge offline" }, " Terlambat") : null);
}

export async function kantorScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const catalogue: Catalogue | null = await ctx.api.catalogue().then((c) => c.catalogue).catch(() => null);
  const agency = h("select", { id: "kantor-agency", "aria-label": "Dinas/Badan" }, h("option", { value: "" }, "Semua Dinas/Badan"), ...(catalogue?.agencies ?? []).map((a) => h("option", { value: a.id }, a.name)));
  const permit = h("select", { id: "kantor-permit", "aria-label": "Jenis Izin" }, h("option", { value: "" }, "Semua Jenis Izin"));
  const fillPermits = () => {
    const list = (catalogue?.agencies ?? []).filter((a) => !agency.value || a.id === agency.value).flatMap((a) => a.permit_types);
    permit.replaceChildren(h("option", { value: "" }, "Semua Jenis Izin"), ...list.map((t) => h("option", { value: t.id }, t.name)));
  };
  fillPermits();
  agency.addEventListener("change", fillPermits);
  const status = h(
    "select",
    { id: "kantor-status", "aria-label": "Status" },
    h("option", { value: "" }, "Menunggu & Diproses"),
    ...(["diajukan", "verifikasi", "perlu_perbaikan"] as Status[]).map((s) => h("option", { value: s }, STATUS_LABEL[s])),
  );
  const overdue = h("input", { id: "kantor-overdue", type: "checkbox" });
  const queueBox = h("div", { id: "kantor-queue" });
  const result = h("div", { id: "kantor-result", hidden: true });
  const canClaim = view.profile.role === "verifikator";

  // A revision not sent by its deadline: extend it once, or reject it (asked twice).
  const lapseButton = (q: QueueItem, action: Action) => {
    const run = async () => {
      try {
        const r = await ctx.api.officeLapse(q.id, action);
        result.textContent =
          r.status === "ditolak" ? `Permohonan ${q.resi} ditolak: batas perbaikan terlewati.` : `Batas perbaikan ${q.resi} diperpanjang hingga ${formatDate(r.revision_due)}.`;
        result.className = "alert alert-success";
      } catch (e) {
        result.textContent = message(e);
        result.className = "alert alert-error";
      }
      result.hidden = false;
      await loadQueue();
    };
    return action === "tolak"
      ? confirmButton("lapse-tolak", "Tolak (lewat batas)", "Ya, tolak permohonan ini", run)
      : h("button", { class: "btn btn-small btn-warning lapse-perpanjang", onclick: () => void run() }, "Perpanjang Batas");
  };

  const loadQueue = async () => {
    try {
      const items = await ctx.api.officeQueue({
        agency_id: agency.value || null,
        permit_type_id: permit.value || null,
        status: (status.value || null) as Status | null,
        overdue: overdue.checked,
      });
      queueBox.replaceChildren(
        table(
          "kantor-table",
          ["Resi", "Jenis Izin", "Pemohon", "Status", "Batas Layanan", "Ditangani", "Aksi"],
          items.map((q) =>
            h(
              "tr",
              { "data-id": q.id },
              h("td", { class: "resi" }, q.resi),
              h("td", {}, q.jenis_izin, h("div", { class: "muted" }, KIND_LABELS[q.kind as ApplicationKind] ?? q.kind)),
              h("td", {}, q.pemohon),
              h("td", {}, STATUS_LABEL[q.status]),
              slaCell(q),
              h("td", {}, q.claimed_by ?? "-"),
              q.lapse_actions.length
                ? h("td", { class: "lapse-actions" }, ...q.lapse_actions.map((a) => lapseButton(q, a)))
                : h(
                "td",
                {},
                canClaim && (!q.claimed_by || q.claimed_by_me)
                  ? h(
                      "button",
                      {
                        class: "btn btn-small btn-success claim",
                        onclick: async () => {
                          try {
                            await ctx.api.officeClaim(q.id);
                            openCase(q.id);
                            ctx.go("periksa");
                          } catch (e) {
                            result.textContent = message(e);
                            result.className = "alert alert-error";
                            result.hidden = false;
                          }
                        },
                      },
                      q.claimed_by_me ? "Lanjutkan" : "Ambil",
                    )
                  : null,
              ),
            ),
          ),
          "Tidak ada permohonan yang menunggu.",
        ),
      );
    } catch (e) {
      queueBox.replaceChildren(h("div", { class: "alert alert-info", id: "kantor-offline" }, `Antrian tidak dapat dimuat: ${message(e)}. Berkas yang sudah diambil tetap dapat diperiksa di bawah.`));
    }
  };
  const cases = await ctx.api.officeCases();
  const held = table(
    "kantor-cases",
    ["Resi", "Jenis Izin", "Pemohon", "Batas Layanan", "Keputusan", "Aksi"],
    cases.map((c) =>
      h(
        "tr",
        { "data-id": c.dossier.id },
        h("td", { class: "resi" }, c.dossier.resi),
        h("td", {}, c.dossier.jenis_izin),
        h("td", {}, c.dossier.pemohon_nama),
        h("td", {}, formatDate(c.dossier.sla_due)),
        h("td", {}, c.pending ? (c.pending.state === "queued" ? "Menunggu koneksi" : `Ditolak server: ${c.pending.last_error ?? ""}`) : "Belum"),
        h("td", {}, h("button", { class: "btn btn-small btn-info open-case", onclick: () => (openCase(c.dossier.id), ctx.go("periksa")) }, "Periksa")),
      ),
    ),
    "Belum ada berkas yang diambil.",
  );
  void loadQueue();
  return shell(
    ctx,
    "kantor",
    view.profile,
    notice,
    view.profile.role === "admin" ? holidayWarning(ctx) : null,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Antrian Verifikasi"),
      h(
        "div",
        { class: "filters" },
        agency,
        permit,
        status,
        h("label", { class: "check" }, overdue, " Hanya yang terlambat"),
        h("button", { id: "kantor-show", class: "btn btn-success", onclick: () => void loadQueue() }, "Tampilkan"),
      ),
      result,
      queueBox,
    ),
    h("section", { class: "card" }, h("h2", {}, "Berkas di Komputer Ini"), h("p", { class: "muted" }, "Berkas yang sudah diambil tersimpan di komputer ini dan dapat diperiksa tanpa internet. Keputusan terkirim otomatis saat terhubung."), held),
  );
}

export async function periksaScreen(ctx: Ctx, view: ProfileView): Promise<HTMLElement> {
  let c: ReviewCase;
  try {
    c = await ctx.api.officeCase(currentCase);
  } catch (e) {
    return kantorScreen(ctx, view, { message: message(e), kind: "error" });
  }
  const d = c.dossier;
  // Only the documents judged so far: each starts with neither Sesuai nor Tidak sesuai.
  const checklist = new Map<number, ReviewItem>(c.checklist.filter((x) => d.files.some((f) => f.requirement_id === x.requirement_id)).map((x) => [x.requirement_id, x]));
  const note = h("textarea", { id: "periksa-note", rows: 3, placeholder: "Catatan verifikator (wajib untuk perbaikan dan penolakan)" }, c.note);
  const banner = h("div", { id: "periksa-alert", hidden: true });
  let saving: number | undefined;
  const save = () => {
    window.clearTimeout(saving);
    saving = window.setTimeout(() => void ctx.api.officeCaseSave(d.id, [...checklist.values()], note.value).catch(() => undefined), 300);
  };
  note.addEventListener("input", save);
  const decide = (action: Action) => async () => {
    banner.hidden = true;
    try {
      const after = await ctx.api.officeDecide(d.id, action, note.value, [...checklist.values()]);
      if (after.pending?.state === "queued") {
        banner.textContent = "Keputusan tersimpan dan menunggu koneksi; akan terkirim otomatis.";
        banner.className = "alert alert-info";
        banner.hidden = false;
      } else if (after.pending?.state === "refused") {
        banner.textContent = after.pending.last_error ?? "Keputusan ditolak server";
        banner.className = "alert alert-error";
        banner.hidden = false;
      } else {
        ctx.go("kantor", { message: `Keputusan untuk ${d.resi} terkirim.`, kind: "success" });
      }
    } catch (e) {
      // The case is gone from this computer when the server already has the decision.
      if (e instanceof CommandFailure && e.error.code === "not_found") {
        ctx.go("kantor", { message: `Keputusan untuk ${d.resi} terkirim.`, kind: "success" });
        return;
      }
      banner.textContent = message(e);
      banner.className = "alert alert-error";
      banner.hidden = false;
    }
  };
  const pending = c.pending ? h("div", { class: c.pending.state === "queued" ? "alert alert-info" : "alert alert-error", id: "periksa-pending" }, c.pending.state === "queued" ? "Keputusan menunggu koneksi; akan terkirim otomatis." : `Server menolak keputusan: ${c.pending.last_error ?? ""}`) : null;
  return shell(
    ctx,
    "kantor",
    view.profile,
    undefined,
    ...dossierDetails(ctx, c),
    attachments(ctx, c, checklist, save),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Keputusan"),
      pending,
      banner,
      note,
      h(
        "div",
        { class: "actions" },
        h("button", { id: "decide-setujui", class: "btn btn-success", onclick: decide("setujui") }, "Setujui"),
        h("button", { id: "decide-perbaikan", class: "btn btn-warning", onclick: decide("minta_perbaikan") }, "Kembalikan untuk Perbaikan"),
        h("button", { id: "decide-tolak", class: "btn btn-danger", onclick: decide("tolak") }, "Tolak"),
        h(
          "button",
          {
            id: "periksa-release",
            class: "btn btn-info",
            onclick: async () => {
              try {
                await ctx.api.officeRelease(d.id);
                ctx.go("kantor", { message: `${d.resi} dikembalikan ke antrian.`, kind: "info" });
              } catch (e) {
                banner.textContent = message(e);
                banner.className = "alert alert-error";
                banner.hidden = false;
              }
            },
          },
          "Lepas ke Antrian",
        ),
      ),
    ),
  );
}

export async function ttdScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const detail = h("div", { id: "ttd-detail" });
  const result = h("div", { id: "ttd-result", hidden: true });
  let items: QueueItem[] = [];
  let error = "";
  try {
    items = await ctx.api.signingQueue();
  } catch (e) {
    error = message(e);
  }
  // The dossier asked for last is the one shown; a second click on the one still loading
  // asks nothing more (the form it brings must not replace one already being filled).
  let asked = 0;
  let loading: string | null = null;
  const open = async (q: QueueItem) => {
    if (loading === q.id) return;
    const mine = ++asked;
    loading = q.id;
    let c: ReviewCase;
    try {
      c = await ctx.api.officeDossier(q.id);
    } catch (e) {
      if (mine !== asked) return;
      result.textContent = message(e);
      result.className = "alert alert-error";
      result.hidden = false;
      return;
    } finally {
      if (mine === asked) loading = null;
    }
    if (mine !== asked) return;
    result.hidden = true;
    const pass = h("input", { id: "ttd-passphrase", type: "password", autocomplete: "current-password" });
    const err = h("div", { id: "ttd-error", class: "alert alert-error", hidden: true });
    const sign = h(
      "button",
      {
        id: "ttd-sign",
        class: "btn btn-primary",
        onclick: async () => {
          err.hidden = true;
          sign.disabled = true;
          try {
            const izin = await ctx.api.officeSign(q.id, pass.value);
            ctx.go("ttd", { message: `Izin nomor ${izin.content.nomor} telah ditandatangani dan terbit.`, kind: "success" });
          } catch (e) {
            err.textContent = message(e);
            err.hidden = false;
            pass.value = "";
          } finally {
            sign.disabled = false;
          }
        },
      },
      "Tanda Tangani",
    );
    detail.replaceChildren(
      ...dossierDetails(ctx, c),
      attachments(ctx, c, null, () => undefined),
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Tanda Tangan Elektronik (TTE)"),
        h("p", { class: "muted" }, "Masukkan passphrase Anda untuk menandatangani izin ini secara elektronik. Nomor izin diberikan oleh sistem."),
        err,
        h("label", { for: "ttd-passphrase" }, "Passphrase"),
        pass,
        h("div", { class: "actions" }, sign),
      ),
    );
  };
  return shell(
    ctx,
    "ttd",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Antrian Tanda Tangan"),
      error ? h("div", { class: "alert alert-info" }, `Antrian tidak dapat dimuat: ${error}`) : null,
      result,
      table(
        "ttd-table",
        ["Resi", "Jenis Izin", "Pemohon", "Batas Layanan", "Aksi"],
        items.map((q) =>
          h(
            "tr",
            { "data-id": q.id },
            h("td", { class: "resi" }, q.resi),
            h("td", {}, q.jenis_izin),
            h("td", {}, q.pemohon),
            slaCell(q),
            h("td", {}, h("button", { class: "btn btn-small btn-success open-sign", onclick: () => void open(q) }, "Periksa & Tanda Tangani")),
          ),
        ),
        "Tidak ada izin yang menunggu tanda tangan.",
      ),
    ),
    detail,
  );
}
