// Step 3, Data Perusahaan (guide 3.2.1 c): the company of any province with its regions,
// or none for a person ("0"/"-", or "Lewati (Perseorangan)").
import type { Ctx } from "../app";
import type { DraftData } from "../bindings/DraftData";
import { h } from "../dom";
import type { Form } from "../form";
import { RegionSelects } from "../regions";

/** A text field bound to `get`/`set` on the draft (the wizard's, which saves as it goes). */
export type Bound = (name: string, label: string, get: () => string, set: (v: string) => void, opts?: Partial<Parameters<Form["field"]>[0]>) => HTMLElement;

/** The company's fields, restored from the draft; a change is saved with `saveSoon`. */
export async function companyStep(ctx: Ctx, form: Form, data: DraftData, bound: Bound, saveSoon: () => void): Promise<HTMLElement[]> {
  const c = data.perusahaan;
  // Any province: a company from Jakarta may apply for a site here. Older drafts kept no
  // province; their Kab/Kota tells it.
  const regions = new RegionSelects(form, ctx.api.regions, { prefix: "perusahaan-", root: null });
  const fields = [
    h(
      "p",
      { class: "muted", id: "perusahaan-hint" },
      "Isi jika permohonan atas nama perusahaan/badan usaha. Perseorangan: kosongkan, isi \"0\" atau \"-\", atau klik \"Lewati (Perseorangan)\".",
    ),
    h(
      "div",
      { class: "grid" },
      bound("perusahaan-nib", "NIB", () => c.nib, (v) => (c.nib = v), { maxlength: 13 }),
      bound("perusahaan-npwp", "NPWP", () => c.npwp, (v) => (c.npwp = v)),
      bound("perusahaan-npwpd", "NPWPD", () => c.npwpd, (v) => (c.npwpd = v)),
      bound("perusahaan-nama", "Nama Perusahaan", () => c.nama, (v) => (c.nama = v), { placeholder: "Sesuai akta" }),
      bound("perusahaan-alamat", "Alamat", () => c.alamat, (v) => (c.alamat = v), { type: "textarea" }),
      ...regions.fields,
      bound("perusahaan-bentuk", "Bentuk Perusahaan", () => c.bentuk, (v) => (c.bentuk = v), {
        type: "select",
        options: ["PT", "CV", "Koperasi", "Firma", "Yayasan", "BUMD", "Lainnya"].map((x) => ({ value: x, label: x })),
      }),
      bound("perusahaan-status", "Status Perusahaan", () => c.status, (v) => (c.status = v), {
        type: "select",
        options: ["Pusat", "Cabang"].map((x) => ({ value: x, label: x })),
      }),
      bound("perusahaan-telp", "Telp", () => c.telp, (v) => (c.telp = v), { type: "tel" }),
      bound("perusahaan-kode_pos", "Kode Pos", () => c.kode_pos, (v) => (c.kode_pos = v), { maxlength: 5 }),
    ),
  ];
  await regions.init({ provinsi: c.provinsi || c.kabupaten.split(".")[0], kabupaten: c.kabupaten, kecamatan: c.kecamatan, kelurahan: c.kelurahan });
  form.el.addEventListener("change", () => {
    const r = regions.codes();
    [c.provinsi, c.kabupaten, c.kecamatan, c.kelurahan] = [r.provinsi, r.kabupaten, r.kecamatan, r.kelurahan];
    saveSoon();
  });
  return fields;
}

/** "Lewati (Perseorangan)": empties the company (asked first when something was typed) and
 * goes on with `next`. */
export function skipButton(data: DraftData, next: () => Promise<void>): HTMLButtonElement {
  return h(
    "button",
    {
      id: "wizard-skip",
      class: "btn btn-info",
      type: "button",
      onclick: async (e: Event) => {
        const b = e.currentTarget as HTMLButtonElement;
        const typed = Object.values(data.perusahaan).some((v) => !["", "0", "-"].includes(v.trim()));
        if (typed && b.dataset.confirm !== "1") {
          b.dataset.confirm = "1";
          b.textContent = "Kosongkan data perusahaan dan lewati";
          return;
        }
        data.perusahaan = { nib: "", npwp: "", npwpd: "", nama: "", alamat: "", provinsi: "", kabupaten: "", kecamatan: "", kelurahan: "", bentuk: "", status: "", telp: "", kode_pos: "" };
        await next();
      },
    },
    "Lewati (Perseorangan)",
  );
}
