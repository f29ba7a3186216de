-- 0003_cement: cement clinker lines (for staggered production, 错峰生产) and the
-- population receptors the dispersion model weighs exposure with. A line belongs to
-- one jurisdiction (owner) and one market region (the area its clinker supplies; a
-- free code such as 'SC-NE', compared as text: regions have no attributes of their
-- own, the demand per region lives with the scheduler's inputs).
-- Emission rates are g/s at full output: measured (basis 'measured') or derived from
-- a limit regime × flue-gas volume × capacity, the derivation written into basis.

CREATE TABLE clinker_line (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    plant TEXT NOT NULL CHECK (length(plant) > 0),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    region TEXT NOT NULL CHECK (length(region) > 0),
    capacity_t_d REAL NOT NULL CHECK (capacity_t_d BETWEEN 100 AND 20000),
    stack_height_m REAL NOT NULL CHECK (stack_height_m BETWEEN 10 AND 300),
    stack_diam_m REAL NOT NULL CHECK (stack_diam_m BETWEEN 0.5 AND 15),
    exit_v_m_s REAL NOT NULL CHECK (exit_v_m_s BETWEEN 1 AND 40),
    exit_temp_k REAL NOT NULL CHECK (exit_temp_k BETWEEN 300 AND 700),
    q_pm_g_s REAL NOT NULL CHECK (q_pm_g_s >= 0),
    q_so2_g_s REAL NOT NULL CHECK (q_so2_g_s >= 0),
    q_nox_g_s REAL NOT NULL CHECK (q_nox_g_s >= 0),
    basis TEXT NOT NULL CHECK (length(basis) > 0),
    grade TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D')),
    coprocessing INTEGER NOT NULL CHECK (coprocessing IN (0, 1)),
    special_cement INTEGER NOT NULL CHECK (special_cement BETWEEN 0 AND 100),
    carbide_slag INTEGER NOT NULL CHECK (carbide_slag IN (0, 1)),
    heating_duty INTEGER NOT NULL CHECK (heating_duty IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX clinker_line_owner ON clinker_line(owner);
CREATE INDEX clinker_line_region ON clinker_line(region);

-- A city, district or town centre with the people who live around it.
CREATE TABLE receptor (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(code),
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    population REAL NOT NULL CHECK (population > 0),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX receptor_jurisdiction ON receptor(jurisdiction);
