// The server this installation talks to.
import type { Ctx, Notice } from "../app";
import { h } from "../dom";
import { Form } from "../form";
import { CommandFailure } from "../ipc";
import { publicFrame } from "./public";

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
    h("h3", {}, "Printer untuk Cetak Resi dan Cetak Izin"),
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
  return publicFrame(
    ctx,
    "Pengaturan",
    notice,
    form.el,
    pform.el,
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Kembali ke Login")),
  );
}
