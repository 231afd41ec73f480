-- depends: activities_current
-- One row per lead organisation: type, AoRs, reach of its reporting in space and time.
SELECT org_lead,
       mode(org_type) AS org_type,
       list_sort(list(DISTINCT aor)) AS aors,
       count(DISTINCT admin2_pcode) AS admin2_count,
       count(DISTINCT coalesce(activity_code, activity)) AS activities,
       count(DISTINCT reporting_month) AS months_reported,
       max(reporting_month) AS last_month
FROM activities_current
GROUP BY org_lead
