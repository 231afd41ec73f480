-- depends: funding_protection_flows
-- One row per year × aor (GP…HLP, ALL) × recipient_type (UN, INGO, NNGO/local, RCRC, government, pooled fund,
-- NGO (unspecified), other, (not given)): funded_usd of in-plan protection flows as in funding_coverage,
-- share of the AoR's funded, recipients = distinct destination organisations, nngo_pooled_usd = the part of
-- a NNGO/local row that came through pooled funds.
WITH rows AS (
  SELECT year, aor, coalesce(recipient_type, '(not given)') AS recipient_type, recipient, funded_usd, pledged_usd, nngo_channel FROM funding_protection_flows WHERE protection_scope = 'single' AND in_plan
  UNION ALL
  SELECT year, 'ALL', coalesce(recipient_type, '(not given)'), recipient, funded_usd, pledged_usd, nngo_channel FROM funding_protection_flows WHERE protection_scope IN ('single', 'protection') AND in_plan
),
g AS (
  SELECT year, aor, recipient_type,
         sum(funded_usd) AS funded_usd, sum(pledged_usd) AS pledged_usd,
         sum(funded_usd) FILTER (WHERE nngo_channel = 'pooled fund') AS nngo_pooled_usd,
         count(DISTINCT recipient)::INTEGER AS recipients
  FROM rows WHERE year IS NOT NULL
  GROUP BY year, aor, recipient_type
)
SELECT year, aor, recipient_type, funded_usd, pledged_usd, coalesce(nngo_pooled_usd, 0) AS nngo_pooled_usd, recipients,
       CASE WHEN sum(funded_usd) OVER (PARTITION BY year, aor) > 0 THEN round(funded_usd / sum(funded_usd) OVER (PARTITION BY year, aor), 4) END AS share
FROM g
ORDER BY year, aor, funded_usd DESC
