// What the verifier and the signer read of a dossier: its data, location, history and attachments (with the viewer).
import type { Ctx } from "../app";
import type { ReviewCase } from "../bindings/ReviewCase";
import type { ReviewItem } from "../bindings/ReviewItem";
import type { Status } from "../bindings/Status";
import { formatDate, formatDateTime, h } from "../dom";
import { sizeLabel } from "../filesize";
import { mapPanel } from "../mapbox";
import { CommandFailure } from "../ipc";
import { imageViewer, pdfViewer } from "../viewer";

export const STATUS_LABEL: Record<Status, string> = {
  diajukan: "Menunggu Verifikasi",
  verifikasi: "Sedang Diproses",
  perlu_perbaikan: "Perlu Perbaikan",
  disetujui: "Disetujui",
  selesai: "Selesai",
  ditolak: "Ditolak",
};

export function message(e: unknown): string {
  return e instanceof CommandFailure ? e.error.message : e instanceof Error ? e.message : String(e);
}

export function table(id: string, heads: string[], rows: HTMLElement[], empty: string): HTMLElement {
  return h(
    "table",
    { class: "table", id },
    h("thead", {}, h("tr", {}, ...heads.map((x) => h("th", {}, x)))),
    h("tbody", {}, ...(rows.length ? rows : [h("tr", {}, h("td", { colspan: String(heads.length), class: "muted" }, empty))])),
  );
}

export function kv(k: string, v: string, id?: string): HTMLElement {
  return h("div", { class: "kv" }, h("div", { class: "k" }, k), h("div", { class: "v", id }, v));
}

/** A region's name ("KOTA SAMARINDA" for "64.72"); its code when it is not known here. */
export async function regionName(ctx: Ctx, code: string): Promise<string> {
  const parent = code.includes(".") ? code.slice(0, code.lastIndexOf(".")) : null;
  const siblings = await ctx.api.regions(parent).catch(() => []);
  return siblings.find((r) => r.code === code)?.name ?? code;
}

/** The permit type's Data Detail as the applicant gave it, labelled from this computer's
 * catalogue (the keys alone when it has none yet). */
function detailRows(ctx: Ctx, c: ReviewCase): HTMLElement[] {
  const values = c.dossier.data.detail ?? {};
  const keys = Object.keys(values).filter((k) => (values[k] ?? "").trim());
  if (!keys.length) return [];
  const box = h("div", { id: "periksa-detail" }, ...keys.map((k) => kv(k, values[k] ?? "")));
  void ctx.api
    .catalogue()
    .then((cat) => {
      const t = cat.catalogue?.agencies.flatMap((a) => a.permit_types).find((p) => p.id === c.dossier.data.permit_type_id);
      if (!t) return;
      box.replaceChildren(...t.details.filter((f) => (values[f.key] ?? "").trim()).map((f) => kv(f.label, `${(values[f.key] ?? "").trim()}${f.kind === "number" && f.unit ? ` ${f.unit}` : ""}`)));
    })
    .catch(() => undefined);
  return [h("h3", {}, "Data Detail"), box];
}

/** The dossier's data, location and history, read-only. */
export function dossierDetails(ctx: Ctx, c: ReviewCase): HTMLElement[] {
  // Region codes shown at once, then their names from this computer's copy of the regions.
  const named = (label: string, codes: string[], id: string) => {
    const row = kv(label, codes.join(" / "), id);
    void Promise.all(codes.map((code) => regionName(ctx, code))).then((names) => {
      const v = row.querySelector(".v");
      if (v) v.textContent = names.join(" / ");
    });
    return row;
  };
  const d = c.dossier;
  const l = d.data.lokasi;
  const p = d.data.perusahaan;
  // The site on the map, drawn on this workstation from its offline tiles, with the checks.
  const map = mapPanel(ctx, l, { id: "periksa-peta" });
  void map.refresh();
  const wilayah = named("Wilayah", [l.kelurahan, l.kecamatan, l.kabupaten], "periksa-wilayah");
  // The company, when the application is made for one, with its regions named.
  const company = p.nama
    ? [
        h("h3", {}, "Data Perusahaan"),
        kv("Nama Perusahaan", p.nama, "periksa-perusahaan"),
        kv("NIB", p.nib || "-"),
        kv("NPWP", p.npwp || "-"),
        p.npwpd ? kv("NPWPD", p.npwpd) : null,
        kv("Bentuk / Status", [p.bentuk, p.status].filter(Boolean).join(" / ") || "-"),
        kv("Alamat", p.alamat),
        named("Wilayah Perusahaan", [p.kelurahan, p.kecamatan, p.kabupaten, p.provinsi || p.kabupaten.split(".")[0]].filter(Boolean), "periksa-perusahaan-wilayah"),
        p.telp ? kv("Telp", p.telp) : null,
        p.kode_pos ? kv("Kode Pos", p.kode_pos) : null,
      ]
    : [];
  return [
    h(
      "section",
      { class: "card" },
      h("h2", {}, `Berkas ${d.resi}`),
      kv("Resi", d.resi, "periksa-resi"),
      kv("Jenis Izin", d.jenis_izin),
      d.renews ? kv("Memperpanjang Izin", d.renews, "periksa-renews") : null,
      kv("Status", STATUS_LABEL[d.status], "periksa-status"),
      kv("Versi Berkas", String(d.version), "periksa-version"),
      kv("Tanggal Pengajuan", formatDateTime(d.submitted_at)),
      kv("Batas Layanan", formatDate(d.sla_due)),
      h("h3", {}, "Data Pemohon"),
      kv("Nama", d.pemohon_nama, "periksa-nama"),
      kv("NIK", d.pemohon_nik),
      kv("Telp", d.data.pemohon.telp || d.pemohon_hp),
      kv("E-mail", d.data.pemohon.email || d.pemohon_email),
      ...company,
      h("h3", {}, "Lokasi Izin"),
      kv("Alamat", [l.jalan, l.nomor && `No. ${l.nomor}`, l.rt && `RT ${l.rt}`, l.rw && `RW ${l.rw}`].filter(Boolean).join(" ")),
      wilayah,
      kv("Koordinat", `Lintang ${l.lintang}, Bujur ${l.bujur}`, "periksa-koordinat"),
      map.el,
      ...detailRows(ctx, c),
      kv("Keterangan", d.data.keterangan),
      h("h3", {}, "Riwayat"),
      h("ol", { class: "timeline" }, ...d.tracking.map((t) => h("li", {}, h("strong", {}, t.status_label), ` — ${formatDateTime(t.at)}: ${t.note}`))),
    ),
  ];
}

/** The attachments with a viewer; `checklist` adds the verdict per requirement. */
export function attachments(ctx: Ctx, c: ReviewCase, checklist: Map<number, ReviewItem> | null, onChange: () => void): HTMLElement {
  const viewer = h("div", { id: "viewer-panel", class: "viewer-panel" }, h("p", { class: "muted" }, "Pilih dokumen untuk dilihat."));
  const show = async (sha: string, kind: string) => {
    if (kind === "dwg") {
      await ctx.api.officeFileOpen(sha, kind).catch((e: unknown) => viewer.replaceChildren(h("div", { class: "alert alert-error" }, message(e))));
      viewer.replaceChildren(h("p", { class: "muted", id: "viewer-external" }, "Gambar DWG dibuka dengan aplikasi CAD di komputer ini."));
      return;
    }
    const bytes = await ctx.api.officeFile(sha);
    viewer.replaceChildren(kind === "pdf" ? pdfViewer(bytes) : imageViewer(bytes, kind === "png" ? "image/png" : kind === "gif" ? "image/gif" : "image/jpeg"));
    viewer.scrollIntoView({ block: "start" });
  };
  const rows = c.dossier.files.map((f) => {
    const id = f.requirement_id;
    const item = checklist?.get(id);
    const judge = (sesuai: boolean) => {
      const it = checklist?.get(id) ?? { requirement_id: id, sesuai, note: "" };
      it.sesuai = sesuai;
      checklist?.set(id, it);
      onChange();
    };
    const no = h("input", { type: "radio", name: `v-${id}`, class: "tidak-sesuai", "aria-label": `${f.requirement}: tidak sesuai`, checked: item ? !item.sesuai : false, onchange: () => judge(false) }) as HTMLInputElement;
    const verdict = checklist
      ? h(
          "td",
          { class: "verdict" },
          h("label", {}, h("input", { type: "radio", name: `v-${id}`, class: "sesuai", "aria-label": `${f.requirement}: sesuai`, checked: item ? item.sesuai : false, onchange: () => judge(true) }), " Sesuai"),
          h("label", {}, no, " Tidak sesuai"),
          h("input", {
            type: "text",
            class: "verdict-note",
            "aria-label": `Catatan untuk ${f.requirement}`,
            placeholder: "Catatan untuk pemohon",
            value: item?.note ?? "",
            oninput: (e: Event) => {
              // A note says what is wrong: a document not judged yet becomes Tidak sesuai.
              if (!checklist.has(id)) ((no.checked = true), judge(false));
              const it = checklist.get(id);
              if (it) it.note = (e.target as HTMLInputElement).value;
              onChange();
            },
          }),
        )
      : null;
    return h(
      "tr",
      { "data-requirement": String(f.requirement_id) },
      h("td", {}, f.requirement, f.mandatory ? h("span", { class: "required" }, " *") : null),
      h("td", {}, f.kind.toUpperCase(), h("div", { class: "muted" }, sizeLabel(Number(f.size)))),
      h("td", {}, h("button", { class: "btn btn-small btn-info view-file", onclick: () => void show(f.sha256, f.kind) }, f.kind === "dwg" ? "Buka" : "Lihat")),
      verdict,
    );
  });
  return h(
    "section",
    { class: "card" },
    h("h2", {}, "Dokumen Persyaratan"),
    table("periksa-files", checklist ? ["Persyaratan", "Berkas", "", "Hasil Pemeriksaan"] : ["Persyaratan", "Berkas", ""], rows, "Tidak ada dokumen."),
    viewer,
  );
}
