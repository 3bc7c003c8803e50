-- The outside systems' settings that are not secret (base URLs, ids, templates), as an admin
-- edits them in Settings. Secrets never come here: they live in the OS keychain (SPEC §6).
-- Values in hyopps.toml win over these and are not stored.
CREATE TABLE integration_settings (
    system     TEXT NOT NULL,   -- metabase, graph, slack, keycloak, smtp, webhooks.<step>
    key        TEXT NOT NULL,   -- the hyopps.toml key
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (system, key)
) WITHOUT ROWID;
