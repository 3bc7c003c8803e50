//! The person a workflow adds to an organisation: a new `user` account, or an existing one that
//! may safely be reused. An email alone must never hand an organisation somebody else's account:
//! an administrator's, another organisation's person, or one that already has access somewhere.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

/// A person a workflow gives access to (no password: they cannot sign in to HyOpps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson<'a> {
    pub firstname: &'a str,
    pub lastname: &'a str,
    pub email: &'a str,
    pub languages: &'a serde_json::Value,
    pub skills: &'a serde_json::Value,
    pub roles: &'a serde_json::Value,
    pub organization_id: &'a str,
}

/// What the email of an organisation's new user finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExistingAccount {
    /// Nobody has this email: a new account is created.
    None,
    /// A `user` of this very organisation: reused as it is.
    OfThisOrganization { user_id: String },
    /// A `user` of no organisation that never signed in, has no password and no access recorded
    /// anywhere: reused, and attached to this organisation.
    Unattached { user_id: String },
    /// Not to be reused, and why.
    Refused(Refusal),
}

/// Why an existing account is not reused for an organisation's new user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// An administrator's account.
    Administrator,
    /// A partner administrator's account (of this organisation or another).
    PartnerAdministrator,
    /// A person of another organisation.
    OtherOrganization,
    /// A person of no organisation who has a password or has signed in to HyOpps.
    SignsIn,
    /// A person of no organisation with access recorded (grants, Studio access, a personal Studio
    /// company or a Metabase account): they were onboarded somewhere before.
    HasAccess,
}

/// Whether the account with `email` (any case) may be the new user of `organization_id`.
/// Run it again in the transaction that creates or reuses the person: see [`find_or_create_person`].
pub fn existing_account(
    conn: &Connection,
    email: &str,
    organization_id: &str,
) -> Result<ExistingAccount, StoreError> {
    let found = conn
        .prepare_cached(
            "SELECT u.id, u.app_role, u.organization_id,
                    u.password_hash IS NOT NULL
                      OR EXISTS (SELECT 1 FROM audit_log a
                                  WHERE a.target_type = 'user' AND a.target_id = u.id
                                    AND a.action = 'signed_in'),
                    u.metabase_user_id IS NOT NULL
                      OR EXISTS (SELECT 1 FROM access_grants g WHERE g.user_id = u.id)
                      OR EXISTS (SELECT 1 FROM user_studio_access s WHERE s.user_id = u.id)
                      OR EXISTS (SELECT 1 FROM user_studio_companies c WHERE c.user_id = u.id)
               FROM users u WHERE u.email = ?1",
        )?
        .query_row([email.trim()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })
        .optional()?;
    let Some((user_id, role, organization, signs_in, has_access)) = found else {
        return Ok(ExistingAccount::None);
    };
    Ok(match (role.as_str(), organization) {
        ("admin", _) => ExistingAccount::Refused(Refusal::Administrator),
        ("user", Some(own)) if own == organization_id => {
            ExistingAccount::OfThisOrganization { user_id }
        }
        ("user", Some(_)) => ExistingAccount::Refused(Refusal::OtherOrganization),
        ("user", None) if signs_in => ExistingAccount::Refused(Refusal::SignsIn),
        ("user", None) if has_access => ExistingAccount::Refused(Refusal::HasAccess),
        ("user", None) => ExistingAccount::Unattached { user_id },
        // partner_admin, or a role this version does not know: never somebody's new user.
        _ => ExistingAccount::Refused(Refusal::PartnerAdministrator),
    })
}

/// The account a workflow's new user ends up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonAccount {
    Created {
        user_id: String,
    },
    /// An account of the organisation, reused as it is.
    Reused {
        user_id: String,
    },
    /// An account of no organisation, reused and now of this organisation.
    Attached {
        user_id: String,
    },
    /// Nothing was written.
    Refused(Refusal),
}

/// The organisation's new user: a new `user` account, or an existing one only where
/// [`existing_account`] allows it (checked here again, in the caller's transaction, so that
/// what changed since the form was validated counts).
pub fn find_or_create_person(
    conn: &Connection,
    person: &NewPerson<'_>,
    now: &str,
) -> Result<PersonAccount, StoreError> {
    match existing_account(conn, person.email, person.organization_id)? {
        ExistingAccount::OfThisOrganization { user_id } => Ok(PersonAccount::Reused { user_id }),
        ExistingAccount::Unattached { user_id } => {
            conn.execute_cached(
                "UPDATE users SET organization_id = ?2, updated_at = ?3
                  WHERE id = ?1 AND organization_id IS NULL",
                params![user_id, person.organization_id, now],
            )?;
            Ok(PersonAccount::Attached { user_id })
        }
        ExistingAccount::Refused(refusal) => Ok(PersonAccount::Refused(refusal)),
        ExistingAccount::None => {
            let user_id = crate::new_id();
            conn.execute_cached(
                "INSERT INTO users (id, firstname, lastname, email, languages, skills, roles,
                                    organization_id, app_role, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'user', ?9, ?9)",
                params![
                    user_id,
                    person.firstname,
                    person.lastname,
                    person.email,
                    person.languages.to_string(),
                    person.skills.to_string(),
                    person.roles.to_string(),
                    person.organization_id,
                    now
                ],
            )?;
            Ok(PersonAccount::Created { user_id })
        }
    }
}
