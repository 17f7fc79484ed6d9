// Lists of applications as the guide shows them: the progress icons. (The search by resi
// or permit type and the pages of ten are the `applications_page` command's.)

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
