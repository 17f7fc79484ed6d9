// Bantuan: troubleshooting, FAQ and contacts, searchable, shipped with the app (offline),
// reachable without logging in.
import type { Ctx, Notice } from "../app";
import { h } from "../dom";
import { CONTACTS, FAQ, searchHelp, TIPS, TROUBLESHOOTING, type HelpEntry, type HelpTips } from "../help";
import { CommandFailure } from "../ipc";
import { publicFrame } from "./public";
import { holidaysList } from "./libur";

function entries(id: string, list: HelpEntry[]): HTMLElement {
  return h(
    "div",
    { id, class: "help-list" },
    ...(list.length
      ? list.map((e) => h("details", { class: "help-entry" }, h("summary", {}, h("span", { class: "muted" }, `${e.section} · `), e.question), h("ul", {}, ...e.answer.map((a) => h("li", {}, a)))))
      : [h("p", { class: "muted" }, "Tidak ada yang cocok.")]),
  );
}

function tips(list: HelpTips[], query: string): HTMLElement {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = list
    .map((t) => ({ ...t, items: words.length ? t.items.filter((i) => words.every((w) => `${t.title} ${i}`.toLowerCase().includes(w))) : t.items }))
    .filter((t) => t.items.length);
  return h(
    "div",
    { id: "help-tips", class: "help-list" },
    ...(shown.length ? shown.map((t) => h("div", { class: "help-tips" }, h("strong", {}, t.title), h("ul", {}, ...t.items.map((i) => h("li", {}, i))))) : [h("p", { class: "muted" }, "Tidak ada yang cocok.")]),
  );
}

export function bantuanContent(ctx: Ctx): HTMLElement {
  const search = h("input", { id: "help-search", type: "search", placeholder: "Cari masalah atau pertanyaan, misalnya: lupa password" });
  const trouble = h("div", {}, entries("help-trouble", TROUBLESHOOTING));
  const faq = h("div", {}, entries("help-faq", FAQ));
  const tip = h("div", {}, tips(TIPS, ""));
  search.addEventListener("input", () => {
    trouble.replaceChildren(entries("help-trouble", searchHelp(TROUBLESHOOTING, search.value)));
    faq.replaceChildren(entries("help-faq", searchHelp(FAQ, search.value)));
    tip.replaceChildren(tips(TIPS, search.value));
  });
  // The whole guide as a PDF, made on this computer (offline too) and opened in the viewer.
  const saved = h("div", { id: "help-guide-result", hidden: true });
  const download = h(
    "button",
    {
      id: "help-guide",
      class: "btn btn-info",
      type: "button",
      onclick: async () => {
        try {
          const path = await ctx.api.helpGuide();
          saved.textContent = `Panduan disimpan di ${path}`;
          saved.className = "alert alert-success";
        } catch (e) {
          saved.textContent = e instanceof CommandFailure ? e.error.message : String(e);
          saved.className = "alert alert-error";
        }
        saved.hidden = false;
      },
    },
    "Unduh Panduan (PDF)",
  );
  return h(
    "div",
    { id: "bantuan" },
    h("div", { class: "filters" }, search, download),
    saved,
    h("h2", {}, "Mengatasi Masalah"),
    trouble,
    h("h2", {}, "Pertanyaan yang Sering Diajukan"),
    faq,
    h("h2", {}, "Tips dan Trik"),
    tip,
    h("h2", {}, "Kontak Bantuan"),
    h("p", {}, h("strong", {}, CONTACTS.office)),
    h("p", { id: "help-address" }, ...CONTACTS.address.flatMap((l) => [l, h("br")])),
    h(
      "table",
      { class: "table", id: "help-contacts" },
      h("thead", {}, h("tr", {}, h("th", {}, "Media"), h("th", {}, "Kontak"), h("th", {}, "Jam Operasional"))),
      h("tbody", {}, ...CONTACTS.channels.map((c) => h("tr", {}, h("td", {}, c.media), h("td", {}, c.contact), h("td", {}, c.hours)))),
    ),
    h("p", {}, h("strong", {}, "Jam Pelayanan Kantor")),
    h("ul", {}, ...CONTACTS.hours.map((x) => h("li", {}, x))),
    h("h2", {}, "Hari Libur Kantor"),
    holidaysList(ctx),
  );
}

export function bantuanScreen(ctx: Ctx, notice?: Notice): HTMLElement {
  return publicFrame(
    ctx,
    "Bantuan",
    notice,
    bantuanContent(ctx),
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Kembali")),
  );
}
