//! Resources (the systems people get access to) and the access grants to them.

use hyopps_store::v03;

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
        let record = id
            .as_deref()
            .zip(name.as_deref())
            .map(|(id, name)| v03::Resource {
                id,
                name,
                kind: &kind,
                has_api,
                created_at: &created_at,
            });
        run.land(
            "resources",
            id.as_deref(),
            |conn| match &name {
                Some(name) => v03::resource_named(conn, name),
                None => Ok(None),
            },
            record.map(|record| move |conn: &_| v03::insert_resource(conn, &record)),
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
        let record = match (id.as_deref(), user.as_deref(), resource.as_deref()) {
            (Some(id), Some(user_id), Some(resource_id)) => Some(v03::Grant {
                id,
                user_id,
                resource_id,
                permission: &permission,
                granted_by: granted_by.as_deref(),
                granted_at: &granted_at,
                revoked_at: revoked_at.as_deref(),
                execution_id: execution_id.as_deref(),
            }),
            _ => None,
        };
        run.land(
            "access_grants",
            id.as_deref(),
            |_| Ok(None),
            record.map(|record| move |conn: &_| v03::insert_grant(conn, &record)),
        )?;
    }
    Ok(())
}
