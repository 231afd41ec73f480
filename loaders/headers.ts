// Finds the header (even below titles, over two rows, with an HXL row) and maps columns to canonical fields.
import type { FieldMeta } from "./fields.ts";
import { isHashtagRow, matchPattern, parseHashtag, parsePattern, type HxlTag } from "./hxl.ts";
import { tokens } from "./normalise.ts";

export type Cell = string | null;

export interface ColumnInfo {
  index: number;
  /** Header text as shown to the user (group label and leaf label joined). */
  header: string;
  leaf: string;
  hxl: HxlTag | null;
}

export interface Layout {
  /** 0-based index into the sample of the last header row (or the HXL row). */
  dataStart: number;
  hxlRow: number | null;
  headerRow: number | null;
  columns: ColumnInfo[];
}

export interface Mapping {
  /** canonical field → column index */
  fields: Map<string, number>;
  /** how each mapped field was found, for the ingest report */
  via: Map<string, "hxl" | "header">;
  unmapped: ColumnInfo[];
  score: number;
}

const SCAN_ROWS = 25;

const filled = (row: readonly Cell[]) => row.filter((c) => c !== null && String(c).trim() !== "").length;
const isNumeric = (c: Cell) => c !== null && /^\s*[-+]?[\d\s.,]+%?\s*$/.test(c);

function headerLike(row: readonly Cell[] | undefined): boolean {
  if (!row) return false;
  const n = filled(row);
  if (n < 2) return false;
  const numbers = row.filter(isNumeric).length;
  return numbers / n < 0.5;
}

/** Header words for one column: forward-filled group labels (merged cells) above the leaf label. */
function buildColumns(sample: readonly Cell[][], headerRows: number[], hxlRow: number | null): ColumnInfo[] {
  const width = Math.max(0, ...[...headerRows, ...(hxlRow === null ? [] : [hxlRow])].map((r) => sample[r]?.length ?? 0));
  const groupFill = headerRows.slice(0, -1).map((r) => {
    const row = sample[r] ?? [];
    const out: string[] = [];
    let last = "";
    for (let i = 0; i < width; i++) {
      const v = (row[i] ?? "").toString().trim();
      if (v) last = v;
      out.push(last);
    }
    return out;
  });
  const leafRow = headerRows.length ? sample[headerRows[headerRows.length - 1]!] ?? [] : [];
  const columns: ColumnInfo[] = [];
  for (let i = 0; i < width; i++) {
    const leaf = (leafRow[i] ?? "").toString().replace(/\s+/g, " ").trim();
    const groups = groupFill.map((g) => g[i]!).filter((g) => g && g !== leaf);
    const header = [...new Set(groups), leaf].filter(Boolean).join(" / ");
    const hxl = hxlRow === null ? null : parseHashtag(sample[hxlRow]?.[i] ?? null);
    columns.push({ index: i, header: header || leaf, leaf, hxl });
  }
  return columns;
}

/**
 * Score a header's words against one alias: words matched, plus a bonus when the leaf alone matches; 0 when some
 * word of the alias is missing.
 */
function aliasScore(need: readonly string[], words: ReadonlySet<string>, leafWords: ReadonlySet<string>, grouped: boolean): number {
  if (!need.every((w) => words.has(w))) return 0;
  let score = need.length;
  // words found in the leaf label (not only in a merged group label above it) are stronger evidence
  score += 0.25 * need.filter((w) => leafWords.has(w)).length;
  if (need.every((w) => leafWords.has(w))) score += 0.25;
  // an exact header is the strongest evidence
  if (need.length === words.size) score += 0.75;
  // a merged group label ("Personnes atteintes" over Filles | Garçons | … | Total) is shared by every column
  // under it, so it cannot say which one is which: a match on the group's words alone is weak evidence, and
  // the leaf decides (Garçons → boys reached, Total → people reached), whatever the leaf's grammar
  if (grouped && !need.some((w) => leafWords.has(w))) score *= 0.5;
  return score;
}

/**
 * A kind's fields, made once for header detection, which maps each of a sheet's first rows as the header row, for
 * every kind: the aliases as words, indexed by their first word (an alias can only match a header holding that
 * word, so a header is tested against a few aliases, not all of them), the HXL patterns, and the best field found
 * for each header text (data rows repeat "Protection", "GBV", a month from row to row). Testing every alias of
 * every kind against every cell was ~0.1 s of each ingest's start.
 */
interface FieldIndex {
  byWord: Map<string, { field: number; need: readonly string[] }[]>;
  patterns: (readonly [string, ReturnType<typeof parsePattern>[]])[];
  best: Map<string, { field: string; score: number } | null>;
}
const fieldIndexes = new WeakMap<readonly [string, FieldMeta][], FieldIndex>();
function fieldIndex(fields: readonly [string, FieldMeta][]): FieldIndex {
  let index = fieldIndexes.get(fields);
  if (index) return index;
  const byWord = new Map<string, { field: number; need: readonly string[] }[]>();
  fields.forEach(([, meta], field) => {
    for (const alias of meta.aliases) {
      const need = tokens(alias);
      if (need.length === 0) continue;
      const list = byWord.get(need[0]!) ?? [];
      list.push({ field, need });
      byWord.set(need[0]!, list);
    }
  });
  index = { byWord, patterns: fields.map(([name, meta]) => [name, meta.hxl.map(parsePattern)] as const), best: new Map() };
  fieldIndexes.set(fields, index);
  return index;
}

/** The field whose aliases best match a header (the first such field when several score the same), or null. */
function bestField(fields: readonly [string, FieldMeta][], index: FieldIndex, header: string, leaf: string, grouped: boolean): { field: string; score: number } | null {
  const words = new Set(tokens(header));
  const leafWords = new Set(tokens(leaf));
  const scores = new Map<number, number>();
  for (const w of words) {
    for (const { field, need } of index.byWord.get(w) ?? []) {
      const s = aliasScore(need, words, leafWords, grouped);
      if (s > (scores.get(field) ?? 0)) scores.set(field, s);
    }
  }
  let found: { field: string; score: number } | null = null;
  for (const field of [...scores.keys()].sort((a, b) => a - b)) {
    const s = scores.get(field)!;
    if (!found || s > found.score) found = { field: fields[field]![0], score: s };
  }
  return found;
}

export function mapColumns(columns: ColumnInfo[], fields: [string, FieldMeta][]): Mapping {
  const index = fieldIndex(fields);
  const memo = index.best;
  type Candidate = { field: string; column: ColumnInfo; score: number; via: "hxl" | "header" };
  const candidates: Candidate[] = [];
  for (const column of columns) {
    let best: Candidate | null = null;
    if (column.hxl) {
      for (const [name, pats] of index.patterns) {
        for (const p of pats) {
          const s = matchPattern(column.hxl, p);
          // an HXL match outranks any header match
          if (s > 0 && (!best || 100 + s > best.score)) best = { field: name, column, score: 100 + s, via: "hxl" };
        }
      }
    }
    if (!best && column.header) {
      const grouped = column.leaf !== "" && column.header !== column.leaf;
      const key = `${grouped ? 1 : 0}\u0000${column.header}\u0000${column.leaf}`;
      let found = memo.get(key);
      if (found === undefined) {
        found = bestField(fields, index, column.header, column.leaf, grouped);
        if (memo.size >= 20_000) memo.clear();
        memo.set(key, found);
      }
      if (found) best = { field: found.field, column, score: found.score, via: "header" };
    }
    if (best) candidates.push(best);
  }
  candidates.sort((a, b) => b.score - a.score || a.column.index - b.column.index);
  const mapping: Mapping = { fields: new Map(), via: new Map(), unmapped: [], score: 0 };
  const used = new Set<number>();
  for (const c of candidates) {
    if (mapping.fields.has(c.field)) continue;
    mapping.fields.set(c.field, c.column.index);
    mapping.via.set(c.field, c.via);
    used.add(c.column.index);
    mapping.score += c.via === "hxl" ? 1.5 : 1;
  }
  mapping.unmapped = columns.filter((c) => !used.has(c.index) && (c.header || c.hxl));
  return mapping;
}

/**
 * Locates the header rows and an HXL row in the first rows of a sheet. `fields` guides the choice of the
 * header row when there is no HXL row: the row whose cells match most field aliases wins.
 */
export function detectLayout(sample: Cell[][], fields: [string, FieldMeta][]): Layout | null {
  const limit = Math.min(sample.length, SCAN_ROWS);
  let hxlRow: number | null = null;
  for (let r = 0; r < limit; r++) {
    if (isHashtagRow(sample[r]!)) {
      hxlRow = r;
      break;
    }
  }
  let headerRows: number[] = [];
  if (hxlRow !== null) {
    for (let r = hxlRow - 1; r >= 0 && headerRows.length < 3 && headerLike(sample[r]); r--) headerRows.unshift(r);
  } else {
    let bestRow = -1;
    let bestScore = 0;
    for (let r = 0; r < limit; r++) {
      const row = sample[r]!;
      if (!headerLike(row)) continue;
      const cols = buildColumns(sample, [r], null);
      const score = mapColumns(cols, fields).score;
      if (score > bestScore) {
        bestScore = score;
        bestRow = r;
      }
    }
    if (bestRow < 0 || bestScore < 2) return null;
    headerRows = [bestRow];
    // a leaf row below (Girls / Boys / … under a merged "People reached") when it maps more columns
    const below = sample[bestRow + 1];
    if (below && headerLike(below) && bestRow + 1 < limit) {
      const twoRows = mapColumns(buildColumns(sample, [bestRow, bestRow + 1], null), fields).score;
      if (twoRows >= bestScore + 1) {
        return finish(sample, [bestRow, bestRow + 1], null);
      }
    }
    // a group row above (merged "People reached" over Girls/Boys/...) has fewer labels than the leaf row
    const above = sample[bestRow - 1];
    if (above && headerLike(above) && filled(above) < filled(sample[bestRow]!)) headerRows.unshift(bestRow - 1);
  }
  return finish(sample, headerRows, hxlRow);
}

function finish(sample: Cell[][], headerRows: number[], hxlRow: number | null): Layout {
  const columns = buildColumns(sample, headerRows, hxlRow);
  const last = hxlRow ?? headerRows[headerRows.length - 1]!;
  return { dataStart: last + 1, hxlRow, headerRow: headerRows.length ? headerRows[headerRows.length - 1]! : null, columns };
}
