-- Funding (issue #15): what the coverage, donor and localisation figures need beyond 005's columns.
-- funding_flows.source (005) now also says cbpf-contribution (money into a fund), cbpf-window (an allocation
-- window's planned total, not a grant) and partner (the cluster's own funding sheet).
-- FTS flows are edited over time: id + version (and updatedAt) say which copy of a flow is current.
ALTER TABLE funding_flows ADD COLUMN version INTEGER;
ALTER TABLE funding_flows ADD COLUMN updated_at VARCHAR;          -- ISO timestamp text, as FTS gives it
-- amounts as reported: a currency without a rate keeps amount_usd NULL and amount_flag 'no-rate'
ALTER TABLE funding_flows ADD COLUMN original_amount DOUBLE;
ALTER TABLE funding_flows ADD COLUMN original_currency VARCHAR;
ALTER TABLE funding_flows ADD COLUMN exchange_rate DOUBLE;
ALTER TABLE funding_flows ADD COLUMN amount_flag VARCHAR;         -- no-rate | refund | NULL
ALTER TABLE funding_flows ADD COLUMN contribution_type VARCHAR;   -- financial | in kind
ALTER TABLE funding_flows ADD COLUMN method VARCHAR;              -- Traditional aid | Cash transfer programming (CTP)
ALTER TABLE funding_flows ADD COLUMN src_org_subtype VARCHAR;
ALTER TABLE funding_flows ADD COLUMN src_locations VARCHAR;
ALTER TABLE funding_flows ADD COLUMN plan_id VARCHAR;
ALTER TABLE funding_flows ADD COLUMN plan_code VARCHAR;
-- plan-specific clusters (FTS `Cluster` objects): ids comma-joined, names " | "-joined (names hold commas)
ALTER TABLE funding_flows ADD COLUMN plan_cluster_ids VARCHAR;
ALTER TABLE funding_flows ADD COLUMN plan_clusters VARCHAR;
ALTER TABLE funding_flows ADD COLUMN global_cluster_ids VARCHAR;
ALTER TABLE funding_flows ADD COLUMN usage_year INTEGER;          -- destination usage year (first one when several)
ALTER TABLE funding_flows ADD COLUMN usage_years VARCHAR;         -- all destination usage years, comma-joined
-- derived at ingest from the clusters (loaders/kinds/funding-attribution.ts)
ALTER TABLE funding_flows ADD COLUMN aor VARCHAR;                 -- GP | CP | GBV | MA | HLP when the flow belongs to one AoR
ALTER TABLE funding_flows ADD COLUMN cluster_basis VARCHAR;       -- plan cluster | global cluster | partner sheet | cbpf cluster | none
ALTER TABLE funding_flows ADD COLUMN protection_scope VARCHAR;    -- single | protection | mixed-shared | other | unspecified
ALTER TABLE funding_flows ADD COLUMN aor_list VARCHAR;            -- the Protection AoRs a flow names, comma-joined
ALTER TABLE funding_flows ADD COLUMN cluster_count INTEGER;
-- the envelope of a paged FTS API response (JSON text): lets a pipeline see a missing page
ALTER TABLE funding_flows ADD COLUMN page_meta VARCHAR;

ALTER TABLE funding_requirements ADD COLUMN plan_id VARCHAR;
ALTER TABLE funding_requirements ADD COLUMN aor VARCHAR;           -- AoR of the plan cluster, NULL when not Protection
