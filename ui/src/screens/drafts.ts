// Pengajuan Permohonan's list of drafts: each with its permit, step and last change, to continue or delete.
import type { Ctx, Notice } from "../app";
import type { Catalogue } from "../bindings/Catalogue";
import type { ProfileView } from "../bindings/ProfileView";
import { deleteButton, formatDateTime, h } from "../dom";
import { permohonanTabs } from "./permohonan";
import { KIND_LABELS } from "./persyaratan";
import { shell } from "./shell";

export const STEP_TITLES = ["Jenis Izin", "Data Pemohon", "Data Perusahaan", "Lokasi Izin", "Data Detail"];

export function permitName(c: Catalogue | null, id: string): string {
  for (const a of c?.agencies ?? []) for (const t of a.permit_types) if (t.id === id) return t.name;
  return id || "(belum dipilih)";
}

export async function draftsScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const drafts = await ctx.api.draftsList();
  const catalogue = await ctx.api.catalogue().then((c) => c.catalogue).catch(() => null);
  const create = h("button", { id: "draft-new", class: "btn btn-success" }, "Buat Permohonan Baru");
  create.addEventListener("click", async () => {
    await ctx.api.draftsCreate();
    ctx.go("wizard");
  });
  const rows = drafts.map((d) =>
    h(
      "tr",
      { "data-id": d.id },
      h("td", {}, permitName(catalogue, d.data.permit_type_id)),
      h("td", {}, d.data.kind ? KIND_LABELS[d.data.kind] : "-"),
      h("td", {}, `${d.step}. ${STEP_TITLES[d.step - 1]}`),
      h("td", {}, formatDateTime(d.updated_at)),
      h(
        "td",
        {},
        h(
          "div",
          { class: "row-actions" },
          h("button", { class: "btn btn-info btn-small draft-open", onclick: async () => (await ctx.api.draftsOpen(d.id), ctx.go("wizard")) }, "Lanjutkan"),
          deleteButton("draft-delete", async () => {
            await ctx.api.draftsDelete(d.id);
            ctx.go("pengajuan", { message: "Draf dihapus", kind: "info" });
          }),
        ),
      ),
    ),
  );
  return shell(
    ctx,
    "permohonan",
    view.profile,
    notice,
    permohonanTabs(ctx, "pengajuan"),
    h(
      "section",
      { class: "card" },
      h("div", { class: "list-head" }, h("h2", {}, "Draf Permohonan Saya"), create),
      h("p", { class: "muted" }, "Draf tersimpan di perangkat ini dan dapat diisi tanpa koneksi internet."),
      h(
        "table",
        { class: "table", id: "drafts-table" },
        h("thead", {}, h("tr", {}, h("th", {}, "Jenis Izin"), h("th", {}, "Jenis Permohonan"), h("th", {}, "Langkah"), h("th", {}, "Terakhir Diubah"), h("th", {}, "Aksi"))),
        h("tbody", { id: "drafts-rows" }, ...(rows.length ? rows : [h("tr", {}, h("td", { colspan: 5, class: "muted" }, "Belum ada draf permohonan."))])),
      ),
    ),
  );
}

/** Every File Saya entry, for the document slots. */
