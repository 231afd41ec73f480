// One organisation, one name: spellings that differ only in case, accents, punctuation or an acronym in
// brackets are counted under one name; the reviewed aliases of data/operation.json (organisationAliases) merge
// the rest; names that still look alike are suggested for review, never merged unasked.
import { distance } from "fastest-levenshtein";
import type { SheetContext } from "./kinds/kind.ts";
import { ident, literal } from "../warehouse/sql.ts";

/** Bracketed acronyms, e.g. "International Rescue Committee (IRC)" → "IRC". */
const BRACKETED = /\s*[([]\s*([A-Za-z0-9&.\- ]{2,15})\s*[)\]]\s*/g;

/** The comparison key of a name: lower-case words without accents or punctuation, bracketed acronyms removed. */
export function organisationKey(name: string): string {
  return name
    .replace(BRACKETED, " ")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    // letters of every script count (Arabic, Cyrillic…): only punctuation and spacing are set aside
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The acronym a name gives in brackets, normalised ("irc"), or null. */
export function bracketedAcronym(name: string): string | null {
  const m = /[([]\s*([A-Za-z0-9&.\- ]{2,15})\s*[)\]]/.exec(name);
  return m ? organisationKey(m[1]!) || null : null;
}

/** Near-duplicates: keys at most this share of their length apart (at least one edit, at most four). */
export function looksAlike(a: string, b: string): boolean {
  if (a === b) return false;
  const limit = Math.min(4, Math.max(1, Math.floor(Math.min(a.length, b.length) * 0.12)));
  if (Math.abs(a.length - b.length) > limit) return false;
  return distance(a, b) <= limit;
}

export interface OrganisationDecision {
  from: string;
  to: string;
  why: "alias" | "spelling" | "acronym";
}

/**
 * The name each spelling is counted under: an alias first, then a spelling already in the warehouse with the same
 * key (or whose bracketed acronym this name is), then the most used spelling of the key in this file.
 */
export function canonicalNames(
  names: { name: string; rows: number }[],
  known: string[],
  aliases: Record<string, string>
): { decisions: OrganisationDecision[]; similar: [string, string][] } {
  const aliasByKey = new Map(Object.entries(aliases).map(([a, c]) => [organisationKey(a), c]));
  const knownByKey = new Map<string, string>();
  const knownByAcronym = new Map<string, string>();
  for (const k of known) {
    const key = organisationKey(k);
    if (!knownByKey.has(key)) knownByKey.set(key, k);
    const acr = bracketedAcronym(k);
    if (acr && !knownByAcronym.has(acr)) knownByAcronym.set(acr, k);
  }
  // the most used spelling of each key in this file
  const best = new Map<string, { name: string; rows: number }>();
  for (const n of names) {
    const key = organisationKey(n.name);
    const b = best.get(key);
    if (!b || n.rows > b.rows || (n.rows === b.rows && n.name < b.name)) best.set(key, n);
  }
  const fileAcronym = new Map<string, string>();
  for (const n of names) {
    const acr = bracketedAcronym(n.name);
    if (acr && !fileAcronym.has(acr)) fileAcronym.set(acr, best.get(organisationKey(n.name))!.name);
  }
  const decisions: OrganisationDecision[] = [];
  for (const n of names) {
    const key = organisationKey(n.name);
    if (!key) continue; // punctuation only: nothing to compare by
    let to: string;
    let why: OrganisationDecision["why"];
    if (aliasByKey.has(key)) [to, why] = [aliasByKey.get(key)!, "alias"];
    else if (knownByKey.has(key)) [to, why] = [knownByKey.get(key)!, "spelling"];
    else if (knownByAcronym.has(key) || fileAcronym.has(key)) [to, why] = [knownByAcronym.get(key) ?? fileAcronym.get(key)!, "acronym"];
    else [to, why] = [best.get(key)!.name, "spelling"];
    if (to !== n.name) decisions.push({ from: n.name, to, why });
  }
  // names that are still different after all that, but close: suggested, not merged
  const finals = [...new Set([...names.map((n) => decisions.find((d) => d.from === n.name)?.to ?? n.name), ...known])].slice(0, 3000);
  const keys = finals.map(organisationKey);
  const inFile = new Set(names.map((n) => decisions.find((d) => d.from === n.name)?.to ?? n.name));
  const similar: [string, string][] = [];
  const knownSet = new Set(known);
  const rowsOf = new Map<string, number>();
  for (const n of names) {
    const to = decisions.find((d) => d.from === n.name)?.to ?? n.name;
    rowsOf.set(to, (rowsOf.get(to) ?? 0) + n.rows);
  }
  const weight = (name: string) => (knownSet.has(name) ? Number.MAX_SAFE_INTEGER : rowsOf.get(name) ?? 0);
  for (let i = 0; i < finals.length; i++) {
    for (let j = i + 1; j < finals.length; j++) {
      if (!inFile.has(finals[i]!) && !inFile.has(finals[j]!)) continue;
      if (keys[i] && keys[j] && keys[i] !== keys[j] && looksAlike(keys[i]!, keys[j]!)) {
        // the name to keep first: one already in the warehouse, else the one with more rows
        const [a, b] = [finals[i]!, finals[j]!].sort((x, y) => weight(y) - weight(x) || (x < y ? -1 : 1));
        similar.push([a!, b!]);
      }
    }
  }
  return { decisions, similar };
}

/** Applies canonicalNames to a 5W sheet's organisation column (its dictionary: one update per spelling). */
export async function unifyOrganisations(ctx: SheetContext, field = "org_lead"): Promise<void> {
  const lazy = ctx.lazy.get(field);
  if (!lazy) return;
  const conn = ctx.conn;
  const rows = (
    await conn.runAndReadAll(`SELECT d.${lazy.value} AS name, count(*)::BIGINT AS n FROM v JOIN ${lazy.dict} d ON d.${lazy.id} = v.${ident(`r_${field}`)}
      WHERE d.${lazy.value} IS NOT NULL GROUP BY 1`)
  ).getRows().map((r) => ({ name: String(r[0]), rows: Number(r[1]) }));
  if (!rows.length) return;
  const known = (await conn.runAndReadAll(`SELECT DISTINCT ${ident(field)} FROM activities WHERE ${ident(field)} IS NOT NULL LIMIT 5000`)).getRows().map((r) => String(r[0]));
  const { decisions, similar } = canonicalNames(rows, known, ctx.config.organisationAliases ?? {});
  for (const d of decisions) {
    await conn.run(`UPDATE ${lazy.dict} SET ${lazy.value} = ${literal(d.to)} WHERE ${lazy.value} = ${literal(d.from)}`);
    const n = rows.find((r) => r.name === d.from)?.rows ?? 0;
    const why = d.why === "alias" ? "organisationAliases in data/operation.json" : d.why === "acronym" ? "its acronym" : "the same name once case, accents, punctuation and bracketed acronyms are set aside";
    ctx.issue({ severity: "info", rule: "organisation-unified", column: field, raw: d.from, reason: `organisation '${d.from}' (${n.toLocaleString("en-US")} rows) counted as '${d.to}' (${why})` });
  }
  for (const [a, b] of similar.slice(0, 50)) {
    ctx.issue({
      severity: "info",
      rule: "organisation-similar",
      column: field,
      raw: b,
      reason: `organisations '${a}' and '${b}' look alike; if they are one, add "${b}": "${a}" to organisationAliases in data/operation.json`,
      suggestion: a
    });
  }
}
