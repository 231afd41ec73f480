// Canonical tables that carry provenance (file_hash, sheet, row_number).
export const PROVENANCE_TABLES = [
  "admin_areas",
  "population",
  "pcode_gazetteer",
  "pcode_lengths",
  "activities",
  "severity",
  "funding_flows",
  "funding_requirements",
  "reference_lists",
  "ccpm_responses",
  "ccpm_actions",
  "risk_ratings",
  "incidents",
  "pledges",
  "pledge_followup"
] as const;

/**
 * Issues found while a sheet is checked collect in this temp table and reach ingest_issues when the
 * sheet's rows are written: the checking runs before the file's transaction opens, where DuckDB's temp
 * tables are not transaction-local and scans and the final insert run about twice as fast.
 */
export const SHEET_ISSUES = "sheet_issues";
