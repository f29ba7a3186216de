-- 0007_energy: energy and carbon activity data, and coal power units (issue 8).
-- Quantities are stored in the item's base unit (t, 10^4 Nm3, MWh, GJ, 10^4 yuan,
-- person; include/jointenv/energy.h); the unit and number as given are kept beside
-- them so a figure can be traced to the row it came from. district '' is the whole
-- jurisdiction; enterprise '' when the record is not per enterprise.

CREATE TABLE energy_activity (
    id INTEGER PRIMARY KEY,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(code),
    district TEXT NOT NULL,
    sector TEXT NOT NULL CHECK (length(sector) > 0),
    enterprise TEXT NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    item TEXT NOT NULL CHECK (length(item) > 0),
    quantity REAL NOT NULL CHECK (quantity >= 0),
    given_quantity REAL NOT NULL,
    given_unit TEXT NOT NULL,
    batch_id INTEGER REFERENCES import_batch(id),
    UNIQUE (jurisdiction, district, sector, enterprise, year, item)
) STRICT;
CREATE INDEX energy_activity_year ON energy_activity(year);

-- GEM-style coal power unit registry. coal_gce_kwh: supply coal consumption.
CREATE TABLE coal_unit (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    plant TEXT NOT NULL CHECK (length(plant) > 0),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    capacity_mw REAL NOT NULL CHECK (capacity_mw > 0),
    commissioned INTEGER NOT NULL CHECK (commissioned BETWEEN 1950 AND 2100),
    technology TEXT NOT NULL,
    coal_gce_kwh REAL NOT NULL CHECK (coal_gce_kwh BETWEEN 200 AND 500),
    generation_mwh REAL NOT NULL CHECK (generation_mwh >= 0),
    status TEXT NOT NULL CHECK (status IN ('operating', 'retired', 'mothballed', 'construction')),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX coal_unit_owner ON coal_unit(owner);

-- Renewable installations along the clean-energy corridor.
CREATE TABLE renewable_installation (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name TEXT NOT NULL CHECK (length(name) > 0),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    district TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hydro', 'wind', 'solar', 'biomass')),
    capacity_mw REAL NOT NULL CHECK (capacity_mw > 0),
    commissioned INTEGER NOT NULL CHECK (commissioned BETWEEN 1950 AND 2100),
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    generation_mwh REAL NOT NULL CHECK (generation_mwh >= 0),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX renewable_installation_owner ON renewable_installation(owner);

-- Cleaner-production audits: one current audit per enterprise (its code is the one
-- the cement and coal registries use). Days are days since 1970-01-01.
CREATE TABLE cp_audit (
    id INTEGER PRIMARY KEY,
    enterprise TEXT NOT NULL UNIQUE CHECK (length(enterprise) > 0),
    name TEXT NOT NULL CHECK (length(name) > 0),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    sector TEXT NOT NULL CHECK (length(sector) > 0),
    mandatory INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
    stage TEXT NOT NULL CHECK (stage IN ('listed', 'started', 'pre-assessment', 'options',
        'implementation', 'acceptance', 'certified', 'renewal-due')),
    listed_day INTEGER NOT NULL,
    stage_day INTEGER NOT NULL,
    certificate TEXT NOT NULL,
    level TEXT NOT NULL,
    expires_day INTEGER NOT NULL,
    investment_1e4_yuan REAL NOT NULL CHECK (investment_1e4_yuan >= 0),
    savings_tce REAL NOT NULL CHECK (savings_tce >= 0),
    savings_water_t REAL NOT NULL CHECK (savings_water_t >= 0),
    co2_reduction_t REAL NOT NULL CHECK (co2_reduction_t >= 0),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX cp_audit_owner ON cp_audit(owner);
