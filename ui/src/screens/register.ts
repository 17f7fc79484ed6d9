// 2.3.2 Pendaftaran Akun (Gambar 11): identity, address with cascading regions, contact,
// the e-mail code from "Generate Code", Submit. The draft survives failures and restarts.
import type { Ctx, Notice } from "../app";
import type { JenisKelamin } from "../bindings/JenisKelamin";
import type { Pendidikan } from "../bindings/Pendidikan";
import type { RegionCodes } from "../bindings/RegionCodes";
import { h } from "../dom";
import { Form, showPasswordToggle, strengthMeter } from "../form";
import { CommandFailure } from "../ipc";
import { RegionSelects } from "../regions";
import { JENIS_KELAMIN, PENDIDIKAN } from "./options";
import { publicFrame } from "./public";

export async function registerScreen(ctx: Ctx, notice?: Notice): Promise<HTMLElement> {
  const form = new Form("register");
  const regions = new RegionSelects(form, ctx.api.regions);
  const generate = h("button", { id: "register-generate", type: "button", class: "btn btn-warning" }, "Generate Code");
  const submit = h("button", { id: "register-submit", type: "submit", class: "btn btn-primary" }, "✓ Submit");
  const passwordField = form.field({
    name: "password",
    label: "Password",
    type: "password",
    autocomplete: "new-password",
    hint: "Minimal 8 karakter, dengan Huruf Kapital, Huruf kecil dan Angka",
  });
  passwordField.querySelector(".control-row")?.append(strengthMeter(form.control("password") as HTMLInputElement));
  form.el.append(
    h("h2", {}, "Data Identitas"),
    h(
      "div",
      { class: "grid" },
      form.field({ name: "nik", label: "NIK", placeholder: "Masukan NIK dengan benar", inputmode: "numeric", maxlength: 16 }),
      form.field({ name: "npwp", label: "NPWP", placeholder: "Masukan NPWP dengan benar (boleh dikosongkan)" }),
      passwordField,
      h("div", { class: "field" }, showPasswordToggle(form, "show", "Tampilkan Sandi", ["password"])),
      form.field({ name: "nama", label: "Nama", placeholder: "Masukan Nama Beserta Gelar" }),
      form.field({ name: "jenis_kelamin", label: "Jenis Kelamin", type: "select", options: JENIS_KELAMIN }),
      form.field({ name: "tanggal_lahir", label: "Tanggal Lahir", type: "date" }),
      form.field({ name: "pendidikan", label: "Jenjang Pendidikan", type: "select", options: PENDIDIKAN }),
    ),
    h("h2", {}, "Alamat"),
    h(
      "div",
      { class: "grid" },
      form.field({ name: "alamat", label: "Alamat Pemohon", type: "textarea" }),
      ...regions.fields,
      form.field({ name: "kode_pos", label: "Kode Pos", inputmode: "numeric", maxlength: 5 }),
    ),
    h("h2", {}, "Kontak & Verifikasi Email"),
    h(
      "div",
      { class: "grid" },
      form.field({ name: "no_hp", label: "No. Handphone", type: "tel", placeholder: "08xxxxxxxxxx" }),
      form.field({ name: "email", label: "Email", type: "email" }, generate),
      form.field({ name: "email_code", label: "Kode dari Email", placeholder: "Kode Email", inputmode: "numeric", maxlength: 6 }),
    ),
    h("div", { class: "actions" }, submit),
  );

  const draft = await ctx.api.formsLoad("register").catch(() => null);
  if (draft) form.set(draft);
  await regions.init((draft ?? {}) as Partial<RegionCodes>);
  form.autosave((d) => ctx.api.formsSave("register", d));

  const fail = (e: unknown) => {
    if (e instanceof CommandFailure) {
      form.showError(e.error);
      if (e.error.code === "offline") ctx.setOnline(false);
    }
  };

  generate.addEventListener("click", () =>
    void form.busy(generate, async () => {
      form.clearErrors();
      try {
        const r = await ctx.api.emailCode({ email: form.value("email").trim() });
        form.showBanner(r.message, "success");
      } catch (e) {
        fail(e);
      }
    }),
  );

  submit.addEventListener("click", () =>
    void form.busy(submit, async () => {
      form.clearErrors();
      const v = form.values();
      try {
        await ctx.api.register({
          nik: v.nik.trim(),
          npwp: v.npwp,
          password: v.password,
          nama: v.nama,
          jenis_kelamin: (v.jenis_kelamin || null) as JenisKelamin | null,
          tanggal_lahir: v.tanggal_lahir,
          pendidikan: (v.pendidikan || null) as Pendidikan | null,
          alamat: v.alamat,
          wilayah: regions.codes(),
          no_hp: v.no_hp,
          kode_pos: v.kode_pos,
          email: v.email,
          email_code: v.email_code,
        });
        ctx.go("dashboard", { message: "Pendaftaran berhasil. Selamat datang di E-PTSP.", kind: "success" });
      } catch (e) {
        fail(e);
      }
    }),
  );

  return publicFrame(
    ctx,
    "Pendaftaran Akun",
    notice,
    form.el,
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Sudah punya akun? Login")),
  );
}
