// The cascading Provinsi → Kab/Kota → Kecamatan → Kelurahan/Desa selects. Each list comes
// from the backend, which serves it from the local cache when there is one.
import type { Region } from "./bindings/Region";
import type { RegionCodes } from "./bindings/RegionCodes";
import { h } from "./dom";
import type { Form } from "./form";

export const LEVELS = ["provinsi", "kabupaten", "kecamatan", "kelurahan"] as const;
type Level = (typeof LEVELS)[number];
const LABELS: Record<Level, string> = {
  provinsi: "Provinsi",
  kabupaten: "Kab/Kota",
  kecamatan: "Kecamatan",
  kelurahan: "Kelurahan/Desa",
};

export type LoadRegions = (parent: string | null) => Promise<Region[]>;

export interface RegionOptions {
  /** Prefix of the form field names ("lokasi-" gives "lokasi-kabupaten"). */
  prefix?: string;
  /** The code the first level hangs from: null for provinces, "64" for Kalimantan Timur. */
  root?: string | null;
}

export class RegionSelects {
  readonly fields: HTMLElement[];
  private readonly levels: Level[];
  private readonly prefix: string;
  private readonly root: string | null;

  constructor(
    private readonly form: Form,
    private readonly load: LoadRegions,
    opts: RegionOptions = {},
  ) {
    this.prefix = opts.prefix ?? "";
    this.root = opts.root ?? null;
    this.levels = this.root ? LEVELS.slice(this.root.split(".").length) : [...LEVELS];
    this.fields = this.levels.map((l) => form.field({ name: this.prefix + l, label: LABELS[l], type: "select" }));
    this.levels.forEach((level, i) => {
      if (!this.levels[i + 1]) return;
      this.select(level).addEventListener("change", () => void this.fill(i + 1, this.select(level).value));
    });
  }

  private select(level: Level): HTMLSelectElement {
    return this.form.control(this.prefix + level) as HTMLSelectElement;
  }

  /** Fills level `i` with the children of `parent` and empties the levels below it. */
  private async fill(i: number, parent: string | null, keep?: string): Promise<void> {
    for (let j = i; j < this.levels.length; j++) {
      const s = this.select(this.levels[j]);
      s.replaceChildren(h("option", { value: "" }, "-Pilih-"));
      s.disabled = j !== i || (i > 0 && !parent);
    }
    if (i > 0 && !parent) return;
    const s = this.select(this.levels[i]);
    try {
      const list = await this.load(parent);
      s.append(...list.map((r) => h("option", { value: r.code }, r.name)));
      if (keep) s.value = keep;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.form.showBanner(msg, "error");
    }
  }

  /** Loads the provinces, then restores a saved address level by level. */
  async init(codes?: Partial<RegionCodes>): Promise<void> {
    await this.fill(0, this.root, codes?.[this.levels[0]]);
    for (let i = 1; i < this.levels.length; i++) {
      const parent = codes?.[this.levels[i - 1]];
      if (!parent) break;
      await this.fill(i, parent, codes?.[this.levels[i]]);
    }
  }

  codes(): RegionCodes {
    const v = (l: Level) => (this.levels.includes(l) ? this.select(l).value : l === "provinsi" ? (this.root ?? "") : "");
    return { provinsi: v("provinsi"), kabupaten: v("kabupaten"), kecamatan: v("kecamatan"), kelurahan: v("kelurahan") };
  }
}
