// 3.2.3 File Saya: the documents kept on this computer for applications. Upload with a
// name, search by name, pages of ten ("Hal 1 dari N"), open with the system's viewer,
// delete. Works offline.
import type { Ctx, Notice } from "../app";
import type { FileEntry } from "../bindings/FileEntry";
import type { ProfileView } from "../bindings/ProfileView";
import { clear, deleteButton, formatDateTime, h } from "../dom";
import { Form } from "../form";
import { CommandFailure } from "../ipc";
import { permohonanTabs } from "./permohonan";
import { shell } from "./shell";
import { MAX_FILE_BYTES, sizeLabel, tooLargeMessage } from "../filesize";

/** Every entry of File Saya, page after page (the newest first). */
export async function allFiles(ctx: Ctx): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  for (let page = 1; ; page++) {
    const p = await ctx.api.filesList("", page);
    out.push(...p.items);
    if (page >= p.pages) return out;
  }
}

export async function filesScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const form = new Form("files");
  const picker = h("input", { id: "files-input", type: "file", accept: ".pdf,.jpg,.jpeg,.png,.gif,.dwg" });
  const upload = h("button", { id: "files-upload", type: "submit", class: "btn btn-success" }, "Upload");
  form.el.append(
    h(
      "div",
      { class: "grid" },
      form.field({ name: "name", label: "Nama File", placeholder: "contoh: KTP Pemohon" }),
      h("div", { class: "field" }, h("label", { for: "files-input" }, "Pilih File"), picker, h("div", { class: "hint" }, "PDF, JPG, PNG, GIF atau DWG, maksimal 50 MB")),
    ),
    h("div", { class: "actions" }, upload),
  );

  const search = h("input", { id: "files-search", type: "search", placeholder: "Cari nama file" });
  const body = h("tbody", { id: "files-rows" });
  const pageInfo = h("span", { id: "files-pageinfo" });
  const prev = h("button", { id: "files-prev", class: "btn btn-info" }, "‹");
  const next = h("button", { id: "files-next", class: "btn btn-info" }, "›");
  const listAlert = h("div", { id: "files-list-alert", class: "alert alert-error", hidden: true });
  let page = 1;

  const row = (f: FileEntry) =>
    h(
      "tr",
      { "data-id": f.id },
      h("td", {}, f.thumbnail ? h("img", { class: "thumb", src: f.thumbnail, alt: "" }) : h("span", { class: "kind" }, f.kind.toUpperCase())),
      h("td", { class: "file-name" }, f.name, h("div", { class: "muted small" }, f.original_name)),
      h("td", {}, f.kind.toUpperCase()),
      h("td", {}, sizeLabel(f.size)),
      h("td", {}, formatDateTime(f.created_at)),
      h("td", {}, h("div", { class: "row-actions" }, openButton(f), removeButton(f))),
    );

  const openButton = (f: FileEntry) =>
    h("button", { class: "btn btn-info btn-small", onclick: () => void ctx.api.filesOpen(f.id).catch(showListError) }, "Buka");

  const removeButton = (f: FileEntry) =>
    deleteButton("file-delete", async () => {
      await ctx.api.filesDelete(f.id).catch(showListError);
      await load();
    });

  function showListError(e: unknown): void {
    listAlert.textContent = e instanceof Error ? e.message : String(e);
    listAlert.hidden = false;
  }

  async function load(): Promise<void> {
    try {
      const p = await ctx.api.filesList(search.value, page);
      page = p.page;
      clear(body);
      if (p.items.length === 0) {
        body.append(h("tr", {}, h("td", { colspan: 6, class: "muted" }, search.value ? "Tidak ada file yang cocok." : "Belum ada file. Upload dokumen Anda di atas.")));
      } else {
        body.append(...p.items.map(row));
      }
      pageInfo.textContent = `Hal ${p.page} dari ${p.pages}`;
      prev.disabled = p.page <= 1;
      next.disabled = p.page >= p.pages;
      listAlert.hidden = true;
    } catch (e) {
      showListError(e);
    }
  }

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      page = 1;
      void load();
    }, 200);
  });
  prev.addEventListener("click", () => {
    page -= 1;
    void load();
  });
  next.addEventListener("click", () => {
    page += 1;
    void load();
  });

  upload.addEventListener("click", () =>
    void form.busy(upload, async () => {
      form.clearErrors();
      const file = picker.files?.[0];
      if (!file) {
        form.showBanner("Pilih file yang akan diupload", "error");
        return;
      }
      if (file.size > MAX_FILE_BYTES) {
        form.showBanner(tooLargeMessage(file.size), "error");
        return;
      }
      try {
        const f = await ctx.api.filesImport(file, form.value("name"));
        form.showBanner(`"${f.name}" tersimpan di File Saya`, "success");
        form.set({ name: "" });
        picker.value = "";
        page = 1;
        await load();
      } catch (e) {
        if (e instanceof CommandFailure) form.showError(e.error);
      }
    }),
  );

  await load();
  return shell(
    ctx,
    "permohonan",
    view.profile,
    notice,
    permohonanTabs(ctx, "files"),
    h("section", { class: "card" }, h("h2", {}, "Upload File"), form.el),
    h(
      "section",
      { class: "card" },
      h("div", { class: "list-head" }, h("h2", {}, "Daftar File"), search),
      listAlert,
      h(
        "table",
        { class: "table", id: "files-table" },
        h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "Nama File"), h("th", {}, "Jenis"), h("th", {}, "Ukuran"), h("th", {}, "Tanggal Upload"), h("th", {}, "Aksi"))),
        body,
      ),
      h("div", { class: "pager" }, prev, pageInfo, next),
    ),
  );
}
