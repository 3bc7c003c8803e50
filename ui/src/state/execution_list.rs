//! The executions list's filters and paging, and the request they make.

use hyopps_contract::{ExecutionListRequest, ExecutionStatus, ExecutionSummary};

/// Rows per page of the executions list.
pub const PAGE_SIZE: u32 = 25;

/// What the list is narrowed to. Changing a filter goes back to the first page, since the
/// page the user was on may no longer exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    pub status: Option<ExecutionStatus>,
    pub workflow: Option<String>,
    /// The search as applied (on Enter), not as being typed.
    pub search: String,
    /// From 1.
    pub page: u32,
}

impl Default for ListFilter {
    fn default() -> Self {
        Self {
            status: None,
            workflow: None,
            search: String::new(),
            page: 1,
        }
    }
}

impl ListFilter {
    pub fn with_status(&self, status: Option<ExecutionStatus>) -> Self {
        Self {
            status,
            page: 1,
            ..self.clone()
        }
    }

    /// An empty workflow means "all workflows".
    pub fn with_workflow(&self, workflow: Option<String>) -> Self {
        Self {
            workflow: workflow.filter(|w| !w.is_empty()),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_search(&self, search: &str) -> Self {
        Self {
            search: search.trim().to_owned(),
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

    /// Whether anything narrows the list: an empty result then means "nothing matches", not
    /// "nothing exists".
    pub fn is_narrowed(&self) -> bool {
        self.status.is_some() || self.workflow.is_some() || !self.search.is_empty()
    }

    pub fn to_request(&self) -> ExecutionListRequest {
        ExecutionListRequest {
            status: self.status,
            workflow: self.workflow.clone(),
            organization_id: None,
            search: Some(self.search.trim().to_owned()).filter(|s| !s.is_empty()),
            page: self.page.max(1),
            page_size: PAGE_SIZE,
        }
    }
}

/// Where a page sits in the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub page_size: u32,
    pub total: u64,
}

impl Paging {
    fn first_index(&self) -> u64 {
        u64::from(self.page.max(1) - 1) * u64::from(self.page_size)
    }

    /// "26–50 of 120"; "0 of 0" for an empty list.
    pub fn text(&self) -> String {
        let first = self.first_index();
        if self.total == 0 || first >= self.total {
            return format!("0 of {}", self.total);
        }
        let last = (first + u64::from(self.page_size)).min(self.total);
        format!("{}–{} of {}", first + 1, last, self.total)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.first_index() + u64::from(self.page_size) < self.total
    }
}

/// Where an execution stands: "3/8 · Create Metabase group".
pub fn step_text(summary: &ExecutionSummary) -> String {
    if summary.step_count == 0 {
        return "—".to_owned();
    }
    let position = format!("{}/{}", summary.current_step_order, summary.step_count);
    match &summary.current_step_label {
        Some(label) => format!("{position} · {label}"),
        None => position,
    }
}

/// A name that may be missing (no organisation linked yet): shown as a dash, never invented.
pub fn or_dash(name: &Option<String>) -> String {
    name.clone().unwrap_or_else(|| "—".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_asks_for_the_first_page_unfiltered() {
        let request = ListFilter::default().to_request();
        assert_eq!(
            request,
            ExecutionListRequest {
                page: 1,
                page_size: PAGE_SIZE,
                ..ExecutionListRequest::default()
            }
        );
        assert!(!ListFilter::default().is_narrowed());
    }

    #[test]
    fn filters_map_onto_the_request_and_reset_the_page() {
        let filter = ListFilter::default()
            .with_page(3)
            .with_status(Some(ExecutionStatus::Failed));
        assert_eq!(filter.page, 1, "a new filter starts at the first page");
        let filter = filter
            .with_workflow(Some("new_partner".into()))
            .with_search("  acme ")
            .with_page(2);
        let request = filter.to_request();
        assert_eq!(request.status, Some(ExecutionStatus::Failed));
        assert_eq!(request.workflow.as_deref(), Some("new_partner"));
        assert_eq!(request.search.as_deref(), Some("acme"));
        assert_eq!(request.page, 2);
        assert!(filter.is_narrowed());
    }

    #[test]
    fn empty_choices_mean_no_filter() {
        let filter = ListFilter::default()
            .with_workflow(Some(String::new()))
            .with_search("   ");
        assert_eq!(filter.to_request().workflow, None);
        assert_eq!(filter.to_request().search, None);
        assert!(!filter.is_narrowed());
        assert_eq!(ListFilter::default().with_page(0).page, 1);
    }

    #[test]
    fn paging_text_counts_from_one_and_stops_at_the_total() {
        let paging = |page, total| Paging {
            page,
            page_size: 25,
            total,
        };
        assert_eq!(paging(2, 120).text(), "26–50 of 120");
        assert_eq!(paging(5, 120).text(), "101–120 of 120");
        assert_eq!(paging(1, 3).text(), "1–3 of 3");
        assert_eq!(paging(1, 0).text(), "0 of 0");
        assert!(!paging(1, 120).has_previous());
        assert!(paging(1, 120).has_next());
        assert!(paging(4, 120).has_next());
        assert!(!paging(5, 120).has_next());
        assert!(!paging(1, 25).has_next(), "exactly one full page");
    }

    #[test]
    fn the_current_step_reads_position_then_label() {
        let mut summary = ExecutionSummary {
            id: "e1".into(),
            workflow: "new_partner".into(),
            workflow_label: "New partner".into(),
            status: ExecutionStatus::Running,
            organization_id: None,
            organization_name: None,
            user_id: None,
            user_name: None,
            current_step_order: 3,
            current_step_label: Some("Create Metabase group".into()),
            step_count: 8,
            requested_by_name: None,
            created_at: String::new(),
            updated_at: String::new(),
            completed_at: None,
            error: None,
        };
        assert_eq!(step_text(&summary), "3/8 · Create Metabase group");
        summary.current_step_label = None;
        assert_eq!(step_text(&summary), "3/8");
        summary.step_count = 0;
        assert_eq!(step_text(&summary), "—");
        assert_eq!(or_dash(&summary.organization_name), "—");
    }
}
