// Bantuan, shipped with the app and readable offline: troubleshooting (guide 4.1), FAQ
// (4.2), contacts with office hours (4.3) and tips (4.4), from the E-PTSP Kaltim guide,
// worded for this desktop application. The text lives in assets/help.json, which the
// desktop also prints as the downloadable guide.

import guide from "../../assets/help.json";

export interface HelpEntry {
  section: string;
  question: string;
  answer: string[];
}

/** One group of "Tips dan Trik" (guide 4.4). */
export interface HelpTips {
  title: string;
  items: string[];
}

interface HelpData {
  troubleshooting: HelpEntry[];
  faq: HelpEntry[];
  tips: HelpTips[];
  contacts: {
    office: string;
    address: string[];
    channels: { media: string; contact: string; hours: string }[];
    hours: string[];
  };
}

const data: HelpData = guide;

export const TROUBLESHOOTING: HelpEntry[] = data.troubleshooting;
export const FAQ: HelpEntry[] = data.faq;
export const TIPS: HelpTips[] = data.tips;
export const CONTACTS = data.contacts;

/** Entries whose question, answer or section contain every word of `query` (any case). */
export function searchHelp(entries: HelpEntry[], query: string): HelpEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter((e) => {
    const text = `${e.section} ${e.question} ${e.answer.join(" ")}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
