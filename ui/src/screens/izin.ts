// Izin Saya: the permits issued to the applicant (Izin Aktif / Izin Kadaluarsa / Cetak
// Dokumen, the last with the guide's filters: permit type, status, the day issued), Cetak
// Izin, Perpanjangan, and checking a permit's QR code offline with the office's public key.
import type { Ctx, Notice } from "../app";
import type { LocalPermit } from "../bindings/LocalPermit";
import type { ProfileView } from "../bindings/ProfileView";
import { periodFields } from "../dates";
import { archiveDay } from "./arsip";
import { formatDate, h } from "../dom";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

function message(e: unknown): string {
  return e instanceof CommandFailure ? e.error.message : e instanceof Error ? e.message : String(e);
}

export type IzinTab = "aktif" | "kadaluarsa" | "cetak";

/** What Cetak Dokumen narrows the permits to; empty means any. Days are YYYY-MM-DD. */
export interface IzinFilter {
  jenis: string;
  state: string;
  from: string;
  to: string;
}

/** The permits a tab shows: the active ones, the others (expired or revoked), or on Cetak
 * Dokumen every permit that passes `f` (issued within the days given). */
export function permitsShown(permits: LocalPermit[], tab: IzinTab, f: IzinFilter): LocalPermit[] {
  if (tab === "aktif") return permits.filter((p) => p.state === "aktif");
  if (tab === "kadaluarsa") return permits.filter((p) => p.state !== "aktif");
  return permits.filter((p) => {
    const c = p.izin.content;
    return (!f.jenis || c.jenis_izin === f.jenis) && (!f.state || p.state === f.state) && (!f.from || c.terbit >= f.from) && (!f.to || c.terbit <= f.to);
  });
}

const STATE_LABEL: Record<string, string> = { aktif: "Aktif", kadaluarsa: "Kadaluarsa", dicabut: "Dicabut" };

export async function izinScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const permits = await ctx.api.permits();
  const result = h("div", { id: "izin-result", hidden: true });
  const say = (text: string, kind: "success" | "error") => {
    result.textContent = text;
    result.className = `alert alert-${kind}`;
    result.hidden = false;
  };
  let tab: IzinTab = "aktif";
  const body = h("tbody", { id: "izin-rows" });
  const jenis = h("select", { id: "izin-jenis", "aria-label": "Jenis Izin" }, h("option", { value: "" }, "Semua Jenis Izin"), ...[...new Set(permits.map((p) => p.izin.content.jenis_izin))].sort().map((j) => h("option", { value: j }, j)));
  const state = h("select", { id: "izin-state", "aria-label": "Status" }, h("option", { value: "" }, "Semua Status"), ...Object.entries(STATE_LABEL).map(([v, l]) => h("option", { value: v }, l)));
  const { from, to, read } = periodFields("izin");
  from.value = "";
  to.value = "";
  const filters = h("div", { class: "filters", id: "izin-filters", hidden: true }, jenis, state, from, to);
  for (const el of [jenis, state, from, to]) el.addEventListener("change", () => render());
  const render = () => {
    // A day that is not one is said so, and narrows nothing.
    const [f, t] = read().map(archiveDay);
    if (f === null || t === null) say("Tanggal ditulis HH/BB/TTTT, misalnya 15/01/2026.", "error");
    else if (result.textContent?.startsWith("Tanggal ditulis")) result.hidden = true;
    const rows = permitsShown(permits, tab, { jenis: jenis.value, state: state.value, from: f ?? "", to: t ?? "" });
    filters.hidden = tab !== "cetak";
    body.replaceChildren(
      ...(rows.length
        ? rows.map((p) =>
            h(
              "tr",
              { "data-id": p.izin.content.application_id },
              h("td", { class: "nomor" }, p.izin.content.nomor, p.renewed_by ? h("div", { class: "muted izin-renewed" }, `Diperpanjang: permohonan ${p.renewed_by}`) : null),
              h("td", {}, p.izin.content.jenis_izin),
              h("td", {}, formatDate(p.izin.content.terbit), p.state !== "aktif" ? h("span", { class: "badge offline izin-state" }, ` ${STATE_LABEL[p.state] ?? p.state}`) : null),
              h("td", {}, p.izin.content.berlaku_sampai ? formatDate(p.izin.content.berlaku_sampai) : "Selama usaha berjalan", p.days_left !== null && p.days_left <= 30 && p.days_left >= 0 ? h("span", { class: "badge offline" }, ` ${p.days_left} hari lagi`) : null),
              h(
                "td",
                {},
                h(
                  "button",
                  {
                    class: "btn btn-small btn-success print-izin",
                    onclick: async () => {
                      try {
                        say(`Izin tersimpan di ${await ctx.api.permitPrint(p.izin.content.application_id)}`, "success");
                      } catch (e) {
                        say(message(e), "error");
                      }
                    },
                  },
                  "Cetak Izin",
                ),
                " ",
                h(
                  "button",
                  {
                    class: "btn btn-small btn-info renew",
                    onclick: async () => {
                      try {
                        await ctx.api.permitRenew(p.izin.content.application_id);
                        ctx.go("wizard");
                      } catch (e) {
                        say(message(e), "error");
                      }
                    },
                  },
                  "Perpanjangan",
                ),
              ),
            ),
          )
        : [h("tr", {}, h("td", { colspan: "5", class: "muted", id: "izin-empty" }, tab === "aktif" ? "Belum ada izin aktif." : tab === "kadaluarsa" ? "Tidak ada izin kadaluarsa." : "Tidak ada izin yang cocok."))]),
    );
    tabs.querySelectorAll("button").forEach((b) => b.classList.toggle("active", b.dataset.tab === tab));
  };
  const tabs = h(
    "div",
    { class: "tabs" },
    h("button", { id: "tab-aktif", class: "tab", "data-tab": "aktif", onclick: () => ((tab = "aktif"), render()) }, "Izin Aktif"),
    h("button", { id: "tab-kadaluarsa", class: "tab", "data-tab": "kadaluarsa", onclick: () => ((tab = "kadaluarsa"), render()) }, "Izin Kadaluarsa"),
    h("button", { id: "tab-cetak", class: "tab", "data-tab": "cetak", onclick: () => ((tab = "cetak"), render()) }, "Cetak Dokumen"),
  );
  render();

  const qr = h("textarea", { id: "verify-text", rows: 3, placeholder: "Tempel isi kode QR izin (hasil pindai)" });
  const verdict = h("div", { id: "verify-result", hidden: true });
  const verify = h(
    "button",
    {
      id: "verify-submit",
      class: "btn btn-primary",
      onclick: async () => {
        const v = await ctx.api.permitVerify(qr.value);
        verdict.replaceChildren(h("strong", {}, v.valid ? "SAH. " : "TIDAK SAH. "), v.message, v.izin ? h("div", {}, `${v.izin.content.nomor} — ${v.izin.content.jenis_izin} — ${v.izin.content.pemegang}`) : "");
        verdict.className = v.valid ? "alert alert-success" : "alert alert-error";
        verdict.hidden = false;
      },
    },
    "Periksa Keabsahan",
  );
  return shell(
    ctx,
    "izin",
    view.profile,
    notice,
    h("section", { class: "card" }, h("h2", {}, "Izin Saya"), tabs, filters, result, h("table", { class: "table", id: "izin-table" }, h("thead", {}, h("tr", {}, ...["Nomor Izin", "Jenis Izin", "Terbit", "Berlaku Sampai", "Aksi"].map((x) => h("th", {}, x)))), body)),
    h("section", { class: "card" }, h("h2", {}, "Verifikasi Izin"), h("p", { class: "muted" }, "Periksa keabsahan izin dari kode QR-nya, tanpa internet, dengan kunci publik DPMPTSP yang ada di aplikasi ini."), qr, h("div", { class: "actions" }, verify), verdict),
  );
}
