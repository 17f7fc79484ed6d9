// The permit site on a map: the checks' verdict, the static preview, and (in the wizard) the
// buttons that open the picker window. The picker is a native window of its own; the form
// waits for its answer.
import type { Ctx } from "./app";
import type { Lokasi } from "./bindings/Lokasi";
import { h } from "./dom";
import { CommandFailure } from "./ipc";

export interface MapPanel {
  el: HTMLElement;
  /** Re-runs the checks and redraws the preview from the current `lokasi`. */
  refresh: () => Promise<void>;
}

export interface MapPanelOptions {
  /** Wizard: buttons to open the picker; called after it changed `lokasi`. */
  onPicked?: () => void;
  /** Prefix of the element ids (several panels may share a page). */
  id?: string;
  /** Told the checks' verdict after each refresh. */
  onChecked?: (ok: boolean) => void;
}

export function mapPanel(ctx: Ctx, lokasi: Lokasi, opts: MapPanelOptions = {}): MapPanel {
  const id = opts.id ?? "lokasi-peta";
  const status = h("div", { id: `${id}-status`, class: "map-status", role: "status" });
  const area = h("div", { id: `${id}-luas`, class: "map-area" });
  const img = h("img", { id: `${id}-preview`, class: "map-preview", alt: "Peta lokasi izin", hidden: true }) as HTMLImageElement;
  const credit = h("div", { id: `${id}-atribusi`, class: "muted small" });
  const empty = h("div", { id: `${id}-kosong`, class: "map-empty muted" }, "Belum ada titik lokasi. Klik \"Pilih di Peta\" atau isi Koordinat Lintang dan Bujur.");
  const buttons: HTMLButtonElement[] = [];
  let clearButton: HTMLButtonElement | null = null;
  let generation = 0;

  const refresh = async () => {
    const mine = ++generation;
    const hasPoint = lokasi.lintang.trim() !== "" && lokasi.bujur.trim() !== "";
    if (!hasPoint && lokasi.poligon.length === 0) {
      status.replaceChildren();
      area.replaceChildren();
      if (clearButton) clearButton.hidden = lokasi.poligon.length === 0;
      img.hidden = true;
      credit.textContent = "";
      empty.hidden = false;
      return;
    }
    empty.hidden = true;
    const check = await ctx.api.mapCheck(lokasi).catch(() => null);
    if (mine !== generation) return;
    status.className = `map-status ${check?.ok ? "ok" : "bad"}`;
    status.replaceChildren(
      check ? (check.ok ? `✔ Lokasi: ${check.message}` : `✖ ${check.message}`) : "",
      ...(check?.dms ? [h("span", { class: "muted" }, ` (${check.dms})`)] : []),
      ...(check?.warning ? [h("div", { class: "map-warning", id: `${id}-peringatan` }, `⚠ ${check.warning}`)] : []),
    );
    area.textContent = check?.area ? `Luas area: ${check.area} — ${lokasi.poligon.length} titik sudut` : "";
    if (clearButton) clearButton.hidden = lokasi.poligon.length === 0;
    opts.onChecked?.(check?.ok ?? false);
    const preview = await ctx.api.mapPreview(lokasi).catch(() => null);
    if (mine !== generation) return;
    if (preview) {
      img.src = preview.data_url;
      img.hidden = false;
      img.dataset.zoom = String(preview.zoom);
      credit.textContent = preview.attribution ? `Peta: ${preview.attribution}` : "";
    } else {
      img.hidden = true;
      credit.textContent = "";
    }
  };

  const pick = async (polygon: boolean, button: HTMLButtonElement) => {
    const label = button.textContent;
    buttons.forEach((b) => (b.disabled = true));
    button.textContent = "Jendela peta terbuka…";
    try {
      const answer = await ctx.api.mapPick(polygon, lokasi);
      if (answer.result === "point" || answer.result === "polygon") {
        lokasi.lintang = answer.lintang;
        lokasi.bujur = answer.bujur;
        lokasi.poligon = answer.poligon;
        opts.onPicked?.();
        await refresh();
      }
    } catch (e) {
      if (e instanceof CommandFailure) {
        status.className = "map-status bad";
        status.textContent = `✖ ${e.error.message}`;
      }
    } finally {
      button.textContent = label;
      buttons.forEach((b) => (b.disabled = false));
    }
  };

  const el = h("div", { class: "map-box", id });
  if (opts.onPicked) {
    const point = h("button", { type: "button", id: `${id}-pilih`, class: "btn btn-info" }, "Pilih di Peta") as HTMLButtonElement;
    const polygon = h("button", { type: "button", id: `${id}-poligon`, class: "btn btn-info" }, "Gambar Area (Poligon)") as HTMLButtonElement;
    const clear = h("button", { type: "button", id: `${id}-hapus-poligon`, class: "btn btn-small" }, "Hapus Poligon") as HTMLButtonElement;
    point.addEventListener("click", () => void pick(false, point));
    polygon.addEventListener("click", () => void pick(true, polygon));
    clear.addEventListener("click", () => {
      lokasi.poligon = [];
      opts.onPicked?.();
      void refresh();
    });
    buttons.push(point, polygon, clear);
    clearButton = clear;
    clear.hidden = lokasi.poligon.length === 0;
    el.append(h("div", { class: "map-actions" }, point, polygon, clear));
  }
  el.append(status, area, empty, img, credit);
  return { el, refresh };
}
