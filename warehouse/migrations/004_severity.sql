-- Severity inputs: indicator values with thresholds, or directly rated severity (indicator_code NULL).
CREATE TABLE severity (
  period VARCHAR NOT NULL,
  admin_pcode VARCHAR NOT NULL,
  admin_level INTEGER,
  population_group VARCHAR NOT NULL,
  aor VARCHAR NOT NULL,
  indicator_code VARCHAR,
  indicator VARCHAR,
  value DOUBLE,
  threshold_2 DOUBLE,
  threshold_3 DOUBLE,
  threshold_4 DOUBLE,
  threshold_5 DOUBLE,
  severity INTEGER,            -- directly rated, or scored from value and thresholds at load
  pin DOUBLE,                  -- where the source states a PiN (HNO tables)
  justification VARCHAR,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);
