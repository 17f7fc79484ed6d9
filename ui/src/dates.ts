// Dates as the office writes them, the same in every screen and in the PDFs: "23 November
// 2026", "22 November 2026 pukul 21.56 WITA" (Samarinda's time, whatever the computer's zone),
// and date fields typed day first ("15/05/1990") whatever the computer's locale. The wire
// keeps YYYY-MM-DD and RFC 3339.

const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

/** Samarinda is UTC+8 all year (WITA, no daylight saving). */
const WITA_OFFSET_MS = 8 * 3600 * 1000;

/** Whether y-m-d is a real calendar day. */
function real(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A YYYY-MM-DD date as "23 November 2026"; anything else is returned as it is. */
export function formatDate(ymd: string | null | undefined): string {
  if (!ymd) return "-";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd.trim());
  if (!m || !real(+m[1], +m[2], +m[3])) return ymd;
  return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}`;
}

/** An instant (RFC 3339) as "22 November 2026 pukul 21.56 WITA". */
export function formatDateTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const w = new Date(t.getTime() + WITA_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${w.getUTCDate()} ${MONTHS[w.getUTCMonth()]} ${w.getUTCFullYear()} pukul ${two(w.getUTCHours())}.${two(w.getUTCMinutes())} WITA`;
}

/** Today in Samarinda as YYYY-MM-DD. */
export function todayWita(now = new Date()): string {
  return new Date(now.getTime() + WITA_OFFSET_MS).toISOString().slice(0, 10);
}

/** What a date field holds, day first ("15/05/1990", "15-5-1990", "15.05.1990"), as
 * YYYY-MM-DD; a YYYY-MM-DD is kept; anything else is returned trimmed for the checks to
 * refuse with their message. */
export function toIsoDate(typed: string): string {
  const s = typed.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (dmy && real(+dmy[3], +dmy[2], +dmy[1])) return `${dmy[3]}-${dmy[2].padStart(2, "0")}-${dmy[1].padStart(2, "0")}`;
  return s;
}

/** A YYYY-MM-DD as a date field shows it: "15/05/1990". */
export function toTypedDate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd.trim());
  return m ? `${m[3]}/${m[2]}/${m[1]}` : ymd;
}

/** The attributes of a day-first date field. */
export const DATE_FIELD = { type: "text", inputmode: "numeric", placeholder: "HH/BB/TTTT", maxlength: 10, "data-date": "1" } as const;

/** The "from" and "to" fields of a report's period, day first, set to this month so far. */
export function periodFields(prefix: string): { from: HTMLInputElement; to: HTMLInputElement; read: () => [string, string] } {
  const today = todayWita();
  const field = (id: string, label: string, ymd: string) => {
    const el = document.createElement("input");
    Object.entries(DATE_FIELD).forEach(([k, v]) => el.setAttribute(k, String(v)));
    el.id = id;
    el.setAttribute("aria-label", label);
    el.value = toTypedDate(ymd);
    return el;
  };
  const from = field(`${prefix}-from`, "Dari tanggal", `${today.slice(0, 8)}01`);
  const to = field(`${prefix}-to`, "Sampai tanggal", today);
  return { from, to, read: () => [toIsoDate(from.value), toIsoDate(to.value)] };
}
