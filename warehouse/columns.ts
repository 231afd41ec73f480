// One naming scheme for the columns of the warehouse, the pipeline tables, the site's datasets and the
// exports, and what each common column means in words. The data dictionary (cli/dictionary.ts, the
// site's Data dictionary page, docs/data-dictionary.md) takes its column descriptions from here, so a
// column is described once whatever table it is in.
//
// The scheme: p-codes are `admin1_pcode`, `admin2_pcode` (and `area_pcode` for a table mixing levels);
// names `admin1_name`, `admin2_name`; `quarter` is text like 2025Q3; `month` a DATE (first of the month);
// `period` the severity/HNO period (a year, or a quarter); dates ISO (YYYY-MM-DD); shares are fractions
// in the warehouse (0.588) and percentages in downloads (58.8). Older names still read by the site
// (adm1_pcode, adm2_pcode, pcode) are listed in LEGACY_NAMES with the name they stand for.

export const COLUMN_WORDS: Record<string, string> = {
  quarter: "Quarter the figures are for, as 2025Q3.",
  month: "Reporting month (the first day of the month).",
  reporting_month: "Month the partner reported for (the first day of the month).",
  period: "Severity and HNO period the row belongs to (a year such as 2025, or a quarter).",
  admin1_pcode: "P-code of the admin1 area (COD-AB).",
  admin2_pcode: "P-code of the admin2 area (COD-AB).",
  admin_pcode: "P-code of the area the row describes, at the level in admin_level.",
  admin_level: "Admin level of the area: 1 or 2.",
  pcode: "P-code of the area (COD-AB).",
  name: "Name of the area in the boundaries.",
  admin1_name: "Name of the admin1 area.",
  admin2_name: "Name of the admin2 area.",
  population_group: "Population group (idp, returnee, host, refugee…); 'all' is the total of the groups.",
  aor: "Area of responsibility: GP (General Protection), CP, GBV, MA, HLP; 'ALL' is all protection counted once.",
  org_lead: "Reporting organisation.",
  org_type: "Type of organisation (UN, INGO, NNGO…).",
  activity_code: "Activity code from the cluster's activity list.",
  activity: "Activity as reported.",
  indicator: "Indicator as reported.",
  targeted: "People targeted (in the pipeline tables counted once per area and group: the largest figure among partners, never a sum).",
  reached: "People reached (in the pipeline tables counted once per area and group: the largest figure among partners and AoRs, never a sum).",
  org_acronym: "Acronym of the reporting organisation.",
  org_impl: "Implementing partner, when the reporting organisation works through one.",
  sector: "Cluster or sector as reported (rows of other clusters are skipped).",
  reporting_type: "Whether the partner reported the figure as new in the month or cumulative (year to date).",
  modality: "How the activity was delivered (in person, remote…).",
  year: "Year of the report, used when a month is given without one.",
  admin3_pcode: "P-code of the admin3 area, when reported.",
  admin3_name: "Name of the admin3 area, when reported.",
  pcode_match: "How the row's area was placed: exact p-code, repaired p-code, or matched by name.",
  extra: "Columns of the file nobody asked for, kept as JSON.",
  details: "The row's rarely filled fields (acronym, implementing partner, sector, admin3, sex/age of people targeted…) as JSON; each is also a column of its own name.",
  reached_in_month: "People a month adds: a new indicator's count, a cumulative indicator's rise since the month before.",
  partners: "Number of distinct organisations.",
  admin2_count: "Number of admin2 areas.",
  activities: "Number of activities (or their names).",
  months_reported: "Number of months with a report.",
  last_month: "Last month reported.",
  aors: "The AoRs an organisation works in.",
  severity: "Severity phase 1–5 (JIAF: 1 none/minimal, 2 stress, 3 severe, 4 extreme, 5 catastrophic).",
  max_severity: "Highest severity phase among the admin2 areas.",
  population: "Population (COD-PS, or the HNO population of the group).",
  pin: "People in need: everyone at phase 3–5 (population × the share for the phase), or the source's published PiN.",
  pin_raw: "PiN before capping at population.",
  pin_girls: "People in need: girls (under 18).",
  pin_boys: "People in need: boys (under 18).",
  pin_women: "People in need: women (18 and over).",
  pin_men: "People in need: men (18 and over).",
  coverage: "People reached ÷ people in need (a fraction; a percentage in downloads).",
  flag: "What needs a look: no response, low response, reached above PiN, population missing.",
  method: "The rule applied to this row, in words.",
  rule: "The rule applied to this row.",
  rule_source: "Where the rule came from: the file, the config, or the default.",
  reporting_rule: "How the indicator adds up over months: cumulative (latest value) or new (sum of months).",
  reason: "Why the row is listed, in words.",
  n_indicators: "Number of indicators scored.",
  top_indicators: "Indicators with the highest score.",
  file_name: "File the row came from.",
  file_hash: "SHA-256 of the file version the row came from.",
  sheet: "Sheet of the file.",
  row_number: "Row number in the sheet (as a spreadsheet shows it).",
  loaded_at: "When the file was loaded.",
  kind: "Kind of data the file holds (5w, boundaries, population, severity…).",
  format: "File format (xlsx, csv, json…).",
  status: "Status (loaded, replaced, failed…; for 5W rows: ongoing, completed, planned).",
  rows_read: "Rows read from the file: accepted + rejected + skipped.",
  rows_accepted: "Rows stored.",
  rows_rejected: "Rows not stored because of an error.",
  rows_flagged: "Rows stored with a warning.",
  column_name: "Column of the file the issue is about.",
  raw_value: "The value as typed in the file.",
  suggestion: "A suggested correction.",
  location: "Location (village, site) within the admin2.",
  value: "Indicator value.",
  score: "Severity score of the indicator (1–5).",
  reports: "Times the same key was reported.",
  inputs_max_loaded_at: "Load time of the newest file behind the table.",
  girls: "Girls (under 18).",
  boys: "Boys (under 18).",
  women: "Women (18 and over).",
  men: "Men (18 and over).",
  has_structure: "Whether the sex and age structure is known.",
  reference_year: "Year the population figures refer to."
};

/** Older column names and the name of the scheme they stand for (read by the site through aliases). */
export const LEGACY_NAMES: Record<string, string> = {
  adm1_pcode: "admin1_pcode",
  adm2_pcode: "admin2_pcode",
  adm3_pcode: "admin3_pcode",
  adm1_name: "admin1_name",
  adm2_name: "admin2_name",
  adm3_name: "admin3_name"
};

const GROUPS: Record<string, string> = { girls: "girls (under 18)", boys: "boys (under 18)", women: "women (18 and over)", men: "men (18 and over)", elderly: "older people", disability: "people with disabilities" };

/** Words for a column: its own, else those of the scheme name it is an older spelling of, else a disaggregation's. */
export function columnWords(name: string): string | null {
  if (COLUMN_WORDS[name]) return COLUMN_WORDS[name]!;
  const legacy = LEGACY_NAMES[name];
  if (legacy) return `${COLUMN_WORDS[legacy] ?? ""} (older name for ${legacy})`.trim();
  const part = /^(targeted|reached)_(girls|boys|women|men|elderly|disability)$/.exec(name);
  if (part) return `People ${part[1]} among ${GROUPS[part[2]!]}.`;
  return null;
}
