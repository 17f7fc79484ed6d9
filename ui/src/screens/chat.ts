// 3.5 Chat with the office: officer messages green, one's own yellow, sender and time;
// text shown as text; a file from File Saya may go with a message. Typed offline, a
// message waits and goes in order when the connection returns; new messages arrive live.
// Officers see the conversations with their unread counts.
import type { Ctx, Notice } from "../app";
import type { ChatItem } from "../bindings/ChatItem";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDateTime, h } from "../dom";
import { CommandFailure } from "../ipc";
import { readWithProgress, refusalFor } from "../filesize";
import { allFiles } from "./files";
import { shell } from "./shell";

/** Redraws the open conversation when messages arrive (set while the screen is open). */
export let refreshChat: (() => void) | null = null;

let presetConversation: string | null = null;
/** Opens the chat screen on `conversation` (an officer's, from a notification). */
export function chatFor(conversation: string): void {
  presetConversation = conversation;
}

/** A message; its attachment opens with `open` (for both sides) when given. */
export function bubble(m: ChatItem, open?: (sha256: string, name: string) => void): HTMLElement {
  return h(
    "div",
    { class: `bubble ${m.mine ? "mine" : m.from_office ? "office" : "other"}${m.pending ? " pending" : ""}`, "data-id": m.id },
    h("div", { class: "bubble-head" }, m.mine ? "Anda" : m.sender_name, " · ", m.pending ? (m.error ? `Gagal: ${m.error}` : "Menunggu koneksi") : formatDateTime(m.created_at)),
    m.text ? h("div", { class: "bubble-text" }, m.text) : "",
    m.attachment
      ? h(
          "div",
          { class: "bubble-file" },
          `📎 ${m.attachment.name} `,
          open && !m.pending ? h("button", { type: "button", class: "btn btn-small btn-info chat-file-open", onclick: () => m.attachment && open(m.attachment.sha256, m.attachment.name) }, "Buka") : "",
        )
      : "",
  );
}

export async function chatScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const officer = view.profile.role !== "pemohon";
  const list = h("div", { id: "chat-messages", class: "chat-messages" });
  const text = h("textarea", { id: "chat-text", rows: 2, placeholder: "Tulis pesan" });
  const alert = h("div", { id: "chat-alert", hidden: true });
  // Any file of File Saya, not only its first page.
  const files = officer ? [] : await allFiles(ctx).catch(() => []);
  const file = h("select", { id: "chat-file", "aria-label": "Lampiran dari File Saya" }, h("option", { value: "" }, "Tanpa lampiran"), ...files.map((f) => h("option", { value: f.id }, `${f.name} (${f.kind.toUpperCase()})`)));
  // A file from this computer: kept in File Saya (this account's, officers' too) and chosen.
  const disk = h("input", { id: "chat-upload", type: "file", accept: ".pdf,.jpg,.jpeg,.png,.gif,.dwg", "aria-label": "Lampiran dari komputer" });
  const diskStatus = h("span", { id: "chat-upload-status", class: "muted small", role: "status" });
  let picked: string | null = null;
  disk.addEventListener("change", async () => {
    const f = disk.files?.[0];
    if (!f) return;
    const why = refusalFor(f, ["pdf", "jpg", "png", "gif", "dwg"], 50);
    if (why) return void (diskStatus.textContent = why);
    diskStatus.textContent = "Menyimpan ke File Saya…";
    try {
      const entry = await ctx.api.filesImportBytes(await readWithProgress(f, () => undefined), f.name, f.name);
      picked = entry.id;
      if (!officer) {
        if (![...file.options].some((o) => o.value === entry.id)) file.append(h("option", { value: entry.id }, `${entry.name} (${entry.kind.toUpperCase()})`));
        file.value = entry.id;
      }
      diskStatus.textContent = `Terlampir: ${entry.original_name}`;
    } catch (e) {
      diskStatus.textContent = e instanceof CommandFailure ? e.error.message : String(e);
      disk.value = "";
    }
  });
  let conversation: string | null = officer ? presetConversation : null;
  presetConversation = null;
  const convBox = h("div", { id: "chat-conversations", class: "conversations" });

  // An attachment opens with the system's viewer, fetched from the office once.
  const openFile = (sha256: string, name: string) =>
    void ctx.api
      .chatFileOpen(sha256, name)
      .then((path) => {
        alert.textContent = `Lampiran "${name}" dibuka; salinannya di ${path}`;
        alert.className = "alert alert-info";
      })
      .catch((e: unknown) => {
        alert.textContent = e instanceof CommandFailure ? e.error.message : String(e);
        alert.className = "alert alert-error";
      })
      .finally(() => (alert.hidden = false));
  const draw = async () => {
    const items = officer && !conversation ? [] : await ctx.api.chatList(conversation);
    list.replaceChildren(...(items.length ? items.map((m) => bubble(m, openFile)) : [h("p", { class: "muted" }, officer && !conversation ? "Pilih percakapan." : "Belum ada pesan. Tanyakan apa saja kepada petugas.")]));
    list.scrollTop = list.scrollHeight;
    const last = [...items].reverse().find((m) => m.seq !== null);
    if (officer && conversation && last?.seq) await ctx.api.chatRead(conversation, last.seq).catch(() => undefined);
  };
  const drawConversations = async () => {
    if (!officer) return;
    try {
      const cs = await ctx.api.chatConversations();
      convBox.replaceChildren(
        ...(cs.length
          ? cs.map((c) =>
              h(
                "button",
                { class: `conversation${c.conversation === conversation ? " active" : ""}`, "data-id": c.conversation, onclick: () => ((conversation = c.conversation), void draw(), void drawConversations()) },
                h("strong", {}, c.pemohon),
                c.unread ? h("span", { class: "badge unread-count" }, String(c.unread)) : "",
                h("div", { class: "muted" }, c.last_text.slice(0, 60)),
              ),
            )
          : [h("p", { class: "muted" }, "Belum ada percakapan.")]),
      );
    } catch (e) {
      convBox.replaceChildren(h("p", { class: "muted" }, e instanceof CommandFailure ? e.error.message : String(e)));
    }
  };
  const send = h(
    "button",
    {
      id: "chat-send",
      class: "btn btn-primary",
      onclick: async () => {
        alert.hidden = true;
        try {
          await ctx.api.chatSend(conversation, text.value, (officer ? picked : file.value) || null);
          text.value = "";
          file.value = "";
          picked = null;
          disk.value = "";
          diskStatus.textContent = "";
          await draw();
        } catch (e) {
          // What was typed stays.
          alert.textContent = e instanceof CommandFailure ? e.error.message : String(e);
          alert.className = "alert alert-error";
          alert.hidden = false;
        }
      },
    },
    "Kirim",
  );
  refreshChat = () => {
    void draw();
    void drawConversations();
  };
  await draw();
  await drawConversations();
  return shell(
    ctx,
    "chat",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, officer ? "Chat dengan Pemohon" : "Chat dengan Petugas"),
      h("p", { class: "muted" }, "Petugas melayani chat Senin–Jumat 08.00–16.00 WITA. Pesan yang ditulis tanpa internet terkirim otomatis saat terhubung."),
      h("div", { class: officer ? "chat-layout officer" : "chat-layout" }, officer ? convBox : "", h("div", { class: "chat-pane" }, list, alert, text, h("div", { class: "actions" }, officer ? "" : file, disk, diskStatus, send))),
    ),
  );
}
