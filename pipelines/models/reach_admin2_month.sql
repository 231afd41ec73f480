-- depends: reach_org_admin2_month
-- reach_admin2 at the grain of one reporting month: per AoR the maximum across its activities and
-- organisations; aor 'ALL' the maximum across all AoRs. Never a sum.
SELECT month,
       quarter,
       admin1_pcode AS admin1_pcode,
       admin2_pcode AS admin2_pcode,
       population_group,
       aor,
       max(targeted) AS targeted,
       max(reached) AS reached,
       count(DISTINCT org_lead) AS partners,
       'max across activities and organisations, within the month' AS method
FROM reach_org_admin2_month
GROUP BY month, quarter, admin1_pcode, admin2_pcode, population_group, aor
UNION ALL
SELECT month,
       quarter,
       admin1_pcode,
       admin2_pcode,
       population_group,
       'ALL',
       max(targeted),
       max(reached),
       count(DISTINCT org_lead),
       'max across AoRs, activities and organisations, within the month'
FROM reach_org_admin2_month
GROUP BY month, quarter, admin1_pcode, admin2_pcode, population_group
