-- depends: activities_current
-- presence_admin2 at the grain of one reporting month: organisations that reported an activity (not
-- planned) in an admin2 × AoR that month. Rows without a month count for the quarter only.
SELECT a.reporting_month AS month,
       a.quarter,
       a.admin1_pcode,
       a.admin2_pcode AS admin2_pcode,
       a.aor,
       a.org_lead,
       mode(a.org_type) AS org_type,
       count(DISTINCT coalesce(a.activity_code, a.activity)) AS activities
FROM activities_current a
WHERE a.reporting_month IS NOT NULL AND coalesce(a.status, '') <> 'planned'
GROUP BY 1, 2, 3, 4, 5, 6
