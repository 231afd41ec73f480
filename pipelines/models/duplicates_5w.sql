-- depends: activities_current
-- Each 5W key reported more than once: the key, how many times, in which files and rows (newest first;
-- the first row listed is the one kept in activities_current).
SELECT org_lead,
       activity_code,
       activity,
       indicator,
       admin2_pcode,
       location,
       population_group,
       reporting_month,
       reports,
       duplicate_files AS files,
       duplicate_rows AS "rows",
       duplicate_rows[1] AS kept_row,
       'latest loaded file, then highest row number' AS rule
FROM activities_current
WHERE reports > 1
ORDER BY org_lead, activity_code, activity, indicator, admin2_pcode, location, population_group, reporting_month
