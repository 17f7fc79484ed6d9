// Edit Password: the old password, the new one twice.
import type { Ctx, Notice } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import { h } from "../dom";
import { Form, showPasswordToggle } from "../form";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

export function passwordScreen(ctx: Ctx, view: ProfileView, notice?: Notice): HTMLElement {
  const form = new Form("password");
  const save = h("button", { id: "password-submit", type: "submit", class: "btn btn-primary" }, "Simpan");
  form.el.append(
    form.field({ name: "old_password", label: "Masukkan Password Lama", type: "password", autocomplete: "current-password" }),
    form.field({
      name: "new_password",
      label: "Masukkan Password Baru",
      type: "password",
      autocomplete: "new-password",
      hint: "Minimal 8 karakter, dengan Huruf Kapital, Huruf kecil dan Angka",
    }),
    form.field({ name: "new_password_confirm", label: "Ulangi Password Baru", type: "password", autocomplete: "new-password" }),
    showPasswordToggle(form, "show", "Tampilkan password", ["old_password", "new_password", "new_password_confirm"]),
    h("div", { class: "actions" }, save),
  );
  save.addEventListener("click", () =>
    void form.busy(save, async () => {
      form.clearErrors();
      try {
        const r = await ctx.api.changePassword({
          old_password: form.value("old_password"),
          new_password: form.value("new_password"),
          new_password_confirm: form.value("new_password_confirm"),
        });
        form.set({ old_password: "", new_password: "", new_password_confirm: "" });
        form.showBanner(r.message, "success");
      } catch (e) {
        if (e instanceof CommandFailure) {
          form.showError(e.error);
          if (e.error.code === "offline") ctx.setOnline(false);
          if (e.error.code === "session_expired") ctx.go("login", { message: e.error.message, kind: "error" });
        }
      }
    }),
  );
  return shell(ctx, "dashboard", view.profile, notice, h("section", { class: "card narrow" }, h("h2", {}, "Edit Password"), form.el));
}
