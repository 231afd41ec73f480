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
  "reference_lists"
] as const;
