// Forms: fields with labels and per-field error slots, a banner for the form's message,
// values kept as typed when a request fails, and drafts saved to the local store as the
// user types (secrets excluded by the backend).
import type { CommandError } from "./bindings/CommandError";
import { DATE_FIELD, toIsoDate, toTypedDate } from "./dates";
import { h, type Child } from "./dom";

export interface Option {
  value: string;
  label: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "password" | "email" | "date" | "tel" | "select" | "textarea";
  placeholder?: string;
  options?: Option[];
  readonly?: boolean;
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export class Form {
  readonly el: HTMLFormElement;
  readonly banner: HTMLDivElement;
  private readonly controls = new Map<string, Control>();
  private readonly errors = new Map<string, HTMLElement>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saver: ((data: Record<string, string>) => Promise<unknown>) | undefined;
  /** The banner says what is wrong with fields: it goes once they are all fixed. */
  private bannerForFields = false;

  constructor(readonly id: string) {
    this.banner = h("div", { id: `${id}-alert`, class: "alert", role: "alert", hidden: true });
    this.el = h("form", { id, class: "form", novalidate: true }, this.banner);
    this.el.addEventListener("submit", (e) => e.preventDefault());
  }

  /** Builds one labelled field; `extra` goes beside the control (a button, a meter). */
  field(spec: FieldSpec, ...extra: Child[]): HTMLElement {
    const cid = `${this.id}-${spec.name}`;
    let control: Control;
    if (spec.type === "select") {
      control = h(
        "select",
        { id: cid, name: spec.name, disabled: spec.readonly },
        h("option", { value: "" }, "-Pilih-"),
        ...(spec.options ?? []).map((o) => h("option", { value: o.value }, o.label)),
      );
    } else if (spec.type === "textarea") {
      control = h("textarea", { id: cid, name: spec.name, rows: 2, placeholder: spec.placeholder, readonly: spec.readonly });
    } else if (spec.type === "date") {
      // Day first, whatever the computer's locale; kept as YYYY-MM-DD in `values()`.
      control = h("input", { id: cid, name: spec.name, ...DATE_FIELD, readonly: spec.readonly, autocomplete: "off" });
      spec = { ...spec, hint: spec.hint ?? "Hari/bulan/tahun, contoh 15/05/1990" };
    } else {
      control = h("input", {
        id: cid,
        name: spec.name,
        type: spec.type ?? "text",
        placeholder: spec.placeholder,
        readonly: spec.readonly,
        autocomplete: spec.autocomplete ?? "off",
        inputmode: spec.inputmode,
        maxlength: spec.maxlength,
      });
    }
    if (spec.readonly) control.classList.add("locked");
    // A hint is read with its field; an error is read after it.
    if (spec.hint) {
      control.dataset.hint = `${cid}-hint`;
      control.setAttribute("aria-describedby", control.dataset.hint);
    }
    this.controls.set(spec.name, control);
    const err = h("div", { id: `${cid}-error`, class: "field-error", hidden: true });
    this.errors.set(spec.name, err);
    control.addEventListener("input", () => this.clearFieldError(spec.name));
    control.addEventListener("change", () => this.clearFieldError(spec.name));
    return h(
      "div",
      { class: "field" },
      h("label", { for: cid }, spec.label),
      h("div", { class: "control-row" }, control, ...extra),
      spec.hint ? h("div", { class: "hint", id: `${cid}-hint` }, spec.hint) : null,
      err,
    );
  }

  control(name: string): Control {
    const c = this.controls.get(name);
    if (!c) throw new Error(`no field ${name} in ${this.id}`);
    return c;
  }

  value(name: string): string {
    return this.control(name).value;
  }

  values(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, c] of this.controls) out[k] = c.dataset.date ? toIsoDate(c.value) : c.value;
    return out;
  }

  set(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) {
      const c = this.controls.get(k);
      if (c && typeof v === "string") c.value = c.dataset.date ? toTypedDate(v) : v;
    }
  }

  showError(err: CommandError): void {
    this.clearErrors();
    let placed = false;
    const mark = (field: string, message: string) => {
      const slot = this.errors.get(field);
      if (!slot) return false;
      slot.textContent = message;
      slot.hidden = false;
      const c = this.controls.get(field);
      c?.classList.add("invalid");
      c?.setAttribute("aria-invalid", "true");
      c?.setAttribute("aria-describedby", [c.dataset.hint, slot.id].filter(Boolean).join(" "));
      return true;
    };
    for (const f of err.fields) placed = mark(f.field, f.message) || placed;
    if (err.field && !placed) placed = mark(err.field, err.message);
    this.showBanner(err.message, "error");
    this.bannerForFields = placed;
  }

  /** Refuses `field` with `message`: a check made here, before the backend is asked. */
  refuse(field: string, message: string): void {
    this.showError({ code: "invalid", message, field, fields: [{ field, code: "invalid", message }], retry_after_secs: null });
  }

  showBanner(message: string, kind: "error" | "success" | "info"): void {
    this.bannerForFields = false;
    this.banner.textContent = message;
    this.banner.className = `alert alert-${kind}`;
    this.banner.hidden = false;
  }

  clearFieldError(name: string): void {
    const slot = this.errors.get(name);
    if (slot) {
      slot.hidden = true;
      slot.textContent = "";
    }
    const c = this.controls.get(name);
    c?.classList.remove("invalid");
    c?.removeAttribute("aria-invalid");
    if (c?.dataset.hint) c.setAttribute("aria-describedby", c.dataset.hint);
    else c?.removeAttribute("aria-describedby");
    // Every field the message was about is being fixed: the message goes too.
    if (this.bannerForFields && [...this.errors.values()].every((e) => e.hidden)) {
      this.banner.hidden = true;
      this.bannerForFields = false;
    }
  }

  clearBanner(): void {
    this.banner.hidden = true;
  }

  clearErrors(): void {
    for (const name of this.errors.keys()) this.clearFieldError(name);
    this.banner.hidden = true;
  }

  /** Saves a draft shortly after each edit through `save`. */
  autosave(save: (data: Record<string, string>) => Promise<unknown>): void {
    this.saver = save;
    const schedule = () => {
      clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => void save(this.values()).catch(() => undefined), 250);
    };
    this.el.addEventListener("input", schedule);
    this.el.addEventListener("change", schedule);
  }

  /** Makes a save still waiting now (the form is being sent: an app closed right after
   * still has what was typed). */
  async flushSave(): Promise<void> {
    if (this.saveTimer === undefined || !this.saver) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.saver(this.values()).catch(() => undefined);
  }

  /** Drops a save still waiting (the form is being sent: what it holds must not be saved
   * again after the send clears it). Typing afterwards schedules saves as before. */
  cancelSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }

  /** Runs `action` with the submit button disabled; the fields keep their values whatever happens. */
  async busy<T>(button: HTMLButtonElement, action: () => Promise<T>): Promise<T | undefined> {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = "Memproses…";
    try {
      return await action();
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }
}

/** "Tampilkan password": one checkbox that reveals several password fields. */
export function showPasswordToggle(form: Form, id: string, label: string, names: string[]): HTMLElement {
  const box = h("input", { type: "checkbox", id: `${form.id}-${id}` });
  box.addEventListener("change", () => {
    for (const n of names) (form.control(n) as HTMLInputElement).type = box.checked ? "text" : "password";
  });
  return h("label", { class: "check" }, box, " ", label);
}

/** Strength shown as one to three dots beside the password, as on the registration form.
 * Only a hint: the policy itself is checked by the backend (eptsp-core). */
export function passwordStrength(pw: string): 1 | 2 | 3 {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  if (pw.length >= 12 && classes >= 3) return 3;
  if (pw.length >= 8 && classes >= 3) return 2;
  return 1;
}

export function strengthMeter(input: HTMLInputElement): HTMLElement {
  const dots = [1, 2, 3].map(() => h("span", { class: "dot" }));
  const meter = h("span", { class: "strength", title: "Kekuatan password", "data-level": "1" }, ...dots);
  const update = () => {
    const level = input.value ? passwordStrength(input.value) : 0;
    meter.dataset.level = String(level);
    dots.forEach((d, i) => d.classList.toggle("on", i < level));
  };
  input.addEventListener("input", update);
  update();
  return meter;
}
