// 2.3.3 Lupa Password: request a PIN with NIK/NPWP, phone and e-mail; then the PIN and
// the new password twice.
import type { Ctx, Notice } from "../app";
import { h } from "../dom";
import { Form, showPasswordToggle } from "../form";
import { CommandFailure } from "../ipc";
import { publicFrame } from "./public";

export async function forgotScreen(ctx: Ctx, notice?: Notice): Promise<HTMLElement> {
  const request = new Form("forgot");
  const requestBtn = h("button", { id: "forgot-request", type: "submit", class: "btn btn-primary" }, "REQUEST PIN");
  // "Lupa Password? - Masukan Pin": a PIN already in the mailbox (asked before the app was
  // closed, or on another computer) is entered without asking for a new one.
  const havePin = h("button", { id: "forgot-have-pin", type: "button", class: "btn btn-info" }, "Sudah menerima PIN? Masukkan PIN");
  request.el.append(
    request.field({ name: "identitas", label: "No. KTP / NPWP", placeholder: "NIK (16 digit) atau NPWP", inputmode: "numeric" }),
    request.field({ name: "no_hp", label: "Telp", type: "tel", placeholder: "Nomor telepon yang terdaftar" }),
    request.field({ name: "email", label: "E-mail", type: "email", placeholder: "Email yang terdaftar" }),
    h("div", { class: "actions" }, havePin, requestBtn),
  );
  const draft = await ctx.api.formsLoad("forgot").catch(() => null);
  if (draft) request.set(draft);
  request.autosave((d) => ctx.api.formsSave("forgot", d));

  const reset = new Form("reset");
  const resetBtn = h("button", { id: "reset-submit", type: "submit", class: "btn btn-primary" }, "Submit");
  reset.el.append(
    h("p", { class: "muted" }, "Cek email Anda dan masukkan PIN yang dikirim. JANGAN TUTUP HALAMAN INI saat menunggu email."),
    reset.field({ name: "email", label: "E-mail", type: "email", placeholder: "Email yang terdaftar" }),
    reset.field({ name: "pin", label: "Masukkan PIN Anda", inputmode: "numeric", maxlength: 6 }),
    reset.field({ name: "new_password", label: "Masukkan Password Baru", type: "password", autocomplete: "new-password", hint: "Minimal 8 karakter, dengan Huruf Kapital, Huruf kecil dan Angka" }),
    reset.field({ name: "new_password_confirm", label: "Ulangi Password Baru", type: "password", autocomplete: "new-password" }),
    showPasswordToggle(reset, "show", "Tampilkan Sandi", ["new_password", "new_password_confirm"]),
    h("div", { class: "actions" }, resetBtn),
  );
  reset.el.hidden = true;
  const showReset = () => {
    request.el.hidden = true;
    reset.el.hidden = false;
    reset.set({ email: request.value("email") });
  };
  havePin.addEventListener("click", showReset);

  const fail = (form: Form, e: unknown) => {
    if (e instanceof CommandFailure) {
      form.showError(e.error);
      if (e.error.code === "offline") ctx.setOnline(false);
    }
  };

  requestBtn.addEventListener("click", () =>
    void request.busy(requestBtn, async () => {
      request.clearErrors();
      await request.flushSave();
      try {
        const r = await ctx.api.forgotPassword({
          identitas: request.value("identitas"),
          no_hp: request.value("no_hp"),
          email: request.value("email"),
        });
        showReset();
        reset.showBanner(r.message, "info");
      } catch (e) {
        fail(request, e);
      }
    }),
  );

  resetBtn.addEventListener("click", () =>
    void reset.busy(resetBtn, async () => {
      reset.clearErrors();
      try {
        const r = await ctx.api.resetPassword({
          email: reset.value("email").trim(),
          pin: reset.value("pin").trim(),
          new_password: reset.value("new_password"),
          new_password_confirm: reset.value("new_password_confirm"),
        });
        ctx.go("login", { message: r.message, kind: "success" });
      } catch (e) {
        fail(reset, e);
      }
    }),
  );

  return publicFrame(
    ctx,
    "Lupa Password?",
    notice,
    request.el,
    reset.el,
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Kembali ke Login")),
  );
}
