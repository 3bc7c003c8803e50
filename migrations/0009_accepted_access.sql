-- Access the access check found in a system that HyOpps did not give, which an admin accepted
-- as it is: recorded as a grant like any other, with why (who is `granted_by`).
ALTER TABLE access_grants ADD COLUMN accepted_reason TEXT;

-- Someone in an organisation's group who is none of its people in HyOpps, kept there on
-- purpose by an admin (a partner's auditor, say): the access check shows them as accepted, with
-- why, instead of as unexpected access.
CREATE TABLE accepted_strangers (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- The system whose group they are in ("metabase", "keycloak").
    system          TEXT NOT NULL,
    email           TEXT NOT NULL COLLATE NOCASE,
    reason          TEXT NOT NULL,
    accepted_by     TEXT,
    accepted_at     TEXT NOT NULL,
    PRIMARY KEY (organization_id, system, email)
);

-- One run of the access check over every organisation, by an admin or the daily check, and
-- each difference it found, as it read then (names kept: the history outlives them). Only the
-- latest runs are kept.
CREATE TABLE access_check_runs (
    id            TEXT PRIMARY KEY NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL,
    -- The admin who asked; NULL: the daily check.
    started_by    TEXT,
    organizations INTEGER NOT NULL,
    people        INTEGER NOT NULL,
    differences   INTEGER NOT NULL,
    -- Differences the run before it did not have.
    new_differences INTEGER NOT NULL
);
CREATE INDEX access_check_runs_by_time ON access_check_runs (started_at);

CREATE TABLE access_check_differences (
    run_id            TEXT NOT NULL REFERENCES access_check_runs (id) ON DELETE CASCADE,
    organization_id   TEXT NOT NULL,
    organization_name TEXT NOT NULL,
    -- NULL: a stranger, someone who is none of the organisation's people.
    user_id           TEXT,
    who               TEXT NOT NULL,
    email             TEXT NOT NULL,
    system            TEXT NOT NULL CHECK (system IN ('metabase', 'teams', 'slack', 'keycloak')),
    state             TEXT NOT NULL CHECK (state IN ('missing', 'unexpected', 'disabled')),
    says              TEXT NOT NULL
);
CREATE INDEX access_check_differences_by_run ON access_check_differences (run_id);

-- When the daily check of everything runs: one row at most; without it, every day at 06:00 UTC
-- (once a system it asks is configured).
CREATE TABLE access_check_schedule (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    daily      INTEGER NOT NULL CHECK (daily IN (0, 1)),
    hour_utc   INTEGER NOT NULL CHECK (hour_utc BETWEEN 0 AND 23),
    updated_by TEXT,
    updated_at TEXT NOT NULL
);
