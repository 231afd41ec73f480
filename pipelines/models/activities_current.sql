-- depends: activities, ingest_files, admin_areas, cfg_indicator_rules
-- One row per 5W report key (org_lead × activity code-or-name × indicator × admin2 × location ×
-- population group × month). A key reported more than once (within a file or across files) keeps the
-- row of the most recently loaded file, then the highest row number. Each row carries the time rule of
-- its indicator: from the file's reporting type, else the first matching config rule, else the default,
-- its quarter ('2025Q3', NULL without a month) and its admin1_pcode (the COD admin1 of its admin2, else
-- the admin1 it reported).
WITH files AS (
  -- one row per file version (a hash may be logged under more than one kind)
  SELECT file_hash,
         arg_max(file_name, loaded_at) AS file_name,
         max(loaded_at) AS loaded_at
  FROM ingest_files
  GROUP BY file_hash
),
areas AS (
  SELECT pcode, any_value(admin1_pcode) AS admin1_pcode
  FROM admin_areas
  WHERE level = 2
  GROUP BY pcode
),
keyed AS (
  SELECT a.* EXCLUDE (details), -- its fields are columns of their own (virtual, migration 012)
         f.file_name,
         f.loaded_at,
         -- the duplicate key: case differences in a resubmitted row are the same report
         lower(a.org_lead) AS k_org,
         lower(coalesce(a.activity_code, a.activity)) AS k_activity,
         lower(a.indicator) AS k_indicator,
         lower(a.location) AS k_location,
         concat_ws(':', coalesce(f.file_name, a.file_hash), a.sheet, a.row_number) AS row_ref
  FROM activities a
  LEFT JOIN files f USING (file_hash)
),
ranked AS (
  SELECT *,
         row_number() OVER newest_first AS report_rank,
         count(*) OVER (newest_first ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS reports
  FROM keyed
  WINDOW newest_first AS (
    PARTITION BY k_org, k_activity, k_indicator, admin2_pcode, k_location, population_group, reporting_month
    ORDER BY loaded_at DESC NULLS LAST, file_hash DESC, row_number DESC NULLS LAST, sheet DESC NULLS LAST
  )
),
repeated AS (
  -- every report of a key reported more than once, newest first (lists built for those keys only)
  SELECT k_org, k_activity, k_indicator, admin2_pcode, k_location, population_group, reporting_month,
         list_sort(list_distinct(list(coalesce(file_name, file_hash)))) AS duplicate_files,
         list(row_ref ORDER BY report_rank) AS duplicate_rows
  FROM ranked
  WHERE reports > 1
  GROUP BY ALL
),
kept AS (
  SELECT r.* EXCLUDE (report_rank),
         d.duplicate_files,
         d.duplicate_rows
  FROM ranked r
  LEFT JOIN repeated d
    ON  d.k_org IS NOT DISTINCT FROM r.k_org
    AND d.k_activity IS NOT DISTINCT FROM r.k_activity
    AND d.k_indicator IS NOT DISTINCT FROM r.k_indicator
    AND d.admin2_pcode IS NOT DISTINCT FROM r.admin2_pcode
    AND d.k_location IS NOT DISTINCT FROM r.k_location
    AND d.population_group IS NOT DISTINCT FROM r.population_group
    AND d.reporting_month IS NOT DISTINCT FROM r.reporting_month
  WHERE r.report_rank = 1 -- the newest report of each key
),
texts AS (
  -- config rules are matched once per distinct indicator/activity text, not per row
  SELECT DISTINCT indicator, activity
  FROM kept
  WHERE reporting_type IS NULL -- the file did not say
),
matched AS (
  SELECT t.indicator,
         t.activity,
         coalesce(
           arg_min(r.reporting, r.priority) FILTER (WHERE contains(lower(t.indicator), lower(r.match))),
           arg_min(r.reporting, r.priority) FILTER (WHERE contains(lower(t.activity), lower(r.match)))
         ) AS reporting
  FROM texts t
  CROSS JOIN cfg_indicator_rules r
  GROUP BY t.indicator, t.activity
)
SELECT k.* EXCLUDE (k_org, k_activity, k_indicator, k_location, row_ref, admin1_pcode),
       strftime(k.reporting_month, '%Y') || 'Q' || quarter(k.reporting_month) AS quarter,
       coalesce(ar.admin1_pcode, k.admin1_pcode) AS admin1_pcode,
       coalesce(k.reporting_type, m.reporting, getvariable('default_reporting')) AS reporting_rule,
       CASE
         WHEN k.reporting_type IS NOT NULL THEN 'file'
         WHEN m.reporting IS NOT NULL THEN 'config'
         ELSE 'default'
       END AS rule_source
FROM kept k
LEFT JOIN matched m
  ON  m.indicator IS NOT DISTINCT FROM k.indicator
  AND m.activity IS NOT DISTINCT FROM k.activity
  AND k.reporting_type IS NULL
LEFT JOIN areas ar ON ar.pcode = k.admin2_pcode
