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
