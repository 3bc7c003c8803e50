//! Users in the admin console: the list, the detail, editing details, organisation and role,
//! setting a password, and deleting one (with the preview that confirms it).
//!
//! A role or password change takes effect at that user's next command: `authorize` re-reads
//! the account every time, and a password set here bumps the account's `auth_epoch`, which
//! ends the sessions opened before it.

use hyopps_contract::rules;
use hyopps_contract::{
    AccessGrantView, AppRole, Page, PersonalStudioCompany, SetUserPasswordRequest,
    StudioAccessView, UpdateUserRequest, UserDeletion, UserDetail, UserFilter, UserListRequest,
    UserRow,
};
use hyopps_store::users;
use serde_json::json;

use super::organizations::{environment, NO_ORGANIZATION};
use super::validate::{Check, MAX_PERSON_NAME_CHARS};
use super::{changes, count, display_name, optional_filter, paging, record, subject_id};
use crate::auth::run_blocking;
use crate::clock::stamp;
use crate::password::{self, PasswordPolicy};
use crate::{Access, App, AppError, SessionToken};

const NO_USER: &str = "No user has this id; they may have been deleted. Reload the list.";
const MAX_SEARCH_CHARS: usize = 200;

impl App {
    /// One page of users by last name, first name; filtered by organisation and role, and
    /// `search` matching any part of the first name, last name, "first last" or email.
    pub async fn list_users(
        &self,
        token: &SessionToken,
        request: UserListRequest,
    ) -> Result<Page<UserRow>, AppError> {
        self.authorize(token, Access::Admin).await?;
        let query = user_query(&request.filter)?;
        let paging = paging(request.page, request.page_size, super::DEFAULT_PAGE_SIZE)?;
        let (rows, total) = self
            .store
            .read(move |c| users::list(c, &query, paging.page_size, paging.offset))
            .await?;
        Ok(Page {
            items: rows.into_iter().map(user_row).collect(),
            total: count(total),
            page: paging.page,
            page_size: paging.page_size,
        })
    }

    /// A user with their access grants, Studio access, personal Studio company and organisation.
    pub async fn get_user(
        &self,
        token: &SessionToken,
        user_id: &str,
    ) -> Result<UserDetail, AppError> {
        self.authorize(token, Access::Admin).await?;
        self.user_detail(subject_id(user_id, NO_USER)?).await
    }

    /// Sets a user's details, organisation and role (see [`UpdateUserRequest`] for the rules),
    /// and their password when one is given. Answers the fresh detail.
    pub async fn update_user(
        &self,
        token: &SessionToken,
        request: UpdateUserRequest,
    ) -> Result<UserDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(&request.user_id, NO_USER)?;
        let mut check = Check::new();
        let firstname = check.line(
            "firstname",
            &request.firstname,
            Some("Enter the first name."),
            MAX_PERSON_NAME_CHARS,
        );
        let lastname = check.line(
            "lastname",
            &request.lastname,
            Some("Enter the last name."),
            MAX_PERSON_NAME_CHARS,
        );
        let email = check.email("email", &request.email);
        let languages: Vec<String> = check
            .words("languages", &request.languages, rules::language_problem)
            .into_iter()
            .map(|code| code.to_ascii_lowercase())
            .collect();
        let skills = check.words("skills", &request.skills, |_| None);
        let roles = check.words("roles", &request.roles, |_| None);
        let organization_id = request
            .organization_id
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(|o| subject_id(o, NO_ORGANIZATION))
            .transpose()?;
        let role = request.app_role;
        if id == actor.user_id && role != AppRole::Admin {
            check.fail(
                "app_role",
                "You cannot take away your own administrator role; another administrator can.",
            );
        }
        if role == AppRole::PartnerAdmin && organization_id.is_none() {
            check.fail(
                "organization_id",
                "A partner administrator belongs to an organisation: choose one.",
            );
        }
        let new_password = request.new_password.filter(|p| !p.is_empty());
        if let Some(new_password) = &new_password {
            if let Err(error) = PasswordPolicy::check(new_password, &email, None) {
                check.absorb(error)?;
            }
        }
        check.finish()?;
        let new_hash = match new_password {
            Some(p) => Some(run_blocking(move || password::hash(&p)).await??),
            None => None,
        };

        let (user, at) = (id.clone(), stamp(self.clock.now()));
        self.store
            .write(move |tx| {
                let current =
                    users::profile(tx, &user)?.ok_or_else(|| AppError::NotFound(NO_USER.into()))?;
                if let Some(org) = &organization_id {
                    if hyopps_store::organizations::name(tx, org)?.is_none() {
                        return Err(AppError::NotFound(NO_ORGANIZATION.into()));
                    }
                }
                if current.organization_id.is_some() && current.organization_id != organization_id {
                    refuse_leaving_access_behind(tx, &user, &current)?;
                }
                if let Some((_, owner)) = users::email_owner(tx, &email, Some(&user))? {
                    return Err(AppError::Conflict(format!(
                        "{email} is already the email of {owner}. Each account needs its own email."
                    )));
                }
                if role != AppRole::User && !current.has_password && new_hash.is_none() {
                    let who = if role == AppRole::Admin {
                        "An administrator"
                    } else {
                        "A partner administrator"
                    };
                    return Err(AppError::invalid(
                        "new_password",
                        format!("{who} signs in with a password: set one in this change."),
                    ));
                }
                let before = json!({
                    "firstname": current.firstname, "lastname": current.lastname,
                    "email": current.email, "languages": current.languages,
                    "skills": current.skills, "roles": current.roles,
                    "organization_id": current.organization_id, "app_role": current.app_role,
                });
                let after = json!({
                    "firstname": firstname, "lastname": lastname, "email": email,
                    "languages": languages, "skills": skills, "roles": roles,
                    "organization_id": organization_id, "app_role": role.as_str(),
                });
                let summary = match (changes(&before, &after), &new_hash) {
                    (None, None) => return Ok(()),
                    (Some(summary), None) => summary,
                    (changed, Some(_)) => {
                        let mut summary =
                            changed.unwrap_or_else(|| json!({ "before": {}, "after": {} }));
                        // That it changed, never what it is (nor its hash).
                        summary["after"]["password"] = json!("set by an administrator");
                        summary["after"]["must_change_password"] = json!(true);
                        summary
                    }
                };
                users::update_profile(
                    tx,
                    &user,
                    &users::ProfileUpdate {
                        firstname: &firstname,
                        lastname: &lastname,
                        email: &email,
                        languages: &languages,
                        skills: &skills,
                        roles: &roles,
                        organization_id: organization_id.as_deref(),
                        app_role: role.as_str(),
                    },
                    &at,
                )?;
                if let Some(hash) = &new_hash {
                    users::set_password_by_admin(tx, &user, hash, &at)?;
                }
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "user_updated",
                    ("user", &user),
                    summary,
                )
            })
            .await?;
        self.user_detail(id).await
    }

    /// Sets someone else's password (the password policy applies). The account must choose
    /// its own at its next sign-in (`must_change_password`: the admin knows this one), its
    /// lockout is lifted, and its open sessions end. Your own password is changed with
    /// `change_own_password`, which asks for the current one.
    pub async fn set_user_password(
        &self,
        token: &SessionToken,
        request: SetUserPasswordRequest,
    ) -> Result<UserDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(&request.user_id, NO_USER)?;
        if id == actor.user_id {
            return Err(AppError::Forbidden(
                "Change your own password with Change password, which asks for your current one."
                    .into(),
            ));
        }
        let lookup = id.clone();
        let current = self
            .store
            .read(move |c| users::profile(c, &lookup))
            .await?
            .ok_or_else(|| AppError::NotFound(NO_USER.into()))?;
        PasswordPolicy::check(&request.new_password, &current.email, None)?;
        let new_password = request.new_password;
        let hash = run_blocking(move || password::hash(&new_password)).await??;

        let (user, at) = (id.clone(), stamp(self.clock.now()));
        self.store
            .write(move |tx| {
                let current =
                    users::profile(tx, &user)?.ok_or_else(|| AppError::NotFound(NO_USER.into()))?;
                users::set_password_by_admin(tx, &user, &hash, &at)?;
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "password_set",
                    ("user", &user),
                    json!({
                        "by": "admin",
                        "had_password": current.has_password,
                        "must_change_password": true,
                        "lockout_cleared": current.locked_until.is_some() || current.failed_logins > 0,
                    }),
                )
            })
            .await?;
        tracing::info!(user_id = %id, "password set by an administrator");
        self.user_detail(id).await
    }

    /// What deleting the user would do (see [`UserDeletion`]), for the confirmation;
    /// `blocked_by` says when it would be refused.
    pub async fn preview_user_deletion(
        &self,
        token: &SessionToken,
        user_id: &str,
    ) -> Result<UserDeletion, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(user_id, NO_USER)?;
        let lookup = id.clone();
        let (profile, impact) = self
            .store
            .read(move |c| {
                let profile = users::profile(c, &lookup)?
                    .ok_or_else(|| AppError::NotFound(NO_USER.into()))?;
                Ok::<_, AppError>((profile, users::deletion_impact(c, &lookup)?))
            })
            .await?;
        let blocked_by = if id == actor.user_id {
            Some(OWN_ACCOUNT.to_string())
        } else {
            in_progress(&impact)
        };
        Ok(deletion_report(profile, impact, blocked_by))
    }

    /// Deletes the user in one transaction, as [`UserDeletion`] describes; refused for your
    /// own account (Forbidden) and while an execution about them is unfinished (Conflict).
    pub async fn delete_user(
        &self,
        token: &SessionToken,
        user_id: &str,
    ) -> Result<UserDeletion, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(user_id, NO_USER)?;
        if id == actor.user_id {
            return Err(AppError::Forbidden(OWN_ACCOUNT.into()));
        }
        let (user, at) = (id.clone(), stamp(self.clock.now()));
        let (profile, impact) = self
            .store
            .write(move |tx| {
                let profile =
                    users::profile(tx, &user)?.ok_or_else(|| AppError::NotFound(NO_USER.into()))?;
                let impact = users::deletion_impact(tx, &user)?;
                if let Some(reason) = in_progress(&impact) {
                    return Err(AppError::Conflict(reason));
                }
                users::delete(tx, &user)?;
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "user_deleted",
                    ("user", &user),
                    json!({
                        "before": {
                            "firstname": profile.firstname, "lastname": profile.lastname,
                            "email": profile.email, "app_role": profile.app_role,
                            "organization_id": profile.organization_id,
                        },
                        "after": null,
                        "access_grants_deleted": impact.access_grants,
                        "studio_access_deleted": impact.studio_access,
                        "personal_studio_company_deleted": impact.has_personal_company,
                        "executions_detached": impact.executions,
                    }),
                )?;
                Ok((profile, impact))
            })
            .await?;
        tracing::info!(user_id = %id, "user deleted");
        Ok(deletion_report(profile, impact, None))
    }

    async fn user_detail(&self, id: String) -> Result<UserDetail, AppError> {
        self.store
            .read(move |c| {
                let profile =
                    users::profile(c, &id)?.ok_or_else(|| AppError::NotFound(NO_USER.into()))?;
                let grants = users::access_grants(c, &id)?;
                let studio = users::studio_access(c, &id)?;
                let personal = users::personal_company(c, &id)?;
                Ok(UserDetail {
                    display_name: display_name(
                        &profile.firstname,
                        &profile.lastname,
                        &profile.email,
                    ),
                    app_role: AppRole::parse(&profile.app_role).unwrap_or(AppRole::User),
                    access_grants: grants
                        .into_iter()
                        .map(|g| AccessGrantView {
                            resource_id: g.resource_id,
                            resource: g.resource_name,
                            permission: g.permission,
                            granted_by: g
                                .granted_by_name
                                .filter(|n| !n.is_empty())
                                .or(g.granted_by),
                            granted_at: g.granted_at,
                            revoked_at: g.revoked_at,
                            execution_id: g.execution_id,
                        })
                        .collect(),
                    studio_access: studio
                        .into_iter()
                        .map(|a| StudioAccessView {
                            environment: environment(&a.environment),
                            studio_company_id: a.studio_company_id,
                            company_name: a.company_name,
                            studio_id: a.studio_id,
                            organization_id: a.organization_id,
                            organization_name: a.organization_name,
                            granted_at: a.granted_at,
                            revoked_at: a.revoked_at,
                        })
                        .collect(),
                    personal_studio_company: personal.map(|p| PersonalStudioCompany {
                        studio_id: p.studio_id,
                        name: p.name,
                        created_at: p.created_at,
                    }),
                    id: profile.id,
                    firstname: profile.firstname,
                    lastname: profile.lastname,
                    email: profile.email,
                    languages: profile.languages,
                    skills: profile.skills,
                    roles: profile.roles,
                    organization_id: profile.organization_id,
                    organization_name: profile.organization_name,
                    has_password: profile.has_password,
                    must_change_password: profile.must_change_password,
                    locked_until: profile.locked_until,
                    metabase_user_id: profile.metabase_user_id,
                    created_at: profile.created_at,
                    updated_at: profile.updated_at,
                })
            })
            .await
    }
}

const OWN_ACCOUNT: &str = "You cannot delete your own account; another administrator can.";

/// The list filter, checked.
pub(super) fn user_query(filter: &UserFilter) -> Result<users::UserQuery, AppError> {
    let organization_id = optional_filter(
        "organization_id",
        filter.organization_id.as_deref(),
        super::MAX_ID_CHARS,
    )?;
    if organization_id.is_some() && filter.without_organization {
        return Err(AppError::invalid(
            "organization_id",
            "Choose one organisation or \u{201c}No organisation\u{201d}, not both.",
        ));
    }
    Ok(users::UserQuery {
        search: optional_filter("search", filter.search.as_deref(), MAX_SEARCH_CHARS)?,
        organization_id,
        without_organization: filter.without_organization,
        app_role: filter.app_role.map(|r| r.as_str().to_string()),
    })
}

pub(super) fn user_row(row: users::ListedUser) -> UserRow {
    UserRow {
        display_name: display_name(&row.firstname, &row.lastname, &row.email),
        app_role: AppRole::parse(&row.app_role).unwrap_or(AppRole::User),
        id: row.id,
        firstname: row.firstname,
        lastname: row.lastname,
        email: row.email,
        organization_id: row.organization_id,
        organization_name: row.organization_name,
        access: row.access,
        studio_companies: row.studio_companies,
        has_password: row.has_password,
        locked_until: row.locked_until,
        created_at: row.created_at,
    }
}

fn in_progress(impact: &users::UserDeletionImpact) -> Option<String> {
    (impact.executions_in_progress > 0).then(|| {
        format!(
            "{} unfinished execution(s) are about this user (pending, running, waiting for input or failed). \
             Cancel them on the Executions screen, or let them complete, then delete the user.",
            impact.executions_in_progress
        )
    })
}

fn deletion_report(
    profile: users::Profile,
    impact: users::UserDeletionImpact,
    blocked_by: Option<String>,
) -> UserDeletion {
    UserDeletion {
        display_name: display_name(&profile.firstname, &profile.lastname, &profile.email),
        user_id: profile.id,
        email: profile.email,
        access_grants_deleted: count(impact.access_grants),
        studio_access_deleted: count(impact.studio_access),
        personal_studio_company_deleted: impact.has_personal_company,
        executions_detached: count(impact.executions),
        blocked_by,
    }
}

/// Changing a person's organisation here changes HyOpps only: the access the old organisation's
/// groups gave them would stay. While they hold any, the move goes through the workflow that
/// moves it (or an offboarding takes it away first).
fn refuse_leaving_access_behind(
    tx: &hyopps_store::Transaction<'_>,
    user_id: &str,
    current: &users::Profile,
) -> Result<(), AppError> {
    let held = users::leaver(tx, user_id)?
        .map(|l| l.granted)
        .unwrap_or_default();
    if held.is_empty() {
        return Ok(());
    }
    let organisation = current
        .organization_name
        .as_deref()
        .unwrap_or("their organisation");
    Err(AppError::invalid(
        "organization_id",
        format!(
            "{} {} holds access HyOpps gave through {organisation} ({}). Use Move to another organisation on this page, which moves that access too, or Offboard them first.",
            current.firstname,
            current.lastname,
            held.join(", ")
        ),
    ))
}
