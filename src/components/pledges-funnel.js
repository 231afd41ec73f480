// The pledge status funnel: pledges → with a progress update → in progress or fulfilled → fulfilled, as bars
// with the count and the share of all pledges shown.
import * as Plot from "@observablehq/plot";
import {funnel, STAGE_COLORS} from "./pledges-filter.js";

export function pledgeFunnel(rows, {width}) {
  const steps = funnel(rows);
  const total = steps[0].pledges;
  const label = (d) => `${d.pledges}${total && d.step !== "Pledges" ? ` (${Math.round((100 * d.pledges) / total)}%)` : ""}`;
  return Plot.plot({
    width: Math.max(width, 320),
    height: 200,
    marginLeft: 170,
    marginRight: 70,
    x: {label: "Pledges", grid: true, domain: [0, Math.max(1, total)]},
    y: {label: null, domain: steps.map((d) => d.step)},
    color: {domain: Object.keys(STAGE_COLORS), range: Object.values(STAGE_COLORS)},
    marks: [
      Plot.barX(steps, {y: "step", x: "pledges", fill: "stage", tip: true}),
      Plot.text(steps, {y: "step", x: "pledges", text: label, dx: 6, textAnchor: "start"}),
      Plot.ruleX([0])
    ]
  });
}

/** Pledges per value of one dimension of pledge_counts (one export), as horizontal bars. */
export function pledgeCountBars(rows, {width, label = (v) => v}) {
  const data = [...rows].sort((a, b) => b.pledges - a.pledges);
  return Plot.plot({
    width: Math.max(width, 320),
    height: Math.max(120, 26 * data.length + 40),
    marginLeft: Math.min(260, width / 2),
    x: {label: "Pledges", grid: true, tickFormat: "d"},
    y: {label: null, domain: data.map((d) => d.value), tickFormat: (d) => {
      const s = String(label(d));
      return s.length > 40 ? s.slice(0, 39) + "…" : s;
    }},
    marks: [Plot.barX(data, {y: "value", x: "pledges", fill: "#4269d0", tip: true}), Plot.ruleX([0])]
  });
}
