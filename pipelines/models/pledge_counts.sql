-- depends: pledge_status
-- One row per export × dimension × value: the number of the operation's pledges (for_operation) with that
-- value, in long form. dimension is stage, entity_type, gcr_objective ('1'…'4'), area, pledge_type or grf_year.
-- pledges counts distinct pledge ids: a pledge listing several countries, objectives, areas or co-pledgers is
--   counted once in each value it has, never once per country or co-pledger. stage, entity_type and grf_year
--   hold one value per pledge, so their values add up to the operation's pledges; the multi-valued dimensions
--   (gcr_objective, area, pledge_type) can add up to more. A pledge without the field counts under 'not stated'.
WITH op AS (
  SELECT * FROM pledge_status WHERE for_operation
),
long AS (
  SELECT export_date, pledge_id, 'stage' AS dimension, stage AS value FROM op
  UNION ALL
  SELECT export_date, pledge_id, 'entity_type', coalesce(entity_type, 'not stated') FROM op
  UNION ALL
  SELECT export_date, pledge_id, 'grf_year', coalesce(grf_year, 'not stated') FROM op
  UNION ALL
  SELECT export_date, pledge_id, 'gcr_objective', coalesce(CAST(o AS VARCHAR), 'not stated')
  FROM (SELECT export_date, pledge_id, unnest(CASE WHEN len(gcr_objectives) = 0 THEN [NULL::INTEGER] ELSE gcr_objectives END) AS o FROM op)
  UNION ALL
  SELECT export_date, pledge_id, 'area', coalesce(a, 'not stated')
  FROM (SELECT export_date, pledge_id, unnest(CASE WHEN len(areas) = 0 THEN [NULL::VARCHAR] ELSE areas END) AS a FROM op)
  UNION ALL
  SELECT export_date, pledge_id, 'pledge_type', coalesce(t, 'not stated')
  FROM (SELECT export_date, pledge_id, unnest(CASE WHEN pledge_type IS NULL THEN [NULL::VARCHAR] ELSE string_split(pledge_type, '; ') END) AS t FROM op)
)
SELECT export_date,
       dimension,
       value,
       count(DISTINCT pledge_id) AS pledges
FROM long
GROUP BY export_date, dimension, value
ORDER BY export_date, dimension, pledges DESC, value
