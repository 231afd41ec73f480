-- Ingest bookkeeping: every run, every file version, every rejected or flagged row.
CREATE TABLE ingest_runs (
  run_id VARCHAR PRIMARY KEY,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  command VARCHAR,
  files INTEGER,
  files_failed INTEGER,
  rows_read BIGINT,
  rows_accepted BIGINT,
  rows_rejected BIGINT
);

-- One row per file version; status 'loaded' for the current version, 'replaced' once a newer one lands.
CREATE TABLE ingest_files (
  file_hash VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL,
  file_path VARCHAR,
  kind VARCHAR NOT NULL,
  format VARCHAR,
  run_id VARCHAR NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  rows_read BIGINT,
  rows_accepted BIGINT,
  rows_rejected BIGINT,
  rows_flagged BIGINT,
  sheets VARCHAR,
  status VARCHAR NOT NULL,
  PRIMARY KEY (file_hash, kind)
);

-- severity: error = row rejected; warning = row kept but flagged; skipped = row deliberately not loaded
-- (totals, other sectors); info = a decision the loader took (repair, mapping) worth showing.
CREATE TABLE ingest_issues (
  run_id VARCHAR NOT NULL,
  file_hash VARCHAR,
  file_name VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  column_name VARCHAR,
  raw_value VARCHAR,
  severity VARCHAR NOT NULL,
  rule VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  suggestion VARCHAR
);
