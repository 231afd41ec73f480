/**
 * Planted defects: each function damages a few rows of one file in a way partners really do,
 * and leaves a note that ends up in DEFECTS.md.
 */
import { AMBIGUOUS_ADMIN2_NAME, type Geography } from "./geography.ts";
import { DISAGG_KEYS, sumDisagg, type Record5W } from "./five-w.ts";
import { monthDate, REACHED_KEYS, TARGET_KEYS, FR_DISAGG_KEYS } from "./five-w-formats.ts";
import type { Rng } from "./random.ts";
import { cloneRow, columnLabel, numericValue, pickRows, type Column, type SheetRow } from "./sheet-model.ts";

const num = (r: SheetRow, k: string) => (typeof r.cells[k] === "number" ? (r.cells[k] as number) : NaN);
const isDisaggregated = (r: SheetRow) => typeof r.cells.r_girls === "number";
const isReporting = (r: SheetRow) => r.cells.status !== "Planned" && r.cells.statut !== "Planifié";

export function unknownPcode(rows: SheetRow[], rng: Rng, n: number, column: string, header: string): void {
  for (const r of pickRows(rows, n, rng, isReporting)) {
    const was = String(r.cells[column]);
    r.cells[column] = "XD9999";
    r.notes.push({ defect: "unknown p-code", column: header, value: "XD9999", expected: `p-code not in COD-AB: flag the row, do not map it silently (clean value was ${was}; the admin names were left as they were)` });
  }
}

export function textInNumber(rows: SheetRow[], rng: Rng, n: number): void {
  for (const r of pickRows(rows, n, rng, (r) => isDisaggregated(r) && num(r, "r_girls") >= 60)) {
    const was = num(r, "r_girls");
    r.cells.r_girls = "about 200";
    r.notes.push({ defect: "text in a number column", column: "Girls (<18) reached", value: "about 200", expected: `not a number: flag and treat as missing (clean value was ${was}; the =SUM total ignores it)` });
  }
}

export function monthOutsidePeriod(rows: SheetRow[], rng: Rng, n: number, asText: boolean): void {
  for (const r of pickRows(rows, n, rng, (r) => r.month === 1 || asText)) {
    r.cells.month = asText ? "2024-11" : monthDate(11, 2024);
    r.notes.push({ defect: "reporting month outside 2025", column: "Reporting month", value: "2024-11", expected: "outside the operation period 2025: reject or quarantine the row" });
  }
}

export function iso3Pcode(rows: SheetRow[], rng: Rng, n: number): void {
  const preferred = rows.filter((r) => r.cells.adm2_code === "XD0304");
  const picked = pickRows(preferred.length >= n ? preferred : rows, n, rng, isReporting);
  for (const r of picked) {
    const code = String(r.cells.adm2_code);
    r.cells.adm2_code = `XDM${code.slice(2)}`;
    r.notes.push({ defect: "p-code with ISO3 prefix", column: "District P-code", value: `XDM${code.slice(2)}`, expected: `normalise to ${code}` });
  }
}

export function trailingSpacePcode(rows: SheetRow[], rng: Rng): void {
  for (const r of pickRows(rows, 1, rng, isReporting)) {
    const code = String(r.cells.adm2_code);
    r.cells.adm2_code = { text: `${code} `, numFmt: "0" };
    r.notes.push({ defect: "p-code stored as text with a trailing space in a Number-formatted cell", column: "District P-code", value: `"${code} "`, expected: `trim → ${code}` });
  }
}

export function negativeCount(rows: SheetRow[], rng: Rng, n: number): void {
  for (const r of pickRows(rows, n, rng, (r) => isDisaggregated(r) && num(r, "r_boys") >= 5)) {
    const was = num(r, "r_boys");
    r.cells.r_boys = -was;
    r.notes.push({ defect: "negative count", column: "Boys (<18) reached", value: String(-was), expected: "negative people count: reject the value / flag the row" });
  }
}

export function unknownAor(rows: SheetRow[], rng: Rng, n: number): void {
  for (const r of pickRows(rows, n, rng, isReporting)) {
    const was = String(r.cells.aor);
    r.cells.aor = "Shelter";
    r.notes.push({ defect: "unknown AoR", column: "AoR", value: "Shelter", expected: `not a Protection AoR: flag (activity code says ${was})` });
  }
}

export function reachedOverTargeted(rows: SheetRow[], rng: Rng, n: number): void {
  for (const r of pickRows(rows, n, rng, (r) => isDisaggregated(r) && numericValue(r, "r_total") >= 50)) {
    TARGET_KEYS.forEach((k, i) => (r.cells[k] = Math.ceil(num(r, REACHED_KEYS[i]!) / 10)));
    const t = TARGET_KEYS.reduce((s, k) => s + num(r, k), 0);
    r.notes.push({ defect: "reached far above targeted", column: "People targeted", value: `targeted ${t} vs reached ${numericValue(r, "r_total")}`, expected: "reached ≈ 10× targeted (> thresholds.reachedOverTargeted 1.5): flag" });
  }
}

export function totalMismatch(rows: SheetRow[], rng: Rng, n: number): void {
  for (const r of pickRows(rows, n, rng, (r) => isDisaggregated(r) && numericValue(r, "r_total") >= 20)) {
    const sum = numericValue(r, "r_total");
    const typed = sum + rng.int(Math.ceil(sum * 0.15), Math.ceil(sum * 0.4));
    r.cells.r_total = typed;
    r.notes.push({ defect: "disaggregation does not add up to the total", column: "Total", value: `${typed} (typed over the formula; girls+boys+women+men = ${sum})`, expected: "flag: sex/age sum differs from total by more than 5%" });
  }
}

export function dashesForZero(rows: SheetRow[], rng: Rng, n: number, keys: { t: readonly string[]; r: readonly string[] }, columns: Column[]): void {
  const zeroKeys = (r: SheetRow) => [...keys.t, ...keys.r].filter((k) => r.cells[k] === 0 || r.cells[k] === "0");
  const picked = pickRows(rows, n, rng, (r) => zeroKeys(r).length > 0 && isReporting(r));
  picked.forEach((r, i) => {
    const token = i % 2 === 0 ? "-" : "N/A";
    const ks = zeroKeys(r);
    for (const k of ks) r.cells[k] = token;
    r.notes.push({ defect: `"${token}" for zero`, column: ks.map((k) => columnLabel(columns, k)).join(", "), value: token, expected: "read as 0, not as an error" });
  });
}

export function scriptInOrg(rows: SheetRow[], rng: Rng): void {
  for (const r of pickRows(rows, 1, rng, isReporting)) {
    const v = `${String(r.cells.org)} <script>alert(1)</script>`;
    r.cells.org = v;
    r.notes.push({ defect: "injection fixture (HTML)", column: "Organization", value: v, expected: "store as inert text, escape on display; organisation does not match the registry as typed" });
  }
}

export const HYPERLINK = '=HYPERLINK("http://example.invalid/5w","Voir le rapport")';

export function formulaText(rows: SheetRow[], rng: Rng, column: string, header: string): void {
  for (const r of pickRows(rows, 1, rng, isReporting)) {
    r.cells[column] = HYPERLINK;
    r.notes.push({ defect: "injection fixture (spreadsheet formula as text)", column: header, value: HYPERLINK, expected: "store as text; never evaluate; neutralise on CSV/XLSX export (prefix ')" });
  }
}

/** Exact copies placed at the end of the same month block. */
export function exactDuplicates(rows: SheetRow[], rng: Rng, n: number): SheetRow[] {
  const out = rows.slice();
  for (const r of pickRows(rows, n, rng, isReporting)) {
    const dup = cloneRow(r);
    dup.id = `${r.id}#dup`;
    dup.notes.push({ defect: "exact duplicate row", expected: "same values as the original: count once", refId: r.id });
    let at = out.length;
    for (let i = out.indexOf(r) + 1; i < out.length; i++) if (out[i]!.month !== r.month) { at = i; break; }
    out.splice(at, 0, dup);
  }
  return out;
}

/** French files: admin names typed by hand, p-codes left empty. */
export function nameOnlyVariants(rows: SheetRow[], rng: Rng, geo: Geography, variants: Record<string, string[]>): void {
  for (const [pcode, names] of Object.entries(variants)) {
    const a2 = geo.byPcode.get(pcode)!;
    const picked = pickRows(rows, names.length, rng, (r) => r.cells.code_departement === pcode);
    picked.forEach((r, i) => {
      r.cells.departement = names[i]!;
      r.cells.code_departement = "";
      r.cells.code_region = "";
      r.notes.push({ defect: "admin name variant with empty p-codes", column: "Département / Code département / Code région", value: names[i]!, expected: `match by name within region ${a2.admin1.name} → ${a2.pcode} (${a2.name})` });
    });
  }
}

export function ambiguousName(rows: SheetRow[], rng: Rng, geo: Geography, n: number): void {
  const codes = geo.admin2.filter((a) => a.name === AMBIGUOUS_ADMIN2_NAME).map((a) => a.pcode);
  for (const r of pickRows(rows, n, rng, (r) => codes.includes(String(r.cells.code_departement)))) {
    r.cells.region = "";
    r.cells.code_region = "";
    r.cells.code_departement = "";
    r.notes.push({ defect: "ambiguous admin2 name without admin1", column: "Département", value: AMBIGUOUS_ADMIN2_NAME, expected: `"${AMBIGUOUS_ADMIN2_NAME}" exists in ${codes.join(" and ")}: do not guess; flag for review` });
  }
}

export function frenchTotalMismatch(rows: SheetRow[], rng: Rng, n: number, fmt: (x: number) => string): void {
  const parse = (v: unknown) => Number(String(v).replace(/\s/g, ""));
  for (const r of pickRows(rows, n, rng, (r) => typeof r.cells.filles === "string" && parse(r.cells.total_atteint) >= 20)) {
    const sum = FR_DISAGG_KEYS.reduce((s, k) => s + parse(r.cells[k]), 0);
    const typed = sum + Math.ceil(sum * 0.3) + 7;
    r.cells.total_atteint = fmt(typed);
    r.notes.push({ defect: "disaggregation does not add up to the total", column: "Total atteint", value: `${fmt(typed)} (filles+garçons+femmes+hommes = ${sum})`, expected: "flag: sex/age sum differs from total" });
  }
}

/** A later quarterly file re-reports a month of the previous quarter with corrected figures. */
export function makeCorrections(candidates: Record5W[], bySeries: Map<string, Record5W[]>, rng: Rng, n: number): Record5W[] {
  const ok = candidates.filter((r) => {
    if (!r.reached || r.activity.reporting !== "cumulative" || r.status === "Planned") return false;
    const next = bySeries.get(r.seriesId)!.find((x) => x.month > r.month);
    return next !== undefined && next.reachedTotal - r.reachedTotal >= 8;
  });
  return rng.sample(ok, n).sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => {
    const next = bySeries.get(r.seriesId)!.find((x) => x.month > r.month)!;
    const reached = { ...r.reached! };
    for (const k of DISAGG_KEYS) reached[k] = r.reached![k] + Math.floor((next.reached![k] - r.reached![k]) / 2);
    return { ...r, id: `${r.id}c`, reached, reachedTotal: sumDisagg(reached), correctionOf: r.id };
  });
}
