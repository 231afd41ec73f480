-- depends: funding_protection_flows
-- One row per year × aor (GP…HLP, ALL) × recipient organisation: funded_usd of in-plan protection flows
-- (attributed as in funding_coverage), its recipient_type and nngo_channel (direct / pooled fund for
-- national and local NGOs), and the donors behind it. Names recipients: public builds withhold those of
-- sensitive AoRs (src/lib/datasets.ts).
WITH rows AS (
  SELECT year, aor, recipient, recipient_type, nngo_channel, donor, funded_usd FROM funding_protection_flows WHERE protection_scope = 'single' AND in_plan
  UNION ALL
  SELECT year, 'ALL', recipient, recipient_type, nngo_channel, donor, funded_usd FROM funding_protection_flows WHERE protection_scope IN ('single', 'protection') AND in_plan
)
SELECT year, aor, recipient, any_value(recipient_type) AS recipient_type,
       string_agg(DISTINCT nngo_channel, ', ') AS nngo_channel,
       sum(funded_usd) AS funded_usd,
       string_agg(DISTINCT donor, ' | ' ORDER BY donor) AS donors
FROM rows
WHERE year IS NOT NULL
GROUP BY year, aor, recipient
ORDER BY year, aor, funded_usd DESC
