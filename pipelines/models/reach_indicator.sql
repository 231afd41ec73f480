-- depends: activities_current
-- People targeted and reached per quarter × organisation × activity × indicator × AoR × admin2 ×
-- population group. Time rule per location: cumulative indicators take the latest month's value in the
-- quarter (never the sum), new indicators the sum of the months. Locations of one activity in one admin2
-- are different places, so their figures are then added.
WITH monthly AS (
  SELECT a.quarter,
         a.reporting_month,
         a.org_lead,
         a.org_type,
         coalesce(a.activity_code, a.activity) AS activity_key,
         a.activity_code,
         a.activity,
         a.indicator,
         a.aor,
         a.admin1_pcode AS admin1_pcode,
         a.admin2_pcode,
         coalesce(a.population_group, 'unspecified') AS population_group,
         a.location,
         a.reporting_rule,
         a.rule_source,
         a.targeted,
         a.reached
  FROM activities_current a
  WHERE a.reporting_month IS NOT NULL -- rows without a month count for presence only
),
per_location AS (
  SELECT quarter, org_lead, activity_key, indicator, aor, admin1_pcode, admin2_pcode, population_group, location, reporting_rule,
         any_value(org_type) AS org_type,
         any_value(activity_code) AS activity_code,
         any_value(activity) AS activity,
         any_value(rule_source) AS rule_source,
         count(*) AS months,
         max(reporting_month) AS last_month,
         -- cumulative: the latest month that has a figure; new: every month adds people
         CASE reporting_rule WHEN 'cumulative' THEN arg_max(targeted, reporting_month) ELSE sum(targeted) END AS targeted,
         CASE reporting_rule WHEN 'cumulative' THEN arg_max(reached, reporting_month) ELSE sum(reached) END AS reached
  FROM monthly
  GROUP BY quarter, org_lead, activity_key, indicator, aor, admin1_pcode, admin2_pcode, population_group, location, reporting_rule
)
SELECT quarter,
       org_lead,
       mode(org_type) AS org_type,
       any_value(activity_code) AS activity_code,
       any_value(activity) AS activity,
       indicator,
       aor,
       admin1_pcode,
       admin2_pcode,
       population_group,
       sum(targeted)::BIGINT AS targeted,
       sum(reached)::BIGINT AS reached,
       reporting_rule AS rule,
       string_agg(DISTINCT rule_source, ',' ORDER BY rule_source) AS rule_source,
       count(*) AS locations,
       max(months) AS months,
       max(last_month) AS last_month
FROM per_location
GROUP BY quarter, org_lead, activity_key, indicator, aor, admin1_pcode, admin2_pcode, population_group, reporting_rule
