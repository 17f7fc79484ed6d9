// Survey IKM (guide 3.1): find a finished application by its resi, the respondent block
// prefilled from the profile, the satisfaction questionnaire and the corruption-perception
// questionnaire (four answers each), Masukan dan Saran, Komentar, the declaration.
import type { Ctx, Notice } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import type { Question } from "../bindings/Question";
import type { SurveyRequest } from "../bindings/SurveyRequest";
import type { SurveyView } from "../bindings/SurveyView";
import { formatDate, h } from "../dom";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

function message(e: unknown): string {
  return e instanceof CommandFailure ? e.error.message : e instanceof Error ? e.message : String(e);
}

/** Every question answered? Returns the first one that is not. */
export function firstUnanswered(questions: Question[], answers: Map<string, number>): Question | null {
  return questions.find((q) => !answers.has(q.code)) ?? null;
}

/** Draws the survey of `v` into `formBox`; `send` delivers the answers, `say` tells the outcome. */
export function renderSurvey(formBox: HTMLElement, v: SurveyView, send: (req: SurveyRequest) => Promise<string>, say: (text: string, kind: "error" | "success" | "info") => void): void {
  if (v.form.done) {
    formBox.replaceChildren();
    say("Survey untuk permohonan ini sudah diisi. Terima kasih.", "info");
    return;
  }
  const answers = new Map<string, number>();
  const group = (q: Question, n: number) =>
    h(
      "fieldset",
      { class: "survey-q", "data-code": q.code },
      h("legend", {}, `${n}. ${q.text}`),
      ...q.answers.map((label, i) =>
        h("label", { class: "survey-a" }, h("input", { type: "radio", name: `q-${q.code}`, value: String(i + 1), onchange: () => answers.set(q.code, i + 1) }), ` ${label}`),
      ),
    );
  const masukan = h("textarea", { id: "survey-masukan", rows: 3 });
  const komentar = h("textarea", { id: "survey-komentar", rows: 3 });
  const agree = h("input", { id: "survey-pernyataan", type: "checkbox" });
  const submit = h(
    "button",
    {
      id: "survey-submit",
      class: "btn btn-success",
      onclick: async () => {
        const missing = firstUnanswered([...v.ikm, ...v.ipk], answers);
        if (missing) {
          say(`Jawab pertanyaan: ${missing.text}`, "error");
          formBox.querySelector(`[data-code="${missing.code}"]`)?.scrollIntoView({ block: "center" });
          return;
        }
        try {
          const msg = await send({
            answers: [...answers].map(([code, score]) => ({ code, score })),
            masukan: masukan.value,
            komentar: komentar.value,
            pernyataan: agree.checked,
          });
          formBox.replaceChildren();
          say(msg, "success");
        } catch (e) {
          say(message(e), "error");
        }
      },
    },
    "Submit",
  );
  const r = v.form.respondent;
  const kv = (k: string, id: string, val: string) => h("div", { class: "kv" }, h("div", { class: "k" }, k), h("div", { class: "v", id }, val));
  formBox.replaceChildren(
    h(
      "section",
      { class: "card" },
      h("h2", {}, `Survey Kepuasan Masyarakat — ${v.form.resi}`),
      h("p", { class: "muted" }, v.form.jenis_izin),
      h("h3", {}, "Data Pemohon"),
      kv("Nama", "survey-nama", r.nama),
      kv("Jenis Kelamin", "survey-jk", r.jenis_kelamin),
      // Left out of the survey without login (whoever holds the resi and NIK).
      r.tanggal_lahir ? kv("Tanggal Lahir", "survey-lahir", formatDate(r.tanggal_lahir)) : null,
      kv("Umur", "survey-umur", `${r.umur} Tahun`),
      kv("Pendidikan", "survey-pendidikan", r.pendidikan),
      h("h3", {}, "Survey Kepuasan Masyarakat"),
      ...v.ikm.map((q, i) => group(q, i + 1)),
      h("h3", {}, "Kuesioner Survei Persepsi Korupsi"),
      ...v.ipk.map((q, i) => group(q, i + 1)),
      h("label", { for: "survey-masukan" }, "Masukan dan Saran"),
      masukan,
      h("label", { for: "survey-komentar" }, "Komentar"),
      komentar,
      h("label", { class: "check" }, agree, " Dengan ini saya menyatakan bahwa data yang saya masukkan adalah benar."),
      h("div", { class: "actions" }, submit),
    ),
  );
}

let presetResi = "";
/** Opens the survey screen on `resi` (from Permohonan Saya). */
export function surveyFor(resi: string): void {
  presetResi = resi;
}

export async function surveyScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const resi = h("input", { id: "survey-resi", placeholder: "Nomor resi, contoh 7K3M-Q9X2-H43", value: presetResi });
  presetResi = "";
  const alert = h("div", { id: "survey-alert", hidden: true });
  const formBox = h("div", { id: "survey-form" });
  const say = (text: string, kind: "error" | "success" | "info") => {
    alert.textContent = text;
    alert.className = `alert alert-${kind}`;
    alert.hidden = false;
  };
  const show = (v: SurveyView) => renderSurvey(formBox, v, (req) => ctx.api.surveySubmit(v.form.application_id, req), say);
  const find = async () => {
    alert.hidden = true;
    try {
      show(await ctx.api.surveyForm(resi.value));
    } catch (e) {
      formBox.replaceChildren();
      say(message(e), "error");
    }
  };
  if (resi.value) void find();
  return shell(
    ctx,
    "dashboard",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Survey IKM"),
      h("p", { class: "muted" }, "Survey dapat diisi untuk permohonan yang sudah selesai, satu kali per permohonan."),
      h("div", { class: "filters" }, resi, h("button", { id: "survey-cari", class: "btn btn-primary", onclick: () => void find() }, "Cari")),
      alert,
    ),
    formBox,
  );
}
