// The area a risk rating or an incident count is for: the country (its ISO2 admin0 p-code, the COD
// convention, whether the file wrote ISO2, ISO3 or the country's name), an admin1 or an admin2 — checked
// against admin_areas once per distinct combination, written back to v as res_pcode/res_level/res_admin1/res_admin2.
import type { SheetContext } from "./kinds/kind.ts";
import { Gazetteer, type RefArea } from "./pcode-match.ts";
import { referenceFor } from "./pcode-resolve.ts";
import { normalise } from "./normalise.ts";
import { insertSheetIssues } from "./validate.ts";

/** Area columns every risk/incident sheet may have (fields of both kinds' schemas). */
export const AREA_FIELDS = ["area_pcode", "admin1_pcode", "admin2_pcode", "area_name"] as const;

const NATIONAL = new Set(["national", "national level", "country", "country level", "whole country", "niveau national", "national total", "pays", "ensemble du pays", "admin0", "adm0"]);

export interface AreaResult {
  pcode: string | null;
  level: number | null;
  admin1: string | null;
  admin2: string | null;
  error: string | null;
  suggestions: string | null;
  note: string | null;
}

export function resolveArea(
  key: { area_pcode: string | null; admin1_pcode: string | null; admin2_pcode: string | null; area_name: string | null },
  country: { iso2: string; iso3: string; name: string },
  gaz: Gazetteer | null,
  allowCountry: boolean
): AreaResult {
  const out: AreaResult = { pcode: null, level: null, admin1: null, admin2: null, error: null, suggestions: null, note: null };
  const code = (key.admin2_pcode ?? key.admin1_pcode ?? key.area_pcode)?.trim().toUpperCase() ?? null;
  const name = key.area_name?.trim() ?? null;
  const countryNames = [country.name, country.name.replace(/\s*\(.*\)\s*$/, "")].map(normalise);
  const isCountry = (code !== null && (code === country.iso2 || code === country.iso3 || countryNames.includes(normalise(code)))) || (code === null && name !== null && (countryNames.includes(normalise(name)) || NATIONAL.has(normalise(name))));
  if (isCountry) {
    if (!allowCountry) return { ...out, error: `country-wide row (${code ?? name}): incidents are counted per admin1 or admin2` };
    return { ...out, pcode: country.iso2, level: 0, note: code === country.iso2 ? null : `'${code ?? name}' read as the country (${country.iso2})` };
  }
  const place = (a: RefArea, note: string | null): AreaResult => {
    if (a.level !== 1 && a.level !== 2) return { ...out, error: `area ${a.pcode} is an admin${a.level} area: ratings and incidents are per country, admin1 or admin2` };
    return { ...out, pcode: a.pcode, level: a.level, admin1: a.level === 1 ? a.pcode : a.parent, admin2: a.level === 2 ? a.pcode : null, note };
  };
  if (code) {
    if (!gaz) {
      // no boundaries loaded: kept as written, level from the code's length (said in the report)
      if (!code.startsWith(country.iso2) && !code.startsWith(country.iso3)) return { ...out, error: `area ${code} is not a p-code of ${country.name} (${country.iso2})` };
      const digits = code.length - (code.startsWith(country.iso3) ? 3 : 2);
      const level = digits <= 2 ? 1 : 2;
      return { ...out, pcode: code, level, admin1: level === 1 ? code : code.slice(0, code.length - (digits - 2)), admin2: level === 2 ? code : null, note: `p-code ${code} not verified: no boundaries loaded` };
    }
    const hit = gaz.get(code);
    if (hit) return place(hit, null);
    for (const level of [1, 2]) {
      const m = gaz.byPcode(code, level, null);
      if (m.area) return place(m.area, m.note ?? null);
    }
    const m = gaz.byPcode(code, code.length > 4 ? 2 : 1, null);
    return { ...out, error: `area ${code} is not in admin_areas (the loaded boundaries)`, suggestions: m.suggestions?.length ? `did you mean: ${m.suggestions.join("; ")}` : null };
  }
  if (name) {
    if (!gaz) return { ...out, error: `area '${name}' has no p-code and no boundaries are loaded to find it` };
    const m2 = gaz.byName(name, 2, null, null);
    if (m2.area) return place(m2.area, m2.note ?? null);
    const m1 = gaz.byName(name, 1, null, null);
    if (m1.area) return place(m1.area, m1.note ?? null);
    const m = m1.error?.startsWith("ambiguous") ? m1 : m2.error?.startsWith("ambiguous") ? m2 : m1;
    return { ...out, error: `${m.error ?? `unknown area '${name}'`} (not in admin_areas)`, suggestions: m.suggestions?.length ? `did you mean: ${m.suggestions.join("; ")}` : null };
  }
  return { ...out, error: "no area: give the country, an admin1 or an admin2 (p-code or name)" };
}

/** Resolves the area columns of v; rows whose area fails get an error issue (and are rejected by the caller's rej). */
export async function resolveRiskAreas(ctx: SheetContext, allowCountry: boolean): Promise<void> {
  const { conn } = ctx;
  const present = AREA_FIELDS.filter((f) => ctx.mapping.fields.has(f));
  const cols = AREA_FIELDS.map((f) => (present.includes(f) ? `CAST(${f} AS VARCHAR)` : "CAST(NULL AS VARCHAR)"));
  const combos = (await conn.runAndReadAll(`SELECT ${cols.map((c, i) => `${c} AS k${i}`).join(", ")}, min(_row)::INTEGER, count(*)::INTEGER FROM v GROUP BY ALL`)).getRows();
  const codes = combos.flatMap((r) => [r[2], r[1], r[0]].filter((x): x is string => typeof x === "string"));
  const gaz = await referenceFor(conn, codes.slice(0, 5000), ctx.config);
  await conn.run(`CREATE OR REPLACE TEMP TABLE area_res (k0 VARCHAR, k1 VARCHAR, k2 VARCHAR, k3 VARCHAR, o_pcode VARCHAR, o_level INTEGER, o_admin1 VARCHAR, o_admin2 VARCHAR, err VARCHAR, err_raw VARCHAR, sugg VARCHAR)`);
  const app = await conn.createAppender("area_res", "main", "temp");
  const text = (v: string | null) => (v === null ? app.appendNull() : app.appendVarchar(v));
  for (const r of combos) {
    const k = r.slice(0, 4).map((x) => (x === null ? null : String(x)));
    const res = resolveArea({ area_pcode: k[0]!, admin1_pcode: k[1]!, admin2_pcode: k[2]!, area_name: k[3]! }, ctx.config.country, gaz, allowCountry);
    k.forEach(text);
    text(res.pcode);
    res.level === null ? app.appendNull() : app.appendInteger(res.level);
    text(res.admin1);
    text(res.admin2);
    text(res.error);
    text(k[2] ?? k[1] ?? k[0] ?? k[3] ?? null);
    text(res.suggestions);
    app.endRow();
    if (res.note) ctx.issue({ row: Number(r[4]), severity: "info", rule: "area-match", column: "area", reason: `${res.note} (${Number(r[5])} row${Number(r[5]) > 1 ? "s" : ""})` });
  }
  app.flushSync();
  app.closeSync();
  const on = AREA_FIELDS.map((_, i) => `${cols[i]!.replace(/\b(area_pcode|admin1_pcode|admin2_pcode|area_name)\b/, "v.$1")} IS NOT DISTINCT FROM a.k${i}`).join(" AND ");
  await conn.run(`${insertSheetIssues(ctx)} v._row, 'area', left(a.err_raw, 500), 'error', 'area', a.err, a.sugg FROM v JOIN area_res a ON ${on} WHERE a.err IS NOT NULL`);
  await conn.run(`ALTER TABLE v ADD COLUMN res_pcode VARCHAR; ALTER TABLE v ADD COLUMN res_level INTEGER; ALTER TABLE v ADD COLUMN res_admin1 VARCHAR; ALTER TABLE v ADD COLUMN res_admin2 VARCHAR`);
  await conn.run(`UPDATE v SET res_pcode = a.o_pcode, res_level = a.o_level, res_admin1 = a.o_admin1, res_admin2 = a.o_admin2 FROM area_res a WHERE ${on}`);
  await conn.run(`DROP TABLE area_res`);
}
