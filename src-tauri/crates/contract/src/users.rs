//! The admin console's users: the list, the detail, editing details, organisation and role,
//! setting a password, and deleting one.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{AppRole, StudioEnvironment};

/// Which users; `None` means any. Used by the list and by the CSV export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFilter {
    /// Part of the first name, last name, "first last" or email, any case.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub organization_id: Option<String>,
    /// Only the people who belong to no organisation (admins, and people whose organisation
    /// was deleted). Not together with `organization_id`.
    #[serde(default)]
    pub without_organization: bool,
    #[serde(default)]
    pub app_role: Option<AppRole>,
}

/// The users list, by last name then first name. Pages count from 1; a page size of 0 means
/// the default (25), at most 200.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListRequest {
    #[serde(default)]
    pub filter: UserFilter,
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub page_size: u32,
}

/// A user in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub firstname: String,
    pub lastname: String,
    /// "First Last", or the email when both are empty.
    pub display_name: String,
    pub email: String,
    pub app_role: AppRole,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// Resource names of the access grants that are not revoked (e.g. "Metabase", "Slack").
    pub access: Vec<String>,
    /// Names of the Studio companies they have access to.
    pub studio_companies: Vec<String>,
    /// Whether a password is set (without one the account cannot sign in).
    pub has_password: bool,
    /// Set while the account is locked after failed sign-ins (it may lie in the past).
    pub locked_until: Option<String>,
    pub created_at: String,
}

/// An access grant, with the names it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessGrantView {
    pub resource_id: String,
    /// The resource's name, e.g. "Metabase".
    pub resource: String,
    /// `read`, `write` or `admin`.
    pub permission: String,
    /// Who granted it: a name when the account still exists, else the stored id.
    pub granted_by: Option<String>,
    pub granted_at: String,
    pub revoked_at: Option<String>,
    pub execution_id: Option<String>,
}

/// Access to one of an organisation's Studio companies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioAccessView {
    pub studio_company_id: String,
    pub company_name: String,
    pub studio_id: String,
    pub environment: StudioEnvironment,
    pub organization_id: String,
    pub organization_name: String,
    pub granted_at: String,
    pub revoked_at: Option<String>,
}

/// The user's personal Studio company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalStudioCompany {
    pub studio_id: String,
    pub name: String,
    pub created_at: String,
}

/// A user with everything the admin console shows about them. Never a password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetail {
    pub id: String,
    pub firstname: String,
    pub lastname: String,
    pub display_name: String,
    pub email: String,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    pub skills: Vec<String>,
    pub roles: Vec<String>,
    pub app_role: AppRole,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub has_password: bool,
    /// The account must set a new password at its next sign-in.
    pub must_change_password: bool,
    pub locked_until: Option<String>,
    /// The Metabase user id a workflow stored.
    pub metabase_user_id: Option<i64>,
    /// Revoked ones too, by resource name.
    pub access_grants: Vec<AccessGrantView>,
    pub studio_access: Vec<StudioAccessView>,
    pub personal_studio_company: Option<PersonalStudioCompany>,
    pub created_at: String,
    pub updated_at: String,
}

/// Set a user's details, organisation and role, all at once as the form sends them.
///
/// `partner_admin` needs an organisation, and `admin` and `partner_admin` need a password
/// (they sign in): one already set, or `new_password` in this same request. An admin cannot
/// take away their own admin role.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateUserRequest {
    pub user_id: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    /// ISO 639-1 codes, e.g. `["en", "fr"]`.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    pub organization_id: Option<String>,
    pub app_role: AppRole,
    /// A password to set in the same change (as [`SetUserPasswordRequest`] does).
    #[serde(default)]
    pub new_password: Option<String>,
}

impl fmt::Debug for UpdateUserRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdateUserRequest")
            .field("user_id", &self.user_id)
            .field("firstname", &self.firstname)
            .field("lastname", &self.lastname)
            .field("email", &self.email)
            .field("languages", &self.languages)
            .field("skills", &self.skills)
            .field("roles", &self.roles)
            .field("organization_id", &self.organization_id)
            .field("app_role", &self.app_role)
            .field(
                "new_password",
                &self.new_password.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// An admin sets someone else's password. The account must choose its own at its next
/// sign-in, its lockout is lifted, and its open sessions end.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetUserPasswordRequest {
    pub user_id: String,
    pub new_password: String,
}

impl fmt::Debug for SetUserPasswordRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetUserPasswordRequest")
            .field("user_id", &self.user_id)
            .field("new_password", &"<redacted>")
            .finish()
    }
}

/// What deleting a user does: asked for before (the confirmation) and answered after.
/// Their access grants, Studio access and personal Studio company are deleted with them;
/// executions about them stay as history, detached; audit entries keep the ids they name.
/// Nothing is changed in the outside systems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDeletion {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub access_grants_deleted: u64,
    pub studio_access_deleted: u64,
    pub personal_studio_company_deleted: bool,
    pub executions_detached: u64,
    /// When set, the deletion is refused for this reason; the message says what to do first.
    pub blocked_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_password() {
        let update = UpdateUserRequest {
            user_id: "u".into(),
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            email: "ada@example.com".into(),
            languages: vec![],
            skills: vec![],
            roles: vec![],
            organization_id: None,
            app_role: AppRole::PartnerAdmin,
            new_password: Some("hunter2-secret".into()),
        };
        let shown = format!("{update:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("<redacted>"),
            "{shown}"
        );
        let set = SetUserPasswordRequest {
            user_id: "u".into(),
            new_password: "hunter2-secret".into(),
        };
        assert!(!format!("{set:?}").contains("hunter2"));
    }

    #[test]
    fn filters_and_optional_fields_may_be_left_out() {
        let request: UserListRequest = serde_json::from_str("{}").unwrap();
        assert_eq!(request, UserListRequest::default());
        let update: UpdateUserRequest = serde_json::from_str(
            r#"{"user_id": "u", "firstname": "A", "lastname": "B", "email": "a@b.co",
                "organization_id": null, "app_role": "user"}"#,
        )
        .unwrap();
        assert_eq!(update.new_password, None);
        assert!(update.languages.is_empty());
    }
}
