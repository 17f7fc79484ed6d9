// The frame of the screens shown before login, with the office's name and the
// connectivity badge.
import type { Ctx, Notice } from "../app";
import { h, type Child } from "../dom";

export function publicFrame(ctx: Ctx, title: string, notice: Notice | undefined, ...body: Child[]): HTMLElement {
  return h(
    "main",
    { class: "public" },
    h(
      "div",
      { class: "card public-card" },
      h(
        "div",
        { class: "brand" },
        h("div", { class: "brand-mark" }, "E-PTSP"),
        h("div", { class: "brand-text" }, "DPMPTSP Provinsi Kalimantan Timur"),
        onlineBadge(ctx.status.online),
      ),
      h("h1", {}, title),
      notice ? h("div", { class: `alert alert-${notice.kind}`, id: "screen-notice", role: "status" }, notice.message) : null,
      ...body,
    ),
  );
}

export function onlineBadge(online: boolean): HTMLElement {
  return h(
    "span",
    { id: "conn-indicator", class: online ? "badge online" : "badge offline", "data-online": String(online) },
    online ? "Online" : "Offline",
  );
}
