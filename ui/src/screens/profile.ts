// Edit Profile: NIK and Nama locked (grey); a new e-mail needs the code sent to it.
import type { Ctx, Notice } from "../app";
import type { JenisKelamin } from "../bindings/JenisKelamin";
import type { Pendidikan } from "../bindings/Pendidikan";
import type { ProfileView } from "../bindings/ProfileView";
import { h } from "../dom";
import { Form } from "../form";
import { CommandFailure } from "../ipc";
import { RegionSelects } from "../regions";
import { JENIS_KELAMIN, PENDIDIKAN } from "./options";
import { shell } from "./shell";

export async function profileScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const p = view.profile;
  const form = new Form("profile");
  const regions = new RegionSelects(form, ctx.api.regions);
  const generate = h("button", { id: "profile-generate", type: "button", class: "btn btn-warning" }, "Generate Code");
  const save = h("button", { id: "profile-submit", type: "submit", class: "btn btn-success" }, "Simpan");
  const codeField = form.field({ name: "email_code", label: "Kode dari Email", placeholder: "Kode Email", maxlength: 6 });
  form.el.append(
    h(
      "div",
      { class: "grid" },
      form.field({ name: "nik", label: "NIK", readonly: true }),
      form.field({ name: "nama", label: "Nama", readonly: true }),
      form.field({ name: "npwp", label: "NPWP" }),
      form.field({ name: "jenis_kelamin", label: "Jenis Kelamin", type: "select", options: JENIS_KELAMIN }),
      form.field({ name: "tanggal_lahir", label: "Tanggal Lahir", type: "date" }),
      form.field({ name: "pendidikan", label: "Jenjang Pendidikan", type: "select", options: PENDIDIKAN }),
      form.field({ name: "pekerjaan", label: "Pekerjaan" }),
      form.field({ name: "jabatan", label: "Jabatan" }),
      form.field({ name: "alamat", label: "Alamat", type: "textarea" }),
      ...regions.fields,
      form.field({ name: "no_hp", label: "No Telp", type: "tel" }),
      form.field({ name: "kode_pos", label: "Kode Pos", maxlength: 5 }),
      form.field({ name: "email", label: "Email", type: "email" }, generate),
      codeField,
    ),
    h("div", { class: "actions" }, save),
  );
  const saved: Record<string, string> = {
    nik: p.nik,
    nama: p.nama,
    npwp: p.npwp ?? "",
    jenis_kelamin: p.jenis_kelamin,
    tanggal_lahir: p.tanggal_lahir,
    pendidikan: p.pendidikan,
    pekerjaan: p.pekerjaan ?? "",
    jabatan: p.jabatan ?? "",
    alamat: p.alamat,
    no_hp: p.no_hp,
    kode_pos: p.kode_pos,
    email: p.email,
  };
  const draft = await ctx.api.formsLoad("profile").catch(() => null);
  form.set({ ...saved, ...(draft ?? {}), nik: p.nik, nama: p.nama });
  await regions.init({ ...p.wilayah, ...((draft ?? {}) as Record<string, string>) });
  form.autosave((d) => ctx.api.formsSave("profile", d));

  const emailChanged = () => form.value("email").trim().toLowerCase() !== p.email;
  const syncCodeField = () => {
    codeField.hidden = !emailChanged();
    generate.hidden = !emailChanged();
  };
  form.control("email").addEventListener("input", syncCodeField);
  syncCodeField();

  const fail = (e: unknown) => {
    if (e instanceof CommandFailure) {
      form.showError(e.error);
      if (e.error.code === "offline") ctx.setOnline(false);
      if (e.error.code === "session_expired") ctx.go("login", { message: e.error.message, kind: "error" });
    }
  };
  generate.addEventListener("click", () =>
    void form.busy(generate, async () => {
      form.clearErrors();
      try {
        form.showBanner((await ctx.api.profileEmailCode({ email: form.value("email").trim() })).message, "success");
      } catch (e) {
        fail(e);
      }
    }),
  );
  save.addEventListener("click", () =>
    void form.busy(save, async () => {
      form.clearErrors();
      const v = form.values();
      try {
        await ctx.api.updateProfile({
          npwp: v.npwp,
          jenis_kelamin: (v.jenis_kelamin || null) as JenisKelamin | null,
          tanggal_lahir: v.tanggal_lahir,
          pendidikan: (v.pendidikan || null) as Pendidikan | null,
          pekerjaan: v.pekerjaan,
          jabatan: v.jabatan,
          alamat: v.alamat,
          wilayah: regions.codes(),
          no_hp: v.no_hp,
          kode_pos: v.kode_pos,
          email: v.email,
          email_code: v.email_code,
        });
        ctx.go("profile", { message: "Data berhasil disimpan", kind: "success" });
      } catch (e) {
        fail(e);
      }
    }),
  );
  return shell(ctx, "dashboard", p, notice, h("section", { class: "card" }, h("h2", {}, "Edit Profile — Data Pemohon"), form.el));
}
