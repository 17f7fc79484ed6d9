// Katalog (admin): a permit type's details and its requirements. Saving a requirement
// publishes a new version (applications already made keep theirs); withdrawing one keeps
// it for those applications. Every desktop receives the new catalogue on its next check.
import type { Ctx, Notice } from "../app";
import type { ApplicationKind } from "../bindings/ApplicationKind";
import type { Catalogue } from "../bindings/Catalogue";
import type { FileKind } from "../bindings/FileKind";
import type { PermitType } from "../bindings/PermitType";
import type { ProfileView } from "../bindings/ProfileView";
import type { Requirement } from "../bindings/Requirement";
import type { RequirementEdit } from "../bindings/RequirementEdit";
import { h } from "../dom";
import { CommandFailure } from "../ipc";
import { KIND_LABELS } from "./persyaratan";
import { shell } from "./shell";
import { detailEditor } from "./detaileditor";

const FORMATS: FileKind[] = ["pdf", "jpg", "png", "gif", "dwg"];
const KINDS: ApplicationKind[] = ["baru", "perpanjangan", "perubahan"];

let selected = "";

function checks<T extends string>(cls: string, all: T[], on: T[], label: (v: T) => string): { el: HTMLElement; value: () => T[] } {
  const boxes = all.map((v) => ({ v, box: h("input", { type: "checkbox", class: cls, value: v, checked: on.includes(v) }) }));
  return { el: h("span", { class: "checks" }, ...boxes.map(({ v, box }) => h("label", { class: "check" }, box, ` ${label(v)} `))), value: () => boxes.filter((b) => b.box.checked).map((b) => b.v) };
}

/** The requirement form: prefilled from `r` (an edit) or empty (a new one). */
function requirementForm(r: Requirement | null, onSave: (e: RequirementEdit) => Promise<void>): HTMLElement {
  const name = h("input", { class: "req-name", value: r?.name ?? "", placeholder: "Nama persyaratan" });
  const desc = h("input", { class: "req-desc", value: r?.description ?? "", placeholder: "Keterangan" });
  const mandatory = h("input", { type: "checkbox", class: "req-mandatory", checked: r?.mandatory ?? true });
  const max = h("input", { type: "number", class: "req-max", min: "1", max: "50", value: String(r?.max_mb ?? 10) });
  const formats = checks("req-format", FORMATS, r?.formats ?? ["pdf"], (f) => f.toUpperCase());
  const kinds = checks("req-kind", KINDS, r?.kinds ?? KINDS, (k) => KIND_LABELS[k]);
  // Photos are sent downscaled to this longer side; 0 keeps the original (a drawing photographed).
  const photo = h("input", { type: "number", class: "req-photo", min: "0", max: "8000", step: "10", value: String(r?.photo_max_px ?? 2560), "aria-label": "Sisi terpanjang foto yang dikirim (piksel, 0 = foto asli)" });
  return h(
    "div",
    { class: "req-form" },
    name,
    desc,
    h("label", { class: "check" }, mandatory, " Wajib"),
    h("label", {}, "Maks MB ", max),
    h("label", { title: "Foto JPG yang lebih besar dikirim diperkecil ke ukuran ini; 0 = foto asli" }, "Foto maks px ", photo),
    formats.el,
    kinds.el,
    h(
      "button",
      { class: "btn btn-small btn-success req-save", onclick: () => void onSave({ name: name.value, description: desc.value, mandatory: mandatory.checked, formats: formats.value(), max_mb: Number(max.value), kinds: kinds.value(), photo_max_px: Number(photo.value) }) },
      "Simpan",
    ),
  );
}

export async function katalogScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const catalogue: Catalogue | null = await ctx.api.catalogue().then((c) => c.catalogue).catch(() => null);
  const types: { agency: string; t: PermitType }[] = (catalogue?.agencies ?? []).flatMap((a) => a.permit_types.map((t) => ({ agency: a.id, t })));
  if (!selected || !types.some((x) => x.t.id === selected)) selected = types[0]?.t.id ?? "";
  const current = types.find((x) => x.t.id === selected);
  const alert = h("div", { id: "katalog-alert", hidden: true });
  const fail = (e: unknown) => {
    alert.textContent = e instanceof CommandFailure ? e.error.message : String(e);
    alert.className = "alert alert-error";
    alert.hidden = false;
  };
  const picker = h("select", { id: "katalog-type", "aria-label": "Jenis izin yang diubah", onchange: (e: Event) => ((selected = (e.target as HTMLSelectElement).value), ctx.go("katalog")) }, ...types.map((x) => h("option", { value: x.t.id, selected: x.t.id === selected }, x.t.name)));
  if (!current) return shell(ctx, "katalog", view.profile, notice, h("section", { class: "card" }, h("h2", {}, "Katalog"), h("p", { class: "muted" }, "Katalog belum tersedia di komputer ini.")));
  const t = current.t;

  const tname = h("input", { id: "katalog-name", value: t.name });
  const tdesc = h("input", { id: "katalog-desc", value: t.description });
  const sla = h("input", { id: "katalog-sla", type: "number", min: "3", value: String(t.sla_days) });
  const validity = h("input", { id: "katalog-validity", type: "number", min: "0", value: String(t.validity_years ?? 0) });
  const tkinds = checks("type-kind", KINDS, t.kinds, (k) => KIND_LABELS[k]);
  const details = detailEditor(t.details);
  const saveType = h(
    "button",
    {
      id: "katalog-save-type",
      class: "btn btn-success",
      onclick: async () => {
        try {
          const v = Number(validity.value);
          const s = await ctx.api.adminPermitTypeSave(t.id, { agency_id: current.agency, name: tname.value, description: tdesc.value, sla_days: Number(sla.value), sla_ttd_days: null, validity_years: v > 0 ? v : null, kinds: tkinds.value(), details: details.value() });
          ctx.go("katalog", { message: `Jenis izin tersimpan (katalog versi ${s.catalogue_version}).`, kind: "success" });
        } catch (e) {
          fail(e);
        }
      },
    },
    "Simpan Jenis Izin",
  );
  const rows = t.requirements.map((r) => {
    const edit = h("div", { class: "req-edit", hidden: true }, requirementForm(r, async (e) => {
      try {
        const s = await ctx.api.adminRequirementSave(t.id, r.id, e);
        ctx.go("katalog", { message: `Versi baru persyaratan tersimpan (katalog versi ${s.catalogue_version}).`, kind: "success" });
      } catch (err) {
        fail(err);
      }
    }));
    return h(
      "tr",
      { "data-id": String(r.id) },
      h("td", { class: "req-name-cell" }, r.name, r.mandatory ? h("span", { class: "required" }, " *") : "", h("div", { class: "muted" }, r.description), edit),
      h("td", {}, r.formats.map((f) => f.toUpperCase()).join(", ")),
      h("td", {}, `${r.max_mb} MB`, h("div", { class: "muted small" }, r.photo_max_px ? `foto ≤ ${r.photo_max_px} px` : "foto asli")),
      h("td", {}, r.kinds.map((k) => KIND_LABELS[k]).join(", ")),
      h(
        "td",
        {},
        h("button", { class: "btn btn-small btn-info req-edit-open", onclick: () => (edit.hidden = !edit.hidden) }, "Ubah"),
        " ",
        h(
          "button",
          {
            class: "btn btn-small btn-danger req-retire",
            onclick: async () => {
              try {
                await ctx.api.adminRequirementRetire(r.id);
                ctx.go("katalog", { message: `Persyaratan "${r.name}" dicabut untuk permohonan baru.`, kind: "success" });
              } catch (e) {
                fail(e);
              }
            },
          },
          "Cabut",
        ),
      ),
    );
  });
  const add = h("div", { id: "katalog-add", hidden: true }, requirementForm(null, async (e) => {
    try {
      await ctx.api.adminRequirementSave(t.id, null, e);
      ctx.go("katalog", { message: "Persyaratan baru tersimpan.", kind: "success" });
    } catch (err) {
      fail(err);
    }
  }));
  // Dinas/Badan, and a new permit type.
  const agencies = catalogue?.agencies ?? [];
  const agencyPick = h("select", { id: "agency-pick", "aria-label": "Dinas/Badan yang diubah" }, h("option", { value: "" }, "Dinas/Badan baru…"), ...agencies.map((a) => h("option", { value: a.id, selected: a.id === current.agency }, a.name)));
  const agencyId = h("input", { id: "agency-id", placeholder: "kode, mis. dinkes" });
  const agencyName = h("input", { id: "agency-name", placeholder: "Nama Dinas/Badan" });
  const agencyShort = h("input", { id: "agency-short", placeholder: "Singkatan" });
  const fillAgency = () => {
    const a = agencies.find((x) => x.id === agencyPick.value);
    agencyId.value = a?.id ?? "";
    agencyId.disabled = Boolean(a);
    agencyName.value = a?.name ?? "";
    agencyShort.value = a?.short_name ?? "";
  };
  agencyPick.addEventListener("change", fillAgency);
  fillAgency();
  const saveAgency = h(
    "button",
    {
      id: "agency-save",
      class: "btn btn-success btn-small",
      onclick: async () => {
        try {
          await ctx.api.adminAgencySave(agencyId.value.trim(), { name: agencyName.value, short_name: agencyShort.value });
          ctx.go("katalog", { message: "Dinas/Badan tersimpan.", kind: "success" });
        } catch (e) {
          fail(e);
        }
      },
    },
    "Simpan Dinas/Badan",
  );
  const newId = h("input", { id: "type-new-id", placeholder: "kode, mis. izin-apotek" });
  const newName = h("input", { id: "type-new-name", placeholder: "Nama jenis izin" });
  const newAgency = h("select", { id: "type-new-agency", "aria-label": "Dinas/Badan jenis izin baru" }, ...agencies.map((a) => h("option", { value: a.id }, a.name)));
  const createType = h(
    "button",
    {
      id: "type-new-save",
      class: "btn btn-success btn-small",
      onclick: async () => {
        try {
          const id = newId.value.trim();
          await ctx.api.adminPermitTypeSave(id, { agency_id: newAgency.value, name: newName.value, description: "", sla_days: 14, sla_ttd_days: null, validity_years: null, kinds: KINDS, details: null });
          selected = id;
          ctx.go("katalog", { message: "Jenis izin baru tersimpan; tambahkan persyaratannya.", kind: "success" });
        } catch (e) {
          fail(e);
        }
      },
    },
    "Buat Jenis Izin",
  );
  return shell(
    ctx,
    "katalog",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Dinas/Badan dan Jenis Izin Baru"),
      h("div", { class: "filters" }, agencyPick, agencyId, agencyName, agencyShort, saveAgency),
      h("div", { class: "filters" }, newId, newName, newAgency, createType),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Katalog Perizinan"),
      h("p", { class: "muted" }, `Versi katalog ${catalogue?.version ?? "-"}. Mengubah persyaratan menerbitkan versi baru; permohonan yang sudah diajukan tetap memakai versi saat diajukan.`),
      alert,
      picker,
      h("h3", {}, "Jenis Izin"),
      h("div", { class: "grid" }, h("label", {}, "Nama ", tname), h("label", {}, "Keterangan ", tdesc), h("label", {}, "Waktu layanan (hari kerja) ", sla), h("label", {}, "Masa berlaku (tahun, 0 = tanpa batas) ", validity)),
      tkinds.el,
      details.el,
      h("div", { class: "actions" }, saveType),
      h("h3", {}, "Persyaratan"),
      h("table", { class: "table", id: "katalog-reqs" }, h("thead", {}, h("tr", {}, ...["Persyaratan", "Format", "Ukuran Maks", "Jenis Permohonan", "Aksi"].map((x) => h("th", {}, x)))), h("tbody", {}, ...rows)),
      h("button", { id: "katalog-add-open", class: "btn btn-info", onclick: () => (add.hidden = !add.hidden) }, "Tambah Persyaratan"),
      add,
    ),
  );
}
