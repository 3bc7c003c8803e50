//! Organisations and what belongs to them: Studio companies, system groups, integrations and
//! documentation links.

use hyopps_store::v03;

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
        let record = id
            .as_deref()
            .zip(name.as_deref())
            .map(|(id, name)| v03::Organization {
                id,
                name,
                account_types: &account_types,
                created_at: &created_at,
            });
        run.land(
            "organizations",
            id.as_deref(),
            |conn| match &name {
                Some(name) => v03::organization_named(conn, name),
                None => Ok(None),
            },
            record.map(|record| move |conn: &_| v03::insert_organization(conn, &record)),
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
        let record = match (id.as_deref(), organization.as_deref(), studio_id.as_deref()) {
            (Some(id), Some(organization_id), Some(studio_id)) => Some(v03::StudioCompany {
                id,
                organization_id,
                studio_id,
                name: &name,
                environment: environment.as_deref(),
                created_at: &created_at,
            }),
            _ => None,
        };
        run.land(
            "studio_companies",
            id.as_deref(),
            |conn| match &studio_id {
                Some(studio_id) => v03::studio_company_with_studio_id(conn, studio_id),
                None => Ok(None),
            },
            record.map(|record| move |conn: &_| v03::insert_studio_company(conn, &record)),
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
        let record = match (id.as_deref(), organization.as_deref(), tool.as_deref()) {
            (Some(id), Some(organization_id), Some(tool)) => Some(v03::SystemGroup {
                id,
                organization_id,
                tool,
                external_name: external_name.as_deref(),
                external_id: external_id.as_deref(),
                created_at: &created_at,
            }),
            _ => None,
        };
        run.land(
            "system_groups",
            id.as_deref(),
            |_| Ok(None),
            record.map(|record| move |conn: &_| v03::insert_system_group(conn, &record)),
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
        let record = id
            .as_deref()
            .zip(organization.as_deref())
            .map(|(id, organization_id)| v03::Integrations {
                id,
                organization_id,
                keycloak_confirmed,
                keycloak_cluster: keycloak_cluster.as_deref(),
                metabase_collection_id: collection,
                lms_confirmed,
                updated_at: &updated_at,
            });
        run.land(
            "organization_integrations",
            id.as_deref(),
            |_| Ok(None),
            record.map(|record| move |conn: &_| v03::insert_integrations(conn, &record)),
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
        let record = id
            .as_deref()
            .zip(organization.as_deref())
            .map(|(id, organization_id)| v03::Documentation {
                id,
                organization_id,
                internal: internal.as_deref(),
                generique: generique.as_deref(),
                add: add.as_deref(),
                updated_at: &updated_at,
            });
        let landing = run.land(
            "organization_documentation",
            id.as_deref(),
            |_| Ok(None),
            record.map(|record| move |conn: &_| v03::insert_documentation(conn, &record)),
        )?;
        if landing == Landing::Imported && !cleared.is_empty() {
            let name = match organization.as_deref() {
                Some(organization) => v03::organization_name(run.conn, organization)?,
                None => None,
            }
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
