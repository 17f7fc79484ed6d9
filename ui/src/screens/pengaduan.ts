// Pengaduan (guide 3.1): "Kirim Aduan" with Perizinan Saya (or Lainnya), Kategori and Isi;
// the list with date, resi, category, content, status, reply date and reply; search.
// Officers see every complaint and answer it, setting its status. Text stays text.
import type { Ctx, Notice } from "../app";
import type { Complaint } from "../bindings/Complaint";
import type { ComplaintStatus } from "../bindings/ComplaintStatus";
import type { Kategori } from "../bindings/Kategori";
import type { ProfileView } from "../bindings/ProfileView";
import { formatDateTime, h } from "../dom";
import { CommandFailure } from "../ipc";
import { shell } from "./shell";

export const KATEGORI: Record<Kategori, string> = {
  teknis_aplikasi: "Teknis Aplikasi",
  proses_perizinan: "Proses Perizinan",
  dokumen: "Dokumen",
  pelayanan: "Pelayanan",
  lainnya: "Lainnya",
};

export const STATUS: Record<ComplaintStatus, string> = {
  baru: "Menunggu Tanggapan",
  diproses: "Diproses",
  selesai: "Selesai",
};

/** Complaints matching `q` by resi, category or content. */
export function filterComplaints(list: Complaint[], q: string): Complaint[] {
  const s = q.trim().toLowerCase();
  if (!s) return list;
  return list.filter((c) => `${c.resi ?? ""} ${KATEGORI[c.kategori]} ${c.isi}`.toLowerCase().includes(s));
}

function message(e: unknown): string {
  return e instanceof CommandFailure ? e.error.message : e instanceof Error ? e.message : String(e);
}

export async function pengaduanScreen(ctx: Ctx, view: ProfileView, notice?: Notice): Promise<HTMLElement> {
  const officer = view.profile.role === "verifikator" || view.profile.role === "admin";
  const alert = h("div", { id: "aduan-alert", hidden: true });
  const say = (text: string, kind: "error" | "success") => {
    alert.textContent = text;
    alert.className = `alert alert-${kind}`;
    alert.hidden = false;
  };
  let list: Complaint[] = [];
  try {
    list = await ctx.api.complaints("");
  } catch (e) {
    say(`Daftar pengaduan tidak dapat dimuat: ${message(e)}`, "error");
  }
  const search = h("input", { id: "aduan-search", type: "search", placeholder: "Cari nomor resi, kategori atau isi pengaduan" });
  const rows = h("tbody", { id: "aduan-rows" });
  const replyCell = (c: Complaint) => {
    if (!officer) return h("td", { class: "aduan-balasan" }, c.balasan ?? "-");
    const text = h("textarea", { class: "reply-text", rows: 2, placeholder: "Tulis balasan" }, c.balasan ?? "");
    const status = h("select", { class: "reply-status" }, ...(Object.keys(STATUS) as ComplaintStatus[]).map((s) => h("option", { value: s, selected: s === (c.status === "baru" ? "selesai" : c.status) }, STATUS[s])));
    return h(
      "td",
      { class: "aduan-balasan" },
      text,
      status,
      h(
        "button",
        {
          class: "btn btn-small btn-success reply-send",
          onclick: async () => {
            try {
              await ctx.api.complaintReply(c.id, text.value, status.value as ComplaintStatus);
              ctx.go("pengaduan", { message: "Balasan terkirim.", kind: "success" });
            } catch (e) {
              say(message(e), "error");
            }
          },
        },
        "Kirim Balasan",
      ),
    );
  };
  const render = () =>
    rows.replaceChildren(
      ...(filterComplaints(list, search.value).map((c) =>
        h(
          "tr",
          { "data-id": c.id },
          h("td", {}, formatDateTime(c.created_at), officer ? h("div", { class: "muted" }, c.pemohon) : ""),
          h("td", {}, c.resi ?? "-"),
          h("td", {}, KATEGORI[c.kategori]),
          h("td", { class: "aduan-isi" }, c.isi),
          h("td", { class: "aduan-status" }, STATUS[c.status]),
          h("td", {}, c.replied_at ? formatDateTime(c.replied_at) : "-"),
          replyCell(c),
        ),
      ) as HTMLElement[]),
    );
  search.addEventListener("input", render);
  render();
  if (!list.length) rows.replaceChildren(h("tr", {}, h("td", { colspan: "7", class: "muted" }, "Belum ada pengaduan.")));

  // Kirim Aduan (applicants).
  let form: HTMLElement | string = "";
  if (!officer) {
    const apps = await ctx.api.applications();
    const perizinan = h("select", { id: "aduan-perizinan" }, h("option", { value: "" }, "Lainnya"), ...apps.map((a) => h("option", { value: a.id }, a.resi)));
    const kategori = h("select", { id: "aduan-kategori" }, ...(Object.keys(KATEGORI) as Kategori[]).map((k) => h("option", { value: k }, KATEGORI[k])));
    const isi = h("textarea", { id: "aduan-isi", rows: 4, placeholder: "Jelaskan masalah: nomor resi, waktu kejadian, apa yang sudah dicoba" });
    const dialog = h(
      "section",
      { class: "card", id: "aduan-form", hidden: true },
      h("h3", {}, "Kirim Aduan"),
      h("label", { for: "aduan-perizinan" }, "Perizinan Saya"),
      perizinan,
      h("label", { for: "aduan-kategori" }, "Kategori"),
      kategori,
      h("label", { for: "aduan-isi" }, "Isi Pengaduan"),
      isi,
      h(
        "div",
        { class: "actions" },
        h("button", { class: "btn btn-info", onclick: () => (dialog.hidden = true) }, "Batal"),
        h(
          "button",
          {
            id: "aduan-kirim",
            class: "btn btn-primary",
            onclick: async () => {
              try {
                await ctx.api.complaintCreate(perizinan.value || null, kategori.value as Kategori, isi.value);
                ctx.go("pengaduan", { message: "Pengaduan berhasil dikirim", kind: "success" });
              } catch (e) {
                // What was typed stays in the form.
                say(message(e), "error");
              }
            },
          },
          "Kirim",
        ),
      ),
    );
    // Opened, the form takes the focus; Esc closes it (what was typed stays) and gives the
    // focus back to the button that opened it.
    const opener = h("button", { id: "aduan-baru", class: "btn btn-info", onclick: () => ((dialog.hidden = false), perizinan.focus()) }, "Kirim Aduan");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-label", "Kirim Aduan");
    dialog.addEventListener("keydown", (e) => e.key === "Escape" && ((dialog.hidden = true), opener.focus()));
    form = h("div", {}, opener, dialog);
  }
  return shell(
    ctx,
    "pengaduan",
    view.profile,
    notice,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Pengaduan"),
      alert,
      form,
      h("div", { class: "filters" }, search),
      h(
        "table",
        { class: "table", id: "aduan-table" },
        h("thead", {}, h("tr", {}, ...["Tanggal Pengaduan", "No. Resi", "Kategori", "Isi Pengaduan", "Status", "Tanggal Respon", "Pesan Balasan"].map((x) => h("th", {}, x)))),
        rows,
      ),
    ),
  );
}
