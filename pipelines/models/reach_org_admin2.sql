-- depends: reach_indicator
-- One organisation in one admin2 × population group × AoR × quarter: the maximum over its activities and
-- indicators (the same people may receive several services), never the sum.
SELECT quarter,
       admin1_pcode,
       admin2_pcode,
       population_group,
       aor,
       org_lead,
       mode(org_type) AS org_type,
       max(targeted) AS targeted,
       max(reached) AS reached,
       count(*) AS indicators,
       -- ties (often at reached 0) go to the first code, so that two runs publish the same table
       first(coalesce(activity_code, activity) ORDER BY reached DESC NULLS LAST, coalesce(activity_code, activity)) AS top_activity,
       'max over the organisation''s activities' AS method
FROM reach_indicator
GROUP BY quarter, admin1_pcode, admin2_pcode, population_group, aor, org_lead
