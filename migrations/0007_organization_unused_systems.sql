-- The systems an organisation does not use: every workflow skips their steps. An organisation
-- lists what it leaves out, so every organisation that existed before uses everything, as it did.
CREATE TABLE organization_unused_systems (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    system          TEXT NOT NULL
                    CHECK (system IN ('studio', 'metabase', 'teams', 'slack', 'lms', 'documentation')),
    PRIMARY KEY (organization_id, system)
) WITHOUT ROWID;
