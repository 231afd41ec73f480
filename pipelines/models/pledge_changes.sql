-- depends: pledge_status
-- One row per pledge whose stage changed between an export and the export before it, and per pledge that the
-- later export no longer lists (export_date is the later export, previous_export the earlier).
-- change: the stage_change of pledge_status ('new in this export', 'advanced', 'went back', 'first update',
--   'no longer reported'), or 'missing from this export' for an id of the earlier export that the later one does
--   not list (its stage is NULL; title, entity and for_operation are the earlier export's).
WITH exports AS (
  SELECT export_date, lag(export_date) OVER (ORDER BY export_date) AS previous_export
  FROM (SELECT DISTINCT export_date FROM pledge_status)
)
SELECT export_date,
       previous_export,
       pledge_id,
       title,
       submitting_entity,
       entity_type,
       previous_stage,
       stage,
       stage_change AS change,
       for_operation
FROM pledge_status
WHERE stage_change NOT IN ('first export', 'unchanged')
UNION ALL
SELECT e.export_date,
       e.previous_export,
       old.pledge_id,
       old.title,
       old.submitting_entity,
       old.entity_type,
       old.stage AS previous_stage,
       NULL AS stage,
       'missing from this export' AS change,
       old.for_operation
FROM exports AS e
JOIN pledge_status AS old
  ON old.export_date = e.previous_export
WHERE NOT EXISTS (SELECT 1 FROM pledge_status AS now WHERE now.export_date = e.export_date AND now.pledge_id = old.pledge_id)
ORDER BY export_date, change, pledge_id
