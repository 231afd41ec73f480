// Deterministic 5W files for the ingest benchmark: a large CSV and an XLSX with the same 18 columns,
// realistic values (the demo operation's partners, activities and admin2 p-codes) and a small, counted
// share of planted defects, so the benchmark can check that the ingest accepted exactly what it should.
import ExcelJS from "exceljs";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { ACTIVITIES, type Activity } from "../demo/activities.ts";
import { PARTNERS, type Partner } from "../demo/partners.ts";

export const HEADER = [
  "Reporting month",
  "Organization",
  "Organization type",
  "AoR",
  "Activity",
  "Indicator",
  "Region P-code",
  "District P-code",
  "District",
  "Population group",
  "Status",
  "Girls",
  "Boys",
  "Women",
  "Men",
  "Total reached",
  "Total targeted",
  "Modality"
] as const;

export interface Admin2Area {
  pcode: string;
  name: string;
  parent: string;
}

/** What was planted, so the ingest's counts can be checked exactly. */
export interface Planted {
  rows: number;
  /** rejected: text in a number column ("12 pers.", "voir note") */
  textInNumber: number;
  /** rejected: a district p-code that does not exist and no district name to match */
  unknownPcode: number;
  /** accepted: a mistyped p-code with the right district name (matched by name, reported as info) */
  pcodeMatchedByName: number;
  /** accepted with a warning: girls + boys + women + men does not add up to the total */
  sumMismatch: number;
  /** rows the ingest must reject */
  expectedRejected: number;
  /** rows the ingest must accept */
  expectedAccepted: number;
  /** accepted with a warning: an activity that is not on the operation's list (flag-heavy files only) */
  unlistedActivity?: number;
  /** accepted rows with at least one warning (sumMismatch, unlistedActivity or both) */
  expectedFlagged?: number;
}

/** The activity name of flag-heavy files: not on the demo operation's activity list, so every such row is flagged. */
export const UNLISTED_ACTIVITY = "Community dialogue on social cohesion (not on the list)";

/** mulberry32: small, fast, seeded; the same seed gives the same file on every machine. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const AOR_LABEL: Record<string, string> = { GP: "General Protection", CP: "Child Protection", GBV: "GBV", MA: "Mine Action", HLP: "HLP" };
const GROUPS = ["IDP", "IDP", "IDP", "Host community", "Host community", "Returnees", "Refugees"];
const STATUSES = ["Ongoing", "Ongoing", "Ongoing", "Ongoing", "Completed", "Completed", "Planned", "Suspended"];
const MODALITIES = ["In-person", "In-person", "Mobile team", "Static centre", "Remote", "Service"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const BAD_NUMBERS = ["12 pers.", "voir note", "x2", "twelve", "??", "15 (est.)"];

/** One generated row: cells in HEADER order; numbers as numbers, blanks as null. */
export type Row = (string | number | null)[];

interface Generator {
  next(): Row;
  planted: Planted;
}

function makeGenerator(seed: number, areas: Admin2Area[], rows: number, monthAsText: boolean, flagShare = 0): Generator {
  const rng = new Rng(seed);
  // a stream of its own: the flag-heavy file is the plain one with activity names changed, row for row
  const flagRng = new Rng(seed ^ 0x5bd1e995);
  const planted: Planted = { rows, textInNumber: 0, unknownPcode: 0, pcodeMatchedByName: 0, sumMismatch: 0, expectedRejected: 0, expectedAccepted: 0, unlistedActivity: 0, expectedFlagged: 0 };
  const byAor = new Map<string, Activity[]>();
  for (const a of ACTIVITIES) byAor.set(a.aor, [...(byAor.get(a.aor) ?? []), a]);
  const partners: Partner[] = PARTNERS;
  return {
    planted,
    next(): Row {
      const p = rng.pick(partners);
      const aor = rng.pick(p.aors);
      const act = rng.pick(byAor.get(aor) ?? ACTIVITIES);
      const area = rng.pick(areas);
      const month = rng.int(1, 12);
      const monthCell = monthAsText && rng.next() < 0.1 ? `${MONTHS_EN[month - 1]} 2025` : `2025-${String(month).padStart(2, "0")}`;
      // people reached: skewed, mostly tens to hundreds, a few thousands
      const scale = act.base * (0.3 + rng.next() * 1.7) * (rng.next() < 0.05 ? 10 : 1);
      const total = Math.max(1, Math.round(scale));
      const targeted = Math.round(total * (1 + rng.next() * 0.4));
      let girls: number | string | null = null;
      let boys: number | string | null = null;
      let women: number | string | null = null;
      let men: number | string | null = null;
      if (act.disaggregated) {
        const [sg, sb, sw] = act.shares;
        const parts = [Math.round(total * sg), Math.round(total * sb), Math.round(total * sw)];
        // rounding: keep the sum exact (men take the remainder; never a negative count)
        while (parts[0]! + parts[1]! + parts[2]! > total) {
          const i = parts.indexOf(Math.max(...parts));
          parts[i] = parts[i]! - 1;
        }
        [girls, boys, women] = parts as [number, number, number];
        men = total - parts[0]! - parts[1]! - parts[2]!;
      }
      let totalCell: number | string = total;
      let districtPcode = area.pcode;
      let districtName: string | null = area.name;
      const unlisted = flagShare > 0 && flagRng.next() < flagShare;
      let rejected = false;
      let mismatch = false;
      const d = rng.next();
      if (d < 0.003) {
        // text in a number column (rejected: type:count)
        const bad = rng.pick(BAD_NUMBERS);
        if (act.disaggregated && rng.next() < 0.5) boys = bad;
        else totalCell = bad;
        planted.textInNumber++;
        rejected = true;
      } else if (d < 0.005) {
        // unknown p-code, no name to fall back on (rejected: pcode)
        districtPcode = `${area.parent}9${rng.int(0, 9)}`;
        districtName = null;
        planted.unknownPcode++;
        rejected = true;
      } else if (d < 0.006) {
        // mistyped p-code with the right name (accepted, matched by name)
        districtPcode = `${area.parent}8${rng.int(0, 9)}`;
        planted.pcodeMatchedByName++;
      } else if (d < 0.011 && act.disaggregated && typeof women === "number") {
        // disaggregation that does not add up (accepted, warning)
        women = women + Math.max(5, Math.round(total * 0.5));
        planted.sumMismatch++;
        mismatch = true;
      }
      if (unlisted && !rejected) planted.unlistedActivity!++;
      if ((unlisted || mismatch) && !rejected) planted.expectedFlagged!++;
      return [
        monthCell,
        p.name,
        p.type,
        AOR_LABEL[aor] ?? aor,
        unlisted ? UNLISTED_ACTIVITY : act.name,
        act.indicator,
        area.parent,
        districtPcode,
        districtName,
        rng.pick(GROUPS),
        rng.pick(STATUSES),
        girls,
        boys,
        women,
        men,
        totalCell,
        targeted,
        rng.pick(MODALITIES)
      ];
    }
  };
}

function finish(planted: Planted): Planted {
  planted.expectedRejected = planted.textInNumber + planted.unknownPcode;
  planted.expectedAccepted = planted.rows - planted.expectedRejected;
  return planted;
}

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") {
    // as partners' exports do: thousands separators on some large numbers (then quoted)
    return v >= 1000 && v % 7 === 0 ? `"${v.toLocaleString("en-US")}"` : String(v);
  }
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes `rows` data rows (plus the header) as UTF-8 CSV; returns what was planted. */
export async function writeCsv(path: string, rows: number, areas: Admin2Area[], seed: number, flagShare = 0): Promise<Planted> {
  const gen = makeGenerator(seed, areas, rows, true, flagShare);
  const out = createWriteStream(path);
  let chunk = HEADER.join(",") + "\n";
  for (let i = 0; i < rows; i++) {
    chunk += gen.next().map(csvCell).join(",") + "\n";
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
  return finish(gen.planted);
}

/** Writes the XLSX with exceljs's streaming writer (rows are committed as they go: flat memory). */
export async function writeXlsx(path: string, rows: number, areas: Admin2Area[], seed: number, flagShare = 0): Promise<Planted> {
  const gen = makeGenerator(seed, areas, rows, false, flagShare);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet("5W");
  ws.getColumn(1).numFmt = "mmm yyyy";
  ws.addRow([...HEADER]).commit();
  for (let i = 0; i < rows; i++) {
    const r = gen.next();
    // the month as a real Excel date (first of the month), as cluster templates have it
    const m = /^2025-(\d\d)$/.exec(String(r[0]));
    if (m) r[0] = new Date(Date.UTC(2025, Number(m[1]) - 1, 1)) as never;
    ws.addRow(r).commit();
  }
  ws.commit();
  await wb.commit();
  return finish(gen.planted);
}
