//! The SQL files of `migrations/`, embedded in order. Append-only: a landed file is never edited.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::StoreError;

/// Every migration file, in the order it is applied. A test checks this matches the folder.
const MIGRATION_FILES: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("../../../../migrations/0001_init.sql"),
    ),
    (
        "0002_admin_console.sql",
        include_str!("../../../../migrations/0002_admin_console.sql"),
    ),
    (
        "0003_integration_settings.sql",
        include_str!("../../../../migrations/0003_integration_settings.sql"),
    ),
    (
        "0004_audit_client.sql",
        include_str!("../../../../migrations/0004_audit_client.sql"),
    ),
    (
        "0005_server_sessions.sql",
        include_str!("../../../../migrations/0005_server_sessions.sql"),
    ),
    (
        "0006_personal_company_removed.sql",
        include_str!("../../../../migrations/0006_personal_company_removed.sql"),
    ),
    (
        "0007_organization_unused_systems.sql",
        include_str!("../../../../migrations/0007_organization_unused_systems.sql"),
    ),
    (
        "0008_partner_offboarding.sql",
        include_str!("../../../../migrations/0008_partner_offboarding.sql"),
    ),
    (
        "0009_accepted_access.sql",
        include_str!("../../../../migrations/0009_accepted_access.sql"),
    ),
    (
        "0010_people_imports.sql",
        include_str!("../../../../migrations/0010_people_imports.sql"),
    ),
    (
        "0011_audit_search.sql",
        include_str!("../../../../migrations/0011_audit_search.sql"),
    ),
];

pub fn migration_file_names() -> impl Iterator<Item = &'static str> {
    MIGRATION_FILES.iter().map(|(name, _)| *name)
}

pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_FILES.iter().map(|(_, sql)| M::up(sql)).collect())
}

pub(crate) fn apply(connection: &mut Connection) -> Result<(), StoreError> {
    migrations().to_latest(connection)?;
    Ok(())
}
