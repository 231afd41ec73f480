// CCPM survey exports and action plans through the common ingest path: question columns by code or by English or
// French text, answers in both languages, the round from a column or --round, and every bad input explained.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { ingestFiles } from "../loaders/ingest.ts";
import { matchQuestion } from "../loaders/kinds/ccpm.ts";
import { readQuestionnaire, BUILTIN_SCALES } from "../loaders/ccpm-questionnaire.ts";
import { runPipelines } from "../pipelines/run.ts";
import { PROJECT_ROOT } from "../warehouse/project-root.ts";
import { csvText } from "./helpers/bad-files.ts";
import { rows, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const tmp = tempDir("ccpm-ingest-");
const f = (name: string) => join(tmp.dir, name);
const config = testConfig({ asOf: "2026-01-15" });
const QUESTIONNAIRE = join(PROJECT_ROOT, "data", "ccpm", "questionnaire.csv");

const ENGLISH = [
  ["Respondent ID", "Respondent type", "Organisation type", "Organisation name", "Email", "Year", "1.1.1 Does the cluster hold coordination meetings?", "1.1.2 How often do meetings lead to decisions?",
    "Does the cluster regularly share a who does what where (5W) analysis with its partners?", "À quelle fréquence l'analyse 5W a-t-elle servi à éviter les doublons entre partenaires ?", "Comments", "9.9.9 A question of nobody's"],
  ["r1", "Partner", "INGO", "Save the Children Fund", "focal@stc.example.org", "2025", "Yes", "Fairly often", "Yes", "Rarely", "good", "x"],
  ["r2", "Partenaire", "ONG nationale", "ONG Espoir du Nord", "contact@espoir.example.org", "2025", "Non", "Très régulièrement", "Ne sait pas", "Jamais", "", ""],
  ["r3", "Partner", "Think tank", "Acme Policy Institute", "x@acme.example.org", "2025", "Maybe", "Never", "No", "N/A", "", ""],
  ["r1", "Partner", "INGO", "Save the Children Fund", "focal@stc.example.org", "2025", "Yes", "Fairly often", "Yes", "Rarely", "good", "x"],
  ["r5", "Coordinator", "UN", "UNHCR", "coord@unhcr.example.org", "2025", "", "", "", "", "", ""],
  ["r6", "Coordinator", "UN", "UNHCR", "co2@unhcr.example.org", "2025", "Yes", "Fairly often", "Yes", "Very regularly", "", ""]
];

beforeAll(async () => {
  writeFileSync(f("ccpm_partners.csv"), csvText(ENGLISH));
  // French workbook: French headers, no code, answers in French, no Year column (--round)
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Réponses");
  ws.addRow(["ID de réponse", "Type de répondant", "Type d'organisation", "Le cluster tient-il des réunions de coordination à une fréquence convenue avec ses partenaires ?", "À quelle fréquence les réunions de coordination aboutissent-elles à des décisions sur les priorités du Plan de réponse humanitaire ?"]);
  ws.addRow(["a", "Partenaire", "Agence UN", "Oui", "Assez souvent"]);
  ws.addRow(["b", "Coordinateur", "Agence UN", "Non", "Rarement"]);
  await wb.xlsx.writeFile(f("enquete_ccpm.xlsx"));
  writeFileSync(f("ccpm_no_question.csv"), csvText([["Respondent type", "Organisation type", "Year", "Favourite colour"], ["Partner", "INGO", "2025", "blue"]]));
  writeFileSync(f("ccpm_action_plan.csv"), csvText([
    ["Round", "Sub-item", "Action", "Responsible", "Deadline", "Support needed", "Status", "Review date"],
    ["2025", "1.1 Platform", "Agree meeting frequency", "Coordinator", "2025-06-30", "", "En cours", "2025-09-30"],
    ["2025", "1.2", "Share the 5W monthly", "IMO", "2025-03-31", "", "Done", ""],
    ["2025", "1.2", "Map duplication hotspots", "SAG", "2026-06-30", "", "Not started", ""],
    ["2025", "Platform", "An action without a code", "SAG", "2026-06-30", "", "", ""]
  ]));
});
afterAll(() => tmp.cleanup());

describe("the CCPM questionnaire", () => {
  it("is data with 6+1 functions, every question under its sub-item and a known scale", () => {
    const qs = readQuestionnaire(QUESTIONNAIRE, BUILTIN_SCALES);
    expect(new Set(qs.map((q) => q.function))).toEqual(new Set(["1", "2", "3", "4", "5", "6", "7"]));
    expect(qs.every((q) => q.question_code.startsWith(`${q.sub_item}.`) && q.question_fr)).toBe(true);
  });

  it("matches a header by its code, its English text or its French text, and no other", () => {
    const qs = readQuestionnaire(QUESTIONNAIRE, BUILTIN_SCALES);
    expect(matchQuestion("Q2.1.1 — needs assessment tools", qs).question?.question_code).toBe("2.1.1");
    expect(matchQuestion("Has the cluster agreed with its partners formats for monitoring and reporting needs?", qs).question?.question_code).toBe("4.1.1");
    expect(matchQuestion("Le cluster a-t-il convenu avec ses partenaires de formats pour le suivi", qs).question?.question_code).toBe("4.1.1");
    expect(matchQuestion("9.9.9 Something else", qs)).toEqual({ question: null, code: "9.9.9" });
    expect(matchQuestion("Comments", qs)).toEqual({ question: null, code: null });
  });
});

describe("ingesting CCPM survey exports", () => {
  it("stores one anonymous row per respondent and question, and explains every problem", async () => {
    await withMemory(async (w) => {
      const report = await ingestFiles(w.conn, [f("ccpm_partners.csv")], { config });
      const file = report.files[0]!;
      expect(file.kind).toBe("ccpm");
      expect(file.status).toBe("loaded");
      expect([file.rowsRead, file.rowsAccepted]).toEqual([6, 4]);
      const issues = await rows(w.conn, `SELECT row_number, column_name, raw_value, severity, rule, reason FROM ingest_issues ORDER BY rule, row_number`);
      const byRule = (rule: string) => issues.filter((i) => i.rule === rule);
      // the same respondent twice: the later row is rejected, naming the first
      expect(byRule("ccpm-same-respondent")).toMatchObject([{ row_number: 5, severity: "error", reason: expect.stringContaining("row 2") }]);
      // an unknown answer label, listed with its question; the row stays
      expect(byRule("ccpm-unknown-answer")).toMatchObject([{ row_number: 4, raw_value: "Maybe", severity: "warning", reason: expect.stringMatching(/^question 1\.1\.1: 'Maybe' is not an answer of scale yes_no/) }]);
      // a respondent without a single answer is skipped, not silently dropped
      expect(byRule("ccpm-no-answers")).toMatchObject([{ row_number: 6, severity: "skipped" }]);
      // a question code that is not in the questionnaire, and a column that is no question
      expect(byRule("ccpm-unknown-question")).toMatchObject([{ column_name: "9.9.9 A question of nobody's", severity: "warning" }]);
      expect(byRule("ccpm-unmatched-column")).toMatchObject([{ column_name: "Comments", severity: "info" }]);
      // questions of the questionnaire missing from the export: one warning naming them
      const missing = byRule("ccpm-missing-question");
      expect(missing).toHaveLength(1);
      expect(String(missing[0]!.reason)).toMatch(/^24 questions of the questionnaire are not in the export \(1\.1\.3, 2\.1\.1/);
      expect(byRule("ccpm-identity")).toMatchObject([{ column_name: "Organisation name" }]);
      expect(byRule("personal-data")).toMatchObject([{ column_name: "Email" }]);
      // an organisation type outside the list is stored as Other, with a warning
      expect(byRule("ccpm-org-type")).toMatchObject([{ row_number: 4, raw_value: "Think tank" }]);

      const answers = await rows(w.conn, `SELECT row_number, question_code, respondent_role, org_type, answer, answer_label, answer_value, answer_status, language FROM ccpm_responses ORDER BY row_number, question_code`);
      // four respondents × four questions, less r3's "N/A" (typed N/A is no answer, as everywhere in the loaders)
      expect(answers).toHaveLength(15);
      expect(answers.filter((a) => a.row_number === 3)).toEqual([
        { row_number: 3, question_code: "1.1.1", respondent_role: "partner", org_type: "NNGO", answer: "no", answer_label: "No", answer_value: 0, answer_status: "scored", language: "fr" },
        { row_number: 3, question_code: "1.1.2", respondent_role: "partner", org_type: "NNGO", answer: "very_regularly", answer_label: "Very regularly", answer_value: 1, answer_status: "scored", language: "fr" },
        { row_number: 3, question_code: "1.2.1", respondent_role: "partner", org_type: "NNGO", answer: "dont_know", answer_label: "Don't know", answer_value: null, answer_status: "excluded", language: "fr" },
        { row_number: 3, question_code: "1.2.2", respondent_role: "partner", org_type: "NNGO", answer: "never", answer_label: "Never", answer_value: 0, answer_status: "scored", language: "fr" }
      ]);
      expect(answers.find((a) => a.row_number === 4 && a.question_code === "1.1.1")).toMatchObject({ answer: null, answer_label: "Maybe", answer_value: null, answer_status: "unrecognised", org_type: "Other" });
      expect(answers.find((a) => a.row_number === 2 && a.question_code === "1.1.2")!.answer_value).toBeCloseTo(2 / 3, 12);
      // no identity anywhere in the warehouse's CCPM table: names, e-mails, the export's respondent ids
      const dump = JSON.stringify(await rows(w.conn, `SELECT * FROM ccpm_responses`));
      for (const secret of ["Save the Children", "Espoir", "Acme", "UNHCR", "@", "r1", "r6"]) expect(dump).not.toContain(secret);
    });
  });

  it("reads French headers and answers, takes the round from --round, and fails a file with no question at all", async () => {
    await withMemory(async (w) => {
      const withRound = { ...config, ccpm: { ...config.ccpm, round: "2024" } };
      const report = await ingestFiles(w.conn, [f("enquete_ccpm.xlsx"), f("ccpm_no_question.csv")], { config: withRound });
      expect(report.files[0]).toMatchObject({ kind: "ccpm", status: "loaded", rowsAccepted: 2 });
      expect(report.files[1]).toMatchObject({ status: "failed", error: expect.stringContaining("no column matches a question of the CCPM questionnaire") });
      const answers = await rows(w.conn, `SELECT round, respondent_role, org_type, question_code, answer, language FROM ccpm_responses ORDER BY row_number, question_code`);
      expect(answers).toEqual([
        { round: "2024", respondent_role: "partner", org_type: "UN", question_code: "1.1.1", answer: "yes", language: "fr" },
        { round: "2024", respondent_role: "partner", org_type: "UN", question_code: "1.1.2", answer: "fairly_often", language: "fr" },
        { round: "2024", respondent_role: "coordinator", org_type: "UN", question_code: "1.1.1", answer: "no", language: "fr" },
        { round: "2024", respondent_role: "coordinator", org_type: "UN", question_code: "1.1.2", answer: "rarely", language: "fr" }
      ]);
      expect(await rows(w.conn, `SELECT reason FROM ingest_issues WHERE rule = 'ccpm-round'`)).toEqual([{ reason: "round 2024 taken from --round for 2 respondent(s) without a Year/Année/round value" }]);
      // the partner-only question 1.1.3 counts as missing: the file has a partner
      expect(String((await rows(w.conn, `SELECT reason FROM ingest_issues WHERE rule = 'ccpm-missing-question'`))[0]!.reason)).toContain("1.1.3");
    });
  });

  it("rejects every respondent of an export with no round, saying how to give one", async () => {
    await withMemory(async (w) => {
      writeFileSync(f("survey.csv"), csvText([["Respondent type", "Organisation type", "1.1.1 Meetings?"], ["Partner", "INGO", "Yes"], ["Partner", "NNGO", "No"]]));
      const report = await ingestFiles(w.conn, [f("survey.csv")], { config });
      expect(report.files[0]).toMatchObject({ kind: "ccpm", rowsRead: 2, rowsAccepted: 0, rowsRejected: 2 });
      const reasons = await rows(w.conn, `SELECT DISTINCT reason FROM ingest_issues WHERE rule = 'ccpm-no-round'`);
      expect(reasons).toEqual([{ reason: expect.stringContaining("--round") }]);
      expect(await rows(w.conn, `SELECT count(*)::INTEGER AS n FROM ccpm_responses`)).toEqual([{ n: 0 }]);
    });
  });

  it("loads an action plan and flags the overdue actions after the pipelines", async () => {
    await withMemory(async (w) => {
      const report = await ingestFiles(w.conn, [f("ccpm_partners.csv"), f("ccpm_action_plan.csv")], { config });
      expect(report.files[1]).toMatchObject({ kind: "ccpm-actions", rowsRead: 4, rowsAccepted: 3, rowsRejected: 1 });
      expect(await rows(w.conn, `SELECT reason FROM ingest_issues WHERE rule = 'ccpm-action-item'`)).toEqual([{ reason: "sub-item 'Platform' is not a CCPM item code like 2.1 (or a function like 2)" }]);
      await runPipelines(w.conn, config);
      const actions = await rows(w.conn, `SELECT sub_item, status, overdue, days_overdue FROM ccpm_action_status ORDER BY deadline`);
      expect(actions).toEqual([
        { sub_item: "1.2", status: "done", overdue: false, days_overdue: null },
        { sub_item: "1.1", status: "in_progress", overdue: true, days_overdue: 199 },
        { sub_item: "1.2", status: "not_started", overdue: false, days_overdue: null }
      ]);
    });
  });

  it("takes an action plan with ID and Objective columns for an action plan, not for GRF pledges", async () => {
    writeFileSync(f("plan_with_ids.csv"), csvText([
      ["ID", "Objective", "Sub-item", "Action", "Responsible", "Deadline", "Status"],
      ["1", "Better coordination", "1.1", "Monthly meetings with NNGOs", "Coordinator", "2025-06-30", "Ongoing"],
      ["2", "Information management", "2.1", "Publish the 5W dashboard", "IMO", "2025-09-30", "Not started"]
    ]));
    await withMemory(async (w) => {
      const report = await ingestFiles(w.conn, [f("plan_with_ids.csv")], { config });
      expect(report.files[0]).toMatchObject({ kind: "ccpm-actions", status: "loaded", rowsRead: 2, rowsAccepted: 2 });
      // an objectives tracker with an ID column is no pledge export either: ID and Objective alone are too little
      writeFileSync(f("objectives.csv"), csvText([["ID", "Objective", "Responsible", "Status"], ["1", "Better coordination", "Coordinator", "Ongoing"]]));
      const other = await ingestFiles(w.conn, [f("objectives.csv")], { config });
      expect(other.files[0]!.kind).not.toBe("pledges");
      expect(await rows(w.conn, "SELECT count(*)::INTEGER AS n FROM pledges")).toEqual([{ n: 0 }]);
    });
  });

  it("reads an operation's own questionnaire with a scale of its own, and stops on a questionnaire line that is wrong", async () => {
    writeFileSync(f("my_questionnaire.csv"), [
      "question_code,sub_item,function,question_en,question_fr,answer_scale",
      "1.1.1,1.1,1,How satisfied are you with cluster meetings?,Êtes-vous satisfait des réunions du cluster ?,satisfaction",
      "1.1.2,1.1,1,Does the cluster hold meetings?,Le cluster tient-il des réunions ?,yes_no"
    ].join("\n"));
    const scales = { satisfaction: [
      { code: "very_satisfied", en: "Very satisfied", fr: "Très satisfait", value: 1 },
      { code: "satisfied", en: "Satisfied", fr: "Satisfait", value: 0.75 },
      { code: "dissatisfied", en: "Dissatisfied", fr: "Insatisfait", value: 0.25 },
      { code: "no_opinion", en: "No opinion", fr: "Sans opinion", value: null }
    ] };
    const own = testConfig({ ccpm: { questionnaire: f("my_questionnaire.csv"), scales, round: "2025" } });
    writeFileSync(f("own_survey.csv"), csvText([["Respondent type", "Organisation type", "1.1.1 Satisfaction", "1.1.2 Meetings"], ["Partner", "INGO", "Satisfied", "Yes"], ["Partner", "UN", "Sans opinion", "No"], ["Partner", "UN", "Très satisfait", "Oui"]]));
    await withMemory(async (w) => {
      const report = await ingestFiles(w.conn, [f("own_survey.csv")], { config: own });
      expect(report.files[0]).toMatchObject({ kind: "ccpm", rowsAccepted: 3 });
      expect(await rows(w.conn, `SELECT answer, answer_value, answer_status FROM ccpm_responses WHERE question_code = '1.1.1' ORDER BY row_number`)).toEqual([
        { answer: "satisfied", answer_value: 0.75, answer_status: "scored" },
        { answer: "no_opinion", answer_value: null, answer_status: "excluded" },
        { answer: "very_satisfied", answer_value: 1, answer_status: "scored" }
      ]);
    });
    writeFileSync(f("bad_questionnaire.csv"), "question_code,sub_item,function,question_en,answer_scale\n1.1.1,1.1,1,A question?,stars\n");
    await withMemory(async (w) => {
      const bad = testConfig({ ccpm: { questionnaire: f("bad_questionnaire.csv"), round: "2025" } });
      const report = await ingestFiles(w.conn, [f("own_survey.csv")], { config: bad });
      expect(report.files[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/bad_questionnaire\.csv, line 2: unknown answer scale stars/) });
      expect(await rows(w.conn, `SELECT count(*)::INTEGER AS n FROM ccpm_responses`)).toEqual([{ n: 0 }]);
    });
  });

  it("replaces the answers of an earlier version of the same export", async () => {
    await withMemory(async (w) => {
      await ingestFiles(w.conn, [f("ccpm_partners.csv")], { config });
      writeFileSync(f("ccpm_partners.csv"), csvText(ENGLISH.slice(0, 3)));
      const report = await ingestFiles(w.conn, [f("ccpm_partners.csv")], { config });
      expect(report.files[0]!.status).toBe("replaced");
      expect(await rows(w.conn, `SELECT count(DISTINCT respondent_id)::INTEGER AS n FROM ccpm_responses`)).toEqual([{ n: 2 }]);
      expect(await rows(w.conn, `SELECT count(DISTINCT file_hash)::INTEGER AS n FROM ccpm_questions`)).toEqual([{ n: 1 }]);
      writeFileSync(f("ccpm_partners.csv"), csvText(ENGLISH));
    });
  });
});
