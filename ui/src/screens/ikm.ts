// Laporan IKM (admin): the index per period and permit type, a chart of each element's
// NRR, and the report exported as CSV and PDF.
import type { Ctx, Notice } from "../app";
import type { IkmReport } from "../bindings/IkmReport";
import type { ProfileView } from "../bindings/ProfileView";
import { h } from "../dom";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";
import { periodFields } from "../dates";

const ELEMENT_NAMES = ["Persyaratan", "Prosedur", "Waktu", "Biaya/tarif", "Produk", "Kompetensi", "Perilaku", "Pengaduan", "Sarana"];
const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A bar chart of NRR (1–4) per element U1–U9. */
export function nrrChart(nrr: number[]): SVGSVGElement {
  const width = 640;
  const row = 26;
  const left = 130;
  const scale = (width - left - 60) / 4;
  const chart = svg("svg", { id: "ikm-chart", width, height: row * nrr.length + 10, viewBox: `0 0 ${width} ${row * nrr.length + 10}`, role: "img" });
  nrr.forEach((v, i) => {
    const y = i * row + 5;
    chart.append(svg("text", { x: 0, y: y + 15, "font-size": 12 }, `U${i + 1} ${ELEMENT_NAMES[i]}`));
    chart.append(svg("rect", { x: left, y, width: Math.max(0, v * scale), height: row - 8, fill: "#0d6e4f", "data-element": `U${i + 1}` }));
    chart.append(svg("text", { x: left + v * scale + 6, y: y + 15, "font-size": 12 }, v.toFixed(2).replace(".", ",")));
  });
  return chart;
}

function fmt(v: number): string {
  return v.toFixed(2).replace(".", ",");
}

export async function ikmScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const { from, to, read } = periodFields("ikm");
  const catalogue = await ctx.api.catalogue().then((c) => c.catalogue).catch(() => null);
  const permit = h("select", { id: "ikm-permit", "aria-label": "Jenis izin" }, h("option", { value: "" }, "Semua jenis izin"), ...(catalogue?.agencies ?? []).flatMap((a) => a.permit_types).map((t) => h("option", { value: t.id }, t.name)));
  const out = h("div", { id: "ikm-result" });
  const alert = h("div", { id: "ikm-alert", hidden: true });
  const err = (e: unknown) => {
    alert.textContent = e instanceof CommandFailure ? e.error.message : String(e);
    alert.className = "alert alert-error";
    alert.hidden = false;
  };
  const render = (r: IkmReport) => {
    if (!r.overall) {
      out.replaceChildren(h("p", { class: "muted", id: "ikm-empty" }, "Belum ada survey pada periode ini."));
      return;
    }
    const o = r.overall;
    out.replaceChildren(
      h("p", { id: "ikm-summary", class: "ikm-summary" }, h("strong", {}, `IKM ${fmt(o.converted)}`), ` — mutu ${o.mutu} (${o.kinerja}), ${o.respondents} responden`),
      r.persepsi_korupsi !== null ? h("p", { class: "muted" }, `Indeks persepsi korupsi: ${fmt(r.persepsi_korupsi)}`) : "",
      nrrChart(o.nrr),
      h(
        "table",
        { class: "table", id: "ikm-table" },
        h("thead", {}, h("tr", {}, ...["Jenis Izin", "Responden", "Nilai IKM", "Mutu", "Kinerja"].map((x) => h("th", {}, x)))),
        h("tbody", {}, ...r.per_permit_type.map((p) => h("tr", {}, h("td", {}, p.jenis_izin), h("td", {}, String(p.result.respondents)), h("td", {}, fmt(p.result.converted)), h("td", {}, p.result.mutu), h("td", {}, p.result.kinerja)))),
      ),
    );
  };
  const show = async () => {
    alert.hidden = true;
    try {
      render(await ctx.api.ikmReport(...read(), permit.value));
    } catch (e) {
      err(e);
    }
  };
  const exported = h("div", { id: "ikm-exported", hidden: true, class: "alert alert-success" });
  const exportBtn = h(
    "button",
    {
      id: "ikm-export",
      class: "btn btn-info",
      onclick: async () => {
        try {
          const paths = await ctx.api.ikmExport(...read(), permit.value);
          exported.textContent = `Tersimpan: ${paths.join(" dan ")}`;
          exported.hidden = false;
        } catch (e) {
          err(e);
        }
      },
    },
    "Ekspor CSV & PDF",
  );
  void show();
  return shell(
    ctx,
    "ikm",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Laporan Indeks Kepuasan Masyarakat"),
      h("div", { class: "filters" }, h("label", {}, "Dari ", from), h("label", {}, "Sampai ", to), permit, h("button", { id: "ikm-show", class: "btn btn-success", onclick: () => void show() }, "Tampilkan"), exportBtn),
      alert,
      exported,
      out,
    ),
  );
}
