-- depends: ccpm_actions, ccpm_scores
-- One row per action of the CCPM action plan, with the band of its item (group 'all') in the action's round
-- (else the latest round) and in the latest round (latest_band: did the action help?). overdue: not done and the deadline is before the as-of day (the config's asOf,
-- else the day the pipeline ran); days_overdue counts from the deadline. review_passed: not done and the
-- review date is before the as-of day (the quarterly HCT follow-up is late).
WITH latest AS (
  SELECT max(round) AS round FROM ccpm_scores
)
SELECT coalesce(a.round, (SELECT round FROM latest)) AS round,
       a.sub_item,
       s.item_en,
       s.band,
       s.score_pct,
       (SELECT round FROM latest) AS latest_round,
       l.band AS latest_band,
       l.score_pct AS latest_score_pct,
       a.action,
       a.responsible,
       a.deadline,
       a.support_needed,
       a.status,
       replace(a.status, '_', ' ') AS status_words,
       a.review_date,
       a.progress,
       coalesce(a.status <> 'done' AND a.deadline < getvariable('ccpm_as_of'), FALSE) AS overdue,
       CASE WHEN a.status <> 'done' AND a.deadline < getvariable('ccpm_as_of') THEN date_diff('day', a.deadline, getvariable('ccpm_as_of')) END AS days_overdue,
       coalesce(a.status <> 'done' AND a.review_date < getvariable('ccpm_as_of'), FALSE) AS review_passed,
       getvariable('ccpm_as_of') AS as_of,
       a.file_hash,
       a.row_number
FROM ccpm_actions a
LEFT JOIN ccpm_scores s
  ON s.round = coalesce(a.round, (SELECT round FROM latest))
 AND s.item = a.sub_item
 AND s.respondent_group = 'all'
LEFT JOIN ccpm_scores l
  ON l.round = (SELECT round FROM latest)
 AND l.item = a.sub_item
 AND l.respondent_group = 'all'
ORDER BY overdue DESC, a.deadline NULLS LAST, a.sub_item
