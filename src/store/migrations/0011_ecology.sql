-- 0011_ecology: biodiversity surveys (Darwin Core events and occurrences), zero-waste
-- city districts and their data, gene-bank accessions, forests and forest targets
-- (issue 9). Every record has an owner jurisdiction (governance.h): registry records
-- (events, districts, accessions, forest units and targets) are logged one by one
-- with their JSON before and after; bulk rows (occurrences, zero-waste values, forest
-- values) are covered by their import batch's content hash (batch_extent: site = the
-- parent record's id, time = the row id), which `audit verify` recomputes.

-- A survey event (Darwin Core Event: eventID, eventDate, samplingProtocol,
-- sampleSizeValue/Unit, locationID, locality, decimalLatitude/Longitude). round is the
-- survey round the event belongs to (Darwin Core parentEventID). The owner is the
-- jurisdiction the event was made in (higherGeographyID in jointenv's files).
CREATE TABLE survey_event (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),           -- eventID
    event_date TEXT NOT NULL CHECK (length(event_date) >= 4),     -- ISO 8601 as given
    protocol TEXT NOT NULL,                                       -- samplingProtocol
    sample_size REAL CHECK (sample_size IS NULL OR sample_size >= 0),
    sample_size_unit TEXT NOT NULL,
    location_id TEXT NOT NULL,                                    -- the site
    locality TEXT NOT NULL,
    lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    round TEXT NOT NULL,                                          -- parentEventID
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX survey_event_owner ON survey_event(owner);

-- Occurrences of taxa in an event (Darwin Core Occurrence). individual_count 1 for a
-- presence record.
CREATE TABLE survey_occurrence (
    id INTEGER PRIMARY KEY,
    event_ref INTEGER NOT NULL REFERENCES survey_event(id),
    scientific_name TEXT NOT NULL CHECK (length(scientific_name) > 0),
    taxon_rank TEXT NOT NULL,
    individual_count REAL NOT NULL CHECK (individual_count >= 0),
    recorded_by TEXT NOT NULL,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id)
) STRICT;
CREATE INDEX survey_occurrence_event ON survey_occurrence(event_ref, id);
CREATE INDEX survey_occurrence_batch ON survey_occurrence(batch_id);

-- Zero-waste city districts (无废城市, 环固体〔2021〕114号) and their data, long layout.
CREATE TABLE waste_district (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;

CREATE TABLE waste_value (
    id INTEGER PRIMARY KEY,
    district_ref INTEGER NOT NULL REFERENCES waste_district(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    variable TEXT NOT NULL CHECK (length(variable) > 0),
    value REAL NOT NULL CHECK (value >= 0),
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    UNIQUE (district_ref, year, variable)
) STRICT;
CREATE INDEX waste_value_year ON waste_value(year);
CREATE INDEX waste_value_batch ON waste_value(batch_id);

-- Gene-bank accessions: one row per accession and kind of material. last_regeneration
-- is 'YYYY' or 'YYYY-MM'. Later regenerations and stock counts (genebank update)
-- update the row, each logged with its before and after.
CREATE TABLE genebank_accession (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    species_zh TEXT NOT NULL,
    species_en TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('seed', 'plant', 'semen', 'embryo', 'live', 'tissue', 'dna')),
    bank TEXT NOT NULL,
    location TEXT NOT NULL,
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    accessions INTEGER NOT NULL CHECK (accessions >= 0),
    samples REAL NOT NULL CHECK (samples >= 0),
    last_regeneration TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;

-- Forest units: a jurisdiction or a district, with its yearly indicators.
CREATE TABLE forest_unit (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;

CREATE TABLE forest_value (
    id INTEGER PRIMARY KEY,
    unit_ref INTEGER NOT NULL REFERENCES forest_unit(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    coverage_pct REAL CHECK (coverage_pct IS NULL OR coverage_pct BETWEEN 0 AND 100),
    stock_m3 REAL CHECK (stock_m3 IS NULL OR stock_m3 >= 0),
    afforestation_ha REAL CHECK (afforestation_ha IS NULL OR afforestation_ha >= 0),
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    UNIQUE (unit_ref, year)
) STRICT;
CREATE INDEX forest_value_batch ON forest_value(batch_id);

-- A target per unit and indicator; code = unit '/' indicator.
CREATE TABLE forest_target (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    unit_ref INTEGER NOT NULL REFERENCES forest_unit(id),
    indicator TEXT NOT NULL CHECK (indicator IN ('coverage_pct', 'stock_m3')),
    base_year INTEGER NOT NULL,
    base REAL NOT NULL,
    target_year INTEGER NOT NULL CHECK (target_year > base_year),
    target REAL NOT NULL CHECK (target <> base),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
