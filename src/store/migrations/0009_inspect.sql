-- 0009_inspect: outfalls (排污口), inspector pools, double-random draws, inspections,
-- joint patrols and the rectification cases their findings open (issue 6; see
-- include/jointenv/inspect.h and docs/inspect.md). Days are days since 1970-01-01.

-- The outfall registry: persistent entities, revisited over time. enterprise: an
-- 18-character unified social credit code when known (no enterprise table here: the
-- code is kept as text); town: the responsible town when there is no enterprise.
CREATE TABLE outfall (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('industrial', 'municipal', 'agricultural', 'rainwater',
                                       'combined', 'other')),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    district TEXT NOT NULL CHECK (length(district) = 6 AND district NOT GLOB '*[^0-9]*'),
    enterprise TEXT NOT NULL,
    town TEXT NOT NULL,
    river TEXT NOT NULL,
    reach TEXT NOT NULL,
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    permit TEXT NOT NULL,
    risk REAL NOT NULL CHECK (risk BETWEEN 0 AND 100),
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id),
    CHECK (length(enterprise) > 0 OR length(town) > 0)
) STRICT;
CREATE INDEX outfall_owner ON outfall(owner);

-- Inspectors: the pools teams are drawn from. district: home district (GB/T 2260).
CREATE TABLE inspector (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name TEXT NOT NULL CHECK (length(name) > 0),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    district TEXT NOT NULL CHECK (length(district) = 6 AND district NOT GLOB '*[^0-9]*'),
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    user_name TEXT NOT NULL,
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;

-- A recorded draw: parameters, the BLAKE2b-256 of its canonical list, and whether
-- it is closed (then public). Owned by the joint office.
CREATE TABLE inspect_draw (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE, -- the id as text, for the audit log's record key
    day INTEGER NOT NULL,
    seed TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    team_size INTEGER NOT NULL CHECK (team_size > 0),
    exclude_days INTEGER NOT NULL CHECK (exclude_days >= 0),
    by_river INTEGER NOT NULL CHECK (by_river IN (0, 1)),
    jurisdiction TEXT NOT NULL,
    list_hash TEXT NOT NULL CHECK (length(list_hash) = 64),
    warnings TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    drawn_by TEXT NOT NULL,
    drawn_at INTEGER NOT NULL
) STRICT;

CREATE TABLE inspect_draw_target (
    draw_id INTEGER NOT NULL REFERENCES inspect_draw(id),
    rank INTEGER NOT NULL CHECK (rank > 0),
    outfall TEXT NOT NULL REFERENCES outfall(code),
    stratum TEXT NOT NULL,
    team TEXT NOT NULL, -- inspector codes joined by ';' in code order
    PRIMARY KEY (draw_id, rank)
) STRICT, WITHOUT ROWID;

-- An inspection of an outfall (from a draw, or not), by one side.
CREATE TABLE inspection (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    outfall TEXT NOT NULL REFERENCES outfall(code),
    day INTEGER NOT NULL,
    side TEXT NOT NULL REFERENCES jurisdiction(code),
    draw_id INTEGER REFERENCES inspect_draw(id),
    inspectors TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('inspection', 'reinspection')),
    result TEXT NOT NULL CHECK (result IN ('compliant', 'finding')),
    case_id INTEGER,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX inspection_outfall ON inspection(outfall, day);

-- Joint patrols over river reaches.
CREATE TABLE patrol (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    day INTEGER NOT NULL,
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    title TEXT NOT NULL,
    reaches TEXT NOT NULL,
    team TEXT NOT NULL,
    planned_by TEXT NOT NULL,
    planned_at INTEGER NOT NULL
) STRICT;

CREATE TABLE patrol_entry (
    patrol_id INTEGER NOT NULL REFERENCES patrol(id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    lon REAL CHECK (lon BETWEEN -180 AND 180),
    lat REAL CHECK (lat BETWEEN -90 AND 90),
    observation TEXT NOT NULL,
    photo TEXT NOT NULL,
    case_id INTEGER,
    PRIMARY KEY (patrol_id, seq),
    CHECK ((lon IS NULL) = (lat IS NULL))
) STRICT, WITHOUT ROWID;

-- Rectification cases opened by findings. owner: the responsible side (may differ
-- from found_by: a cross-border hand-off).
CREATE TABLE rect_case (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('open', 'rectifying', 'submitted', 'verified',
                                         'closed', 'reopened')),
    source TEXT NOT NULL CHECK (source IN ('inspection', 'patrol')),
    source_id INTEGER NOT NULL,
    outfall TEXT NOT NULL,
    place TEXT NOT NULL,
    finding TEXT NOT NULL CHECK (length(finding) > 0),
    found_by TEXT NOT NULL REFERENCES jurisdiction(code),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    handed_off INTEGER NOT NULL CHECK (handed_off IN (0, 1)),
    responsible TEXT NOT NULL,
    opened_day INTEGER NOT NULL,
    deadline_day INTEGER NOT NULL CHECK (deadline_day > opened_day),
    updated_day INTEGER NOT NULL,
    reopened INTEGER NOT NULL DEFAULT 0,
    reinspections INTEGER NOT NULL DEFAULT 0,
    public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1))
) STRICT;
CREATE INDEX rect_case_owner ON rect_case(owner, state);

CREATE TABLE rect_case_event (
    case_id INTEGER NOT NULL REFERENCES rect_case(id),
    seq INTEGER NOT NULL,
    day INTEGER NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;
