-- depends: funding_requirements, ingest_files
-- One row per plan × year × plan cluster requirement, from the current version of every loaded file.
-- The same plan cluster loaded from two files (the HDX cluster CSV and the API's groupby-cluster JSON)
-- counts once: the file loaded last wins. requirement_usd: the plan's revised requirement for the
-- cluster (NULL when FTS gives none, e.g. COVID-19 clusters in some exports). published_funding_usd: the
-- funding FTS itself published for the cluster, kept to reconcile with (never summed into coverage).
-- aor: the AoR the plan cluster stands for (loaders' AoR patterns: "Protection COVID-19" → GP), NULL for
-- other clusters and for the "Not specified" and shared buckets.
WITH loaded AS (
  SELECT file_hash, max(loaded_at) AS loaded_at FROM ingest_files WHERE status = 'loaded' GROUP BY file_hash
),
ranked AS (
  SELECT r.*, l.loaded_at,
         row_number() OVER (
           PARTITION BY coalesce(r.plan_id, r.plan_code, ''), r.year, coalesce(r.cluster_code, lower(r.cluster), '')
           ORDER BY l.loaded_at DESC, r.row_number
         ) AS copy
  FROM funding_requirements AS r
  JOIN loaded AS l USING (file_hash)
  WHERE r.cluster IS NOT NULL OR r.cluster_code IS NOT NULL -- plan-level rows (no cluster) are not cluster requirements
)
SELECT plan_id, plan_code, plan_name, country_code, year, cluster_code, cluster, aor,
       requirements AS requirement_usd,
       funding AS published_funding_usd,
       file_hash, sheet, row_number
FROM ranked
WHERE copy = 1
