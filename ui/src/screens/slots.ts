// Step 5's documents from the disk, one requirement at a time (guide 3.2.1: "Pilih File",
// "Upload", "Upload berhasil"): checked against the requirement before anything is read,
// imported into File Saya with a progress bar, and chosen for the requirement.
import type { Ctx } from "../app";
import type { Requirement } from "../bindings/Requirement";
import { h } from "../dom";
import { readWithProgress, refusalFor } from "../filesize";
import type { Form } from "../form";
import { CommandFailure } from "../ipc";

/** Pilih File / Upload for one requirement of step 5, from the disk: its format and size
 * checked at once, a progress bar, the file kept in File Saya, chosen in `sel` and handed
 * to `chosen`. */
export function slotUpload(ctx: Ctx, form: Form, r: Requirement, sel: HTMLSelectElement, chosen: (fileId: string) => void): HTMLElement {
  const id = `req-${r.id}`;
  const accept = r.formats.flatMap((f) => (f === "jpg" ? [".jpg", ".jpeg"] : [`.${f}`])).join(",");
  const input = h("input", { type: "file", id: `${id}-file`, class: "slot-file", accept, "aria-label": `Pilih file untuk ${r.name}` });
  const bar = h("progress", { id: `${id}-progress`, max: 1, value: 0, hidden: true, "aria-label": `Kemajuan upload ${r.name}` });
  const status = h("div", { id: `${id}-status`, class: "slot-status", role: "status" });
  const say = (text: string, kind: "ok" | "error" | "") => {
    status.textContent = text;
    status.className = `slot-status ${kind === "ok" ? "slot-ok" : kind === "error" ? "field-error" : "muted"}`;
  };
  const button = h("button", { type: "button", id: `${id}-upload`, class: "btn btn-small btn-info" }, "Upload");
  // Checked as soon as it is chosen, before anything is read.
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    const why = file ? refusalFor(file, r.formats, r.max_mb, r.photo_max_px) : null;
    say(why ?? "", why ? "error" : "");
  });
  button.addEventListener("click", () =>
    void form.busy(button, async () => {
      const file = input.files?.[0];
      if (!file) return say("Pilih file terlebih dahulu.", "error");
      const why = refusalFor(file, r.formats, r.max_mb, r.photo_max_px);
      if (why) return say(why, "error");
      bar.hidden = false;
      bar.value = 0;
      say("Membaca file…", "");
      try {
        const bytes = await readWithProgress(file, (share) => (bar.value = share));
        say("Memeriksa dan menyimpan ke File Saya…", "");
        const f = await ctx.api.filesImportBytes(bytes, file.name, r.name);
        // The content decides: a renamed file is refused for this requirement.
        if (!r.formats.includes(f.kind)) return say(`Isi file ini ${f.kind.toUpperCase()}, bukan ${r.formats.map((x) => x.toUpperCase()).join(", ")}. File tetap ada di File Saya.`, "error");
        if (![...sel.options].some((o) => o.value === f.id)) sel.append(h("option", { value: f.id }, `${f.name} (${f.kind.toUpperCase()})`));
        sel.value = f.id;
        form.clearFieldError(id);
        chosen(f.id);
        input.value = "";
        say(`Upload berhasil: "${f.name}" tersimpan di File Saya dan dipilih untuk persyaratan ini.`, "ok");
      } catch (e) {
        say(e instanceof CommandFailure ? e.error.message : e instanceof Error ? e.message : String(e), "error");
      } finally {
        bar.hidden = true;
      }
    }),
  );
  return h("div", { class: "slot-upload" }, h("span", { class: "muted small" }, "atau dari komputer: "), input, button, bar, status);
}
