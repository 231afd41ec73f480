// COD-PS population (wide: T_TL, F_00_04, …) and population-by-group tables → population (long).
import { z } from "zod";
import { category, pcode, text, year } from "../fields.ts";
import type { ColumnInfo } from "../headers.ts";
import { normalise } from "../normalise.ts";
import { columnsOf, ident, literal } from "../../warehouse/sql.ts";
import type { KindDefinition, RowCheck } from "./kind.ts";
import { POPULATION_GROUPS } from "./vocabulary.ts";

const code = (n: number) => pcode({ aliases: [`adm${n}_pcode`, `adm${n} pcode`, `admin${n}pcode`, `admin${n} pcode`, `admin ${n} pcode`, `admin${n}_code`, `admin${n} code`, `adm${n} code`], hxl: [`#adm${n}+code`] });

export const PopulationRow = z.object({
  admin0_pcode: code(0),
  admin0_name: text({ aliases: ["adm0_en", "adm0_name", "admin0name_fr", "admin0name_en", "admin0_name", "country"], hxl: ["#country+name"] }),
  admin1_pcode: code(1),
  admin2_pcode: code(2),
  admin3_pcode: code(3),
  admin2_name: text({ aliases: ["adm2_en", "adm2_name", "admin2name_fr", "admin2name_en", "admin 2", "admin2 name", "admin 2 name", "adm2 name", "district name"], hxl: ["#adm2+name"] }),
  population_group: category(POPULATION_GROUPS, { fallback: "all", aliases: ["population group", "groupe de population", "population type"], hxl: ["#population_group", "#population+type"] }),
  reference_year: year({ aliases: ["year", "reference year", "annee"], hxl: ["#date+year"] })
});

const SEX: Record<string, string> = { f: "f", m: "m", t: "t" };

/** Value columns: COD-PS names (F_TL, M_00_04, T_80Plus), or sex/age labels and HXL (#population+f+children). */
export function populationColumns(columns: ColumnInfo[]): { name: string; column: number }[] {
  const out: { name: string; column: number }[] = [];
  const seen = new Set<string>();
  const add = (name: string, column: number) => {
    if (!seen.has(name)) {
      seen.add(name);
      out.push({ name, column });
    }
  };
  for (const c of columns) {
    const h = (c.leaf || c.header).trim();
    const cod = /^([FMT])_(TL|\d{2}_\d{2}|\d{2}_?plus)$/i.exec(h);
    if (cod) {
      const band = cod[2]!.toLowerCase() === "tl" ? "total" : cod[2]!.toLowerCase().replace(/_?plus$/, "plus");
      add(`p_${SEX[cod[1]!.toLowerCase()]}_${band}`, c.index);
      continue;
    }
    const tag = c.hxl;
    const words = normalise(h);
    const isPop = tag ? tag.tag === "population" : /\b(girls|boys|women|men|filles|garcons|femmes|hommes|total|population)\b/.test(words);
    if (!isPop) continue;
    const attrs = tag?.attrs ?? new Set<string>();
    const female = attrs.has("f") || /\b(girls|women|filles|femmes|female|f)\b/.test(words);
    const male = attrs.has("m") || /\b(boys|men|garcons|hommes|male|m)\b/.test(words);
    const children = attrs.has("children") || /\b(girls|boys|filles|garcons|children|enfants)\b/.test(words);
    const adults = attrs.has("adults") || /\b(women|men|femmes|hommes|adults|adultes)\b/.test(words);
    if (tag && [...attrs].some((a) => /^age\d|infants|elderly|adolescents/.test(a))) continue;
    const sex = female && !male ? "f" : male && !female ? "m" : "t";
    const band = children && !adults ? "children" : adults && !children ? "adults" : "total";
    if (sex === "t" && band === "total" && !(tag ? attrs.size === 0 || attrs.has("total") || attrs.has("ind") : /\b(total|population)\b/.test(words))) continue;
    add(`p_${sex}_${band}`, c.index);
  }
  return out;
}

export const population: KindDefinition = {
  name: "population",
  label: "population (COD-PS)",
  table: "population",
  schema: PopulationRow,
  signature: [["admin2_pcode"], ["admin1_pcode"], ["admin0_pcode"]],
  dynamicFields: populationColumns,
  checks: (_config, mapped) => {
    const values = [...mapped].filter((n) => n.startsWith("p_"));
    return [
      { rule: "pcode-missing", severity: "error", field: "admin2_pcode", when: "coalesce(admin3_pcode, admin2_pcode, admin1_pcode, admin0_pcode) IS NULL", reason: `'no admin p-code in this row'` },
      // a value cell that is not a number is explained (it would otherwise vanish from the long table unseen)
      ...values.map((n): RowCheck => ({ rule: "type:number", severity: "error", field: n, when: `${ident(n)} IS NULL AND ${ident(`r_${n}`)} IS NOT NULL`, reason: `'not a number; expected a population figure'` })),
      // a row with no figure at all stores nothing: rejected, not counted as accepted
      {
        rule: "population-missing",
        severity: "error",
        when: values.length ? values.map((n) => `${ident(n)} IS NULL`).join(" AND ") : "TRUE",
        reason: values.length ? `'no population figure in this row'` : `'no population column (T_TL, Total, Population…) in this sheet'`
      }
    ];
  },
  async insert(ctx) {
    const cols = await columnsOf(ctx.conn, "v", "p_");
    if (cols.length === 0) return 0;
    const year = ctx.fileYear ?? null;
    const res = await ctx.conn.run(`INSERT INTO population
      SELECT coalesce(admin3_pcode, admin2_pcode, admin1_pcode, admin0_pcode),
             CASE WHEN admin3_pcode IS NOT NULL THEN 3 WHEN admin2_pcode IS NOT NULL THEN 2 WHEN admin1_pcode IS NOT NULL THEN 1 ELSE 0 END,
             population_group, split_part(k, '_', 2), substr(k, 4 + length(split_part(k, '_', 2))), val,
             coalesce(reference_year, ${literal(year)}), ${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, _row
      FROM (SELECT * FROM v WHERE _row NOT IN (SELECT _row FROM rej))
      UNPIVOT (val FOR k IN (${cols.map(ident).join(", ")}))
      WHERE val IS NOT NULL`);
    void res;
    return Number((await ctx.conn.runAndReadAll(`SELECT count(*) FROM v WHERE _row NOT IN (SELECT _row FROM rej)`)).getRows()[0]![0]);
  },
  async afterFile(ctx) {
    // p-codes in one file but not the other, reported both ways (only where boundaries of this country exist)
    const rows = (await ctx.conn.runAndReadAll(`
      WITH pop AS (SELECT DISTINCT pcode, admin_level FROM population WHERE file_hash = ${literal(ctx.fileHash)} AND admin_level > 0),
           areas AS (SELECT pcode, level FROM admin_areas WHERE level IN (SELECT admin_level FROM pop) AND left(pcode, 2) IN (SELECT left(pcode, 2) FROM pop))
      SELECT 'population' AS side, list(pcode ORDER BY pcode) FROM pop WHERE (SELECT count(*) FROM areas) > 0 AND pcode NOT IN (SELECT pcode FROM areas)
      UNION ALL
      SELECT 'boundaries', list(pcode ORDER BY pcode) FROM areas WHERE pcode NOT IN (SELECT pcode FROM pop)`)).getRows();
    for (const [side, list] of rows) {
      const codes: string[] = ((list as unknown as { items?: unknown[] })?.items ?? (Array.isArray(list) ? list : [])).map(String);
      if (!codes.length) continue;
      const shown = codes.slice(0, 20).join(", ") + (codes.length > 20 ? ` … (${codes.length} in all)` : "");
      ctx.issue({
        severity: "warning",
        rule: "pcode-mismatch",
        reason: side === "population" ? `p-codes in this population file but not in the loaded boundaries: ${shown}` : `admin areas with no population in this file: ${shown}`
      });
    }
  }
};
