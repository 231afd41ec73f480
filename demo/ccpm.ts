/**
 * CCPM demo files: two survey rounds (2024 in English, 2025 exported in French), each with a partner and a
 * coordinator questionnaire, scores that move between rounds (functions 1 and 4 improve after the action plan,
 * advocacy slips), and the action plan of the 2024 workshop with done, late and open actions.
 * The questions are read from the default questionnaire (data/ccpm/questionnaire.csv), as an IMO's survey
 * tool would have been set up from it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { csvParse } from "d3-dsv";
import { SEED } from "./config.ts";
import { ORG_TYPE_FR, PARTNERS, type Partner } from "./partners.ts";
import { rngFor, type Rng } from "./random.ts";
import { csvFromValues, encodeText } from "./write-csv.ts";
import { newWorkbook, workbookBytes } from "./write-xlsx.ts";

interface DemoQuestion {
  code: string;
  sub: string;
  en: string;
  fr: string;
  scale: "yes_no" | "frequency";
  askedOf: string;
}

export interface DemoFile {
  path: string;
  bytes: Uint8Array;
  rows: number;
  what: string;
}

// Found upwards from this module, not one level up: from the CLI bundle (bin/.bundle/) the module is deeper,
// and demo/ may not import warehouse/project-root.ts (it imports nothing of the product).
function questionnairePath(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const path = join(dir, "data", "ccpm", "questionnaire.csv");
    if (existsSync(path)) return path;
    if (dirname(dir) === dir) throw new Error(`no data/ccpm/questionnaire.csv above ${fileURLToPath(import.meta.url)}`);
  }
}

function questions(): DemoQuestion[] {
  return csvParse(readFileSync(questionnairePath(), "utf8")).map((r) => ({
    code: r.question_code!,
    sub: r.sub_item!,
    en: r.question_en!,
    fr: r.question_fr!,
    scale: r.answer_scale as DemoQuestion["scale"],
    askedOf: r.asked_of ?? "all"
  }));
}

/** How well each sub-item works in each round, 0–1 (the answers scatter around it). */
const QUALITY: Record<string, Record<string, number>> = {
  "2024": { "1.1": 0.85, "1.2": 0.55, "2.1": 0.45, "2.2": 0.35, "2.3": 0.6, "3.1": 0.7, "3.2": 0.5, "3.3": 0.3, "4.1": 0.4, "4.2": 0.2, "4.3": 0.35, "5.1": 0.2, "6.1": 0.7, "6.2": 0.65, "7.1": 0.3 },
  "2025": { "1.1": 0.9, "1.2": 0.75, "2.1": 0.6, "2.2": 0.5, "2.3": 0.6, "3.1": 0.75, "3.2": 0.55, "3.3": 0.45, "4.1": 0.75, "4.2": 0.55, "4.3": 0.45, "5.1": 0.3, "6.1": 0.5, "6.2": 0.4, "7.1": 0.5 }
};

const EN = { yes: "Yes", no: "No", dk: "Don't know", na: "N/A", never: "Never", rarely: "Rarely", often: "Fairly often", very: "Very regularly" };
const FR = { yes: "Oui", no: "Non", dk: "Ne sait pas", na: "Non applicable", never: "Jamais", rarely: "Rarement", often: "Assez souvent", very: "Très régulièrement" };
type Words = typeof EN;

function answer(rng: Rng, q: DemoQuestion, quality: number, words: Words, dontKnow: number): string {
  if (rng.chance(dontKnow)) return rng.chance(0.8) ? words.dk : words.na;
  const p = Math.min(0.98, Math.max(0.02, quality + 0.15 * rng.normal()));
  if (q.scale === "yes_no") return rng.chance(p) ? words.yes : words.no;
  const level = Math.min(3, Math.max(0, Math.round(p * 3 + 0.6 * rng.normal())));
  return [words.never, words.rarely, words.often, words.very][level]!;
}

interface Respondent {
  id: string;
  role: "partner" | "coordinator";
  partner: Partner;
  answers: Map<string, string>;
}

function respondents(round: string, role: Respondent["role"], count: number, words: Words): Respondent[] {
  const rng = rngFor(SEED, `ccpm-${round}-${role}`);
  const pool = role === "partner" ? PARTNERS.filter((p) => p.acronym !== "UNHCR") : PARTNERS.filter((p) => p.acronym === "UNHCR" || p.type === "NNGO");
  const chosen = role === "partner" ? rng.sample(pool, count) : Array.from({ length: count }, (_, i) => (i === 0 ? PARTNERS.find((p) => p.acronym === "UNHCR")! : rng.pick(pool)));
  return chosen.map((partner, i) => {
    const answers = new Map<string, string>();
    for (const q of questions()) {
      if (q.askedOf !== "all" && q.askedOf !== role) continue;
      // coordinators rate their cluster a little higher than partners do (WASH Cluster's CCPM notes); partners
      // often do not know about preparedness
      const quality = QUALITY[round]![q.sub]! + (role === "coordinator" ? 0.1 : 0);
      const dontKnow = q.sub === "5.1" ? (role === "coordinator" ? 0.45 : 0.35) : 0.07;
      answers.set(q.code, answer(rng, q, quality, words, dontKnow));
    }
    return { id: `${round}-${role[0]!.toUpperCase()}${String(i + 1).padStart(3, "0")}`, role, partner, answers };
  });
}

function orgTypeEn(p: Partner): string {
  return p.type === "Red Cross/Red Crescent" ? "Red Cross/Red Crescent" : p.type;
}

/** 2024: the English exports, headers "code question", one submission sent twice. */
async function round2024(): Promise<DemoFile[]> {
  const qs = questions();
  const files: DemoFile[] = [];
  for (const [role, count, label] of [["partner", 24, "partners"], ["coordinator", 6, "coordinators"]] as const) {
    const people = respondents("2024", role, count, EN);
    const asked = qs.filter((q) => q.askedOf === "all" || q.askedOf === role);
    const header = ["Submission ID", "Submitted on", "Year", "Respondent type", "Organisation type", "Organisation name", ...asked.map((q) => `${q.code} ${q.en}`)];
    const rows = people.map((r, i) => [r.id, `2024-11-${String(4 + (i % 10)).padStart(2, "0")}`, "2024", role === "partner" ? "Partner" : "Coordinator", orgTypeEn(r.partner), r.partner.name, ...asked.map((q) => r.answers.get(q.code) ?? "")]);
    if (role === "partner") rows.push([...rows[3]!]); // the same submission exported twice: rejected as the same respondent
    if (role === "partner") {
      const wb = newWorkbook();
      const ws = wb.addWorksheet("Responses");
      ws.addRow(header).font = { bold: true };
      for (const r of rows) ws.addRow(r);
      files.push({ path: `ccpm/xdm_ccpm_survey_${label}_2024.xlsx`, bytes: await workbookBytes(wb), rows: rows.length, what: `CCPM 2024, ${label}' questionnaire (English): headers start with the question code; one submission exported twice` });
    } else {
      files.push({ path: `ccpm/xdm_ccpm_survey_${label}_2024.csv`, bytes: encodeText(csvFromValues(header, rows), "utf-8"), rows: rows.length, what: `CCPM 2024, ${label}' questionnaire (English CSV)` });
    }
  }
  return files;
}

/** 2025: exported in French, headers are the French question texts, answers in French. */
async function round2025(): Promise<DemoFile[]> {
  const qs = questions();
  const files: DemoFile[] = [];
  for (const [role, count, label] of [["partner", 27, "partenaires"], ["coordinator", 5, "coordinateurs"]] as const) {
    const people = respondents("2025", role, count, FR);
    const asked = qs.filter((q) => q.askedOf === "all" || q.askedOf === role);
    const header = ["ID de réponse", "Année", "Type de répondant", "Type d'organisation", "Nom de l'organisation", "Adresse e-mail", ...asked.map((q) => q.fr), "Commentaires"];
    const rows = people.map((r) => [
      r.id,
      "2025",
      role === "partner" ? "Partenaire" : "Coordinateur",
      r.partner.type === "Red Cross/Red Crescent" ? "Croix-Rouge" : ORG_TYPE_FR[r.partner.type],
      r.partner.name,
      `${r.partner.acronym.toLowerCase()}.focal@example.org`,
      ...asked.map((q) => r.answers.get(q.code) ?? ""),
      ""
    ]);
    if (role === "partner") {
      // an answer the scale does not have, and a respondent who opened the form and left
      rows[5]![6 + asked.findIndex((q) => q.code === "2.2.1")] = "Peut-être";
      rows.push([`2025-P${String(count + 1).padStart(3, "0")}`, "2025", "Partenaire", "ONG Nationale", "ONG Sans Réponse", "", ...asked.map(() => ""), ""]);
      files.push({ path: `ccpm/xdm_ccpm_enquete_${label}_2025.csv`, bytes: encodeText(csvFromValues(header, rows, ";"), "utf-8-bom"), rows: rows.length, what: `CCPM 2025, ${label} (French CSV, ';'): headers are the French question texts; one unknown answer ('Peut-être'), one empty response` });
    } else {
      const wb = newWorkbook();
      const ws = wb.addWorksheet("Réponses");
      ws.addRow(header).font = { bold: true };
      for (const r of rows) ws.addRow(r);
      files.push({ path: `ccpm/xdm_ccpm_enquete_${label}_2025.xlsx`, bytes: await workbookBytes(wb), rows: rows.length, what: `CCPM 2025, ${label} (French XLSX)` });
    }
  }
  return files;
}

/** The 2024 workshop's action plan, followed up in 2025 (as of 2026-01-15: two actions late). */
async function actionPlan(): Promise<DemoFile> {
  const header = ["Round", "Sub-item", "Action", "Responsible", "Deadline", "Support needed", "Status", "Review date", "Progress"];
  const rows: (string | Date)[][] = [
    ["2024", "4.2", "Publish a quarterly progress dashboard against the cluster strategy indicators", "Coordinator and IMO", "2025-03-31", "IM support from the global cluster", "Done", "2025-04-15", "Dashboard published every quarter since Q1"],
    ["2024", "4.1", "Agree a single 5W reporting format and monthly deadline with all partners", "SAG", "2025-02-28", "", "Done", "2025-03-15", "Format adopted at the February meeting"],
    ["2024", "3.3", "Share the pooled-fund prioritisation criteria before each allocation", "Coordinator", "2025-06-30", "", "In progress", "2025-09-30", "Shared for the first allocation only"],
    ["2024", "5.1", "Update the protection contingency plan with national authorities", "CLA and national authorities", "2025-09-30", "Technical support for the simulation exercise", "Not started", "2025-12-15", ""],
    ["2024", "2.2", "Hold a gap analysis session on cross-cutting issues every six months", "SAG", "2025-12-31", "", "In progress", "2026-01-10", "First session held in July"],
    ["2024", "7.1", "Map the feedback and complaint mechanisms of partners and agree referral of protection complaints", "AAP working group", "2026-03-31", "OCHA AAP adviser", "In progress", "2026-03-31", "Mapping two thirds done"]
  ];
  const wb = newWorkbook();
  const ws = wb.addWorksheet("Action plan");
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v, i) => ((i === 4 || i === 7) && v ? new Date(`${v}T00:00:00Z`) : v)));
  return { path: "ccpm/xdm_ccpm_action_plan_2024.xlsx", bytes: await workbookBytes(wb), rows: rows.length, what: "CCPM 2024 action plan (English): sub-item, action, responsible, deadline, support needed, status, review date" };
}

export async function buildCcpmFiles(): Promise<DemoFile[]> {
  return [...(await round2024()), ...(await round2025()), await actionPlan()];
}
