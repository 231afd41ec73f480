-- Funding flows (FTS flows, CBPF projects) and requirements (FTS plan/cluster requirements).
CREATE TABLE funding_flows (
  flow_id VARCHAR,
  source VARCHAR,              -- fts | cbpf
  status VARCHAR,              -- paid | commitment | pledge
  flow_type VARCHAR,
  boundary VARCHAR,            -- incoming | internal | outgoing
  on_boundary VARCHAR,
  amount_usd DOUBLE,
  parent_flow_id VARCHAR,
  child_flow_ids VARCHAR,
  budget_year INTEGER,
  flow_date DATE,
  src_org VARCHAR,
  src_org_type VARCHAR,
  dest_org VARCHAR,
  dest_org_type VARCHAR,
  dest_org_subtype VARCHAR,
  dest_global_clusters VARCHAR,
  dest_clusters VARCHAR,
  dest_locations VARCHAR,
  dest_plan VARCHAR,
  shared_cluster BOOLEAN,
  description VARCHAR,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);

CREATE TABLE funding_requirements (
  plan_code VARCHAR,
  plan_name VARCHAR,
  country_code VARCHAR,
  year INTEGER,
  cluster_code VARCHAR,
  cluster VARCHAR,
  requirements DOUBLE,
  funding DOUBLE,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);

-- Lookup and vocabulary tables that arrive as files (CBPF master lists, cluster/AoR vocabularies).
CREATE TABLE reference_lists (
  list_name VARCHAR NOT NULL,
  code VARCHAR,
  name VARCHAR,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);
