// 3.4 Inbox: the office's messages (status changes, revision notes, rejection reasons,
// reminders), kept on this computer: search, pages, unread in bold, and the message
// itself (Tanggal, Kepada, Subject, Isi). Bodies are text, never markup.
import type { Ctx, Notice } from "../app";
import type { InboxMessage } from "../bindings/InboxMessage";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDateTime, h } from "../dom";
import { shell } from "./shell";

/** The first line of a message, for the list. */
export function preview(body: string, max = 90): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export async function inboxScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const search = h("input", { id: "inbox-search", type: "search", placeholder: "Cari subjek atau isi pesan" });
  const rows = h("tbody", { id: "inbox-rows" });
  const pageInfo = h("span", { id: "inbox-pageinfo" });
  const unread = h("span", { id: "inbox-unread", class: "badge" });
  const prev = h("button", { id: "inbox-prev", class: "btn btn-info" }, "‹");
  const next = h("button", { id: "inbox-next", class: "btn btn-info" }, "›");
  const detail = h("div", { id: "inbox-detail" });
  let page = 1;

  const open = async (m: InboxMessage) => {
    const full = await ctx.api.inboxOpen(m.id);
    const kv = (k: string, id: string, v: string) => h("div", { class: "kv" }, h("div", { class: "k" }, k), h("div", { class: "v", id }, v));
    detail.replaceChildren(
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Pesan"),
        kv("Tanggal", "inbox-tanggal", formatDateTime(full.created_at)),
        kv("Kepada", "inbox-kepada", `${view.profile.nama} <${view.profile.email}>`),
        kv("Subject", "inbox-subject", full.subject),
        h("div", { class: "message-body", id: "inbox-body" }, full.body),
      ),
    );
    await render();
  };
  const render = async () => {
    const list = await ctx.api.inbox(search.value, page);
    page = list.page;
    unread.textContent = list.unread ? `${list.unread} belum dibaca` : "Semua sudah dibaca";
    rows.replaceChildren(
      ...(list.items.length
        ? list.items.map((m) =>
            h(
              "tr",
              { "data-id": String(m.id), class: m.read ? "read" : "unread", onclick: () => void open(m) },
              h("td", {}, formatDateTime(m.created_at)),
              h("td", { class: "subject" }, m.subject),
              h("td", { class: "preview muted" }, preview(m.body)),
            ),
          )
        : [h("tr", {}, h("td", { colspan: "3", class: "muted" }, search.value ? "Tidak ada pesan yang cocok." : "Belum ada pesan."))]),
    );
    pageInfo.textContent = `Hal ${list.page} dari ${list.pages}`;
    prev.disabled = list.page <= 1;
    next.disabled = list.page >= list.pages;
  };
  prev.addEventListener("click", () => ((page -= 1), void render()));
  next.addEventListener("click", () => ((page += 1), void render()));
  search.addEventListener("input", () => ((page = 1), void render()));
  await render();
  return shell(
    ctx,
    "inbox",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("div", { class: "list-head" }, h("h2", {}, "Inbox"), unread),
      h("div", { class: "filters" }, search),
      h("table", { class: "table", id: "inbox-table" }, h("thead", {}, h("tr", {}, h("th", {}, "Tanggal"), h("th", {}, "Subject"), h("th", {}, "Isi"))), rows),
      h("div", { class: "pager" }, prev, pageInfo, next),
    ),
    detail,
  );
}
