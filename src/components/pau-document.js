// The Protection Analysis Update of one quarter, in the GPC structure (cover, context, key figures, priority
// risks, response and gaps, recommendations by addressee, methodology and sources), from the pipeline tables
// and the analysts' narrative. Pages filter and draw: every figure here is a pipeline row, none computed.
import * as Plot from "@observablehq/plot";
import {el} from "./dom.js";
import {choropleth} from "./choropleth.js";
import {formatCompact, formatCount} from "./format.js";
import {RISK_LEVEL_COLORS, RISK_LEVEL_LABELS, riskLevelColor, riskLevelLabel, trendArrow, trendText} from "./pau-levels.js";
import {missing, narrativeProblems, textBlock} from "./pau-text.js";

const ADDRESSEES = [
  ["authorities", "Authorities and duty bearers"],
  ["hc_hct", "Humanitarian Coordinator and HCT"],
  ["humanitarian_actors", "Humanitarian actors and other clusters"],
  ["donors", "Donors"],
  ["other", "Other"]
];
const STATUS = {not_started: "not started", in_progress: "in progress", done: "done"};

const DATE = new Intl.DateTimeFormat("en-GB", {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
const dateText = (iso) => (iso ? DATE.format(new Date(`${iso}T00:00:00Z`)) : null);

/** A link to the source table's entry under "Methodology and sources". */
const sourceLink = (table) => el("a", {href: `#src-${table}`, class: "pau-source"}, table);

function figureValue(f) {
  if (f.value === null || f.value === undefined) return null;
  if (f.unit === "percent") return typeof f.value === "number" ? `${Math.round(f.value)}%` : String(f.value);
  return formatCompact(f.value);
}

function cover({meta, quarter, q, narrative}) {
  const name = meta.country?.name ?? "the operation";
  const period = q ? `${dateText(q.start)} – ${dateText(q.end)}` : null;
  return el(
    "header",
    {class: "pau-cover"},
    el("p", {class: "pau-kicker"}, "Protection Cluster · Protection Analysis Update"),
    el("h1", {}, `${name} — ${quarter ?? "no quarter"}`),
    el(
      "p",
      {class: "pau-dates"},
      period ? `Period covered: ${period}` : "Period covered: missing",
      " · ",
      narrative?.published ? `Published ${dateText(narrative.published)}` : meta.asOf ? `Data as of ${dateText(meta.asOf)}` : "Publication date: missing",
      " · ",
      meta.audience === "public" ? "public version" : "internal version — not for distribution outside the cluster"
    )
  );
}

function keyFigures(figures, {compact = false} = {}) {
  if (!figures.length) return missing("key figures", "no 5W, severity, incident or rating data for this quarter in the warehouse");
  return el(
    "div",
    {class: `pau-figures${compact ? " compact" : ""}`},
    figures.map((f) => {
      const v = figureValue(f);
      return el(
        "div",
        {class: "card kpi pau-figure", "data-figure": f.figure},
        el("h2", {}, f.label ?? f.figure),
        el("span", {class: "big"}, v ?? "missing"),
        el("p", {class: "source-note"}, v === null ? "no data for this quarter · " : `as of ${f.as_of ?? "unknown"} · `, sourceLink(f.source_table))
      );
    })
  );
}

function overviewTable(rows, {incidentsPublic}) {
  return el(
    "table",
    {class: "pau-table"},
    el("thead", {}, el("tr", {}, ["#", "Protection risk (GPC)", "Level", "Trend", "Admin1 at 4–5", "Incidents"].map((h) => el("th", {}, h)))),
    el(
      "tbody",
      {},
      rows.map((r) =>
        el(
          "tr",
          {"data-risk": r.risk_key},
          el("td", {class: "num"}, r.rank),
          el("td", {}, `${r.risk_number}. ${r.risk_name}`),
          el("td", {}, el("span", {class: "pau-level", style: {background: riskLevelColor(r.level), color: r.level >= 4 ? "white" : "black"}}, riskLevelLabel(r.level))),
          el("td", {}, trendText(r)),
          el("td", {class: "num"}, r.areas_high ?? "–"),
          el("td", {class: "num"}, incidentsPublic ? formatCount(r.incidents) : "–")
        )
      )
    )
  );
}

function levelLegend() {
  return el(
    "div",
    {class: "pau-legend"},
    Object.entries(RISK_LEVEL_LABELS).map(([k, label]) => el("span", {}, el("i", {style: {background: RISK_LEVEL_COLORS[k]}}), label)),
    el("span", {}, el("i", {style: {background: "#c8c8c8"}}), "not rated")
  );
}

function riskMap(risk, areaRows, {areas1, areas2, width}) {
  const admin2 = areaRows.filter((r) => r.area_level === 2);
  const admin1 = areaRows.filter((r) => r.area_level === 1);
  const rows = admin2.length ? admin2 : admin1;
  const collection = admin2.length ? areas2 : areas1;
  if (!rows.length) return missing(`map of ${risk.risk_short}`, "rated for the country only (no admin1 or admin2 ratings)");
  if (!collection?.features?.length) return missing(`map of ${risk.risk_short}`, "no boundaries loaded");
  const byArea = new Map(rows.map((r) => [r.area_pcode, r]));
  return choropleth(collection, {
    width: Math.min(width, 520),
    maxHeight: 360,
    fill: (p) => (byArea.has(p.pcode) ? riskLevelColor(byArea.get(p.pcode).level) : null),
    outline: admin2.length ? areas1 : null,
    ariaLabel: `${risk.risk_short}: level by ${admin2.length ? "admin2" : "admin1"}`,
    channels: {Area: (p) => p.name, "P-code": (p) => p.pcode, Level: (p) => riskLevelLabel(byArea.get(p.pcode)?.level)}
  });
}

const MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function monthTick(d, i) {
  const [year, month] = String(d).slice(0, 7).split("-");
  const name = MONTH_ABBR[Number(month) - 1] ?? String(d).slice(0, 7);
  return i === 0 || month === "01" ? `${name}\n${year}` : name;
}

function incidentChart(risk, {quarterly, monthly, quarter, width}) {
  const months = monthly.filter((r) => r.risk_key === risk.risk_key && r.quarter <= quarter);
  if (months.length) {
    const last = months.slice(-12);
    return Plot.plot({
      width: Math.min(width, 520),
      height: 160,
      marginLeft: 40,
      marginBottom: 34,
      // "Jan" under each bar, the year under the first bar and each January: twelve "2025-01" labels overlap
      x: {type: "band", label: null, tickFormat: (d, i) => monthTick(d, i)},
      y: {label: "incidents", grid: true},
      marks: [Plot.barY(last, {x: "month", y: "incidents", fill: "#6a51a3", tip: true}), Plot.ruleY([0])]
    });
  }
  const series = quarterly.filter((r) => r.risk_key === risk.risk_key && r.area_level === 0 && r.quarter <= quarter && typeof r.incidents === "number");
  if (!series.length) return missing(`incidents of ${risk.risk_short}`, "no protection-monitoring incidents loaded for this risk");
  return Plot.plot({
    width: Math.min(width, 520),
    height: 150,
    marginLeft: 40,
    x: {type: "band", label: null},
    y: {label: "incidents", grid: true},
    marks: [Plot.barY(series, {x: "quarter", y: "incidents", fill: "#6a51a3", tip: true}), Plot.ruleY([0])]
  });
}

function incidentsByArea(risk, {incidentsAdmin1, quarter, areaName}) {
  const rows = (incidentsAdmin1 ?? []).filter((r) => r.quarter === quarter && r.risk_key === risk.risk_key);
  if (!rows.length) return null;
  return el("p", {class: "source-note"}, "Incidents by admin1 this quarter: ", rows.map((r) => `${areaName(r.admin1_pcode)} ${formatCount(r.incidents)}`).join(" · "), " (source: ", sourceLink("incidents"), ")");
}

function responseBlock(risk, response, areaName) {
  const rows = response.filter((r) => r.risk_key === risk.risk_key);
  if (!rows.length) return el("p", {}, "No area is rated 4–5 for this risk this quarter: no response gap to report.");
  const gaps = rows.filter((r) => r.partners === 0);
  const covered = rows.filter((r) => !gaps.includes(r));
  const noFiveW = rows.some((r) => String(r.five_w_loaded) === "false");
  return el(
    "div",
    {class: "pau-response"},
    el("p", {}, `${rows.length} area${rows.length > 1 ? "s" : ""} rated 4–5 (response by ${rows[0].response_aors ?? "–"}): `, `${covered.length} with a partner responding, `, el("strong", {}, `${gaps.length} without`), "."),
    noFiveW ? missing("5W for this quarter", "no partner activity is loaded, so every area shows as a gap") : null,
    gaps.length ? el("p", {class: "pau-gaps"}, "Gaps: ", gaps.map((g) => areaName(g.area_pcode)).join(", ")) : null,
    el("p", {class: "source-note"}, "source: ", sourceLink("risk_response_gaps"))
  );
}

function riskSection(risk, i, ctx) {
  const {narrative, quarterRows, response, areaName} = ctx;
  const areaRows = quarterRows.filter((r) => r.risk_key === risk.risk_key && r.area_level > 0);
  const text = narrative?.risks?.[risk.risk_key];
  return el(
    "section",
    {class: "pau-risk", id: `risk-${risk.risk_key}`, "data-risk": risk.risk_key},
    el("h3", {}, `${i + 1}. ${risk.risk_name}`),
    el(
      "p",
      {class: "pau-risk-head"},
      el("span", {class: "pau-level", style: {background: riskLevelColor(risk.level), color: risk.level >= 4 ? "white" : "black"}}, riskLevelLabel(risk.level)),
      " ",
      el("span", {class: `pau-trend trend-${risk.trend ?? "none"}`}, trendText(risk)),
      ` · ${risk.areas_high ?? 0} admin1 area${risk.areas_high === 1 ? "" : "s"} at 4–5 · ${risk.method}`
    ),
    text?.length ? textBlock(text) : missing(`analysis of ${risk.risk_short} (threat, affected groups, capacities)`, narrative?.found ? `no '### ${risk.risk_key}' under '## Risks' in ${narrative.file}` : `no narrative file ${narrative?.file ?? ""}`),
    el("p", {}, el("strong", {}, "Affected groups: "), risk.population_groups ?? "not stated in the rating file"),
    el(
      "div",
      {class: "pau-risk-figures"},
      el("figure", {}, el("figcaption", {}, "Level by area"), riskMap(risk, areaRows, ctx), areaRows.length ? levelLegend() : null),
      el("figure", {}, el("figcaption", {}, "Incidents monitored"), incidentChart(risk, ctx))
    ),
    incidentsByArea(risk, ctx),
    el("h4", {}, "Response and gaps"),
    responseBlock(risk, response, areaName)
  );
}

function recommendations(narrative, riskName, {limit = Infinity} = {}) {
  const recs = narrative?.recommendations ?? [];
  if (!recs.length) return missing("recommendations", narrative?.found ? `no recommendation lines under '## Recommendations' in ${narrative.file}` : `no narrative file ${narrative?.file ?? ""}`);
  let shown = 0;
  const groups = ADDRESSEES.map(([key, label]) => {
    const items = recs.filter((r) => r.addressee === key);
    if (!items.length) return null;
    const kept = items.slice(0, Math.max(0, limit - shown));
    shown += kept.length;
    if (!kept.length) return null;
    return el(
      "div",
      {class: "pau-recs"},
      el("h4", {}, label),
      el(
        "ul",
        {},
        kept.map((r) =>
          el(
            "li",
            {},
            r.text,
            el("span", {class: "source-note"}, ` · ${r.risks.length ? r.risks.map(riskName).join(", ") : "all risks"} · follow-up: ${r.status ? STATUS[r.status] : "not stated"}`)
          )
        )
      )
    );
  });
  return el("div", {}, groups, recs.length > shown ? el("p", {class: "source-note"}, `${recs.length - shown} more recommendation${recs.length - shown > 1 ? "s" : ""} in the full PAU.`) : null);
}

function methodology(ctx) {
  const {meta, narrative, figures, quarterRows} = ctx;
  const methods = [...new Set(quarterRows.filter((r) => r.area_level === 0).map((r) => r.method))];
  const sources = [
    ["risk_trends", `One row per quarter × area × GPC risk rated 1–5 (N/A is not rated, never 0). Country level: ${methods.length ? methods.join("; ") : "–"}. Trend against the quarter before; rank by level, then areas rated 4–5 one level below, then the GPC order 1–15.`],
    ["risk_response_gaps", "Areas rated 4–5 where no partner reports an activity of the AoRs the risk maps to (operation.json pau.riskResponse; default the AoR most concerned)."],
    ["pau_key_figures", "Key figures per quarter, each with its source table and the load date of its newest file."],
    ...[...new Set(figures.map((f) => f.source_table))].filter((t) => !["risk_trends", "pau_key_figures", "incidents"].includes(t)).map((t) => [t, figures.filter((f) => f.source_table === t).map((f) => `${f.label}: ${f.method}`).join("; ")]),
    ["incidents", "Protection-monitoring incidents, aggregated counts per month × area × risk (no incident-level data). Public builds: by quarter, small numbers shown as <5."]
  ];
  return el(
    "div",
    {class: "pau-method"},
    el("p", {}, "Risk levels are the cluster's ratings of the 15 GPC standard protection risks (GPC label sets Very low–Very high and Minor–Extreme, both read as 1–5). They are not the JIAF area severity of the HNO, and the two are never compared."),
    narrative?.methodology?.length ? textBlock(narrative.methodology) : missing("methodology and limitations text", `no '## Methodology' in ${narrative?.file ?? "the narrative file"}`),
    el("dl", {}, sources.map(([table, rule]) => [el("dt", {id: `src-${table}`}, table), el("dd", {}, rule)])),
    // the folder is a path on the IMO's machine: named in internal builds only
    el("p", {class: "source-note"}, `Narrative: the analysts' file ${narrative?.file ?? ""}${meta.audience === "public" ? "" : ` in ${meta.narrativeDir}`}${narrative?.found ? "" : " (not found)"}.`)
  );
}

/**
 * The whole PAU (or, with brief, the two-page PAU brief: key figures and top risks on page 1,
 * recommendations on page 2). data: rows of the PAU datasets; the quarter is already chosen.
 */
export function pauDocument(data, {quarter, brief = false, width = 800}) {
  const {meta, risks, figures, response, incidentsMonth, incidentsAdmin1, areas1, areas2} = data;
  const q = meta.quarters.find((x) => x.quarter === quarter) ?? null;
  const narrative = meta.narratives?.[quarter] ?? {quarter, file: `${quarter}.md`, found: false, problems: [], risks: {}, recommendations: [], context: [], methodology: []};
  const quarterRows = risks.filter((r) => r.quarter === quarter);
  const country = quarterRows.filter((r) => r.area_level === 0).sort((a, b) => a.rank - b.rank);
  const top = country.slice(0, meta.topRisks ?? 5);
  const quarterFigures = figures.filter((f) => f.quarter === quarter).sort((a, b) => a.ord - b.ord);
  const quarterResponse = response.filter((r) => r.quarter === quarter);
  const names = new Map([...(areas2?.features ?? []), ...(areas1?.features ?? [])].map((f) => [f.properties.pcode, f.properties.name]));
  const areaName = (p) => names.get(p) ?? p;
  const riskName = (k) => meta.risks.find((r) => r.key === k)?.short ?? k;
  const ctx = {meta, narrative, quarter, quarterRows, figures: quarterFigures, response: quarterResponse, areaName, areas1, areas2, width, quarterly: risks, monthly: incidentsMonth, incidentsAdmin1};
  const noRatings = !country.length ? missing(`risk ratings for ${quarter}`, "no risk rating file loaded for this quarter (kind risks)") : null;

  if (brief) {
    return el(
      "article",
      {class: "pau pau-brief"},
      el("section", {class: "pau-page"}, cover({meta, quarter, q, narrative}), el("h2", {}, "Key figures"), keyFigures(quarterFigures, {compact: true}), el("h2", {}, `Top ${top.length || ""} protection risks`.replace("  ", " ")), noRatings ?? overviewTable(top, {incidentsPublic: true})),
      el("section", {class: "pau-page pau-page-break"}, el("h2", {}, "Recommendations"), recommendations(narrative, riskName, {limit: 10}), el("p", {class: "source-note"}, `Protection Analysis Update brief · ${meta.country?.name ?? ""} · ${quarter} · the full PAU holds the analysis per risk, maps, response gaps and sources.`))
    );
  }
  return el(
    "article",
    {class: "pau"},
    cover({meta, quarter, q, narrative}),
    narrativeProblems(narrative),
    el("h2", {id: "context"}, "Context"),
    narrative.context?.length ? textBlock(narrative.context) : missing("context and crisis overview", narrative.found ? `no '## Context' in ${narrative.file}` : `no narrative file ${narrative.file}`),
    el("h2", {id: "key-figures"}, "Key figures"),
    keyFigures(quarterFigures),
    el("h2", {id: "risks"}, "Priority protection risks"),
    noRatings ?? [
      el("p", {class: "source-note"}, `The ${top.length} most serious of the ${country.length} risks rated for the country (configurable: pau.topRisks). Source: `, sourceLink("risk_trends")),
      overviewTable(country, {incidentsPublic: true}),
      top.map((r, i) => riskSection(r, i, ctx))
    ],
    el("h2", {id: "recommendations"}, "Recommendations"),
    recommendations(narrative, riskName),
    el("h2", {id: "methodology"}, "Methodology and sources"),
    methodology(ctx)
  );
}
