//! Users, their password hashes, and their Studio access and personal Studio companies.

use std::collections::HashSet;

use hyopps_store::{users, v03};

use super::people;
use super::run::{Landing, Run};
use super::source::Snapshot;
use super::values::{integer, json_list, key, text, timestamp, timestamp_or, word};
use crate::password::is_bcrypt;
use crate::AppError;

/// The admin seeded by `migrations/0001_init.sql` (admin@hyopps.local, must change password).
pub(crate) const DEFAULT_ADMIN_ID: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";
/// The password v0.3 seeded its admin with (and ours is seeded with): known to everyone who ever
/// read v0.3's README, so an account still using it must choose another before anything else.
const V03_DEFAULT_PASSWORD: &str = "admin123";

/// The v0.3 ids of the accounts that sign in (admins, partner admins) whose password is still
/// v0.3's default. bcrypt is slow on purpose (about a quarter of a second per hash at v0.3's
/// cost), so this runs before the write transaction, on every core, and only over the hashes the
/// import keeps. Passwords that are merely short are caught at their first sign-in, where the
/// password itself is known (see the sign-in's policy check).
pub(crate) fn on_default_password(source: &Snapshot) -> HashSet<String> {
    let candidates: Vec<(String, String)> = source
        .table("users")
        .rows()
        .filter_map(|row| {
            let id = key(row.value("id"))?;
            let role = word(row.value("app_role"))?;
            let hash = key(row.value("password_hash"))?;
            (signs_in(&role) && is_bcrypt(&hash)).then_some((id, hash))
        })
        .collect();
    if candidates.is_empty() {
        return HashSet::new();
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = candidates.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = candidates
            .chunks(chunk)
            .map(|accounts| {
                scope.spawn(move || {
                    accounts
                        .iter()
                        .filter(|(_, hash)| {
                            bcrypt::verify(V03_DEFAULT_PASSWORD, hash).unwrap_or(false)
                        })
                        .map(|(id, _)| id.clone())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    })
}

fn signs_in(role: &str) -> bool {
    matches!(role, "admin" | "partner_admin")
}

/// Users keep their id. One with the same email as ours (in any case) is ours under another id:
/// ours is kept, except for the seeded admin nobody has used yet, which takes the v0.3 admin's
/// password and names, so that v0.3 admins sign in as they always did.
///
/// Password hashes: v0.3 gave the accounts its workflows created a random bcrypt hash, which
/// cannot be told apart from a real one. Only admins and partner admins sign in to HyOpps, so
/// only their hashes are kept (verified at the next sign-in and replaced by argon2id); a `user`
/// is stored without one (NULL: cannot sign in), and an admin sets a password should the account
/// ever need one. A hash that is not bcrypt is not kept either. An account whose password is
/// still v0.3's default (`on_default_password`) must change it at its first sign-in.
pub(crate) fn users(
    run: &mut Run<'_>,
    source: &Snapshot,
    on_default_password: &HashSet<String>,
) -> Result<(), AppError> {
    run.count("users");
    for row in source.table("users").rows() {
        let id = key(row.value("id"));
        let role = word(row.value("app_role")).unwrap_or_else(|| "user".into());
        let signs_in = signs_in(&role);
        let v03_hash = key(row.value("password_hash"));
        let kept_hash = v03_hash.clone().filter(|hash| signs_in && is_bcrypt(hash));
        let must_change_password = kept_hash.is_some()
            && id
                .as_deref()
                .is_some_and(|id| on_default_password.contains(id));
        let v03_organization = key(row.value("organization_id"));
        let organization = run.our_id("organizations", v03_organization.as_deref());
        let person = people::under_the_rules(
            &text(row.value("firstname")).unwrap_or_default(),
            &text(row.value("lastname")).unwrap_or_default(),
            key(row.value("email")).as_deref(),
            &json_list(row.value("languages"), "[]"),
        );
        let skills = json_list(row.value("skills"), "[]");
        let roles = json_list(row.value("roles"), "[]");
        let metabase_user_id = integer(row.value("metabase_user_id"));
        let created_at = timestamp_or(row.value("created_at"), &run.now);

        let email = person.email.as_deref();
        let user = id.as_deref().zip(email).map(|(id, email)| v03::User {
            id,
            firstname: &person.firstname,
            lastname: &person.lastname,
            email,
            languages: &person.languages,
            skills: &skills,
            roles: &roles,
            organization_id: organization.as_deref(),
            app_role: &role,
            password_hash: kept_hash.as_deref(),
            must_change_password,
            metabase_user_id,
            created_at: &created_at,
        });
        let landing = run.land(
            "users",
            id.as_deref(),
            |conn| match email {
                Some(email) => Ok(users::email_owner(conn, email, None)?.map(|(id, _)| id)),
                None => Ok(None),
            },
            user.map(|user| move |conn: &_| v03::insert_user(conn, &user)),
        )?;
        match landing {
            Landing::Imported => {
                run.notes.people_under_the_rules(&person);
                if v03_organization.is_some() && organization.is_none() {
                    run.notes.cleared_references += 1;
                }
                if !signs_in && v03_hash.is_some() {
                    run.notes.users_without_password += 1;
                } else if signs_in && kept_hash.is_none() {
                    run.notes.sign_in_accounts_without_password += 1;
                }
                if kept_hash.is_some() {
                    run.notes.sign_in_accounts_with_v03_password += 1;
                }
                if must_change_password {
                    run.notes.accounts_on_default_password += 1;
                }
            }
            Landing::Merged(Some(ours)) if ours == DEFAULT_ADMIN_ID && role == "admin" => {
                if let Some(hash) = &kept_hash {
                    let names = (person.firstname.as_str(), person.lastname.as_str());
                    take_over_default_admin(run, hash, names, must_change_password)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Only while the seeded admin is untouched (its password never changed): once someone chose a
/// password for it, the account here wins like every other. Sessions opened with the seeded
/// password end (`auth_epoch`), as after any password change. A v0.3 admin still on `admin123`
/// keeps having to change it.
fn take_over_default_admin(
    run: &mut Run<'_>,
    hash: &str,
    (firstname, lastname): (&str, &str),
    must_change_password: bool,
) -> Result<(), AppError> {
    let took_over = v03::take_over_default_admin(
        run.conn,
        &v03::DefaultAdminTakeover {
            admin_id: DEFAULT_ADMIN_ID,
            password_hash: hash,
            firstname,
            lastname,
            must_change_password,
            at: &run.now,
        },
    )?;
    if took_over {
        run.notes.default_admin_took_v03_password = true;
        run.notes.default_admin_on_default_password = must_change_password;
        run.notes.sign_in_accounts_with_v03_password += 1;
    }
    Ok(())
}

pub(crate) fn studio_access(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("user_studio_access");
    for row in source.table("user_studio_access").rows() {
        let id = key(row.value("id"));
        let user = run.our_id("users", key(row.value("user_id")).as_deref());
        let company = run.our_id(
            "studio_companies",
            key(row.value("studio_company_id")).as_deref(),
        );
        let granted_at = timestamp_or(row.value("granted_at"), &run.now);
        let revoked_at = timestamp(row.value("revoked_at"));
        let record = match (id.as_deref(), user.as_deref(), company.as_deref()) {
            (Some(id), Some(user_id), Some(studio_company_id)) => Some(v03::StudioAccess {
                id,
                user_id,
                studio_company_id,
                granted_at: &granted_at,
                revoked_at: revoked_at.as_deref(),
            }),
            _ => None,
        };
        run.land(
            "user_studio_access",
            id.as_deref(),
            |_| Ok(None),
            record.map(|record| move |conn: &_| v03::insert_studio_access(conn, &record)),
        )?;
    }
    Ok(())
}

/// A user's personal Studio company: one per user and per Studio id, ours kept on a clash.
pub(crate) fn personal_companies(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("user_studio_companies");
    for row in source.table("user_studio_companies").rows() {
        let id = key(row.value("id"));
        let user = run.our_id("users", key(row.value("user_id")).as_deref());
        let studio_id = key(row.value("studio_id"));
        let name = text(row.value("name")).unwrap_or_default();
        let created_at = timestamp_or(row.value("created_at"), &run.now);
        let record = match (id.as_deref(), user.as_deref(), studio_id.as_deref()) {
            (Some(id), Some(user_id), Some(studio_id)) => Some(v03::PersonalCompany {
                id,
                user_id,
                studio_id,
                name: &name,
                created_at: &created_at,
            }),
            _ => None,
        };
        run.land(
            "user_studio_companies",
            id.as_deref(),
            |_| Ok(None),
            record.map(|record| move |conn: &_| v03::insert_personal_company(conn, &record)),
        )?;
    }
    Ok(())
}
