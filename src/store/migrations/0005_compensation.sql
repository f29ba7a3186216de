-- 0005_compensation: horizontal ecological compensation — monitored monthly flows
-- per section, settlements of agreements (data/rules/compensation-*.json), and the
-- ledger between jurisdictions with a running balance per pair. Every settlement is a
-- run (the run table of 0001, here given its output hash and the canonical bytes of
-- its inputs and output so that either side can re-run it and compare).

ALTER TABLE run ADD COLUMN output_sha256 TEXT;
ALTER TABLE run ADD COLUMN inputs TEXT;
ALTER TABLE run ADD COLUMN output TEXT;

-- Mean monitored flow of a section in a month (m³/s); belongs to the section's owner.
CREATE TABLE section_flow (
    section_id INTEGER NOT NULL REFERENCES section(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    flow_m3_s REAL NOT NULL CHECK (flow_m3_s >= 0),
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (section_id, year, month)
) STRICT, WITHOUT ROWID;

-- One settlement of an agreement for a year (month 0) or a month. A re-settlement
-- with other results supersedes the old one (superseded_by), which stays for the
-- record; at most one settlement of a period is in force.
CREATE TABLE comp_settlement (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES run(id),
    agreement TEXT NOT NULL,
    rule TEXT NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL CHECK (month BETWEEN 0 AND 12),
    superseded_by INTEGER REFERENCES run(id)
) STRICT;
CREATE UNIQUE INDEX comp_settlement_in_force ON comp_settlement(agreement, year, month)
    WHERE superseded_by IS NULL;

-- The lines of a settlement: amounts in integer fen (0.01 yuan), paid by payer to payee.
CREATE TABLE comp_line (
    settlement_id INTEGER NOT NULL REFERENCES comp_settlement(id),
    seq INTEGER NOT NULL,
    section TEXT NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    payer TEXT NOT NULL,
    payee TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    value REAL,
    clause TEXT NOT NULL,
    formula TEXT NOT NULL,
    PRIMARY KEY (settlement_id, seq)
) STRICT, WITHOUT ROWID;

-- The ledger: one line per pair of parties (party_a < party_b) per settlement, or the
-- reversal of a superseded settlement's line. net_fen > 0: party_a pays party_b.
-- balance_fen: the pair's running balance after this line (all agreements together).
CREATE TABLE comp_ledger (
    id INTEGER PRIMARY KEY,
    settlement_id INTEGER NOT NULL REFERENCES comp_settlement(id),
    run_id INTEGER NOT NULL REFERENCES run(id),
    agreement TEXT NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    party_a TEXT NOT NULL,
    party_b TEXT NOT NULL,
    net_fen INTEGER NOT NULL,
    balance_fen INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('settlement', 'reversal')),
    created_at INTEGER NOT NULL,
    CHECK (party_a < party_b)
) STRICT;
CREATE INDEX comp_ledger_pair ON comp_ledger(party_a, party_b, id);
