// Admin name and p-code matching against a reference list (admin_areas, else the global gazetteer):
// exact, repaired (case, ISO3↔ISO2 prefix, a lost or extra leading zero), name (normalised, within the
// parent), fuzzy (edit distance within the parent) — ambiguous or unknown names are never guessed.
import { distance } from "fastest-levenshtein";
import { normalise } from "./normalise.ts";

export interface RefArea {
  pcode: string;
  name: string | null;
  nameAlt: string | null;
  level: number;
  parent: string | null;
}

export type MatchKind = "exact" | "repaired" | "name" | "fuzzy" | "override";

export interface Match {
  area: RefArea | null;
  kind?: MatchKind;
  note?: string;
  error?: string;
  suggestions?: string[];
}

const ADMIN_WORDS = /\b(district|province|commune|ville|region|cercle|departement|department|prefecture|county|state|governorate|gouvernorat|lga|municipality|municipalite|sous prefecture|city|town|wilaya|moughataa|arrondissement|of|de|du|des|la|le|les|el|al)\b/g;

export function nameKey(name: string): string {
  return normalise(name).replace(ADMIN_WORDS, " ").replace(/\s+/g, " ").trim();
}

export class Gazetteer {
  private byCode = new Map<string, RefArea>();
  private byLevel = new Map<number, RefArea[]>();
  private prefixes = new Set<string>();

  constructor(
    areas: RefArea[],
    private overrides: Record<string, string> = {},
    private maxDistance = 0.2
  ) {
    for (const a of areas) {
      this.byCode.set(a.pcode, a);
      const list = this.byLevel.get(a.level) ?? [];
      list.push(a);
      this.byLevel.set(a.level, list);
      const p = /^[A-Z]+/.exec(a.pcode)?.[0];
      if (p) this.prefixes.add(p);
    }
  }

  get size(): number {
    return this.byCode.size;
  }

  get(pcode: string): RefArea | undefined {
    return this.byCode.get(pcode);
  }

  /** Does this reference cover the country of this code (same letter prefix, or its ISO3/ISO2 twin)? */
  covers(code: string): boolean {
    const p = /^[A-Z]+/.exec(code)?.[0] ?? "";
    return this.prefixes.has(p) || [...this.prefixes].some((q) => q.slice(0, 2) === p.slice(0, 2));
  }

  private variants(code: string): string[] {
    const m = /^([A-Z]+)(.*)$/.exec(code);
    if (!m) return [];
    const [, prefix, rest] = m as unknown as [string, string, string];
    const prefixes = new Set([prefix]);
    for (const q of this.prefixes) if (q !== prefix && q.slice(0, 2) === prefix.slice(0, 2)) prefixes.add(q);
    const rests = new Set([rest]);
    for (let i = 0; i <= rest.length; i++) rests.add(rest.slice(0, i) + "0" + rest.slice(i));
    for (let i = 0; i < rest.length; i++) if (rest[i] === "0") rests.add(rest.slice(0, i) + rest.slice(i + 1));
    const out: string[] = [];
    for (const p of prefixes) for (const r of rests) out.push(p + r);
    return out.filter((c) => c !== code);
  }

  byPcode(code: string, level: number, parent: string | null): Match {
    const hit = this.byCode.get(code);
    if (hit) {
      if (hit.level !== level) return { area: null, error: `p-code ${code} is an admin${hit.level} code, not admin${level}` };
      return { area: hit, kind: "exact" };
    }
    // only the simple repairs: prefix swap, lost or extra leading zero; exactly one candidate, within the parent
    const candidates = [...new Set(this.variants(code))]
      .map((c) => this.byCode.get(c))
      .filter((a): a is RefArea => !!a && a.level === level && (!parent || a.parent === parent || !a.parent));
    if (candidates.length === 1) return { area: candidates[0]!, kind: "repaired", note: `p-code ${code} repaired to ${candidates[0]!.pcode}` };
    const suggestions = this.suggestByCode(code, level);
    return { area: null, error: `unknown admin${level} p-code ${code}`, suggestions };
  }

  private suggestByCode(code: string, level: number): string[] {
    return (this.byLevel.get(level) ?? [])
      .map((a) => ({ a, d: distance(a.pcode, code) }))
      .sort((x, y) => x.d - y.d || x.a.pcode.localeCompare(y.a.pcode)) // ties by p-code: the same file gets the same suggestions every time
      .slice(0, 3)
      .map(({ a }) => `${a.pcode} ${a.name ?? ""}`.trim());
  }

  byName(name: string, level: number, parent: string | null, parentName: string | null): Match {
    const override = this.overrides[`${parentName ?? ""}|${name}`] ?? this.overrides[name];
    if (override) {
      const a = this.byCode.get(override);
      if (a) return { area: a, kind: "override", note: `'${name}' → ${a.pcode} by the override list` };
    }
    const key = nameKey(name);
    const pool = (this.byLevel.get(level) ?? []).filter((a) => !parent || a.parent === parent);
    const keysOf = (a: RefArea) => [a.name, a.nameAlt].filter((n): n is string => !!n).map(nameKey);
    const exact = pool.filter((a) => keysOf(a).includes(key));
    const describe = (a: RefArea) => `${a.name} (${a.pcode}${a.parent ? `, in ${this.byCode.get(a.parent)?.name ?? a.parent}` : ""})`;
    if (exact.length === 1) return { area: exact[0]!, kind: "name" };
    if (exact.length > 1) {
      return { area: null, error: `ambiguous admin${level} name '${name}': ${exact.map(describe).join(" or ")}${parent ? "" : "; give the admin1 or the p-code"}`, suggestions: exact.map((a) => a.pcode) };
    }
    const scored = pool
      .map((a) => ({ a, d: Math.min(...keysOf(a).map((k) => distance(k, key) / Math.max(k.length, key.length, 1))) }))
      .sort((x, y) => x.d - y.d || x.a.pcode.localeCompare(y.a.pcode));
    const best = scored[0];
    const second = scored[1];
    if (best && best.d <= this.maxDistance) {
      if (second && second.d - best.d < 0.05) {
        return { area: null, error: `ambiguous admin${level} name '${name}': ${describe(best.a)} or ${describe(second.a)}`, suggestions: [best.a.pcode, second.a.pcode] };
      }
      return { area: best.a, kind: "fuzzy", note: `'${name}' matched to ${best.a.name} (${best.a.pcode})` };
    }
    return {
      area: null,
      error: `unknown admin${level} name '${name}'${parent ? ` in ${this.byCode.get(parent)?.name ?? parent}` : ""}`,
      suggestions: scored.slice(0, 3).map(({ a }) => describe(a))
    };
  }
}
