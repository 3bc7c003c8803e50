//! Organisations and what belongs to them: Studio companies, system groups, integrations and
//! documentation links.

use rusqlite::params;

use super::run::{Landing, Run};
use super::source::Snapshot;
use super::values::{flag, integer, json_list, key, text, timestamp_or, word};
use crate::admin::validate::Check;
use crate::AppError;

/// Organisations keep their id; one with the same name as ours (in any case: our names are
/// unique without regard to case) is ours under another id, so ours is kept.
pub(crate) fn organizations(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("organizations");
    for row in source.table("organizations").rows() {
        let id = key(row.value("id"));
        let name = key(row.value("name"));
        let account_types = json_list(row.value("account_types"), r#"["partner"]"#);
        let created_at = timestamp_or(row.value("created_at"), &run.now);
        run.land(
            "organizations",
            id.as_deref(),
            |run| match &name {
                Some(name) => run.find_id("SELECT id FROM organizations WHERE name = ?1", [name]),
                None => Ok(None),
            },
            name.is_some(),
            |run| {
                run.insert(
                    "organizations",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO organizations (id, name, account_types, created_at)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    params![id, name, account_types, created_at],
                )
            },
        )?;
    }
    Ok(())
}

/// Studio companies are identified by their Studio id as well as their own.
pub(crate) fn studio_companies(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("studio_companies");
    for row in source.table("studio_companies").rows() {
        let id = key(row.value("id"));
        let studio_id = key(row.value("studio_id"));
        let organization = run.our_id(
            "organizations",
            key(row.value("organization_id")).as_deref(),
        );
        let name = text(row.value("name")).unwrap_or_default();
        let environment = word(row.value("environment"));
        let created_at = timestamp_or(row.value("created_at"), &run.now);
        let complete = organization.is_some() && studio_id.is_some();
        run.land(
            "studio_companies",
            id.as_deref(),
            |run| match &studio_id {
                Some(studio_id) => run.find_id(
                    "SELECT id FROM studio_companies WHERE studio_id = ?1",
                    [studio_id],
                ),
                None => Ok(None),
            },
            complete,
            |run| {
                run.insert(
                    "studio_companies",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    params![id, organization, studio_id, name, environment, created_at],
                )
            },
        )?;
    }
    Ok(())
}

/// One group per organisation and tool: when ours already has one, ours is kept.
pub(crate) fn system_groups(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("system_groups");
    for row in source.table("system_groups").rows() {
        let id = key(row.value("id"));
        let organization = run.our_id(
            "organizations",
            key(row.value("organization_id")).as_deref(),
        );
        let tool = word(row.value("tool"));
        let external_name = text(row.value("external_name"));
        let external_id = text(row.value("external_id"));
        let created_at = timestamp_or(row.value("created_at"), &run.now);
        let complete = organization.is_some() && tool.is_some();
        run.land(
            "system_groups",
            id.as_deref(),
            |_| Ok(None),
            complete,
            |run| {
                run.insert(
                    "system_groups",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO system_groups (id, organization_id, tool, external_name, external_id, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    params![id, organization, tool, external_name, external_id, created_at],
                )
            },
        )?;
    }
    Ok(())
}

pub(crate) fn integrations(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("organization_integrations");
    for row in source.table("organization_integrations").rows() {
        let id = key(row.value("id"));
        let organization = run.our_id(
            "organizations",
            key(row.value("organization_id")).as_deref(),
        );
        let keycloak_confirmed = flag(row.value("keycloak_confirmed"));
        let keycloak_cluster = word(row.value("keycloak_cluster"));
        let collection = integer(row.value("metabase_collection_id"));
        let lms_confirmed = flag(row.value("lms_confirmed"));
        let updated_at = timestamp_or(row.value("updated_at"), &run.now);
        run.land(
            "organization_integrations",
            id.as_deref(),
            |_| Ok(None),
            organization.is_some(),
            |run| {
                run.insert(
                    "organization_integrations",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO organization_integrations
                         (id, organization_id, keycloak_confirmed, keycloak_cluster, metabase_collection_id, lms_confirmed, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                    params![id, organization, keycloak_confirmed, keycloak_cluster, collection, lms_confirmed, updated_at],
                )
            },
        )?;
    }
    Ok(())
}

/// The three links and their names on the organisation's page.
const LINKS: [(&str, &str); 3] = hyopps_contract::organizations::DOCUMENTATION_LINKS;

/// Older v0.3 databases have no documentation table: then this counts nothing. Each link must be
/// an http(s) web link, by the rule the organisation's page uses: v0.3 stored whatever was typed,
/// and these links go into emails to partners. Any other is left empty and named in the report.
pub(crate) fn documentation(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("organization_documentation");
    for row in source.table("organization_documentation").rows() {
        let id = key(row.value("id"));
        let organization = run.our_id(
            "organizations",
            key(row.value("organization_id")).as_deref(),
        );
        let mut links = LINKS.map(|(column, _)| key(row.value(column)));
        let mut cleared = Vec::new();
        for ((_, label), link) in LINKS.iter().zip(links.iter_mut()) {
            if link.as_deref().is_some_and(|value| !is_web_link(value)) {
                *link = None;
                cleared.push(*label);
            }
        }
        let [internal, generique, add] = links;
        let updated_at = timestamp_or(row.value("updated_at"), &run.now);
        let landing = run.land(
            "organization_documentation",
            id.as_deref(),
            |_| Ok(None),
            organization.is_some(),
            |run| {
                run.insert(
                    "organization_documentation",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO organization_documentation
                         (id, organization_id, internal_docu, generique_docu, add_docu, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    params![id, organization, internal, generique, add, updated_at],
                )
            },
        )?;
        if landing == Landing::Imported && !cleared.is_empty() {
            let name = run
                .find_id(
                    "SELECT name FROM organizations WHERE id = ?1",
                    [organization.as_deref()],
                )?
                .unwrap_or_default();
            for label in cleared {
                run.notes.cleared_links.push(format!("“{label}” of {name}"));
            }
        }
    }
    Ok(())
}

fn is_web_link(value: &str) -> bool {
    let mut check = Check::new();
    check.url("link", value);
    check.finish().is_ok()
}
