// Pengguna (admin): find accounts, change their role, block one with a reason (the user
// reads it when logging in) or unblock it.
import type { Ctx, Notice } from "../app";
import type { ProfileView } from "../bindings/ProfileView";
import type { Role } from "../bindings/Role";
import type { UserSummary } from "../bindings/UserSummary";
import { h } from "../dom";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

const ROLES: Record<Role, string> = { pemohon: "Pemohon", verifikator: "Verifikator", penandatangan: "Penandatangan", admin: "Admin" };

export async function penggunaScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const q = h("input", { id: "users-search", type: "search", placeholder: "Nama, NIK atau e-mail" });
  const rows = h("tbody", { id: "users-rows" });
  const alert = h("div", { id: "users-alert", hidden: true });
  const say = (text: string, kind: "error" | "success") => {
    alert.textContent = text;
    alert.className = `alert alert-${kind}`;
    alert.hidden = false;
  };
  const act = (f: () => Promise<UserSummary>, done: (u: UserSummary) => string) => async () => {
    try {
      say(done(await f()), "success");
      await load();
    } catch (e) {
      say(e instanceof CommandFailure ? e.error.message : String(e), "error");
    }
  };
  const row = (u: UserSummary) => {
    const role = h("select", { class: "user-role", "aria-label": `Peran ${u.nama}` }, ...(Object.keys(ROLES) as Role[]).map((r) => h("option", { value: r, selected: r === u.role }, ROLES[r])));
    role.addEventListener("change", act(() => ctx.api.adminSetRole(u.id, role.value as Role), (x) => `Peran ${x.nama} kini ${ROLES[x.role]}.`));
    const reason = h("input", { class: "block-reason", placeholder: "Alasan pemblokiran" });
    return h(
      "tr",
      { "data-id": u.id, "data-email": u.email },
      h("td", {}, u.nama, h("div", { class: "muted" }, `${u.nik} · ${u.email}`)),
      h("td", {}, role),
      h("td", { class: "user-status" }, u.blocked ? `Diblokir: ${u.blocked_reason ?? ""}` : "Aktif"),
      h(
        "td",
        {},
        u.blocked
          ? h("button", { class: "btn btn-small btn-success unblock", onclick: act(() => ctx.api.adminUnblock(u.id), (x) => `${x.nama} tidak lagi diblokir.`) }, "Buka Blokir")
          : h("div", { class: "row-actions" }, reason, h("button", { class: "btn btn-small btn-danger block", onclick: act(() => ctx.api.adminBlock(u.id, reason.value), (x) => `${x.nama} diblokir.`) }, "Blokir")),
      ),
    );
  };
  const load = async () => {
    try {
      const users = await ctx.api.adminUsers(q.value);
      rows.replaceChildren(...(users.length ? users.map(row) : [h("tr", {}, h("td", { colspan: "4", class: "muted" }, "Tidak ada pengguna yang cocok."))]));
    } catch (e) {
      say(e instanceof CommandFailure ? e.error.message : String(e), "error");
    }
  };
  q.addEventListener("input", () => void load());
  await load();
  return shell(
    ctx,
    "pengguna",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Pengguna"),
      h("div", { class: "filters" }, q),
      alert,
      h("table", { class: "table", id: "users-table" }, h("thead", {}, h("tr", {}, ...["Pengguna", "Peran", "Status", "Aksi"].map((x) => h("th", {}, x)))), rows),
    ),
  );
}
