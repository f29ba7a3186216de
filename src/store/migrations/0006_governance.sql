-- 0006_governance: users, their roles per jurisdiction, API tokens, each
-- jurisdiction's audit-signing public key, and what the audit log needs to prove
-- that bulk observation rows were not altered (the key ranges each import wrote).
-- See docs/governance.md.

-- A person (or a service) who acts on the store. pw_hash: libsodium
-- crypto_pwhash_str (Argon2id, "$argon2id$v=19$m=...") or NULL (no password login:
-- tokens only, or the local administrator).
CREATE TABLE app_user (
    name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 63 AND name NOT GLOB '*[^A-Za-z0-9._-]*'),
    display_name TEXT NOT NULL,
    pw_hash TEXT,
    created_at INTEGER NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

-- A role held in a jurisdiction (GB/T 2260 code) or in the joint office ('joint').
CREATE TABLE user_role (
    user TEXT NOT NULL REFERENCES app_user(name),
    jurisdiction TEXT NOT NULL CHECK (jurisdiction = 'joint' OR (length(jurisdiction) = 6
                                      AND jurisdiction NOT GLOB '*[^0-9]*')),
    role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'inspector', 'admin')),
    granted_by TEXT NOT NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user, jurisdiction, role)
) STRICT, WITHOUT ROWID;

-- API tokens: only BLAKE2b-256 of the secret is stored (the secret is 32 random
-- bytes, shown once). expires_at NULL = never; revoked_at set = dead.
CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    user TEXT NOT NULL REFERENCES app_user(name),
    label TEXT NOT NULL,
    secret_hash BLOB NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER,
    last_used_at INTEGER
) STRICT;

-- The Ed25519 public key each jurisdiction (or 'joint') signs audit bundles with.
CREATE TABLE signing_key (
    jurisdiction TEXT PRIMARY KEY,
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    registered_at INTEGER NOT NULL,
    registered_by TEXT NOT NULL
) STRICT;

-- For each observation import: per site, the first and last time it wrote. The
-- batch's content hash (recorded in the audit log) covers the rows of the batch in
-- these ranges, so `audit verify` can recompute it without a scan of the table.
CREATE TABLE batch_extent (
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    tbl TEXT NOT NULL,
    site_id INTEGER NOT NULL,
    t_min INTEGER NOT NULL,
    t_max INTEGER NOT NULL,
    PRIMARY KEY (batch_id, site_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX audit_log_record ON audit_log(tbl, record_key);
