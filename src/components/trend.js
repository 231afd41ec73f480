// People reached per month by AoR (reach_monthly): one line per AoR, the cluster-wide line in black.
import * as Plot from "@observablehq/plot";
import {count} from "./reach-filter.js";

const AOR_ORDER = ["ALL", "GP", "CP", "GBV", "MA", "HLP"];
/** The cluster-wide line in near-black; one categorical colour per AoR. */
const AOR_COLORS = {ALL: "#222222", GP: "#4269d0", CP: "#efb118", GBV: "#ff725c", MA: "#6cc5b0", HLP: "#a463f2"};

/**
 * field: "reached_in_month" (what each month adds: the per-month chart) or "reached" (the figure as of
 * the month, year-to-date for cumulative indicators); the y axis says which.
 */
export function monthlyTrend(rows, {width, aor = "ALL", quarter = null, field = "reached"} = {}) {
  const data = rows
    .filter((r) => count(r[field]) !== null && AOR_ORDER.includes(r.aor) && (aor === "ALL" || r.aor === aor || r.aor === "ALL"))
    .map((r) => ({...r, date: new Date(r.month), reached: r[field]}))
    .filter((r) => !Number.isNaN(+r.date))
    .sort((a, b) => a.date - b.date); // lines join points in data order
  const quarterBand = quarter ? quarterRange(quarter) : null;
  return Plot.plot({
    width: Math.max(width ?? 640, 320), // a transient narrow container must not give negative sizes
    height: 260,
    marginLeft: 60,
    x: {type: "utc", label: null},
    y: {grid: true, label: field === "reached_in_month" ? "People newly reached in the month" : "People reached (year to date)", tickFormat: (d) => (d >= 1000 ? `${+(d / 1000).toPrecision(3)}k` : d), zero: true},
    color: {legend: true, domain: AOR_ORDER.filter((a) => data.some((d) => d.aor === a)), range: AOR_ORDER.filter((a) => data.some((d) => d.aor === a)).map((a) => AOR_COLORS[a])},
    marks: [
      quarterBand ? Plot.rectX([quarterBand], {x1: "start", x2: "end", fill: "currentColor", fillOpacity: 0.06}) : null,
      Plot.lineY(data, {x: "date", y: "reached", stroke: "aor", strokeWidth: (d) => (d.aor === "ALL" ? 2.5 : 1.5), marker: true, tip: {format: {x: (d) => d.toLocaleString("en-GB", {month: "long", year: "numeric", timeZone: "UTC"})}}}),
      Plot.ruleY([0])
    ]
  });
}

/** "2025Q3" → {start: 2025-07-01, end: 2025-10-01} (UTC). */
export function quarterRange(quarter) {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter ?? "");
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]);
  return {start: new Date(Date.UTC(year, 3 * (q - 1), 1)), end: new Date(Date.UTC(year, 3 * q, 1))};
}
