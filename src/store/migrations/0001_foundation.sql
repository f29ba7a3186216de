-- 0001_foundation: jurisdictions, import batches, the audit log, runs, and the
-- water-quality tables (basins, rivers, monitoring sections, samples).
-- Every record belongs to a jurisdiction (owner); samples inherit their section's.

CREATE TABLE jurisdiction (
    code TEXT PRIMARY KEY CHECK (length(code) = 6 AND code GLOB '[0-9]*'), -- GB/T 2260
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    utc_offset_s INTEGER NOT NULL CHECK (utc_offset_s BETWEEN -50400 AND 50400)
) STRICT;

-- One row per imported file: what, from where, its SHA-256, who and when.
CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    row_count INTEGER NOT NULL,
    inserted INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    replace INTEGER NOT NULL CHECK (replace IN (0, 1)),
    actor TEXT NOT NULL,
    imported_at INTEGER NOT NULL
) STRICT;

-- Hash-chained audit log: hash = BLAKE2b-256(prev_hash || fields); seq 1 chains
-- from 32 zero bytes. Bulk imports are logged once per batch (the batch carries the
-- file's SHA-256); single-record writes are logged per record.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    jurisdiction TEXT,
    tbl TEXT NOT NULL,
    record_key TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'import')),
    before TEXT,
    after TEXT,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
) STRICT;

-- Provenance of published figures: engine, version, rule-set and input hashes.
CREATE TABLE run (
    id INTEGER PRIMARY KEY,
    engine TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    ruleset_sha256 TEXT,
    input_sha256 TEXT NOT NULL,
    params TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE basin (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
) STRICT;

CREATE TABLE river (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    basin_id INTEGER NOT NULL REFERENCES basin(id)
) STRICT;

CREATE TABLE section (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    river_id INTEGER NOT NULL REFERENCES river(id),
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    kind TEXT NOT NULL CHECK (kind IN ('national', 'provincial', 'boundary')),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    upstream TEXT REFERENCES jurisdiction(code),
    downstream TEXT REFERENCES jurisdiction(code),
    target_class INTEGER CHECK (target_class BETWEEN 1 AND 5),
    waterbody TEXT NOT NULL CHECK (waterbody IN ('river', 'lake')),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id),
    CHECK ((kind = 'boundary') = (upstream IS NOT NULL AND downstream IS NOT NULL)),
    CHECK (upstream IS NULL OR upstream <> downstream)
) STRICT;
CREATE INDEX section_river ON section(river_id);

-- One row per (section, time): a value column per GB 3838 Table 1 item (NULL = not
-- measured), in the item's unit (mg/L; pH none; fecal coliform count/L). Bit i of
-- bdl_mask: item i below the detection limit (the value is the limit); invalid_mask:
-- item i flagged invalid. Item order = je_wq_item in include/jointenv/water.h.
CREATE TABLE water_sample (
    section_id INTEGER NOT NULL REFERENCES section(id),
    sampled_at INTEGER NOT NULL,
    v_ph REAL,
    v_do REAL,
    v_codmn REAL,
    v_cod REAL,
    v_bod5 REAL,
    v_nh3n REAL,
    v_tp REAL,
    v_tn REAL,
    v_cu REAL,
    v_zn REAL,
    v_f REAL,
    v_se REAL,
    v_as REAL,
    v_hg REAL,
    v_cd REAL,
    v_cr6 REAL,
    v_pb REAL,
    v_cn REAL,
    v_phenol REAL,
    v_oil REAL,
    v_las REAL,
    v_s2 REAL,
    v_fcoli REAL,
    bdl_mask INTEGER NOT NULL DEFAULT 0,
    invalid_mask INTEGER NOT NULL DEFAULT 0,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (section_id, sampled_at)
) STRICT, WITHOUT ROWID;
