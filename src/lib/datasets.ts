// Every dataset the site publishes, declared once: which warehouse table it reads, how its columns are
// named (with the aliases pipelines have used), and what in it is sensitive. The audience hook
// (audience.ts) works from these declarations, so a new dataset must say which of its columns are
// people counts, which name partners, which is the AoR and which admin level a row describes.

export type ColumnType = "text" | "number" | "date";

export interface ColumnSpec {
  /** Name the site uses (and the column name in the published file). */
  name: string;
  type: ColumnType;
  /** Other names the warehouse may use for the same column, tried in order after `name`. */
  aliases?: string[];
  /** A table without this column cannot be published (empty dataset plus a note). */
  required?: boolean;
}

/** 0 = country, 1 = admin1, 2 = admin2; null = not geographic (partner list, ingest log). */
export type AdminLevel = 0 | 1 | 2 | null;

export interface DatasetSpec {
  /** File name under src/data without extension; the key pages and publish() use. */
  name: string;
  /** Warehouse table or view read. */
  table: string;
  /** Words for the "no … data loaded yet" note. */
  label: string;
  columns: ColumnSpec[];
  adminLevel: AdminLevel;
  /** Column holding the p-code at `adminLevel` (admin2_pcode, admin1_pcode…). */
  adminColumn?: string;
  /** Column holding the AoR (GP, CP, GBV, MA, HLP or ALL). */
  aorColumn?: string;
  /** People counts: what small-number suppression applies to. */
  counts: string[];
  /** Columns naming organisations: removed or pseudonymised in public builds. */
  partnerColumns: string[];
  /** Free text from partner files (activity names, raw cell values): never published without review. */
  freeText: string[];
  /** Never leaves internal builds (ingest log: file names, raw cell values). */
  internalOnly?: boolean;
  /**
   * Public builds withhold every dataset with figures per month (a date column or periodColumn "month"):
   * set true only where a publication plan shows the months cannot give a withheld figure back.
   */
  publicMonths?: boolean;

  // ── What public builds need to know (audience.ts, suppress-rules.ts) ─────────────────────────────
  /** Column of the admin1 p-code on admin2 rows: where a sensitive AoR's admin2 rows are added up. */
  admin1Column?: string;
  /** Column of the period (quarter, period): rows of different periods never add up. */
  periodColumn?: string;
  /** Column of the population group; a row of group 'all' is the total of the other groups. */
  groupColumn?: string;
  /**
   * The rows are pipeline figures that add up (areas and population groups are disjoint) to totals
   * published elsewhere (admin1 sums on the pages, reach-country, pin-country, coverage): small counts
   * get complementary suppression over those groups (suppress-rules.ts lists them).
   */
  additive?: boolean;
  /** Counts of one row that add up to another count of the same row (pin = girls + boys + women + men). */
  parts?: { total: string; parts: string[] }[];
  /** Columns computed from counts (a ratio, a flag, a reason quoting a figure): withheld with their counts. */
  derived?: Record<string, string[]>;
  /** AoR value of the overall row, the max over the AoR rows of the same period × admin2 × group (rule 1). */
  overallAor?: string;
  /**
   * Public builds: withhold the overall row where it equals a sensitive AoR's (hidden) admin2 figure and
   * no shown AoR's, as it gives that figure back. Not set anywhere yet: on the demo data it withholds
   * about 15% of reach-admin2's figures (GBV often reaches the most people in an area).
   */
  overallHidesSensitive?: boolean;
  /** Public builds: admin2 rows of a sensitive AoR are replaced by admin1 totals ("admin1") or dropped ("drop"). */
  sensitiveAdmin2?: "admin1" | "drop";
  /** Numbers that are maxima, not counts (severity): an admin1 total takes their max. */
  maxColumns?: string[];
  /** Column saying how a row was computed: rewritten on the admin1 totals public builds add. */
  methodColumn?: string;
  /** Numbers of organisations: withheld on the admin2 overall rows (they count sensitive AoRs' partners). */
  partnerCounts?: string[];
  /** Column listing the activity names behind a row (" | "-separated), matched against sensitive.activities. */
  activityColumn?: string;
  /** Column listing a partner's AoRs ("CP, GBV"), in datasets with one row per partner. */
  aorListColumn?: string;
  /** Numbers of areas a partner works in: withheld for partners with sensitive work (they count it too). */
  partnerAreaCounts?: string[];
  /**
   * Dataset whose area figures are the max of this dataset's organisation rows (reach-org → reach-admin2):
   * an organisation's figure equal to an area figure withheld there is withheld here too.
   */
  feeds?: string;
  /** The query, when the dataset is not simply the whole table (aggregates, capped logs). */
  sql?: string;
  /** Said on the page when partial(rows) is true (a capped log). */
  partial?: { note: string; when: (rows: Record<string, unknown>[]) => boolean };
}

const text = (name: string, aliases: string[] = [], required = false): ColumnSpec => ({ name, type: "text", aliases, required });
const num = (name: string, aliases: string[] = [], required = false): ColumnSpec => ({ name, type: "number", aliases, required });
const date = (name: string, aliases: string[] = [], required = false): ColumnSpec => ({ name, type: "date", aliases, required });

const QUARTER = text("quarter", ["period"], true);
const ADMIN1 = text("admin1_pcode", ["adm1_pcode"]);
const ADMIN2 = text("admin2_pcode", ["adm2_pcode", "pcode"], true);
const GROUP = text("population_group", ["pop_group", "group"], true);
const AOR = text("aor", ["subsector"], true);
const ORG = text("org_lead", ["org", "organisation", "organization", "org_name"], true);
const ORG_TYPE = text("org_type", ["organisation_type", "organization_type"]);
/** The activity names behind a row, from the activities table (see activityList). */
const ACTIVITIES = text("activity_list");

/**
 * The activity names each organisation reported per admin2 × AoR (" | "-separated), from every loaded
 * 5W row (superseded versions included: a name once reported as case management stays sensitive).
 * Public builds match them against sensitive.activities to withhold partner names; never published.
 */
const activityList = (by: "area" | "org") => `
  SELECT lower(org_lead) AS org_key,${by === "area" ? " admin2_pcode AS area_key, aor AS aor_key," : ""}
         string_agg(DISTINCT concat_ws(' ', activity, '[' || activity_code || ']'), ' | ' ORDER BY concat_ws(' ', activity, '[' || activity_code || ']')) AS activity_list
  FROM activities
  WHERE coalesce(activity, activity_code) IS NOT NULL -- name and code together: either may be the sensitive one
  GROUP BY ALL`;

/** A per-area table with each row's activity names (see activityList) joined on organisation, area and AoR. */
const withActivityList = (table: string, areaColumn: string) => `SELECT r.*, s.activity_list
          FROM ${table} AS r
          LEFT JOIN (${activityList("area")}) AS s
            ON s.org_key = lower(r.org_lead) AND s.area_key IS NOT DISTINCT FROM r.${areaColumn} AND s.aor_key = r.aor`;

export const DATASETS: Record<string, DatasetSpec> = {
  "reach-admin2": {
    name: "reach-admin2",
    table: "reach_admin2",
    label: "5W reach",
    columns: [QUARTER, ADMIN1, ADMIN2, GROUP, AOR, num("targeted"), num("reached", [], true), num("partners", ["partner_count"])],
    adminLevel: 2,
    adminColumn: "admin2_pcode",
    aorColumn: "aor",
    counts: ["targeted", "reached"],
    partnerColumns: [],
    freeText: [],
    admin1Column: "admin1_pcode",
    periodColumn: "quarter",
    groupColumn: "population_group",
    additive: true,
    overallAor: "ALL",
    // the ALL maximum often IS the sensitive AoR's admin2 figure: withhold it there too (costs cells, protects survivors)
    overallHidesSensitive: true,
    sensitiveAdmin2: "admin1",
    partnerCounts: ["partners"]
  },
  "reach-org": {
    name: "reach-org",
    table: "reach_org_admin2",
    label: "5W reach by organisation",
    columns: [QUARTER, ADMIN1, ADMIN2, GROUP, AOR, ORG, ORG_TYPE, num("targeted"), num("reached", [], true), ACTIVITIES],
    adminLevel: 2,
    adminColumn: "admin2_pcode",
    aorColumn: "aor",
    counts: ["targeted", "reached"],
    partnerColumns: ["org_lead"],
    freeText: ["activity_list"],
    admin1Column: "admin1_pcode",
    periodColumn: "quarter",
    groupColumn: "population_group",
    sensitiveAdmin2: "drop",
    // organisations' figures overlap (reach-admin2 is their max): they add up to nothing published
    additive: false,
    activityColumn: "activity_list",
    feeds: "reach-admin2",
    sql: withActivityList("reach_org_admin2", "admin2_pcode")
  },
  "reach-country": {
    name: "reach-country",
    table: "reach_country",
    label: "5W reach",
    columns: [QUARTER, GROUP, AOR, num("targeted"), num("reached", [], true), num("partners", ["partner_count"])],
    adminLevel: 0,
    aorColumn: "aor",
    counts: ["targeted", "reached"],
    partnerColumns: [],
    freeText: [],
    periodColumn: "quarter",
    groupColumn: "population_group",
    additive: true
  },
  "reach-monthly": {
    name: "reach-monthly",
    table: "reach_monthly",
    label: "monthly 5W reach",
    // reached: as of the month (cumulative indicators year-to-date); reached_in_month: what the month adds
    columns: [date("month", ["reporting_month"], true), AOR, num("reached", [], true), num("reached_in_month")],
    adminLevel: 0,
    aorColumn: "aor",
    counts: ["reached", "reached_in_month"],
    partnerColumns: [],
    freeText: [],
    periodColumn: "month",
    // months of a quarter give back what suppression withholds (a "new" indicator's quarter minus its
    // other months is the month): no month figure is ever published
    internalOnly: true
  },
  presence: {
    name: "presence",
    table: "presence_admin2",
    label: "partner presence",
    // activities: a count or the activity names, depending on the pipeline; kept as text either way.
    columns: [QUARTER, ADMIN1, ADMIN2, AOR, ORG, ORG_TYPE, text("activities", ["activity_count", "n_activities", "activity_names"]), ACTIVITIES],
    adminLevel: 2,
    adminColumn: "admin2_pcode",
    aorColumn: "aor",
    counts: [],
    partnerColumns: ["org_lead"],
    // activities: a number of activities is kept in public builds, activity names are not
    freeText: ["activities", "activity_list"],
    admin1Column: "admin1_pcode",
    periodColumn: "quarter",
    sensitiveAdmin2: "drop",
    activityColumn: "activity_list",
    sql: withActivityList("presence_admin2", "admin2_pcode")
  },
  partners: {
    name: "partners",
    table: "partners",
    label: "partner",
    columns: [ORG, ORG_TYPE, text("aors", ["aor"]), num("admin2_count", ["areas"]), num("months_reported", ["months"]), text("last_month"), ACTIVITIES],
    adminLevel: null,
    counts: [],
    partnerColumns: ["org_lead"],
    freeText: ["activity_list"],
    aorListColumn: "aors",
    activityColumn: "activity_list",
    partnerAreaCounts: ["admin2_count"],
    sql: `SELECT p.*, s.activity_list
          FROM partners AS p
          LEFT JOIN (${activityList("org")}) AS s ON s.org_key = lower(p.org_lead)`
  },
  gaps: {
    name: "gaps",
    table: "gaps_admin2",
    label: "gap",
    columns: [ADMIN2, ADMIN1, text("name", ["admin2_name", "adm2_name"]), num("population"), num("severity"), num("pin"), num("partners", ["partner_count"]), text("reason")],
    adminLevel: 2,
    adminColumn: "admin2_pcode",
    counts: ["population", "pin"],
    partnerColumns: [],
    freeText: [],
    admin1Column: "admin1_pcode",
    // the pipeline's reason quotes the PiN or the population ("PiN 3 and no partner present…")
    derived: { reason: ["population", "pin"] }
  },
  severity: {
    name: "severity",
    table: "severity_admin2",
    label: "severity",
    columns: [
      text("period", ["quarter"], true),
      ADMIN2,
      ADMIN1,
      GROUP,
      AOR,
      num("severity", ["severity_score", "phase"], true),
      text("method"),
      num("n_indicators", ["indicators"]),
      text("top_indicators", ["drivers"])
    ],
    adminLevel: 2,
    adminColumn: "admin2_pcode",
    aorColumn: "aor",
    counts: [],
    partnerColumns: [],
    freeText: [],
    admin1Column: "admin1_pcode",
    periodColumn: "period",
    groupColumn: "population_group",
    sensitiveAdmin2: "admin1",
    maxColumns: ["severity"],
    methodColumn: "method"
  },
  pin: {
    name: "pin",
    table: "pin_admin2",
    label: "PiN",
    columns: [
      text("period", ["quarter"], true),
      ADMIN1,
      ADMIN2,
      GROUP,
      AOR,
      num("severity"),
      num("population"),
      num("pin", ["people_in_need"], true),
      num("pin_girls"),
      num("pin_boys"),
      num("pin_women"),
      num("pin_men"),
      text("method")
    ],
    adminLevel: 2,
    adminColumn: "admin2_pcode",
    aorColumn: "aor",
    counts: ["population", "pin", "pin_girls", "pin_boys", "pin_women", "pin_men"],
    partnerColumns: [],
    freeText: [],
    admin1Column: "admin1_pcode",
    periodColumn: "period",
    groupColumn: "population_group",
    additive: true,
    parts: [{ total: "pin", parts: ["pin_girls", "pin_boys", "pin_women", "pin_men"] }],
    overallAor: "ALL",
    // the ALL maximum often IS the sensitive AoR's admin2 figure: withhold it there too (costs cells, protects survivors)
    overallHidesSensitive: true,
    sensitiveAdmin2: "admin1",
    maxColumns: ["severity"],
    methodColumn: "method"
  },
  "pin-country": {
    name: "pin-country",
    table: "pin_country",
    label: "PiN",
    columns: [
      text("period", ["quarter"], true),
      GROUP,
      AOR,
      num("population"),
      num("pin", ["people_in_need"], true),
      num("pin_girls"),
      num("pin_boys"),
      num("pin_women"),
      num("pin_men"),
      text("method")
    ],
    adminLevel: 0,
    aorColumn: "aor",
    counts: ["population", "pin", "pin_girls", "pin_boys", "pin_women", "pin_men"],
    partnerColumns: [],
    freeText: [],
    periodColumn: "period",
    groupColumn: "population_group",
    additive: true,
    parts: [{ total: "pin", parts: ["pin_girls", "pin_boys", "pin_women", "pin_men"] }]
  },
  coverage: {
    name: "coverage",
    table: "coverage_admin2",
    label: "coverage",
    columns: [QUARTER, ADMIN2, ADMIN1, num("severity"), num("pin"), num("reached"), num("coverage"), text("flag")],
    adminLevel: 2,
    adminColumn: "admin2_pcode",
    counts: ["pin", "reached"],
    partnerColumns: [],
    freeText: [],
    admin1Column: "admin1_pcode",
    periodColumn: "quarter",
    // one row per admin2 of the current quarter, all groups: the admin2 add up to the country figures
    additive: true,
    derived: { coverage: ["reached", "pin"], flag: ["reached", "pin"] }
  },
  "ingest-files": {
    name: "ingest-files",
    table: "ingest_files",
    label: "ingest",
    columns: [
      text("file_name", [], true),
      text("file_hash"),
      text("kind"),
      text("format"),
      text("loaded_at"),
      num("rows_read"),
      num("rows_accepted"),
      num("rows_rejected"),
      num("rows_flagged"),
      text("status")
    ],
    adminLevel: null,
    counts: [],
    partnerColumns: [],
    freeText: ["file_name"],
    internalOnly: true
  },
  "ingest-issues": {
    name: "ingest-issues",
    table: "ingest_issues",
    label: "ingest issue",
    columns: [
      text("file_name", [], true),
      text("file_hash"),
      text("sheet"),
      num("row_number"),
      text("column_name"),
      text("raw_value"),
      text("severity", [], true),
      text("rule"),
      text("reason", [], true),
      text("suggestion"),
      text("file_status"),
      num("group_issues")
    ],
    adminLevel: null,
    counts: [],
    partnerColumns: [],
    freeText: ["file_name", "sheet", "raw_value", "suggestion"],
    internalOnly: true,
    // A million-row file with one systematic problem would otherwise ship a million issues to the
    // browser: keep the first 500 per file and severity; ingest-reasons keeps the full counts.
    sql: `SELECT i.*,
                 f.status AS file_status,
                 count(*) OVER (PARTITION BY i.file_name, i.severity) AS group_issues
          FROM ingest_issues AS i
          LEFT JOIN (SELECT file_hash, any_value(status) AS status FROM ingest_files GROUP BY file_hash) AS f
            ON f.file_hash = i.file_hash -- status of the file version the issue came from
          QUALIFY row_number() OVER (PARTITION BY i.file_name, i.severity ORDER BY i.row_number) <= 500
          ORDER BY i.file_name, i.row_number`,
    partial: {
      note: "at most 500 issues per file and severity are listed; the counts under \"top reasons\" are complete",
      when: (rows) => rows.some((r) => Number(r.group_issues) > 500)
    }
  },
  "ingest-reasons": {
    name: "ingest-reasons",
    table: "ingest_issues",
    label: "ingest issue",
    // issues: lines of ingest_issues; rows: source rows the reason applies to (NULL for notes on a file,
    // sheet or column), a grouped warning's one line counting every row of its group
    columns: [text("file_name", [], true), text("severity", [], true), text("rule"), text("reason", [], true), num("issues", [], true), num("rows"), text("file_status")],
    adminLevel: null,
    counts: [],
    partnerColumns: [],
    freeText: ["file_name"],
    internalOnly: true,
    sql: `SELECT i.file_name, i.severity, i.rule, coalesce(g.reason, i.reason) AS reason, count(*) AS issues,
                 CASE WHEN count(i.row_number) > 0
                      THEN count(DISTINCT CASE WHEN g.rows IS NULL AND i.row_number IS NOT NULL THEN (coalesce(i.sheet, ''), i.row_number) END) + coalesce(sum(g.rows), 0)
                 END AS rows,
                 any_value(f.status) AS file_status
          FROM ingest_issues AS i
          LEFT JOIN ingest_issue_groups AS g -- a grouped warning (one line per distinct value) stands for all its rows
            ON g.run_id = i.run_id AND g.file_hash IS NOT DISTINCT FROM i.file_hash AND g.sheet IS NOT DISTINCT FROM i.sheet
           AND g.rule = i.rule AND g.severity = i.severity AND g.column_name IS NOT DISTINCT FROM i.column_name
           AND g.raw_value IS NOT DISTINCT FROM i.raw_value AND g.first_row = i.row_number
           AND starts_with(i.reason, g.reason) -- its line's reason is the group's, with the row count and ranges after it
          LEFT JOIN (SELECT file_hash, any_value(status) AS status FROM ingest_files GROUP BY file_hash) AS f
            ON f.file_hash = i.file_hash
          GROUP BY i.file_name, i.file_hash, i.severity, i.rule, coalesce(g.reason, i.reason) -- one line per file version and reason
          ORDER BY rows DESC NULLS LAST, issues DESC`
  },
  "ingest-rows": {
    name: "ingest-rows",
    table: "ingest_issues",
    label: "ingest issue",
    // rows, not issues: one rejected row can have several errors; "rejected" and "skipped" are told apart
    columns: [text("file_name", [], true), text("severity", [], true), num("rows", [], true), text("file_status")],
    adminLevel: null,
    counts: [],
    partnerColumns: [],
    freeText: ["file_name"],
    internalOnly: true,
    sql: `SELECT i.file_name, i.severity, count(DISTINCT (coalesce(i.sheet, ''), i.row_number)) AS rows, any_value(f.status) AS file_status
          FROM (SELECT file_name, file_hash, severity, sheet, row_number FROM ingest_issues
                UNION -- a grouped warning's rows are in ingest_issue_detail (its first row in both)
                SELECT file_name, file_hash, severity, sheet, row_number FROM ingest_issue_detail) AS i
          LEFT JOIN (SELECT file_hash, any_value(status) AS status FROM ingest_files GROUP BY file_hash) AS f
            ON f.file_hash = i.file_hash
          WHERE i.row_number IS NOT NULL -- file- and sheet-level notes are not rows
          GROUP BY i.file_name, i.file_hash, i.severity`
  },
  "areas-admin2": {
    name: "areas-admin2",
    table: "admin_areas",
    label: "boundary",
    columns: [text("pcode", [], true), text("name"), text("admin1_pcode"), text("admin1_name")],
    adminLevel: 2,
    adminColumn: "pcode",
    counts: [],
    partnerColumns: [],
    freeText: []
  },
  "areas-admin1": {
    name: "areas-admin1",
    table: "admin_areas",
    label: "boundary",
    columns: [text("pcode", [], true), text("name"), text("admin1_pcode"), text("admin1_name")],
    adminLevel: 1,
    adminColumn: "pcode",
    counts: [],
    partnerColumns: [],
    freeText: []
  }
};

/**
 * The 5W page's month filter: reach and presence per reporting month (pipelines *_month). Internal
 * builds only: a month's figures published next to its quarter's would let a reader difference out
 * what small-number suppression withholds, and a single month of a sensitive AoR is the smallest cell.
 */
const MONTH = date("month", ["reporting_month"], true);
const byMonth = (quarterly: string, name: string, table: string, sql: string): DatasetSpec => {
  const { feeds: _feeds, ...base } = DATASETS[quarterly]!;
  return { ...base, name, table, label: `${base.label} by month`, columns: [MONTH, ...base.columns], periodColumn: "month", internalOnly: true, sql };
};
DATASETS["reach-admin2-month"] = byMonth("reach-admin2", "reach-admin2-month", "reach_admin2_month", "SELECT * FROM reach_admin2_month");
DATASETS["reach-org-month"] = byMonth("reach-org", "reach-org-month", "reach_org_admin2_month", withActivityList("reach_org_admin2_month", "admin2_pcode"));
DATASETS["presence-month"] = byMonth("presence", "presence-month", "presence_admin2_month", withActivityList("presence_admin2_month", "admin2_pcode"));

/**
 * CCPM (cluster coordination performance): scores are not people counts, so small-number suppression does not apply;
 * the CCPM's own rule does, in the pipelines, for every audience: an item × respondent group with fewer than
 * ccpm.minRespondents respondents has no score (ccpm_scores) and no answer counts (ccpm_answers). Respondents are
 * anonymous in the warehouse already (organisation type only). The action plan is the cluster's working document.
 */
const CCPM_ROUND = text("round", [], true);
const ccpm = (name: string, table: string, label: string, columns: ColumnSpec[], more: Partial<DatasetSpec> = {}): DatasetSpec => ({
  name, table, label, columns, adminLevel: null, counts: [], partnerColumns: [], freeText: [], periodColumn: "round", ...more
});
DATASETS["ccpm-scores"] = ccpm("ccpm-scores", "ccpm_scores", "CCPM score", [
  CCPM_ROUND, text("level", [], true), text("item", [], true), text("function"), text("item_en"), text("item_fr"), num("position"),
  text("respondent_group", [], true), num("score_pct"), text("band"), text("band_words"), num("n_respondents"), num("n_answers"),
  num("n_sub_items"), text("status"), text("reason"), text("previous_round"), num("previous_score_pct"), num("change_pct"), text("method")
]);
DATASETS["ccpm-answers"] = ccpm("ccpm-answers", "ccpm_answers", "CCPM answer", [
  CCPM_ROUND, text("question_code", [], true), text("sub_item"), text("function"), text("question_en"), text("question_fr"), num("position"),
  text("answer_scale"), text("respondent_group", [], true), text("answer"), text("answer_label"), text("answer_status"), num("answer_value"), num("answer_order"),
  text("withheld"), num("n"), num("n_question"), num("share")
]);
DATASETS["ccpm-rounds"] = ccpm("ccpm-rounds", "ccpm_rounds", "CCPM round", [
  CCPM_ROUND, text("respondent_group", [], true), num("respondents"), num("scored_answers"), num("excluded_answers"), num("unrecognised_answers"),
  text("languages"), text("previous_round")
]);
DATASETS["ccpm-response-rates"] = ccpm("ccpm-response-rates", "ccpm_response_rates", "CCPM response rate", [
  CCPM_ROUND, text("org_type", [], true), num("respondents"), num("active_partners"), num("response_rate"), text("note")
]);
DATASETS["ccpm-actions"] = ccpm("ccpm-actions", "ccpm_action_status", "CCPM action plan", [
  CCPM_ROUND, text("sub_item"), text("item_en"), text("band"), num("score_pct"), text("latest_round"), text("latest_band"), num("latest_score_pct"), text("action", [], true), text("responsible"), date("deadline"),
  text("support_needed"), text("status"), text("status_words"), date("review_date"), text("progress"), text("overdue"), num("days_overdue"),
  text("review_passed"), date("as_of")
], { freeText: ["action", "responsible", "support_needed", "progress"], internalOnly: true });

/**
 * The quarterly Protection Analysis Update (src/pau.md, issue #14). Risk levels are not counts; incidents
 * are sensitive counts: published per risk at country level in pau-risks (admin1/admin2 rows carry none),
 * per admin1 in pau-incidents (small cells suppressed, with complements: the admin1 rows of a quarter and
 * risk add up to the country row), and per month only in internal builds (a month beside its quarter
 * would give a suppressed figure back by subtraction). Rating evidence text is never published.
 */
const QUARTER_RISK = [QUARTER, text("risk_key", [], true)];
DATASETS["pau-risks"] = {
  name: "pau-risks",
  table: "risk_trends",
  label: "risk rating",
  columns: [
    ...QUARTER_RISK, text("area_pcode", [], true), num("area_level", [], true), ADMIN1, num("risk_number"), text("risk_short"), text("risk_name"),
    num("level"), num("previous_level"), text("trend"), num("rank"), num("areas_high"), num("incidents"), text("population_groups"), text("method")
  ],
  adminLevel: 2,
  adminColumn: "area_pcode",
  counts: ["incidents"],
  partnerColumns: [],
  freeText: [],
  periodColumn: "quarter",
  additive: false,
  sql: `SELECT * REPLACE (CASE WHEN area_level = 0 THEN incidents END AS incidents) FROM risk_trends`
};
DATASETS["pau-incidents"] = {
  name: "pau-incidents",
  table: "incidents",
  label: "protection incident",
  columns: [...QUARTER_RISK, text("admin1_pcode", [], true), num("incidents", [], true)],
  adminLevel: 1,
  adminColumn: "admin1_pcode",
  // not an AoR: the column the additive groups are split by, so that risks are never added together
  aorColumn: "risk_key",
  counts: ["incidents"],
  partnerColumns: [],
  freeText: [],
  periodColumn: "quarter",
  additive: true,
  sql: `SELECT quarter, risk_key, admin1_pcode, sum(incidents)::BIGINT AS incidents FROM incidents WHERE admin1_pcode IS NOT NULL GROUP BY ALL ORDER BY ALL`
};
DATASETS["pau-incidents-month"] = {
  name: "pau-incidents-month",
  table: "incidents",
  label: "protection incident",
  columns: [date("month", [], true), QUARTER, text("risk_key", [], true), num("incidents", [], true), num("sites")],
  adminLevel: 0,
  counts: ["incidents"],
  partnerColumns: [],
  freeText: [],
  periodColumn: "month",
  internalOnly: true,
  sql: `SELECT month, quarter, risk_key, sum(incidents)::BIGINT AS incidents, count(DISTINCT site_name) AS sites FROM incidents GROUP BY ALL ORDER BY ALL`
};
DATASETS["pau-response"] = {
  name: "pau-response",
  table: "risk_response",
  label: "risk response",
  columns: [
    ...QUARTER_RISK, text("area_pcode", [], true), num("area_level"), ADMIN1, num("risk_number"), text("risk_short"), num("level"), text("trend"),
    text("response_aors"), num("partners"), num("activities"), text("five_w_loaded")
  ],
  adminLevel: 2,
  adminColumn: "area_pcode",
  admin1Column: "admin1_pcode",
  counts: [],
  partnerColumns: [],
  freeText: [],
  periodColumn: "quarter",
  // numbers of organisations per area and risk: a GBV risk's partner count in an admin2 points at GBV services
  partnerCounts: ["partners", "activities"]
};
DATASETS["pau-figures"] = {
  name: "pau-figures",
  table: "pau_key_figures",
  label: "PAU key figure",
  columns: [QUARTER, num("ord"), text("figure", [], true), text("label"), num("value"), text("unit"), text("source_table"), date("as_of"), text("method")],
  adminLevel: 0,
  // people and incident counts; small ones are "<5" in public builds
  counts: ["value"],
  partnerColumns: [],
  freeText: [],
  periodColumn: "quarter",
  additive: false
};

/**
 * Global Refugee Forum pledges (issue #17): public information from the GCR Digital Platform, so no counts to
 * suppress and no partner names to withhold. What the GCR focal point typed in the follow-up sheet (next step,
 * organisation contacted, notes) is free text: never published; the sheet itself stays internal.
 */
const pledgeDataset = (name: string, table: string, label: string, columns: ColumnSpec[], freeText: string[] = [], sql?: string): DatasetSpec => ({
  name,
  table,
  label,
  columns,
  adminLevel: null,
  counts: [],
  partnerColumns: [],
  freeText,
  periodColumn: "export_date",
  sql
});
const EXPORT_DATE = date("export_date", [], true);
const PLEDGE_ID = text("pledge_id", [], true);
/** The multi-valued lists as "; "-separated text: country names can hold commas ("Korea, Republic of"). */
const joined = (c: string) => `array_to_string(${c}, '; ') AS ${c}`;
DATASETS["pledges-status"] = pledgeDataset(
  "pledges-status",
  "pledge_status",
  "GRF pledge",
  [
    PLEDGE_ID, EXPORT_DATE, date("previous_export"), text("title"), text("submitting_entity"), text("entity_type"), text("grf_year"),
    text("pledge_type"), text("multistakeholder_pledge"), text("region"), text("countries"), text("gcr_objectives"), text("areas"),
    text("joint_with"), num("amount_usd"), text("amount_text"), date("last_update"), text("stage", [], true), text("previous_stage"),
    text("stage_change"), num("months_since_update"), text("stalled"), text("scope"), text("for_operation", [], true),
    text("for_operation_rule"), text("rrp_sector"), text("focal_organisation"), date("last_contact"), text("next_step"), text("rule")
  ],
  ["focal_organisation", "next_step"],
  `SELECT * REPLACE (${["countries", "gcr_objectives", "areas", "joint_with"].map(joined).join(", ")},
            CASE WHEN stalled THEN 'yes' ELSE 'no' END AS stalled,
            CASE WHEN for_operation THEN 'yes' ELSE 'no' END AS for_operation)
   FROM pledge_status`
);
DATASETS["pledges-counts"] = pledgeDataset("pledges-counts", "pledge_counts", "GRF pledge count", [EXPORT_DATE, text("dimension", [], true), text("value"), num("pledges", [], true)]);
DATASETS["pledges-exports"] = pledgeDataset("pledges-exports", "pledge_exports", "GRF pledge export", [
  EXPORT_DATE, date("previous_export"), num("pledges"), num("operation_pledges"), num("operation_updated"), num("operation_fulfilled"),
  num("operation_to_activate"), num("share_fulfilled_updated"), num("share_fulfilled_all"), text("rule")
]);
DATASETS["pledges-changes"] = pledgeDataset(
  "pledges-changes",
  "pledge_changes",
  "GRF pledge change",
  [EXPORT_DATE, date("previous_export"), PLEDGE_ID, text("title"), text("submitting_entity"), text("entity_type"), text("previous_stage"), text("stage"), text("change", [], true), text("for_operation")],
  [],
  `SELECT * REPLACE (CASE WHEN for_operation THEN 'yes' ELSE 'no' END AS for_operation) FROM pledge_changes`
);
DATASETS["pledges-activate"] = pledgeDataset(
  "pledges-activate",
  "pledges_to_activate",
  "pledge to activate",
  [
    EXPORT_DATE, PLEDGE_ID, text("title"), text("submitting_entity"), text("entity_type"), text("stage"), date("last_update"),
    num("months_since_update"), text("reason"), num("priority"), text("for_operation_rule"), text("rrp_sector"),
    text("focal_organisation"), date("last_contact"), text("next_step"), text("notes")
  ],
  ["focal_organisation", "next_step", "notes"],
  // the follow-up sheet's notes, by the rule pledge_status uses (latest loaded file, then latest contact)
  `SELECT a.*, u.notes
   FROM pledges_to_activate AS a
   LEFT JOIN (SELECT u.pledge_id, u.notes
              FROM pledge_followup AS u
              JOIN ingest_files AS f ON f.file_hash = u.file_hash AND f.status = 'loaded'
              QUALIFY row_number() OVER (PARTITION BY u.pledge_id ORDER BY f.loaded_at DESC, u.last_contact DESC NULLS LAST, u.row_number DESC) = 1) AS u
     ON u.pledge_id = a.pledge_id`
);
DATASETS["pledges-followup"] = {
  ...pledgeDataset(
    "pledges-followup",
    "pledge_followup",
    "pledge follow-up",
    [PLEDGE_ID, text("rrp_sector"), text("focal_organisation"), date("last_contact"), text("next_step"), text("notes"), text("in_exports")],
    ["focal_organisation", "next_step", "notes"],
    // in_exports: a follow-up id no export lists is most likely mistyped
    `SELECT u.pledge_id, u.rrp_sector, u.focal_organisation, u.last_contact, u.next_step, u.notes,
            CASE WHEN EXISTS (SELECT 1 FROM pledges AS p WHERE p.pledge_id = u.pledge_id) THEN 'yes' ELSE 'no' END AS in_exports
     FROM pledge_followup AS u
     JOIN ingest_files AS f ON f.file_hash = u.file_hash AND f.status = 'loaded'
     ORDER BY u.pledge_id`
  ),
  periodColumn: undefined,
  internalOnly: true
};

/**
 * Funding and donor reporting (issue #15): US dollars, not people, so no small-number suppression. Donors are
 * not implementing partners and are named; recipients are organisations doing the work and are partner columns,
 * withheld in public builds on rows of a sensitive AoR (a GBV recipient points at GBV services). The flow list
 * and the 'ALL' recipient rows would name GBV recipients outside a GBV row: internal only / left out.
 */
const YEAR_COL = num("year", [], true);
const FUNDING_AOR = text("aor", [], true);
const fundingDataset = (name: string, table: string, label: string, columns: ColumnSpec[], more: Partial<DatasetSpec> = {}): DatasetSpec => ({
  name, table, label, columns, adminLevel: 0, aorColumn: "aor", counts: [], partnerColumns: [], freeText: [], periodColumn: "year", ...more
});
DATASETS["funding-coverage"] = fundingDataset("funding-coverage", "funding_coverage", "funding coverage", [
  YEAR_COL, FUNDING_AOR, num("requirement_usd"), num("funded_usd", [], true), num("coverage_pct"), num("unmet_usd"), num("pledged_usd"), num("shared_usd"),
  num("off_plan_usd"), num("nngo_direct_usd"), num("nngo_direct_share"), num("nngo_pooled_usd"), num("nngo_pooled_share"), num("target_share"), num("flows"), text("method")
]);
DATASETS["funding-donors"] = fundingDataset("funding-donors", "funding_by_donor", "funding by donor", [
  YEAR_COL, FUNDING_AOR, text("donor", [], true), text("donor_type"), num("funded_usd", [], true), num("pledged_usd"), num("flows"), num("share")
]);
DATASETS["funding-recipient-types"] = fundingDataset("funding-recipient-types", "funding_by_recipient_type", "funding by recipient type", [
  YEAR_COL, FUNDING_AOR, text("recipient_type", [], true), num("funded_usd", [], true), num("pledged_usd"), num("nngo_pooled_usd"), num("recipients"), num("share")
]);
DATASETS["funding-monthly"] = fundingDataset("funding-monthly", "funding_monthly", "monthly funding", [
  YEAR_COL, FUNDING_AOR, date("month", [], true), num("funded_usd"), num("cumulative_usd", [], true), num("requirement_usd"), num("cumulative_coverage_pct")
]);
DATASETS["funding-localisation"] = fundingDataset("funding-localisation", "funding_localisation", "localisation", [
  YEAR_COL, FUNDING_AOR, text("channel", [], true), num("usd", [], true), num("funded_usd"), num("share"), num("target_share"), text("meets_target")
]);
DATASETS["funding-recipients"] = fundingDataset("funding-recipients", "funding_recipients", "funding by recipient", [
  YEAR_COL, FUNDING_AOR, text("recipient", [], true), text("recipient_type"), text("nngo_channel"), num("funded_usd", [], true), text("donors")
], { partnerColumns: ["recipient"], sql: `SELECT * FROM funding_recipients WHERE aor <> 'ALL'` });
DATASETS["funding-flows"] = fundingDataset("funding-flows", "funding_protection_flows", "protection funding flow", [
  text("flow_id"), YEAR_COL, date("month"), date("flow_date"), text("donor", [], true), text("donor_type"), text("recipient"), text("recipient_type"), text("aor"),
  text("aor_list"), text("protection_scope"), text("status"), num("funded_usd"), num("pledged_usd"), num("amount_usd"), num("original_amount"), text("original_currency"),
  text("amount_flag"), text("in_plan"), text("nngo_channel"), text("fund_type"), text("boundary"), text("dest_locations"), text("description"), text("source")
], { aorColumn: undefined, partnerColumns: ["recipient"], freeText: ["description"], internalOnly: true, sql: `SELECT * FROM funding_protection_flows ORDER BY year, flow_date, flow_id` });
DATASETS["funding-pooled"] = fundingDataset("funding-pooled", "pooled_fund_allocations", "pooled-fund allocation", [
  YEAR_COL, text("fund", [], true), text("fund_type"), text("source"), FUNDING_AOR, num("allocated_usd", [], true), num("nngo_usd"), num("nngo_share"), num("ngo_unspecified_usd"), num("grants")
]);
DATASETS["funding-plan-clusters"] = fundingDataset("funding-plan-clusters", "funding_plan_clusters", "plan-cluster funding", [
  text("plan_id", [], true), YEAR_COL, text("cluster_id"), text("cluster", [], true), text("aor"), num("requirement_usd"), num("funded_usd"), num("coverage_pct"),
  num("shared_usd"), num("pledged_usd"), num("published_funding_usd"), num("flows")
], { aorColumn: undefined });
DATASETS["funding-checks"] = fundingDataset("funding-checks", "funding_checks", "funding data check", [
  text("rule", [], true), text("severity"), num("year"), text("message", [], true)
], { aorColumn: undefined, periodColumn: undefined });

export function datasetSpec(name: string): DatasetSpec {
  const spec = DATASETS[name];
  if (!spec) throw new Error(`unknown dataset: ${name}`);
  return spec;
}
