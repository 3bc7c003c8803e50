//! A user's details form and the admin's set-password form: the strings as typed, the requests
//! they make, and which input shows which error.
//!
//! The backend applies every rule (ISO 639-1 codes, the password policy, who needs a password
//! for which role) and keys its field errors by the request's field names; the only check here
//! that the backend cannot make is that the password was typed the same twice.

use hyopps_contract::{AppRole, SetUserPasswordRequest, UpdateUserRequest, UserDetail};

use super::password::{DIFFERENT, MIN_PASSWORD_CHARS, TOO_SHORT};
use super::FieldErrors;

pub const ENTER_PASSWORD: &str = "Enter the new password.";
pub const CHOOSE_ROLE: &str = "Choose a role.";

/// The editable fields of a user, as the form holds them (lists comma-separated).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct UserForm {
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub languages: String,
    pub skills: String,
    pub roles: String,
    /// Empty for "No organisation".
    pub organization_id: String,
    /// The wire name: `user`, `partner_admin` or `admin`.
    pub app_role: String,
    /// Optional; empty means "leave the password as it is".
    pub new_password: String,
}

impl UserForm {
    /// Whether the form asks for a password: the chosen role signs in (partner administrator,
    /// administrator) and the person has none yet, or one was typed already. Otherwise the
    /// password is set in its own card, not offered twice.
    pub fn asks_for_password(&self, has_password: bool) -> bool {
        let signs_in = matches!(self.app_role.as_str(), "partner_admin" | "admin");
        (signs_in && !has_password) || !self.new_password.is_empty()
    }
}

// Hand-written: a typed password never belongs in a log line.
impl std::fmt::Debug for UserForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserForm")
            .field("email", &self.email)
            .field("app_role", &self.app_role)
            .finish_non_exhaustive()
    }
}

/// One field of [`UserForm`], named like the request's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserField {
    Firstname,
    Lastname,
    Email,
    Languages,
    Skills,
    Roles,
    OrganizationId,
    AppRole,
    NewPassword,
}

impl UserField {
    pub const ALL: [UserField; 9] = [
        UserField::Firstname,
        UserField::Lastname,
        UserField::Email,
        UserField::Languages,
        UserField::Skills,
        UserField::Roles,
        UserField::OrganizationId,
        UserField::AppRole,
        UserField::NewPassword,
    ];

    /// The request's field name, which keys the backend's field errors.
    pub fn wire_name(self) -> &'static str {
        match self {
            UserField::Firstname => "firstname",
            UserField::Lastname => "lastname",
            UserField::Email => "email",
            UserField::Languages => "languages",
            UserField::Skills => "skills",
            UserField::Roles => "roles",
            UserField::OrganizationId => "organization_id",
            UserField::AppRole => "app_role",
            UserField::NewPassword => "new_password",
        }
    }

    /// The input's element id; its error message is `<id>-error`.
    pub fn input_id(self) -> &'static str {
        match self {
            UserField::Firstname => "user-firstname",
            UserField::Lastname => "user-lastname",
            UserField::Email => "user-email",
            UserField::Languages => "user-languages",
            UserField::Skills => "user-skills",
            UserField::Roles => "user-roles",
            UserField::OrganizationId => "user-organization",
            UserField::AppRole => "user-app_role",
            UserField::NewPassword => "user-new_password",
        }
    }
}

impl UserForm {
    /// The form filled with what is stored.
    pub fn from_detail(detail: &UserDetail) -> Self {
        Self {
            firstname: detail.firstname.clone(),
            lastname: detail.lastname.clone(),
            email: detail.email.clone(),
            languages: join_list(&detail.languages),
            skills: join_list(&detail.skills),
            roles: join_list(&detail.roles),
            organization_id: detail.organization_id.clone().unwrap_or_default(),
            app_role: detail.app_role.as_str().to_owned(),
            new_password: String::new(),
        }
    }

    pub fn value(&self, field: UserField) -> &str {
        match field {
            UserField::Firstname => &self.firstname,
            UserField::Lastname => &self.lastname,
            UserField::Email => &self.email,
            UserField::Languages => &self.languages,
            UserField::Skills => &self.skills,
            UserField::Roles => &self.roles,
            UserField::OrganizationId => &self.organization_id,
            UserField::AppRole => &self.app_role,
            UserField::NewPassword => &self.new_password,
        }
    }

    pub fn with(&self, field: UserField, value: String) -> Self {
        let mut next = self.clone();
        *match field {
            UserField::Firstname => &mut next.firstname,
            UserField::Lastname => &mut next.lastname,
            UserField::Email => &mut next.email,
            UserField::Languages => &mut next.languages,
            UserField::Skills => &mut next.skills,
            UserField::Roles => &mut next.roles,
            UserField::OrganizationId => &mut next.organization_id,
            UserField::AppRole => &mut next.app_role,
            UserField::NewPassword => &mut next.new_password,
        } = value;
        next
    }

    /// The request for `user_id`, or the messages to show (only an unknown role, which the
    /// select cannot produce).
    pub fn to_request(&self, user_id: &str) -> Result<UpdateUserRequest, FieldErrors> {
        let Some(app_role) = AppRole::parse(&self.app_role) else {
            let mut errors = FieldErrors::new();
            errors.add(UserField::AppRole.wire_name(), CHOOSE_ROLE);
            return Err(errors);
        };
        Ok(UpdateUserRequest {
            user_id: user_id.to_owned(),
            firstname: self.firstname.trim().to_owned(),
            lastname: self.lastname.trim().to_owned(),
            email: self.email.trim().to_owned(),
            languages: split_list(&self.languages),
            skills: split_list(&self.skills),
            roles: split_list(&self.roles),
            organization_id: Some(self.organization_id.clone()).filter(|id| !id.is_empty()),
            app_role,
            // Sent as typed: spaces may be part of a password.
            new_password: Some(self.new_password.clone()).filter(|p| !p.is_empty()),
        })
    }
}

/// "en, fr ,, EN" → `["en", "fr"]`: trimmed, blanks dropped, repeats (any case) dropped.
pub fn split_list(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        if !items.iter().any(|seen| seen.eq_ignore_ascii_case(item)) {
            items.push(item.to_owned());
        }
    }
    items
}

pub fn join_list(items: &[String]) -> String {
    items.join(", ")
}

/// The admin's "Set password" form: typed twice.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SetPasswordForm {
    pub password: String,
    pub confirm: String,
}

impl std::fmt::Debug for SetPasswordForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetPasswordForm { <redacted> }")
    }
}

/// Element ids of the set-password inputs, and the error keys that go under them.
pub const PASSWORD_INPUT: &str = "user-password";
pub const PASSWORD_CONFIRM_INPUT: &str = "user-password-confirm";
/// The backend's key (the request's field) and the one for the UI's own check.
pub const NEW_PASSWORD_KEY: &str = "new_password";
pub const CONFIRM_KEY: &str = "confirm";

impl SetPasswordForm {
    pub fn validate(&self, user_id: &str) -> Result<SetUserPasswordRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.password.is_empty() {
            errors.add(NEW_PASSWORD_KEY, ENTER_PASSWORD);
        } else if self.password.chars().count() < MIN_PASSWORD_CHARS {
            errors.add(NEW_PASSWORD_KEY, TOO_SHORT);
        }
        if self.confirm != self.password {
            errors.add(CONFIRM_KEY, DIFFERENT);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SetUserPasswordRequest {
            user_id: user_id.to_owned(),
            new_password: self.password.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail() -> UserDetail {
        UserDetail {
            id: "u1".into(),
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            display_name: "Ada Lovelace".into(),
            email: "ada@example.com".into(),
            languages: vec!["en".into(), "fr".into()],
            skills: vec!["sql".into()],
            roles: vec![],
            app_role: AppRole::User,
            organization_id: Some("o1".into()),
            organization_name: Some("Acme".into()),
            has_password: false,
            must_change_password: false,
            locked_until: None,
            metabase_user_id: None,
            access_grants: vec![],
            studio_access: vec![],
            personal_studio_company: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn an_untouched_form_sends_what_is_stored() {
        let form = UserForm::from_detail(&detail());
        assert_eq!(form.languages, "en, fr");
        let request = form.to_request("u1").unwrap();
        assert_eq!(request.user_id, "u1");
        assert_eq!(request.languages, ["en", "fr"]);
        assert_eq!(request.skills, ["sql"]);
        assert!(request.roles.is_empty());
        assert_eq!(request.organization_id.as_deref(), Some("o1"));
        assert_eq!(request.app_role, AppRole::User);
        assert_eq!(request.new_password, None, "no password typed, none sent");
    }

    #[test]
    fn edits_become_the_request() {
        let form = UserForm::from_detail(&detail())
            .with(UserField::Firstname, "  Adele ".into())
            .with(UserField::Skills, "sql, python,, SQL ".into())
            .with(UserField::OrganizationId, String::new())
            .with(UserField::AppRole, "partner_admin".into())
            .with(UserField::NewPassword, " long secret pass".into());
        let request = form.to_request("u1").unwrap();
        assert_eq!(request.firstname, "Adele");
        assert_eq!(request.skills, ["sql", "python"]);
        assert_eq!(request.organization_id, None, "No organisation");
        assert_eq!(request.app_role, AppRole::PartnerAdmin);
        assert_eq!(request.new_password.as_deref(), Some(" long secret pass"));
        assert_eq!(form.value(UserField::AppRole), "partner_admin");
    }

    #[test]
    fn an_unknown_role_is_refused_under_the_role() {
        let form = UserForm::from_detail(&detail()).with(UserField::AppRole, "root".into());
        let errors = form.to_request("u1").unwrap_err();
        assert_eq!(errors.get("app_role"), Some(CHOOSE_ROLE));
    }

    #[test]
    fn lists_split_on_commas_without_blanks_or_repeats() {
        assert_eq!(split_list(" en, fr ,, EN,de "), ["en", "fr", "de"]);
        assert!(split_list(" , ").is_empty());
        assert_eq!(join_list(&["a".into(), "b".into()]), "a, b");
    }

    #[test]
    fn every_field_has_its_own_input_and_wire_name() {
        let mut ids: Vec<_> = UserField::ALL.iter().map(|f| f.input_id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), UserField::ALL.len(), "ids are unique");
        assert_eq!(UserField::OrganizationId.input_id(), "user-organization");
        assert_eq!(UserField::OrganizationId.wire_name(), "organization_id");
    }

    #[test]
    fn a_password_typed_differently_twice_is_caught_here() {
        let form = SetPasswordForm {
            password: "correct horse battery".into(),
            confirm: "correct horse battery!".into(),
        };
        let errors = form.validate("u1").unwrap_err();
        assert_eq!(errors.get(CONFIRM_KEY), Some(DIFFERENT));
        assert_eq!(errors.get(NEW_PASSWORD_KEY), None);
        let empty = SetPasswordForm::default().validate("u1").unwrap_err();
        assert_eq!(empty.get(NEW_PASSWORD_KEY), Some(ENTER_PASSWORD));
        let short = SetPasswordForm {
            password: "short".into(),
            confirm: "short".into(),
        };
        assert_eq!(
            short.validate("u1").unwrap_err().get(NEW_PASSWORD_KEY),
            Some(TOO_SHORT)
        );
    }

    #[test]
    fn a_confirmed_password_becomes_the_request() {
        let form = SetPasswordForm {
            password: "correct horse battery".into(),
            confirm: "correct horse battery".into(),
        };
        let request = form.validate("u1").unwrap();
        assert_eq!(request.user_id, "u1");
        assert_eq!(request.new_password, "correct horse battery");
        assert!(!format!("{form:?}").contains("horse"));
        let user_form = UserForm::default().with(UserField::NewPassword, "horse".into());
        assert!(!format!("{user_form:?}").contains("horse"));
    }

    #[test]
    fn a_password_is_asked_for_only_where_the_role_signs_in_and_none_is_set() {
        let mut form = UserForm::from_detail(&detail());
        assert!(
            !form.asks_for_password(false),
            "a plain user does not sign in"
        );
        form.app_role = "partner_admin".into();
        assert!(
            form.asks_for_password(false),
            "a partner admin without a password needs one"
        );
        assert!(
            !form.asks_for_password(true),
            "one with a password changes it in the password card, not here"
        );
        form.app_role = "user".into();
        form.new_password = "typed already".into();
        assert!(form.asks_for_password(true), "what was typed stays visible");
    }
}
