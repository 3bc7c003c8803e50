//! Users as the admin console reads them: the paged, filtered list (and the same rows for the
//! CSV export), an organisation's members, and the parts of a user's detail.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::conditions::{contains_pattern, split_concat, Conditions};
use crate::StoreError;

/// Which users a list shows; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    /// Part of the first name, last name, "first last" or email, any case.
    pub search: Option<String>,
    pub organization_id: Option<String>,
    /// Only users with no organisation.
    pub without_organization: bool,
    pub app_role: Option<String>,
}

/// A user in the list, with their organisation and what they were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedUser {
    pub id: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub app_role: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// Resource names of the grants that are not revoked, by name.
    pub access: Vec<String>,
    /// Names of the Studio companies they have access to (not revoked), by name.
    pub studio_companies: Vec<String>,
    pub has_password: bool,
    pub locked_until: Option<String>,
    pub created_at: String,
}

/// The list order, as the indexes of migration 0002 hold it (email last: unique, so pages are
/// stable).
const ORDER: &str = "lastname COLLATE NOCASE, firstname COLLATE NOCASE, email";

const LISTED_SELECT: &str = "SELECT u.id, u.firstname, u.lastname, u.email, u.app_role,
        u.organization_id, o.name,
        (SELECT group_concat(name, char(31)) FROM (
            SELECT r.name FROM access_grants g JOIN resources r ON r.id = g.resource_id
             WHERE g.user_id = u.id AND g.revoked_at IS NULL ORDER BY r.name)),
        (SELECT group_concat(name, char(31)) FROM (
            SELECT c.name FROM user_studio_access a JOIN studio_companies c ON c.id = a.studio_company_id
             WHERE a.user_id = u.id AND a.revoked_at IS NULL ORDER BY c.name)),
        u.password_hash IS NOT NULL, u.locked_until, u.created_at
   FROM users u LEFT JOIN organizations o ON o.id = u.organization_id";

fn listed_from_row(r: &Row<'_>) -> rusqlite::Result<ListedUser> {
    Ok(ListedUser {
        id: r.get(0)?,
        firstname: r.get(1)?,
        lastname: r.get(2)?,
        email: r.get(3)?,
        app_role: r.get(4)?,
        organization_id: r.get(5)?,
        organization_name: r.get(6)?,
        access: split_concat(r.get(7)?),
        studio_companies: split_concat(r.get(8)?),
        has_password: r.get(9)?,
        locked_until: r.get(10)?,
        created_at: r.get(11)?,
    })
}

/// The filters as SQL over `users`, its columns prefixed with `t` (`""` in the page-choosing
/// subquery, `"u."` beside the joins). A search scans the name index, which holds every
/// searched column (migration 0002).
fn conditions(query: &UserQuery, t: &str) -> Conditions {
    let mut conditions = Conditions::default();
    if let Some(organization_id) = &query.organization_id {
        let p = conditions.bind(organization_id.clone());
        conditions.require(format!("{t}organization_id = {p}"));
    }
    if query.without_organization {
        conditions.require(format!("{t}organization_id IS NULL"));
    }
    if let Some(role) = &query.app_role {
        let p = conditions.bind(role.clone());
        conditions.require(format!("{t}app_role = {p}"));
    }
    if let Some(search) = &query.search {
        let p = conditions.bind(contains_pattern(search));
        // "first last" holds both names, so one LIKE over it finds a part of either.
        conditions.require(format!(
            "(({t}firstname || ' ' || {t}lastname) LIKE {p} ESCAPE '\\'
              OR {t}email LIKE {p} ESCAPE '\\')"
        ));
    }
    conditions
}

/// One page of users in name order, and how many match in all. The page is chosen on an
/// index alone; only its rows are joined to organisations, grants and Studio access.
pub fn list(
    conn: &Connection,
    query: &UserQuery,
    limit: u32,
    offset: i64,
) -> Result<(Vec<ListedUser>, i64), StoreError> {
    let conditions = conditions(query, "");
    let filter = conditions.where_clause();
    let total = conditions.count(conn, "users")?;
    let (limit_p, offset_p) = conditions.page_placeholders();
    let sql = format!(
        "{LISTED_SELECT}
          WHERE u.rowid IN (SELECT rowid FROM users {filter} ORDER BY {ORDER} LIMIT {limit_p} OFFSET {offset_p})
          ORDER BY u.lastname COLLATE NOCASE, u.firstname COLLATE NOCASE, u.email"
    );
    let page = conditions.page(conn, &sql, limit, offset, listed_from_row)?;
    Ok((page, total))
}

/// Every matching user in name order, handed to `each` one at a time (for the CSV export, so
/// 100,000 rows are never all in memory as structs). Returns how many there were.
pub fn for_each_listed(
    conn: &Connection,
    query: &UserQuery,
    each: impl FnMut(ListedUser),
) -> Result<u64, StoreError> {
    let conditions = conditions(query, "u.");
    let filter = conditions.where_clause();
    let sql = format!(
        "{LISTED_SELECT} {filter}
          ORDER BY u.lastname COLLATE NOCASE, u.firstname COLLATE NOCASE, u.email"
    );
    conditions.for_each(conn, &sql, listed_from_row, each)
}

use super::PersonRow;

/// The organisation's first `limit` people by name, and how many it has.
pub fn members(
    conn: &Connection,
    organization_id: &str,
    limit: u32,
) -> Result<(Vec<PersonRow>, i64), StoreError> {
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM users WHERE organization_id = ?1")?
        .query_row([organization_id], |r| r.get(0))?;
    let mut statement = conn.prepare_cached(
        "SELECT u.id, u.firstname, u.lastname, u.email, u.app_role, u.created_at,
                (SELECT group_concat(name, char(31)) FROM (
                    SELECT r.name FROM access_grants g JOIN resources r ON r.id = g.resource_id
                     WHERE g.user_id = u.id AND g.revoked_at IS NULL ORDER BY r.name))
           FROM users u
          WHERE u.organization_id = ?1
          ORDER BY u.lastname COLLATE NOCASE, u.firstname COLLATE NOCASE, u.email
          LIMIT ?2",
    )?;
    let rows = statement.query_map(params![organization_id, limit], |r| {
        Ok(PersonRow {
            id: r.get(0)?,
            firstname: r.get(1)?,
            lastname: r.get(2)?,
            email: r.get(3)?,
            app_role: r.get(4)?,
            created_at: r.get(5)?,
            access: split_concat(r.get(6)?),
        })
    })?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}

/// Everything about a user except what hangs off them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub languages: Vec<String>,
    pub skills: Vec<String>,
    pub roles: Vec<String>,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub app_role: String,
    pub has_password: bool,
    pub must_change_password: bool,
    pub failed_logins: i64,
    pub locked_until: Option<String>,
    pub metabase_user_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

pub fn profile(conn: &Connection, id: &str) -> Result<Option<Profile>, StoreError> {
    let row = conn
        .prepare_cached(
            "SELECT u.id, u.firstname, u.lastname, u.email, u.languages, u.skills, u.roles,
                    u.organization_id, o.name, u.app_role, u.password_hash IS NOT NULL,
                    u.must_change_password, u.failed_logins, u.locked_until, u.metabase_user_id,
                    u.created_at, u.updated_at
               FROM users u LEFT JOIN organizations o ON o.id = u.organization_id
              WHERE u.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                Profile {
                    id: r.get(0)?,
                    firstname: r.get(1)?,
                    lastname: r.get(2)?,
                    email: r.get(3)?,
                    languages: Vec::new(),
                    skills: Vec::new(),
                    roles: Vec::new(),
                    organization_id: r.get(7)?,
                    organization_name: r.get(8)?,
                    app_role: r.get(9)?,
                    has_password: r.get(10)?,
                    must_change_password: r.get(11)?,
                    failed_logins: r.get(12)?,
                    locked_until: r.get(13)?,
                    metabase_user_id: r.get(14)?,
                    created_at: r.get(15)?,
                    updated_at: r.get(16)?,
                },
                [
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ],
            ))
        })
        .optional()?;
    let Some((mut profile, [languages, skills, roles])) = row else {
        return Ok(None);
    };
    profile.languages = string_list(&languages);
    profile.skills = string_list(&skills);
    profile.roles = string_list(&roles);
    Ok(Some(profile))
}

/// A stored JSON list of strings; anything else (an odd import) reads as its strings only.
fn string_list(json: &str) -> Vec<String> {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// An access grant with its resource's and granter's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRow {
    pub resource_id: String,
    pub resource_name: String,
    pub permission: String,
    pub granted_by: Option<String>,
    pub granted_by_name: Option<String>,
    pub granted_at: String,
    pub revoked_at: Option<String>,
    pub execution_id: Option<String>,
}

/// The user's access grants (revoked ones too), by resource name.
pub fn access_grants(conn: &Connection, user_id: &str) -> Result<Vec<GrantRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT g.resource_id, r.name, g.permission, g.granted_by,
                trim(b.firstname || ' ' || b.lastname), g.granted_at, g.revoked_at, g.execution_id
           FROM access_grants g JOIN resources r ON r.id = g.resource_id
           LEFT JOIN users b ON b.id = g.granted_by
          WHERE g.user_id = ?1 ORDER BY r.name",
    )?;
    let rows = statement.query_map([user_id], |r| {
        Ok(GrantRow {
            resource_id: r.get(0)?,
            resource_name: r.get(1)?,
            permission: r.get(2)?,
            granted_by: r.get(3)?,
            granted_by_name: r.get(4)?,
            granted_at: r.get(5)?,
            revoked_at: r.get(6)?,
            execution_id: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Access to one Studio company, with the company's and its organisation's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudioAccessRow {
    pub studio_company_id: String,
    pub company_name: String,
    pub studio_id: String,
    pub environment: String,
    pub organization_id: String,
    pub organization_name: String,
    pub granted_at: String,
    pub revoked_at: Option<String>,
}

pub fn studio_access(conn: &Connection, user_id: &str) -> Result<Vec<StudioAccessRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT c.id, c.name, c.studio_id, c.environment, o.id, o.name, a.granted_at, a.revoked_at
           FROM user_studio_access a
           JOIN studio_companies c ON c.id = a.studio_company_id
           JOIN organizations o ON o.id = c.organization_id
          WHERE a.user_id = ?1 ORDER BY o.name, c.environment DESC, c.name",
    )?;
    let rows = statement.query_map([user_id], |r| {
        Ok(StudioAccessRow {
            studio_company_id: r.get(0)?,
            company_name: r.get(1)?,
            studio_id: r.get(2)?,
            environment: r.get(3)?,
            organization_id: r.get(4)?,
            organization_name: r.get(5)?,
            granted_at: r.get(6)?,
            revoked_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The user's personal Studio company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalCompany {
    pub studio_id: String,
    pub name: String,
    pub created_at: String,
}

pub fn personal_company(
    conn: &Connection,
    user_id: &str,
) -> Result<Option<PersonalCompany>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT studio_id, name, created_at FROM user_studio_companies WHERE user_id = ?1 AND removed_at IS NULL",
        )?
        .query_row([user_id], |r| {
            Ok(PersonalCompany {
                studio_id: r.get(0)?,
                name: r.get(1)?,
                created_at: r.get(2)?,
            })
        })
        .optional()?)
}
