-- 0010_enterprise: one identity per enterprise across the registries (issue 8), the
-- options of a cleaner-production audit one by one, and the links from the cement,
-- coal and audit registries to the enterprise (docs/energy.md §8, §7).
--
-- An enterprise is known by its unified social credit code (统一社会信用代码, GB
-- 32100-2015: 18 characters, the last a mod-31 check character, checked on import
-- by je_uscc_check). The registries point to it through a nullable enterprise_code:
-- NULL where the link is not known yet, so every older database and CSV stays valid.

CREATE TABLE enterprise (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) = 18),
    name_zh TEXT NOT NULL CHECK (length(name_zh) > 0),
    name_en TEXT NOT NULL,
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    district TEXT NOT NULL,
    sector TEXT NOT NULL CHECK (length(sector) > 0),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX enterprise_owner ON enterprise(owner);

ALTER TABLE clinker_line ADD COLUMN enterprise_code TEXT REFERENCES enterprise(code);
ALTER TABLE coal_unit ADD COLUMN enterprise_code TEXT REFERENCES enterprise(code);
ALTER TABLE cp_audit ADD COLUMN enterprise_code TEXT REFERENCES enterprise(code);
-- The audit's key is its enterprise column; `code` names it the way the registry
-- helpers (je_record_check / je_record_log, src/store/batch.c) look records up.
ALTER TABLE cp_audit ADD COLUMN code TEXT GENERATED ALWAYS AS (enterprise) VIRTUAL;
CREATE INDEX clinker_line_enterprise ON clinker_line(enterprise_code);
CREATE INDEX coal_unit_enterprise ON coal_unit(enterprise_code);
CREATE INDEX cp_audit_enterprise ON cp_audit(enterprise_code);

-- The options of an audit (清洁生产方案), one by one. cost_class is the audit report's
-- own classification (无/低费 no-low, 中/高费 medium-high; 《清洁生产审核办法》 2016 and
-- the audit guide leave the investment threshold to the enterprise and its sector).
-- Money in integer fen. Savings and reductions are a year's, as estimated (proposed,
-- approved) or achieved (implemented, verified). code = '<audit enterprise>/<no>'.
CREATE TABLE cp_option (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    audit TEXT NOT NULL REFERENCES cp_audit(enterprise),
    option_no INTEGER NOT NULL CHECK (option_no BETWEEN 1 AND 9999),
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    title TEXT NOT NULL CHECK (length(title) > 0),
    cost_class TEXT NOT NULL CHECK (cost_class IN ('no-low', 'medium-high')),
    investment_fen INTEGER NOT NULL CHECK (investment_fen >= 0),
    savings_tce REAL NOT NULL CHECK (savings_tce >= 0),
    savings_water_t REAL NOT NULL CHECK (savings_water_t >= 0),
    savings_material_t REAL NOT NULL CHECK (savings_material_t >= 0),
    cod_t REAL NOT NULL CHECK (cod_t >= 0),
    nh3n_t REAL NOT NULL CHECK (nh3n_t >= 0),
    so2_t REAL NOT NULL CHECK (so2_t >= 0),
    nox_t REAL NOT NULL CHECK (nox_t >= 0),
    pm_t REAL NOT NULL CHECK (pm_t >= 0),
    vocs_t REAL NOT NULL CHECK (vocs_t >= 0),
    co2_t REAL NOT NULL CHECK (co2_t >= 0),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'implemented', 'verified',
        'dropped')),
    batch_id INTEGER REFERENCES import_batch(id),
    UNIQUE (audit, option_no)
) STRICT;
CREATE INDEX cp_option_owner ON cp_option(owner);
