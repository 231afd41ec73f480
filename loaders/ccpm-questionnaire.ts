// The CCPM questionnaire is data (global clusters revise it; a country adds questions): read from the CSV the
// config names, checked line by line, with the answer scales (built-in yes/no and frequency, plus the config's).
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { csvParse } from "d3-dsv";
import { z } from "zod";
import { UserError } from "../warehouse/errors.ts";
import type { OperationConfig } from "../warehouse/operation-config.ts";
import { PROJECT_ROOT } from "../warehouse/project-root.ts";

export interface ScaleAnswer {
  code: string;
  en: string;
  fr?: string;
  synonyms: string[];
  /** 0–1; null: not scored (don't know, not applicable) */
  value: number | null;
}

const DONT_KNOW: ScaleAnswer = { code: "dont_know", en: "Don't know", fr: "Ne sait pas", synonyms: ["do not know", "dk", "ne sais pas", "je ne sais pas", "nsp", "unknown"], value: null };
const NOT_APPLICABLE: ScaleAnswer = { code: "na", en: "N/A", fr: "Non applicable", synonyms: ["not applicable", "na", "n a", "sans objet", "pas applicable", "s o"], value: null };

/**
 * Equal-interval values (the CCPM notes' default; the real weighting is unconfirmed, so a config scale of the
 * same name replaces these): Yes 1, No 0; Never 0, Rarely 1/3, Fairly often 2/3, Very regularly 1.
 */
export const BUILTIN_SCALES: Record<string, ScaleAnswer[]> = {
  yes_no: [
    { code: "yes", en: "Yes", fr: "Oui", synonyms: ["y", "o"], value: 1 },
    { code: "no", en: "No", fr: "Non", synonyms: ["n"], value: 0 },
    DONT_KNOW,
    NOT_APPLICABLE
  ],
  frequency: [
    { code: "never", en: "Never", fr: "Jamais", synonyms: [], value: 0 },
    { code: "rarely", en: "Rarely", fr: "Rarement", synonyms: [], value: 1 / 3 },
    { code: "fairly_often", en: "Fairly often", fr: "Assez souvent", synonyms: ["often", "souvent"], value: 2 / 3 },
    { code: "very_regularly", en: "Very regularly", fr: "Très régulièrement", synonyms: ["very regular", "regularly", "tres regulier"], value: 1 },
    DONT_KNOW,
    NOT_APPLICABLE
  ]
};

export function scalesOf(config: OperationConfig): Record<string, ScaleAnswer[]> {
  return { ...BUILTIN_SCALES, ...config.ccpm?.scales };
}

const CODE = /^\d+(\.\d+)*$/;

const QuestionLine = z.object({
  question_code: z.string().regex(CODE, "expected a code like 1.1.2"),
  sub_item: z.string().regex(CODE, "expected a sub-item like 1.1"),
  function: z.string().regex(/^\d+$/, "expected a function number like 1"),
  function_en: z.string().optional(),
  function_fr: z.string().optional(),
  sub_item_en: z.string().optional(),
  sub_item_fr: z.string().optional(),
  question_en: z.string().min(1, "the English question text is missing"),
  question_fr: z.string().optional(),
  answer_scale: z.string().min(1),
  asked_of: z.enum(["all", "partner", "coordinator"]).default("all")
});
export type Question = z.infer<typeof QuestionLine> & { position: number; line: number };

/** The config's questionnaire path: as given when absolute or found from the working folder, else under the project. */
export function questionnairePath(config: OperationConfig): string {
  const p = config.ccpm?.questionnaire ?? "data/ccpm/questionnaire.csv";
  if (isAbsolute(p) || existsSync(p)) return resolve(p);
  return join(PROJECT_ROOT, p);
}

/** Reads and checks the questionnaire; a wrong line stops the ingest with its line number and what is wrong. */
export function readQuestionnaire(path: string, scales: Record<string, ScaleAnswer[]>): Question[] {
  if (!existsSync(path)) throw new UserError(`ccpm questionnaire not found: ${path} (set ccpm.questionnaire in the operation config)`);
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const lines = csvParse(text);
  for (const need of ["question_code", "sub_item", "function", "question_en", "answer_scale"]) {
    if (!lines.columns.includes(need)) throw new UserError(`ccpm questionnaire ${path}: no column ${need}`);
  }
  const questions: Question[] = [];
  const seen = new Set<string>();
  lines.forEach((raw, i) => {
    const line = i + 2;
    const cleaned = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v?.trim() ? v.trim() : undefined]));
    const parsed = QuestionLine.safeParse(cleaned);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new UserError(`ccpm questionnaire ${path}, line ${line}: ${first.path.join(".")}: ${first.message}`);
    }
    const q = parsed.data;
    if (!q.question_code.startsWith(`${q.sub_item}.`)) throw new UserError(`ccpm questionnaire ${path}, line ${line}: question ${q.question_code} is not under sub-item ${q.sub_item}`);
    if (!q.sub_item.startsWith(`${q.function}.`)) throw new UserError(`ccpm questionnaire ${path}, line ${line}: sub-item ${q.sub_item} is not under function ${q.function}`);
    if (!scales[q.answer_scale]) throw new UserError(`ccpm questionnaire ${path}, line ${line}: unknown answer scale ${q.answer_scale} (expected ${Object.keys(scales).join(", ")}, or a scale under ccpm.scales in the config)`);
    if (seen.has(q.question_code)) throw new UserError(`ccpm questionnaire ${path}, line ${line}: question ${q.question_code} twice`);
    seen.add(q.question_code);
    questions.push({ ...q, position: questions.length + 1, line });
  });
  if (questions.length === 0) throw new UserError(`ccpm questionnaire ${path}: no questions`);
  return questions;
}
