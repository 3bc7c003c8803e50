-- Sessions that outlive the process, for a HyOpps server: a restart (an upgrade, a crash)
-- must not sign the whole team out. The desktop keeps its sessions in memory and never
-- writes here. Only a SHA-256 of each bearer token is kept, so the file alone opens no
-- session; a deleted account takes its sessions with it.
CREATE TABLE server_sessions (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The account's auth_epoch at sign-in: a later password change ends the session.
    auth_epoch   INTEGER NOT NULL,
    opened_at    TEXT NOT NULL,
    -- The last activity written down (at most a minute behind the real one).
    last_seen_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX server_sessions_by_user ON server_sessions (user_id);
CREATE INDEX server_sessions_by_last_seen ON server_sessions (last_seen_at);
