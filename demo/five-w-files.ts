/** Assembles the 5W files: routing, rendering per format, planted defects, row layout. */
import { SEED } from "./config.ts";
import * as D from "./five-w-defects.ts";
import { clusterRow, CLUSTER_COLUMNS, FR_COLUMNS, FR_DISAGG_KEYS, frenchNumber, frenchRow, MA_COLUMNS, mineActionRow, PII_COLUMNS, REACHED_KEYS, TARGET_KEYS } from "./five-w-formats.ts";
import { allTargets, FRENCH_XLSX, quarterFile, routeRecord, type FiveWKind, type FiveWTarget } from "./five-w-routing.ts";
import type { Record5W } from "./five-w.ts";
import type { Geography } from "./geography.ts";
import { fakePhone, personName } from "./names.ts";
import { rngFor } from "./random.ts";
import { layoutRows, type Column, type DefectNote, type SheetRow } from "./sheet-model.ts";

export interface FiveWFile {
  path: string;
  kind: FiveWKind;
  sheet?: string;
  columns: Column[];
  /** laid out: data, blank spacer and total rows, each with its row number */
  rows: SheetRow[];
  /** defects concerning the whole file (e.g. personal-data columns) */
  fileNotes: DefectNote[];
}

/** First data row per kind: cluster files have title, blank, instruction, 2 header rows and HXL. */
export const FIRST_DATA_ROW: Record<FiveWKind, number> = { cluster: 7, "french-xlsx": 2, "french-csv": 2, "ma-csv": 2 };

const byMonthThenId = (a: Record5W, b: Record5W) => a.month - b.month || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function buildFiveWFiles(records: Record5W[], geo: Geography, seed = SEED): FiveWFile[] {
  const routed = new Map<string, Record5W[]>(allTargets().map((t) => [t.path, []]));
  for (const r of records) routed.get(routeRecord(r).path)!.push(r);

  // a later quarterly file corrects some June figures sent in Q2
  const bySeries = new Map<string, Record5W[]>();
  for (const r of records) {
    if (!bySeries.has(r.seriesId)) bySeries.set(r.seriesId, []);
    bySeries.get(r.seriesId)!.push(r);
  }
  const q2 = routed.get(quarterFile(2).path)!.filter((r) => r.month === 6);
  const corrections = D.makeCorrections(q2, bySeries, rngFor(seed, "defects:corrections"), 4);
  routed.get(quarterFile(3).path)!.push(...corrections);
  const locked = new Set(corrections.map((c) => c.correctionOf!));

  return allTargets().map((t) => buildFile(t, routed.get(t.path)!.sort(byMonthThenId), geo, seed, locked));
}

function buildFile(t: FiveWTarget, recs: Record5W[], geo: Geography, seed: number, locked: Set<string>): FiveWFile {
  const rng = rngFor(seed, `defects:${t.path}`);
  const fileNotes: DefectNote[] = [];
  let columns: Column[];
  let rows: SheetRow[];
  switch (t.kind) {
    case "cluster": {
      columns = CLUSTER_COLUMNS;
      rows = recs.map(clusterRow);
      for (const row of rows) if (locked.has(row.id!)) row.locked = true;
      for (const r of recs) {
        if (!r.correctionOf) continue;
        const row = rows.find((x) => x.id === r.id)!;
        row.notes.push({ defect: "correction of an earlier quarterly file", expected: "same organisation + activity + location + population group + month as the original row, different figures: the later file supersedes", refId: r.correctionOf });
      }
      rows = plantCluster(t.path, rows, rng, columns);
      rows = withSpacersAndTotal(rows);
      break;
    }
    case "french-xlsx": {
      const spec = FRENCH_XLSX.find((f) => f.target.path === t.path)!;
      columns = spec.pii ? [...FR_COLUMNS, ...PII_COLUMNS] : FR_COLUMNS;
      rows = recs.map((r) => frenchRow(r, "xlsx"));
      if (spec.acronym === "JSM") {
        D.ambiguousName(rows, rng, geo, 2);
        D.dashesForZero(rows, rng, 2, { t: [], r: FR_DISAGG_KEYS }, columns);
      } else if (spec.acronym === "ESPOIR") {
        D.nameOnlyVariants(rows, rng, geo, { XD0502: ["SENO", "SENO", "Seno"], XD0603: ["Kera Nord", "kéra-nord", "KERA-NORD"] });
        D.frenchTotalMismatch(rows, rng, 1, (x) => frenchNumber(x));
      }
      if (spec.pii) {
        const pii = rngFor(seed, `pii:${t.path}`);
        for (const r of rows) {
          r.cells.phone = fakePhone(pii);
          r.cells.beneficiary = personName(pii);
        }
        fileNotes.push({ defect: "personal data columns", column: "Focal point phone, Beneficiary name", value: "fake phone numbers (+999 …) and fake person names on every data row", expected: "refuse to store these columns (drop them, warn); never load them into the warehouse" });
      }
      break;
    }
    case "french-csv": {
      columns = FR_COLUMNS;
      rows = recs.map((r) => frenchRow(r, "csv"));
      D.dashesForZero(rows, rng, 2, { t: [], r: FR_DISAGG_KEYS }, columns);
      break;
    }
    case "ma-csv": {
      columns = MA_COLUMNS;
      const c = rngFor(seed, "five-w:ma-comments");
      rows = recs.map((r) => mineActionRow(r, c.int(0, 12)));
      D.monthOutsidePeriod(rows, rng, 2, true);
      D.unknownPcode(rows, rng, 1, "adm2_code", "District P-code");
      D.formulaText(rows, rng, "comments", "Comments");
      rows = D.exactDuplicates(rows, rng, 2);
      break;
    }
  }
  layoutRows(rows, FIRST_DATA_ROW[t.kind]);
  return { path: t.path, kind: t.kind, sheet: t.sheet, columns, rows, fileNotes };
}

function plantCluster(path: string, rows: SheetRow[], rng: ReturnType<typeof rngFor>, columns: Column[]): SheetRow[] {
  const q = Number(/_Q(\d)\.xlsx$/.exec(path)![1]);
  if (q === 1) {
    D.unknownPcode(rows, rng, 2, "adm2_code", "District P-code");
    D.textInNumber(rows, rng, 2);
    D.monthOutsidePeriod(rows, rng, 1, false);
  } else if (q === 2) {
    D.iso3Pcode(rows, rng, 2);
    D.negativeCount(rows, rng, 2);
    D.unknownAor(rows, rng, 2);
    return D.exactDuplicates(rows, rng, 3);
  } else if (q === 3) {
    D.trailingSpacePcode(rows, rng);
    D.reachedOverTargeted(rows, rng, 3);
  } else {
    D.totalMismatch(rows, rng, 3);
    D.dashesForZero(rows, rng, 6, { t: TARGET_KEYS, r: REACHED_KEYS }, columns);
    D.scriptInOrg(rows, rng);
    D.formulaText(rows, rng, "location", "Location");
  }
  return rows;
}

/** Blank spacer row between months, then a blank row and a TOTAL row (to be skipped by loaders). */
function withSpacersAndTotal(rows: SheetRow[]): SheetRow[] {
  const out: SheetRow[] = [];
  rows.forEach((r, i) => {
    if (i > 0 && r.month !== rows[i - 1]!.month) out.push({ kind: "blank", cells: {}, notes: [] });
    out.push(r);
  });
  out.push({ kind: "blank", cells: {}, notes: [] });
  out.push({ kind: "total", cells: {}, notes: [] });
  return out;
}
