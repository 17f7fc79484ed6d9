// 3.3 Monitoring Izin: the status and tracking of an application by its resi, without
// login. The applicant's name is masked by the server.
import type { Ctx, Notice } from "../app";
import type { MonitoringView } from "../bindings/MonitoringView";
import { clear, formatDateTime, h } from "../dom";
import { Form } from "../form";
import { CommandFailure } from "../ipc";
import { publicFrame } from "./public";
import { shell } from "./shell";

function result(m: MonitoringView): HTMLElement {
  const row = (k: string, id: string, v: string) => h("div", { class: "kv" }, h("div", { class: "k" }, k), h("div", { class: "v", id }, v));
  return h(
    "div",
    { class: "monitoring", id: "mon-result" },
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Detail Permohonan"),
      row("Resi", "mon-resi", m.resi),
      row("Tanggal", "mon-tanggal", formatDateTime(m.tanggal)),
      row("Nama Pemohon", "mon-nama", m.nama_pemohon),
      row("Jenis Izin", "mon-jenis", m.jenis_izin),
      row("Jenis Permohonan", "mon-permohonan", m.jenis_permohonan),
      row("Status", "mon-status", m.status_label),
      row("Keterangan", "mon-keterangan", m.keterangan),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Proses Izin"),
      h("ol", { class: "timeline", id: "mon-timeline" }, ...m.timeline.map((t) => h("li", {}, h("strong", {}, t.status_label), ` — ${formatDateTime(t.at)}`, h("div", { class: "muted" }, t.note)))),
    ),
    m.catatan_penolakan ? h("section", { class: "card alert alert-error", id: "mon-penolakan" }, h("h2", {}, "Catatan Penolakan"), m.catatan_penolakan) : null,
  );
}

export function monitoringScreen(ctx: Ctx, notice?: Notice): HTMLElement {
  const form = new Form("mon");
  const search = h("button", { id: "mon-search", type: "submit", class: "btn btn-primary" }, "Cari");
  form.el.append(form.field({ name: "resi", label: "Nomor Resi", placeholder: "contoh: 7K3M-Q9X2-H43" }, search));
  const out = h("div", { id: "mon-out" });
  search.addEventListener("click", () =>
    void form.busy(search, async () => {
      form.clearErrors();
      clear(out);
      try {
        out.append(result(await ctx.api.monitoring(form.value("resi"))));
      } catch (e) {
        if (e instanceof CommandFailure) {
          form.showError(e.error);
          if (e.error.code === "offline") ctx.setOnline(false);
        }
      }
    }),
  );
  const body = [h("p", { class: "muted" }, "Lacak status permohonan dengan nomor resi, tanpa login."), form.el, out];
  const session = ctx.status.session;
  if (session) {
    return shell(ctx, "monitoring", session.profile, notice, h("section", { class: "card" }, h("h2", {}, "Monitoring Izin"), ...body));
  }
  return publicFrame(
    ctx,
    "Monitoring Izin",
    notice,
    ...body,
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Kembali ke Login")),
  );
}
