-- 0008_programme: the joint programme's tasks (issue 6, "The joint programme").
-- A task is a joint record (owner 'joint'): the lead's and co-lead's analysts and
-- admins keep its progress, milestones and evidence; completing it needs a sign-off by
-- an admin of each of the two jurisdictions (include/jointenv/programme.h). Days are
-- days since 1970-01-01; 0 = none. Every change is in the audit log.

CREATE TABLE programme_task (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 31),
    owner TEXT NOT NULL DEFAULT 'joint' CHECK (owner = 'joint'),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    category TEXT NOT NULL CHECK (length(category) > 0),
    title_zh TEXT NOT NULL CHECK (length(title_zh) > 0),
    title_en TEXT NOT NULL CHECK (length(title_en) > 0),
    lead TEXT NOT NULL REFERENCES jurisdiction(code),
    co_lead TEXT NOT NULL REFERENCES jurisdiction(code),
    lead_agency TEXT NOT NULL,
    co_lead_agency TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'at-risk', 'done',
        'dropped')),
    progress_pct INTEGER NOT NULL CHECK (progress_pct BETWEEN 0 AND 100),
    updated_at INTEGER NOT NULL,
    batch_id INTEGER REFERENCES import_batch(id),
    CHECK (lead <> co_lead)
) STRICT;
CREATE INDEX programme_task_year ON programme_task(year, category);

-- code: '<task>/M<seq>'.
CREATE TABLE programme_milestone (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    task_id INTEGER NOT NULL REFERENCES programme_task(id),
    seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 99),
    title_zh TEXT NOT NULL CHECK (length(title_zh) > 0),
    title_en TEXT NOT NULL CHECK (length(title_en) > 0),
    due_day INTEGER NOT NULL,
    done_day INTEGER NOT NULL DEFAULT 0,
    batch_id INTEGER REFERENCES import_batch(id),
    UNIQUE (task_id, seq)
) STRICT;

-- code: '<task>/E<seq>'. kind text: a statement; file: a file reference or URL;
-- indicator: a live indicator (programme.h) compared with target by op.
CREATE TABLE programme_evidence (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    task_id INTEGER NOT NULL REFERENCES programme_task(id),
    seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 99),
    kind TEXT NOT NULL CHECK (kind IN ('text', 'file', 'indicator')),
    text TEXT NOT NULL,
    indicator TEXT NOT NULL,
    scope TEXT NOT NULL,
    op TEXT NOT NULL,
    target REAL,
    batch_id INTEGER REFERENCES import_batch(id),
    UNIQUE (task_id, seq)
) STRICT;

-- code: '<task>/S<n>'. revoked_at 0 = in force.
CREATE TABLE programme_signoff (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    task_id INTEGER NOT NULL REFERENCES programme_task(id),
    jurisdiction TEXT NOT NULL,
    user TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    note TEXT NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0,
    revoked_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX programme_signoff_task ON programme_signoff(task_id);
