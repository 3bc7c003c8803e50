//! The admin console's use cases: organisations (with their Studio companies, system groups and
//! documentation links), users, the audit log and the CSV exports. Admins only: every use case
//! starts with `authorize(token, Access::Admin)`.
//!
//! Rules: input is checked before anything is written, with a message per field; each change
//! is one write transaction together with its audit entry (actor, time, action, target and a
//! before/after summary that never holds a secret or a hash), so an invalid or refused call
//! writes nothing; a change that changes nothing writes nothing either. Changes answer with
//! the fresh detail, read after the commit.

mod audit_log;
mod create_admin;
mod csv;
mod exports;
mod metabase_account;
mod organization_systems;
pub(crate) mod organizations;
mod saved_exports;
mod studio_companies;
mod users;
pub(crate) mod validate;

pub use create_admin::CreatedAdmin;
pub use saved_exports::save_csv_export;

use hyopps_store::{audit, Transaction};
use serde_json::{Map, Value};

use crate::AppError;

const DEFAULT_PAGE_SIZE: u32 = 25;
const MAX_PAGE_SIZE: u32 = 200;
/// Ids are UUIDs; anything much longer is not one of ours.
const MAX_ID_CHARS: usize = 64;

/// A checked page request.
#[derive(Debug, Clone, Copy)]
struct Paging {
    page: u32,
    page_size: u32,
    offset: i64,
}

/// Pages count from 1 (0 reads as 1); a size of 0 means `default`.
fn paging(page: u32, page_size: u32, default: u32) -> Result<Paging, AppError> {
    let page_size = match page_size {
        0 => default,
        n if n > MAX_PAGE_SIZE => {
            return Err(AppError::invalid(
                "page_size",
                format!("Show at most {MAX_PAGE_SIZE} rows a page."),
            ))
        }
        n => n,
    };
    let page = page.max(1);
    Ok(Paging {
        page,
        page_size,
        offset: i64::from(page - 1) * i64::from(page_size),
    })
}

/// The id of the thing a use case acts on, trimmed; one that cannot exist is NotFound, like
/// one that does not.
fn subject_id(id: &str, not_found: &str) -> Result<String, AppError> {
    let id = id.trim();
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        return Err(AppError::NotFound(not_found.to_string()));
    }
    Ok(id.to_string())
}

/// An optional filter value: trimmed, empty means unset, at most `max` characters.
fn optional_filter(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, AppError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("Use at most {max} characters here."),
        ));
    }
    Ok(Some(value.to_string()))
}

/// A row count as the wire carries it.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// "First Last", or the email when the account has no name.
fn display_name(firstname: &str, lastname: &str, email: &str) -> String {
    let name = format!("{firstname} {lastname}").trim().to_string();
    if name.is_empty() {
        email.to_string()
    } else {
        name
    }
}

/// The fields of `after` (a JSON object) whose value differs from `before`'s, as
/// `{"before": {…}, "after": {…}}`; `None` when nothing changed (and so nothing is written).
fn changes(before: &Value, after: &Value) -> Option<Value> {
    let mut old = Map::new();
    let mut new = Map::new();
    for (field, value) in after.as_object().into_iter().flatten() {
        let previous = before.get(field).cloned().unwrap_or(Value::Null);
        if &previous != value {
            old.insert(field.clone(), previous);
            new.insert(field.clone(), value.clone());
        }
    }
    (!new.is_empty()).then(|| serde_json::json!({ "before": old, "after": new }))
}

/// One audit entry by the acting admin, in the change's own transaction.
pub(crate) fn record(
    tx: &Transaction<'_>,
    at: &str,
    actor_user_id: &str,
    action: &str,
    target: (&str, &str),
    summary: Value,
) -> Result<(), AppError> {
    audit::record(
        tx,
        &audit::Entry {
            at,
            actor_user_id: Some(actor_user_id),
            action,
            target_type: target.0,
            target_id: Some(target.1),
            summary,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_name_only_what_differs() {
        let before = json!({"name": "Acme", "types": ["partner"]});
        let after = json!({"name": "Acme Ltd", "types": ["partner"]});
        assert_eq!(
            changes(&before, &after),
            Some(json!({"before": {"name": "Acme"}, "after": {"name": "Acme Ltd"}}))
        );
        assert_eq!(
            changes(&before, &before),
            None,
            "no change, nothing to record"
        );
    }

    #[test]
    fn paging_defaults_and_limits() {
        let p = paging(0, 0, 25).unwrap();
        assert_eq!((p.page, p.page_size, p.offset), (1, 25, 0));
        assert_eq!(paging(3, 10, 25).unwrap().offset, 20);
        assert!(paging(1, 201, 25).is_err(), "over the maximum page size");
    }
}
