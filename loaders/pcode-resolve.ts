// Resolves the admin columns of a validated sheet (adm1/adm2/adm3 p-codes and names) against the
// warehouse's admin areas, once per distinct combination, then writes the result back set-wise.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SheetContext } from "./kinds/kind.ts";
import { Gazetteer, type Match, type RefArea } from "./pcode-match.ts";
import { columnsOf, literal } from "../warehouse/sql.ts";
import { insertSheetIssues } from "./validate.ts";

const RANK: Record<string, number> = { exact: 0, override: 1, repaired: 2, name: 3, fuzzy: 4, unverified: 5 };

async function loadAreas(conn: DuckDBConnection, sql: string): Promise<RefArea[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS().map((r) => ({
    pcode: String(r.pcode),
    name: r.name === null ? null : String(r.name),
    nameAlt: r.name_alt === null ? null : String(r.name_alt),
    level: Number(r.level),
    parent: r.parent === null ? null : String(r.parent)
  }));
}

/** admin_areas when it covers the codes, else the global gazetteer for that country, else nothing. */
export async function referenceFor(conn: DuckDBConnection, codes: string[], config: SheetContext["config"]): Promise<Gazetteer | null> {
  const opts = [config.pcodeOverrides, config.thresholds.nameMatchDistance] as const;
  const areas = new Gazetteer(await loadAreas(conn, `SELECT pcode, name, name_alt, level, parent_pcode AS parent FROM admin_areas`), ...opts);
  if (areas.size > 0 && (codes.length === 0 || codes.some((c) => areas.covers(c)))) return areas;
  const prefixes = [...new Set(codes.map((c) => /^[A-Z]{2}/.exec(c)?.[0]).filter(Boolean))] as string[];
  if (prefixes.length) {
    const list = prefixes.map((p) => literal(p)).join(", ");
    const gaz = await loadAreas(conn, `SELECT pcode, name, NULL AS name_alt, admin_level AS level, CASE WHEN admin_level > 1 THEN parent_pcode END AS parent
      FROM pcode_gazetteer WHERE left(pcode, 2) IN (${list})`);
    if (gaz.length) return new Gazetteer(gaz, ...opts);
  }
  return areas.size > 0 && codes.length === 0 ? areas : null;
}

interface Combo {
  key: (string | null)[];
  firstRow: number;
  rows: number;
}

/** the staged fields every kind names admin1_pcode, admin1_name, admin2_pcode… (one scheme, issue #13) */
const PREFIX = "admin";

export interface ResolveOptions {
  levels: number[];
  /** the deepest level a row must reach (default: any one level) */
  requireLevel?: number;
}

export async function resolvePcodes(ctx: SheetContext, opts: ResolveOptions): Promise<void> {
  const { conn } = ctx;
  const cols = opts.levels.flatMap((l) => [`${PREFIX}${l}_pcode`, `${PREFIX}${l}_name`]);
  const combos: Combo[] = (
    await conn.runAndReadAll(`SELECT ${cols.join(", ")}, min(_row)::INTEGER AS first_row, count(*)::INTEGER AS n FROM v GROUP BY ALL`)
  )
    .getRows()
    .map((r) => ({ key: r.slice(0, cols.length).map((x) => (x === null ? null : String(x))), firstRow: Number(r[cols.length]), rows: Number(r[cols.length + 1]) }));
  const codes = combos.flatMap((c) => opts.levels.map((_, i) => c.key[i * 2]).filter((x): x is string => !!x));
  const gaz = await referenceFor(conn, codes.slice(0, 5000), ctx.config);
  if (!gaz && codes.length) {
    const prefix = /^[A-Z]+/.exec(codes[0]!)?.[0] ?? "?";
    ctx.issue({ severity: "info", rule: "pcodes-unverified", reason: `p-codes not verified: no boundaries or p-code list loaded for ${prefix}; load the COD (kind boundaries) to check them` });
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE pres (${cols.map((c) => `k_${c} VARCHAR`).join(", ")}, ${opts.levels.map((l) => `o${l}_pcode VARCHAR, o${l}_name VARCHAR`).join(", ")}, match VARCHAR, err_col VARCHAR, err_raw VARCHAR, err VARCHAR, sugg VARCHAR)`);
  const app = await conn.createAppender("pres", "main", "temp");
  for (const combo of combos) {
    const out = resolveCombo(combo.key, opts.levels, gaz);
    for (const k of combo.key) k === null ? app.appendNull() : app.appendVarchar(k);
    for (const o of out.levels) {
      o.pcode === null ? app.appendNull() : app.appendVarchar(o.pcode);
      o.name === null ? app.appendNull() : app.appendVarchar(o.name);
    }
    for (const v of [out.match, out.errCol, out.errRaw, out.error, out.suggestions]) v === null ? app.appendNull() : app.appendVarchar(v);
    app.endRow();
    for (const note of out.notes) {
      ctx.issue({ row: combo.firstRow, severity: "info", rule: "pcode-repair", column: out.noteCol, reason: `${note} (${combo.rows} row${combo.rows > 1 ? "s" : ""})` });
    }
  }
  app.flushSync();
  app.closeSync();
  const on = cols.map((c) => `v.${c} IS NOT DISTINCT FROM pres.k_${c}`).join(" AND ");
  // issues first: the update below changes the keys the join uses
  await conn.run(`${insertSheetIssues(ctx)} v._row,
      pres.err_col, pres.err_raw, 'error', 'pcode', pres.err, pres.sugg
    FROM v JOIN pres ON ${on} WHERE pres.err IS NOT NULL`);
  // only what changes is written back: the columns some combination changes, on the rows whose combination
  // changes something. A million-row 5W of exact p-codes then rewrites one filled-in name column, not seven
  // columns (0.2 s). A new pcode_match starts as 'exact', the usual outcome.
  const p = PREFIX;
  const changed = opts.levels.flatMap((l) => [`pres.o${l}_pcode IS DISTINCT FROM pres.k_${p}${l}_pcode`, `(pres.k_${p}${l}_name IS NULL AND pres.o${l}_name IS NOT NULL)`]);
  const fresh = !(await columnsOf(conn, "v")).includes("pcode_match");
  if (fresh) await conn.run(`ALTER TABLE v ADD COLUMN pcode_match VARCHAR DEFAULT 'exact'`);
  const any = (await conn.runAndReadAll(`SELECT ${changed.map((c) => `coalesce(bool_or(${c}), FALSE)`).join(", ")} FROM pres`)).getRows()[0]!;
  // a name filled in from the boundaries is the resolved area's: the default insert looks it up by p-code
  // (ctx.fills), so the rows are not rewritten for it (a 5W with p-codes and no admin1 name column: every row)
  const deferred = new Set<number>();
  for (const [i, l] of opts.levels.entries()) {
    if (any[2 * i + 1] !== true || !ctx.fills) continue;
    if (await fillNamesAtInsert(ctx, l)) deferred.add(i);
  }
  const sets = opts.levels.flatMap((l, i) => [
    any[2 * i] === true ? `${p}${l}_pcode = pres.o${l}_pcode` : null,
    any[2 * i + 1] === true && !deferred.has(i) ? `${p}${l}_name = coalesce(v.${p}${l}_name, pres.o${l}_name)` : null
  ]).filter((x): x is string => x !== null);
  const rewritten = changed.filter((_, k) => !(k % 2 === 1 && deferred.has((k - 1) / 2)));
  const rows = fresh ? ` AND (pres.match IS DISTINCT FROM 'exact'${rewritten.map((c) => ` OR ${c}`).join("")})` : "";
  await conn.run(`UPDATE v SET ${[...sets, "pcode_match = pres.match"].join(", ")} FROM pres WHERE ${on}${rows}`);
}

/**
 * Hands a level's filled-in names to the insert (ctx.fills) when each resolved p-code has one name, the same for
 * every combination that fills it, and no row with that p-code keeps a blank name: then a lookup by p-code at
 * the insert writes exactly what updating v would. Otherwise returns false and v is updated.
 */
async function fillNamesAtInsert(ctx: SheetContext, level: number): Promise<boolean> {
  const k = `k_${PREFIX}${level}`;
  const o = `o${level}`;
  const table = `pres_fill${level}`;
  await ctx.conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT ${o}_pcode AS key, min(${o}_name) AS value, count(DISTINCT ${o}_name) AS names FROM pres
    WHERE ${k}_name IS NULL AND ${o}_name IS NOT NULL AND ${o}_pcode IS NOT NULL GROUP BY 1`);
  const [bad] = (
    await ctx.conn.runAndReadAll(`SELECT (SELECT count(*) FROM ${table} WHERE names > 1)
      + (SELECT count(*) FROM pres WHERE ${k}_name IS NULL AND ${o}_name IS NOT NULL AND ${o}_pcode IS NULL)
      + (SELECT count(*) FROM pres WHERE ${k}_name IS NULL AND ${o}_name IS NULL AND ${o}_pcode IN (SELECT key FROM ${table}))`)
  ).getRows()[0]!;
  if (Number(bad) > 0) {
    await ctx.conn.run(`DROP TABLE ${table}`);
    return false;
  }
  ctx.fills!.push({ column: `${PREFIX}${level}_name`, table, key: `${PREFIX}${level}_pcode` });
  return true;
}

interface ComboResult {
  levels: { pcode: string | null; name: string | null }[];
  match: string | null;
  error: string | null;
  errCol: string | null;
  errRaw: string | null;
  suggestions: string | null;
  notes: string[];
  noteCol: string | null;
}

export function resolveCombo(key: (string | null)[], levels: number[], gaz: Gazetteer | null): ComboResult {
  const res: ComboResult = { levels: levels.map(() => ({ pcode: null, name: null })), match: null, error: null, errCol: null, errRaw: null, suggestions: null, notes: [], noteCol: null };
  const fail = (col: string, raw: string | null, m: Match | string) => {
    if (res.error) return;
    res.error = typeof m === "string" ? m : m.error!;
    res.errCol = col;
    res.errRaw = raw;
    res.suggestions = typeof m === "string" || !m.suggestions?.length ? null : `did you mean: ${m.suggestions.join("; ")}`;
  };
  let worst = "exact";
  const note = (kind: string, text: string | undefined, col: string) => {
    if (RANK[kind]! > RANK[worst]!) worst = kind;
    if (text) {
      res.notes.push(text);
      res.noteCol = col;
    }
  };
  const given = levels.some((_, i) => key[i * 2] || key[i * 2 + 1]);
  if (!given) {
    fail(`admin${levels[0]}`, null, "no location: neither admin p-codes nor admin names given");
    return res;
  }
  if (!gaz) {
    // unverified: keep well-formed codes; repair an admin1 code whose prefix disagrees with its admin2 code
    const anyCode = levels.some((_, i) => key[i * 2]);
    for (let i = 0; i < levels.length; i++) {
      const code = key[i * 2] ?? null;
      res.levels[i] = { pcode: code, name: key[i * 2 + 1] ?? null };
      if (!code && key[i * 2 + 1] && !anyCode) {
        fail(`${PREFIX}${levels[i]}_name`, key[i * 2 + 1]!, `cannot match admin${levels[i]} name '${key[i * 2 + 1]}': no boundaries or p-code list loaded for this country`);
      }
    }
    for (let i = 0; i + 1 < levels.length; i++) {
      const parent = res.levels[i]!.pcode;
      const child = res.levels[i + 1]!.pcode;
      if (parent && child && !child.startsWith(parent)) {
        const twin = parent.replace(/^([A-Z]{2})[A-Z](?=\d)/, "$1");
        if (child.startsWith(twin)) {
          res.levels[i]!.pcode = twin;
          note("repaired", `admin${levels[i]} p-code ${parent} repaired to ${twin} from admin${levels[i + 1]} p-code ${child}`, `${PREFIX}${levels[i]}_pcode`);
        }
      }
    }
    res.match = res.error ? null : worst === "exact" ? "unverified" : worst;
    return res;
  }
  let parent: string | null = null;
  let parentName: string | null = null;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    const code = key[i * 2] ?? null;
    const name = key[i * 2 + 1] ?? null;
    let m: Match | null = null;
    if (code) {
      m = gaz.byPcode(code, level, parent);
      if (!m.area && name) {
        const byName = gaz.byName(name, level, parent, parentName);
        if (byName.area) m = { ...byName, kind: byName.kind === "exact" ? "name" : byName.kind, note: `unknown p-code ${code}; '${name}' matched by name to ${byName.area.pcode}` };
      }
    } else if (name) {
      m = gaz.byName(name, level, parent, parentName);
    } else {
      continue;
    }
    if (!m.area) {
      // below the analysis level (admin2) an unmatched name is reported, not fatal
      if (level > 2 && parent) {
        res.levels[i] = { pcode: null, name };
        note("unverified", `admin${level} ${code ?? `'${name}'`} not found in the loaded boundaries; kept as text`, code ? `${PREFIX}${level}_pcode` : `${PREFIX}${level}_name`);
        continue;
      }
      fail(code ? `${PREFIX}${level}_pcode` : `${PREFIX}${level}_name`, code ?? name, m);
      return res;
    }
    // a child p-code wins over an inconsistent parent
    if (parent && m.area.parent && m.area.parent !== parent && i > 0) {
      const fixed = gaz.get(m.area.parent);
      res.levels[i - 1] = { pcode: m.area.parent, name: fixed?.name ?? null };
      note("repaired", `admin${levels[i - 1]} ${parent} does not contain ${m.area.pcode}; admin${levels[i - 1]} set to ${m.area.parent}`, `${PREFIX}${levels[i - 1]}_pcode`);
    }
    res.levels[i] = { pcode: m.area.pcode, name: name ?? m.area.name };
    note(m.kind ?? "exact", m.kind === "name" && !m.note ? undefined : m.note, code ? `${PREFIX}${level}_pcode` : `${PREFIX}${level}_name`);
    parent = m.area.pcode;
    parentName = m.area.name;
  }
  // derive missing parents from the deepest resolved child
  for (let i = levels.length - 1; i > 0; i--) {
    const child = res.levels[i]!.pcode;
    if (child && !res.levels[i - 1]!.pcode) {
      const area = gaz.get(child);
      const p = area?.parent ? gaz.get(area.parent) : undefined;
      if (p) res.levels[i - 1] = { pcode: p.pcode, name: p.name };
    }
  }
  res.match = worst;
  return res;
}
