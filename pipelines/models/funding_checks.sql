-- depends: funding_flows, ingest_files, funding_flows_current, funding_requirements_current, funding_protection_flows
-- One row per problem in the funding data as loaded together, whatever order the files came in:
-- page-missing (a paged FTS response whose envelope counts more flows than its loaded pages hold),
-- requirements-no-flows / flows-no-requirements (requirements and flows for different years),
-- currency-no-rate (amounts kept in their currency, out of USD totals), shared-funding and off-plan
-- (protection money shown apart from funded). severity: warning (figures are short or cannot be
-- compared) or info (a documented choice). The funding page lists them above its figures.
WITH page_files AS (
  -- one envelope per loaded page file; its own flow count (a flow repeated in a page is not a missing page)
  SELECT DISTINCT file_hash, json_extract_string(page_meta, '$.query') AS query,
         json_extract(page_meta, '$.count')::INTEGER AS expected,
         json_extract(page_meta, '$.flowsInPage')::INTEGER AS in_page,
         coalesce(json_extract_string(page_meta, '$.page'), file_hash) AS page
  FROM funding_flows
  WHERE page_meta IS NOT NULL
    AND file_hash IN (SELECT file_hash FROM ingest_files WHERE status = 'loaded')
),
pages AS (
  SELECT query, max(expected) AS expected, sum(in_page)::INTEGER AS loaded, count(*)::INTEGER AS files
  FROM (SELECT query, page, any_value(expected) AS expected, any_value(in_page) AS in_page FROM page_files GROUP BY query, page)
  GROUP BY query
),
req_years AS (SELECT DISTINCT year FROM funding_requirements_current WHERE aor IS NOT NULL AND year IS NOT NULL),
flow_years AS (SELECT DISTINCT year FROM funding_flows_current WHERE source IN ('fts', 'partner') AND year IS NOT NULL)
SELECT 'page-missing' AS rule, 'warning' AS severity, NULL::INTEGER AS year,
       'incomplete FTS response: its envelope counts ' || format('{:,}', expected) || ' flows, the ' || files || ' page file(s) loaded hold '
         || format('{:,}', loaded) || ': load the missing page(s) or every funding figure is short' AS message
FROM pages WHERE loaded < expected
UNION ALL
SELECT 'requirements-no-flows', 'warning', year,
       'protection requirements are loaded for ' || year || ' but no funding flow for that year: its coverage is 0 until flows are loaded'
FROM req_years WHERE year NOT IN (SELECT year FROM flow_years) AND EXISTS (SELECT 1 FROM flow_years)
UNION ALL
SELECT 'flows-no-requirements', 'warning', year,
       'funding flows are loaded for ' || year || ' but no protection requirement for that year: no coverage can be computed'
FROM flow_years WHERE year NOT IN (SELECT year FROM req_years) AND EXISTS (SELECT 1 FROM req_years)
  AND year IN (SELECT year FROM funding_protection_flows)
UNION ALL
SELECT 'currency-no-rate', 'warning', year,
       count(*) || ' flow(s) in ' || original_currency || ' (' || format('{:,.0f}', sum(original_amount)) || ' ' || original_currency
         || ') have no exchange rate: kept in ' || original_currency || ', left out of every USD figure'
FROM funding_flows_current WHERE amount_flag = 'no-rate' GROUP BY year, original_currency
UNION ALL
SELECT 'shared-funding', 'info', year,
       count(*) || ' flow(s) of ' || format('{:,.0f}', sum(funded_usd)) || ' USD are shared between Protection and other clusters: shown apart as shared, not counted as funded'
FROM funding_protection_flows WHERE protection_scope = 'mixed-shared' AND funded_usd <> 0 GROUP BY year
UNION ALL
SELECT 'off-plan', 'info', year,
       count(*) || ' protection flow(s) of ' || format('{:,.0f}', sum(funded_usd)) || ' USD are outside the plan whose requirement is loaded: shown apart'
FROM funding_protection_flows WHERE NOT in_plan AND funded_usd <> 0 GROUP BY year
ORDER BY severity DESC, rule, year
