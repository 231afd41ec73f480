// Protection risk levels 1–5 (GPC field ratings) and their trends, for the PAU. A purple scale, never the
// JIAF severity colours: the two are different scales and must not be read as one.
import {NO_DATA} from "./colors.js";

export const RISK_LEVEL_COLORS = {1: "#f2f0f7", 2: "#cbc9e2", 3: "#9e9ac8", 4: "#6a51a3", 5: "#3f007d"};
/** Both GPC label sets (later · earlier): rating files use either. */
export const RISK_LEVEL_LABELS = {1: "1 Very low · Minor", 2: "2 Low · Stressed", 3: "3 Medium · Moderate", 4: "4 High · Severe", 5: "5 Very high · Extreme"};

export function riskLevelColor(level) {
  return RISK_LEVEL_COLORS[level] ?? NO_DATA;
}

export function riskLevelLabel(level) {
  return RISK_LEVEL_LABELS[level] ?? "not rated";
}

const TRENDS = {
  worsening: {arrow: "▲", words: "worsening"},
  improving: {arrow: "▼", words: "improving"},
  stable: {arrow: "▶", words: "stable"},
  new: {arrow: "★", words: "new this quarter"}
};

/** "▲ worsening (3 → 4)"; without a trend: "no trend (no ratings the quarter before)". */
export function trendText(row) {
  const t = TRENDS[row?.trend];
  if (!t) return "– no trend (the quarter before has no ratings)";
  const change = row.previous_level != null && row.previous_level !== row.level ? ` (${row.previous_level} → ${row.level})` : "";
  return `${t.arrow} ${t.words}${change}`;
}

export function trendArrow(trend) {
  return TRENDS[trend]?.arrow ?? "–";
}
