// Navigation between screens and the state they share.
import type { AppStatus } from "./bindings/AppStatus";
import type { Api } from "./ipc";

export type Screen =
  | "login"
  | "register"
  | "forgot"
  | "settings"
  | "dashboard"
  | "profile"
  | "password"
  | "permohonan"
  | "files"
  | "persyaratan"
  | "pengajuan"
  | "wizard"
  | "saya"
  | "monitoring"
  | "inbox"
  | "chat"
  | "kantor"
  | "periksa"
  | "ttd"
  | "izin"
  | "revisi"
  | "bantuan"
  | "survey"
  | "ikm"
  | "pengaduan"
  | "pengguna"
  | "audit"
  | "arsip"
  | "laporan"
  | "katalog"
  | "peta"
  | "portal"
  | "libur"
  | "survei";

export interface Notice {
  message: string;
  kind: "error" | "success" | "info" | "warning";
}

export interface Ctx {
  api: Api;
  root: HTMLElement;
  status: AppStatus;
  go(screen: Screen, notice?: Notice): void;
  setOnline(online: boolean): void;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
