//! Organisations and what hangs off them: Studio companies, system groups, integration state,
//! documentation links and the systems it leaves out (in `systems`). The admin console's list
//! and detail reads are in `listing`, its changes (and deleting an organisation) in `changes`.

mod changes;
mod listing;
mod strangers;
mod systems;

pub use changes::*;
pub use listing::*;
pub use strangers::*;
pub use systems::*;

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::{new_id, StoreError};

/// The organisation of that name (any case), created with its integrations row if missing.
/// Returns its id.
pub fn find_or_create(tx: &Transaction<'_>, name: &str, now: &str) -> Result<String, StoreError> {
    let existing: Option<String> = tx
        .query_row_cached(
            "SELECT id FROM organizations WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    let id = match existing {
        Some(id) => id,
        None => {
            let id = new_id();
            tx.execute_cached(
                "INSERT INTO organizations (id, name, created_at) VALUES (?1, ?2, ?3)",
                params![id, name, now],
            )?;
            id
        }
    };
    tx.execute_cached(
        "INSERT INTO organization_integrations (id, organization_id, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (organization_id) DO NOTHING",
        params![new_id(), id, now],
    )?;
    Ok(id)
}

pub fn name(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row_cached("SELECT name FROM organizations WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// (id, name) of every organisation, by name.
pub fn all_names(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id, name FROM organizations ORDER BY name")?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A Studio company of an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudioCompany {
    pub id: String,
    pub organization_id: String,
    pub studio_id: String,
    pub name: String,
    pub environment: String,
}

pub fn studio_companies(
    conn: &Connection,
    organization_id: &str,
) -> Result<Vec<StudioCompany>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, organization_id, studio_id, name, environment FROM studio_companies
          WHERE organization_id = ?1 ORDER BY environment DESC, name",
    )?;
    let rows = statement.query_map([organization_id], |r| {
        Ok(StudioCompany {
            id: r.get(0)?,
            organization_id: r.get(1)?,
            studio_id: r.get(2)?,
            name: r.get(3)?,
            environment: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The organisation that owns this Studio id, if any.
pub fn studio_id_owner(
    conn: &Connection,
    studio_id: &str,
) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .query_row_cached(
            "SELECT o.id, o.name FROM studio_companies c JOIN organizations o ON o.id = c.organization_id
              WHERE c.studio_id = ?1",
            [studio_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Adds the Studio company, or renames it when this organisation already has that Studio id.
pub fn upsert_studio_company(
    tx: &Transaction<'_>,
    organization_id: &str,
    studio_id: &str,
    name: &str,
    environment: &str,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (studio_id) DO UPDATE SET name = excluded.name, environment = excluded.environment
          WHERE studio_companies.organization_id = excluded.organization_id",
        params![new_id(), organization_id, studio_id, name, environment, now],
    )?;
    Ok(())
}

/// An organisation's group in one tool, as the admin or a workflow recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemGroup {
    pub external_id: Option<String>,
    pub external_name: Option<String>,
}

/// The organisation's group in a tool (metabase, teams, slack, keycloak).
pub fn system_group(
    conn: &Connection,
    organization_id: &str,
    tool: &str,
) -> Result<Option<SystemGroup>, StoreError> {
    Ok(conn
        .query_row_cached(
            "SELECT external_id, external_name FROM system_groups WHERE organization_id = ?1 AND tool = ?2",
            [organization_id, tool],
            |r| {
                Ok(SystemGroup {
                    external_id: r.get(0)?,
                    external_name: r.get(1)?,
                })
            },
        )
        .optional()?)
}

pub fn set_system_group(
    tx: &Transaction<'_>,
    organization_id: &str,
    tool: &str,
    external_id: &str,
    external_name: &str,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "INSERT INTO system_groups (id, organization_id, tool, external_id, external_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (organization_id, tool)
         DO UPDATE SET external_id = excluded.external_id, external_name = excluded.external_name",
        params![new_id(), organization_id, tool, external_id, external_name, now],
    )?;
    Ok(())
}

/// Which integration fact a workflow step confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntegrationUpdate<'a> {
    Keycloak { cluster: &'a str },
    MetabaseCollection { collection_id: i64 },
    LmsConfirmed,
}

pub fn update_integrations(
    tx: &Transaction<'_>,
    organization_id: &str,
    update: IntegrationUpdate<'_>,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "INSERT INTO organization_integrations (id, organization_id, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (organization_id) DO NOTHING",
        params![new_id(), organization_id, now],
    )?;
    let changed = match update {
        IntegrationUpdate::Keycloak { cluster } => tx.execute_cached(
            "UPDATE organization_integrations SET keycloak_confirmed = 1, keycloak_cluster = ?2, updated_at = ?3
              WHERE organization_id = ?1",
            params![organization_id, cluster, now],
        )?,
        IntegrationUpdate::MetabaseCollection { collection_id } => tx.execute_cached(
            "UPDATE organization_integrations SET metabase_collection_id = ?2, updated_at = ?3
              WHERE organization_id = ?1",
            params![organization_id, collection_id, now],
        )?,
        IntegrationUpdate::LmsConfirmed => tx.execute_cached(
            "UPDATE organization_integrations SET lms_confirmed = 1, updated_at = ?2 WHERE organization_id = ?1",
            params![organization_id, now],
        )?,
    };
    debug_assert_eq!(changed, 1);
    Ok(())
}

/// The documentation links that are set, as (label, URL).
pub fn documentation_links(
    conn: &Connection,
    organization_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    let row: Option<(Option<String>, Option<String>, Option<String>)> = conn
        .query_row_cached(
            "SELECT internal_docu, generique_docu, add_docu FROM organization_documentation WHERE organization_id = ?1",
            [organization_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((internal, generic, additional)) = row else {
        return Ok(Vec::new());
    };
    Ok(hyopps_contract::organizations::DOCUMENTATION_LINKS
        .into_iter()
        .zip([internal, generic, additional])
        .map(|((_, label), url)| (label, url))
        .filter_map(|(label, url)| {
            url.filter(|u| !u.trim().is_empty())
                .map(|u| (label.to_string(), u))
        })
        .collect())
}

/// The organisation's name and account types.
pub fn name_and_account_types(
    conn: &Connection,
    id: &str,
) -> Result<Option<(String, Vec<String>)>, StoreError> {
    let row: Option<(String, String)> = conn
        .query_row_cached(
            "SELECT name, account_types FROM organizations WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(name, types)| Ok((name, serde_json::from_str(&types)?)))
        .transpose()
}
