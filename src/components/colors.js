// Colours with a meaning: JIAF severity phases (HNO convention) and the grey of "no data".
export const NO_DATA = "#c8c8c8";

/** JIAF phases: 1 very light, 2 yellow, 3 orange, 4 red, 5 dark red. */
export const SEVERITY_COLORS = {1: "#fcf6dc", 2: "#f7d64a", 3: "#f29130", 4: "#d7301f", 5: "#7f0000"};
export const SEVERITY_LABELS = {1: "1 None/minimal", 2: "2 Stress", 3: "3 Severe", 4: "4 Extreme", 5: "5 Catastrophic"};

/** Severity → colour; anything but an integer phase 1–5 is "no data" (never a misleading colour). */
export function severityColor(severity) {
  const s = typeof severity === "number" ? Math.round(severity) : NaN;
  return SEVERITY_COLORS[s] ?? NO_DATA;
}
