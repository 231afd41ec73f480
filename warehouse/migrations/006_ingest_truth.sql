-- Ingest bookkeeping added by issue #11: repeated warnings kept per distinct value, and how 5W totals were found.

-- One row per distinct value a repeated warning fired on (an activity not on the cluster list, in 700,000 rows):
-- ingest_issues holds one line for it (row_number = first row), this table the count and extent, and
-- ingest_issue_ranges every row, as runs of consecutive row numbers.
CREATE TABLE ingest_issue_groups (
  run_id VARCHAR NOT NULL,
  file_hash VARCHAR,
  file_name VARCHAR NOT NULL,
  sheet VARCHAR,
  column_name VARCHAR,
  raw_value VARCHAR,
  severity VARCHAR NOT NULL,
  rule VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  rows BIGINT NOT NULL,
  first_row INTEGER,
  last_row INTEGER
);

-- The rows of a group: row_from..row_to inclusive, in the sheet's own row numbers.
CREATE TABLE ingest_issue_ranges (
  file_hash VARCHAR,
  sheet VARCHAR,
  rule VARCHAR NOT NULL,
  column_name VARCHAR,
  raw_value VARCHAR,
  row_from INTEGER NOT NULL,
  row_to INTEGER NOT NULL
);

-- Row-level detail of grouped warnings, one row per flagged source row, as ingest_issues would have held it.
CREATE VIEW ingest_issue_detail AS
SELECT g.run_id, g.file_hash, g.file_name, g.sheet, CAST(s.row_number AS INTEGER) AS row_number, g.column_name, g.raw_value, g.severity, g.rule, g.reason
FROM ingest_issue_groups g
JOIN ingest_issue_ranges r
  ON r.file_hash IS NOT DISTINCT FROM g.file_hash AND r.sheet IS NOT DISTINCT FROM g.sheet AND r.rule = g.rule
 AND r.column_name IS NOT DISTINCT FROM g.column_name AND r.raw_value IS NOT DISTINCT FROM g.raw_value
CROSS JOIN LATERAL (SELECT unnest(generate_series(r.row_from, r.row_to)) AS row_number) s;

-- How each 5W row's totals were found: 'reported' (a total column), 'sum of parts' (girls + boys + women + men,
-- no total given); NULL when the row has no such figure.
ALTER TABLE activities ADD COLUMN reached_method VARCHAR;
ALTER TABLE activities ADD COLUMN targeted_method VARCHAR;
