// Izin Saya: the permits issued to the applicant (Izin Aktif / Izin Kadaluarsa), Cetak Izin,
// Perpanjangan, and checking a permit's QR code offline with the office's public key.
import type { Ctx, Notice } from "../app";
import type { LocalPermit } from "../bindings/LocalPermit";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDate, h } from "../dom";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

function message(e: unknown): string {
  return e instanceof CommandFailure ? e.error.message : e instanceof Error ? e.message : String(e);
}

export async function izinScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const permits = await ctx.api.permits();
  const result = h("div", { id: "izin-result", hidden: true });
  const say = (text: string, kind: "success" | "error") => {
    result.textContent = text;
    result.className = `alert alert-${kind}`;
    result.hidden = false;
  };
  let tab: "aktif" | "kadaluarsa" = "aktif";
  const body = h("tbody", { id: "izin-rows" });
  const render = () => {
    const rows = permits.filter((p: LocalPermit) => (tab === "aktif" ? p.state === "aktif" : p.state !== "aktif"));
    body.replaceChildren(
      ...(rows.length
        ? rows.map((p) =>
            h(
              "tr",
              { "data-id": p.izin.content.application_id },
              h("td", { class: "nomor" }, p.izin.content.nomor),
              h("td", {}, p.izin.content.jenis_izin),
              h("td", {}, p.izin.content.terbit),
              h("td", {}, p.izin.content.berlaku_sampai ? formatDate(p.izin.content.berlaku_sampai) : "Selama usaha berjalan", p.days_left !== null && p.days_left <= 30 && p.days_left >= 0 ? h("span", { class: "badge offline" }, ` ${p.days_left} hari lagi`) : null),
              h(
                "td",
                {},
                h(
                  "button",
                  {
                    class: "btn btn-small btn-success print-izin",
                    onclick: async () => {
                      try {
                        say(`Izin tersimpan di ${await ctx.api.permitPrint(p.izin.content.application_id)}`, "success");
                      } catch (e) {
                        say(message(e), "error");
                      }
                    },
                  },
                  "Cetak Izin",
                ),
                " ",
                h(
                  "button",
                  {
                    class: "btn btn-small btn-info renew",
                    onclick: async () => {
                      try {
                        await ctx.api.permitRenew(p.izin.content.application_id);
                        ctx.go("wizard");
                      } catch (e) {
                        say(message(e), "error");
                      }
                    },
                  },
                  "Perpanjangan",
                ),
              ),
            ),
          )
        : [h("tr", {}, h("td", { colspan: "5", class: "muted" }, tab === "aktif" ? "Belum ada izin aktif." : "Tidak ada izin kadaluarsa."))]),
    );
    tabs.querySelectorAll("button").forEach((b) => b.classList.toggle("active", b.dataset.tab === tab));
  };
  const tabs = h(
    "div",
    { class: "tabs" },
    h("button", { id: "tab-aktif", class: "tab", "data-tab": "aktif", onclick: () => ((tab = "aktif"), render()) }, "Izin Aktif"),
    h("button", { id: "tab-kadaluarsa", class: "tab", "data-tab": "kadaluarsa", onclick: () => ((tab = "kadaluarsa"), render()) }, "Izin Kadaluarsa"),
  );
  render();

  const qr = h("textarea", { id: "verify-text", rows: 3, placeholder: "Tempel isi kode QR izin (hasil pindai)" });
  const verdict = h("div", { id: "verify-result", hidden: true });
  const verify = h(
    "button",
    {
      id: "verify-submit",
      class: "btn btn-primary",
      onclick: async () => {
        const v = await ctx.api.permitVerify(qr.value);
        verdict.replaceChildren(h("strong", {}, v.valid ? "SAH. " : "TIDAK SAH. "), v.message, v.izin ? h("div", {}, `${v.izin.content.nomor} — ${v.izin.content.jenis_izin} — ${v.izin.content.pemegang}`) : "");
        verdict.className = v.valid ? "alert alert-success" : "alert alert-error";
        verdict.hidden = false;
      },
    },
    "Periksa Keabsahan",
  );
  return shell(
    ctx,
    "izin",
    view.profile,
    notice,
    h("section", { class: "card" }, h("h2", {}, "Izin Saya"), tabs, result, h("table", { class: "table", id: "izin-table" }, h("thead", {}, h("tr", {}, ...["Nomor Izin", "Jenis Izin", "Terbit", "Berlaku Sampai", "Aksi"].map((x) => h("th", {}, x)))), body)),
    h("section", { class: "card" }, h("h2", {}, "Verifikasi Izin"), h("p", { class: "muted" }, "Periksa keabsahan izin dari kode QR-nya, tanpa internet, dengan kunci publik DPMPTSP yang ada di aplikasi ini."), qr, h("div", { class: "actions" }, verify), verdict),
  );
}
