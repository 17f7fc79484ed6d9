// 3.2.4 Revisi Saya: the applications the office returned, with the verifier's notes per
// requirement and the deadline; "Perbaiki" opens the revision form prefilled.
import type { Ctx, Notice } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDateTime, h } from "../dom";
import { CommandFailure } from "../ipc";
import { permohonanTabs } from "./permohonan";
import { shell } from "./shell";

export async function revisiScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const [list, catalogue] = await Promise.all([ctx.api.revisions(), ctx.api.catalogue().then((c) => c.catalogue).catch(() => null)]);
  const reqName = (id: number) => {
    for (const a of catalogue?.agencies ?? []) for (const t of a.permit_types) for (const r of t.requirements) if (r.id === id) return r.name;
    return `Persyaratan ${id}`;
  };
  const permitName = (id: string) => {
    for (const a of catalogue?.agencies ?? []) for (const t of a.permit_types) if (t.id === id) return t.name;
    return id;
  };
  const err = h("div", { id: "revisi-error", class: "alert alert-error", hidden: true });
  const cards = list.map((a) =>
    h(
      "section",
      { class: "card revisi-item", "data-id": a.id },
      h("h3", {}, `${a.resi} — ${permitName(a.permit_type_id)}`),
      h("p", {}, h("strong", {}, "Batas perbaikan: "), a.revision_due ?? "-"),
      a.review
        ? h(
            "div",
            { class: "review-notes" },
            h("p", { class: "revisi-note" }, h("strong", {}, "Catatan verifikator: "), a.review.note, h("span", { class: "muted" }, ` (${a.review.actor}, ${formatDateTime(a.review.at)})`)),
            h("ul", { class: "revisi-items" }, ...a.review.checklist.filter((i) => !i.sesuai).map((i) => h("li", {}, h("strong", {}, reqName(i.requirement_id)), `: ${i.note}`))),
          )
        : null,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            class: "btn btn-primary revisi-start",
            onclick: async () => {
              try {
                await ctx.api.revisionStart(a.id);
                ctx.go("wizard");
              } catch (e) {
                err.textContent = e instanceof CommandFailure ? e.error.message : String(e);
                err.hidden = false;
              }
            },
          },
          "Perbaiki",
        ),
      ),
    ),
  );
  return shell(
    ctx,
    "permohonan",
    view.profile,
    notice,
    permohonanTabs(ctx, "revisi"),
    h("section", { class: "card" }, h("h2", {}, "Revisi Saya"), h("p", { class: "muted" }, "Permohonan yang dikembalikan verifikator untuk diperbaiki. Perbaiki yang disebutkan dalam catatan, lalu Submit Revisi."), err),
    ...(cards.length ? cards : [h("section", { class: "card muted", id: "revisi-empty" }, "Tidak ada permohonan yang perlu diperbaiki.")]),
  );
}
