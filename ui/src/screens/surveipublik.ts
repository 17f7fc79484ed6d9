// The portal's "Survey Kepuasan" without login: a finished application found by its resi
// and its applicant's NIK, then the same questionnaire as the signed-in survey.
import type { Ctx, Notice } from "../app";
import { h } from "../dom";
import { CommandFailure } from "../ipc";
import { publicFrame } from "./public";
import { renderSurvey } from "./survey";

export function surveiPublikScreen(ctx: Ctx, notice?: Notice): HTMLElement {
  const resi = h("input", { id: "survei-resi", placeholder: "Nomor resi, contoh 7K3M-Q9X2-H43", "aria-label": "Nomor resi", autocomplete: "off" });
  const nik = h("input", { id: "survei-nik", placeholder: "NIK pemohon (16 digit)", "aria-label": "NIK pemohon", inputmode: "numeric", maxlength: 16, autocomplete: "off" });
  const alert = h("div", { id: "survei-alert", role: "alert", hidden: true });
  const formBox = h("div", { id: "survey-form" });
  const say = (text: string, kind: "error" | "success" | "info") => {
    alert.textContent = text;
    alert.className = `alert alert-${kind}`;
    alert.hidden = false;
  };
  const find = async () => {
    alert.hidden = true;
    const key = { resi: resi.value, nik: nik.value };
    try {
      const v = await ctx.api.surveyPublicForm(key);
      renderSurvey(formBox, v, (survey) => ctx.api.surveyPublicSubmit({ key, survey }), say);
    } catch (e) {
      formBox.replaceChildren();
      if (e instanceof CommandFailure) {
        say(e.error.fields?.length ? e.error.fields.map((f) => f.message).join(" · ") : e.error.message, "error");
        if (e.error.code === "offline") ctx.setOnline(false);
      } else say(String(e), "error");
    }
  };
  for (const input of [resi, nik]) input.addEventListener("keydown", (e) => e.key === "Enter" && void find());
  return publicFrame(
    ctx,
    "Survey Kepuasan Masyarakat",
    notice,
    h("p", { class: "muted" }, "Untuk permohonan yang sudah selesai, satu kali per permohonan. Masukkan nomor resi dan NIK pemohon."),
    h("div", { class: "filters" }, resi, nik, h("button", { id: "survei-cari", class: "btn btn-primary", onclick: () => void find() }, "Cari")),
    alert,
    formBox,
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Kembali ke Login")),
  );
}
