// Boot: read the app status (session and profile come from the local store, so this works
// offline), then show the login or the dashboard. Navigation re-renders one screen.
import "./style.css";
import { type Ctx, type Notice, type Screen } from "./app";
import type { ProfileView } from "./bindings/ProfileView";
import { clear, h } from "./dom";
import { api, CommandFailure, onChat, onConnectivity, onOpen, onPortal, onSync, onUploadProgress } from "./ipc";
import { dashboardScreen } from "./screens/dashboard";
import { filesScreen } from "./screens/files";
import { forgotScreen } from "./screens/forgot";
import { loginScreen } from "./screens/login";
import { passwordScreen } from "./screens/password";
import { permohonanScreen } from "./screens/permohonan";
import { persyaratanScreen } from "./screens/persyaratan";
import { monitoringScreen } from "./screens/monitoring";
import { profileScreen } from "./screens/profile";
import { registerScreen } from "./screens/register";
import { settingsScreen } from "./screens/settings";
import { draftsScreen } from "./screens/drafts";
import { wizardScreen } from "./screens/wizard";
import { sayaScreen, showProgress } from "./screens/saya";
import { kantorScreen, periksaScreen, ttdScreen } from "./screens/office";
import { izinScreen } from "./screens/izin";
import { revisiScreen } from "./screens/revisi";
import { inboxScreen } from "./screens/inbox";
import { bantuanScreen } from "./screens/bantuan";
import { surveyFor, surveyScreen } from "./screens/survey";
import { ikmScreen } from "./screens/ikm";
import { pengaduanScreen } from "./screens/pengaduan";
import { penggunaScreen } from "./screens/pengguna";
import { auditScreen } from "./screens/audit";
import { arsipScreen } from "./screens/arsip";
import { chatFor, chatScreen, refreshChat } from "./screens/chat";
import { laporanScreen } from "./screens/laporan";
import { katalogScreen } from "./screens/katalog";
import { petaScreen } from "./screens/settings";
import { portalAdminScreen } from "./screens/portaladmin";
import { liburScreen } from "./screens/libur";
import { surveiPublikScreen } from "./screens/surveipublik";
import { refreshPortal } from "./portal";

const SESSION_ENDED =
  "Sesi Anda telah berakhir. Silakan masuk kembali; permohonan dan pesan yang menunggu dikirim tetap tersimpan di komputer ini.";
const PUBLIC: Screen[] = ["login", "register", "forgot", "settings", "persyaratan", "monitoring", "bantuan", "survei"];

async function main(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) return;
  const ctx: Ctx = {
    api,
    root,
    status: await api.status(),
    go: (screen, notice) => void render(ctx, screen, notice),
    setOnline: (online) => {
      ctx.status.online = online;
      const badge = document.getElementById("conn-indicator");
      if (badge) {
        badge.textContent = online ? "Online" : "Offline";
        badge.className = online ? "badge online" : "badge offline";
        badge.dataset.online = String(online);
      }
    },
  };
  const synced = async () => {
    // The server ended the session (signed out elsewhere, blocked, expired): back to the
    // login, with what waits to be sent kept for the next sign-in.
    const wasIn = ctx.status.session;
    const status = await api.status();
    // Unless something else read the state meanwhile (a sign-out or sign-in here, a
    // screen rendered): that has shown what is right, and a second login screen would
    // throw away what the user began typing on the first.
    const unchanged = ctx.status.session === wasIn;
    if (unchanged) ctx.status = status;
    const screen = ctx.root.dataset.screen as Screen | undefined;
    if (unchanged && wasIn && !status.session && screen && !PUBLIC.includes(screen)) {
      ctx.go("login", { message: SESSION_ENDED, kind: "warning" });
      return;
    }
    // A sent application changes Permohonan Saya: show it if that screen is open, with
    // the message it was showing (what "Kirim" said must not vanish with the refresh).
    if (screen === "saya" || screen === "izin" || screen === "revisi" || screen === "inbox") ctx.go(screen, requested?.screen === screen ? requested.notice : undefined);
  };
  // The first screen is drawn before anything else asks the backend (each request is a
  // round trip), on the state just read; the listeners are registered together after it,
  // and the state is read again then, for what was announced before they listened.
  const open = ctx.status.session ? await api.draftsCurrent().catch(() => null) : null;
  await render(ctx, !ctx.status.session ? "login" : open ? "wizard" : "dashboard", undefined, true);
  await Promise.all([
    onConnectivity(ctx.setOnline),
    onSync(synced),
    onUploadProgress((p) => showProgress(ctx.root, p)),
    // The office changed its announcements or links: the boxes on screen are drawn again
    // (in place: what is being typed on the login screen stays).
    onPortal(refreshPortal),
    // A desktop notification clicked: the screen it is about, on its application or
    // conversation.
    onOpen((target) => {
      if (target.screen === "survey" && target.resi) surveyFor(target.resi);
      if (target.screen === "chat" && target.conversation) chatFor(target.conversation);
      ctx.go(target.screen);
    }),
    onChat(() => {
      if (ctx.root.dataset.screen === "chat") refreshChat?.();
    }),
  ]);
  await synced();
  ctx.setOnline(ctx.status.online);
}

/** Counts renders: one that finishes after a newer one began shows nothing. */
let renders = 0;
/** The screen last asked for, and the message it was asked with. */
let requested: { screen: Screen; notice?: Notice } | undefined;

/** Shows `screen`; `fresh` when `ctx.status` was read just now (the first screen). */
async function render(ctx: Ctx, screen: Screen, notice?: Notice, fresh = false): Promise<void> {
  const mine = ++renders;
  requested = { screen, notice };
  if (!fresh) ctx.status = await api.status();
  let view: HTMLElement;
  try {
    if (screen === "persyaratan") {
      view = await persyaratanScreen(ctx, notice);
    } else if (screen === "monitoring") {
      view = monitoringScreen(ctx, notice);
    } else if (screen === "bantuan") {
      view = bantuanScreen(ctx, notice);
    } else if (screen === "survei") {
      view = surveiPublikScreen(ctx, notice);
    } else if (PUBLIC.includes(screen) || !ctx.status.session) {
      const target = PUBLIC.includes(screen) ? screen : "login";
      view = await publicScreen(ctx, target, notice);
    } else {
      let profile: ProfileView;
      try {
        profile = await api.profile();
      } catch (e) {
        if (e instanceof CommandFailure && e.error.code === "session_expired") {
          return render(ctx, "login", { message: e.error.message, kind: "error" });
        }
        throw e;
      }
      ctx.status = await api.status();
      // The office's workstation opens on its queue.
      const role = profile.profile.role;
      if (screen === "dashboard" && role !== "pemohon") screen = role === "penandatangan" ? "ttd" : "kantor";
      view = await privateScreen(ctx, screen, profile, notice);
    }
  } catch (e) {
    view = h("div", { class: "public" }, h("div", { class: "card public-card alert alert-error", id: "fatal" }, String(e instanceof Error ? e.message : e)));
  }
  if (mine !== renders) return;
  const moved = ctx.root.dataset.screen !== screen;
  clear(ctx.root);
  ctx.root.append(view);
  ctx.root.dataset.screen = screen;
  // Another screen opens at its top; the same one shown again (a sync) keeps its place.
  if (moved) window.scrollTo(0, 0);
}

function publicScreen(ctx: Ctx, screen: Screen, notice?: Notice): Promise<HTMLElement> {
  switch (screen) {
    case "register":
      return registerScreen(ctx, notice);
    case "forgot":
      return forgotScreen(ctx, notice);
    case "settings":
      return settingsScreen(ctx, notice);
    case "persyaratan":
      return persyaratanScreen(ctx, notice);
    default:
      return loginScreen(ctx, notice);
  }
}

async function privateScreen(ctx: Ctx, screen: Screen, profile: ProfileView, notice?: Notice): Promise<HTMLElement> {
  switch (screen) {
    case "profile":
      return profileScreen(ctx, profile, notice);
    case "password":
      return passwordScreen(ctx, profile, notice);
    case "permohonan":
      return permohonanScreen(ctx, profile);
    case "files":
      return filesScreen(ctx, profile, notice);
    case "pengajuan":
      return draftsScreen(ctx, profile, notice);
    case "wizard":
      return wizardScreen(ctx, profile, notice);
    case "saya":
      return sayaScreen(ctx, profile, notice);
    case "kantor":
      return kantorScreen(ctx, profile, notice);
    case "periksa":
      return periksaScreen(ctx, profile);
    case "ttd":
      return ttdScreen(ctx, profile, notice);
    case "izin":
      return izinScreen(ctx, profile, notice);
    case "revisi":
      return revisiScreen(ctx, profile, notice);
    case "inbox":
      return inboxScreen(ctx, profile, notice);
    case "survey":
      return surveyScreen(ctx, profile, notice);
    case "ikm":
      return ikmScreen(ctx, profile, notice);
    case "pengaduan":
      return pengaduanScreen(ctx, profile, notice);
    case "pengguna":
      return penggunaScreen(ctx, profile, notice);
    case "audit":
      return auditScreen(ctx, profile, notice);
    case "arsip":
      return arsipScreen(ctx, profile, notice);
    case "chat":
      return chatScreen(ctx, profile, notice);
    case "laporan":
      return laporanScreen(ctx, profile, notice);
    case "katalog":
      return katalogScreen(ctx, profile, notice);
    case "peta":
      return petaScreen(ctx, profile, notice);
    case "portal":
      return portalAdminScreen(ctx, profile, notice);
    case "libur":
      return liburScreen(ctx, profile, notice);
    default:
      return dashboardScreen(ctx, profile, notice);
  }
}

void main();
