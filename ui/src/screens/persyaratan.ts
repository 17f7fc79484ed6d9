// Persyaratan: what each permit requires, by agency, permit type and application kind.
// Public (no login), and readable offline from the last downloaded catalogue.
import type { Ctx, Notice } from "../app";
import type { ApplicationKind } from "../bindings/ApplicationKind";
import type { CatalogueView } from "../bindings/CatalogueView";
import type { PermitType } from "../bindings/PermitType";
import { clear, formatDateTime, h } from "../dom";
import { CommandFailure } from "../ipc";
import { publicFrame } from "./public";
import { shell } from "./shell";
import { permohonanTabs } from "./permohonan";

export const KIND_LABELS: Record<ApplicationKind, string> = {
  baru: "Perizinan Baru",
  perpanjangan: "Perpanjangan",
  perubahan: "Perubahan",
};

/** The requirement rows of `type` for `kind`, as the table shows them. */
export function requirementRows(type: PermitType, kind: ApplicationKind): string[][] {
  return type.requirements
    .filter((r) => r.kinds.includes(kind))
    .map((r, i) => [String(i + 1), r.name, r.mandatory ? "Wajib" : "Opsional", r.formats.map((f) => f.toUpperCase()).join(", "), `${r.max_mb} MB`, r.description]);
}

function content(view: CatalogueView): HTMLElement[] {
  const c = view.catalogue;
  const agency = h("select", { id: "req-agency" }, h("option", { value: "" }, "-Pilih Dinas/Badan-"), ...c.agencies.map((a) => h("option", { value: a.id }, a.name)));
  const type = h("select", { id: "req-type", disabled: true }, h("option", { value: "" }, "-Pilih Jenis Izin-"));
  const kind = h("select", { id: "req-kind", disabled: true }, h("option", { value: "" }, "-Pilih Jenis Permohonan-"));
  const info = h("div", { id: "req-info", class: "muted" });
  const body = h("tbody", { id: "req-rows" });

  const currentType = (): PermitType | undefined =>
    c.agencies.find((a) => a.id === agency.value)?.permit_types.find((t) => t.id === type.value);

  agency.addEventListener("change", () => {
    const a = c.agencies.find((x) => x.id === agency.value);
    type.replaceChildren(h("option", { value: "" }, "-Pilih Jenis Izin-"), ...(a?.permit_types ?? []).map((t) => h("option", { value: t.id }, t.name)));
    type.disabled = !a;
    kind.replaceChildren(h("option", { value: "" }, "-Pilih Jenis Permohonan-"));
    kind.disabled = true;
    render();
  });
  type.addEventListener("change", () => {
    const t = currentType();
    kind.replaceChildren(h("option", { value: "" }, "-Pilih Jenis Permohonan-"), ...(t?.kinds ?? []).map((k) => h("option", { value: k }, KIND_LABELS[k])));
    kind.disabled = !t;
    render();
  });
  kind.addEventListener("change", render);

  function render(): void {
    clear(body);
    const t = currentType();
    info.textContent = t
      ? `${t.description} Waktu penyelesaian ${t.sla_days} hari kerja. ${t.validity_years ? `Masa berlaku ${t.validity_years} tahun.` : "Berlaku selama kegiatan berjalan."}`
      : "";
    if (!t || !kind.value) {
      body.append(h("tr", {}, h("td", { colspan: 6, class: "muted" }, "Pilih Dinas/Badan, Jenis Izin dan Jenis Permohonan untuk melihat persyaratannya.")));
      return;
    }
    for (const cells of requirementRows(t, kind.value as ApplicationKind)) {
      body.append(h("tr", {}, ...cells.map((x) => h("td", {}, x))));
    }
  }
  render();

  const field = (label: string, id: string, el: HTMLElement) => h("div", { class: "field" }, h("label", { for: id }, label), el);
  return [
    view.from_cache
      ? h("div", { class: "alert alert-info", id: "req-offline" }, `Offline: persyaratan ditampilkan dari salinan di perangkat ini (diperbarui ${formatDateTime(view.fetched_at)}).`)
      : h("span", {}),
    h("div", { class: "grid" }, field("Dinas/Badan", "req-agency", agency), field("Jenis Izin", "req-type", type), field("Jenis Permohonan", "req-kind", kind)),
    info,
    h(
      "table",
      { class: "table", id: "req-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "No"), h("th", {}, "Nama Persyaratan"), h("th", {}, "Status"), h("th", {}, "Format"), h("th", {}, "Ukuran Maks"), h("th", {}, "Keterangan"))),
      body,
    ),
  ];
}

export async function persyaratanScreen(ctx: Ctx, notice?: Notice): Promise<HTMLElement> {
  let body: HTMLElement[];
  try {
    body = content(await ctx.api.catalogue());
  } catch (e) {
    const msg = e instanceof CommandFailure ? e.error.message : String(e);
    body = [h("div", { class: "alert alert-error", id: "req-error" }, msg)];
  }
  const session = ctx.status.session;
  if (session) {
    return shell(ctx, "permohonan", session.profile, notice, permohonanTabs(ctx, "persyaratan"), h("section", { class: "card" }, h("h2", {}, "Persyaratan Izin"), ...body));
  }
  return publicFrame(
    ctx,
    "Persyaratan Izin",
    notice,
    ...body,
    h("div", { class: "links" }, h("a", { href: "#", id: "link-login", onclick: (e: Event) => (e.preventDefault(), ctx.go("login")) }, "Kembali ke Login")),
  );
}
