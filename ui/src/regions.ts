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

export class RegionSelects {
  readonly fields: HTMLElement[];

  constructor(
    private readonly form: Form,
    private readonly load: LoadRegions,
  ) {
    this.fields = LEVELS.map((l) => form.field({ name: l, label: LABELS[l], type: "select" }));
    LEVELS.forEach((level, i) => {
      const next = LEVELS[i + 1];
      if (!next) return;
      this.select(level).addEventListener("change", () => void this.fill(i + 1, this.select(level).value));
    });
  }

  private select(level: Level): HTMLSelectElement {
    return this.form.control(level) as HTMLSelectElement;
  }

  /** Fills level `i` with the children of `parent` and empties the levels below it. */
  private async fill(i: number, parent: string | null, keep?: string): Promise<void> {
    for (let j = i; j < LEVELS.length; j++) {
      const s = this.select(LEVELS[j]);
      s.replaceChildren(h("option", { value: "" }, "-Pilih-"));
      s.disabled = j !== i || (i > 0 && !parent);
    }
    if (i > 0 && !parent) return;
    const s = this.select(LEVELS[i]);
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
    await this.fill(0, null, codes?.provinsi);
    for (let i = 1; i < LEVELS.length; i++) {
      const parent = codes?.[LEVELS[i - 1]];
      if (!parent) break;
      await this.fill(i, parent, codes?.[LEVELS[i]]);
    }
  }

  codes(): RegionCodes {
    return {
      provinsi: this.select("provinsi").value,
      kabupaten: this.select("kabupaten").value,
      kecamatan: this.select("kecamatan").value,
      kelurahan: this.select("kelurahan").value,
    };
  }
}
