-- depends: risk_ratings, ingest_files
-- One row per quarter × area_pcode × risk_key: the rating in force. When two loaded files rate the same
-- quarter × area × risk, the most recently loaded file wins (ingest_files.loaded_at), then the highest row
-- number (a file's own repeats are already dropped at load, with a note in the ingest report).
-- level is NULL for N/A (not present / not rated): such a rating still replaces an earlier one.
-- source_file: the file the kept rating came from.
WITH files AS (
  SELECT file_hash, arg_max(file_name, loaded_at) AS file_name, max(loaded_at) AS loaded_at
  FROM ingest_files
  WHERE status = 'loaded'
  GROUP BY file_hash
)
SELECT r.quarter,
       r.period_start,
       r.period_end,
       r.area_pcode,
       r.area_level,
       r.admin1_pcode,
       r.risk_key,
       r.risk_label,
       r.level,
       r.label_set,
       r.level_label,
       r.trend_reported,
       r.incidents AS incidents_reported,
       r.population_groups,
       f.file_name AS source_file,
       r.file_hash,
       r.row_number
FROM risk_ratings r
LEFT JOIN files f USING (file_hash)
QUALIFY row_number() OVER (PARTITION BY r.quarter, r.area_pcode, r.risk_key ORDER BY f.loaded_at DESC NULLS LAST, r.row_number DESC) = 1
