-- 0004_river: the river network of the transport model (issue 5). Nodes (sources,
-- confluences, outlets), reaches between them (directed: from_node is upstream),
-- their monthly flow and temperature, monitoring sections located on reaches, point
-- and diffuse loads with their monthly flow and concentrations, and the
-- concentrations of the water entering at headwater nodes.
--
-- A month is local 'YYYY-MM'. In load_value and river_headwater the month '' holds
-- the value of every month that has no row of its own (a constant).
-- Concentrations v_<item> are mg/L (GB 3838 items cod, codmn, nh3n, tp, bod5, do);
-- NULL = not given. The network rules that SQL cannot state (no cycle, one connected piece, a
-- section or load within its reach's length) are checked by the imports.

CREATE TABLE river_node (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;

-- kind: reach (the river itself), diversion (a canal taking water from from_node to
-- to_node), withdrawal (water leaving the network at from_node; to_node NULL).
-- Hydraulics: velocity_m_s constant, or v = vel_a * Q^vel_b; depth_m constant, or
-- depth = depth_c * Q^depth_d (Q in m3/s), or none (then only a fixed reaeration
-- rate can be used). geometry: GeoJSON LineString
-- coordinates, '[[lon,lat],...]', upstream end first; NULL = the straight line
-- between the nodes. river_code: the river's code as in section.river (free text:
-- a river without sections has no row in table river).
CREATE TABLE river_reach (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    river_code TEXT NOT NULL,
    from_node INTEGER NOT NULL REFERENCES river_node(id),
    to_node INTEGER REFERENCES river_node(id),
    length_km REAL CHECK (length_km > 0),
    kind TEXT NOT NULL CHECK (kind IN ('reach', 'diversion', 'withdrawal')),
    velocity_m_s REAL CHECK (velocity_m_s > 0),
    vel_a REAL CHECK (vel_a > 0),
    vel_b REAL CHECK (vel_b BETWEEN 0 AND 1),
    depth_m REAL CHECK (depth_m > 0),
    depth_c REAL CHECK (depth_c > 0),
    depth_d REAL CHECK (depth_d BETWEEN 0 AND 1),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    geometry TEXT,
    batch_id INTEGER REFERENCES import_batch(id),
    CHECK (kind = 'withdrawal' OR length_km IS NOT NULL),
    CHECK (kind = 'withdrawal' OR velocity_m_s IS NOT NULL OR vel_a IS NOT NULL),
    CHECK (velocity_m_s IS NULL OR vel_a IS NULL),
    CHECK ((vel_a IS NULL) = (vel_b IS NULL)),
    CHECK (depth_m IS NULL OR depth_c IS NULL),
    CHECK ((depth_c IS NULL) = (depth_d IS NULL)),
    CHECK ((kind = 'withdrawal') = (to_node IS NULL)),
    CHECK (to_node IS NULL OR to_node <> from_node)
) STRICT;
CREATE INDEX river_reach_from ON river_reach(from_node);
CREATE INDEX river_reach_to ON river_reach(to_node);

-- Monthly mean flow (m3/s) entering the reach at its upstream end, and the water
-- temperature.
CREATE TABLE reach_condition (
    reach_id INTEGER NOT NULL REFERENCES river_reach(id),
    month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    flow_m3_s REAL NOT NULL CHECK (flow_m3_s >= 0),
    temp_c REAL NOT NULL CHECK (temp_c BETWEEN -5 AND 45),
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (reach_id, month)
) STRICT, WITHOUT ROWID;

-- Where a monitoring section lies: km from the reach's upstream end.
CREATE TABLE section_location (
    section_id INTEGER PRIMARY KEY REFERENCES section(id),
    reach_id INTEGER NOT NULL REFERENCES river_reach(id),
    km REAL NOT NULL CHECK (km >= 0),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX section_location_reach ON section_location(reach_id);

-- A load: outfall (sewage outfall, 排污口), wwtp (treatment plant), tributary (an
-- unmodelled inflow) at km of its reach; diffuse spread evenly along its reach (km
-- NULL). Owned by the jurisdiction whose side it discharges from.
CREATE TABLE river_load (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('outfall', 'wwtp', 'tributary', 'diffuse')),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    reach_id INTEGER NOT NULL REFERENCES river_reach(id),
    km REAL CHECK (km >= 0),
    batch_id INTEGER REFERENCES import_batch(id),
    CHECK ((kind = 'diffuse') = (km IS NULL))
) STRICT;
CREATE INDEX river_load_reach ON river_load(reach_id);

CREATE TABLE load_value (
    load_id INTEGER NOT NULL REFERENCES river_load(id),
    month TEXT NOT NULL CHECK (month = '' OR month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    flow_m3_s REAL NOT NULL CHECK (flow_m3_s >= 0),
    v_cod REAL CHECK (v_cod >= 0),
    v_codmn REAL CHECK (v_codmn >= 0),
    v_nh3n REAL CHECK (v_nh3n >= 0),
    v_tp REAL CHECK (v_tp >= 0),
    v_bod5 REAL CHECK (v_bod5 >= 0),
    v_do REAL CHECK (v_do >= 0),
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (load_id, month)
) STRICT, WITHOUT ROWID;

-- Concentrations of the water entering the network at a node: all of a headwater's
-- flow, the lateral surplus (flows leaving minus arriving) elsewhere.
CREATE TABLE river_headwater (
    node_id INTEGER NOT NULL REFERENCES river_node(id),
    month TEXT NOT NULL CHECK (month = '' OR month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    v_cod REAL CHECK (v_cod >= 0),
    v_codmn REAL CHECK (v_codmn >= 0),
    v_nh3n REAL CHECK (v_nh3n >= 0),
    v_tp REAL CHECK (v_tp >= 0),
    v_bod5 REAL CHECK (v_bod5 >= 0),
    v_do REAL CHECK (v_do >= 0),
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (node_id, month)
) STRICT, WITHOUT ROWID;
