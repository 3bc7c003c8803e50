//! The audit log's filters and paging, the day bounds its date inputs stand for, how an
//! entry's actor and target read, and the CSV export's file name.

use chrono::{Days, NaiveDate};
use hyopps_contract::{AuditEntryView, AuditFilter, AuditListRequest};

use super::audit_words::target_kind_label;

/// Rows per page of the audit log.
pub const PAGE_SIZE: u32 = 50;

pub const RANGE_BACKWARDS: &str = "The end date is before the start date: nothing can match.";

/// What the audit log is narrowed to; changing a filter goes back to the first page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditListFilter {
    pub action: Option<String>,
    pub target_type: Option<String>,
    /// The free text as applied (on Enter), trimmed.
    pub text: String,
    /// `yyyy-mm-dd` as the date input gives it, or empty.
    pub from_day: String,
    pub to_day: String,
    /// From 1.
    pub page: u32,
}

impl Default for AuditListFilter {
    fn default() -> Self {
        Self {
            action: None,
            target_type: None,
            text: String::new(),
            from_day: String::new(),
            to_day: String::new(),
            page: 1,
        }
    }
}

impl AuditListFilter {
    pub fn with_action(&self, action: Option<String>) -> Self {
        Self {
            action: action.filter(|a| !a.is_empty()),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_target_type(&self, target_type: Option<String>) -> Self {
        Self {
            target_type: target_type.filter(|t| !t.is_empty()),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_text(&self, text: &str) -> Self {
        Self {
            text: text.trim().to_owned(),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_from(&self, day: String) -> Self {
        Self {
            from_day: day.trim().to_owned(),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_to(&self, day: String) -> Self {
        Self {
            to_day: day.trim().to_owned(),
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

    pub fn is_narrowed(&self) -> bool {
        let filter = self.to_filter();
        filter.action.is_some()
            || filter.target_type.is_some()
            || filter.text.is_some()
            || filter.from.is_some()
            || filter.to.is_some()
    }

    /// Why the dates cannot match anything, to say under the end date.
    pub fn range_problem(&self) -> Option<&'static str> {
        match (parse_day(&self.from_day), parse_day(&self.to_day)) {
            (Some(from), Some(to)) if to < from => Some(RANGE_BACKWARDS),
            _ => None,
        }
    }

    /// The filter alone, as the list and the CSV export both take it.
    pub fn to_filter(&self) -> AuditFilter {
        AuditFilter {
            actor_user_id: None,
            action: self.action.clone(),
            target_type: self.target_type.clone(),
            target_id: None,
            from: day_start(&self.from_day),
            to: day_end(&self.to_day),
            text: Some(self.text.trim().to_owned()).filter(|t| !t.is_empty()),
        }
    }

    pub fn to_request(&self) -> AuditListRequest {
        AuditListRequest {
            filter: self.to_filter(),
            page: self.page.max(1),
            page_size: PAGE_SIZE,
        }
    }
}

fn parse_day(day: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()
}

/// The first moment of `day` (UTC, as the backend counts days): `2026-11-25T00:00:00Z`.
/// `None` for an empty or unreadable day, which means "no bound".
pub fn day_start(day: &str) -> Option<String> {
    parse_day(day).map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
}

/// The (exclusive) end of `day`: the next day's first moment, so the whole day is included.
pub fn day_end(day: &str) -> Option<String> {
    parse_day(day)
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
}

/// Who did it: their name, a deleted account (its id is under "Details"), or the app itself.
pub fn actor_text(entry: &AuditEntryView) -> String {
    match (&entry.actor_name, &entry.actor_user_id) {
        (Some(name), _) => name.clone(),
        (None, Some(_)) => "A deleted account".to_owned(),
        (None, None) => "HyOpps (no signed-in user)".to_owned(),
    }
}

/// What it was done to: "Person · Ada Lovelace", the kind alone when there is no name (an id
/// is under "Details"), "—" for nothing.
pub fn target_text(entry: &AuditEntryView) -> String {
    let kind = entry.target_type.as_deref().map(target_kind_label);
    match (kind, &entry.target_name) {
        (Some(kind), Some(name)) => format!("{kind} · {name}"),
        (Some(kind), None) => kind,
        (None, Some(name)) => name.clone(),
        (None, None) => "—".to_owned(),
    }
}

/// What "Details" holds: the stored codes and ids, and the summary as recorded.
pub fn detail_lines(entry: &AuditEntryView) -> Vec<String> {
    let mut lines = vec![format!("Action code: {}", entry.action)];
    if let Some(kind) = &entry.target_type {
        lines.push(format!("Target type: {kind}"));
    }
    if let Some(id) = &entry.target_id {
        lines.push(format!("Target id: {id}"));
    }
    if let Some(id) = &entry.actor_user_id {
        lines.push(format!("Account id: {id}"));
    }
    if !entry.summary.is_null() {
        lines.push(format!("Summary: {}", entry.summary));
    }
    lines
}

/// The audit CSV's proposed name: `hyopps-audit-log-2026-11-25.csv`.
pub fn audit_export_file_name(day: NaiveDate) -> String {
    format!("hyopps-audit-log-{}.csv", day.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_default_asks_for_the_first_page_unfiltered() {
        let request = AuditListFilter::default().to_request();
        assert_eq!(request.filter, AuditFilter::default());
        assert_eq!((request.page, request.page_size), (1, PAGE_SIZE));
        assert!(!AuditListFilter::default().is_narrowed());
    }

    #[test]
    fn filters_map_onto_the_request_and_reset_the_page() {
        let filter = AuditListFilter::default()
            .with_page(3)
            .with_action(Some("user_updated".into()))
            .with_target_type(Some("user".into()))
            .with_text("  ada ")
            .with_from("2026-11-01".into())
            .with_to("2026-11-25".into());
        assert_eq!(filter.page, 1);
        let request = filter.with_page(2).to_request();
        assert_eq!(request.page, 2);
        assert_eq!(
            serde_json::to_value(&request.filter).unwrap(),
            json!({"actor_user_id": null, "action": "user_updated", "target_type": "user",
                   "target_id": null, "from": "2026-11-01T00:00:00Z",
                   "to": "2026-11-26T00:00:00Z", "text": "ada"})
        );
        assert!(filter.is_narrowed());
    }

    #[test]
    fn empty_or_unreadable_days_set_no_bound() {
        let filter = AuditListFilter::default()
            .with_from(String::new())
            .with_to("25/11/2026".into())
            .with_action(Some(String::new()))
            .with_text("  ");
        assert_eq!(filter.to_filter(), AuditFilter::default());
        assert!(!filter.is_narrowed());
    }

    #[test]
    fn a_day_covers_its_whole_length_even_at_month_and_year_ends() {
        assert_eq!(
            day_start("2026-12-31").as_deref(),
            Some("2026-12-31T00:00:00Z")
        );
        assert_eq!(
            day_end("2026-12-31").as_deref(),
            Some("2027-01-01T00:00:00Z")
        );
        assert_eq!(
            day_end("2028-02-28").as_deref(),
            Some("2028-02-29T00:00:00Z"),
            "a leap year"
        );
    }

    #[test]
    fn a_backwards_range_is_pointed_out() {
        let filter = AuditListFilter::default()
            .with_from("2026-11-25".into())
            .with_to("2026-11-24".into());
        assert_eq!(filter.range_problem(), Some(RANGE_BACKWARDS));
        assert_eq!(filter.with_to("2026-11-25".into()).range_problem(), None);
    }

    fn entry() -> AuditEntryView {
        AuditEntryView {
            id: "a1".into(),
            at: "2026-11-25T09:00:00Z".into(),
            actor_user_id: Some("u9".into()),
            actor_name: Some("Ada Admin".into()),
            action: "user_updated".into(),
            target_type: Some("user".into()),
            target_id: Some("u1".into()),
            target_name: Some("Jo Smith".into()),
            summary: json!({}),
            client: None,
        }
    }

    #[test]
    fn actors_and_targets_read_as_names_with_ids_only_in_the_details() {
        let mut entry = entry();
        assert_eq!(actor_text(&entry), "Ada Admin");
        assert_eq!(target_text(&entry), "Person · Jo Smith");
        entry.actor_name = None;
        entry.target_name = None;
        assert_eq!(actor_text(&entry), "A deleted account");
        assert_eq!(target_text(&entry), "Person");
        assert_eq!(
            detail_lines(&entry),
            [
                "Action code: user_updated",
                "Target type: user",
                "Target id: u1",
                "Account id: u9",
                "Summary: {}"
            ],
            "the ids are kept, behind Details"
        );
        entry.actor_user_id = None;
        entry.target_type = None;
        entry.target_id = None;
        assert_eq!(actor_text(&entry), "HyOpps (no signed-in user)");
        assert_eq!(target_text(&entry), "—");
    }

    #[test]
    fn the_export_is_named_by_day() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        assert_eq!(
            audit_export_file_name(day),
            "hyopps-audit-log-2026-11-05.csv"
        );
    }
}
