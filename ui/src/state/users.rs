//! The users list's filters and paging, how a user's facts read, the CSV export's file name
//! and message, and what deleting a user takes along.

use chrono::{DateTime, NaiveDate, Utc};
use hyopps_contract::{
    AppRole, SavedExport, UserDeletion, UserDetail, UserFilter, UserListRequest,
};

/// Rows per page of the users list.
pub const PAGE_SIZE: u32 = 25;

/// The organisation filter's value for "No organisation". Never an organisation's id: those
/// are UUIDs, without brackets.
pub const NO_ORGANISATION: &str = "(none)";

/// What the users list is narrowed to. Changing a filter goes back to the first page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserListFilter {
    /// The search as applied (on Enter), trimmed.
    pub search: String,
    pub organization_id: Option<String>,
    /// Only the people in no organisation (never together with `organization_id`).
    pub without_organization: bool,
    pub app_role: Option<AppRole>,
    /// From 1.
    pub page: u32,
}

impl Default for UserListFilter {
    fn default() -> Self {
        Self {
            search: String::new(),
            organization_id: None,
            without_organization: false,
            app_role: None,
            page: 1,
        }
    }
}

impl UserListFilter {
    pub fn with_search(&self, search: &str) -> Self {
        Self {
            search: search.trim().to_owned(),
            page: 1,
            ..self.clone()
        }
    }

    /// The list of one organisation's people, as the organisation's page opens it.
    pub fn of_organization(organization_id: String) -> Self {
        Self::default().with_organization(Some(organization_id))
    }

    /// The select's value: an organisation's id, [`NO_ORGANISATION`], or empty for every
    /// organisation.
    pub fn with_organization(&self, choice: Option<String>) -> Self {
        let choice = choice.unwrap_or_default();
        Self {
            without_organization: choice == NO_ORGANISATION,
            organization_id: Some(choice).filter(|id| !id.is_empty() && id != NO_ORGANISATION),
            page: 1,
            ..self.clone()
        }
    }

    /// What the organisation select shows for this filter.
    pub fn organization_choice(&self) -> String {
        if self.without_organization {
            NO_ORGANISATION.to_owned()
        } else {
            self.organization_id.clone().unwrap_or_default()
        }
    }

    /// The select's value (`admin`, `partner_admin`, `user`); anything else means every role.
    pub fn with_role(&self, role: Option<String>) -> Self {
        Self {
            app_role: role.as_deref().and_then(AppRole::parse),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// Whether anything narrows the list: an empty page then means "nothing matches".
    pub fn is_narrowed(&self) -> bool {
        !self.search.is_empty()
            || self.organization_id.is_some()
            || self.without_organization
            || self.app_role.is_some()
    }

    /// The filter alone, as the list and the CSV export both take it.
    pub fn to_filter(&self) -> UserFilter {
        UserFilter {
            search: Some(self.search.trim().to_owned()).filter(|s| !s.is_empty()),
            organization_id: self.organization_id.clone(),
            without_organization: self.without_organization,
            app_role: self.app_role,
        }
    }

    pub fn to_request(&self) -> UserListRequest {
        UserListRequest {
            filter: self.to_filter(),
            page: self.page.max(1),
            page_size: PAGE_SIZE,
        }
    }
}

/// The role choices, as (wire value, label), in the order an admin thinks of them.
pub fn role_options() -> Vec<(String, String)> {
    [AppRole::User, AppRole::PartnerAdmin, AppRole::Admin]
        .into_iter()
        .map(|role| (role.as_str().to_owned(), role.label().to_owned()))
        .collect()
}

/// Whether a lockout is in force at `now` (a past `locked_until` has expired).
pub fn is_locked(locked_until: Option<&str>, now: DateTime<Utc>) -> bool {
    match locked_until.map(DateTime::parse_from_rfc3339) {
        None => false,
        Some(Ok(until)) => until.with_timezone(&Utc) > now,
        // An unreadable time is shown as locked rather than hidden: the backend decides.
        Some(Err(_)) => true,
    }
}

pub fn yes_no(value: bool) -> &'static str {
    if value {
        "Yes"
    } else {
        "No"
    }
}

/// The Studio access a user still holds in organisations other than their own, as
/// "Acme TEST (Acme)": what moving someone leaves behind. HyOpps cannot take Studio access
/// away (Studio has no API for it), so the admin is told to do it in Studio.
pub fn access_outside_organisation(detail: &UserDetail) -> Vec<String> {
    detail
        .studio_access
        .iter()
        .filter(|access| access.revoked_at.is_none())
        .filter(|access| detail.organization_id.as_deref() != Some(access.organization_id.as_str()))
        .map(|access| format!("{} ({})", access.company_name, access.organization_name))
        .collect()
}

/// The users CSV's proposed name: `hyopps-users-2026-11-25.csv`.
pub fn users_export_file_name(day: NaiveDate) -> String {
    format!("hyopps-users-{}.csv", day.format("%Y-%m-%d"))
}

/// "Saved 3 users to /home/ada/users.csv." (`one` and `many` name the rows).
pub fn export_saved_text(saved: &SavedExport, one: &str, many: &str) -> String {
    let noun = if saved.rows == 1 { one } else { many };
    format!("Saved {} {noun} to {}.", saved.rows, saved.path)
}

/// What the users list says after a deletion.
pub fn deleted_text(done: &UserDeletion) -> String {
    format!(
        "Deleted {} ({}): {} and {} deleted, {} kept as history.",
        done.display_name,
        done.email,
        count(done.access_grants_deleted, "access grant", "access grants"),
        count(
            done.studio_access_deleted,
            "Studio company access",
            "Studio company accesses"
        ),
        count(done.executions_detached, "execution", "executions"),
    )
}

/// "1 grant", "3 grants".
fn count(n: u64, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// What deleting a user takes along, one line each, as (element id suffix, text).
pub fn deletion_lines(deletion: &UserDeletion) -> Vec<(&'static str, String)> {
    vec![
        (
            "grants",
            format!(
                "{} deleted",
                count(
                    deletion.access_grants_deleted,
                    "access grant",
                    "access grants"
                )
            ),
        ),
        (
            "studio",
            format!(
                "{} deleted",
                count(
                    deletion.studio_access_deleted,
                    "Studio company access",
                    "Studio company accesses"
                )
            ),
        ),
        (
            "company",
            match deletion.personal_studio_company_deleted {
                true => "Their personal Studio company record deleted".to_owned(),
                false => "No personal Studio company to delete".to_owned(),
            },
        ),
        (
            "executions",
            format!(
                "{} kept as history, detached from them",
                count(deletion.executions_detached, "execution", "executions")
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use hyopps_contract::{StudioAccessView, StudioEnvironment};

    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_default_asks_for_the_first_page_of_everyone() {
        let request = UserListFilter::default().to_request();
        assert_eq!(
            request,
            UserListRequest {
                filter: UserFilter::default(),
                page: 1,
                page_size: PAGE_SIZE
            }
        );
        assert!(!UserListFilter::default().is_narrowed());
    }

    #[test]
    fn filters_map_onto_the_request_and_reset_the_page() {
        let filter = UserListFilter::default()
            .with_page(4)
            .with_search("  ada ")
            .with_organization(Some("o1".into()))
            .with_role(Some("partner_admin".into()));
        assert_eq!(filter.page, 1, "a new filter starts at the first page");
        let request = filter.with_page(2).to_request();
        assert_eq!(request.filter.search.as_deref(), Some("ada"));
        assert_eq!(request.filter.organization_id.as_deref(), Some("o1"));
        assert_eq!(request.filter.app_role, Some(AppRole::PartnerAdmin));
        assert_eq!(request.page, 2);
        assert!(filter.is_narrowed());
    }

    #[test]
    fn no_organisation_is_a_choice_of_its_own() {
        let none = UserListFilter::default().with_organization(Some(NO_ORGANISATION.into()));
        let filter = none.to_filter();
        assert!(filter.without_organization);
        assert_eq!(filter.organization_id, None, "never sent as an id");
        assert!(none.is_narrowed());
        assert_eq!(none.organization_choice(), NO_ORGANISATION);

        let acme = none.with_organization(Some("o1".into()));
        assert!(!acme.without_organization, "an organisation replaces it");
        assert_eq!(acme.organization_choice(), "o1");
        let everyone = acme.with_organization(Some(String::new()));
        assert_eq!(everyone.to_filter(), UserFilter::default());
        assert_eq!(everyone.organization_choice(), "");
    }

    fn access(company: &str, org_id: &str, org: &str, revoked: bool) -> StudioAccessView {
        StudioAccessView {
            studio_company_id: format!("sc-{company}"),
            company_name: company.into(),
            studio_id: "1001".into(),
            environment: StudioEnvironment::Test,
            organization_id: org_id.into(),
            organization_name: org.into(),
            granted_at: "2026-11-01T00:00:00Z".into(),
            revoked_at: revoked.then(|| "2026-11-02T00:00:00Z".into()),
        }
    }

    #[test]
    fn studio_access_left_in_another_organisation_is_named() {
        let mut detail: UserDetail = serde_json::from_value(serde_json::json!({
            "id": "u1", "firstname": "Ada", "lastname": "Lovelace", "display_name": "Ada Lovelace",
            "email": "ada@globex.example", "languages": [], "skills": [], "roles": [],
            "app_role": "user", "organization_id": "globex", "organization_name": "Globex",
            "has_password": false, "must_change_password": false, "locked_until": null,
            "metabase_user_id": null, "access_grants": [], "studio_access": [],
            "personal_studio_company": null, "created_at": "", "updated_at": ""
        }))
        .unwrap();
        detail.studio_access = vec![
            access("Globex TEST", "globex", "Globex", false),
            access("Acme TEST", "acme", "Acme", false),
            access("Acme PROD", "acme", "Acme", true),
        ];
        assert_eq!(
            access_outside_organisation(&detail),
            ["Acme TEST (Acme)"],
            "only what is still granted, outside Globex"
        );
        detail.organization_id = None;
        assert_eq!(
            access_outside_organisation(&detail).len(),
            2,
            "with no organisation, every company is someone else's"
        );
    }

    #[test]
    fn an_organisations_people_open_on_the_first_page_of_that_organisation() {
        let filter = UserListFilter::of_organization("o1".into());
        assert_eq!(filter.organization_id.as_deref(), Some("o1"));
        assert_eq!((filter.page, filter.search.as_str()), (1, ""));
        assert!(filter.is_narrowed());
    }

    #[test]
    fn empty_choices_mean_no_filter() {
        let filter = UserListFilter::default()
            .with_search("   ")
            .with_organization(Some(String::new()))
            .with_role(Some(String::new()));
        assert_eq!(filter.to_filter(), UserFilter::default());
        assert!(!filter.is_narrowed());
        assert_eq!(UserListFilter::default().with_page(0).page, 1);
    }

    #[test]
    fn a_lockout_counts_only_until_it_expires() {
        assert!(is_locked(Some("2026-11-25T10:15:00Z"), now()));
        assert!(
            !is_locked(Some("2026-11-25T09:45:00Z"), now()),
            "an expired lockout no longer locks"
        );
        assert!(!is_locked(None, now()));
        assert!(
            is_locked(Some("soon"), now()),
            "unreadable: shown as locked"
        );
    }

    #[test]
    fn roles_are_offered_with_their_labels() {
        let values: Vec<_> = role_options().into_iter().map(|(v, _)| v).collect();
        assert_eq!(values, ["user", "partner_admin", "admin"]);
        assert_eq!(role_options()[1].1, "Partner administrator");
    }

    #[test]
    fn the_export_is_named_by_day_and_reports_its_rows() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(users_export_file_name(day), "hyopps-users-2026-03-07.csv");
        let saved = |rows| SavedExport {
            path: "/tmp/u.csv".into(),
            rows,
        };
        assert_eq!(
            export_saved_text(&saved(1), "user", "users"),
            "Saved 1 user to /tmp/u.csv."
        );
        assert_eq!(
            export_saved_text(&saved(0), "user", "users"),
            "Saved 0 users to /tmp/u.csv."
        );
    }

    #[test]
    fn a_deletion_lists_what_goes_and_what_stays() {
        let deletion = UserDeletion {
            user_id: "u1".into(),
            display_name: "Ada".into(),
            email: "ada@example.com".into(),
            access_grants_deleted: 3,
            studio_access_deleted: 1,
            personal_studio_company_deleted: true,
            executions_detached: 0,
            blocked_by: None,
        };
        let lines = deletion_lines(&deletion);
        let ids: Vec<_> = lines.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, ["grants", "studio", "company", "executions"]);
        assert_eq!(lines[0].1, "3 access grants deleted");
        assert_eq!(lines[1].1, "1 Studio company access deleted");
        assert_eq!(lines[2].1, "Their personal Studio company record deleted");
        assert_eq!(
            lines[3].1,
            "0 executions kept as history, detached from them"
        );
        assert_eq!(
            deleted_text(&deletion),
            "Deleted Ada (ada@example.com): 3 access grants and 1 Studio company access deleted, 0 executions kept as history."
        );
    }
}
