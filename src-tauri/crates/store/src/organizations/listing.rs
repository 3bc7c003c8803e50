//! Organisations as the admin console reads them: the paged list and the parts of the detail.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::conditions::{contains_pattern, split_concat, Conditions};
use crate::StoreError;

/// The order of the organisations list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganizationOrder {
    Name,
    CreatedAt,
}

/// Which organisations, in what order, which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationQuery {
    /// Part of the name, any case.
    pub search: Option<String>,
    /// `Some(false)`: only those not offboarded; `Some(true)`: only offboarded ones.
    pub offboarded: Option<bool>,
    pub order: OrganizationOrder,
    pub descending: bool,
    pub limit: u32,
    pub offset: i64,
}

/// What an integrations row says (all false/None when the organisation has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntegrationState {
    pub keycloak_confirmed: bool,
    pub keycloak_cluster: Option<String>,
    pub metabase_collection_id: Option<i64>,
    pub lms_confirmed: bool,
}

/// An organisation in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedOrganization {
    pub id: String,
    pub name: String,
    pub account_types: Vec<String>,
    pub created_at: String,
    pub user_count: i64,
    pub integration: IntegrationState,
    /// Tools (metabase, teams, …) whose group has an external id recorded.
    pub group_tools: Vec<String>,
    pub offboarded_at: Option<String>,
}

/// One page of organisations and how many match in all.
///
/// The page is chosen on the name (or creation time) index alone, then only its rows are
/// joined and counted, so a late page costs an index walk, not 100,000 joins.
pub fn list(
    conn: &Connection,
    query: &OrganizationQuery,
) -> Result<(Vec<ListedOrganization>, i64), StoreError> {
    let mut conditions = Conditions::default();
    if let Some(search) = &query.search {
        let pattern = conditions.bind(contains_pattern(search));
        conditions.require(format!("name LIKE {pattern} ESCAPE '\\'"));
    }
    match query.offboarded {
        Some(true) => conditions.require("offboarded_at IS NOT NULL".to_string()),
        Some(false) => conditions.require("offboarded_at IS NULL".to_string()),
        None => {}
    }
    let filter = conditions.where_clause();
    let total = conditions.count(conn, "organizations")?;

    let direction = if query.descending { "DESC" } else { "ASC" };
    // rowid last: equal creation times still page in a stable order.
    let order = |table: &str| match query.order {
        OrganizationOrder::Name => format!("{table}name COLLATE NOCASE {direction}"),
        OrganizationOrder::CreatedAt => {
            format!("{table}created_at {direction}, {table}rowid {direction}")
        }
    };
    let (limit, offset) = conditions.page_placeholders();
    let sql = format!(
        "SELECT o.id, o.name, o.account_types, o.created_at,
                (SELECT count(*) FROM users u WHERE u.organization_id = o.id),
                i.keycloak_confirmed, i.keycloak_cluster, i.metabase_collection_id, i.lms_confirmed,
                (SELECT group_concat(g.tool, char(31)) FROM system_groups g
                  WHERE g.organization_id = o.id AND coalesce(g.external_id, '') <> ''),
                o.offboarded_at
           FROM organizations o
           LEFT JOIN organization_integrations i ON i.organization_id = o.id
          WHERE o.rowid IN (SELECT rowid FROM organizations {filter}
                             ORDER BY {} LIMIT {limit} OFFSET {offset})
          ORDER BY {}",
        order(""),
        order("o.")
    );
    let rows = conditions.page(conn, &sql, query.limit, query.offset, |r| {
        Ok((
            ListedOrganization {
                id: r.get(0)?,
                name: r.get(1)?,
                account_types: Vec::new(),
                created_at: r.get(3)?,
                user_count: r.get(4)?,
                integration: IntegrationState {
                    keycloak_confirmed: r.get::<_, Option<bool>>(5)?.unwrap_or(false),
                    keycloak_cluster: r.get(6)?,
                    metabase_collection_id: r.get(7)?,
                    lms_confirmed: r.get::<_, Option<bool>>(8)?.unwrap_or(false),
                },
                group_tools: split_concat(r.get(9)?),
                offboarded_at: r.get(10)?,
            },
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut page = Vec::with_capacity(rows.len());
    for (mut organization, account_types) in rows {
        organization.account_types = serde_json::from_str(&account_types)?;
        page.push(organization);
    }
    Ok((page, total))
}

/// An organisation's own columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationRecord {
    pub id: String,
    pub name: String,
    pub account_types: Vec<String>,
    pub created_at: String,
}

pub fn record(conn: &Connection, id: &str) -> Result<Option<OrganizationRecord>, StoreError> {
    let row: Option<(OrganizationRecord, String)> = conn
        .prepare_cached(
            "SELECT id, name, account_types, created_at FROM organizations WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                OrganizationRecord {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    account_types: Vec::new(),
                    created_at: r.get(3)?,
                },
                r.get(2)?,
            ))
        })
        .optional()?;
    row.map(|(mut record, types)| {
        record.account_types = serde_json::from_str(&types)?;
        Ok(record)
    })
    .transpose()
}

/// The organisation's integration state; the defaults when it has no integrations row.
pub fn integration_state(
    conn: &Connection,
    organization_id: &str,
) -> Result<IntegrationState, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT keycloak_confirmed, keycloak_cluster, metabase_collection_id, lms_confirmed
               FROM organization_integrations WHERE organization_id = ?1",
        )?
        .query_row([organization_id], |r| {
            Ok(IntegrationState {
                keycloak_confirmed: r.get(0)?,
                keycloak_cluster: r.get(1)?,
                metabase_collection_id: r.get(2)?,
                lms_confirmed: r.get(3)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// Every group the organisation has, as (tool, group), by tool.
pub fn system_groups(
    conn: &Connection,
    organization_id: &str,
) -> Result<Vec<(String, super::SystemGroup)>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT tool, external_id, external_name FROM system_groups
          WHERE organization_id = ?1 ORDER BY tool",
    )?;
    let rows = statement.query_map([organization_id], |r| {
        Ok((
            r.get(0)?,
            super::SystemGroup {
                external_id: r.get(1)?,
                external_name: r.get(2)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The three documentation links as stored (each may be unset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Documentation {
    pub internal_docu: Option<String>,
    pub generique_docu: Option<String>,
    pub add_docu: Option<String>,
}

pub fn documentation(
    conn: &Connection,
    organization_id: &str,
) -> Result<Documentation, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT internal_docu, generique_docu, add_docu FROM organization_documentation
              WHERE organization_id = ?1",
        )?
        .query_row([organization_id], |r| {
            Ok(Documentation {
                internal_docu: r.get(0)?,
                generique_docu: r.get(1)?,
                add_docu: r.get(2)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// A Studio company with everything the admin console shows and edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudioCompanyRecord {
    pub id: String,
    pub organization_id: String,
    pub studio_id: String,
    pub name: String,
    pub environment: String,
    pub created_at: String,
}

const STUDIO_COMPANY_SELECT: &str =
    "SELECT id, organization_id, studio_id, name, environment, created_at FROM studio_companies";

fn studio_company_from_row(r: &Row<'_>) -> rusqlite::Result<StudioCompanyRecord> {
    Ok(StudioCompanyRecord {
        id: r.get(0)?,
        organization_id: r.get(1)?,
        studio_id: r.get(2)?,
        name: r.get(3)?,
        environment: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// The organisation's Studio companies, TEST before PROD, then by name.
pub fn studio_company_records(
    conn: &Connection,
    organization_id: &str,
) -> Result<Vec<StudioCompanyRecord>, StoreError> {
    let sql = format!(
        "{STUDIO_COMPANY_SELECT} WHERE organization_id = ?1 ORDER BY environment DESC, name, studio_id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([organization_id], studio_company_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn studio_company_record(
    conn: &Connection,
    id: &str,
) -> Result<Option<StudioCompanyRecord>, StoreError> {
    let sql = format!("{STUDIO_COMPANY_SELECT} WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], studio_company_from_row)
        .optional()?)
}
