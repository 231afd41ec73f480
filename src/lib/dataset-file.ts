// What a data loader writes: one JSON file per dataset, columns once and rows as arrays, with a note
// the page shows when the data is missing, empty or partial. A missing table is not an error.
import { currentAudience, isWithheld, planContext, publish, type Audience } from "./audience.ts";
import { isPlanned } from "./publication-plan.ts";
import { readPlanned } from "./publication-read.ts";
import { datasetSpec, type DatasetSpec } from "./datasets.ts";
import { openReadOnly, type ReadOnlyWarehouse, type Row, type Value } from "../../warehouse/db.ts";

export interface DatasetFile {
  dataset: string;
  table: string;
  audience: Audience;
  generatedAt: string;
  /** Why the dataset is empty or partial, in words for the page; null when complete. */
  note: string | null;
  /** The declaration, so pages and downloads know what is a count and what names a partner. */
  spec: Pick<DatasetSpec, "adminLevel" | "adminColumn" | "aorColumn" | "counts" | "partnerColumns">;
  columns: string[];
  rows: Value[][];
}

export interface Normalised {
  rows: Row[];
  note: string | null;
}

function coerce(value: Value | undefined, type: "text" | "number" | "date"): Value {
  if (value === undefined || value === null) return null;
  if (type === "number") {
    if (typeof value === "number") return value;
    const n = Number(value);
    return typeof value === "string" && value.trim() !== "" && Number.isFinite(n) ? n : null;
  }
  if (type === "date") return typeof value === "string" ? value.slice(0, 10) : String(value);
  if (Array.isArray(value)) return value.map((v) => String(v)).join(", ");
  return String(value);
}

/**
 * Rename the warehouse's columns to the declared names (first of name, aliases that exists), coerce
 * types, and drop everything undeclared. A required column that is missing empties the dataset and
 * says why, so a renamed pipeline column shows on the page instead of failing the build.
 */
export function normaliseRows(spec: DatasetSpec, columns: string[], rows: Row[]): Normalised {
  const present = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const sources: [string, string | undefined, DatasetSpec["columns"][number]["type"]][] = [];
  const missing: string[] = [];
  for (const col of spec.columns) {
    const source = [col.name, ...(col.aliases ?? [])].map((n) => present.get(n.toLowerCase())).find((n) => n !== undefined);
    if (source === undefined && col.required) missing.push(col.name);
    sources.push([col.name, source, col.type]);
  }
  if (missing.length) {
    return {
      rows: [],
      note: `${spec.table} cannot be shown: no column ${missing.join(", ")} (it has ${columns.join(", ") || "no columns"})`
    };
  }
  const out = rows.map((row) => {
    const r: Row = {};
    for (const [name, source, type] of sources) r[name] = source === undefined ? null : coerce(row[source], type);
    return r;
  });
  return { rows: out, note: out.length ? null : `no ${spec.label} data loaded yet (table ${spec.table} is empty)` };
}

export function missingTableNote(spec: DatasetSpec): string {
  return `no ${spec.label} data loaded yet (table ${spec.table} is not in the warehouse)`;
}

export function toDatasetFile(spec: DatasetSpec, rows: Row[], note: string | null, audience: Audience, now = new Date()): DatasetFile {
  const columns = spec.columns.map((c) => c.name);
  return {
    dataset: spec.name,
    table: spec.table,
    audience,
    generatedAt: now.toISOString(),
    note,
    spec: {
      adminLevel: spec.adminLevel,
      adminColumn: spec.adminColumn,
      aorColumn: spec.aorColumn,
      counts: spec.counts,
      partnerColumns: spec.partnerColumns
    },
    columns,
    rows: rows.map((r) => columns.map((c) => r[c] ?? null))
  };
}

/** Read, normalise and publish one dataset (the body of most data loaders). */
export async function readDataset(w: ReadOnlyWarehouse, name: string, audience: Audience = currentAudience()): Promise<DatasetFile> {
  const spec = datasetSpec(name);
  if (isWithheld(name, audience)) return toDatasetFile(spec, [], "not published in public builds", audience);
  if (!(await w.tables()).has(spec.table)) return toDatasetFile(spec, [], missingTableNote(spec), audience);
  const { columns, rows } = spec.sql ? await w.query(spec.sql) : (await w.readTable(spec.table))!;
  const normalised = normaliseRows(spec, columns, rows);
  // public builds: the linked datasets come from the one publication plan over all of them
  const published = audience === "public" && isPlanned(name) ? await readPlanned(w, name, normaliseRows, planContext()) : publish(name, normalised.rows, { audience });
  const note = normalised.note ?? (spec.partial?.when(published) ? spec.partial.note : null);
  return toDatasetFile(spec, published, note, audience);
}

/** Entry point of a data loader: one artefact on stdout, logs on stderr, non-zero exit on failure. */
export async function runLoader(name: string, produce: (w: ReadOnlyWarehouse) => Promise<unknown>): Promise<void> {
  const started = Date.now();
  let w: ReadOnlyWarehouse | undefined;
  try {
    w = await openReadOnly();
    const artefact = await produce(w);
    const text = JSON.stringify(artefact);
    process.stdout.write(text);
    const note = (artefact as { note?: unknown }).note;
    process.stderr.write(`${name}: ${text.length} bytes in ${Date.now() - started} ms${note ? ` (${note})` : ""}\n`);
  } catch (e) {
    process.stderr.write(`${name}: ${(e as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    w?.close();
  }
}

export function runDatasetLoader(name: string): Promise<void> {
  return runLoader(name, (w) => readDataset(w, name));
}
