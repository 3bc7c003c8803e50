//! Resources (the systems people get access to) and the access grants to them.

use rusqlite::params;

use super::run::Run;
use super::source::Snapshot;
use super::values::{flag, key, text, timestamp, timestamp_or, word};
use crate::AppError;

/// Our resources are seeded with ids of their own: v0.3's are mapped onto them by name (without
/// regard to case: "Keycloak" is our "KeyCloak"). A resource we do not know is imported.
pub(crate) fn resources(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("resources");
    for row in source.table("resources").rows() {
        let id = key(row.value("id"));
        let name = key(row.value("name"));
        let kind = text(row.value("type")).unwrap_or_default();
        let has_api = flag(row.value("has_api"));
        let created_at = timestamp_or(row.value("created_at"), &run.now);
        run.land(
            "resources",
            id.as_deref(),
            |run| match &name {
                Some(name) => run.find_id(
                    "SELECT id FROM resources WHERE name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC LIMIT 1",
                    [name],
                ),
                None => Ok(None),
            },
            name.is_some(),
            |run| {
                run.insert(
                    "resources",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO resources (id, name, type, has_api, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                    params![id, name, kind, has_api, created_at],
                )
            },
        )?;
    }
    Ok(())
}

/// One grant per user and resource: when ours already has one (a merged user), ours is kept.
/// `execution_id` is a historical reference without a foreign key and is kept as it is.
pub(crate) fn grants(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("access_grants");
    for row in source.table("access_grants").rows() {
        let id = key(row.value("id"));
        let user = run.our_id("users", key(row.value("user_id")).as_deref());
        let resource = run.our_id("resources", key(row.value("resource_id")).as_deref());
        let permission = word(row.value("permission")).unwrap_or_else(|| "read".into());
        let granted_by = run.actor_ref(key(row.value("granted_by")));
        let granted_at = timestamp_or(row.value("granted_at"), &run.now);
        let revoked_at = timestamp(row.value("revoked_at"));
        let execution_id = key(row.value("execution_id"));
        run.land(
            "access_grants",
            id.as_deref(),
            |_| Ok(None),
            user.is_some() && resource.is_some(),
            |run| {
                run.insert(
                    "access_grants",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO access_grants
                         (id, user_id, resource_id, permission, granted_by, granted_at, revoked_at, execution_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
                    params![id, user, resource, permission, granted_by, granted_at, revoked_at, execution_id],
                )
            },
        )?;
    }
    Ok(())
}
