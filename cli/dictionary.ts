// The data dictionary: one entry per table the warehouse holds for readers (the canonical tables the
// loaders fill, the pipeline tables, the ingest log), generated from what already describes them: the
// kinds' zod schemas (columns, types, header aliases, HXL tags), the pipeline models' header comments
// (what a row is, the rules) and their `-- depends:` lines (where the data comes from), and the column
// glossary in warehouse/columns.ts. The site's Data dictionary page, `protection dictionary` and
// docs/data-dictionary.md all show this one description.
import { KINDS } from "../loaders/kinds/index.ts";
import { fieldMeta } from "../loaders/fields.ts";
import { loadModels } from "../pipelines/models.ts";
import { DATASETS } from "../src/lib/datasets.ts";
import { columnWords } from "../warehouse/columns.ts";
import type { DuckDBConnection } from "@duckdb/node-api";

export interface DictionaryColumn {
  name: string;
  type: string | null;
  words: string | null;
}

export interface DictionaryEntry {
  table: string;
  layer: "input" | "pipeline" | "log";
  /** What one row is and the rules behind its columns, in words. */
  description: string;
  /** Tables it is computed from (pipeline tables). */
  depends: string[];
  /** The kinds of files its rows come from, followed through the pipeline inputs. */
  files: string[];
  columns: DictionaryColumn[];
  /** Site datasets (pages) that publish it. */
  published: string[];
  rows: number | null;
}

const LOG_TABLES: Record<string, string> = {
  ingest_files: "One row per file version loaded (or tried): its kind, format, when, and rows read, accepted, rejected and flagged.",
  ingest_issues: "One row per problem found in a file: file, sheet, row, column, the value typed, severity (error = row rejected, warning = stored but doubtful, skipped = deliberately not loaded, info = a decision the loader took), the reason and a suggestion."
};

/** The comment lines at the top of a model after `-- depends:`, joined into sentences. */
export function modelDescription(sql: string): string {
  const lines: string[] = [];
  for (const line of sql.split("\n")) {
    const m = /^\s*--\s?(.*)$/.exec(line);
    if (!m) break;
    if (/^depends:/.test(m[1]!.trim())) continue;
    lines.push(m[1]!.trim());
  }
  return lines.join(" ").replace(/\s+/g, " ").trim();
}

async function tableColumns(conn: DuckDBConnection | null, table: string): Promise<{ columns: DictionaryColumn[]; rows: number | null } | null> {
  if (!conn) return null;
  const exists = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = $t AND table_schema = 'main'`, { t: table });
  if (!Number(exists.getRowObjectsJS()[0]?.n)) return null;
  const described = (await conn.runAndReadAll(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $t AND table_schema = 'main' ORDER BY ordinal_position`, { t: table })).getRowObjectsJS();
  const count = (await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM "${table.replace(/"/g, '""')}"`)).getRowObjectsJS()[0]?.n;
  return {
    columns: described.map((c) => ({ name: String(c.column_name), type: String(c.data_type), words: columnWords(String(c.column_name)) })),
    rows: count === undefined || count === null ? null : Number(count)
  };
}

/** Every entry, inputs first, then pipeline tables in alphabetical order, then the ingest log. */
export async function buildDictionary(conn: DuckDBConnection | null = null): Promise<DictionaryEntry[]> {
  const publishedBy = new Map<string, string[]>();
  for (const d of Object.values(DATASETS)) publishedBy.set(d.table, [...(publishedBy.get(d.table) ?? []), d.name]);
  const kindsOf = new Map<string, string[]>();
  for (const k of KINDS) kindsOf.set(k.table, [...(kindsOf.get(k.table) ?? []), k.label]);

  const entries: DictionaryEntry[] = [];
  for (const [table, labels] of kindsOf) {
    const kinds = KINDS.filter((k) => k.table === table);
    const fields = new Map<string, DictionaryColumn>();
    for (const k of kinds) {
      for (const [name, schema] of Object.entries(k.schema.shape)) {
        if (fields.has(name)) continue;
        let meta;
        try {
          meta = fieldMeta(schema as never);
        } catch {
          meta = null;
        }
        const headers = meta?.aliases?.length ? `Read from headers like "${meta.aliases.slice(0, 3).join('", "')}"` : "";
        const hxl = meta?.hxl?.length ? `${headers ? "; " : "Read from "}HXL ${meta.hxl.slice(0, 2).join(", ")}` : "";
        const words = [columnWords(name), headers || hxl ? `${headers}${hxl}.` : null].filter(Boolean).join(" ");
        fields.set(name, { name, type: meta?.type ?? null, words: words || null });
      }
    }
    const stored = await tableColumns(conn, table);
    // the stored table's columns (provenance included), described from the schema where it has them
    const columns = stored ? stored.columns.map((c) => ({ ...c, words: fields.get(c.name)?.words ?? c.words })) : [...fields.values()];
    entries.push({
      table,
      layer: "input",
      description: `One row per validated row of the source files (${labels.join("; ")}), with the file, sheet and row it came from.`,
      depends: [],
      files: labels,
      columns,
      published: publishedBy.get(table) ?? [],
      rows: stored?.rows ?? null
    });
  }

  const models = loadModels();
  const byName = new Map(models.map((m) => [m.name, m]));
  const filesOf = (table: string, seen = new Set<string>()): string[] => {
    if (seen.has(table)) return [];
    seen.add(table);
    if (kindsOf.has(table)) return kindsOf.get(table)!;
    return [...new Set((byName.get(table)?.depends ?? []).flatMap((d) => filesOf(d, seen)))];
  };
  for (const m of models) {
    const stored = await tableColumns(conn, m.name);
    entries.push({
      table: m.name,
      layer: "pipeline",
      description: modelDescription(m.sql),
      depends: m.depends,
      files: filesOf(m.name),
      columns: stored?.columns ?? [],
      published: publishedBy.get(m.name) ?? [],
      rows: stored?.rows ?? null
    });
  }
  for (const [table, description] of Object.entries(LOG_TABLES)) {
    const stored = await tableColumns(conn, table);
    entries.push({ table, layer: "log", description, depends: [], files: ["every file ingested"], columns: stored?.columns ?? [], published: publishedBy.get(table) ?? [], rows: stored?.rows ?? null });
  }
  return entries;
}

const cell = (s: string | null | undefined) => (s ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The dictionary as Markdown (docs/data-dictionary.md, `protection dictionary --format md`). */
export function dictionaryMarkdown(entries: DictionaryEntry[]): string {
  const out = [
    "# Data dictionary",
    "",
    "Generated by `npx protection dictionary --format md` from the kinds' schemas (`loaders/kinds/`), the pipeline",
    "models' headers (`pipelines/models/`) and the column glossary (`warehouse/columns.ts`); the site's *Data dictionary*",
    "page shows the same text. Column naming: `admin1_pcode`, `admin2_pcode`, `quarter` as 2025Q3, `month` as the first",
    "day of the month, ISO dates; shares are fractions in the warehouse and percentages in downloads.",
    ""
  ];
  for (const layer of ["input", "pipeline", "log"] as const) {
    out.push(`## ${layer === "input" ? "Inputs (canonical tables the loaders fill)" : layer === "pipeline" ? "Pipeline tables" : "Ingest log"}`, "");
    for (const e of entries.filter((x) => x.layer === layer)) {
      out.push(`### \`${e.table}\``, "", e.description, "");
      if (e.depends.length) out.push(`Computed from: ${e.depends.map((d) => `\`${d}\``).join(", ")}.`);
      if (e.files.length) out.push(`Files behind it: ${e.files.join("; ")}.`);
      if (e.published.length) out.push(`Published on the site as: ${e.published.join(", ")}.`);
      out.push("");
      if (e.columns.length) {
        out.push("| column | type | meaning |", "|---|---|---|");
        for (const c of e.columns) out.push(`| \`${c.name}\` | ${cell(c.type)} | ${cell(c.words)} |`);
        out.push("");
      }
    }
  }
  return out.join("\n");
}
