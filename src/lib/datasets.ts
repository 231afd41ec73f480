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
  SELECT lower(org_lead) AS org_key,${by === "area" ? " adm2_pcode AS area_key, aor AS aor_key," : ""}
         string_agg(DISTINCT coalesce(activity, activity_code), ' | ' ORDER BY coalesce(activity, activity_code)) AS activity_list
  FROM activities
  WHERE coalesce(activity, activity_code) IS NOT NULL
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
    activityColumn: "activity_list",
    feeds: "reach-admin2",
    sql: withActivityList("reach_org_admin2", "adm2_pcode")
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
    columns: [date("month", ["reporting_month"], true), AOR, num("reached", [], true)],
    adminLevel: 0,
    aorColumn: "aor",
    counts: ["reached"],
    partnerColumns: [],
    freeText: [],
    periodColumn: "month"
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
    columns: [text("file_name", [], true), text("severity", [], true), text("rule"), text("reason", [], true), num("issues", [], true), text("file_status")],
    adminLevel: null,
    counts: [],
    partnerColumns: [],
    freeText: ["file_name"],
    internalOnly: true,
    sql: `SELECT i.file_name, i.severity, i.rule, i.reason, count(*) AS issues, any_value(f.status) AS file_status
          FROM ingest_issues AS i
          LEFT JOIN (SELECT file_hash, any_value(status) AS status FROM ingest_files GROUP BY file_hash) AS f
            ON f.file_hash = i.file_hash
          GROUP BY i.file_name, i.file_hash, i.severity, i.rule, i.reason -- one line per file version and reason
          ORDER BY issues DESC`
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
DATASETS["reach-org-month"] = byMonth("reach-org", "reach-org-month", "reach_org_admin2_month", withActivityList("reach_org_admin2_month", "adm2_pcode"));
DATASETS["presence-month"] = byMonth("presence", "presence-month", "presence_admin2_month", withActivityList("presence_admin2_month", "admin2_pcode"));

export function datasetSpec(name: string): DatasetSpec {
  const spec = DATASETS[name];
  if (!spec) throw new Error(`unknown dataset: ${name}`);
  return spec;
}
