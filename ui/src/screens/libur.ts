// Hari Libur: the working-day calendar's closed days (national holidays and joint leave of
// the SKB 3 Menteri) that every deadline counts with. Everyone reads them (Bantuan, offline
// too); the admin adds or removes a day, or loads a year's SKB table whole when it is
// published, and is warned while next year's table is missing.
import type { Ctx, Notice } from "../app";
import type { Holiday } from "../bindings/Holiday";
import type { HolidayTable } from "../bindings/HolidayTable";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDate, todayWita } from "../dates";
import { confirmButton, h } from "../dom";
import { Form } from "../form";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

const KIND: Record<Holiday["kind"], string> = { libur: "Libur Nasional", cuti: "Cuti Bersama" };

function rows(days: Holiday[], action?: (d: Holiday) => HTMLElement): HTMLElement[] {
  return days.length
    ? days.map((d) => h("tr", { "data-date": d.date }, h("td", {}, formatDate(d.date)), h("td", {}, d.name), h("td", {}, KIND[d.kind]), action ? h("td", {}, action(d)) : ""))
    : [h("tr", {}, h("td", { colspan: action ? 4 : 3, class: "muted" }, "Belum ada hari libur untuk tahun ini."))];
}

/** The closed days of this year (and next, once loaded), for Bantuan. */
export function holidaysList(ctx: Ctx): HTMLElement {
  const box = h("div", { id: "help-holidays" });
  void ctx.api
    .holidays()
    .then((v) => {
      const year = Number(todayWita().slice(0, 4));
      const shown = v.table.days.filter((d) => Number(d.date.slice(0, 4)) >= year && v.table.years.some((y) => y.year === Number(d.date.slice(0, 4))));
      box.replaceChildren(
        h("table", { class: "table" }, h("thead", {}, h("tr", {}, h("th", {}, "Tanggal"), h("th", {}, "Keterangan"), h("th", {}, "Jenis"))), h("tbody", {}, ...rows(shown))),
        h("p", { class: "muted small" }, v.table.years.filter((y) => y.year >= year).map((y) => `${y.year}: ${y.source}`).join(" · ")),
      );
    })
    .catch(() => box.replaceChildren());
  return box;
}

/** The admin's warning while next year's SKB table is not loaded (hidden otherwise). */
export function holidayWarning(ctx: Ctx): HTMLElement {
  const box = h("div", { id: "libur-warning", class: "alert alert-warning", role: "status", hidden: true });
  void ctx.api
    .holidays()
    .then((v) => {
      box.dataset.checked = "1";
      const years = v.table.missing_years;
      if (!years.length) return;
      const list = years.join(" dan ");
      box.replaceChildren(
        `Tabel hari libur ${list} belum dimuat: batas waktu layanan yang sampai ke tahun itu belum memperhitungkan libur nasional dan cuti bersamanya. `,
        h("a", { href: "#", id: "libur-warning-open", onclick: (e: Event) => (e.preventDefault(), ctx.go("libur")) }, `Muat tabel SKB ${list}`),
      );
      box.hidden = false;
    })
    .catch(() => undefined);
  return box;
}

export async function liburScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const alert = h("div", { id: "libur-alert", role: "status", hidden: true });
  const say = (text: string, kind: "error" | "success") => {
    alert.textContent = text;
    alert.className = `alert alert-${kind}`;
    alert.hidden = false;
  };
  let table: HolidayTable = (await ctx.api.holidays()).table;
  const thisYear = Number(todayWita().slice(0, 4));
  const year = h("select", { id: "libur-tahun", "aria-label": "Tahun" }, ...[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => h("option", { value: String(y), selected: y === thisYear }, String(y))));
  const body = h("tbody", { id: "libur-rows" });
  const loaded = h("p", { id: "libur-sumber", class: "muted" });
  const draw = () => {
    const y = Number(year.value);
    body.replaceChildren(
      ...rows(
        table.days.filter((d) => d.date.startsWith(`${y}-`)),
        (d) =>
          confirmButton("libur-hapus", "Hapus", "Yakin hapus?", async () => {
            try {
              table = await ctx.api.holidayDelete(d.date);
              say(`${formatDate(d.date)} kini hari kerja.`, "success");
              draw();
            } catch (e) {
              say(e instanceof CommandFailure ? e.error.message : String(e), "error");
            }
          }),
      ),
    );
    const source = table.years.find((s) => s.year === y);
    loaded.textContent = source ? `Tabel SKB ${y} dimuat: ${source.source}.` : `Tabel SKB ${y} belum dimuat.`;
  };
  year.addEventListener("change", draw);
  /** Shows year `y` (adding it to the choice when it is not there). */
  const showYear = (y: string) => {
    if (![...year.options].some((o) => o.value === y)) year.append(h("option", { value: y }, y));
    year.value = y;
    draw();
  };

  // One day: a regional holiday, a correction.
  const one = new Form("libur-form");
  const add = h("button", { id: "libur-simpan", type: "submit", class: "btn btn-primary" }, "Simpan Hari Libur");
  one.el.append(
    one.field({ name: "date", label: "Tanggal", type: "date" }),
    one.field({ name: "kind", label: "Jenis", type: "select", options: [{ value: "libur", label: KIND.libur }, { value: "cuti", label: KIND.cuti }] }),
    one.field({ name: "name", label: "Keterangan", placeholder: "Contoh: Hari Raya Natal", maxlength: 120 }),
    h("div", { class: "actions" }, add),
  );
  add.addEventListener("click", () =>
    void one.busy(add, async () => {
      one.clearErrors();
      const v = one.values();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) {
        one.refuse("date", "Tulis tanggal hari/bulan/tahun, contoh 25/12/2027");
        return;
      }
      if (v.kind !== "libur" && v.kind !== "cuti") {
        one.refuse("kind", "Pilih Libur Nasional atau Cuti Bersama");
        return;
      }
      try {
        table = await ctx.api.holidayPut(v.date, { kind: v.kind, name: v.name });
        say(`${formatDate(v.date)} disimpan sebagai hari libur.`, "success");
        one.showBanner(`${formatDate(v.date)} disimpan sebagai hari libur.`, "success");
        showYear(v.date.slice(0, 4));
      } catch (e) {
        if (e instanceof CommandFailure) one.showError(e.error);
        else one.showBanner(String(e), "error");
      }
    }),
  );

  // A year's SKB table, whole.
  const imp = new Form("libur-impor");
  const load = h("button", { id: "libur-muat", type: "submit", class: "btn btn-primary" }, "Muat Tabel");
  const file = h("input", { id: "libur-file", type: "file", accept: ".csv,text/csv,text/plain", "aria-label": "Pilih file CSV" });
  imp.el.append(
    imp.field({ name: "year", label: "Tahun", placeholder: String(thisYear + 1), inputmode: "numeric", maxlength: 4 }),
    imp.field({ name: "source", label: "Dasar hukum", placeholder: "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. … Tahun …" }),
    imp.field({ name: "csv", label: "Tabel (tanggal,jenis,keterangan per baris)", type: "textarea", hint: "Contoh: 2027-12-25,libur,Hari Raya Natal — jenis: libur atau cuti" }, file),
    h("div", { class: "actions" }, load),
  );
  imp.set({ year: String(thisYear + 1) });
  (imp.control("csv") as HTMLTextAreaElement).rows = 8;
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (f) imp.set({ csv: await f.text() });
  });
  load.addEventListener("click", () =>
    void imp.busy(load, async () => {
      imp.clearErrors();
      const v = imp.values();
      if (!/^\d{4}$/.test(v.year.trim())) {
        imp.refuse("year", "Tulis tahun dengan empat angka, contoh 2027");
        return;
      }
      try {
        table = await ctx.api.holidaysImport(Number(v.year), { source: v.source, csv: v.csv });
        say(`Tabel hari libur ${v.year} dimuat.`, "success");
        imp.showBanner(`Tabel hari libur ${v.year} dimuat: ${table.days.filter((d) => d.date.startsWith(`${v.year}-`)).length} hari.`, "success");
        showYear(v.year.trim());
      } catch (e) {
        if (e instanceof CommandFailure) imp.showError(e.error.fields.length ? { ...e.error, message: e.error.fields.map((f) => f.message).join("\n") } : e.error);
        else imp.showBanner(String(e), "error");
      }
    }),
  );
  draw();
  return shell(
    ctx,
    "libur",
    view.profile,
    notice,
    alert,
    holidayWarning(ctx),
    h("section", { class: "card" }, h("h2", {}, "Hari Libur Kantor"), h("div", { class: "filters" }, year), loaded, h("table", { class: "table" }, h("thead", {}, h("tr", {}, h("th", {}, "Tanggal"), h("th", {}, "Keterangan"), h("th", {}, "Jenis"), h("th", {}, ""))), body)),
    h("section", { class: "card" }, h("h2", {}, "Tambah atau Ubah Satu Hari"), one.el),
    h("section", { class: "card" }, h("h2", {}, "Muat Tabel SKB Satu Tahun"), h("p", { class: "muted" }, "Hari libur tahun itu diganti seluruhnya dengan tabel ini."), imp.el),
  );
}
