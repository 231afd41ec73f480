-- Protection risks (issue #14): the 15 GPC standard risks, their ratings per quarter × area, and
-- protection-monitoring incidents. Provenance: file_hash, sheet, row_number (risk_list is reference data).

-- The GPC list in its official order (warehouse/risk-list.ts holds the same rows; a test compares them).
CREATE TABLE risk_list (
  risk_number INTEGER NOT NULL,  -- 1–15, the official order
  risk_key VARCHAR NOT NULL,
  risk_name VARCHAR NOT NULL,    -- official English name
  risk_short VARCHAR NOT NULL,   -- display label for charts
  aors VARCHAR NOT NULL          -- "AoR most concerned", comma-separated (a convention, not a GPC classification)
);
INSERT INTO risk_list VALUES
  (1, 'abduction_detention', 'Abduction, Kidnapping, Enforced Disappearance, Arbitrary or Unlawful Arrest and/or Detention', 'Abduction & detention', 'GP'),
  (2, 'attacks_on_civilians', 'Attacks on Civilians and Other Unlawful Killings, and Attacks on Civilian Objects', 'Attacks on civilians', 'GP'),
  (3, 'family_separation', 'Child and Forced Family Separation', 'Family separation', 'CP'),
  (4, 'child_marriage', 'Child, Early or Forced Marriage', 'Child marriage', 'GBV,CP'),
  (5, 'discrimination_denial', 'Discrimination and Stigmatization, Denial of Resources, Opportunities, Services and/or Humanitarian Access', 'Discrimination & denial', 'GP'),
  (6, 'disinformation', 'Disinformation and Denial of Access to Information', 'Disinformation', 'GP'),
  (7, 'child_recruitment', 'Forced Recruitment and Association of Children in Armed Forces and Groups', 'Child recruitment', 'CP'),
  (8, 'gbv', 'Gender-Based Violence', 'GBV', 'GBV'),
  (9, 'legal_identity_justice', 'Impediments and/or Restrictions to Access to Legal Identity, Remedies and Justice', 'Legal identity & justice', 'GP,HLP'),
  (10, 'explosive_ordnance', 'Presence of Mine and Other Explosive Ordnance', 'Explosive ordnance', 'MA'),
  (11, 'psychological_distress', 'Psychological/Emotional Abuse or Inflicted Distress', 'Psychological distress', 'GP'),
  (12, 'property_eviction', 'Theft, Extortion, Forced Eviction or Destruction of Personal Property', 'Theft & eviction', 'HLP'),
  (13, 'torture_cidt', 'Torture or Cruel, Inhuman, Degrading Treatment or Punishment', 'Torture', 'GP'),
  (14, 'trafficking_forced_labour', 'Trafficking in Persons, Forced Labour or Slavery-Like Practices', 'Trafficking & forced labour', 'GP'),
  (15, 'movement_displacement', 'Unlawful Impediments or Restrictions to Freedom of Movement, Siege and Forced Displacement', 'Movement restrictions & displacement', 'GP');

-- One rating of one risk for one area and quarter, as the rating file gave it.
CREATE TABLE risk_ratings (
  quarter VARCHAR NOT NULL,      -- 2025Q3
  period_start DATE,
  period_end DATE,
  area_pcode VARCHAR NOT NULL,   -- the country's ISO2 admin0 p-code, or an admin1/admin2 p-code
  area_level INTEGER NOT NULL,   -- 0 country, 1, 2
  admin1_pcode VARCHAR,          -- the admin1 of an admin1/admin2 row
  risk_key VARCHAR NOT NULL,     -- risk_list.risk_key
  risk_label VARCHAR,            -- the risk as the file wrote it (French names kept here)
  level INTEGER,                 -- 1–5; NULL = not present / not rated (N/A), never 0
  label_set VARCHAR,             -- gpc2021 (Minor…Extreme) | gpc_low_high (Very Low…Very High) | number | na
  level_label VARCHAR,           -- the level as the file wrote it
  trend_reported VARCHAR,        -- a trend the file states (up/stable/down), kept as given
  incidents BIGINT,              -- incident count the rating file gives, if any
  population_groups VARCHAR,     -- affected groups as listed in the file
  evidence VARCHAR,              -- free text: never published in public builds
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);

-- Aggregated protection-monitoring incidents: a count per month × area (× site) × risk (× group × perpetrator).
CREATE TABLE incidents (
  month DATE NOT NULL,           -- first of the month
  quarter VARCHAR NOT NULL,
  area_pcode VARCHAR NOT NULL,   -- admin2, else admin1 p-code
  area_level INTEGER NOT NULL,
  admin1_pcode VARCHAR,
  admin2_pcode VARCHAR,
  site_name VARCHAR,             -- camp / settlement / site where it happened, when given
  risk_key VARCHAR NOT NULL,
  incident_type VARCHAR,         -- the incident type or risk as the file wrote it
  population_group VARCHAR,
  perpetrator VARCHAR,           -- perpetrator category as given (State, non-State armed group, community…)
  incidents BIGINT NOT NULL,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);
