// The signed-in frame (guide section 3): sidebar on the left, user menu top right, the
// connectivity indicator, and the content area.
import type { Ctx, Notice, Screen } from "../app";
import type { Profile } from "../bindings/Profile";
import { h, type Child } from "../dom";
import { onlineBadge } from "./public";

type NavItem = { screen: Screen; label: string; id: string };

const APPLICANT: NavItem[] = [
  { screen: "dashboard", label: "Dashboard", id: "nav-dashboard" },
  { screen: "permohonan", label: "Permohonan Izin", id: "nav-permohonan" },
  { screen: "izin", label: "Izin Saya", id: "nav-izin" },
  { screen: "monitoring", label: "Monitoring Izin", id: "nav-monitoring" },
  { screen: "inbox", label: "Inbox", id: "nav-inbox" },
  { screen: "pengaduan", label: "Pengaduan", id: "nav-pengaduan" },
  { screen: "chat", label: "Chat", id: "nav-chat" },
];

/** The sidebar for each role: the office's workstation shows its queues. */
export function navFor(role: Profile["role"]): NavItem[] {
  switch (role) {
    case "verifikator":
      return [
        { screen: "kantor", label: "Antrian Verifikasi", id: "nav-kantor" },
        { screen: "arsip", label: "Arsip", id: "nav-arsip" },
        { screen: "pengaduan", label: "Pengaduan", id: "nav-pengaduan" },
        { screen: "chat", label: "Chat", id: "nav-chat" },
        { screen: "monitoring", label: "Monitoring Izin", id: "nav-monitoring" },
        { screen: "inbox", label: "Inbox", id: "nav-inbox" },
      ];
    case "penandatangan":
      return [
        { screen: "ttd", label: "Antrian Tanda Tangan", id: "nav-ttd" },
        { screen: "arsip", label: "Arsip", id: "nav-arsip" },
        { screen: "monitoring", label: "Monitoring Izin", id: "nav-monitoring" },
      ];
    case "admin":
      return [
        { screen: "kantor", label: "Antrian Verifikasi", id: "nav-kantor" },
        { screen: "arsip", label: "Arsip", id: "nav-arsip" },
        { screen: "laporan", label: "Laporan Layanan", id: "nav-laporan" },
        { screen: "ikm", label: "Laporan IKM", id: "nav-ikm" },
        { screen: "pengguna", label: "Pengguna", id: "nav-pengguna" },
        { screen: "audit", label: "Log Audit", id: "nav-audit" },
        { screen: "katalog", label: "Katalog", id: "nav-katalog" },
        { screen: "portal", label: "Pengumuman & Tautan", id: "nav-portal" },
        { screen: "libur", label: "Hari Libur", id: "nav-libur" },
        { screen: "peta", label: "Peta Luring", id: "nav-peta" },
        { screen: "chat", label: "Chat", id: "nav-chat" },
        { screen: "pengaduan", label: "Pengaduan", id: "nav-pengaduan" },
        { screen: "monitoring", label: "Monitoring Izin", id: "nav-monitoring" },
      ];
    default:
      return APPLICANT;
  }
}

export function shell(ctx: Ctx, active: Screen, profile: Profile, notice: Notice | undefined, ...content: Child[]): HTMLElement {
  const menu = h(
    "div",
    { class: "menu", id: "user-menu-items", hidden: true },
    h("button", { id: "menu-profile", class: "menu-item", onclick: () => ctx.go("profile") }, "Edit Profile"),
    h("button", { id: "menu-password", class: "menu-item", onclick: () => ctx.go("password") }, "Edit Password"),
    h(
      "button",
      {
        id: "menu-logout",
        class: "menu-item",
        onclick: async () => {
          // Signed out from here on: a sync event arriving meanwhile must not read the
          // session's end as one the server decided ("Sesi berakhir").
          ctx.status = { ...ctx.status, session: null };
          const r = await ctx.api.logout().catch(() => undefined);
          // Work still queued stays on this computer and goes at the next sign-in.
          ctx.go("login", r?.message ? { message: `Anda telah keluar. ${r.message}`, kind: "warning" } : { message: "Anda telah keluar.", kind: "info" });
        },
      },
      "Logout",
    ),
  );
  const userButton = h(
    "button",
    {
      id: "user-menu",
      class: "user-button",
      "aria-haspopup": "true",
      "aria-expanded": "false",
      onclick: () => {
        menu.hidden = !menu.hidden;
        userButton.setAttribute("aria-expanded", String(!menu.hidden));
      },
    },
    h("span", { class: "avatar" }, initials(profile.nama)),
    h("span", { id: "user-name" }, profile.nama),
    " ▾",
  );
  // Esc closes the menu and gives the focus back to its button; so does a click elsewhere.
  const close = () => {
    if (menu.hidden) return;
    menu.hidden = true;
    userButton.setAttribute("aria-expanded", "false");
  };
  menu.addEventListener("keydown", (e) => e.key === "Escape" && (close(), userButton.focus()));
  userButton.addEventListener("keydown", (e) => e.key === "Escape" && close());

  const outside = (e: Event) => {
    if (!userButton.contains(e.target as Node) && !menu.contains(e.target as Node)) close();
  };
  return h(
    "div",
    { class: "shell", onclick: outside },
    h(
      "aside",
      { class: "sidebar" },
      h("div", { class: "brand-mark" }, "E-PTSP"),
      h("div", { class: "sidebar-sub" }, "Prov. Kalimantan Timur"),
      h(
        "nav",
        {},
        ...[...navFor(profile.role), { screen: "bantuan" as Screen, label: "Bantuan", id: "nav-bantuan" }].map((n) =>
          h("button", { id: n.id, class: n.screen === active ? "nav-item active" : "nav-item", onclick: () => ctx.go(n.screen) }, n.label),
        ),
      ),
    ),
    h(
      "div",
      { class: "main" },
      h(
        "header",
        { class: "topbar" },
        h("h1", { class: "title" }, "Elektronik Perizinan Terpadu Satu Pintu (E-PTSP)"),
        onlineBadge(ctx.status.online),
        h("div", { class: "user" }, userButton, menu),
      ),
      h(
        "main",
        { id: "content", class: "content" },
        notice ? h("div", { class: `alert alert-${notice.kind}`, id: "screen-notice", role: "status" }, notice.message) : null,
        ...content,
      ),
      h("footer", { class: "footer" }, "© 2026 DPMPTSP KALTIMPROV"),
    ),
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join("");
}
