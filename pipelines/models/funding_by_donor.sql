-- depends: funding_protection_flows
-- One row per year × aor (GP…HLP, ALL) × donor (the flow's source organisation; a pooled fund for its grants).
-- funded_usd: paid + commitment of in-plan protection flows, attributed as in funding_coverage (a donor's
--   rows add up to the coverage row's funded_usd); pledged_usd apart; share: of the AoR's funded that year.
WITH rows AS (
  SELECT year, aor, donor, donor_type, funded_usd, pledged_usd FROM funding_protection_flows WHERE protection_scope = 'single' AND in_plan
  UNION ALL
  SELECT year, 'ALL', donor, donor_type, funded_usd, pledged_usd FROM funding_protection_flows WHERE protection_scope IN ('single', 'protection') AND in_plan
),
g AS (
  SELECT year, aor, donor, any_value(donor_type) AS donor_type,
         sum(funded_usd) AS funded_usd, sum(pledged_usd) AS pledged_usd,
         count(*) FILTER (WHERE funded_usd <> 0)::INTEGER AS flows
  FROM rows WHERE year IS NOT NULL
  GROUP BY year, aor, donor
)
SELECT *, CASE WHEN sum(funded_usd) OVER (PARTITION BY year, aor) > 0 THEN round(funded_usd / sum(funded_usd) OVER (PARTITION BY year, aor), 4) END AS share
FROM g
ORDER BY year, aor, funded_usd DESC, donor
