// The analysts' narrative of one PAU quarter: `<narrativeDir>/<quarter>.md`, written by the cluster and AoR
// coordinators. The tool never writes analysis: what the file lacks, the PAU marks as missing. Parsed into
// plain text (paragraphs and list items, never HTML) and a small structured list of recommendations.
//
//   ---
//   quarter: 2025Q3
//   published: 2025-10-15
//   ---
//   ## Context
//   Paragraphs…
//   ## Risks
//   ### gbv
//   Threat, affected groups, capacities…
//   ## Recommendations
//   - authorities | gbv, child_marriage | in progress | Text of the recommendation.
//   ## Methodology
//   Paragraphs…
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RISK_KEYS } from "../../warehouse/risk-list.ts";

export const ADDRESSEES = ["authorities", "hc_hct", "humanitarian_actors", "donors", "other"] as const;
export type Addressee = (typeof ADDRESSEES)[number];
export const STATUSES = ["not_started", "in_progress", "done"] as const;
export type RecommendationStatus = (typeof STATUSES)[number];

export interface Recommendation {
  addressee: Addressee;
  risks: string[];
  status: RecommendationStatus | null;
  text: string;
}

/** A block of text: paragraphs and bullet items, kept as plain strings. */
export type TextBlock = { kind: "p" | "li"; text: string }[];

export interface Narrative {
  quarter: string;
  /** file name as the PAU cites it (no folder) */
  file: string;
  found: boolean;
  published: string | null;
  context: TextBlock;
  risks: Record<string, TextBlock>;
  recommendations: Recommendation[];
  methodology: TextBlock;
  /** what could not be read, line by line: shown on the page and by `protection pau` */
  problems: string[];
}

const norm = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

const ADDRESSEE_WORDS: Record<string, Addressee> = {
  authorities: "authorities", authority: "authorities", "duty bearers": "authorities", government: "authorities", "parties to conflict": "authorities", autorites: "authorities",
  "hc hct": "hc_hct", hct: "hc_hct", hc: "hc_hct", "humanitarian coordinator": "hc_hct", "humanitarian country team": "hc_hct",
  "humanitarian actors": "humanitarian_actors", "other clusters": "humanitarian_actors", clusters: "humanitarian_actors", "acteurs humanitaires": "humanitarian_actors",
  donors: "donors", donor: "donors", bailleurs: "donors",
  other: "other"
};
const STATUS_WORDS: Record<string, RecommendationStatus> = {
  "not started": "not_started", new: "not_started", pending: "not_started", "non demarre": "not_started",
  "in progress": "in_progress", ongoing: "in_progress", partial: "in_progress", "en cours": "in_progress",
  done: "done", completed: "done", implemented: "done", termine: "done"
};
const SECTIONS: Record<string, "context" | "risks" | "recommendations" | "methodology"> = {
  context: "context", "crisis overview": "context", "context and crisis overview": "context", contexte: "context",
  risks: "risks", "protection risks": "risks", "priority protection risks": "risks", risques: "risks",
  recommendations: "recommendations", recommandations: "recommendations",
  methodology: "methodology", "methodology and sources": "methodology", methodologie: "methodology", sources: "methodology"
};

function empty(quarter: string, file: string): Narrative {
  return { quarter, file, found: false, published: null, context: [], risks: {}, recommendations: [], methodology: [], problems: [] };
}

/** Markdown inline marks become plain text: the page shows words, not markup. */
function plain(line: string): string {
  return line
    .replace(/<[^>]*>/g, "")
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, "$1$2")
    .replace(/\*([^*]+)\*|_([^_]+)_/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .trim();
}

export function parseNarrative(text: string, quarter: string, file = `${quarter}.md`): Narrative {
  const n = empty(quarter, file);
  n.found = true;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let i = 0;
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, j) => j > 0 && l.trim() === "---");
    if (end < 0) {
      n.problems.push(`${file}: front matter opened on line 1 is never closed with ---; read as text`);
    } else {
      for (const l of lines.slice(1, end)) {
        const m = /^\s*([a-z_]+)\s*:\s*(.*?)\s*$/i.exec(l);
        if (!m) {
          if (l.trim()) n.problems.push(`${file}: front matter line not understood: '${l.trim()}'`);
          continue;
        }
        const [, k, v] = m as unknown as [string, string, string];
        if (k === "quarter" && v !== quarter) n.problems.push(`${file}: says quarter ${v} but is the file of ${quarter}`);
        if (k === "published") n.published = /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : (n.problems.push(`${file}: published '${v}' is not a date like 2025-10-15`), null);
      }
      i = end + 1;
    }
  }
  let section: "context" | "risks" | "recommendations" | "methodology" | null = null;
  let risk: string | null = null;
  let fence = 0;
  let paragraph: string[] = [];
  const target = (): TextBlock | null => {
    if (section === "context") return n.context;
    if (section === "methodology") return n.methodology;
    if (section === "risks" && risk) return (n.risks[risk] ??= []);
    return null;
  };
  const flush = () => {
    if (!paragraph.length) return;
    const t = target();
    const text = plain(paragraph.join(" "));
    if (t && text) t.push({ kind: "p", text });
    paragraph = [];
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const at = `${file} line ${i + 1}`;
    if (/^\s*```/.test(line)) {
      fence = fence ? 0 : i + 1;
      continue;
    }
    if (fence) continue;
    const h2 = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    const h3 = /^###\s+(.+?)\s*#*\s*$/.exec(line);
    if (h3) {
      flush();
      if (section !== "risks") {
        n.problems.push(`${at}: '### ${h3[1]}' outside the '## Risks' section; ignored`);
        risk = null;
        continue;
      }
      const key = h3[1]!.trim().toLowerCase().replace(/[\s-]+/g, "_");
      if (!RISK_KEYS.includes(key)) {
        n.problems.push(`${at}: unknown risk key '${h3[1]}' (expected one of ${RISK_KEYS.join(", ")}); its text is not shown`);
        risk = null;
      } else risk = key;
      continue;
    }
    if (h2) {
      flush();
      const s = SECTIONS[norm(h2[1]!)];
      if (!s) n.problems.push(`${at}: unknown section '## ${h2[1]}' (expected Context, Risks, Recommendations or Methodology); ignored`);
      section = s ?? null;
      risk = null;
      continue;
    }
    if (/^#\s/.test(line)) {
      flush();
      continue; // a document title
    }
    const item = /^\s*[-*+]\s+(.*)$/.exec(line);
    if (section === "recommendations") {
      if (!line.trim()) continue;
      if (!item) {
        n.problems.push(`${at}: not a recommendation line ('- addressee | risk keys | status | text'): '${line.trim().slice(0, 80)}'`);
        continue;
      }
      const parts = item[1]!.split("|").map((p) => p.trim());
      if (parts.length < 4) {
        n.problems.push(`${at}: a recommendation needs 4 parts separated by '|' (addressee | risk keys | status | text), found ${parts.length}`);
        continue;
      }
      const [who, keys, status, ...rest] = parts as [string, string, string, ...string[]];
      const addressee = ADDRESSEE_WORDS[norm(who)] ?? ((ADDRESSEES as readonly string[]).includes(who) ? (who as Addressee) : null);
      if (!addressee) {
        n.problems.push(`${at}: unknown addressee '${who}' (expected authorities, hc_hct, humanitarian_actors, donors or other)`);
        continue;
      }
      const risks = keys.split(/[,;]/).map((k) => k.trim().toLowerCase().replace(/[\s-]+/g, "_")).filter(Boolean);
      const unknown = risks.filter((k) => !RISK_KEYS.includes(k) && k !== "all");
      if (unknown.length) n.problems.push(`${at}: unknown risk key ${unknown.map((k) => `'${k}'`).join(", ")}; the recommendation is kept without it`);
      const st = status ? STATUS_WORDS[norm(status)] ?? ((STATUSES as readonly string[]).includes(status) ? (status as RecommendationStatus) : undefined) : null;
      if (st === undefined) n.problems.push(`${at}: unknown status '${status}' (expected not started, in progress or done); shown as not stated`);
      const textOf = plain(rest.join(" | "));
      if (!textOf) {
        n.problems.push(`${at}: a recommendation without text`);
        continue;
      }
      n.recommendations.push({ addressee, risks: risks.filter((k) => RISK_KEYS.includes(k)), status: st ?? null, text: textOf });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (item) {
      flush();
      const t = target();
      const text = plain(item[1]!);
      if (t && text) t.push({ kind: "li", text });
      else if (!t) n.problems.push(`${at}: text outside any known section; ignored`);
      continue;
    }
    if (!target()) {
      if (section === null || (section === "risks" && !risk)) n.problems.push(`${at}: text outside any known section; ignored`);
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  if (fence) n.problems.push(`${file} line ${fence}: code block opened with \`\`\` is never closed; the rest of the file is ignored`);
  return n;
}

/** The narrative of a quarter from its folder; a missing file is no error (the page says it is missing). */
export function readNarrative(dir: string, quarter: string): Narrative {
  const file = `${quarter}.md`;
  const path = join(dir, file);
  if (!existsSync(path)) return empty(quarter, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const n = empty(quarter, file);
    n.problems.push(`${file}: cannot be read (${(e as Error).message.split("\n")[0]})`);
    return n;
  }
  if (text.includes("\u0000") || text.includes("\uFFFD")) {
    const n = empty(quarter, file);
    n.problems.push(`${file}: not a UTF-8 text file; not used`);
    return n;
  }
  return parseNarrative(text, quarter, file);
}
