// Lists of applications as the guide shows them: progress icons, search by resi or permit
// type, pages of ten ("Hal 1 dari N").
import type { LocalApplication } from "./bindings/LocalApplication";

export type Progress = "ditolak" | "proses" | "selesai";

export const PROGRESS_LABEL: Record<Progress, string> = {
  ditolak: "✗ Ditolak",
  proses: "↻ Dalam Proses",
  selesai: "✓ Selesai",
};

export function progressOf(status: string): Progress {
  if (status === "ditolak") return "ditolak";
  if (status === "selesai") return "selesai";
  return "proses";
}

/** Applications whose resi (typed with or without dashes) or permit name contains `query`. */
export function filterApps(apps: LocalApplication[], query: string, permitName: (id: string) => string): LocalApplication[] {
  const q = query.trim().toLowerCase();
  if (!q) return apps;
  const bare = q.replace(/[-\s]/g, "");
  return apps.filter((a) => a.resi.toLowerCase().replace(/-/g, "").includes(bare) || permitName(a.permit_type_id).toLowerCase().includes(q));
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
}

export function paginate<T>(items: T[], page: number, size = 10): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(1, page), pages);
  return { items: items.slice((p - 1) * size, p * size), page: p, pages };
}
