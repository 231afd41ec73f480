// The answers behind the CCPM scores: per question, the share of each answer in one respondent group, the best
// answer on the left, not-scored ones (Don't know, N/A) in grey at the right.
import * as Plot from "@observablehq/plot";
import {el} from "./dom.js";

/** Scored answers from worst (red) to best (green) by their value; not scored in greys. */
function answerColor(a) {
  if (a.answer_status === "unrecognised") return "#555555";
  if (a.answer_status === "excluded") return a.answer === "na" ? "#bdbdbd" : "#d9d9d9";
  const v = Number(a.answer_value);
  if (v >= 0.99) return "#1a9850";
  if (v >= 0.6) return "#a6d96a";
  if (v >= 0.3) return "#fdae61";
  return "#d73027";
}

/** rows: ccpm-answers of one round and group. */
export function answersChart(rows, {width}) {
  const shown = rows.filter((r) => r.withheld !== "true" && r.share !== null);
  const questions = [...new Map(shown.map((r) => [r.question_code, r])).values()].sort((a, b) => a.position - b.position);
  const label = (r) => {
    const text = r.question_en ?? "";
    return `${r.question_code} ${text.length > 60 ? text.slice(0, 59) + "…" : text}`;
  };
  const labels = new Map(questions.map((q) => [q.question_code, label(q)]));
  const order = [...new Map(shown.map((r) => [r.answer_label, r])).values()].sort((a, b) => {
    const rank = (x) => (x.answer_status === "unrecognised" ? 3 : x.answer_status === "excluded" ? 2 : 1);
    return rank(a) - rank(b) || Number(b.answer_value) - Number(a.answer_value) || String(a.answer_label).localeCompare(String(b.answer_label));
  });
  const data = shown.map((r) => ({...r, label: labels.get(r.question_code), pct: 100 * r.share}));
  if (!data.length) return el("p", {class: "source-note"}, "No answers to show for this group (too few respondents, or none).");
  return Plot.plot({
    width,
    height: 50 + 24 * questions.length,
    marginLeft: Math.min(440, width * 0.48),
    x: {domain: [0, 100], label: "Share of respondents answering (%)", grid: true},
    y: {domain: questions.map((q) => labels.get(q.question_code)), label: null},
    color: {domain: order.map((o) => o.answer_label), range: order.map(answerColor), legend: true},
    marks: [
      Plot.barX(data, Plot.stackX({order: order.map((o) => o.answer_label), x: "pct", y: "label", fill: "answer_label", title: (d) => `${d.question_code} ${d.answer_label}: ${d.n} of ${d.n_question} (${d.pct.toFixed(0)}%)`})),
      Plot.ruleX([0])
    ]
  });
}

/** The questions of the group whose answers are withheld (too few respondents), as one sentence (an empty span when none). */
export function withheldNote(rows, minRespondents) {
  const withheld = [...new Set(rows.filter((r) => r.withheld === "true").map((r) => r.question_code))];
  if (!withheld.length) return el("span");
  return el("p", {class: "source-note"}, `Answers withheld for ${withheld.length} question${withheld.length === 1 ? "" : "s"} (${withheld.join(", ")}): fewer than ${minRespondents} respondents in this group answered.`);
}
