//! HyOpps v0.3 databases for the import tests: v0.3's CREATE statements (its columns as found in v0.3 databases, with
//! the CHECKs v0.3 had) and a data set that exercises every table, written the way v0.3 wrote
//! it: `datetime('now')` and Python `isoformat()` timestamps, JSON lists as text (and the odd
//! bare value), 0/1 booleans, bcrypt password hashes, its own ids for seeded things, and the
//! dangling references its unenforced foreign keys allowed.
//!
//! Test code only: the app's import tests, the command line's and the window's use the same
//! files, so what one layer proves about a v0.3 database holds for the others.

use std::path::Path;

use rusqlite::{params, Connection};

/// Which v0.3 the file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The last v0.3: `users.metabase_user_id`, `organization_documentation`, `partner_admin`.
    Latest,
    /// An older v0.3 without those three.
    Old,
}

const SCHEMA_COMMON: &str = r#"
CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT UNIQUE NOT NULL,
    account_types TEXT DEFAULT '["partner"]',
    created_at TEXT DEFAULT (datetime('now'))
);
CREATE TABLE studio_companies (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    studio_id TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL,
    environment TEXT NOT NULL CHECK (environment IN ('test', 'prod')),
    created_at TEXT DEFAULT (datetime('now'))
);
CREATE TABLE user_studio_access (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    studio_company_id TEXT NOT NULL REFERENCES studio_companies(id),
    granted_at TEXT DEFAULT (datetime('now')),
    revoked_at TEXT
);
CREATE TABLE system_groups (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    tool TEXT NOT NULL CHECK (tool IN ('metabase', 'teams', 'slack', 'keycloak')),
    external_name TEXT,
    external_id TEXT,
    created_at TEXT DEFAULT (datetime('now'))
);
CREATE TABLE organization_integrations (
    id TEXT PRIMARY KEY,
    organization_id TEXT UNIQUE NOT NULL REFERENCES organizations(id),
    keycloak_confirmed INTEGER DEFAULT 0,
    keycloak_cluster TEXT CHECK (keycloak_cluster IN ('prod-eu', 'prod-us')),
    metabase_collection_id INTEGER,
    lms_confirmed INTEGER DEFAULT 0,
    updated_at TEXT DEFAULT (datetime('now'))
);
CREATE TABLE resources (
    id TEXT PRIMARY KEY,
    name TEXT UNIQUE NOT NULL,
    type TEXT NOT NULL,
    has_api INTEGER DEFAULT 0,
    created_at TEXT DEFAULT (datetime('now'))
);
CREATE TABLE workflow_definitions (
    id TEXT PRIMARY KEY,
    name TEXT UNIQUE NOT NULL,
    description TEXT,
    created_at TEXT DEFAULT (datetime('now'))
);
CREATE TABLE workflow_step_definitions (
    id TEXT PRIMARY KEY,
    workflow_definition_id TEXT NOT NULL REFERENCES workflow_definitions(id),
    step_order INTEGER NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('auto', 'manual')),
    description TEXT,
    UNIQUE (workflow_definition_id, step_order)
);
CREATE TABLE workflow_executions (
    id TEXT PRIMARY KEY,
    workflow_definition_id TEXT NOT NULL REFERENCES workflow_definitions(id),
    organization_id TEXT REFERENCES organizations(id),
    user_id TEXT REFERENCES users(id),
    requested_by TEXT REFERENCES users(id),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'awaiting_input', 'completed', 'failed')),
    current_step_order INTEGER DEFAULT 1,
    created_at TEXT DEFAULT (datetime('now')),
    completed_at TEXT
);
CREATE TABLE workflow_step_executions (
    id TEXT PRIMARY KEY,
    execution_id TEXT NOT NULL REFERENCES workflow_executions(id),
    step_definition_id TEXT NOT NULL REFERENCES workflow_step_definitions(id),
    step_order INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'awaiting_input', 'completed', 'failed', 'skipped')),
    manual_input TEXT,
    output TEXT,
    error TEXT,
    completed_by TEXT REFERENCES users(id),
    started_at TEXT,
    completed_at TEXT
);
CREATE TABLE access_grants (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    resource_id TEXT NOT NULL REFERENCES resources(id),
    permission TEXT NOT NULL DEFAULT 'read' CHECK (permission IN ('read', 'write', 'admin')),
    granted_by TEXT REFERENCES users(id),
    granted_at TEXT DEFAULT (datetime('now')),
    revoked_at TEXT,
    execution_id TEXT REFERENCES workflow_executions(id),
    UNIQUE (user_id, resource_id)
);
CREATE TABLE user_studio_companies (
    id TEXT PRIMARY KEY,
    user_id TEXT UNIQUE NOT NULL REFERENCES users(id),
    studio_id TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT DEFAULT (datetime('now'))
);
"#;

const USERS_LATEST: &str = r#"
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    firstname TEXT NOT NULL,
    lastname TEXT NOT NULL,
    email TEXT UNIQUE NOT NULL,
    languages TEXT DEFAULT '[]',
    skills TEXT DEFAULT '[]',
    roles TEXT DEFAULT '[]',
    organization_id TEXT REFERENCES organizations(id),
    app_role TEXT NOT NULL DEFAULT 'user' CHECK (app_role IN ('admin', 'user', 'partner_admin')),
    password_hash TEXT NOT NULL,
    metabase_user_id INTEGER,
    created_at TEXT DEFAULT (datetime('now'))
);
CREATE TABLE organization_documentation (
    id TEXT PRIMARY KEY,
    organization_id TEXT UNIQUE NOT NULL REFERENCES organizations(id),
    internal_docu TEXT,
    generique_docu TEXT,
    add_docu TEXT,
    updated_at TEXT DEFAULT (datetime('now'))
);
"#;

/// Before `metabase_user_id`, `organization_documentation` and the `partner_admin` role.
const USERS_OLD: &str = r#"
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    firstname TEXT NOT NULL,
    lastname TEXT NOT NULL,
    email TEXT UNIQUE NOT NULL,
    languages TEXT DEFAULT '[]',
    skills TEXT DEFAULT '[]',
    roles TEXT DEFAULT '[]',
    organization_id TEXT REFERENCES organizations(id),
    app_role TEXT NOT NULL DEFAULT 'user' CHECK (app_role IN ('admin', 'user')),
    password_hash TEXT NOT NULL,
    created_at TEXT DEFAULT (datetime('now'))
);
"#;

// ---- ids of the data set ------------------------------------------------------------------------

pub const ORG_ACME: &str = "0a9c4d1e-0000-4000-8000-00000000ac3e";
pub const ORG_GLOBEX: &str = "0a9c4d1e-0000-4000-8000-0000000610be";
/// The same organisation as one already in HyOpps ("INITECH"), under v0.3's id.
pub const ORG_INITECH: &str = "0a9c4d1e-0000-4000-8000-00000001417e";
/// Referenced by an execution, but deleted in v0.3 (its foreign keys were not enforced).
pub const ORG_DELETED: &str = "0a9c4d1e-0000-4000-8000-0000000de1e7";

/// v0.3's admin@hyopps.local.
pub const USER_ADMIN: &str = "1b0d5e2f-0000-4000-8000-00000000ad31";
/// A partner admin of Acme with a real bcrypt password.
pub const USER_PARTNER: &str = "1b0d5e2f-0000-4000-8000-00000000fa27";
/// A user a workflow created, with a random bcrypt hash.
pub const USER_PLAIN: &str = "1b0d5e2f-0000-4000-8000-0000000005e7";
/// A partner admin v0.3 left without an organisation.
pub const USER_PARTNER_NO_ORG: &str = "1b0d5e2f-0000-4000-8000-000000000000";
/// The same person as one already in HyOpps (existing@example.com), under v0.3's id.
pub const USER_EXISTING: &str = "1b0d5e2f-0000-4000-8000-0000000e1575";
/// Referenced by a Studio access row, deleted in v0.3.
pub const USER_DELETED: &str = "1b0d5e2f-0000-4000-8000-0000000de1e7";

pub const ADMIN_EMAIL: &str = "admin@hyopps.local";
pub const ADMIN_PASSWORD: &str = "v0.3 admin password";
/// The password v0.3 seeded its admin with, which many installations never changed.
pub const V03_DEFAULT_PASSWORD: &str = "admin123";
pub const PARTNER_EMAIL: &str = "pat.partner@acme.example";
pub const PARTNER_PASSWORD: &str = "partner password from v0.3";
pub const PLAIN_EMAIL: &str = "uma.user@acme.example";
pub const EXISTING_EMAIL_V03: &str = "Existing@Example.com";

pub const SC_ACME_TEST: &str = "2c1e6f30-0000-4000-8000-0000000ac7e5";
pub const SC_ACME_PROD: &str = "2c1e6f30-0000-4000-8000-0000000ac960";
pub const SC_GLOBEX_TEST: &str = "2c1e6f30-0000-4000-8000-0000000610e5";

pub const EXEC_COMPLETED: &str = "3d2f7041-0000-4000-8000-00000000c0de";
pub const EXEC_FAILED: &str = "3d2f7041-0000-4000-8000-00000000fa11";
pub const EXEC_AWAITING: &str = "3d2f7041-0000-4000-8000-00000000a1a1";
pub const EXEC_RUNNING: &str = "3d2f7041-0000-4000-8000-000000000102";
pub const EXEC_PENDING: &str = "3d2f7041-0000-4000-8000-000000000bed";
pub const EXEC_LEGACY: &str = "3d2f7041-0000-4000-8000-00000000196a";

pub const WF_NEW_PARTNER: &str = "4e308152-0000-4000-8000-000000000001";
pub const WF_NEW_PARTNER_USER: &str = "4e308152-0000-4000-8000-000000000002";
/// A workflow HyOpps does not have.
pub const WF_LEGACY: &str = "4e308152-0000-4000-8000-000000000003";

pub const NEW_PARTNER_STEPS: [(&str, &str); 8] = [
    ("input_studio_companies", "manual"),
    ("trigger_infrabot", "manual"),
    ("clone_metabase_collection", "auto"),
    ("create_metabase_group", "auto"),
    ("grant_metabase_db_access", "auto"),
    ("create_teams_channel", "auto"),
    ("create_slack_group", "auto"),
    ("lms_setup", "manual"),
];
pub const NEW_PARTNER_USER_STEPS: [(&str, &str); 9] = [
    ("select_organization", "manual"),
    ("input_user_details", "manual"),
    ("add_user_to_studio_companies", "auto"),
    ("add_user_to_metabase_group", "auto"),
    ("add_user_to_teams_channel", "auto"),
    ("add_user_to_slack_group", "auto"),
    ("create_studio_user_company", "auto"),
    ("send_studio_invite", "auto"),
    ("share_documentation", "auto"),
];
const LEGACY_STEPS: [(&str, &str); 2] = [("revoke_access", "manual"), ("notify", "auto")];

/// v0.3's id of a step definition: its own, unlike ours.
pub fn step_id(workflow: &str, order: usize) -> String {
    format!(
        "5f419263-0000-4000-{}-{order:012}",
        &workflow[workflow.len() - 4..]
    )
}

/// v0.3's resources, with its own ids; "Keycloak" is spelled differently from our "KeyCloak".
pub const RESOURCES: [(&str, &str, &str, i64); 7] = [
    (
        "6a52a374-0000-4000-8000-000000000001",
        "Studio",
        "product",
        0,
    ),
    (
        "6a52a374-0000-4000-8000-000000000002",
        "Metabase",
        "reporting",
        1,
    ),
    (
        "6a52a374-0000-4000-8000-000000000003",
        "Microsoft Teams",
        "communication",
        1,
    ),
    (
        "6a52a374-0000-4000-8000-000000000004",
        "Slack",
        "communication",
        1,
    ),
    ("6a52a374-0000-4000-8000-000000000005", "LMS", "learning", 0),
    (
        "6a52a374-0000-4000-8000-000000000006",
        "Keycloak",
        "identity",
        1,
    ),
    ("6a52a374-0000-4000-8000-000000000007", "Jira", "tickets", 1),
];
pub const GRANT_METABASE: &str = "7b63b485-0000-4000-8000-000000000001";

/// Creates an empty v0.3 database at `path`.
pub fn create(path: &Path, variant: Variant) -> Connection {
    let conn = Connection::open(path).unwrap();
    // v0.3 (Python's sqlite3) never turned foreign keys on; rusqlite's bundled SQLite does.
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute_batch(SCHEMA_COMMON).unwrap();
    conn.execute_batch(match variant {
        Variant::Latest => USERS_LATEST,
        Variant::Old => USERS_OLD,
    })
    .unwrap();
    conn
}

/// A bcrypt hash as v0.3 made them (a low cost, so that tests stay quick).
pub fn bcrypt(password: &str) -> String {
    bcrypt::hash(password, 4).unwrap()
}

/// Builds the full data set at `path` and closes the file.
pub fn build(path: &Path, variant: Variant) {
    let conn = create(path, variant);
    populate(&conn, variant);
}

pub fn populate(conn: &Connection, variant: Variant) {
    let latest = variant == Variant::Latest;
    organizations(conn);
    users(conn, latest);
    studio(conn);
    groups_and_integrations(conn, latest);
    resources_and_grants(conn);
    workflows(conn);
    executions(conn);
}

fn organizations(conn: &Connection) {
    let mut insert = conn
        .prepare("INSERT INTO organizations (id, name, account_types, created_at) VALUES (?1, ?2, ?3, ?4)")
        .unwrap();
    insert
        .execute(params![
            ORG_ACME,
            "Acme",
            r#"["partner", "client"]"#,
            "2025-03-01 10:00:00"
        ])
        .unwrap();
    // A bare value where JSON belongs, and a Python isoformat() time.
    insert
        .execute(params![
            ORG_GLOBEX,
            "Globex",
            "partner",
            "2025-03-02T11:30:00.123456"
        ])
        .unwrap();
    insert
        .execute(params![
            ORG_INITECH,
            "Initech",
            r#"["internal"]"#,
            "2025-03-02T12:00:00+00:00"
        ])
        .unwrap();
}

/// One v0.3 users row.
struct V03User<'a> {
    id: &'a str,
    names: (&'a str, &'a str),
    email: &'a str,
    /// languages, skills, roles, as v0.3 stored them.
    lists: (&'a str, &'a str, &'a str),
    organization_id: Option<&'a str>,
    app_role: &'a str,
    password_hash: String,
    metabase_user_id: Option<i64>,
    created_at: &'a str,
}

fn users(conn: &Connection, latest: bool) {
    // The old variant has no `partner_admin` and no `metabase_user_id`: its partners are users.
    let partner_role = if latest { "partner_admin" } else { "user" };
    let rows = [
        V03User {
            id: USER_ADMIN,
            names: ("Ada", "Admin"),
            email: ADMIN_EMAIL,
            lists: ("[]", "[]", "[]"),
            organization_id: None,
            app_role: "admin",
            password_hash: bcrypt(ADMIN_PASSWORD),
            metabase_user_id: None,
            created_at: "2025-01-01 00:00:00",
        },
        V03User {
            id: USER_PARTNER,
            names: ("Pat", "Partner"),
            email: PARTNER_EMAIL,
            lists: ("en", "sql, python", r#"["lead"]"#),
            organization_id: Some(ORG_ACME),
            app_role: partner_role,
            password_hash: bcrypt(PARTNER_PASSWORD),
            metabase_user_id: Some(17),
            created_at: "2025-03-05T09:15:00.5+00:00",
        },
        // v0.3 gave the users its workflows created a random password.
        V03User {
            id: USER_PLAIN,
            names: ("Uma", "User"),
            email: PLAIN_EMAIL,
            lists: (r#"["en", "fr"]"#, "[]", "[]"),
            organization_id: Some(ORG_ACME),
            app_role: "user",
            password_hash: bcrypt("4f8d2c1a-random-never-told"),
            metabase_user_id: Some(18),
            created_at: "2025-03-10 09:01:00",
        },
        V03User {
            id: USER_PARTNER_NO_ORG,
            names: ("Nora", "Noorg"),
            email: "nora@nowhere.example",
            lists: ("", "", ""),
            organization_id: None,
            app_role: partner_role,
            password_hash: bcrypt("nora's long password"),
            metabase_user_id: None,
            created_at: "2025-03-11 09:00:00",
        },
        V03User {
            id: USER_EXISTING,
            names: ("Eve", "Existing"),
            email: EXISTING_EMAIL_V03,
            lists: ("[]", "[]", "[]"),
            organization_id: Some(ORG_GLOBEX),
            app_role: "user",
            password_hash: bcrypt("eve's random hash"),
            metabase_user_id: None,
            created_at: "2025-03-12 09:00:00",
        },
    ];
    for user in rows {
        conn.execute(
            "INSERT INTO users (id, firstname, lastname, email, languages, skills, roles, organization_id,
                                app_role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                user.id,
                user.names.0,
                user.names.1,
                user.email,
                user.lists.0,
                user.lists.1,
                user.lists.2,
                user.organization_id,
                user.app_role,
                user.password_hash,
                user.created_at
            ],
        )
        .unwrap();
        if latest {
            conn.execute(
                "UPDATE users SET metabase_user_id = ?2 WHERE id = ?1",
                params![user.id, user.metabase_user_id],
            )
            .unwrap();
        }
    }
}

fn studio(conn: &Connection) {
    conn.execute_batch(&format!(
        "INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at) VALUES
            ('{SC_ACME_TEST}', '{ORG_ACME}', 'st-100', 'Acme TEST', 'test', '2025-03-01 10:01:00'),
            ('{SC_ACME_PROD}', '{ORG_ACME}', 'st-101', 'Acme PROD', 'prod', '2025-03-01 10:01:00'),
            ('{SC_GLOBEX_TEST}', '{ORG_GLOBEX}', 'st-200', 'Globex TEST', 'test', NULL);
         INSERT INTO user_studio_access (id, user_id, studio_company_id, granted_at, revoked_at) VALUES
            ('8c74c596-0000-4000-8000-000000000001', '{USER_PLAIN}', '{SC_ACME_TEST}', '2025-03-10 09:02:00', NULL),
            ('8c74c596-0000-4000-8000-000000000002', '{USER_PLAIN}', '{SC_ACME_PROD}', '2025-03-10 09:02:00', '2025-04-01T08:00:00'),
            ('8c74c596-0000-4000-8000-000000000003', '{USER_EXISTING}', '{SC_GLOBEX_TEST}', '2025-03-12 09:02:00', NULL),
            ('8c74c596-0000-4000-8000-000000000004', '{USER_DELETED}', '{SC_ACME_TEST}', '2025-03-13 09:02:00', NULL);
         INSERT INTO user_studio_companies (id, user_id, studio_id, name, created_at) VALUES
            ('9d85d6a7-0000-4000-8000-000000000001', '{USER_PLAIN}', 'st-900', 'Uma User', '2025-03-10 09:04:00');"
    ))
    .unwrap();
}

fn groups_and_integrations(conn: &Connection, latest: bool) {
    conn.execute_batch(&format!(
        "INSERT INTO system_groups (id, organization_id, tool, external_name, external_id, created_at) VALUES
            ('ae96e7b8-0000-4000-8000-000000000001', '{ORG_ACME}', 'metabase', 'ext-acme', '42', '2025-03-01 10:03:00'),
            ('ae96e7b8-0000-4000-8000-000000000002', '{ORG_ACME}', 'teams', 'Acme', '19:abc@thread.tacv2', '2025-03-01 10:04:00'),
            ('ae96e7b8-0000-4000-8000-000000000003', '{ORG_ACME}', 'slack', 'ext-acme', 'S0123', '2025-03-01 10:05:00');
         INSERT INTO organization_integrations
             (id, organization_id, keycloak_confirmed, keycloak_cluster, metabase_collection_id, lms_confirmed, updated_at) VALUES
            ('bfa7f8c9-0000-4000-8000-000000000001', '{ORG_ACME}', 1, 'prod-eu', 12, 1, '2025-03-03 08:00:00'),
            ('bfa7f8c9-0000-4000-8000-000000000002', '{ORG_GLOBEX}', 0, NULL, 'col_8f3a', 0, '2025-03-04T08:00:00.000001');"
    ))
    .unwrap();
    if latest {
        conn.execute_batch(&format!(
            "INSERT INTO organization_documentation (id, organization_id, internal_docu, generique_docu, add_docu, updated_at) VALUES
                ('c0b8090a-0000-4000-8000-000000000001', '{ORG_ACME}', 'https://docs.example/internal',
                 'https://docs.example/generic', NULL, '2025-03-03 09:00:00');"
        ))
        .unwrap();
    }
}

fn resources_and_grants(conn: &Connection) {
    for (id, name, kind, has_api) in RESOURCES {
        conn.execute(
            "INSERT INTO resources (id, name, type, has_api, created_at) VALUES (?1, ?2, ?3, ?4, '2025-01-01 00:00:00')",
            params![id, name, kind, has_api],
        )
        .unwrap();
    }
    let (metabase, slack, studio) = (RESOURCES[1].0, RESOURCES[3].0, RESOURCES[0].0);
    conn.execute_batch(&format!(
        "INSERT INTO access_grants (id, user_id, resource_id, permission, granted_by, granted_at, revoked_at, execution_id) VALUES
            ('{GRANT_METABASE}', '{USER_PLAIN}', '{metabase}', 'read', '{USER_ADMIN}', '2025-03-10 09:03:00', NULL, '{EXEC_COMPLETED}'),
            ('7b63b485-0000-4000-8000-000000000002', '{USER_PLAIN}', '{slack}', 'write', '{USER_PARTNER}', '2025-03-10T09:03:30.5', NULL, '{EXEC_COMPLETED}'),
            ('7b63b485-0000-4000-8000-000000000003', '{USER_EXISTING}', '{studio}', 'read', 'system', '2025-03-12 09:03:00', NULL, NULL);"
    ))
    .unwrap();
}

fn workflows(conn: &Connection) {
    for (id, name) in [
        (WF_NEW_PARTNER, "new_partner"),
        (WF_NEW_PARTNER_USER, "new_partner_user"),
        (WF_LEGACY, "legacy_offboarding"),
    ] {
        conn.execute(
            "INSERT INTO workflow_definitions (id, name, description, created_at) VALUES (?1, ?2, 'v0.3 workflow', '2025-01-01 00:00:00')",
            params![id, name],
        )
        .unwrap();
    }
    for (workflow, steps) in [
        (WF_NEW_PARTNER, &NEW_PARTNER_STEPS[..]),
        (WF_NEW_PARTNER_USER, &NEW_PARTNER_USER_STEPS[..]),
        (WF_LEGACY, &LEGACY_STEPS[..]),
    ] {
        for (index, (name, kind)) in steps.iter().enumerate() {
            let order = index + 1;
            conn.execute(
                "INSERT INTO workflow_step_definitions (id, workflow_definition_id, step_order, name, label, type, description)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL)",
                params![step_id(workflow, order), workflow, order as i64, name, format!("v0.3 {name}"), kind],
            )
            .unwrap();
        }
    }
}

/// One execution per v0.3 state (and one of a workflow HyOpps does not have), with their steps.
fn executions(conn: &Connection) {
    let mut execution = conn
        .prepare(
            "INSERT INTO workflow_executions (id, workflow_definition_id, organization_id, user_id, requested_by,
                                              status, current_step_order, created_at, completed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .unwrap();
    let no: Option<&str> = None;
    execution
        .execute(params![
            EXEC_COMPLETED,
            WF_NEW_PARTNER_USER,
            ORG_ACME,
            USER_PLAIN,
            USER_PARTNER,
            "completed",
            9,
            "2025-03-10 09:00:00",
            "2025-03-10T09:05:00.250000"
        ])
        .unwrap();
    execution
        .execute(params![
            EXEC_FAILED,
            WF_NEW_PARTNER,
            ORG_GLOBEX,
            no,
            USER_ADMIN,
            "failed",
            3,
            "2025-03-02T11:29:00",
            no
        ])
        .unwrap();
    execution
        .execute(params![
            EXEC_AWAITING,
            WF_NEW_PARTNER,
            no,
            no,
            USER_ADMIN,
            "awaiting_input",
            1,
            "2025-03-20 10:00:00",
            no
        ])
        .unwrap();
    execution
        .execute(params![
            EXEC_RUNNING,
            WF_NEW_PARTNER_USER,
            ORG_DELETED,
            USER_EXISTING,
            USER_ADMIN,
            "running",
            3,
            "2025-03-21 10:00:00",
            no
        ])
        .unwrap();
    execution
        .execute(params![
            EXEC_PENDING,
            WF_NEW_PARTNER_USER,
            ORG_ACME,
            no,
            USER_PARTNER,
            "pending",
            1,
            "2025-03-22 10:00:00",
            no
        ])
        .unwrap();
    execution
        .execute(params![
            EXEC_LEGACY,
            WF_LEGACY,
            ORG_INITECH,
            no,
            USER_ADMIN,
            "completed",
            2,
            "2024-12-01 10:00:00",
            "2024-12-01 10:10:00"
        ])
        .unwrap();

    let mut step = conn
        .prepare(
            "INSERT INTO workflow_step_executions (id, execution_id, step_definition_id, step_order, status,
                                                   manual_input, output, error, completed_by, started_at, completed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .unwrap();
    let mut n = 0;
    let mut add = |exec: &str,
                   workflow: &str,
                   order: usize,
                   status: &str,
                   input: Option<String>,
                   output: Option<&str>,
                   error: Option<&str>,
                   by: Option<&str>,
                   started: Option<&str>,
                   done: Option<&str>| {
        n += 1;
        step.execute(params![
            format!("e1c9a0b2-0000-4000-8000-{n:012}"),
            exec,
            step_id(workflow, order),
            order as i64,
            status,
            input,
            output,
            error,
            by,
            started,
            done
        ])
        .unwrap();
    };
    let inputs = [
        Some(format!(r#"{{"organization_id": "{ORG_ACME}"}}"#)),
        Some(format!(
            r#"{{"firstname": "Uma", "lastname": "User", "email": "{PLAIN_EMAIL}", "languages": ["en", "fr"], "skills": [], "roles": [], "selected_studio_company_ids": ["{SC_ACME_TEST}", "{SC_ACME_PROD}"]}}"#
        )),
    ];
    let outputs = [
        None,
        None,
        Some(r#"{"granted": ["st-100", "st-101"]}"#),
        Some(r#"{"metabase_user_id": 18}"#),
        Some(r#"{"teams_channel_id": "19:abc@thread.tacv2"}"#),
        Some(r#"{"slack_group_id": "S0123"}"#),
        Some(r#"{"studio_user_company_id": "st-900", "studio_user_company_name": "Uma User"}"#),
        Some("{}"),
        Some("{}"),
    ];
    for order in 1..=9 {
        let input = if order <= 2 {
            inputs[order - 1].clone()
        } else {
            None
        };
        add(
            EXEC_COMPLETED,
            WF_NEW_PARTNER_USER,
            order,
            "completed",
            input,
            outputs[order - 1],
            None,
            Some(USER_PARTNER),
            Some("2025-03-10 09:00:30"),
            Some("2025-03-10T09:04:59.999999"),
        );
    }
    let acme_input = r#"{"organization_name": "Globex", "studio_company_name_test": "Globex TEST", "studio_company_id_test": "st-200", "studio_company_name_prod": "Globex PROD", "studio_company_id_prod": "st-201"}"#;
    add(
        EXEC_FAILED,
        WF_NEW_PARTNER,
        1,
        "completed",
        Some(acme_input.into()),
        None,
        None,
        Some(USER_ADMIN),
        Some("2025-03-02T11:29:10"),
        Some("2025-03-02T11:29:20"),
    );
    add(
        EXEC_FAILED,
        WF_NEW_PARTNER,
        2,
        "completed",
        Some(
            r#"{"keycloak_cluster": "prod-eu", "keycloak_confirmed": true, "scopes": "openid"}"#
                .into(),
        ),
        None,
        None,
        Some(USER_ADMIN),
        Some("2025-03-02T11:29:30"),
        Some("2025-03-02T11:29:40"),
    );
    add(
        EXEC_FAILED,
        WF_NEW_PARTNER,
        3,
        "failed",
        None,
        None,
        Some("Metabase returned 500"),
        None,
        Some("2025-03-02T11:29:50"),
        None,
    );
    add(
        EXEC_AWAITING,
        WF_NEW_PARTNER,
        1,
        "awaiting_input",
        None,
        None,
        None,
        None,
        Some("2025-03-20 10:00:01"),
        None,
    );
    add(
        EXEC_RUNNING,
        WF_NEW_PARTNER_USER,
        1,
        "completed",
        Some(format!(r#"{{"organization_id": "{ORG_DELETED}"}}"#)),
        None,
        None,
        Some(USER_ADMIN),
        Some("2025-03-21 10:00:01"),
        Some("2025-03-21 10:00:02"),
    );
    add(
        EXEC_RUNNING,
        WF_NEW_PARTNER_USER,
        2,
        "completed",
        Some(format!(
            r#"{{"email": "{EXISTING_EMAIL_V03}", "notes": "returning"}}"#
        )),
        None,
        None,
        Some(USER_ADMIN),
        Some("2025-03-21 10:00:03"),
        Some("2025-03-21 10:00:04"),
    );
    add(
        EXEC_RUNNING,
        WF_NEW_PARTNER_USER,
        3,
        "running",
        None,
        None,
        None,
        None,
        Some("2025-03-21 10:00:05"),
        None,
    );
    add(
        EXEC_PENDING,
        WF_NEW_PARTNER_USER,
        1,
        "pending",
        None,
        None,
        None,
        None,
        None,
        None,
    );
    add(
        EXEC_LEGACY,
        WF_LEGACY,
        1,
        "completed",
        Some(r#"{"notes": "badge returned"}"#.into()),
        None,
        None,
        Some(USER_ADMIN),
        Some("2024-12-01 10:00:01"),
        Some("2024-12-01 10:05:00"),
    );
    // v0.3 wrote some outputs that are not JSON.
    add(
        EXEC_LEGACY,
        WF_LEGACY,
        2,
        "skipped",
        None,
        Some("done"),
        None,
        None,
        None,
        Some("2024-12-01 10:10:00"),
    );
}

/// Gives the account with `email` in the v0.3 file at `path` a new password, as a v0.3 admin
/// would have (or would never have done, for `admin123`).
pub fn set_password(path: &Path, email: &str, password: &str) {
    let conn = Connection::open(path).unwrap();
    let changed = conn
        .execute(
            "UPDATE users SET password_hash = ?2 WHERE email = ?1",
            params![email, bcrypt(password)],
        )
        .unwrap();
    assert_eq!(changed, 1, "the v0.3 file has an account {email}");
}

/// Sets Acme's three documentation links in the v0.3 file at `path` (Latest variant): v0.3
/// stored whatever was typed.
pub fn set_acme_documentation(path: &Path, internal: &str, generic: &str, additional: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute(
        "UPDATE organization_documentation SET internal_docu = ?2, generique_docu = ?3, add_docu = ?4
          WHERE organization_id = ?1",
        params![ORG_ACME, internal, generic, additional],
    )
    .unwrap();
}

/// Rows per v0.3 table in the Latest data set, for the tests' counts.
pub const STEP_EXECUTIONS: u64 = 9 + 3 + 1 + 3 + 1 + 2;
