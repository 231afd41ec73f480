-- depends: severity, ingest_files
-- Every severity input row with its score. Indicator rows are scored 1–5 against their thresholds:
-- increasing thresholds → the highest k with value ≥ threshold_k, decreasing thresholds (higher is
-- better) → the highest k with value ≤ threshold_k, else 1. Indicator rows without a value or
-- thresholds keep the score the source gave. Directly rated rows pass through as given.
WITH files AS (
  SELECT file_hash, max(loaded_at) AS loaded_at FROM ingest_files GROUP BY file_hash
),
rows AS (
  SELECT s.*,
         f.loaded_at,
         s.indicator_code IS NOT NULL
           OR (s.value IS NOT NULL AND coalesce(s.threshold_2, s.threshold_3, s.threshold_4, s.threshold_5) IS NOT NULL) AS is_indicator,
         list_filter([s.threshold_2, s.threshold_3, s.threshold_4, s.threshold_5], t -> t IS NOT NULL) AS ts
  FROM severity s
  LEFT JOIN files f USING (file_hash)
),
directed AS (
  SELECT *,
         CASE
           WHEN NOT is_indicator OR value IS NULL OR len(ts) = 0 THEN NULL
           WHEN ts[1] > ts[-1] THEN 'decreasing'
           ELSE 'increasing'
         END AS direction
  FROM rows
)
SELECT period,
       admin_pcode,
       admin_level,
       population_group,
       aor,
       CASE WHEN is_indicator THEN 'indicator' ELSE 'rated' END AS kind,
       indicator_code,
       indicator,
       value,
       threshold_2,
       threshold_3,
       threshold_4,
       threshold_5,
       direction,
       CASE direction
         WHEN 'increasing' THEN coalesce(greatest(
           CASE WHEN value >= threshold_2 THEN 2 END,
           CASE WHEN value >= threshold_3 THEN 3 END,
           CASE WHEN value >= threshold_4 THEN 4 END,
           CASE WHEN value >= threshold_5 THEN 5 END), 1)
         WHEN 'decreasing' THEN coalesce(greatest(
           CASE WHEN value <= threshold_2 THEN 2 END,
           CASE WHEN value <= threshold_3 THEN 3 END,
           CASE WHEN value <= threshold_4 THEN 4 END,
           CASE WHEN value <= threshold_5 THEN 5 END), 1)
         ELSE severity
       END AS score,
       CASE
         WHEN NOT is_indicator THEN 'rated'
         WHEN direction IS NOT NULL THEN 'thresholds (' || direction || ')'
         WHEN severity IS NOT NULL THEN 'scored by source'
         ELSE 'not scorable'
       END AS method,
       pin,
       justification,
       file_hash,
       sheet,
       row_number,
       loaded_at
FROM directed
