// Micro-benchmark of the XLSX readers alone (no DuckDB, no validation): the exceljs reader (readXlsx)
// against the fast reader (readXlsxFast), iterating every row of the data sheet of a 5W-like workbook.
//   npx tsx bench/xlsx-reader.ts [--rows 100000] [--runs 3] [--keep]
// The workbook is written by exceljs's streaming WorkbookWriter (shared strings, a date column in a
// custom format, numbers, blanks, French text) into a temporary folder. The readers run interleaved,
// `--runs` times each; wall time, CPU time (the process's, so zlib's thread pool counts) and the peak
// RSS above the start of the run are reported, with the best and the median of the runs (on a busy
// machine the best is the steadier figure). Before timing, both readers' rows are checked to be equal.
import ExcelJS from "exceljs";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { Source } from "../loaders/read/sheet.ts";
import { readXlsx } from "../loaders/read/xlsx.ts";
import { readXlsxFast } from "../loaders/read/xlsx-fast.ts";
import { HEADER } from "./generate.ts";


function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} wants a positive whole number`);
  return n;
}
const ROWS = option("rows", 100_000);
const RUNS = option("runs", 3);
const KEEP = process.argv.includes("--keep");

/** mulberry32: the same workbook on every run and machine */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeWorkbook(path: string, rows: number): Promise<void> {
  const r = rng(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(r() * items.length)]!;
  const orgs = Array.from({ length: 40 }, (_, i) => [`${pick(["ONG", "Association", "Comité", "Réseau"])} ${["Espoir", "Séno", "Kanem & Lac", "Femmes Unies", "Avenir"][i % 5]} ${i + 1}`, pick(["NNGO", "INGO", "UN"])] as const);
  const activities = Array.from({ length: 15 }, (_, i) => [`Activité ${i + 1}: ${pick(["prise en charge", "sensibilisation", "référencement", "appui psychosocial"])}`, `# de personnes (${pick(["F", "H", "F/H"])})`] as const);
  const districts = Array.from({ length: 60 }, (_, i) => [`XD${String(1 + (i % 12)).padStart(2, "0")}`, `XD${String(1 + (i % 12)).padStart(2, "0")}${String(1 + Math.floor(i / 12)).padStart(2, "0")}`, `District ${i + 1}`] as const);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet("5W");
  ws.getColumn(1).numFmt = "mmm yyyy";
  ws.addRow(HEADER).commit();
  for (let i = 0; i < rows; i++) {
    const [org, type] = pick(orgs);
    const [activity, indicator] = pick(activities);
    const [region, district, name] = pick(districts);
    const total = Math.max(1, Math.round(r() * r() * 900));
    const girls = Math.round(total * 0.3);
    const boys = Math.round(total * 0.2);
    const women = Math.round(total * 0.3);
    const disaggregated = r() < 0.8;
    ws.addRow([
      new Date(Date.UTC(2025, Math.floor(r() * 12), 1)),
      org,
      type,
      pick(["Child Protection", "GBV", "General Protection", "Mine Action", "HLP"]),
      activity,
      indicator,
      region,
      district,
      r() < 0.02 ? null : name,
      pick(["IDP", "Host community", "Returnees", "Réfugiés"]),
      pick(["Ongoing", "Completed", "Planned"]),
      disaggregated ? girls : null,
      disaggregated ? boys : null,
      disaggregated ? women : null,
      disaggregated ? total - girls - boys - women : null,
      r() < 0.003 ? "12 pers." : total,
      Math.round(total * (1 + r() * 0.4)),
      pick(["In-person", "Mobile team", "Remote"])
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}

interface Run {
  rows: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

/** Every row of the data sheet (the first visible sheet), timed. */
async function measure(open: () => Source): Promise<Run> {
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage.rss();
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  for await (const sheet of open().sheets()) {
    if (sheet.hidden) continue;
    for await (const r of sheet.rows(1)) if (r.cells.length > 0) rows++;
    break;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { rows, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: (peak - rss0) / 1024 ** 2 };
}

/** A digest of every row, to check that both readers read the same workbook. */
async function digest(open: () => Source): Promise<{ rows: number; hash: string }> {
  const h = createHash("sha256");
  let rows = 0;
  for await (const sheet of open().sheets()) {
    for await (const r of sheet.rows(1)) {
      h.update(`${sheet.name}\u0000${r.row}\u0000${JSON.stringify(r.cells)}\n`);
      rows++;
    }
  }
  return { rows, hash: h.digest("hex").slice(0, 16) };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), "xlsx-reader-bench-"));
try {
  const path = join(dir, "5w.xlsx");
  let t = performance.now();
  await writeWorkbook(path, ROWS);
  console.log(`workbook: ${fmt(ROWS)} rows × ${HEADER.length} columns, ${(statSync(path).size / 1024 ** 2).toFixed(1)} MiB, written in ${((performance.now() - t) / 1000).toFixed(1)} s (${path})`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);

  t = performance.now();
  const [a, b] = [await digest(() => readXlsx(path)), await digest(() => readXlsxFast(path))];
  const same = a.rows === b.rows && a.hash === b.hash;
  console.log(`same rows from both readers: ${same ? "yes" : "NO"} (${fmt(a.rows)} rows, sha256 ${a.hash} / ${b.hash})`);
  if (!same) process.exitCode = 1;

  const readers: [string, () => Source][] = [
    ["exceljs (readXlsx)", () => readXlsx(path)],
    ["fast (readXlsxFast)", () => readXlsxFast(path)]
  ];
  const runs = new Map<string, Run[]>(readers.map(([name]) => [name, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const [name, open] of readers) runs.get(name)!.push(await measure(open));
  }
  console.log(`\n${RUNS} runs each, interleaved (first run of each includes its JIT warm-up):`);
  console.log(`${"reader".padEnd(22)}${"best rows/s".padStart(13)}${"median rows/s".padStart(15)}${"best wall ms".padStart(14)}${"median cpu ms".padStart(15)}${"peak RSS +MiB".padStart(15)}`);
  const best = new Map<string, number>();
  for (const [name] of readers) {
    const rs = runs.get(name)!;
    const rows = rs[0]!.rows;
    const bestMs = Math.min(...rs.map((r) => r.wallMs));
    best.set(name, rows / (bestMs / 1000));
    console.log(
      `${name.padEnd(22)}${fmt(rows / (bestMs / 1000)).padStart(13)}${fmt(rows / (median(rs.map((r) => r.wallMs)) / 1000)).padStart(15)}${fmt(bestMs).padStart(14)}${fmt(median(rs.map((r) => r.cpuMs))).padStart(15)}${Math.max(...rs.map((r) => r.peakRssMb)).toFixed(0).padStart(15)}`
    );
  }
  const [slow, fast] = [best.get(readers[0]![0])!, best.get(readers[1]![0])!];
  console.log(`\nfast reader: ${(fast / slow).toFixed(1)}× exceljs (best runs)`);
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
