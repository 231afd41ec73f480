// CCPM performance bands: colour and words always together (a colour alone says nothing to a colour-blind reader
// or on a black-and-white print), the score table per function and sub-item, and the change since the last round.
import * as Plot from "@observablehq/plot";
import {NO_DATA} from "./colors.js";
import {el} from "./dom.js";

/** The four statuses of the CCPM guidance (UNICEF CCPM site), best first; text colour chosen for contrast. */
export const BANDS = [
  {band: "Good", words: "Good", color: "#1a9850", text: "#ffffff"},
  {band: "Satisfactory", words: "Satisfactory, needs minor improvement", color: "#fee08b", text: "#222222"},
  {band: "Unsatisfactory", words: "Unsatisfactory, needs major improvement", color: "#f46d43", text: "#222222"},
  {band: "Weak", words: "Weak", color: "#d73027", text: "#ffffff"}
];
const BY_BAND = new Map(BANDS.map((b) => [b.band, b]));
export const WITHHELD = {band: null, words: "insufficient responses", color: NO_DATA, text: "#222222"};

export const GROUPS = [
  {key: "all", label: "All respondents"},
  {key: "partner", label: "Partners"},
  {key: "coordinator", label: "Coordinators"}
];

export function bandOf(band) {
  return BY_BAND.get(band) ?? WITHHELD;
}

/** "■ Satisfactory, needs minor improvement" as one element. */
export function bandChip(band, {short = false} = {}) {
  const b = bandOf(band);
  return el("span", {class: "ccpm-band", "data-band": b.band ?? "withheld", style: {background: b.color, color: b.text}}, short ? b.band ?? "insufficient responses" : b.words);
}

const pct = (v) => (typeof v === "number" && Number.isFinite(v) ? `${v.toFixed(1).replace(/\.0$/, "")}%` : "–");
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One score: band chip, percentage, and the response count behind it (or why there is no score). */
export function scoreCell(row) {
  if (!row) return el("td", {class: "ccpm-score none"}, el("span", {class: "muted"}, "not asked"));
  const full = `${plural(Number(row.n_respondents ?? 0), "respondent")} · ${plural(Number(row.n_answers ?? 0), "scored answer")}`;
  const counts = `n = ${row.n_respondents ?? 0} · ${row.n_answers ?? 0} answers`;
  if (row.score_pct === null || row.score_pct === undefined) {
    return el("td", {class: "ccpm-score withheld", title: row.reason ?? ""}, bandChip(null, {short: true}), el("div", {class: "ccpm-why"}, row.reason ?? "insufficient responses"), el("div", {class: "ccpm-n ccpm-brief-only"}, `n = ${row.n_respondents ?? 0}`));
  }
  return el("td", {class: "ccpm-score", title: bandOf(row.band).words}, bandChip(row.band, {short: true}), el("strong", {class: "ccpm-pct"}, pct(row.score_pct)), el("div", {class: "ccpm-n", title: full}, counts));
}

function changeCell(row) {
  if (!row || row.previous_score_pct === null || row.previous_score_pct === undefined) {
    return el("td", {class: "ccpm-change muted"}, row?.previous_round ? "not scored then" : "no earlier round");
  }
  if (row.change_pct === null || row.change_pct === undefined) return el("td", {class: "ccpm-change"}, `${pct(row.previous_score_pct)} → withheld`);
  const c = row.change_pct;
  const arrow = c > 0 ? "▲" : c < 0 ? "▼" : "=";
  return el("td", {class: `ccpm-change ${c > 0 ? "up" : c < 0 ? "down" : ""}`}, el("strong", {}, `${arrow} ${c > 0 ? "+" : ""}${c.toFixed(1)}`), el("div", {class: "ccpm-n"}, `${pct(row.previous_score_pct)} → ${pct(row.score_pct)}`));
}

/**
 * The round's scores, one line per function (bold) and its sub-items under it; all respondents, partners and
 * coordinators side by side, then the change of the all-respondents score since the round before.
 */
export function scoreTable(scores, round) {
  const rows = scores.filter((s) => s.round === round);
  const key = (s) => `${s.level}|${s.item}`;
  const byGroup = new Map(rows.map((s) => [`${key(s)}|${s.respondent_group}`, s]));
  const items = [...new Map(rows.map((s) => [key(s), s])).values()].sort((a, b) => a.position - b.position || (a.level === "function" ? -1 : 1));
  const previous = rows.find((s) => s.previous_round)?.previous_round;
  const head = el("tr", {}, el("th", {}, "Function / sub-item"), GROUPS.map((g) => el("th", {}, g.label)), el("th", {}, previous ? `Change since ${previous}` : "Change"));
  const body = items.map((it) =>
    el(
      "tr",
      {class: it.level === "function" ? "ccpm-function" : "ccpm-sub", "data-item": it.item},
      el("th", {scope: "row"}, el("span", {class: "ccpm-code"}, it.item), " ", it.item_en ?? ""),
      GROUPS.map((g) => scoreCell(byGroup.get(`${key(it)}|${g.key}`))),
      changeCell(byGroup.get(`${key(it)}|all`))
    )
  );
  return el("div", {class: "ccpm-scroll"}, el("table", {class: "ccpm-table"}, el("thead", {}, head), el("tbody", {}, body)));
}

export function bandLegend() {
  return el("div", {class: "ccpm-legend"}, [...BANDS, WITHHELD].map((b) => bandChip(b.band)), el("span", {class: "muted"}, " bands on the score: > 75% Good · > 50% Satisfactory · > 25% Unsatisfactory · otherwise Weak"));
}

/** Each function's score (all respondents) in the round before (hollow) and this round (filled, band colour). */
export function changeChart(scores, round, {width, level = "function"} = {}) {
  const rows = scores.filter((s) => s.round === round && s.respondent_group === "all" && s.level === level);
  const label = (s) => `${s.item} ${(s.item_en ?? "").slice(0, 42)}${(s.item_en ?? "").length > 42 ? "…" : ""}`;
  const data = rows.map((s) => ({...s, label: label(s)}));
  const domain = data.sort((a, b) => a.position - b.position).map((d) => d.label);
  const both = data.filter((d) => d.score_pct !== null && d.previous_score_pct !== null);
  return Plot.plot({
    width,
    height: 40 + 26 * domain.length,
    marginLeft: Math.min(300, width * 0.4),
    x: {domain: [0, 100], label: "Score (%)", grid: true},
    y: {domain, label: null},
    marks: [
      Plot.rectX([{x1: 0, x2: 25, c: "#d73027"}, {x1: 25, x2: 50, c: "#f46d43"}, {x1: 50, x2: 75, c: "#fee08b"}, {x1: 75, x2: 100, c: "#1a9850"}], {x1: "x1", x2: "x2", fill: "c", fillOpacity: 0.12}),
      Plot.arrow(both, {x1: "previous_score_pct", x2: "score_pct", y: "label", stroke: "#555", strokeWidth: 1.2, headLength: 6}),
      Plot.dot(data.filter((d) => d.previous_score_pct !== null), {x: "previous_score_pct", y: "label", r: 4, stroke: "#555", fill: "white", title: (d) => `${d.previous_round}: ${d.previous_score_pct}%`}),
      Plot.dot(data.filter((d) => d.score_pct !== null), {x: "score_pct", y: "label", r: 5.5, fill: (d) => bandOf(d.band).color, stroke: "#222", title: (d) => `${d.round}: ${d.score_pct}% ${bandOf(d.band).words} (${d.n_respondents} respondents)`}),
      Plot.text(data.filter((d) => d.score_pct === null), {x: 0, y: "label", text: () => "insufficient responses", textAnchor: "start", dx: 4, fill: "#666"})
    ]
  });
}
