// 3.2.1 Pengajuan Permohonan: the drafts, and the five-step wizard (Jenis Izin, Data
// Pemohon, Data Perusahaan, Lokasi Izin, Data Detail + dokumen). Every change is saved to
// the local store at once; "Lanjut" checks the step with eptsp-core's rules; a restarted
// app opens on the same draft and step. Works offline.
import type { Ctx, Notice } from "../app";
import type { ApplicationKind } from "../bindings/ApplicationKind";
import type { DraftData } from "../bindings/DraftData";
import type { DraftView } from "../bindings/DraftView";
import type { FieldError } from "../bindings/FieldError";
import type { ProfileView } from "../bindings/ProfileView";
import { confirmButton, h } from "../dom";
import { Form, type Option } from "../form";
import { CommandFailure } from "../ipc";
import { RegionSelects } from "../regions";
import { PERNYATAAN } from "../texts";
import { slotUpload } from "./slots";
import { allFiles } from "./files";
import { companyStep, skipButton, type Bound } from "./company";
import { mapPanel } from "../mapbox";
import { permohonanTabs } from "./permohonan";
import { KIND_LABELS, requirementRows } from "./persyaratan";
import { shell } from "./shell";
import { STEP_TITLES, draftsScreen, permitName } from "./drafts";


/** Form field names are the data paths with "-" for "." (ids stay valid CSS selectors). */
export function toFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, field: e.field.replace(/\./g, "-") }));
}


export async function wizardScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const draft: DraftView | null = await ctx.api.draftsCurrent();
  if (!draft) return draftsScreen(ctx, view, notice);
  const catalogue = await ctx.api
    .catalogue()
    .then((c) => c.catalogue)
    .catch(() => null);
  const data: DraftData = draft.data;
  const revision = draft.revision_of;
  // A revision keeps its permit type: it starts at step 2.
  const step = revision && draft.step < 2 ? 2 : draft.step;
  const review = revision ? await ctx.api.applicationDetail(revision).then((v) => v?.review ?? null).catch(() => null) : null;
  const notes = new Map<number, string>((review?.checklist ?? []).filter((i) => !i.sesuai).map((i) => [i.requirement_id, i.note]));
  const form = new Form("wizard");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = (toStep = step) => ctx.api.draftsSave(draft.id, toStep, data);
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void save().catch((e) => form.showBanner(String(e instanceof Error ? e.message : e), "error")), 200);
  };

  /** A text field bound to `get`/`set` on the draft. */
  const bound: Bound = (name, label, get, set, opts = {}) => {
    const el = form.field({ name, label, ...opts });
    const c = form.control(name);
    c.value = get();
    c.addEventListener("input", () => (set(c.value), saveSoon()));
    c.addEventListener("change", () => (set(c.value), saveSoon()));
    return el;
  };

  const body: HTMLElement[] = [];
  if (step === 1) {
    const agencies: Option[] = (catalogue?.agencies ?? []).map((a) => ({ value: a.id, label: a.name }));
    const agencyField = form.field({ name: "agency_id", label: "Dinas/Badan", type: "select", options: agencies });
    const typeField = form.field({ name: "permit_type_id", label: "Jenis Izin", type: "select" });
    const kindField = form.field({ name: "kind", label: "Jenis Permohonan", type: "select" });
    const agency = form.control("agency_id") as HTMLSelectElement;
    const type = form.control("permit_type_id") as HTMLSelectElement;
    const kind = form.control("kind") as HTMLSelectElement;
    const reqs = h("tbody", { id: "wizard-reqs" });
    const fillTypes = () => {
      const a = catalogue?.agencies.find((x) => x.id === agency.value);
      type.replaceChildren(h("option", { value: "" }, "-Pilih-"), ...(a?.permit_types ?? []).map((t) => h("option", { value: t.id }, t.name)));
    };
    const currentType = () => catalogue?.agencies.find((x) => x.id === agency.value)?.permit_types.find((t) => t.id === type.value);
    const fillKinds = () => {
      const t = currentType();
      kind.replaceChildren(h("option", { value: "" }, "-Pilih-"), ...(t?.kinds ?? []).map((k) => h("option", { value: k }, KIND_LABELS[k])));
    };
    const showReqs = () => {
      reqs.replaceChildren();
      const t = currentType();
      if (t && kind.value) for (const cells of requirementRows(t, kind.value as ApplicationKind)) reqs.append(h("tr", {}, ...cells.map((x) => h("td", {}, x))));
    };
    agency.value = data.agency_id;
    fillTypes();
    type.value = data.permit_type_id;
    fillKinds();
    kind.value = data.kind ?? "";
    showReqs();
    agency.addEventListener("change", () => {
      data.agency_id = agency.value;
      data.permit_type_id = "";
      data.kind = null;
      // A renewal names a permit of the type it was started from.
      delete data.renews;
      fillTypes();
      fillKinds();
      showReqs();
      saveSoon();
    });
    type.addEventListener("change", () => {
      data.permit_type_id = type.value;
      data.kind = null;
      delete data.renews;
      fillKinds();
      showReqs();
      saveSoon();
    });
    kind.addEventListener("change", () => {
      data.kind = (kind.value || null) as ApplicationKind | null;
      showReqs();
      saveSoon();
    });
    body.push(
      catalogue ? h("span", {}) : h("div", { class: "alert alert-error" }, "Katalog izin belum pernah diunduh. Hubungkan ke internet sekali untuk mengunduhnya."),
      h("div", { class: "grid" }, agencyField, typeField, kindField),
      h("h3", {}, "Persyaratan yang harus disiapkan"),
      h("table", { class: "table" }, h("thead", {}, h("tr", {}, ...["No", "Nama Persyaratan", "Status", "Format", "Ukuran Maks", "Keterangan"].map((x) => h("th", {}, x)))), reqs),
    );
  } else if (step === 2) {
    const p = view.profile;
    const ro = (name: string, label: string, value: string) => {
      const el = form.field({ name, label, readonly: true });
      form.control(name).value = value;
      return el;
    };
    body.push(
      h(
        "div",
        { class: "grid" },
        ro("nik", "NIK", p.nik),
        ro("nama", "Nama", p.nama),
        ro("alamat", "Alamat", `${p.alamat}, ${p.wilayah_nama.kelurahan}, ${p.wilayah_nama.kabupaten}`),
        bound("pemohon-telp", "Telp", () => data.pemohon.telp, (v) => (data.pemohon.telp = v), { type: "tel" }),
        bound("pemohon-kode_pos", "Kode Pos", () => data.pemohon.kode_pos, (v) => (data.pemohon.kode_pos = v), { maxlength: 5 }),
        bound("pemohon-email", "E-mail", () => data.pemohon.email, (v) => (data.pemohon.email = v), { type: "email" }),
      ),
    );
  } else if (step === 3) {
    body.push(...(await companyStep(ctx, form, data, bound, saveSoon)));
  } else if (step === 4) {
    const l = data.lokasi;
    const regions = new RegionSelects(form, ctx.api.regions, { prefix: "lokasi-", root: "64" });
    body.push(
      h(
        "div",
        { class: "grid" },
        bound("lokasi-jalan", "Jalan", () => l.jalan, (v) => (l.jalan = v)),
        bound("lokasi-nomor", "No", () => l.nomor, (v) => (l.nomor = v)),
        bound("lokasi-rt", "RT", () => l.rt, (v) => (l.rt = v), { maxlength: 3 }),
        bound("lokasi-rw", "RW", () => l.rw, (v) => (l.rw = v), { maxlength: 3 }),
        ...regions.fields,
        bound("lokasi-lintang", "Koordinat Lintang", () => l.lintang, (v) => (l.lintang = v), { placeholder: "contoh: -0.502106", inputmode: "decimal" }),
        bound("lokasi-bujur", "Koordinat Bujur", () => l.bujur, (v) => (l.bujur = v), { placeholder: "contoh: 117.153709", inputmode: "decimal" }),
      ),
      h("p", { class: "muted" }, "Pilih titik di peta (berfungsi tanpa internet) atau isi koordinat dalam derajat desimal. Untuk izin kawasan hutan, koordinat sangat kritis: gambar batas areanya dengan \"Gambar Area (Poligon)\"."),
    );
    const map = mapPanel(ctx, l, {
      onPicked: () => {
        form.control("lokasi-lintang").value = l.lintang;
        form.control("lokasi-bujur").value = l.bujur;
        saveSoon();
      },
      // A site that passes the checks clears what "Lanjut" said about the old one.
      onChecked: (ok) => {
        if (!ok) return;
        form.clearFieldError("lokasi-lintang");
        form.clearFieldError("lokasi-bujur");
        form.clearBanner();
      },
    });
    body.push(map.el);
    await regions.init({ kabupaten: l.kabupaten, kecamatan: l.kecamatan, kelurahan: l.kelurahan });
    let mapTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshSoon = () => {
      clearTimeout(mapTimer);
      mapTimer = setTimeout(() => void map.refresh(), 400);
    };
    form.el.addEventListener("change", () => {
      const r = regions.codes();
      [l.kabupaten, l.kecamatan, l.kelurahan] = [r.kabupaten, r.kecamatan, r.kelurahan];
      saveSoon();
      refreshSoon();
    });
    form.el.addEventListener("input", (e) => {
      const name = (e.target as HTMLInputElement).name;
      if (name === "lokasi-lintang" || name === "lokasi-bujur") refreshSoon();
    });
    void map.refresh();
  } else {
    const files = await allFiles(ctx);
    const type = catalogue?.agencies.flatMap((a) => a.permit_types).find((t) => t.id === data.permit_type_id);
    const slots = (type?.requirements ?? [])
      .filter((r) => data.kind && r.kinds.includes(data.kind))
      .map((r) => {
        const name = `req-${r.id}`;
        const options = files.filter((f) => r.formats.includes(f.kind)).map((f) => ({ value: f.id, label: `${f.name} (${f.kind.toUpperCase()})` }));
        const el = form.field({
          name,
          label: `${r.name}${r.mandatory ? " *" : ""}`,
          type: "select",
          options,
          hint: `${r.formats.map((f) => f.toUpperCase()).join(", ")}, maks ${r.max_mb} MB. ${r.description}`,
        });
        const sel = form.control(name) as HTMLSelectElement;
        sel.value = data.attachments.find((a) => a.requirement_id === r.id)?.file_id ?? "";
        el.append(slotUpload(ctx, form, r, sel, (fileId) => {
          data.attachments = data.attachments.filter((a) => a.requirement_id !== r.id);
          data.attachments.push({ requirement_id: r.id, file_id: fileId });
          saveSoon();
        }));
        const note = notes.get(r.id);
        if (note) {
          el.classList.add("needs-fix");
          el.append(h("div", { class: "fix-note" }, `Catatan verifikator: ${note}`));
        }
        sel.addEventListener("change", () => {
          data.attachments = data.attachments.filter((a) => a.requirement_id !== r.id);
          if (sel.value) data.attachments.push({ requirement_id: r.id, file_id: sel.value });
          saveSoon();
        });
        return el;
      });
    const agree = h("input", { type: "checkbox", id: "wizard-pernyataan" });
    agree.checked = data.pernyataan;
    agree.addEventListener("change", () => ((data.pernyataan = agree.checked), saveSoon()));
    const agreeErr = h("div", { id: "wizard-pernyataan-error", class: "field-error", hidden: true });
    // The permit type's own Data Detail (catalogue), each field by its kind.
    data.detail ??= {};
    const detail = data.detail;
    const details = (type?.details ?? []).map((f) => {
      const name = `detail-${f.key}`;
      const label = `${f.label}${f.unit ? ` (${f.unit})` : ""}${f.required ? " *" : ""}`;
      const range = f.kind === "number" && (f.min !== null || f.max !== null) ? `Angka ${f.min ?? ""}–${f.max ?? ""}${f.unit ? ` ${f.unit}` : ""}` : undefined;
      return f.kind === "choice"
        ? bound(name, label, () => detail[f.key] ?? "", (v) => (detail[f.key] = v), { type: "select", options: f.options.map((o) => ({ value: o, label: o })) })
        : bound(name, label, () => detail[f.key] ?? "", (v) => (detail[f.key] = v), {
            inputmode: f.kind === "number" ? "decimal" : undefined,
            maxlength: f.kind === "text" ? 300 : 20,
            hint: range,
          });
    });
    body.push(
      ...(details.length ? [h("h3", {}, "Data Detail"), h("div", { class: "grid", id: "wizard-details" }, ...details)] : []),
      bound("keterangan", "Keterangan Permohonan", () => data.keterangan, (v) => (data.keterangan = v), { type: "textarea" }),
      h("h3", {}, "Dokumen Persyaratan"),
      h("p", { class: "muted" }, "Pilih dokumen dari File Saya, atau pilih file dari komputer lalu klik Upload pada persyaratannya. Bertanda * wajib. ", h("a", { href: "#", id: "wizard-to-files", onclick: (e: Event) => (e.preventDefault(), ctx.go("files")) }, "Buka File Saya"), " — draf ini tetap tersimpan."),
      ...slots,
      h("label", { class: "check" }, agree, ` ${PERNYATAAN}`),
      agreeErr,
    );
  }

  const first = revision ? 2 : 1;
  const nextLabel = step === 5 ? (revision ? "Submit Revisi" : "Kirim") : step === 1 ? "Proses" : "Lanjut ▶";
  const next = h("button", { id: "wizard-next", class: "btn btn-primary", type: "submit" }, nextLabel);
  // Step 1's "Batal" gives the new application up (asked twice: the draft is deleted);
  // later steps go back one.
  const back =
    step === 1
      ? confirmButton("", "Batal", "Ya, batalkan dan hapus draf ini", async () => {
          clearTimeout(timer);
          await ctx.api.draftsDelete(draft.id);
          ctx.go("pengajuan", { message: "Pengajuan dibatalkan; drafnya dihapus.", kind: "info" });
        })
      : h("button", { class: "btn btn-info", type: "button", disabled: step === first }, "◀◀ Kembali");
  back.id = "wizard-back";
  back.type = "button";
  if (step !== 1)
    back.addEventListener("click", async () => {
      clearTimeout(timer);
      await save(step - 1);
      ctx.go("wizard");
    });
  // A person without a company skips step 3 in one click; what was typed there is emptied.
  const skip =
    step === 3
      ? skipButton(data, async () => {
          clearTimeout(timer);
          await save(4);
          ctx.go("wizard");
        })
      : null;
  next.addEventListener("click", () =>
    void form.busy(next, async () => {
      clearTimeout(timer);
      form.clearErrors();
      try {
        clearTimeout(timer);
        await save();
        const errors = toFieldErrors(await ctx.api.draftsCheck(draft.id, step));
        if (errors.length) {
          form.showError({ code: "validation", message: errors[0].message, field: errors[0].field, fields: errors, retry_after_secs: null });
          const agreeErr = document.getElementById("wizard-pernyataan-error");
          const e = errors.find((x) => x.field === "pernyataan");
          if (agreeErr && e) ((agreeErr.textContent = e.message), (agreeErr.hidden = false));
          return;
        }
        if (step < 5) {
          await save(step + 1);
          ctx.go("wizard");
          return;
        }
        // Every step must pass before sending.
        for (let s = first; s <= 4; s++) {
          if ((await ctx.api.draftsCheck(draft.id, s)).length) {
            await save(s);
            ctx.go("wizard", { message: `Lengkapi langkah ${s} (${STEP_TITLES[s - 1]}) terlebih dahulu.`, kind: "error" });
            return;
          }
        }
        const problems = await ctx.api.draftsSubmit(draft.id);
        if (problems.length) {
          form.showBanner(problems[0].message, "error");
          return;
        }
        const report = await ctx.api.syncNow().catch(() => null);
        if (revision && report && report.revised.length) {
          ctx.go("saya", { message: `Revisi terkirim untuk resi ${report.revised[report.revised.length - 1]}.`, kind: "success" });
        } else if (report && report.received.length) {
          ctx.go("saya", { message: `Permohonan terkirim. Nomor resi: ${report.received[report.received.length - 1]}`, kind: "success" });
        } else if (report && report.refused.length) {
          ctx.go("saya", { message: report.refused[0], kind: "error" });
        } else {
          ctx.go("saya", { message: "Permohonan masuk antrian dan akan dikirim otomatis saat terhubung ke server.", kind: "info" });
        }
      } catch (e) {
        if (e instanceof CommandFailure) form.showError(e.error);
      }
    }),
  );
  if (draft.refusal)
    body.unshift(
      h(
        "div",
        { class: "alert alert-error", id: "wizard-refusal", role: "alert" },
        h("strong", {}, draft.refusal),
        h("div", {}, "Perbaiki yang disebutkan, lalu kirim ulang dari langkah 5."),
      ),
    );
  form.el.append(...body, h("div", { class: "actions" }, back, skip, next));

  const stepper = h(
    "ol",
    { class: "stepper", id: "wizard-steps" },
    ...STEP_TITLES.map((t, i) => h("li", { class: i + 1 === step ? "active" : i + 1 < step ? "done" : "" }, `${i + 1}. ${t}`)),
  );
  const title = permitName(catalogue, data.permit_type_id);
  const reviewBox = review
    ? h(
        "div",
        { class: "alert alert-info", id: "wizard-review" },
        h("strong", {}, "Catatan verifikator: "),
        review.note,
        h("div", { class: "muted" }, "Perbaiki yang disebutkan; bagian lain boleh tetap."),
      )
    : null;
  return shell(
    ctx,
    "permohonan",
    view.profile,
    notice,
    permohonanTabs(ctx, "pengajuan"),
    h(
      "section",
      { class: "card", id: "wizard", "data-step": String(step) },
      h("div", { class: "list-head" }, h("h2", {}, `${revision ? "Revisi Permohonan" : "Pengajuan Permohonan"} — ${title}`), h("button", { id: "wizard-close", class: "btn btn-info btn-small", onclick: async () => (await ctx.api.draftsLeave(), ctx.go("pengajuan")) }, "Simpan & Tutup")),
      reviewBox,
      stepper,
      h("h3", { id: "wizard-step-title" }, `Langkah ${step}: ${STEP_TITLES[step - 1]}`),
      form.el,
    ),
  );
}
