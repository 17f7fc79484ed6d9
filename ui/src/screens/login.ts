// 2.3.1 Login: NIK or e-mail, password with "Tampilkan password".
import type { Ctx, Notice } from "../app";
import { h } from "../dom";
import { Form, showPasswordToggle } from "../form";
import { CommandFailure } from "../ipc";
import { publicFrame } from "./public";
import { portalBox } from "../portal";

export async function loginScreen(ctx: Ctx, notice?: Notice): Promise<HTMLElement> {
  const form = new Form("login");
  const submit = h("button", { id: "login-submit", type: "submit", class: "btn btn-primary" }, "Login");
  // Off by default: on a shared computer the next person must not find this account open.
  const stay = h("input", { type: "checkbox", id: "login-stay" }) as HTMLInputElement;
  form.el.append(
    form.field({ name: "login", label: "NIK atau Email", placeholder: "NIK (16 digit) atau email terdaftar", autocomplete: "username" }),
    form.field({ name: "password", label: "Password", type: "password", autocomplete: "current-password" }),
    showPasswordToggle(form, "show", "Tampilkan password", ["password"]),
    h("label", { class: "check", title: "Aplikasi terbuka tanpa password setelah dinyalakan ulang. Jangan dipakai di komputer bersama." }, stay, " Tetap masuk di komputer ini"),
    h("div", { class: "actions" }, submit),
  );
  const draft = await ctx.api.formsLoad("login").catch(() => null);
  if (draft) form.set(draft);
  form.autosave((d) => ctx.api.formsSave("login", d));
  submit.addEventListener("click", () =>
    void form.busy(submit, async () => {
      form.clearErrors();
      form.cancelSave();
      try {
        await ctx.api.login({ login: form.value("login").trim(), password: form.value("password") }, stay.checked);
        await ctx.api.formsClear("login");
        ctx.go("dashboard");
      } catch (e) {
        if (e instanceof CommandFailure) {
          form.showError(e.error);
          if (e.error.code === "offline") ctx.setOnline(false);
        }
      }
    }),
  );
  return publicFrame(
    ctx,
    "Login E-PTSP",
    notice,
    form.el,
    h(
      "div",
      { class: "links" },
      h("a", { href: "#", id: "link-forgot", onclick: (e: Event) => (e.preventDefault(), ctx.go("forgot")) }, "Lupa password?"),
      h("a", { href: "#", id: "link-register", onclick: (e: Event) => (e.preventDefault(), ctx.go("register")) }, "Belum punya akun? Daftar"),
      h("a", { href: "#", id: "link-monitoring", onclick: (e: Event) => (e.preventDefault(), ctx.go("monitoring")) }, "Monitoring Izin"),
      h("a", { href: "#", id: "link-persyaratan", onclick: (e: Event) => (e.preventDefault(), ctx.go("persyaratan")) }, "Persyaratan Izin"),
      h("a", { href: "#", id: "link-survei", onclick: (e: Event) => (e.preventDefault(), ctx.go("survei")) }, "Survey Kepuasan"),
      h("a", { href: "#", id: "link-bantuan", onclick: (e: Event) => (e.preventDefault(), ctx.go("bantuan")) }, "Bantuan"),
      h("a", { href: "#", id: "link-settings", onclick: (e: Event) => (e.preventDefault(), ctx.go("settings")) }, "Pengaturan server"),
    ),
    portalBox(ctx.api, { links: true, card: false }),
  );
}
