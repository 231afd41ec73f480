-- depends: ccpm_responses, presence_admin2
-- One row per CCPM round × organisation type (and 'all'): partner respondents (the coordinators are not counted)
-- against the active partners of that type, where the 5W presence knows them. Active partners: distinct lead
-- organisations present in any quarter of the round's year (the first four digits of the round); NULL when the
-- 5W has no presence for that year, and the note says so. response_rate = respondents / active_partners; it can
-- pass 1 when an organisation sent more than one answer (names are not kept, so that cannot be checked).
WITH respondents AS (
  SELECT round, coalesce(org_type, 'unknown') AS org_type, count(DISTINCT respondent_id) AS respondents
  FROM ccpm_responses
  WHERE respondent_role = 'partner'
  GROUP BY GROUPING SETS ((round, coalesce(org_type, 'unknown')), (round))
),
active AS (
  SELECT left(quarter, 4) AS year, coalesce(org_type, 'unknown') AS org_type, count(DISTINCT lower(org_lead)) AS active_partners
  FROM presence_admin2
  GROUP BY GROUPING SETS ((left(quarter, 4), coalesce(org_type, 'unknown')), (left(quarter, 4)))
),
years AS (
  SELECT DISTINCT left(quarter, 4) AS year FROM presence_admin2
)
SELECT r.round,
       coalesce(r.org_type, 'all') AS org_type,
       r.respondents,
       CASE WHEN y.year IS NOT NULL THEN coalesce(a.active_partners, 0) END AS active_partners,
       CASE WHEN coalesce(a.active_partners, 0) > 0 THEN r.respondents / a.active_partners END AS response_rate,
       CASE
         WHEN y.year IS NULL THEN 'active partners unknown: no 5W presence in ' || coalesce(regexp_extract(r.round, '(\d{4})', 1), r.round)
         WHEN coalesce(a.active_partners, 0) = 0 THEN 'no active partner of this type in the 5W of ' || y.year
         WHEN r.respondents > a.active_partners THEN 'more respondents than active partners (several answers per organisation?)'
       END AS note
FROM respondents r
LEFT JOIN years y ON y.year = regexp_extract(r.round, '(\d{4})', 1)
LEFT JOIN active a ON a.year = y.year AND a.org_type IS NOT DISTINCT FROM r.org_type
ORDER BY r.round, r.org_type IS NULL DESC, r.org_type
