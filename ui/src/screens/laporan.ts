// Laporan Layanan (admin): per permit type, the applications of a period in each state,
// the late ones, and for the finished ones the office's working days against the SLA.
import type { Ctx, Notice } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import type { VolumeRow } from "../bindings/VolumeRow";
import { h } from "../dom";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";
import { periodFields } from "../dates";

/** "3 dari 4 (75%)", or "-" when nothing finished. */
export function onTime(r: VolumeRow): string {
  return r.selesai ? `${r.tepat_waktu} dari ${r.selesai} (${Math.round((r.tepat_waktu * 100) / r.selesai)}%)` : "-";
}

export async function laporanScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const { from, to, read } = periodFields("lap");
  const rows = h("tbody", { id: "lap-rows" });
  const alert = h("div", { id: "lap-alert", hidden: true, class: "alert alert-error" });
  const show = async () => {
    alert.hidden = true;
    try {
      const list = await ctx.api.adminVolume(...read());
      rows.replaceChildren(
        ...(list.length
          ? list.map((r) =>
              h(
                "tr",
                { "data-id": r.permit_type_id },
                h("td", {}, r.jenis_izin),
                h("td", {}, String(r.diajukan)),
                h("td", {}, String(r.diproses)),
                h("td", {}, String(r.perlu_perbaikan)),
                h("td", {}, String(r.selesai)),
                h("td", {}, String(r.ditolak)),
                h("td", { class: r.terlambat ? "sla-overdue" : "" }, String(r.terlambat)),
                h("td", {}, r.rata_hari_kerja === null ? "-" : r.rata_hari_kerja.toFixed(1).replace(".", ",")),
                h("td", {}, `${r.sla_days} hari`),
                h("td", {}, onTime(r)),
              ),
            )
          : [h("tr", {}, h("td", { colspan: "10", class: "muted" }, "Tidak ada permohonan pada periode ini."))]),
      );
    } catch (e) {
      alert.textContent = e instanceof CommandFailure ? e.error.message : String(e);
      alert.hidden = false;
    }
  };
  void show();
  return shell(
    ctx,
    "laporan",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Laporan Layanan per Jenis Izin"),
      h("p", { class: "muted" }, "Permohonan yang diajukan pada periode ini. Hari kerja dihitung tanpa Sabtu, Minggu, hari libur nasional dan waktu perbaikan oleh pemohon."),
      h("div", { class: "filters" }, h("label", {}, "Dari ", from), h("label", {}, "Sampai ", to), h("button", { id: "lap-show", class: "btn btn-success", onclick: () => void show() }, "Tampilkan")),
      alert,
      h(
        "table",
        { class: "table", id: "lap-table" },
        h("thead", {}, h("tr", {}, ...["Jenis Izin", "Menunggu", "Diproses", "Perbaikan", "Selesai", "Ditolak", "Terlambat", "Rata-rata Hari Kerja", "SLA", "Tepat Waktu"].map((x) => h("th", {}, x)))),
        rows,
      ),
    ),
  );
}
