-- depends: funding_flows_current
-- One row per year × fund × fund_type (CBPF or CERF) × aor (GP…HLP; ALL = every Protection allocation;
-- ANY = every allocation of the fund, all clusters): what pooled funds granted and what they passed on to
-- national and local NGOs. Sources: FTS flows whose source organisation is a pooled fund (in a country these
-- are internal flows) and CBPF project exports (budget of approved projects). A project also reported in
-- FTS as a fund → partner flow is one row per source: compare them, never add them (column source).
-- allocated_usd: paid + commitment (FTS) or budget (CBPF); nngo_usd / nngo_share: to NNGO/local recipients;
-- ngo_unspecified_usd: to NGOs whose national/international sub-type the export does not give.
-- CERF grants to UN agencies and IOM only: NGOs get CERF money as sub-grantees, invisible here.
WITH grants AS (
  SELECT year, coalesce(donor, 'CBPF fund ' || fund_ref, 'pooled fund (not named)') AS fund, fund_type, source,
         aor, protection_scope, recipient_type,
         CASE WHEN source = 'cbpf' THEN amount_usd WHEN counted THEN amount_usd ELSE 0 END AS usd, flow_id
  FROM funding_flows_current
  WHERE fund_type IS NOT NULL
    AND source IN ('fts', 'cbpf') -- contributions to a fund are its income, not its grants
    AND coalesce(boundary, '') <> 'outgoing'
),
expanded AS (
  SELECT *, aor AS row_aor FROM grants WHERE protection_scope = 'single'
  UNION ALL
  SELECT *, 'ALL' FROM grants WHERE protection_scope IN ('single', 'protection')
  UNION ALL
  SELECT *, 'ANY' FROM grants
)
SELECT year, fund, fund_type, source, row_aor AS aor,
       sum(usd) AS allocated_usd,
       coalesce(sum(usd) FILTER (WHERE recipient_type = 'NNGO/local'), 0) AS nngo_usd,
       CASE WHEN sum(usd) > 0 THEN round(coalesce(sum(usd) FILTER (WHERE recipient_type = 'NNGO/local'), 0) / sum(usd), 4) END AS nngo_share,
       coalesce(sum(usd) FILTER (WHERE recipient_type = 'NGO (unspecified)'), 0) AS ngo_unspecified_usd,
       count(DISTINCT flow_id)::INTEGER AS grants
FROM expanded
WHERE year IS NOT NULL
GROUP BY ALL
ORDER BY year, fund, aor
