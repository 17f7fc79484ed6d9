// Bantuan: troubleshooting, FAQ and contacts, searchable, shipped with the app (offline),
// reachable without logging in.
import type { Ctx, Notice } from "../app";
import { h } from "../dom";
import { CONTACTS, FAQ, searchHelp, TROUBLESHOOTING, type HelpEntry } from "../help";
import { publicFrame } from "./public";

function entries(id: string, list: HelpEntry[]): HTMLElement {
  return h(
    "div",
    { id, class: "help-list" },
    ...(list.length
      ? list.map((e) => h("details", { class: "help-entry" }, h("summary", {}, h("span", { class: "muted" }, `${e.section} · `), e.question), h("ul", {}, ...e.answer.map((a) => h("li", {}, a)))))
      : [h("p", { class: "muted" }, "Tidak ada yang cocok.")]),
  );
}

export function bantuanContent(): HTMLElement {
  const search = h("input", { id: "help-search", type: "search", placeholder: "Cari masalah atau pertanyaan, misalnya: lupa password" });
  const trouble = h("div", {}, entries("help-trouble", TROUBLESHOOTING));
  const faq = h("div", {}, entries("help-faq", FAQ));
  search.addEventListener("input", () => {
    trouble.replaceChildren(entries("help-trouble", searchHelp(TROUBLESHOOTING, search.value)));
    faq.replaceChildren(entries("help-faq", searchHelp(FAQ, search.value)));
  });
  return h(
    "div",
    { id: "bantuan" },
    search,
    h("h3", {}, "Mengatasi Masalah"),
    trouble,
    h("h3", {}, "Pertanyaan yang Sering Diajukan"),
    faq,
    h("h3", {}, "Kontak Bantuan"),
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
  );
}

export function bantuanScreen(ctx: Ctx, notice?: Notice): HTMLElement {
  return publicFrame(
    ctx,
    "Bantuan",
    notice,
    bantuanContent(),
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Kembali")),
  );
}
