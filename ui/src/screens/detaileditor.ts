// The admin's editor of a permit type's Data Detail: one row per field (code, name, kind,
// unit, choices, bounds, required, printed on the izin), saved with the permit type; the
// server checks the definitions (eptsp-core `details::check_fields`).
import type { DetailField } from "../bindings/DetailField";
import type { DetailKind } from "../bindings/DetailKind";
import { h } from "../dom";

const KIND_NAMES: Record<DetailKind, string> = { text: "Teks", number: "Angka", choice: "Pilihan" };

interface Row {
  el: HTMLElement;
  value: () => DetailField;
}

function row(f: DetailField, remove: (r: Row) => void): Row {
  const key = h("input", { class: "detail-key", value: f.key, placeholder: "kode, mis. debit_air", "aria-label": "Kode isian" });
  const label = h("input", { class: "detail-label", value: f.label, placeholder: "Nama isian", "aria-label": "Nama isian" });
  const kind = h("select", { class: "detail-kind", "aria-label": "Jenis isian" }, ...(Object.keys(KIND_NAMES) as DetailKind[]).map((k) => h("option", { value: k, selected: k === f.kind }, KIND_NAMES[k])));
  const unit = h("input", { class: "detail-unit", value: f.unit, placeholder: "satuan", "aria-label": "Satuan" });
  const options = h("input", { class: "detail-options", value: f.options.join(", "), placeholder: "pilihan, dipisah koma", "aria-label": "Pilihan" });
  const num = (v: number | null) => (v === null ? "" : String(v));
  const min = h("input", { class: "detail-min", type: "number", value: num(f.min), "aria-label": "Batas bawah" });
  const max = h("input", { class: "detail-max", type: "number", value: num(f.max), "aria-label": "Batas atas" });
  const required = h("input", { type: "checkbox", class: "detail-required", checked: f.required });
  const printed = h("input", { type: "checkbox", class: "detail-printed", checked: f.printed });
  const asNumber = (v: string) => (v.trim() === "" ? null : Math.trunc(Number(v)));
  const r: Row = {
    el: h(
      "div",
      { class: "detail-row filters" },
      key,
      label,
      kind,
      unit,
      options,
      min,
      max,
      h("label", { class: "check" }, required, " Wajib"),
      h("label", { class: "check" }, printed, " Dicetak di izin"),
      h("button", { type: "button", class: "btn btn-small btn-danger detail-remove", onclick: () => remove(r) }, "Hapus"),
    ),
    value: () => ({
      key: key.value.trim(),
      label: label.value.trim(),
      kind: kind.value as DetailKind,
      required: required.checked,
      unit: unit.value.trim(),
      options: options.value.split(",").map((o) => o.trim()).filter(Boolean),
      min: asNumber(min.value),
      max: asNumber(max.value),
      printed: printed.checked,
    }),
  };
  return r;
}

/** The editor, filled with `initial`; `value()` is what it holds now. */
export function detailEditor(initial: DetailField[]): { el: HTMLElement; value: () => DetailField[] } {
  const list = h("div", { id: "katalog-details" });
  let rows: Row[] = [];
  const remove = (r: Row) => {
    rows = rows.filter((x) => x !== r);
    r.el.remove();
  };
  const add = (f: DetailField) => {
    const r = row(f, remove);
    rows.push(r);
    list.append(r.el);
  };
  initial.forEach(add);
  const blank: DetailField = { key: "", label: "", kind: "text", required: false, unit: "", options: [], min: null, max: null, printed: false };
  return {
    el: h(
      "div",
      {},
      h("h3", {}, "Data Detail"),
      h("p", { class: "muted" }, "Isian yang ditanyakan di langkah 5 selain dokumen. Angka dapat diberi satuan dan batas; yang dicentang \"Dicetak di izin\" ikut ditandatangani."),
      list,
      h("button", { type: "button", id: "katalog-detail-add", class: "btn btn-small btn-info", onclick: () => add({ ...blank }) }, "Tambah isian"),
    ),
    value: () => rows.map((r) => r.value()),
  };
}
