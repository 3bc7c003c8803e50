//! The audit log in the admin console: filtered pages, newest first, and the filter's choices.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use hyopps_contract::{AuditEntryView, AuditFilter, AuditFilterOptions, AuditListRequest, Page};
use hyopps_store::audit;
use serde_json::Value;

use super::{count, optional_filter, paging};
use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};

const DEFAULT_AUDIT_PAGE_SIZE: u32 = 50;
const MAX_FILTER_CHARS: usize = 200;

impl App {
    /// One page of the audit log, newest first, filtered by [`AuditFilter`].
    pub async fn list_audit_log(
        &self,
        token: &SessionToken,
        request: AuditListRequest,
    ) -> Result<Page<AuditEntryView>, AppError> {
        self.authorize(token, Access::Admin).await?;
        let query = audit_query(&request.filter)?;
        let paging = paging(request.page, request.page_size, DEFAULT_AUDIT_PAGE_SIZE)?;
        let (rows, total) = self
            .store
            .read(move |c| audit::list(c, &query, paging.page_size, paging.offset))
            .await?;
        Ok(Page {
            items: rows.into_iter().map(entry_view).collect(),
            total: count(total),
            page: paging.page,
            page_size: paging.page_size,
        })
    }

    /// The actions and target types that occur in the log, for the filter's choices.
    pub async fn audit_filter_options(
        &self,
        token: &SessionToken,
    ) -> Result<AuditFilterOptions, AppError> {
        self.authorize(token, Access::Admin).await?;
        self.store
            .read(|c| {
                Ok(AuditFilterOptions {
                    actions: audit::actions(c)?,
                    target_types: audit::target_types(c)?,
                })
            })
            .await
    }
}

/// The filter, checked: text fields trimmed and bounded, times parsed.
pub(super) fn audit_query(filter: &AuditFilter) -> Result<audit::AuditQuery, AppError> {
    let text = |field: &str, value: &Option<String>| {
        optional_filter(field, value.as_deref(), MAX_FILTER_CHARS)
    };
    let from = time_bound("from", filter.from.as_deref(), Edge::Start)?;
    let before = time_bound("to", filter.to.as_deref(), Edge::End)?;
    if let (Some(from), Some(before)) = (&from, &before) {
        if before <= from {
            return Err(AppError::invalid(
                "to",
                "The end of the period is before its start.",
            ));
        }
    }
    Ok(audit::AuditQuery {
        actor_user_id: text("actor_user_id", &filter.actor_user_id)?,
        action: text("action", &filter.action)?,
        target_type: text("target_type", &filter.target_type)?,
        target_id: text("target_id", &filter.target_id)?,
        from: from.map(stamp),
        before: before.map(stamp),
        text: text("text", &filter.text)?,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// A time as RFC 3339, or a day (`2026-11-25`) meaning its start (for `from`) or the start of
/// the next day (for `to`, so the whole day is included).
fn time_bound(
    field: &str,
    value: Option<&str>,
    edge: Edge,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let start = day.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
        return Ok(match edge {
            Edge::Start => start,
            Edge::End => start.map(|s| s + Duration::days(1)),
        });
    }
    Err(AppError::invalid(
        field,
        "Enter a day like 2026-11-25 or a time like 2026-11-25T09:00:00Z.",
    ))
}

pub(super) fn entry_view(entry: audit::ListedEntry) -> AuditEntryView {
    AuditEntryView {
        actor_name: entry
            .actor_name
            .filter(|n| !n.is_empty())
            .or(entry.actor_email),
        // The column only holds valid JSON (a CHECK); should that ever fail, show the text.
        summary: serde_json::from_str(&entry.summary).unwrap_or(Value::String(entry.summary)),
        id: entry.id,
        at: entry.at,
        actor_user_id: entry.actor_user_id,
        action: entry.action,
        target_type: entry.target_type,
        target_id: entry.target_id,
        target_name: entry.target_name.filter(|n| !n.is_empty()),
        client: entry.client,
    }
}
