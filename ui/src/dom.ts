// A small element builder. Text always goes in as text nodes, never as HTML, so nothing a
// user or the server typed can become markup.

export type Child = Node | string | number | null | undefined | false;
type Handler = (e: Event) => void;
export type Attrs = Record<string, string | number | boolean | Handler | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2).toLowerCase(), v as Handler);
    } else if (v === true) {
      el.setAttribute(k, "");
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Formats an RFC 3339 instant for people in Indonesia (WITA is the province's zone). */
/** A delete button that asks first: the first click turns it into "Yakin hapus?", the
 * second runs `onConfirm`. */
export function deleteButton(cls: string, onConfirm: () => Promise<void>): HTMLButtonElement {
  return confirmButton(cls, "Hapus", "Yakin hapus?", onConfirm);
}

/** A button that acts on its second click: the first asks ("Yakin …?"). */
export function confirmButton(cls: string, label: string, ask: string, onConfirm: () => Promise<void>): HTMLButtonElement {
  return h(
    "button",
    {
      class: `btn btn-danger btn-small ${cls}`,
      onclick: async (e: Event) => {
        const b = e.currentTarget as HTMLButtonElement;
        if (b.dataset.confirm !== "1") {
          b.dataset.confirm = "1";
          b.textContent = ask;
          return;
        }
        await onConfirm();
      },
    },
    label,
  );
}

export { formatDate, formatDateTime } from "./dates";
