-- 0001: the whole data model of SPEC §2 and its seed data.
-- Table and column names are v0.3's, so its databases import without guesswork; what HyOpps adds
-- (sign-in lockout, engine bookkeeping, indexes for 100,000-row lists) is marked where it appears.
-- Ids are text UUIDs, timestamps ISO-8601 UTC text, JSON columns JSON text.
-- Foreign keys from organisations to their dependents have no cascade on purpose: deleting an
-- organisation is a use case that detaches executions and removes groups and companies explicitly.

CREATE TABLE organizations (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL COLLATE NOCASE UNIQUE,
    account_types TEXT NOT NULL DEFAULT '["partner"]' CHECK (json_valid(account_types)),
    created_at    TEXT NOT NULL
);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY NOT NULL,
    firstname            TEXT NOT NULL,
    lastname             TEXT NOT NULL,
    email                TEXT NOT NULL COLLATE NOCASE UNIQUE,
    languages            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages)),
    skills               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(skills)),
    roles                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(roles)),
    organization_id      TEXT REFERENCES organizations (id),
    app_role             TEXT NOT NULL DEFAULT 'user' CHECK (app_role IN ('admin', 'user', 'partner_admin')),
    -- NULL means the account cannot sign in (users created by a workflow).
    password_hash        TEXT,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    -- HyOpps: lockout after repeated failures.
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TEXT,
    -- HyOpps: bumped whenever the password changes, so sessions opened before it end.
    auth_epoch           INTEGER NOT NULL DEFAULT 0,
    metabase_user_id     INTEGER,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX users_by_organization ON users (organization_id);
CREATE INDEX users_by_name ON users (lastname COLLATE NOCASE, firstname COLLATE NOCASE);
CREATE INDEX users_by_role ON users (app_role);

CREATE TABLE studio_companies (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    studio_id       TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    environment     TEXT NOT NULL CHECK (environment IN ('test', 'prod')),
    created_at      TEXT NOT NULL
);
CREATE INDEX studio_companies_by_organization ON studio_companies (organization_id);

CREATE TABLE user_studio_access (
    id                TEXT PRIMARY KEY NOT NULL,
    user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    studio_company_id TEXT NOT NULL REFERENCES studio_companies (id) ON DELETE CASCADE,
    granted_at        TEXT NOT NULL,
    revoked_at        TEXT,
    UNIQUE (user_id, studio_company_id)
);
CREATE INDEX user_studio_access_by_company ON user_studio_access (studio_company_id);

-- A user's personal Studio company.
CREATE TABLE user_studio_companies (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    studio_id  TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE system_groups (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    tool            TEXT NOT NULL CHECK (tool IN ('metabase', 'teams', 'slack', 'keycloak')),
    external_name   TEXT,
    external_id     TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (organization_id, tool)
);

CREATE TABLE organization_integrations (
    id                     TEXT PRIMARY KEY NOT NULL,
    organization_id        TEXT NOT NULL UNIQUE REFERENCES organizations (id),
    keycloak_confirmed     INTEGER NOT NULL DEFAULT 0 CHECK (keycloak_confirmed IN (0, 1)),
    keycloak_cluster       TEXT CHECK (keycloak_cluster IN ('prod-eu', 'prod-us')),
    metabase_collection_id INTEGER,
    lms_confirmed          INTEGER NOT NULL DEFAULT 0 CHECK (lms_confirmed IN (0, 1)),
    updated_at             TEXT NOT NULL
);

-- Three documentation links sent to the organisation's new users.
CREATE TABLE organization_documentation (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL UNIQUE REFERENCES organizations (id),
    internal_docu   TEXT,
    generique_docu  TEXT,
    add_docu        TEXT,
    updated_at      TEXT NOT NULL
);

CREATE TABLE resources (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    has_api    INTEGER NOT NULL DEFAULT 0 CHECK (has_api IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE workflow_definitions (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE workflow_step_definitions (
    id                     TEXT PRIMARY KEY NOT NULL,
    workflow_definition_id TEXT NOT NULL REFERENCES workflow_definitions (id),
    step_order             INTEGER NOT NULL CHECK (step_order >= 1),
    name                   TEXT NOT NULL,
    label                  TEXT NOT NULL,
    type                   TEXT NOT NULL CHECK (type IN ('auto', 'manual')),
    description            TEXT NOT NULL,
    UNIQUE (workflow_definition_id, step_order),
    UNIQUE (workflow_definition_id, name)
);

CREATE TABLE workflow_executions (
    id                     TEXT PRIMARY KEY NOT NULL,
    workflow_definition_id TEXT NOT NULL REFERENCES workflow_definitions (id),
    -- No cascade: deleting an organisation or user detaches its executions (history stays).
    organization_id        TEXT REFERENCES organizations (id),
    user_id                TEXT REFERENCES users (id),
    requested_by           TEXT,
    status                 TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'awaiting_input', 'completed', 'failed', 'cancelled')),
    current_step_order     INTEGER NOT NULL DEFAULT 1,
    created_at             TEXT NOT NULL,
    completed_at           TEXT,
    -- HyOpps: engine bookkeeping.
    updated_at             TEXT NOT NULL,
    error                  TEXT
);
CREATE INDEX workflow_executions_by_status ON workflow_executions (status, updated_at);
CREATE INDEX workflow_executions_by_organization ON workflow_executions (organization_id, created_at);
CREATE INDEX workflow_executions_by_user ON workflow_executions (user_id);
CREATE INDEX workflow_executions_by_created ON workflow_executions (created_at);

CREATE TABLE workflow_step_executions (
    id                 TEXT PRIMARY KEY NOT NULL,
    execution_id       TEXT NOT NULL REFERENCES workflow_executions (id) ON DELETE CASCADE,
    step_definition_id TEXT NOT NULL REFERENCES workflow_step_definitions (id),
    step_order         INTEGER NOT NULL,
    status             TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'awaiting_input', 'completed', 'failed', 'skipped')),
    manual_input       TEXT CHECK (manual_input IS NULL OR json_valid(manual_input)),
    output             TEXT CHECK (output IS NULL OR json_valid(output)),
    error              TEXT,
    completed_by       TEXT,
    started_at         TEXT,
    completed_at       TEXT,
    -- HyOpps: retry bookkeeping, persisted so a restart keeps the schedule.
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TEXT,
    UNIQUE (execution_id, step_order)
);
CREATE INDEX workflow_step_executions_due ON workflow_step_executions (status, next_attempt_at);

CREATE TABLE access_grants (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id  TEXT NOT NULL REFERENCES resources (id),
    permission   TEXT NOT NULL DEFAULT 'read' CHECK (permission IN ('read', 'write', 'admin')),
    granted_by   TEXT,
    granted_at   TEXT NOT NULL,
    revoked_at   TEXT,
    -- The execution that granted it; a historical reference, kept when the execution goes.
    execution_id TEXT,
    UNIQUE (user_id, resource_id)
);
CREATE INDEX access_grants_by_resource ON access_grants (resource_id);

-- Every change and every step transition. No foreign keys: the history outlives what it names.
CREATE TABLE audit_log (
    id            TEXT PRIMARY KEY NOT NULL,
    at            TEXT NOT NULL,
    actor_user_id TEXT,
    action        TEXT NOT NULL,
    target_type   TEXT,
    target_id     TEXT,
    summary       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(summary))
);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_target ON audit_log (target_type, target_id, at);
CREATE INDEX audit_log_by_actor ON audit_log (actor_user_id, at);

-- Seed data ---------------------------------------------------------------------------------------

INSERT INTO resources (id, name, type, has_api, created_at) VALUES
    ('403c888d-27e8-420d-87a7-92665388e621', 'Studio', 'product', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('474c49bb-a618-4d57-89ee-f01983c9b969', 'Metabase', 'reporting', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('c9a394b9-22e1-4b2c-ba05-0ef0c833956f', 'Microsoft Teams', 'communication', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('74b07a65-0da9-4b75-945c-189edb0b5a15', 'Slack', 'communication', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('331c598a-7e06-4a2f-9653-affeba2cd63a', 'LMS', 'learning', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('f588458f-3029-4f1c-a7f3-e53dea433189', 'KeyCloak', 'identity', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

INSERT INTO workflow_definitions (id, name, description, created_at) VALUES
    ('62881516-a050-43c4-816f-d2d9c2f41aa7', 'new_partner',
     'Onboard a new partner organisation: Studio companies, Keycloak credentials, Metabase collection, group and data access, Teams channel, Slack group and the LMS learning path.',
     strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('1bbbf5d4-b379-4004-b762-dd9584020fe2', 'new_partner_user',
     'Add a user to an existing partner organisation and give them access to Studio, Metabase, Teams, Slack and the documentation.',
     strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

INSERT INTO workflow_step_definitions (id, workflow_definition_id, step_order, name, label, type, description) VALUES
    ('25a121f0-6047-4012-96fe-baaa629568ed', '62881516-a050-43c4-816f-d2d9c2f41aa7', 1, 'input_studio_companies', 'Enter the Studio companies', 'manual',
     'Create the TEST and PROD companies in Studio first, then enter the organisation name and both companies'' names and ids. Creates the organisation (or reuses one of that name), its integrations record and both Studio companies.'),
    ('ad2129ef-8c66-498a-b547-2239b86a08f1', '62881516-a050-43c4-816f-d2d9c2f41aa7', 2, 'trigger_infrabot', 'Trigger Infrabot', 'manual',
     'Run Infrabot with the parameters shown (organisation name, Studio company id, cluster prod-eu or prod-us, scopes) and confirm once the Keycloak credentials are stored.'),
    ('9b16e1e9-7ccf-4850-ae5b-7b38d2d0fb9c', '62881516-a050-43c4-816f-d2d9c2f41aa7', 3, 'clone_metabase_collection', 'Clone the Metabase collection', 'auto',
     'Creates the partner''s Metabase collection from the template collection: creates the collection, then copies each dashboard and each loose question into it.'),
    ('8f6195cb-5a83-458f-a608-9f5d134b285b', '62881516-a050-43c4-816f-d2d9c2f41aa7', 4, 'create_metabase_group', 'Create the Metabase group', 'auto',
     'Creates the Metabase group ext-<organisation> (or reuses the group of that name) and gives it access to the new collection.'),
    ('c7884a68-bd42-4c52-8a59-3179fe61c37d', '62881516-a050-43c4-816f-d2d9c2f41aa7', 5, 'grant_metabase_db_access', 'Grant Metabase data access', 'auto',
     'Gives the group access to the configured Metabase database through the data permissions graph.'),
    ('6266580e-f0e2-4a8a-a547-91754cc8983a', '62881516-a050-43c4-816f-d2d9c2f41aa7', 6, 'create_teams_channel', 'Create the Teams channel', 'auto',
     'Creates the partner''s channel in the configured Microsoft Teams team (or reuses the channel of that name).'),
    ('f9055247-c41a-4009-9948-b52200395e4f', '62881516-a050-43c4-816f-d2d9c2f41aa7', 7, 'create_slack_group', 'Create the Slack user group', 'auto',
     'Creates the Slack user group ext-<organisation> (or reuses the group of that name).'),
    ('1bb46683-fa68-4353-874d-f3fa4d8c67bb', '62881516-a050-43c4-816f-d2d9c2f41aa7', 8, 'lms_setup', 'Set up the LMS learning path', 'manual',
     'Add the partner learning path in the LMS (it has no API) and confirm.'),
    ('bf73fbcf-ee9b-403e-b75f-af374cf2d1dd', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 1, 'select_organization', 'Select the organisation', 'manual',
     'Pick the partner organisation the user belongs to.'),
    ('9f165116-17f4-423a-8e80-092ff5fd48de', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 2, 'input_user_details', 'Enter the user''s details', 'manual',
     'First name, last name, email, languages, skills, roles and the organisation''s Studio companies the user gets. Creates the user (or reuses the one with that email).'),
    ('854a7afa-3a43-4be3-b0c4-1b9c05bf0a86', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 3, 'add_user_to_studio_companies', 'Add to the Studio companies', 'auto',
     'Grants the user the selected Studio companies.'),
    ('959e0209-0ffa-4600-ba43-e1fff946a4c5', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 4, 'add_user_to_metabase_group', 'Add to the Metabase group', 'auto',
     'Finds or creates the user in Metabase and adds them to the organisation''s Metabase group unless already a member.'),
    ('5b0c528b-b737-474a-b016-7213a7f67875', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 5, 'add_user_to_teams_channel', 'Add to the Teams channel', 'auto',
     'Invites the user to Microsoft Teams as a guest unless they exist, adds them to the team and, for a private channel, to the channel.'),
    ('5497c038-3c0e-4b5d-8cb4-db99d0abe9e0', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 6, 'add_user_to_slack_group', 'Add to the Slack group', 'auto',
     'Adds the user to the organisation''s Slack user group; a guest is invited to the group''s channel instead.'),
    ('9f92aa50-1c79-411d-9620-7a7cf226729a', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 7, 'create_studio_user_company', 'Create the personal Studio company', 'auto',
     'Creates the user''s personal Studio company.'),
    ('05eac8df-699e-4ec2-9221-b53473aeb4a1', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 8, 'send_studio_invite', 'Send the Studio invitation', 'auto',
     'Creates the user in Keycloak, adds them to the organisation''s Keycloak group and sends the verify-email and set-password email.'),
    ('78569888-f112-4940-8c64-8be1e1ff2e44', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 9, 'share_documentation', 'Share the documentation', 'auto',
     'Emails the organisation''s documentation links to the user.');

-- The default admin that v0.3 users know (admin@hyopps.local / admin123, argon2id with OWASP
-- parameters). The first sign-in must set a new password before anything else.
INSERT INTO users (id, firstname, lastname, email, app_role, password_hash, must_change_password, created_at, updated_at) VALUES
    ('95f6adb1-79ba-434a-9faf-d4d303b7d1ab', 'Default', 'Admin', 'admin@hyopps.local', 'admin',
     '$argon2id$v=19$m=19456,t=2,p=1$YYCQgoPcMHpag/CeP7bemQ$Vwr1WnOxzuUxT+8LT/ung7icLQTFaSTAX8FI177oNzE', 1,
     strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
