-- depends: funding_coverage
-- One row per year × aor (GP…HLP, ALL) × channel: the localisation tracker against the GPC minimum
-- ("25 % of Protection & AoR funding dedicated to NNGOs through direct funding").
-- channel 'direct': funded to national and local NGOs as the FTS destination of a donor's flow;
-- 'pooled fund': to them through a pooled fund's grant (pass-through: its own line, not direct);
-- 'all national/local': both. share = usd / the AoR's funded_usd (funding_coverage); target_share 0.25;
-- meets_target is judged on the direct line only. Sub-grants from UN agencies or INGOs to NNGOs are
-- indirect and usually not in FTS at all: every share here is a floor, not the full picture.
SELECT year, aor, channel, usd, funded_usd,
       CASE WHEN funded_usd > 0 THEN round(usd / funded_usd, 4) END AS share,
       0.25 AS target_share,
       CASE WHEN channel = 'direct' AND funded_usd > 0 THEN usd / funded_usd >= 0.25 END AS meets_target
FROM (
  SELECT year, aor, 'direct' AS channel, nngo_direct_usd AS usd, funded_usd, 1 AS o FROM funding_coverage
  UNION ALL
  SELECT year, aor, 'pooled fund', nngo_pooled_usd, funded_usd, 2 FROM funding_coverage
  UNION ALL
  SELECT year, aor, 'all national/local', nngo_direct_usd + nngo_pooled_usd, funded_usd, 3 FROM funding_coverage
)
ORDER BY year, aor, o
