// The portal's public part on every desk: the announcements the office publishes (on the
// login screen and the dashboard) and the links of the portal's menu, kept on this computer
// for offline reading; redrawn in place when the office changes them.
import type { Api } from "./ipc";
import type { PortalView } from "./bindings/PortalView";
import { formatDate, formatDateTime } from "./dates";
import { h } from "./dom";
import { CommandFailure } from "./ipc";

/** The boxes on screen now, each with how to draw it again. */
const shown = new Set<{ el: HTMLElement; draw: () => Promise<void> }>();

/** Draws every announcements box on screen again (the office changed the portal). */
export function refreshPortal(): void {
  for (const box of [...shown]) {
    if (!box.el.isConnected) shown.delete(box);
    else void box.draw();
  }
}

function until(ends: string | null): string {
  return ends ? `Berlaku sampai ${formatDate(ends)}` : "";
}

/** The announcements box (hidden while there is nothing to show): `links` adds the
 * portal's menu under them, `card` draws it as a card of its own. */
export function portalBox(api: Api, { links, card }: { links: boolean; card: boolean }): HTMLElement {
  const el = h("section", { id: "pengumuman", class: card ? "card pengumuman" : "pengumuman", "aria-label": "Pengumuman", hidden: true });
  const draw = async () => {
    let v: PortalView;
    try {
      v = await api.portal();
    } catch {
      el.replaceChildren();
      return;
    }
    const items = v.portal.announcements.map((a) =>
      h(
        "article",
        { class: "pengumuman-item", "data-id": a.id },
        h("h3", {}, a.title),
        h("p", { class: "pengumuman-isi" }, a.body),
        h("p", { class: "muted small" }, [`Diterbitkan ${formatDateTime(a.updated_at)}`, until(a.ends_on)].filter(Boolean).join(" · ")),
      ),
    );
    const said = h("p", { class: "alert alert-error small", id: "portal-link-alert", role: "alert", hidden: true });
    const menu = links && v.portal.links.length
      ? h(
          "nav",
          { id: "portal-links", class: "links", "aria-label": "Tautan portal" },
          ...v.portal.links.map((l) =>
            h("a", { href: "#", class: "portal-link", title: l.url, onclick: (e: Event) => (e.preventDefault(), void api.portalOpen(l.url).then(() => (said.hidden = true)).catch((err: unknown) => ((said.textContent = err instanceof CommandFailure ? err.error.message : String(err)), (said.hidden = false)))) }, l.label),
          ),
        )
      : null;
    el.hidden = !items.length && !menu;
    el.replaceChildren(
      ...(items.length ? [h("h2", {}, "Pengumuman"), ...items] : []),
      v.from_cache && items.length && v.fetched_at ? h("p", { class: "muted small", id: "pengumuman-offline" }, `Disimpan di komputer ini; terakhir diperbarui ${formatDateTime(v.fetched_at)}.`) : "",
      menu ?? "",
      menu ? said : "",
    );
  };
  shown.add({ el, draw });
  void draw();
  return el;
}
