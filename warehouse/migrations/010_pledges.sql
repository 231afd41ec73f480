-- Global Refugee Forum pledges (public GCR Digital Platform export), one row per pledge × export. The export date
-- is part of the key: two exports six months apart are compared, so both stay in the warehouse.
-- The multi-valued fields are lists here and link views below: one source row stays one stored row (the ingest
-- log's accepted count and a file's replacement keep working), and a pledge is counted once however many
-- countries, objectives, areas or co-pledgers it lists.
CREATE TABLE pledges (
  pledge_id VARCHAR NOT NULL,
  export_date DATE NOT NULL,
  grf_year VARCHAR,                -- '2019', '2023' (a Forum year) or 'between Forums'
  title VARCHAR,
  description VARCHAR,
  submitting_entity VARCHAR,
  entity_type VARCHAR,             -- State, NGO / civil society… (as written when not a known type)
  multistakeholder_pledge VARCHAR,
  region VARCHAR,
  pledge_type VARCHAR,             -- canonical types joined by '; ' (financial; policy…)
  amount_usd DOUBLE,
  amount_text VARCHAR,             -- the amount as written when it is not a plain USD figure (EUR 2 million…)
  stage VARCHAR NOT NULL,          -- Planning stage | In progress | Fulfilled | No update
  stage_raw VARCHAR,               -- the label as the export wrote it
  last_update DATE,
  countries VARCHAR[],             -- host countries as written ('Global' included)
  gcr_objectives INTEGER[],        -- 1 ease pressures on host countries, 2 self-reliance, 3 third-country solutions, 4 return
  areas VARCHAR[],                 -- GRF 2019 areas of focus or GRF 2023 themes, as written
  joint_with VARCHAR[],            -- co-pledging entities of a joint pledge
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);

CREATE VIEW pledge_countries AS
  SELECT pledge_id, export_date, unnest(countries) AS country, file_hash, sheet, row_number FROM pledges;
CREATE VIEW pledge_objectives AS
  SELECT pledge_id, export_date, unnest(gcr_objectives) AS gcr_objective, file_hash, sheet, row_number FROM pledges;
CREATE VIEW pledge_areas AS
  SELECT pledge_id, export_date, unnest(areas) AS area, file_hash, sheet, row_number FROM pledges;
CREATE VIEW pledge_entities AS
  SELECT pledge_id, export_date, unnest(joint_with) AS entity, file_hash, sheet, row_number FROM pledges;

-- The GCR focal point's own follow-up sheet, joined to pledges by id. notes is free text: internal only.
CREATE TABLE pledge_followup (
  pledge_id VARCHAR NOT NULL,
  rrp_sector VARCHAR,
  focal_organisation VARCHAR,
  last_contact DATE,
  next_step VARCHAR,
  notes VARCHAR,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);
