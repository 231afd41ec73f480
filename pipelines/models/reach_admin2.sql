-- depends: reach_org_admin2
-- People targeted and reached per quarter × admin2 × population group: per AoR the maximum across its
-- activities and organisations; aor 'ALL' the maximum across all AoRs, activities and organisations.
-- Never a sum: the same people may be served by several partners and AoRs.
SELECT quarter,
       admin1_pcode AS admin1_pcode,
       admin2_pcode AS admin2_pcode,
       population_group,
       aor,
       max(targeted) AS targeted,
       max(reached) AS reached,
       count(DISTINCT org_lead) AS partners,
       'max across activities and organisations' AS method
FROM reach_org_admin2
GROUP BY quarter, admin1_pcode, admin2_pcode, population_group, aor
UNION ALL
SELECT quarter,
       admin1_pcode,
       admin2_pcode,
       population_group,
       'ALL',
       max(targeted),
       max(reached),
       count(DISTINCT org_lead),
       'max across AoRs, activities and organisations'
FROM reach_org_admin2
GROUP BY quarter, admin1_pcode, admin2_pcode, population_group
