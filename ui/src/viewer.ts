// The attachment viewer of the review screen: images with zoom, pan (drag), rotate and
// fit; PDFs rendered page by page inside the app with pdf.js; anything else (DWG) opened
// with the computer's own application.
import type { PDFDocumentProxy } from "pdfjs-dist";
import { h } from "./dom";
import { fitZoom, rotated, zoomed, type ViewState } from "./zoom";

// pdf.js is most of the UI's code and only a verifier opening a PDF needs it: it is loaded
// then, once, with one worker that every PDF shown afterwards reuses (starting a worker
// parses 1.2 MB of script).
type Pdfjs = typeof import("pdfjs-dist");
let pdfjsLoaded: Promise<{ pdfjs: Pdfjs; worker: InstanceType<Pdfjs["PDFWorker"]> }> | null = null;
function loadPdfjs(): NonNullable<typeof pdfjsLoaded> {
  pdfjsLoaded ??= Promise.all([import("pdfjs-dist"), import("pdfjs-dist/build/pdf.worker.min.mjs?url")]).then(([pdfjs, url]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = url.default;
    return { pdfjs, worker: new pdfjs.PDFWorker() };
  });
  return pdfjsLoaded;
}
/** The PDF last opened: closed when another one is (one viewer is on screen at a time). */
let shownPdf: PDFDocumentProxy | null = null;

function toolbar(...buttons: HTMLElement[]): HTMLElement {
  return h("div", { class: "viewer-tools" }, ...buttons);
}

function tool(id: string, label: string, title: string, onclick: () => void): HTMLButtonElement {
  return h("button", { id, class: "btn btn-small btn-info", title, onclick }, label);
}

/** Dragging inside `box` scrolls it (pan). */
function pannable(box: HTMLElement): void {
  let start: { x: number; y: number; left: number; top: number } | null = null;
  box.addEventListener("pointerdown", (e) => {
    start = { x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop };
    box.setPointerCapture(e.pointerId);
    box.classList.add("panning");
  });
  box.addEventListener("pointermove", (e) => {
    if (!start) return;
    box.scrollLeft = start.left - (e.clientX - start.x);
    box.scrollTop = start.top - (e.clientY - start.y);
  });
  const stop = () => {
    start = null;
    box.classList.remove("panning");
  };
  box.addEventListener("pointerup", stop);
  box.addEventListener("pointercancel", stop);
}

export function imageViewer(bytes: ArrayBuffer, mime: string): HTMLElement {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const img = h("img", { id: "viewer-image", src: url, alt: "Lampiran", draggable: "false" });
  const box = h("div", { class: "viewer-box", id: "viewer-box" }, img);
  const state: ViewState = { zoom: 1, rotation: 0 };
  const label = h("span", { id: "viewer-zoom", class: "muted" }, "100%");
  const apply = () => {
    const w = img.naturalWidth * state.zoom;
    const hh = img.naturalHeight * state.zoom;
    img.style.width = `${w}px`;
    img.style.height = `${hh}px`;
    img.style.transform = `rotate(${state.rotation}deg)`;
    // Keep the turned image inside the scroll area.
    const turned = state.rotation % 180 !== 0;
    const off = turned ? (w - hh) / 2 : 0;
    img.style.margin = turned ? `${-off}px ${off}px` : "0";
    img.dataset.rotation = String(state.rotation);
    img.dataset.zoom = String(state.zoom);
    label.textContent = `${Math.round(state.zoom * 100)}%`;
  };
  const fit = () => {
    state.zoom = fitZoom(img.naturalWidth, img.naturalHeight, state.rotation, box.clientWidth - 8, box.clientHeight - 8);
    apply();
  };
  img.addEventListener("load", fit);
  // A picture the browser cannot draw (damaged, or not what it claims) says so instead of
  // showing a broken-image icon.
  img.addEventListener("error", () =>
    box.replaceChildren(
      h("div", { class: "alert alert-error", id: "viewer-broken", role: "alert" }, "Gambar ini tidak dapat ditampilkan: filenya rusak atau tidak lengkap. Minta pemohon mengunggah ulang dokumen ini."),
    ),
  );
  pannable(box);
  box.addEventListener("wheel", (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    state.zoom = zoomed(state.zoom, e.deltaY < 0 ? 1 : -1);
    apply();
  });
  return h(
    "div",
    { class: "viewer" },
    toolbar(
      tool("viewer-zoom-in", "+", "Perbesar", () => ((state.zoom = zoomed(state.zoom, 1)), apply())),
      tool("viewer-zoom-out", "−", "Perkecil", () => ((state.zoom = zoomed(state.zoom, -1)), apply())),
      tool("viewer-rotate", "⟳ Putar", "Putar 90°", () => ((state.rotation = rotated(state.rotation)), fit())),
      tool("viewer-fit", "Sesuaikan", "Sesuaikan dengan layar", fit),
      label,
    ),
    box,
  );
}

/** A PDF, one page at a time, rendered on a canvas by pdf.js. */
export function pdfViewer(bytes: ArrayBuffer): HTMLElement {
  const canvas = h("canvas", { id: "viewer-canvas" });
  const box = h("div", { class: "viewer-box", id: "viewer-box" }, canvas);
  const info = h("span", { id: "viewer-page", class: "muted" }, "Memuat…");
  const state: ViewState & { page: number; pages: number } = { zoom: 1, rotation: 0, page: 1, pages: 0 };
  let doc: PDFDocumentProxy | null = null;
  let rendering: Promise<void> = Promise.resolve();
  const render = () => {
    rendering = rendering.then(async () => {
      if (!doc) return;
      const page = await doc.getPage(state.page);
      const viewport = page.getViewport({ scale: state.zoom * (window.devicePixelRatio || 1), rotation: state.rotation });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / (window.devicePixelRatio || 1))}px`;
      await page.render({ canvas, viewport }).promise;
      canvas.dataset.page = String(state.page);
      info.textContent = `Halaman ${state.page} dari ${state.pages} · ${Math.round(state.zoom * 100)}%`;
    });
  };
  const fit = async () => {
    if (!doc) return;
    const page = await doc.getPage(state.page);
    const v = page.getViewport({ scale: 1, rotation: state.rotation });
    state.zoom = Math.max(0.1, (box.clientWidth - 16) / v.width);
    render();
  };
  loadPdfjs()
    .then(({ pdfjs, worker }) => pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, worker }).promise)
    .then((d) => {
      void shownPdf?.destroy();
      shownPdf = d;
      doc = d;
      state.pages = d.numPages;
      void fit();
    })
    .catch((e: unknown) => {
      info.textContent = `PDF tidak dapat ditampilkan: ${e instanceof Error ? e.message : String(e)}`;
    });
  pannable(box);
  return h(
    "div",
    { class: "viewer" },
    toolbar(
      tool("viewer-prev", "‹", "Halaman sebelumnya", () => state.page > 1 && ((state.page -= 1), render())),
      tool("viewer-next", "›", "Halaman berikutnya", () => state.page < state.pages && ((state.page += 1), render())),
      tool("viewer-zoom-in", "+", "Perbesar", () => ((state.zoom = zoomed(state.zoom, 1)), render())),
      tool("viewer-zoom-out", "−", "Perkecil", () => ((state.zoom = zoomed(state.zoom, -1)), render())),
      tool("viewer-rotate", "⟳ Putar", "Putar 90°", () => ((state.rotation = rotated(state.rotation)), void fit())),
      tool("viewer-fit", "Sesuaikan", "Sesuaikan lebar", () => void fit()),
      info,
    ),
    box,
  );
}
