// CCPM survey exports: one row per respondent, one column per question (headed by its code or its English or French
// text), answers as the scale's labels in English or French → ccpm_responses, one row per respondent × question.
// Respondents stay anonymous: a surrogate id (hash of file and row) and the organisation type are all that is kept.
import { z } from "zod";
import { category, text } from "../fields.ts";
import { normalise } from "../normalise.ts";
import { insertSheetIssues } from "../validate.ts";
import { BUILTIN_SCALES, questionnairePath, readQuestionnaire, scalesOf, type Question, type ScaleAnswer } from "../ccpm-questionnaire.ts";
import { join } from "node:path";
import { columnsOf, ident, literal } from "../../warehouse/sql.ts";
import { UserError } from "../../warehouse/errors.ts";
import { PROJECT_ROOT } from "../../warehouse/project-root.ts";
import type { ColumnInfo } from "../headers.ts";
import type { KindDefinition, SheetContext } from "./kind.ts";
import { ORG_TYPES } from "./vocabulary.ts";

export const ROLES = {
  partner: ["partner", "partenaire", "cluster partner", "partenaire du cluster", "member", "membre", "partner organisation", "organisation partenaire"],
  coordinator: ["coordinator", "coordinateur", "coordinatrice", "coordonnateur", "coordonnatrice", "cluster coordinator", "coordinateur du cluster", "co coordinator", "co coordinateur", "co lead", "co facilitator", "sub national coordinator", "coordinateur sous national"]
};

export const CcpmRow = z.object({
  round: text({ aliases: ["round", "year", "annee", "ccpm round", "survey round", "cycle ccpm", "exercice ccpm"], hxl: ["#date+year"] }),
  respondent_role: category(ROLES, { required: true, aliases: ["respondent type", "type de repondant", "type of respondent", "respondent role", "role du repondant", "profil du repondant", "vous etes"] }),
  org_type: category(ORG_TYPES, { open: true, aliases: ["organisation type", "type d organisation", "type of organisation", "type de l organisation", "type de structure", "categorie d organisation"], hxl: ["#org+type"] }),
  respondent_id: text({ aliases: ["respondent id", "response id", "id du repondant", "submission id", "id de reponse", "id de soumission", "uuid"] })
});

const KNOWN_ORG_TYPES = Object.keys(ORG_TYPES);

/** A header starting with a question code: "1.1.2", "Q1.1.2", "1.1.2. Has the cluster…". */
const CODE_HEADER = /^\s*(?:q(?:uestion)?\s*)?(\d+(?:\.\d+){1,3})(?=$|[\s.:)\]–-])/i;

/** Survey tools cut long question texts: a header this long that starts a question's text is that question. */
const MIN_PREFIX = 25;

/** JSON pointer to a key of the row's `extra` object (RFC 6901 escapes). */
const pointer = (key: string) => `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;

/** The question a column header names, by code or by text; null when none. */
export function matchQuestion(header: string, questions: Question[]): { question: Question | null; code: string | null } {
  const code = CODE_HEADER.exec(header)?.[1] ?? null;
  if (code) return { question: questions.find((q) => q.question_code === code) ?? null, code };
  const h = normalise(header);
  if (!h) return { question: null, code: null };
  for (const q of questions) {
    for (const t of [q.question_en, q.question_fr]) {
      const n = t ? normalise(t) : "";
      if (!n) continue;
      if (h === n || (h.length >= MIN_PREFIX && n.startsWith(h)) || (n.length >= MIN_PREFIX && h.startsWith(n))) return { question: q, code: null };
    }
  }
  return { question: null, code: null };
}

let bundled: Question[] | undefined;
/** The bundled standard questionnaire: only to recognise a survey export among other files, never to read one. */
function bundledQuestions(): Question[] {
  try {
    bundled ??= readQuestionnaire(join(PROJECT_ROOT, "data", "ccpm", "questionnaire.csv"), BUILTIN_SCALES);
  } catch {
    bundled = [];
  }
  return bundled;
}

/**
 * Question columns as the kind's value columns: they make a survey export score as CCPM against other kinds whose
 * aliases a question's words happen to contain ("objectives", "partners"), and they are read from their value
 * dictionaries in prepare. A header starting with a code (1.1.2) or a question of the standard questionnaire.
 */
export function questionColumns(columns: ColumnInfo[]): { name: string; column: number }[] {
  const standard = bundledQuestions();
  return columns
    .filter((c) => c.header && (CODE_HEADER.test(c.header) || matchQuestion(c.header, standard).question))
    .map((c) => ({ name: `${QUESTION_FIELD}${c.index}`, column: c.index }));
}

const QUESTION_FIELD = "ccpm_c";

/** Columns that name the respondent's organisation or person: never stored, and said so. */
const IDENTITY = /^(organisation|organisation name|name of organisation|nom de l organisation|nom organisation|partner|partner name|partenaire|nom du partenaire|agency|agence|structure|respondent|repondant|name|nom)$/;

function labelRows(scales: Record<string, ScaleAnswer[]>): string {
  const rows: string[] = [];
  for (const [scale, answers] of Object.entries(scales)) {
    const seen = new Set<string>();
    for (const a of answers) {
      for (const [label, language] of [[a.en, "en"], [a.fr, "fr"], [a.code, null], ...a.synonyms.map((s) => [s, null])] as [string | undefined, string | null][]) {
        const n = label ? normalise(label) : "";
        if (!n || seen.has(n)) continue;
        seen.add(n);
        rows.push(`(${literal(scale)}, ${literal(n)}, ${literal(a.code)}, ${literal(a.en)}, ${a.value === null ? "NULL::DOUBLE" : literal(a.value)}, ${literal(language)})`);
      }
    }
  }
  return rows.join(", ");
}

function scaleWords(answers: ScaleAnswer[]): string {
  return answers.map((a) => (a.fr ? `${a.en}/${a.fr}` : a.en)).join(", ");
}

async function prepare(ctx: SheetContext): Promise<void> {
  const { conn, config } = ctx;
  const path = questionnairePath(config);
  const scales = scalesOf(config);
  const questions = readQuestionnaire(path, scales);
  // the round: the file's Year/Année/round column, else --round (ccpm.round), else the year in the file name
  const fallback = config.ccpm?.round ?? (ctx.fileYear === null ? null : String(ctx.fileYear));
  await conn.run(`UPDATE v SET round = CASE WHEN regexp_full_match(trim(round), '\\d{4}(\\.0+)?') THEN left(trim(round), 4) ELSE nullif(trim(round), '') END`);
  if (fallback !== null) {
    const filled = Number((await conn.run(`UPDATE v SET round = ${literal(fallback)} WHERE round IS NULL`)).rowsChanged);
    if (filled) ctx.issue({ severity: "info", rule: "ccpm-round", reason: `round ${fallback} taken from ${config.ccpm?.round ? "--round" : "the file name"} for ${filled} respondent(s) without a Year/Année/round value` });
  }

  // which column is which question: question columns of the standard questionnaire are value columns of the
  // sheet (questionColumns), other columns are in each row's `extra` object, by header
  const valueColumns = (await columnsOf(conn, "v", QUESTION_FIELD)).map((name) => ({ name, index: Number(name.slice(QUESTION_FIELD.length)) }));
  const extraKeys = (await conn.runAndReadAll(`SELECT DISTINCT unnest(json_keys(extra)) AS k FROM v WHERE extra IS NOT NULL`)).getRows().map((r) => String(r[0]));
  const sources = [
    ...valueColumns.map((c) => ({ key: ctx.columns[c.index]?.header || `column ${c.index + 1}`, sql: `(SELECT t${c.index} FROM v_d${c.index} WHERE id${c.index} = v.${ident(`r_${c.name}`)})` })),
    // cleaned as value columns are (pa_clean): "N/A", "-", "#N/A" are no answer in either, "Not applicable" is an answer
    ...extraKeys.map((key) => ({ key, sql: `pa_clean(json_extract_string(v.extra, ${literal(pointer(key))}))` }))
  ];
  const byCode = new Map<string, { key: string; sql: string }>();
  for (const source of sources) {
    const key = source.key;
    const header = key.replace(/'+$/, "");
    const { question, code } = matchQuestion(header, questions);
    if (question) {
      if (byCode.has(question.question_code)) {
        ctx.issue({ column: key, severity: "warning", rule: "ccpm-question-twice", reason: `column matches question ${question.question_code}, already read from column '${byCode.get(question.question_code)!.key}'; not stored` });
      } else byCode.set(question.question_code, source);
    } else if (code) {
      ctx.issue({ column: key, severity: "warning", rule: "ccpm-unknown-question", reason: `question ${code} is not in the questionnaire (${path}); column not stored` });
    } else if (IDENTITY.test(normalise(header))) {
      ctx.issue({ column: key, severity: "info", rule: "ccpm-identity", reason: `column names the respondent or their organisation; not stored (CCPM answers are anonymous, only the organisation type is kept)` });
    } else {
      ctx.issue({ column: key, severity: "info", rule: "ccpm-unmatched-column", reason: `column matches no question of the questionnaire (${path}); not stored` });
    }
  }
  if (byCode.size === 0) {
    throw new UserError(`${ctx.fileName}: no column matches a question of the CCPM questionnaire (${path}): headers must start with the question code (1.1.2) or be its English or French text`);
  }
  const roles = (await conn.runAndReadAll(`SELECT DISTINCT respondent_role FROM v WHERE respondent_role IS NOT NULL`)).getRows().map((r) => String(r[0]));
  // questions asked of a role the file has no respondent of (partner-only questions in the coordinators' export) are not missing
  const missing = questions.filter((q) => !byCode.has(q.question_code) && (q.asked_of === "all" || roles.includes(q.asked_of)));
  if (missing.length) {
    const items = [...new Set(missing.map((q) => q.sub_item))];
    ctx.issue({
      severity: "warning",
      rule: "ccpm-missing-question",
      raw: missing.map((q) => q.question_code).join(", "),
      reason: `${missing.length} question${missing.length === 1 ? "" : "s"} of the questionnaire ${missing.length === 1 ? "is" : "are"} not in the export (${missing.map((q) => q.question_code).join(", ")}); sub-item${items.length === 1 ? "" : "s"} ${items.join(", ")} ${items.length === 1 ? "is" : "are"} scored without ${missing.length === 1 ? "it" : "them"}`
    });
  }

  const asked = questions.filter((q) => byCode.has(q.question_code));
  await conn.run(`CREATE OR REPLACE TEMP TABLE ccpm_labels AS SELECT * FROM (VALUES ${labelRows(scales)}) t(scale, norm, code, label_en, value, language)`);
  // one row per non-blank answer, with the scale's reading of its label
  await conn.run(`CREATE OR REPLACE TEMP TABLE ccpm_long AS
    WITH a AS (
      ${asked
        .map((q) => {
          const source = byCode.get(q.question_code)!;
          return `SELECT v._row, ${literal(q.question_code)} AS question_code, ${literal(q.sub_item)} AS sub_item, ${literal(q.function)} AS "function",
                 ${literal(q.answer_scale)} AS answer_scale, ${literal(source.key)} AS column_key, nullif(trim(${source.sql}), '') AS raw FROM v`;
        })
        .join("\n      UNION ALL ")}
    )
    SELECT a.*, l.code AS answer, coalesce(l.label_en, a.raw) AS answer_label, l.value AS answer_value,
           CASE WHEN l.code IS NULL THEN 'unrecognised' WHEN l.value IS NULL THEN 'excluded' ELSE 'scored' END AS answer_status,
           l.language
    FROM a LEFT JOIN ccpm_labels l ON l.scale = a.answer_scale AND l.norm = pa_norm(a.raw)
    WHERE a.raw IS NOT NULL`);
  // every answer of a row in one text: two rows alike in all of them (and role, type, round, other columns) are one respondent twice
  await conn.run(`CREATE OR REPLACE TEMP TABLE ccpm_sig AS SELECT _row, string_agg(question_code || '=' || raw, '|' ORDER BY question_code) AS answers, count(*) AS n FROM ccpm_long GROUP BY _row`);
  // an answer the scale does not know: listed with its question, kept as typed, not scored (the row stays)
  for (const [scale, answers] of Object.entries(scales)) {
    await conn.run(`${insertSheetIssues({ runId: ctx.runId, fileHash: ctx.fileHash, fileName: ctx.fileName, sheet: ctx.sheet })} _row, column_key, left(raw, 200),
        'warning', 'ccpm-unknown-answer',
        'question ' || question_code || ': ''' || left(raw, 60) || ''' is not an answer of scale ${scale} (expected ${scaleWords(answers).replace(/'/g, "''")}); stored as typed, not scored', NULL
      FROM ccpm_long WHERE answer_status = 'unrecognised' AND answer_scale = ${literal(scale)}`);
  }
}

async function insert(ctx: SheetContext): Promise<number> {
  const { conn } = ctx;
  const accepted = `FROM ccpm_long l JOIN v ON v._row = l._row WHERE NOT EXISTS (SELECT 1 FROM rej WHERE rej._row = v._row)`;
  await conn.run(`INSERT INTO ccpm_responses
    SELECT v.round,
           substr(md5(${literal(ctx.fileHash)} || '|' || ${literal(ctx.sheet ?? "")} || '|' || coalesce(v.respondent_id, '') || '|' || v._row), 1, 12),
           v.respondent_role,
           CASE WHEN v.org_type IN (${KNOWN_ORG_TYPES.map(literal).join(", ")}) THEN v.org_type WHEN v.org_type IS NULL THEN NULL ELSE 'Other' END,
           l.question_code, l.sub_item, l."function", l.answer_scale, l.answer, l.answer_label, l.answer_value, l.answer_status, l.language,
           ${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, v._row
    ${accepted}`);
  const respondents = Number((await conn.runAndReadAll(`SELECT count(DISTINCT l._row) ${accepted}`)).getRows()[0]![0]);
  // the questionnaire this file was read with, once per round it holds (removed with the file's rows)
  await conn.run(`DELETE FROM ccpm_questions WHERE file_hash = ${literal(ctx.fileHash)} OR file_hash NOT IN (SELECT file_hash FROM ingest_files WHERE status = 'loaded')`);
  const questions = readQuestionnaire(questionnairePath(ctx.config), scalesOf(ctx.config));
  const rounds = (await conn.runAndReadAll(`SELECT DISTINCT v.round ${accepted}`)).getRows().map((r) => String(r[0]));
  for (const round of rounds) {
    await conn.run(`INSERT INTO ccpm_questions VALUES ${questions
      .map((q) => `(${[round, q.question_code, q.sub_item, q.function, q.function_en, q.function_fr, q.sub_item_en, q.sub_item_fr, q.question_en, q.question_fr, q.answer_scale, q.asked_of].map((x) => literal(x ?? null)).join(", ")}, ${q.position}, ${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, ${q.line})`)
      .join(", ")}`);
  }
  await conn.run(`DROP TABLE IF EXISTS ccpm_long; DROP TABLE IF EXISTS ccpm_sig; DROP TABLE IF EXISTS ccpm_labels`);
  return respondents;
}

/** Earlier rows with the same answers, role, organisation type, round and other columns as the row of v at hand. */
const SAME_ANSWERS = `SELECT w._row FROM v w JOIN ccpm_sig ws ON ws._row = w._row JOIN ccpm_sig vs ON vs._row = v._row
  WHERE w._row < v._row AND ws.answers = vs.answers AND w.extra::VARCHAR IS NOT DISTINCT FROM v.extra::VARCHAR
    AND w.respondent_role IS NOT DISTINCT FROM v.respondent_role AND w.org_type IS NOT DISTINCT FROM v.org_type AND w.round IS NOT DISTINCT FROM v.round`;

export const ccpm: KindDefinition = {
  name: "ccpm",
  label: "CCPM survey",
  table: "ccpm_responses",
  schema: CcpmRow,
  signature: [["respondent_role", "org_type"], ["respondent_role", "round"], ["respondent_role", "respondent_id"]],
  dynamicFields: questionColumns,
  prepare,
  checks: () => [
    { rule: "ccpm-no-round", severity: "error", when: "round IS NULL", reason: `'no round: the file has no Year/Année/round column or it is blank, and neither --round nor a year in the file name says which'` },
    {
      rule: "ccpm-org-type",
      severity: "warning",
      field: "org_type",
      when: `org_type IS NOT NULL AND org_type NOT IN (${KNOWN_ORG_TYPES.map(literal).join(", ")})`,
      reason: `'organisation type ''' || left(org_type, 60) || ''' is not one of ${KNOWN_ORG_TYPES.join(", ")}; stored as Other'`
    },
    {
      rule: "ccpm-same-respondent",
      severity: "error",
      field: "respondent_id",
      when: `respondent_id IS NOT NULL AND EXISTS (SELECT 1 FROM v w WHERE w.respondent_id = v.respondent_id AND w.round IS NOT DISTINCT FROM v.round AND w._row < v._row)`,
      reason: `'the same respondent twice: respondent id already answered at row ' || (SELECT min(w._row) FROM v w WHERE w.respondent_id = v.respondent_id AND w.round IS NOT DISTINCT FROM v.round) || ' (the first answers are kept)'`
    },
    {
      rule: "ccpm-same-answers",
      severity: "error",
      when: `(SELECT n FROM ccpm_sig s WHERE s._row = v._row) >= 5 AND EXISTS (${SAME_ANSWERS})`,
      reason: `'the same respondent twice: every answer, the role and the organisation type repeat row ' || (SELECT min(w._row) FROM (${SAME_ANSWERS}) w) || ' (the first is kept)'`
    },
    { rule: "ccpm-no-answers", severity: "skipped", when: `NOT EXISTS (SELECT 1 FROM ccpm_long l WHERE l._row = v._row)`, reason: `'no answer to any question of the questionnaire; not loaded'` }
  ],
  insert
};
