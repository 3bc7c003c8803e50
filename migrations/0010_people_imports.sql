-- A file of people onboarded at once ("Add people from a file…"): one new_partner_user
-- execution per new row, all started in one transaction. How far it got is read from those
-- executions, so the progress survives a restart.
CREATE TABLE people_imports (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- The file's name as chosen (no folder: that is the chooser's computer's business).
    file_name       TEXT NOT NULL,
    -- The admin or partner admin who started it (kept as an id if the account goes).
    started_by      TEXT,
    started_at      TEXT NOT NULL,
    -- Rows of people already in the organisation, and rows refused, when it started.
    skipped         INTEGER NOT NULL,
    invalid         INTEGER NOT NULL
);
CREATE INDEX people_imports_by_organization ON people_imports (organization_id, started_at);

-- Each started row: the file's line and the execution onboarding that person.
CREATE TABLE people_import_rows (
    import_id    TEXT NOT NULL REFERENCES people_imports (id) ON DELETE CASCADE,
    line         INTEGER NOT NULL,
    execution_id TEXT NOT NULL REFERENCES workflow_executions (id) ON DELETE CASCADE,
    PRIMARY KEY (import_id, line)
);
