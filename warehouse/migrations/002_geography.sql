-- Administrative areas (COD-AB) and population (COD-PS). Provenance: file_hash, sheet, row_number.
CREATE TABLE admin_areas (
  pcode VARCHAR NOT NULL,
  name VARCHAR,
  name_alt VARCHAR,
  level INTEGER NOT NULL,
  parent_pcode VARCHAR,
  admin1_pcode VARCHAR,
  country_pcode VARCHAR,
  geometry VARCHAR,            -- GeoJSON geometry text, rings rewound to d3/Plot order, full precision
  valid_on DATE,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);

-- Long format: one value per area × population group × sex × age band.
CREATE TABLE population (
  pcode VARCHAR NOT NULL,
  admin_level INTEGER,
  population_group VARCHAR NOT NULL,   -- 'all' for COD-PS totals
  sex VARCHAR NOT NULL,                -- 't', 'f', 'm'
  age_band VARCHAR NOT NULL,           -- 'total', 'children', 'adults', '00_04', '80plus', ...
  population DOUBLE NOT NULL,
  reference_year INTEGER,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER
);

-- Reference p-code lists (global gazetteer, p-code lengths) used to verify codes of countries without a loaded COD.
CREATE TABLE pcode_gazetteer (
  iso3 VARCHAR,
  admin_level INTEGER,
  pcode VARCHAR NOT NULL,
  name VARCHAR,
  parent_pcode VARCHAR,
  valid_on DATE,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER
);

CREATE TABLE pcode_lengths (
  iso3 VARCHAR NOT NULL,
  country_length INTEGER,
  admin1_length INTEGER,
  admin2_length INTEGER,
  admin3_length INTEGER,
  admin4_length INTEGER,
  admin5_length INTEGER,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER
);
