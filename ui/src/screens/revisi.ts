// 3.2.4 Revisi Saya: the applications the office returned, with the verifier's notes per
// requirement and the deadline; "Perbaiki" opens the revision form prefilled.
import type { Ctx, Notice } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDate, formatDateTime, h } from "../dom";
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
  const rows = list.map((a) =>
    h(
      "tr",
      { class: "revisi-item", "data-id": a.id, "data-search": `${a.resi.replace(/-/g, "")} ${permitName(a.permit_type_id)}`.toLowerCase() },
      h("td", { class: "resi" }, a.resi),
      h("td", {}, permitName(a.permit_type_id)),
      h("td", {}, formatDateTime(a.submitted_at)),
      h("td", { class: "revisi-due" }, formatDate(a.revision_due)),
      h(
        "td",
        { class: "review-notes" },
        a.review ? h("p", { class: "revisi-note" }, a.review.note, h("span", { class: "muted" }, ` (${a.review.actor}, ${formatDateTime(a.review.at)})`)) : "-",
        a.review ? h("ul", { class: "revisi-items" }, ...a.review.checklist.filter((i) => !i.sesuai).map((i) => h("li", {}, h("strong", {}, reqName(i.requirement_id)), `: ${i.note}`))) : null,
      ),
      h(
        "td",
        {},
        h(
          "button",
          {
            class: "btn btn-primary btn-small revisi-start",
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
  // Pencarian: by resi (dashes and case ignored) or by the permit's name.
  const search = h("input", { id: "revisi-search", type: "search", placeholder: "Nomor resi atau jenis izin", "aria-label": "Pencarian" });
  const none = h("tr", { id: "revisi-none", hidden: true }, h("td", { colspan: 6, class: "muted" }, "Tidak ada revisi yang cocok dengan pencarian."));
  const filter = () => {
    const q = search.value.trim().toLowerCase().replace(/-/g, "");
    let shown = 0;
    for (const r of rows) {
      r.hidden = !!q && !(r.dataset.search ?? "").includes(q);
      if (!r.hidden) shown++;
    }
    none.hidden = shown > 0;
  };
  search.addEventListener("input", filter);
  const find = h("form", { class: "filters", id: "revisi-find", onsubmit: (e: Event) => (e.preventDefault(), filter()) }, search, h("button", { class: "btn btn-primary", type: "submit", id: "revisi-cari" }, "Cari"));
  return shell(
    ctx,
    "permohonan",
    view.profile,
    notice,
    permohonanTabs(ctx, "revisi"),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Revisi Saya"),
      h("p", { class: "muted" }, "Permohonan yang dikembalikan verifikator untuk diperbaiki. Perbaiki yang disebutkan dalam catatan, lalu Submit Revisi sebelum batas perbaikan."),
      err,
      rows.length ? find : null,
      rows.length
        ? h(
              "table",
              { class: "table", id: "revisi-table" },
              h("thead", {}, h("tr", {}, ...["Nomor Resi", "Jenis Izin", "Tanggal", "Batas Perbaikan", "Catatan Revisi", ""].map((x) => h("th", {}, x)))),
              h("tbody", {}, ...rows, none),
            )
        : h("p", { class: "muted", id: "revisi-empty" }, "Tidak ada permohonan yang perlu diperbaiki."),
    ),
  );
}
