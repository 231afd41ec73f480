-- 5W columns most reports leave empty live in one JSON column, `details`, and are read as before through
-- virtual columns of the same names and types. An empty column still costs its write in every row: a million-row
-- 5W without these eleven wrote them as NULL in ~0.2 s of its ingest; one NULL `details` costs a tenth of that.
-- The loader writes them into `details` (KindDefinition.details); a virtual column cannot be inserted into.
CREATE TABLE activities_012 (
  reporting_month DATE,
  org_lead VARCHAR NOT NULL,
  org_acronym VARCHAR GENERATED ALWAYS AS (json_extract_string(details, '$.org_acronym')) VIRTUAL,
  org_impl VARCHAR GENERATED ALWAYS AS (json_extract_string(details, '$.org_impl')) VIRTUAL,
  org_type VARCHAR,
  sector VARCHAR GENERATED ALWAYS AS (json_extract_string(details, '$.sector')) VIRTUAL,
  aor VARCHAR NOT NULL,
  activity_code VARCHAR,
  activity VARCHAR,
  indicator VARCHAR,
  admin1_pcode VARCHAR,
  admin1_name VARCHAR,
  admin2_pcode VARCHAR,
  admin2_name VARCHAR,
  admin3_pcode VARCHAR GENERATED ALWAYS AS (json_extract_string(details, '$.admin3_pcode')) VIRTUAL,
  admin3_name VARCHAR GENERATED ALWAYS AS (json_extract_string(details, '$.admin3_name')) VIRTUAL,
  location VARCHAR,
  status VARCHAR,
  population_group VARCHAR,
  reporting_type VARCHAR,
  modality VARCHAR,
  targeted BIGINT,
  targeted_girls BIGINT GENERATED ALWAYS AS (CAST(json_extract_string(details, '$.targeted_girls') AS BIGINT)) VIRTUAL,
  targeted_boys BIGINT GENERATED ALWAYS AS (CAST(json_extract_string(details, '$.targeted_boys') AS BIGINT)) VIRTUAL,
  targeted_women BIGINT GENERATED ALWAYS AS (CAST(json_extract_string(details, '$.targeted_women') AS BIGINT)) VIRTUAL,
  targeted_men BIGINT GENERATED ALWAYS AS (CAST(json_extract_string(details, '$.targeted_men') AS BIGINT)) VIRTUAL,
  reached BIGINT,
  reached_girls BIGINT,
  reached_boys BIGINT,
  reached_women BIGINT,
  reached_men BIGINT,
  reached_elderly BIGINT GENERATED ALWAYS AS (CAST(json_extract_string(details, '$.reached_elderly') AS BIGINT)) VIRTUAL,
  reached_disability BIGINT GENERATED ALWAYS AS (CAST(json_extract_string(details, '$.reached_disability') AS BIGINT)) VIRTUAL,
  pcode_match VARCHAR,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON,
  reached_method VARCHAR,
  targeted_method VARCHAR,
  details JSON
);
INSERT INTO activities_012 (reporting_month, org_lead, org_type, aor, activity_code, activity, indicator, admin1_pcode, admin1_name, admin2_pcode, admin2_name, location, status, population_group, reporting_type, modality, targeted, reached, reached_girls, reached_boys, reached_women, reached_men, pcode_match, file_hash, sheet, row_number, extra, reached_method, targeted_method, details)
SELECT reporting_month, org_lead, org_type, aor, activity_code, activity, indicator, admin1_pcode, admin1_name, admin2_pcode, admin2_name, location, status, population_group, reporting_type, modality, targeted, reached, reached_girls, reached_boys, reached_women, reached_men, pcode_match, file_hash, sheet, row_number, extra, reached_method, targeted_method,
       CASE WHEN org_acronym IS NULL AND org_impl IS NULL AND sector IS NULL AND admin3_pcode IS NULL AND admin3_name IS NULL AND targeted_girls IS NULL AND targeted_boys IS NULL AND targeted_women IS NULL AND targeted_men IS NULL AND reached_elderly IS NULL AND reached_disability IS NULL THEN NULL ELSE json_object('org_acronym', org_acronym, 'org_impl', org_impl, 'sector', sector, 'admin3_pcode', admin3_pcode, 'admin3_name', admin3_name, 'targeted_girls', targeted_girls, 'targeted_boys', targeted_boys, 'targeted_women', targeted_women, 'targeted_men', targeted_men, 'reached_elderly', reached_elderly, 'reached_disability', reached_disability) END
FROM activities;
DROP TABLE activities;
ALTER TABLE activities_012 RENAME TO activities;
