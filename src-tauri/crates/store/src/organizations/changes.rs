//! What an admin changes on an organisation: its name and account types, its groups, its
//! documentation links and Studio companies, and deleting it with everything that hangs off it.
//! Each verb runs in the caller's transaction, beside its audit entry.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::listing::{studio_company_records, Documentation, StudioCompanyRecord};
use crate::{new_id, StoreError};

/// The organisation (other than `except_id`) whose name equals `name` in any case, as
/// (id, name). The column compares ASCII without case; names with other letters ("Zürich" and
/// "ZÜRICH") are compared here with Unicode lower-casing.
pub fn name_owner(
    conn: &Connection,
    name: &str,
    except_id: Option<&str>,
) -> Result<Option<(String, String)>, StoreError> {
    let same = conn
        .prepare_cached("SELECT id, name FROM organizations WHERE name = ?1 AND id IS NOT ?2")?
        .query_row(params![name, except_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if same.is_some() || name.is_ascii() {
        return Ok(same);
    }
    // Only a name with a non-ASCII letter can equal this one under Unicode case folding but
    // not under NOCASE; the GLOB keeps the comparison to those. It is a scan (about 10 ms at
    // 100,000 organisations), paid only when the new name has such a letter.
    let wanted = name.to_lowercase();
    let mut statement = conn.prepare_cached(
        "SELECT id, name FROM organizations WHERE name GLOB '*[^ -~]*' AND id IS NOT ?1",
    )?;
    let mut rows = statement.query(params![except_id])?;
    while let Some(row) = rows.next()? {
        let other: String = row.get(1)?;
        if other.to_lowercase() == wanted {
            return Ok(Some((row.get(0)?, other)));
        }
    }
    Ok(None)
}

/// Renames the organisation and sets its account types.
pub fn update(
    tx: &Transaction<'_>,
    id: &str,
    name: &str,
    account_types: &[String],
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE organizations SET name = ?2, account_types = ?3 WHERE id = ?1",
        params![id, name, serde_json::to_string(account_types)?],
    )?;
    Ok(())
}

/// Records the organisation's group in a tool (replacing the one it had); a missing name is
/// stored as NULL.
pub fn record_system_group(
    tx: &Transaction<'_>,
    organization_id: &str,
    tool: &str,
    external_id: &str,
    external_name: Option<&str>,
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

/// Forgets the organisation's group in a tool; false when it had none.
pub fn remove_system_group(
    tx: &Transaction<'_>,
    organization_id: &str,
    tool: &str,
) -> Result<bool, StoreError> {
    Ok(tx.execute_cached(
        "DELETE FROM system_groups WHERE organization_id = ?1 AND tool = ?2",
        params![organization_id, tool],
    )? > 0)
}

/// Sets all three documentation links (None clears one).
pub fn set_documentation(
    tx: &Transaction<'_>,
    organization_id: &str,
    links: &Documentation,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "INSERT INTO organization_documentation
                (id, organization_id, internal_docu, generique_docu, add_docu, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (organization_id) DO UPDATE SET internal_docu = excluded.internal_docu,
                generique_docu = excluded.generique_docu, add_docu = excluded.add_docu,
                updated_at = excluded.updated_at",
        params![
            new_id(),
            organization_id,
            links.internal_docu,
            links.generique_docu,
            links.add_docu,
            now
        ],
    )?;
    Ok(())
}

/// Who already has a Studio id: an organisation's company or a person's own company. Studio
/// ids name Studio companies of both kinds, so one id can be only one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StudioIdOwner {
    Organization {
        studio_company_id: String,
        company_name: String,
        organization_name: String,
    },
    Person {
        user_id: String,
        display_name: String,
    },
}

/// The owner of `studio_id` in any case, ignoring the company `except_company_id` (the one
/// being edited).
pub fn studio_id_owner_any_case(
    conn: &Connection,
    studio_id: &str,
    except_company_id: Option<&str>,
) -> Result<Option<StudioIdOwner>, StoreError> {
    let company = conn
        .prepare_cached(
            "SELECT c.id, c.name, o.name FROM studio_companies c
               JOIN organizations o ON o.id = c.organization_id
              WHERE c.studio_id = ?1 COLLATE NOCASE AND c.id IS NOT ?2",
        )?
        .query_row(params![studio_id, except_company_id], |r| {
            Ok(StudioIdOwner::Organization {
                studio_company_id: r.get(0)?,
                company_name: r.get(1)?,
                organization_name: r.get(2)?,
            })
        })
        .optional()?;
    if company.is_some() {
        return Ok(company);
    }
    Ok(conn
        .prepare_cached(
            "SELECT u.id, trim(u.firstname || ' ' || u.lastname) FROM user_studio_companies p
               JOIN users u ON u.id = p.user_id
              WHERE p.studio_id = ?1 COLLATE NOCASE",
        )?
        .query_row([studio_id], |r| {
            Ok(StudioIdOwner::Person {
                user_id: r.get(0)?,
                display_name: r.get(1)?,
            })
        })
        .optional()?)
}

/// Adds a Studio company to the organisation; returns its id.
pub fn add_studio_company(
    tx: &Transaction<'_>,
    organization_id: &str,
    studio_id: &str,
    name: &str,
    environment: &str,
    now: &str,
) -> Result<String, StoreError> {
    let id = new_id();
    tx.execute_cached(
        "INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, organization_id, studio_id, name, environment, now],
    )?;
    Ok(id)
}

pub fn update_studio_company(
    tx: &Transaction<'_>,
    id: &str,
    studio_id: &str,
    name: &str,
    environment: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE studio_companies SET studio_id = ?2, name = ?3, environment = ?4 WHERE id = ?1",
        params![id, studio_id, name, environment],
    )?;
    Ok(())
}

/// Removes a Studio company and the access people had to it; returns how many access rows went.
pub fn remove_studio_company(tx: &Transaction<'_>, id: &str) -> Result<usize, StoreError> {
    let access = tx.execute_cached(
        "DELETE FROM user_studio_access WHERE studio_company_id = ?1",
        [id],
    )?;
    tx.execute_cached("DELETE FROM studio_companies WHERE id = ?1", [id])?;
    Ok(access)
}

/// A person who stays when their organisation goes, detached from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub app_role: String,
}

/// What deleting an organisation takes along (and what it leaves detached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionImpact {
    pub name: String,
    /// The first members by name (at most the limit asked for); `member_count` has them all.
    pub members: Vec<Member>,
    pub member_count: i64,
    /// Every partner admin of the organisation: each becomes a plain user.
    pub partner_admin_ids: Vec<String>,
    pub execution_count: i64,
    /// Executions that are neither completed nor cancelled: the engine may still act on them.
    pub executions_in_progress: i64,
    pub studio_companies: Vec<StudioCompanyRecord>,
    pub studio_access_count: i64,
    pub group_tools: Vec<String>,
    pub has_integrations: bool,
    pub has_documentation: bool,
    /// Access HyOpps gave, which deleting would leave in the systems with no record of it:
    /// its people who were ever granted access (revoked or not)…
    pub people_given_access: i64,
    /// …the systems where it has a group with an id (`system_groups.tool`)…
    pub systems_with_groups: Vec<String>,
    /// …and whether it has a Metabase collection.
    pub has_metabase_collection: bool,
}

/// What deleting the organisation would touch, or None when it does not exist.
pub fn deletion_impact(
    conn: &Connection,
    id: &str,
    member_limit: u32,
) -> Result<Option<DeletionImpact>, StoreError> {
    let Some(name) = super::name(conn, id)? else {
        return Ok(None);
    };
    let count = |sql: &str| -> Result<i64, StoreError> {
        Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
    };
    let mut statement = conn.prepare_cached(
        "SELECT id, firstname, lastname, email, app_role FROM users WHERE organization_id = ?1
          ORDER BY lastname COLLATE NOCASE, firstname COLLATE NOCASE, email LIMIT ?2",
    )?;
    let members = statement
        .query_map(params![id, member_limit], |r| {
            Ok(Member {
                id: r.get(0)?,
                firstname: r.get(1)?,
                lastname: r.get(2)?,
                email: r.get(3)?,
                app_role: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut admins = conn.prepare_cached(
        "SELECT id FROM users WHERE organization_id = ?1 AND app_role = 'partner_admin' ORDER BY id",
    )?;
    let partner_admin_ids = admins
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut tools = conn.prepare_cached(
        "SELECT tool FROM system_groups WHERE organization_id = ?1 ORDER BY tool",
    )?;
    let group_tools = tools
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(DeletionImpact {
        name,
        members,
        member_count: count("SELECT count(*) FROM users WHERE organization_id = ?1")?,
        partner_admin_ids,
        execution_count: count(
            "SELECT count(*) FROM workflow_executions WHERE organization_id = ?1",
        )?,
        executions_in_progress: count(
            "SELECT count(*) FROM workflow_executions
              WHERE organization_id = ?1 AND status NOT IN ('completed', 'cancelled')",
        )?,
        studio_companies: studio_company_records(conn, id)?,
        studio_access_count: count(
            "SELECT count(*) FROM user_studio_access a
               JOIN studio_companies c ON c.id = a.studio_company_id WHERE c.organization_id = ?1",
        )?,
        group_tools,
        has_integrations: count(
            "SELECT count(*) FROM organization_integrations WHERE organization_id = ?1",
        )? > 0,
        has_documentation: count(
            "SELECT count(*) FROM organization_documentation WHERE organization_id = ?1",
        )? > 0,
        people_given_access: count(
            "SELECT count(DISTINCT g.user_id) FROM access_grants g
               JOIN users u ON u.id = g.user_id WHERE u.organization_id = ?1",
        )?,
        systems_with_groups: conn
            .prepare_cached(
                "SELECT tool FROM system_groups
                  WHERE organization_id = ?1 AND coalesce(external_id, '') <> '' ORDER BY tool",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?,
        has_metabase_collection: count(
            "SELECT count(*) FROM organization_integrations
              WHERE organization_id = ?1 AND metabase_collection_id IS NOT NULL",
        )? > 0,
    }))
}

/// Deletes the organisation. Its people stay, detached (a partner admin becomes a plain user:
/// without an organisation the role means nothing); its executions stay as history, detached;
/// its Studio companies (with the access people had to them), groups, integrations row and
/// documentation links go.
pub fn delete(tx: &Transaction<'_>, id: &str, now: &str) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE users SET organization_id = NULL, updated_at = ?2,
                app_role = CASE app_role WHEN 'partner_admin' THEN 'user' ELSE app_role END
          WHERE organization_id = ?1",
        params![id, now],
    )?;
    tx.execute_cached(
        "UPDATE workflow_executions SET organization_id = NULL WHERE organization_id = ?1",
        [id],
    )?;
    tx.execute_cached(
        "DELETE FROM user_studio_access
          WHERE studio_company_id IN (SELECT id FROM studio_companies WHERE organization_id = ?1)",
        [id],
    )?;
    for table in [
        "studio_companies",
        "system_groups",
        "organization_integrations",
        "organization_documentation",
        "organization_unused_systems",
    ] {
        tx.execute_cached(
            &format!("DELETE FROM {table} WHERE organization_id = ?1"),
            [id],
        )?;
    }
    tx.execute_cached("DELETE FROM organizations WHERE id = ?1", [id])?;
    Ok(())
}
