-- 0012_plant_deep_treatment: a clinker line's "deep-treatment A" flag (issue 4). The
-- Sichuan cement association's 2023 rules give lines meeting its deep-treatment A
-- standard 10 stop days a year of relief (shared/reference/standards.md §4.2); the
-- scheduler reads the flag (include/jointenv/stagger.h). Existing lines get 0.
ALTER TABLE clinker_line ADD COLUMN deep_treatment_a INTEGER NOT NULL DEFAULT 0
    CHECK (deep_treatment_a IN (0, 1));
