-- depends: pledge_status
-- One row per pledge × export that the GCR focal point should mobilise for the emergency: relevant to the
-- operation (for_operation), not Fulfilled, and stalled or never updated (stage No update).
-- reason: 'never updated' (No update, or no update date), else 'no progress update since <date> (N months)'.
-- priority: 1 never updated, 2 stalled in Planning stage, 3 stalled In progress; then the longest silence.
-- rrp_sector, focal_organisation, last_contact, next_step: from the follow-up sheet (NULL when it has no row).
SELECT export_date,
       pledge_id,
       title,
       submitting_entity,
       entity_type,
       stage,
       last_update,
       months_since_update,
       CASE
         WHEN stage = 'No update' OR last_update IS NULL THEN 'never updated'
         ELSE 'no progress update since ' || strftime(last_update, '%Y-%m-%d') || ' (' || months_since_update || ' months)'
       END AS reason,
       CASE
         WHEN stage = 'No update' OR last_update IS NULL THEN 1
         WHEN stage = 'Planning stage' THEN 2
         ELSE 3
       END AS priority,
       for_operation_rule,
       rrp_sector,
       focal_organisation,
       last_contact,
       next_step
FROM pledge_status
WHERE for_operation
  AND stage <> 'Fulfilled'
  AND (stalled OR stage = 'No update')
ORDER BY export_date, priority, months_since_update DESC NULLS FIRST, pledge_id
