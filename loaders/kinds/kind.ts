// The contract every data kind fulfils: one zod schema, how to recognise the kind, extra row checks,
// and (optionally) its own structured-JSON reading, preparation step and insert.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { z } from "zod";
import type { Shape } from "../fields.ts";
import type { Mapping, ColumnInfo } from "../headers.ts";
import type { OperationConfig } from "../../warehouse/operation-config.ts";
import type { Sheet } from "../read/sheet.ts";
import type { LazyField, RawText, RowCheck } from "../validate.ts";

export type { RowCheck };

export const KIND_NAMES = ["boundaries", "population", "5w", "funding", "requirements", "risks", "incidents", "severity", "ccpm", "ccpm-actions", "pledges", "pledge-followup", "reference"] as const;
export type KindName = (typeof KIND_NAMES)[number];


export interface SheetContext {
  conn: DuckDBConnection;
  config: OperationConfig;
  fileName: string;
  fileHash: string;
  runId: string;
  sheet: string | null;
  /** the validated temp table */
  table: string;
  /** temp table of rejected _row numbers */
  rejected: string;
  mapping: Mapping;
  columns: ColumnInfo[];
  /** SQL expression building the JSON `extra` column from unmapped columns */
  extraSql: string;
  /** year guessed from the file name, for month names without a year */
  fileYear: number | null;
  /** month guessed from the file name (YYYY-MM-01), for files without a month column */
  fileMonth: string | null;
  /** the `--export-date` given to ingest (YYYY-MM-DD), for exports whose file name carries no date */
  exportDate?: string | null;
  /** the text of a field's cell, as SQL over a row of `table` (whose r_<field> columns hold dictionary ids) */
  raw: RawText;
  /** insertOnly fields this sheet has: not columns of `table`, their values are in their dictionaries */
  lazy: Map<string, LazyField>;
  /**
   * With the default insert only (else undefined): columns the insert fills in where v's own value is NULL, from
   * a temp table `table` (key, value) looked up by v's column `key`. A value every row of a key shares (an area's
   * name from its p-code) is then written once per key, not into every row of v: no later check reads it, and an
   * UPDATE of every row also slows each later scan of v.
   */
  fills?: { column: string; table: string; key: string }[];
  /** add an issue from TypeScript (for checks that are not set-based) */
  issue(i: { row?: number | null; column?: string | null; raw?: string | null; severity: RowCheck["severity"] | "info"; rule: string; reason: string; suggestion?: string | null }): void;
}

export interface KindDefinition {
  name: KindName;
  label: string;
  table: string;
  schema: z.ZodObject<Shape>;
  /** Fields that must all be mapped for a sheet to count as this kind. */
  signature: string[][];
  /** Row checks; `mapped` names the fields this sheet has a column for. */
  checks?(config: OperationConfig, mapped: Set<string>): RowCheck[];
  /** Extra fields discovered from the headers (e.g. COD-PS age bands). */
  dynamicFields?(columns: ColumnInfo[]): { name: string; column: number }[];
  /** Structured JSON this kind understands (GeoJSON, FTS flows...): returns sheets, or null. */
  fromJson?(doc: unknown, fileName: string, config: OperationConfig): Sheet[] | null;
  /** Runs after type checks and before row checks: p-code resolution, scoring... */
  prepare?(ctx: SheetContext): Promise<void>;
  /** Moves accepted rows from v into the canonical table; default inserts schema fields. */
  insert?(ctx: SheetContext): Promise<number>;
  /**
   * Text fields that the kind's checks and preparation never name, for the default insert: v keeps only their
   * dictionary id (r_<field>) and the insert looks their values up, so their text is not copied into every row
   * of v (a million-row 5W: ~0.15 s). A kind with its own insert leaves this out.
   */
  insertOnly?: readonly string[];
  /**
   * Columns of `table` the default insert computes from v (SQL over v's columns), each written when the v column
   * it `needs` holds a value in the sheet. For what no check reads: adding it to v means an UPDATE of every row
   * (1M rows: ~40 ms per column), and every later scan of v, the insert's too, then pays for the updated rows.
   */
  derived?: Readonly<Record<string, { needs: string; sql: string }>>;
  /**
   * Fields most sheets leave empty, stored by the default insert as one JSON object in `column` (NULL when all are
   * empty); the table reads each back as a virtual column of its own name (warehouse/migrations/012). A column of
   * NULLs still costs its write in every row; one JSON column costs one.
   */
  details?: { column: string; fields: readonly string[] };
  /**
   * Source rows of this sheet now held by the kind's store, for the check that accepted means stored; by default
   * the distinct row numbers of the file's hash and sheet in `table`. Return null when the kind cannot say.
   */
  storedRows?(ctx: SheetContext): Promise<number | null>;
  /**
   * The columns of `table` that say whose data a file is and for when (5W: organisations and months): a new
   * file with the same name replaces an old one only when both hold the same values. Without it, the same name
   * and kind is the same source.
   */
  identity?: { columns: string[] };
  /** Runs once per file after all sheets (cross-file reports). */
  afterFile?(ctx: Omit<SheetContext, "table" | "rejected" | "mapping" | "columns" | "extraSql" | "sheet" | "raw" | "lazy">): Promise<void>;
  /** Sheets with these names are data even if hidden; others hidden are skipped. */
  fileNamePattern?: RegExp;
}
