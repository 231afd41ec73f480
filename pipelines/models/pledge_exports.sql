-- depends: pledge_status
-- One row per loaded pledge export (export_date): how many pledges it lists, how many concern the operation,
-- and the operation's share fulfilled among pledges with a progress update and among all (stages are
-- self-reported: No update is not planning, so the two shares differ).
-- share_fulfilled_updated = fulfilled / (operation pledges not No update); NULL when none was updated.
-- share_fulfilled_all = fulfilled / operation pledges; NULL when there are none.
SELECT export_date,
       any_value(previous_export) AS previous_export,
       count(*) AS pledges,
       count(*) FILTER (WHERE for_operation) AS operation_pledges,
       count(*) FILTER (WHERE for_operation AND stage <> 'No update') AS operation_updated,
       count(*) FILTER (WHERE for_operation AND stage = 'Fulfilled') AS operation_fulfilled,
       count(*) FILTER (WHERE for_operation AND stage <> 'Fulfilled' AND (stalled OR stage = 'No update')) AS operation_to_activate,
       CAST(count(*) FILTER (WHERE for_operation AND stage = 'Fulfilled') AS DOUBLE)
         / nullif(count(*) FILTER (WHERE for_operation AND stage <> 'No update'), 0) AS share_fulfilled_updated,
       CAST(count(*) FILTER (WHERE for_operation AND stage = 'Fulfilled') AS DOUBLE)
         / nullif(count(*) FILTER (WHERE for_operation), 0) AS share_fulfilled_all,
       any_value(rule) AS rule
FROM pledge_status
GROUP BY export_date
ORDER BY export_date
