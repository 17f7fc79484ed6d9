// Pengumuman & Tautan (admin): publish, change and withdraw the announcements every desk
// shows (login screen and dashboard, offline too), each from its first to its last day;
// set the links of the portal's menu (OSS, the office's website, the WhatsApp helpdesk).
import type { Ctx, Notice } from "../app";
import type { Announcement } from "../bindings/Announcement";
import type { PortalLink } from "../bindings/PortalLink";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDate, todayWita } from "../dates";
import { confirmButton, h } from "../dom";
import { Form } from "../form";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

function state(a: Announcement, today: string): string {
  if (a.starts_on > today) return `Terjadwal mulai ${formatDate(a.starts_on)}`;
  if (a.ends_on && a.ends_on < today) return "Berakhir";
  return "Tayang";
}

export async function portalAdminScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const alert = h("div", { id: "portal-alert", role: "status", hidden: true });
  const say = (text: string, kind: "error" | "success") => {
    alert.textContent = text;
    alert.className = `alert alert-${kind}`;
    alert.hidden = false;
  };
  const failed = (e: unknown) => say(e instanceof CommandFailure ? e.error.message : String(e), "error");

  // ---- announcements ----
  let editing: string | null = null;
  // The id a new announcement is published under, chosen once per form: a retried click
  // (an answer lost on the way) changes the same announcement instead of adding one.
  const freshId = () => globalThis.crypto?.randomUUID?.() ?? null;
  let draftId = freshId();
  const form = new Form("pengumuman-form");
  const submit = h("button", { id: "pengumuman-simpan", type: "submit", class: "btn btn-primary" }, "Terbitkan");
  const cancel = h("button", { id: "pengumuman-batal", type: "button", class: "btn btn-info", hidden: true }, "Batal");
  form.el.append(
    form.field({ name: "title", label: "Judul", placeholder: "Contoh: Pelayanan tutup pada libur Natal", maxlength: 120 }),
    form.field({ name: "body", label: "Isi pengumuman", type: "textarea", hint: "Paling banyak 2000 karakter" }),
    form.field({ name: "starts_on", label: "Mulai tayang", type: "date" }),
    form.field({ name: "ends_on", label: "Selesai tayang", type: "date", hint: "Kosongkan bila tayang sampai dihapus" }),
    h("div", { class: "actions" }, submit, cancel),
  );
  const reset = () => {
    editing = null;
    draftId = freshId();
    form.set({ title: "", body: "", starts_on: todayWita(), ends_on: "" });
    form.clearErrors();
    submit.textContent = "Terbitkan";
    cancel.hidden = true;
  };
  const rows = h("tbody", { id: "pengumuman-rows" });
  const load = async () => {
    let list: Announcement[];
    try {
      list = await ctx.api.announcements();
    } catch (e) {
      failed(e);
      return;
    }
    const today = todayWita();
    rows.replaceChildren(
      ...(list.length
        ? list.map((a) =>
            h(
              "tr",
              { "data-id": a.id },
              h("td", {}, h("strong", {}, a.title), h("div", { class: "muted pengumuman-isi" }, a.body)),
              h("td", {}, formatDate(a.starts_on), " – ", a.ends_on ? formatDate(a.ends_on) : "…"),
              h("td", { class: "pengumuman-status" }, state(a, today)),
              h(
                "td",
                { class: "actions" },
                h(
                  "button",
                  {
                    class: "btn btn-info btn-small pengumuman-ubah",
                    onclick: () => {
                      editing = a.id;
                      form.set({ title: a.title, body: a.body, starts_on: a.starts_on, ends_on: a.ends_on ?? "" });
                      submit.textContent = "Simpan Perubahan";
                      cancel.hidden = false;
                      form.control("title").focus();
                    },
                  },
                  "Ubah",
                ),
                confirmButton("pengumuman-hapus", "Hapus", "Yakin hapus?", async () => {
                  try {
                    say(await ctx.api.announcementDelete(a.id), "success");
                    if (editing === a.id) reset();
                    await load();
                  } catch (e) {
                    failed(e);
                  }
                }),
              ),
            ),
          )
        : [h("tr", {}, h("td", { colspan: 4, class: "muted" }, "Belum ada pengumuman."))]),
    );
  };
  submit.addEventListener("click", () =>
    void form.busy(submit, async () => {
      form.clearErrors();
      const v = form.values();
      try {
        const a = await ctx.api.announcementPut(editing ?? draftId, { title: v.title, body: v.body, starts_on: v.starts_on, ends_on: v.ends_on || null });
        say(editing ? `Pengumuman "${a.title}" diperbarui.` : `Pengumuman "${a.title}" diterbitkan.`, "success");
        reset();
        await load();
      } catch (e) {
        if (e instanceof CommandFailure) form.showError(e.error);
        else failed(e);
      }
    }),
  );
  cancel.addEventListener("click", reset);

  // ---- links ----
  const linksForm = new Form("tautan-form");
  const current = await ctx.api.portal().catch(() => null);
  let links: PortalLink[] = current?.portal.links ?? [];
  const linkRows = h("div", { id: "tautan-rows" });
  const typed = (): PortalLink[] => links.map((_, i) => ({ label: linksForm.value(`links.${i}.label`), url: linksForm.value(`links.${i}.url`) }));
  const drawLinks = () => {
    linkRows.replaceChildren(
      ...links.map((_, i) =>
        h(
          "div",
          { class: "tautan-row", "data-n": String(i + 1) },
          linksForm.field({ name: `links.${i}.label`, label: `Nama tautan ${i + 1}`, maxlength: 40 }),
          linksForm.field({ name: `links.${i}.url`, label: "Alamat", placeholder: "https://…" }),
          h("button", { type: "button", class: "btn btn-danger btn-small tautan-hapus", "aria-label": `Hapus tautan ${i + 1}`, onclick: () => ((links = typed().filter((_, j) => j !== i)), drawLinks()) }, "Hapus"),
        ),
      ),
    );
    links.forEach((l, i) => linksForm.set({ [`links.${i}.label`]: l.label, [`links.${i}.url`]: l.url }));
  };
  const add = h("button", { id: "tautan-tambah", type: "button", class: "btn btn-info", onclick: () => ((links = [...typed(), { label: "", url: "" }]), drawLinks()) }, "Tambah Tautan");
  const save = h("button", { id: "tautan-simpan", type: "submit", class: "btn btn-primary" }, "Simpan Tautan");
  save.addEventListener("click", () =>
    void linksForm.busy(save, async () => {
      linksForm.clearErrors();
      try {
        links = (await ctx.api.portalLinksSet({ links: typed() })).links;
        drawLinks();
        say("Tautan portal disimpan.", "success");
      } catch (e) {
        if (e instanceof CommandFailure) linksForm.showError(e.error);
        else failed(e);
      }
    }),
  );
  linksForm.el.append(linkRows, h("div", { class: "actions" }, add, save));
  drawLinks();
  // Not read from the office (offline): saving would replace the links with none.
  if (!current || current.from_cache) {
    save.disabled = true;
    add.disabled = true;
    linksForm.showBanner("Tautan portal hanya dapat diubah saat terhubung ke server.", "info");
  }
  reset();
  await load();
  return shell(
    ctx,
    "portal",
    view.profile,
    notice,
    alert,
    h("section", { class: "card" }, h("h2", {}, "Terbitkan Pengumuman"), form.el),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Daftar Pengumuman"),
      h("table", { class: "table" }, h("thead", {}, h("tr", {}, h("th", {}, "Pengumuman"), h("th", {}, "Tayang"), h("th", {}, "Status"), h("th", {}, ""))), rows),
    ),
    h("section", { class: "card" }, h("h2", {}, "Tautan Portal"), h("p", { class: "muted" }, "Tampil di layar Login: OSS, website kantor, WhatsApp helpdesk."), linksForm.el),
  );
}
