// CCPM scoring on hand-computed answers: respondent means, medians (odd and even), excluded "Don't know",
// band boundaries, the minimum-respondents rule, withheld sub-items outside their function, the previous round.
import { describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openWarehouse, queryRows } from "../warehouse/db.ts";
import { literal } from "../warehouse/sql.ts";
import { runPipelines } from "../pipelines/run.ts";
import { testConfig } from "./helpers/warehouse.ts";

const VALUE: Record<string, number | null> = { yes: 1, no: 0, dont_know: null, never: 0, rarely: 1 / 3, fairly_often: 2 / 3, very_regularly: 1 };

/** round → respondent → question → answer code */
type Answers = Record<string, Record<string, Record<string, string>>>;

const QUESTIONS: [string, string, string][] = [
  ["1.1.1", "1.1", "yes_no"],
  ["1.1.2", "1.1", "frequency"],
  ["1.2.1", "1.2", "yes_no"],
  ["1.2.2", "1.2", "frequency"],
  ["2.1.1", "2.1", "yes_no"],
  ["2.2.1", "2.2", "yes_no"]
];

const ANSWERS: Answers = {
  "2024": {
    P1: { "1.1.1": "yes" },
    P2: { "1.1.1": "yes" },
    P3: { "1.1.1": "yes" },
    P4: { "1.1.1": "yes" }
  },
  "2025": {
    // 1.1: P1 (1 + 2/3)/2 = 5/6; P2 (0 + 1)/2 = 1/2; P3 1 (Don't know left out); P4 1/3 (Don't know left out)
    // 1.2: P1 5/6; P2 (1 + 1/3)/2 = 2/3; P3 1; P4 (0 + 1)/2 = 1/2
    // 2.1: P1 1, P2 1, P3 0, P4 0 → median 1/2; 2.2: only P1 and P2 → withheld
    P1: { "1.1.1": "yes", "1.1.2": "fairly_often", "1.2.1": "yes", "1.2.2": "fairly_often", "2.1.1": "yes", "2.2.1": "yes" },
    P2: { "1.1.1": "no", "1.1.2": "very_regularly", "1.2.1": "yes", "1.2.2": "rarely", "2.1.1": "yes", "2.2.1": "yes" },
    P3: { "1.1.1": "yes", "1.1.2": "dont_know", "1.2.1": "yes", "1.2.2": "very_regularly", "2.1.1": "no" },
    P4: { "1.1.1": "dont_know", "1.1.2": "rarely", "1.2.1": "no", "1.2.2": "very_regularly", "2.1.1": "no" },
    // the coordinator: 1.1 5/6, 1.2 0, 2.1 only Don't know
    C1: { "1.1.1": "yes", "1.1.2": "fairly_often", "1.2.1": "no", "1.2.2": "never", "2.1.1": "dont_know" }
  }
};

async function seed(conn: DuckDBConnection): Promise<void> {
  await conn.run(`INSERT INTO ingest_files VALUES ('h', 'ccpm.csv', NULL, 'ccpm', 'csv', 'r', TIMESTAMP '2025-06-01', 9, 9, 0, 0, '[]', 'loaded')`);
  let row = 1;
  for (const round of Object.keys(ANSWERS)) {
    for (const [i, [code, sub, scale]] of QUESTIONS.entries()) {
      await conn.run(`INSERT INTO ccpm_questions (round, question_code, sub_item, "function", sub_item_en, function_en, question_en, answer_scale, asked_of, position, file_hash, row_number)
        VALUES (${literal(round)}, ${literal(code)}, ${literal(sub)}, ${literal(sub[0]!)}, ${literal(`Sub-item ${sub}`)}, ${literal(`Function ${sub[0]}`)}, ${literal(`Question ${code}`)}, ${literal(scale)}, 'all', ${i + 1}, 'h', ${i + 2})`);
    }
    for (const [respondent, answers] of Object.entries(ANSWERS[round]!)) {
      row++;
      for (const [code, answer] of Object.entries(answers)) {
        const [, sub, scale] = QUESTIONS.find((q) => q[0] === code)!;
        const value = VALUE[answer]!;
        await conn.run(`INSERT INTO ccpm_responses VALUES (${literal(round)}, ${literal(`${round}-${respondent}`)}, ${literal(respondent.startsWith("C") ? "coordinator" : "partner")}, 'INGO',
          ${literal(code)}, ${literal(sub)}, ${literal(sub[0]!)}, ${literal(scale)}, ${literal(answer)}, ${literal(answer)}, ${value === null ? "NULL" : literal(value)},
          ${literal(value === null ? "excluded" : "scored")}, 'en', 'h', NULL, ${row})`);
      }
    }
  }
}

async function scores(over: Record<string, unknown> = {}): Promise<Map<string, Record<string, unknown>>> {
  const w = await openWarehouse(":memory:");
  try {
    await seed(w.conn);
    await runPipelines(w.conn, testConfig({ ccpm: over }));
    const rows = await queryRows(w.conn, `SELECT * FROM ccpm_scores`);
    return new Map(rows.map((r) => [`${r.round} ${r.item} ${r.respondent_group}`, r]));
  } finally {
    w.close();
  }
}

const pick = (r: Record<string, unknown> | undefined) =>
  r && { score_pct: r.score_pct, band: r.band, n_respondents: Number(r.n_respondents), n_answers: Number(r.n_answers), status: r.status };

describe("ccpm_scores with at least 4 respondents per item and group", () => {
  test("a sub-item's score is the median over respondents of their mean, without Don't know answers", async () => {
    const s = await scores({ minRespondents: 4 });
    // all five: 1/3, 1/2, 5/6, 5/6, 1 → 5/6
    expect(pick(s.get("2025 1.1 all"))).toEqual({ score_pct: 83.3, band: "Good", n_respondents: 5, n_answers: 8, status: "scored" });
    // the four partners, an even number: (1/2 + 5/6) / 2 = 2/3
    expect(pick(s.get("2025 1.1 partner"))).toEqual({ score_pct: 66.7, band: "Satisfactory", n_respondents: 4, n_answers: 6, status: "scored" });
    expect(s.get("2025 1.1 partner")!.band_words).toBe("Satisfactory, needs minor improvement");
  });

  test("a score of exactly 75% is Satisfactory and exactly 50% Unsatisfactory (half-open bands)", async () => {
    const s = await scores({ minRespondents: 4 });
    // partners 1.2: 1/2, 2/3, 5/6, 1 → (2/3 + 5/6) / 2 = 3/4
    expect(pick(s.get("2025 1.2 partner"))).toEqual({ score_pct: 75, band: "Satisfactory", n_respondents: 4, n_answers: 8, status: "scored" });
    // 2.1: 0, 0, 1, 1 (the coordinator only said Don't know) → 1/2
    expect(pick(s.get("2025 2.1 all"))).toEqual({ score_pct: 50, band: "Unsatisfactory", n_respondents: 4, n_answers: 4, status: "scored" });
    // all five on 1.2: 0, 1/2, 2/3, 5/6, 1 → 2/3
    expect(pick(s.get("2025 1.2 all"))).toMatchObject({ score_pct: 66.7, band: "Satisfactory" });
  });

  test("a function's score is the median of its scored sub-items; a withheld sub-item stays out", async () => {
    const s = await scores({ minRespondents: 4 });
    // function 1, all: 1.1 5/6 and 1.2 2/3 → 3/4
    expect(pick(s.get("2025 1 all"))).toEqual({ score_pct: 75, band: "Satisfactory", n_respondents: 5, n_answers: 18, status: "scored" });
    // partners: 2/3 and 3/4 → 17/24
    expect(s.get("2025 1 partner")!.score_pct).toBe(70.8);
    // 2.2 has two respondents: withheld, so function 2 is 2.1's 1/2, not the median of 1/2 and 1
    expect(pick(s.get("2025 2.2 all"))).toEqual({ score_pct: null, band: null, n_respondents: 2, n_answers: 2, status: "insufficient responses" });
    expect(s.get("2025 2.2 all")!.reason).toBe("2 respondents with a scored answer; at least 4 needed");
    expect(pick(s.get("2025 2 all"))).toEqual({ score_pct: 50, band: "Unsatisfactory", n_respondents: 4, n_answers: 6, status: "scored" });
    expect(Number(s.get("2025 2 all")!.n_sub_items)).toBe(1);
  });

  test("too few coordinators: their scores are withheld with the reason, and a group with only Don't know has 0 respondents", async () => {
    const s = await scores({ minRespondents: 4 });
    expect(pick(s.get("2025 1.1 coordinator"))).toEqual({ score_pct: null, band: null, n_respondents: 1, n_answers: 2, status: "insufficient responses" });
    expect(s.get("2025 1.1 coordinator")!.reason).toBe("1 respondent with a scored answer; at least 4 needed");
    expect(pick(s.get("2025 2.1 coordinator"))).toMatchObject({ n_respondents: 0, n_answers: 0, status: "insufficient responses" });
    expect(s.get("2025 1 coordinator")!.band).toBeNull();
  });

  test("the previous round's score and the change are given per item and group", async () => {
    const s = await scores({ minRespondents: 4 });
    const r = s.get("2025 1.1 all")!;
    expect([r.previous_round, r.previous_score_pct, r.change_pct]).toEqual(["2024", 100, -16.7]);
    // 1.2 was not asked in 2024: no previous score
    expect(s.get("2025 1.2 all")!.previous_score_pct).toBeNull();
    expect(s.get("2024 1.1 all")!.previous_round).toBeNull();
  });

  test("the mean of sub-items when the config says so", async () => {
    const s = await scores({ minRespondents: 2, functionAggregate: "mean" });
    // function 2, all: 2.1 1/2 and now 2.2 (P1, P2 both Yes) 1 → mean 3/4 (the median of two is the same)
    expect(s.get("2025 2 all")!.score_pct).toBe(75);
    expect(String(s.get("2025 2 all")!.method)).toContain("function = mean");
  });
});

describe("ccpm_scores with the default minimum of 5 respondents", () => {
  test("five respondents are enough, four partners are not", async () => {
    const s = await scores();
    expect(s.get("2025 1.1 all")!.band).toBe("Good");
    expect(pick(s.get("2025 1.1 partner"))).toMatchObject({ score_pct: null, status: "insufficient responses", n_respondents: 4 });
    expect(s.get("2025 1.1 partner")!.reason).toBe("4 respondents with a scored answer; at least 5 needed");
    // 2024: four respondents only
    expect(s.get("2024 1.1 all")!.band).toBeNull();
    expect(s.get("2025 1.1 all")!.previous_score_pct).toBeNull();
  });
});
