-- depends: activities_current
-- Operational presence per quarter × admin2 × AoR × organisation: how many distinct activities it runs
-- there. Presence needs no people figures; rows without a month (operational-presence files) count in
-- the configured current quarter. Planned activities are not presence yet.
SELECT coalesce(a.quarter, getvariable('current_quarter')) AS quarter,
       a.admin1_pcode,
       a.admin2_pcode AS admin2_pcode,
       a.aor,
       a.org_lead,
       mode(a.org_type) AS org_type,
       count(DISTINCT coalesce(a.activity_code, a.activity)) AS activities,
       CASE
         WHEN bool_and(a.reporting_month IS NOT NULL) THEN 'reporting month'
         WHEN bool_and(a.reporting_month IS NULL) THEN 'no month: current quarter'
         ELSE 'reporting month; no month: current quarter'
       END AS rule
FROM activities_current a
WHERE coalesce(a.status, '') <> 'planned' -- planned activities are not (yet) presence
GROUP BY 1, 2, 3, 4, 5
