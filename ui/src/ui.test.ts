import { describe, expect, it } from "vitest";
import { h } from "./dom";
import { formatDate, formatDateTime, todayWita, toIsoDate, toTypedDate } from "./dates";
import { Form, passwordStrength } from "./form";
import { toCommandError } from "./ipc/errors";
import { RegionSelects } from "./regions";
import type { Region } from "./bindings/Region";
import { kindByName, MAX_FILE_BYTES, refusalFor, sizeLabel, tooLargeMessage } from "./filesize";
import { showProgress, uploadLabel } from "./screens/saya";
import { fitZoom, rotated, zoomed } from "./zoom";
import { preview } from "./screens/inbox";
import { CONTACTS, FAQ, searchHelp, TROUBLESHOOTING } from "./help";
import { firstUnanswered } from "./screens/survey";
import { nrrChart } from "./screens/ikm";
import { filterComplaints } from "./screens/pengaduan";
import { bubble } from "./screens/chat";
import { onTime } from "./screens/laporan";
import { detailText } from "./screens/audit";
import { archiveDay } from "./screens/arsip";
import { permitsShown } from "./screens/izin";
import type { LocalPermit } from "./bindings/LocalPermit";
import { mapPanel } from "./mapbox";
import { CommandFailure } from "./ipc/errors";
import type { Ctx } from "./app";
import type { Lokasi } from "./bindings/Lokasi";
import type { LocationCheck } from "./bindings/LocationCheck";

describe("h", () => {
  it("puts strings in as text, never as markup", () => {
    const el = h("div", {}, "<img src=x onerror=alert(1)>");
    expect(el.children.length).toBe(0);
    expect(el.textContent).toBe("<img src=x onerror=alert(1)>");
  });

  it("wires on* attributes as listeners, not as attributes", () => {
    let clicked = 0;
    const b = h("button", { onclick: () => clicked++ });
    b.click();
    expect(clicked).toBe(1);
    expect(b.hasAttribute("onclick")).toBe(false);
  });
});

describe("Form", () => {
  function loginForm(): Form {
    const f = new Form("login");
    f.el.append(f.field({ name: "login", label: "NIK atau Email" }), f.field({ name: "password", label: "Password", type: "password" }));
    document.body.replaceChildren(f.el);
    return f;
  }

  it("shows each field's message beside it and keeps what was typed", () => {
    const f = loginForm();
    f.set({ login: "6472011505900001", password: "rahasia" });
    f.showError({
      code: "wrong_password",
      message: "Password Salah",
      field: "password",
      fields: [],
      retry_after_secs: null,
    });
    expect(document.getElementById("login-password-error")?.textContent).toBe("Password Salah");
    expect(document.getElementById("login-password-error")?.hidden).toBe(false);
    expect(document.getElementById("login-alert")?.textContent).toBe("Password Salah");
    expect(f.values()).toEqual({ login: "6472011505900001", password: "rahasia" });
  });

  it("lists every invalid field of a validation error", () => {
    const f = loginForm();
    f.showError({
      code: "validation",
      message: "Kolom ini wajib diisi",
      field: "login",
      fields: [
        { field: "login", code: "required", message: "Kolom ini wajib diisi" },
        { field: "password", code: "required", message: "Kolom ini wajib diisi" },
      ],
      retry_after_secs: null,
    });
    expect(document.querySelectorAll(".field-error:not([hidden])").length).toBe(2);
    expect(f.control("login").getAttribute("aria-invalid")).toBe("true");
    expect(f.control("login").getAttribute("aria-describedby")).toBe("login-login-error");
    f.control("login").dispatchEvent(new Event("input"));
    expect(document.querySelectorAll(".field-error:not([hidden])").length).toBe(1);
    expect(f.control("login").hasAttribute("aria-invalid")).toBe(false);
    // The message above the form stays while a field it was about is still wrong...
    expect(document.getElementById("login-alert")?.hidden).toBe(false);
    // ...and goes once the last one is being fixed.
    f.control("password").dispatchEvent(new Event("input"));
    expect(document.getElementById("login-alert")?.hidden).toBe(true);
  });

  it("saves what is waiting at once when the form is sent", async () => {
    const f = loginForm();
    const saved: Record<string, string>[] = [];
    f.autosave(async (d) => void saved.push(d));
    f.set({ login: "ani@example.co.id" });
    f.control("login").dispatchEvent(new Event("input", { bubbles: true }));
    expect(saved.length).toBe(0);
    await f.flushSave();
    expect(saved).toEqual([{ login: "ani@example.co.id", password: "" }]);
    // Nothing waits any more: a second flush saves nothing again.
    await f.flushSave();
    expect(saved.length).toBe(1);
  });

  it("keeps a message that is not about a field", () => {
    const f = loginForm();
    f.showError({ code: "offline", message: "Tidak dapat terhubung ke server", field: null, fields: [], retry_after_secs: null });
    f.control("login").dispatchEvent(new Event("input"));
    expect(document.getElementById("login-alert")?.hidden).toBe(false);
  });
});

describe("passwordStrength", () => {
  it.each([
    ["abc", 1],
    ["kaltim2026", 1],
    ["Kaltim2026", 2],
    ["Kaltim2026!Baru", 3],
  ])("%s has %i dots", (pw, dots) => {
    expect(passwordStrength(pw as string)).toBe(dots);
  });
});

describe("toCommandError", () => {
  it("keeps a backend error as it is", () => {
    const e = toCommandError({ code: "offline", message: "Tidak dapat terhubung", field: null, fields: [] });
    expect(e.error.code).toBe("offline");
    expect(e.message).toBe("Tidak dapat terhubung");
  });

  it("wraps anything else with an Indonesian message", () => {
    expect(toCommandError("boom").error.message).toMatch(/^Terjadi kesalahan tak terduga/);
  });
});

describe("RegionSelects", () => {
  const data: Record<string, Region[]> = {
    "": [{ code: "64", name: "KALIMANTAN TIMUR" }],
    "64": [{ code: "64.72", name: "KOTA SAMARINDA" }],
    "64.72": [{ code: "64.72.01", name: "Palaran" }],
    "64.72.01": [{ code: "64.72.01.1001", name: "Rawa Makmur" }],
  };
  const load = async (parent: string | null) => data[parent ?? ""] ?? [];

  it("restores a saved address and empties lower levels when a higher one changes", async () => {
    const f = new Form("reg");
    const r = new RegionSelects(f, load);
    f.el.append(...r.fields);
    await r.init({ provinsi: "64", kabupaten: "64.72", kecamatan: "64.72.01", kelurahan: "64.72.01.1001" });
    expect(r.codes()).toEqual({ provinsi: "64", kabupaten: "64.72", kecamatan: "64.72.01", kelurahan: "64.72.01.1001" });
    const kab = f.control("kabupaten") as HTMLSelectElement;
    kab.value = "";
    kab.dispatchEvent(new Event("change"));
    await new Promise((res) => setTimeout(res, 0));
    expect(r.codes().kecamatan).toBe("");
    expect(r.codes().kelurahan).toBe("");
    expect((f.control("kelurahan") as HTMLSelectElement).disabled).toBe(true);
  });
});

describe("file sizes", () => {
  it("reads like the list does", () => {
    expect(sizeLabel(512)).toBe("512 B");
    expect(sizeLabel(1536)).toBe("1,5 KB");
    expect(sizeLabel(5 * 1024 * 1024)).toBe("5,0 MB");
  });
  it("words the limit as the backend does, rounded up", () => {
    expect(tooLargeMessage(51 * 1024 * 1024)).toBe("Ukuran file 51,0 MB melebihi batas maksimal 50 MB");
    expect(tooLargeMessage(MAX_FILE_BYTES + 1)).toBe("Ukuran file 50,1 MB melebihi batas maksimal 50 MB");
  });
});

describe("requirementRows", () => {
  it("lists only the documents of the chosen kind, numbered", async () => {
    const { requirementRows } = await import("./screens/persyaratan");
    const type = {
      id: "sipa",
      name: "SIPA",
      description: "",
      sla_days: 14,
      validity_years: 5,
      kinds: ["baru", "perpanjangan"] as ("baru" | "perpanjangan")[],
      details: [],
      requirements: [
        { id: 1, name: "KTP", description: "KTP pemohon", mandatory: true, formats: ["jpg", "pdf"] as ("jpg" | "pdf")[], max_mb: 5, photo_max_px: 2560, kinds: ["baru", "perpanjangan"] as ("baru" | "perpanjangan")[] },
        { id: 2, name: "Izin Lama", description: "", mandatory: true, formats: ["pdf"] as "pdf"[], max_mb: 10, photo_max_px: 2560, kinds: ["perpanjangan"] as "perpanjangan"[] },
        { id: 3, name: "Surat Kuasa", description: "", mandatory: false, formats: ["pdf"] as "pdf"[], max_mb: 10, photo_max_px: 2560, kinds: ["baru"] as "baru"[] },
      ],
    };
    expect(requirementRows(type, "baru")).toEqual([
      ["1", "KTP", "Wajib", "JPG, PDF", "5 MB", "KTP pemohon"],
      ["2", "Surat Kuasa", "Opsional", "PDF", "10 MB", ""],
    ]);
    expect(requirementRows(type, "perpanjangan").map((r) => r[1])).toEqual(["KTP", "Izin Lama"]);
  });
});

describe("toFieldErrors", () => {
  it("maps the core's data paths to the wizard's field names", async () => {
    const { toFieldErrors } = await import("./screens/wizard");
    expect(toFieldErrors([{ field: "lokasi.lintang", code: "coordinate", message: "x" }, { field: "req.12", code: "required", message: "y" }]).map((e) => e.field)).toEqual([
      "lokasi-lintang",
      "req-12",
    ]);
  });
});

describe("application lists", () => {
  it("shows three kinds of progress", async () => {
    const { progressOf } = await import("./applist");
    expect(["diajukan", "verifikasi", "perlu_perbaikan", "disetujui", "ditolak", "selesai"].map(progressOf)).toEqual([
      "proses",
      "proses",
      "proses",
      "proses",
      "ditolak",
      "selesai",
    ]);
  });
});

describe("upload progress", () => {
  it("moves the bar and the label of the row being sent, and only that row", () => {
    const row = (id: string) =>
      h("tr", { "data-draft": id }, h("td", {}, h("progress", { class: "upload-bar", max: "1", value: "0" }), h("span", { class: "upload-label" }, uploadLabel(0, 0))));
    const root = h("table", {}, row("a"), row("b"));
    showProgress(root, { draft_id: "b", bytes_sent: 3 * 1024 * 1024, bytes_total: 12 * 1024 * 1024, files_done: 1, files_total: 2 });
    const [a, b] = Array.from(root.querySelectorAll("tr"));
    expect(b.querySelector("progress")!.value).toBe(3 * 1024 * 1024);
    expect(b.querySelector("progress")!.max).toBe(12 * 1024 * 1024);
    expect(b.querySelector(".upload-label")!.textContent).toBe("Mengirim 3,0 MB dari 12,0 MB (25%) · berkas 2 dari 2");
    expect(a.querySelector("progress")!.value).toBe(0);
    expect(a.querySelector(".upload-label")!.textContent).toBe("Menunggu koneksi");
  });
});

describe("attachment viewer arithmetic", () => {
  it("zooms by steps of a quarter, within 10 % and 800 %", () => {
    expect(zoomed(1, 1)).toBe(1.25);
    expect(zoomed(1.25, -1)).toBe(1);
    expect(zoomed(7.9, 1)).toBe(8);
    expect(zoomed(0.11, -1)).toBe(0.1);
  });

  it("turns a quarter at a time and comes back round", () => {
    expect([0, 90, 180, 270].map(rotated)).toEqual([90, 180, 270, 0]);
  });

  it("fits the picture to the box, turned or not", () => {
    // A 2000×1000 scan in an 800×600 box: width decides.
    expect(fitZoom(2000, 1000, 0, 800, 600)).toBe(0.4);
    // Turned a quarter it stands 1000×2000: height decides.
    expect(fitZoom(2000, 1000, 90, 800, 600)).toBe(0.3);
    expect(fitZoom(0, 0, 0, 800, 600)).toBe(1);
  });
});

describe("inbox preview", () => {
  it("shows the first words of a message on one line", () => {
    expect(preview("Permohonan Anda\n\nperlu diperbaiki.")).toBe("Permohonan Anda perlu diperbaiki.");
    expect(preview("a".repeat(100), 10)).toBe("aaaaaaaaa…");
  });
});

describe("help offline", () => {
  it("finds entries by every word typed, in any case", () => {
    const hits = searchHelp(TROUBLESHOOTING, "LUPA password");
    expect(hits.map((e) => e.question)).toContain("Lupa password");
    expect(hits.every((e) => `${e.question} ${e.answer.join(" ")}`.toLowerCase().includes("lupa"))).toBe(true);
    expect(searchHelp(FAQ, "survey ikm").length).toBeGreaterThan(0);
    expect(searchHelp(FAQ, "tidak-ada-kata-ini")).toEqual([]);
    expect(searchHelp(FAQ, "  ")).toBe(FAQ);
  });

  it("ships the office's contacts and hours", () => {
    expect(CONTACTS.channels.map((c) => c.media)).toEqual(["Telepon", "Fax", "E-mail", "Chat"]);
    expect(CONTACTS.address.join(" ")).toContain("Jl. Basuki Rahmat No. 56");
  });
});

describe("survey IKM", () => {
  const q = (code: string) => ({ code, text: `Pertanyaan ${code}`, answers: ["a", "b", "c", "d"] as [string, string, string, string], in_index: true });
  it("names the first question left unanswered", () => {
    const qs = [q("U1"), q("U2"), q("U3")];
    expect(firstUnanswered(qs, new Map([["U1", 3]]))?.code).toBe("U2");
    expect(firstUnanswered(qs, new Map([["U1", 3], ["U2", 1], ["U3", 4]]))).toBeNull();
  });

  it("draws one bar per element, as long as its NRR", () => {
    const chart = nrrChart([4, 3, 2, 1, 3.5, 3, 3, 2.5, 3]);
    const bars = chart.querySelectorAll("rect");
    expect(bars.length).toBe(9);
    const w = (i: number) => Number(bars[i].getAttribute("width"));
    expect(w(0)).toBeCloseTo(2 * w(2));
    expect(w(0)).toBeCloseTo(4 * w(3));
    expect(chart.textContent).toContain("3,50");
  });
});

describe("pengaduan search", () => {
  const c = (resi: string | null, kategori: "dokumen" | "pelayanan", isi: string) => ({ id: isi, resi, kategori, isi, status: "baru" as const, created_at: "", balasan: null, replied_at: null, pemohon: "" });
  it("finds by resi, category label or content, in any case", () => {
    const list = [c("7K3M-Q9X2-H4T", "dokumen", "Upload gagal"), c(null, "pelayanan", "Petugas ramah")];
    expect(filterComplaints(list, "7k3m").length).toBe(1);
    expect(filterComplaints(list, "PELAYANAN")[0].isi).toBe("Petugas ramah");
    expect(filterComplaints(list, "upload")[0].resi).toBe("7K3M-Q9X2-H4T");
    expect(filterComplaints(list, " ").length).toBe(2);
  });
});

describe("chat bubbles", () => {
  const m = (over: Partial<Parameters<typeof bubble>[0]>) => bubble({ id: "1", seq: 1, sender_name: "Siti", from_office: true, mine: false, text: "Halo", attachment: null, created_at: "2026-11-23T01:00:00Z", pending: false, error: null, ...over });
  it("colours officers green and one's own yellow, and keeps markup as text", () => {
    expect(m({}).className).toBe("bubble office");
    expect(m({ mine: true, from_office: false }).className).toBe("bubble mine");
    const b = m({ text: "<img src=x onerror=alert(1)>" });
    expect(b.querySelector("img")).toBeNull();
    expect(b.querySelector(".bubble-text")!.textContent).toBe("<img src=x onerror=alert(1)>");
  });

  it("says when a message is still waiting", () => {
    const b = m({ mine: true, pending: true, seq: null });
    expect(b.className).toBe("bubble mine pending");
    expect(b.textContent).toContain("Menunggu koneksi");
  });
});

describe("laporan layanan", () => {
  it("gives the share finished within the service level", () => {
    const row = { permit_type_id: "sipa", jenis_izin: "SIPA", sla_days: 14, diajukan: 0, diproses: 0, perlu_perbaikan: 0, selesai: 4, ditolak: 0, terlambat: 0, rata_hari_kerja: 6.5, tepat_waktu: 3 };
    expect(onTime(row)).toBe("3 dari 4 (75%)");
    expect(onTime({ ...row, selesai: 0, tepat_waktu: 0 })).toBe("-");
  });
});

describe("mapPanel", () => {
  const lokasi = (over: Partial<Lokasi> = {}): Lokasi => ({
    jalan: "",
    nomor: "",
    rt: "",
    rw: "",
    kabupaten: "64.72",
    kecamatan: "",
    kelurahan: "",
    lintang: "",
    bujur: "",
    poligon: [],
    ...over,
  });
  const ok: LocationCheck = { ok: true, message: "Kec. Samarinda Ilir, Kota Samarinda", warning: null, area: null, area_m2: null, dms: "0°30'07.58\"S 117°09'13.35\"E" };
  const fakeCtx = (api: Record<string, unknown>) => ({ api }) as unknown as Ctx;

  it("says there is no point yet, and shows the checks and the preview once there is", async () => {
    const l = lokasi();
    const seen: Lokasi[] = [];
    const ctx = fakeCtx({
      mapCheck: async (x: Lokasi) => (seen.push(structuredClone(x)), ok),
      mapPreview: async () => ({ data_url: "data:image/png;base64,AAAA", zoom: 13, attribution: "GADM 4.1" }),
    });
    const panel = mapPanel(ctx, l);
    document.body.replaceChildren(panel.el);
    await panel.refresh();
    expect(document.getElementById("lokasi-peta-kosong")?.hidden).toBe(false);
    expect((document.getElementById("lokasi-peta-preview") as HTMLImageElement).hidden).toBe(true);
    expect(seen).toEqual([]);
    l.lintang = "-0.502106";
    l.bujur = "117.153709";
    await panel.refresh();
    expect(document.getElementById("lokasi-peta-status")?.textContent).toContain("✔ Lokasi: Kec. Samarinda Ilir, Kota Samarinda");
    expect(document.getElementById("lokasi-peta-status")?.className).toContain("ok");
    const img = document.getElementById("lokasi-peta-preview") as HTMLImageElement;
    expect(img.hidden).toBe(false);
    expect(img.getAttribute("src")).toBe("data:image/png;base64,AAAA");
    expect(document.getElementById("lokasi-peta-atribusi")?.textContent).toBe("Peta: GADM 4.1");
  });

  it("fills the form from the picker's answer, and leaves it alone when cancelled or failed", async () => {
    const l = lokasi({ lintang: "-0.5", bujur: "117.1" });
    let picked = 0;
    const answers: unknown[] = [
      { result: "cancelled", lintang: "-0.5", bujur: "117.1", poligon: [], location: "", warning: null },
      new CommandFailure({ code: "map_failed", message: "Jendela peta tertutup tanpa jawaban.", field: null, fields: [], retry_after_secs: null }),
      { result: "polygon", lintang: "-0.5021060", bujur: "117.1537090", poligon: [{ lat: -0.5, lng: 117.1 }, { lat: -0.5, lng: 117.2 }, { lat: -0.6, lng: 117.2 }], location: "Kec. X", warning: null },
    ];
    const ctx = fakeCtx({
      mapCheck: async () => ok,
      mapPreview: async () => null,
      mapPick: async () => {
        const a = answers.shift();
        if (a instanceof CommandFailure) throw a;
        return a;
      },
    });
    const panel = mapPanel(ctx, l, { onPicked: () => picked++ });
    document.body.replaceChildren(panel.el);
    const button = document.getElementById("lokasi-peta-poligon") as HTMLButtonElement;
    const settle = () => new Promise((r) => setTimeout(r, 0));
    button.click();
    await settle();
    expect(picked).toBe(0);
    expect(l.lintang).toBe("-0.5");
    button.click();
    await settle();
    expect(document.getElementById("lokasi-peta-status")?.textContent).toBe("✖ Jendela peta tertutup tanpa jawaban.");
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe("Gambar Area (Poligon)");
    button.click();
    await settle();
    await settle();
    expect(picked).toBe(1);
    expect([l.lintang, l.bujur, l.poligon.length]).toEqual(["-0.5021060", "117.1537090", 3]);
  });
});

describe("dates as the office writes them", () => {
  it("shows days in words and instants in Samarinda's time", () => {
    expect(formatDate("2026-12-01")).toBe("1 Desember 2026");
    expect(formatDate(null)).toBe("-");
    expect(formatDate("2026-02-30")).toBe("2026-02-30");
    // 13.56 UTC is 21.56 in Samarinda, whatever zone the computer is set to.
    expect(formatDateTime("2026-11-22T13:56:00Z")).toBe("22 November 2026 pukul 21.56 WITA");
    expect(formatDateTime("2026-12-31T20:00:00Z")).toBe("1 Januari 2027 pukul 04.00 WITA");
    expect(todayWita(new Date("2026-12-01T17:00:00Z"))).toBe("2026-12-02");
  });

  it("reads date fields day first and keeps what it cannot read for the checks", () => {
    expect(toIsoDate("15/05/1990")).toBe("1990-05-15");
    expect(toIsoDate(" 5-5-1990 ")).toBe("1990-05-05");
    expect(toIsoDate("1990-05-15")).toBe("1990-05-15");
    expect(toIsoDate("31/02/1990")).toBe("31/02/1990");
    expect(toIsoDate("05/15/1990")).toBe("05/15/1990");
    expect(toTypedDate("1990-05-15")).toBe("15/05/1990");
    const f = new Form("reg");
    document.body.replaceChildren(f.el);
    f.el.append(f.field({ name: "tanggal_lahir", label: "Tanggal Lahir", type: "date" }));
    const c = f.control("tanggal_lahir");
    expect(c.getAttribute("type")).toBe("text");
    expect(c.getAttribute("aria-describedby")).toBe("reg-tanggal_lahir-hint");
    f.set({ tanggal_lahir: "1990-05-15" });
    expect(c.value).toBe("15/05/1990");
    c.value = "01/12/2000";
    expect(f.values().tanggal_lahir).toBe("2000-12-01");
  });
});

describe("a requirement's own file checks", () => {
  it("refuses the wrong format and what is over the requirement's limit, before reading", () => {
    expect(kindByName("KTP.JPEG")).toBe("jpg");
    expect(kindByName("tanpa-titik")).toBe("");
    expect(refusalFor({ name: "nib.png", size: 10 }, ["pdf"], 10)).toBe("Format file harus PDF; file ini PNG.");
    expect(refusalFor({ name: "ktp.pdf", size: 6 * 1024 * 1024 }, ["jpg", "png", "pdf"], 5)).toBe("Ukuran file 6,0 MB melebihi batas maksimal 5 MB untuk persyaratan ini.");
    expect(refusalFor({ name: "ktp.jpeg", size: 1000 }, ["jpg", "png", "pdf"], 5)).toBeNull();
    // A phone photo over the limit goes downscaled: "Kirim" checks the smaller file.
    expect(refusalFor({ name: "IMG_2041.JPG", size: 7 * 1024 * 1024 }, ["jpg", "pdf"], 5, 2560)).toBeNull();
    expect(refusalFor({ name: "IMG_2041.JPG", size: 7 * 1024 * 1024 }, ["jpg", "pdf"], 5, 0)).toBe("Ukuran file 7,0 MB melebihi batas maksimal 5 MB untuk persyaratan ini.");
    expect(refusalFor({ name: "besar.pdf", size: 51 * 1024 * 1024 }, ["pdf"], 100)).toBe("Ukuran file 51,0 MB melebihi batas maksimal 50 MB");
  });
});

describe("an audit row's detail", () => {
  it("reads as key: value pairs, strings without quotes, other values as JSON", () => {
    expect(detailText('{"user":"u-1","reason":"Dokumen palsu","rows":3}')).toBe("user: u-1 · reason: Dokumen palsu · rows: 3");
    expect(detailText('{"filter":{"action":"tolak"}}')).toBe('filter: {"action":"tolak"}');
  });
  it("is empty for an empty detail and unchanged when it is not an object", () => {
    expect(detailText("{}")).toBe("");
    expect(detailText("[1,2]")).toBe("[1,2]");
    expect(detailText("bukan json")).toBe("bukan json");
  });
});

describe("Cetak Dokumen's filters", () => {
  const permit = (nomor: string, jenis: string, terbit: string, state: string): LocalPermit =>
    ({ izin: { content: { nomor, jenis_izin: jenis, terbit } }, state, days_left: null }) as unknown as LocalPermit;
  const all = [
    permit("503/0003", "SIPA", "2026-11-20", "aktif"),
    permit("503/0002", "Izin Lingkungan", "2026-03-01", "dicabut"),
    permit("503/0001", "SIPA", "2023-01-10", "kadaluarsa"),
  ];
  const none = { jenis: "", state: "", from: "", to: "" };
  const nomor = (ps: LocalPermit[]) => ps.map((p) => p.izin.content.nomor);
  it("keeps the tabs as they were and shows every permit when nothing is chosen", () => {
    expect(nomor(permitsShown(all, "aktif", none))).toEqual(["503/0003"]);
    expect(nomor(permitsShown(all, "kadaluarsa", none))).toEqual(["503/0002", "503/0001"]);
    expect(nomor(permitsShown(all, "cetak", none))).toEqual(["503/0003", "503/0002", "503/0001"]);
  });
  it("narrows by permit type, status and the days issued, both ends included", () => {
    expect(nomor(permitsShown(all, "cetak", { ...none, jenis: "SIPA" }))).toEqual(["503/0003", "503/0001"]);
    expect(nomor(permitsShown(all, "cetak", { ...none, state: "dicabut" }))).toEqual(["503/0002"]);
    expect(nomor(permitsShown(all, "cetak", { ...none, from: "2026-03-01", to: "2026-11-20" }))).toEqual(["503/0003", "503/0002"]);
    expect(nomor(permitsShown(all, "cetak", { ...none, jenis: "SIPA", to: "2025-12-31" }))).toEqual(["503/0001"]);
  });
});

describe("the archive's days", () => {
  it("sends a day as YYYY-MM-DD, nothing when empty, and refuses anything else", () => {
    expect(archiveDay(toIsoDate("15/01/2026"))).toBe("2026-01-15");
    expect(archiveDay("")).toBe("");
    expect(archiveDay(toIsoDate("31/02/2026"))).toBeNull();
    expect(archiveDay(toIsoDate("kemarin"))).toBeNull();
  });
});
