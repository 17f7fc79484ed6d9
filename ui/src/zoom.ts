// The arithmetic of the attachment viewer: zoom steps, quarter turns, fitting a box.

export interface ViewState {
  zoom: number;
  rotation: number;
}

/** Zoom steps: ×1.25 each, between 10 % and 800 %. */
export function zoomed(zoom: number, dir: 1 | -1): number {
  const z = dir > 0 ? zoom * 1.25 : zoom / 1.25;
  return Math.min(8, Math.max(0.1, Math.round(z * 1000) / 1000));
}

export function rotated(rotation: number): number {
  return (rotation + 90) % 360;
}

/** The zoom at which a `w`×`h` image (turned by `rotation`) fits a `bw`×`bh` box. */
export function fitZoom(w: number, hgt: number, rotation: number, bw: number, bh: number): number {
  const [iw, ih] = rotation % 180 === 0 ? [w, hgt] : [hgt, w];
  if (iw <= 0 || ih <= 0) return 1;
  return Math.min(bw / iw, bh / ih, 8);
}
