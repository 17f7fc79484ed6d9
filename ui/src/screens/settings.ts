// The server this installation talks to.
import type { Ctx, Notice } from "../app";
import { h } from "../dom";
import { Form } from "../form";
import { CommandFailure } from "../ipc";
import { publicFrame } from "./public";
import { shell } from "./shell";
import type { ProfileView } from "../bindings/ProfileView";
import { sizeLabel } from "../filesize";

export async function settingsScreen(ctx: Ctx, notice?: Notice): Promise<HTMLElement> {
  const form = new Form("settings");
  const save = h("button", { id: "settings-submit", type: "submit", class: "btn btn-primary" }, "Simpan");
  form.el.append(
    form.field({ name: "server_url", label: "Alamat Server E-PTSP", placeholder: "https://eptsp.kaltimprov.go.id" }),
    h("div", { class: "actions" }, save),
  );
  form.set({ server_url: ctx.status.server_url });
  save.addEventListener("click", () =>
    void form.busy(save, async () => {
      form.clearErrors();
      try {
        const s = await ctx.api.setServer(form.value("server_url"));
        ctx.setOnline(s.online);
        form.showBanner(
          s.online ? "Tersimpan. Server dapat dihubungi." : "Tersimpan, tetapi server belum dapat dihubungi.",
          s.online ? "success" : "info",
        );
      } catch (e) {
        if (e instanceof CommandFailure) form.showError(e.error);
      }
    }),
  );
  // Cetak: which printer, on which print server (both optional).
  const pform = new Form("printer");
  const psave = h("button", { id: "printer-submit", type: "submit", class: "btn btn-primary" }, "Simpan Printer");
  pform.el.append(
    h("h2", {}, "Printer untuk Cetak Resi dan Cetak Izin"),
    pform.field({ name: "printer", label: "Nama Printer", placeholder: "kosongkan untuk printer bawaan sistem" }),
    pform.field({ name: "print_server", label: "Server Cetak (CUPS)", placeholder: "kosongkan untuk komputer ini, atau host:port" }),
    h("div", { class: "actions" }, psave),
  );
  pform.set({ printer: ctx.status.printer.name, print_server: ctx.status.printer.server });
  psave.addEventListener("click", () =>
    void pform.busy(psave, async () => {
      pform.clearErrors();
      try {
        await ctx.api.setPrinter({ name: pform.value("printer"), server: pform.value("print_server") });
        pform.showBanner("Pengaturan printer tersimpan.", "success");
      } catch (e) {
        if (e instanceof CommandFailure) pform.showError(e.error);
      }
    }),
  );
  const mapSection = await mapSettings(ctx);
  return publicFrame(
    ctx,
    "Pengaturan",
    notice,
    form.el,
    pform.el,
    mapSection,
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Kembali ke Login")),
  );
}

/** Peta Luring (administrators): the tile server and the packs, inside the workstation's frame. */
export async function petaScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  return shell(ctx, "peta", view.profile, notice, h("section", { class: "card", id: "peta" }, await mapSettings(ctx)));
}

/** Peta: the online tile server (optional) and the offline tile packs on this computer. */
async function mapSettings(ctx: Ctx): Promise<HTMLElement> {
  const mform = new Form("peta");
  const msave = h("button", { id: "peta-submit", type: "submit", class: "btn btn-primary" }, "Simpan Peta");
  const current = await ctx.api.mapSettings().catch(() => ({ xyz_url: null, attribution: "" }));
  mform.el.append(
    h("h2", {}, "Peta"),
    h("p", { class: "muted" }, "Peta dasar Kalimantan Timur sudah terpasang dan bekerja tanpa internet. Bila diisi, server ubin daring dipakai saat terhubung, dan ubin yang pernah dilihat disimpan untuk dipakai saat luring."),
    mform.field({ name: "xyz_url", label: "Server Ubin Daring (XYZ)", placeholder: "https://tile.openstreetmap.org/{z}/{x}/{y}.png" }),
    mform.field({ name: "attribution", label: "Atribusi Peta", placeholder: "© OpenStreetMap contributors" }),
    h("div", { class: "actions" }, msave),
  );
  mform.set({ xyz_url: current.xyz_url ?? "", attribution: current.attribution });
  msave.addEventListener("click", () =>
    void mform.busy(msave, async () => {
      mform.clearErrors();
      try {
        await ctx.api.mapSetSettings({ xyz_url: mform.value("xyz_url") || null, attribution: mform.value("attribution") });
        mform.showBanner("Pengaturan peta tersimpan.", "success");
      } catch (e) {
        if (e instanceof CommandFailure) mform.showError(e.error);
      }
    }),
  );
  const rows = h("tbody", { id: "peta-paket" });
  const fill = async () => {
    const packs = await ctx.api.mapPacks().catch(() => []);
    rows.replaceChildren(
      ...packs.map((p) =>
        h(
          "tr",
          { "data-file": p.file },
          h("td", {}, p.name, p.shipped ? h("span", { class: "muted" }, " (bawaan)") : ""),
          h("td", {}, `${p.min_zoom}–${p.max_zoom}`),
          h("td", {}, `${p.tiles.toLocaleString("id-ID")} ubin, ${sizeLabel(p.size_bytes)}`),
          h("td", {}, p.attribution),
          h(
            "td",
            {},
            p.shipped || !isAdmin
              ? ""
              : h("button", { type: "button", class: "btn btn-small btn-danger", onclick: async () => (await ctx.api.mapRemovePack(p.file).catch(() => null), void fill()) }, "Hapus"),
          ),
        ),
      ),
    );
  };
  const isAdmin = ctx.status.session?.profile.role === "admin";
  const section = h(
    "div",
    { id: "peta-paket-bagian" },
    h("h3", {}, "Paket Peta Luring"),
    h("table", { class: "table" }, h("thead", {}, h("tr", {}, ...["Nama", "Zoom", "Isi", "Sumber", ""].map((x) => h("th", {}, x)))), rows),
  );
  if (isAdmin) {
    const iform = new Form("peta-impor");
    const input = h("input", { id: "peta-impor-berkas", type: "file", accept: ".pmtiles,.mbtiles", "aria-label": "Berkas peta (PMTiles atau MBTiles)" }) as HTMLInputElement;
    const go = h("button", { id: "peta-impor-submit", type: "submit", class: "btn btn-primary" }, "Impor Paket Peta");
    iform.el.append(h("p", { class: "muted" }, "Impor paket peta yang lebih rinci (PMTiles atau MBTiles berisi ubin raster PNG/JPEG), misalnya citra satu kabupaten."), input, h("div", { class: "actions" }, go));
    go.addEventListener("click", () =>
      void iform.busy(go, async () => {
        iform.clearErrors();
        const file = input.files?.[0];
        if (!file) return iform.showBanner("Pilih berkas paket peta (.pmtiles atau .mbtiles) terlebih dahulu.", "error");
        try {
          const pack = await ctx.api.mapImportPack(file);
          iform.showBanner(`Paket peta "${pack.name}" terpasang (zoom ${pack.min_zoom}–${pack.max_zoom}).`, "success");
          input.value = "";
          await fill();
        } catch (e) {
          if (e instanceof CommandFailure) iform.showBanner(e.error.message, "error");
        }
      }),
    );
    section.append(iform.el);
  }
  await fill();
  return h("div", {}, mform.el, section);
}
