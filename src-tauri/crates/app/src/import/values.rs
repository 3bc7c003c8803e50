//! Turning v0.3's loosely typed values into the forms our schema holds: ISO-8601 UTC
//! timestamps with milliseconds, JSON text, 0/1 flags, integers.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rusqlite::types::Value;

use crate::clock::stamp;

/// Text as v0.3 stored it; numbers become their decimal text. Blank text is no value.
pub(crate) fn text(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::Text(text) => text.clone(),
        Value::Integer(n) => n.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Blob(bytes) => String::from_utf8_lossy(bytes).into_owned(),
    };
    (!text.trim().is_empty()).then_some(text)
}

/// Like [`text`], trimmed: for ids, emails and names used to match rows.
pub(crate) fn key(value: &Value) -> Option<String> {
    text(value).map(|t| t.trim().to_string())
}

/// An enumerated value (`test`/`prod`, a status, a tool): trimmed and lower-case, as our CHECKs
/// expect.
pub(crate) fn word(value: &Value) -> Option<String> {
    key(value).map(|t| t.to_lowercase())
}

/// v0.3's booleans: 0/1, sometimes `true`/`false` text; no value is false.
pub(crate) fn flag(value: &Value) -> bool {
    match value {
        Value::Integer(n) => *n != 0,
        Value::Real(x) => *x != 0.0,
        Value::Text(t) => matches!(
            t.trim().to_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        ),
        Value::Null | Value::Blob(_) => false,
    }
}

/// An integer id (Metabase's). v0.3's stubs wrote random non-numeric ids that name nothing in
/// Metabase; those become NULL, so the step that sets them is done for real again.
pub(crate) fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(n) => Some(*n),
        Value::Real(x) if x.fract() == 0.0 => Some(*x as i64),
        Value::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

/// A timestamp in our stored form. v0.3 wrote `datetime('now')` (`2025-03-01 10:00:00`) and
/// Python's `isoformat()` (`2025-03-01T10:00:00.123456`, sometimes with `+00:00`). Times without
/// an offset are UTC: that is what both of those produce. No value, or one that is not a time,
/// gives `None`.
pub(crate) fn timestamp(value: &Value) -> Option<String> {
    let parsed = match value {
        Value::Text(text) => parse_time(text.trim()),
        // Unix seconds, in case a script wrote `time.time()`.
        Value::Integer(seconds) => DateTime::from_timestamp(*seconds, 0),
        _ => None,
    };
    parsed.map(stamp)
}

/// [`timestamp`] for a column that must have a time: a missing one gets the import's time.
pub(crate) fn timestamp_or(value: &Value, now: &str) -> String {
    timestamp(value).unwrap_or_else(|| now.to_string())
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M:%S%.f%:z"] {
        if let Ok(at) = DateTime::parse_from_str(text, format) {
            return Some(at.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Some(at.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|at| at.and_utc())
}

/// A JSON list column (languages, skills, roles, account types). Valid JSON is kept as it is;
/// anything else is what a v0.3 form let through (`en`, `en, fr`, Python's `['en', 'fr']`) and
/// becomes a JSON array of its comma-separated parts. No value gives `default`.
pub(crate) fn json_list(value: &Value, default: &str) -> String {
    let Some(text) = text(value) else {
        return default.to_string();
    };
    if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
        return text;
    }
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text.trim());
    let items: Vec<String> = inner
        .split(',')
        .map(|item| item.trim().trim_matches(|c| c == '\'' || c == '"').trim())
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect();
    serde_json::Value::from(items).to_string()
}

/// A JSON document column (a step's manual input or output): valid JSON is kept as it is, with
/// v0.3's field names; other text is kept as a JSON string rather than lost.
pub(crate) fn json_document(value: &Value) -> Option<String> {
    let text = text(value)?;
    if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
        Some(text)
    } else {
        Some(serde_json::Value::from(text).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Value {
        Value::Text(text.into())
    }

    #[test]
    fn v03_timestamps_become_utc_with_milliseconds() {
        for (v03, ours) in [
            ("2025-03-01 10:00:00", "2025-03-01T10:00:00.000Z"),
            ("2025-03-01T10:00:00.123456", "2025-03-01T10:00:00.123Z"),
            (
                "2025-03-01T10:00:00.123456+00:00",
                "2025-03-01T10:00:00.123Z",
            ),
            ("2025-03-01T12:00:00+02:00", "2025-03-01T10:00:00.000Z"),
            ("2025-03-01 10:00:00.5+00:00", "2025-03-01T10:00:00.500Z"),
            ("2025-03-01T10:00:00Z", "2025-03-01T10:00:00.000Z"),
            ("2025-03-01", "2025-03-01T00:00:00.000Z"),
        ] {
            assert_eq!(timestamp(&t(v03)).as_deref(), Some(ours), "{v03}");
        }
        assert_eq!(timestamp(&Value::Null), None);
        assert_eq!(timestamp(&t("yesterday")), None, "not a time: no value");
        assert_eq!(
            timestamp_or(&Value::Null, "2026-01-01T00:00:00.000Z"),
            "2026-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn list_columns_hold_json_arrays() {
        assert_eq!(json_list(&t(r#"["en","fr"]"#), "[]"), r#"["en","fr"]"#);
        assert_eq!(json_list(&t("en"), "[]"), r#"["en"]"#);
        assert_eq!(json_list(&t("en, fr"), "[]"), r#"["en","fr"]"#);
        assert_eq!(json_list(&t("['en', 'fr']"), "[]"), r#"["en","fr"]"#);
        assert_eq!(json_list(&Value::Null, r#"["partner"]"#), r#"["partner"]"#);
        assert_eq!(json_list(&t("  "), "[]"), "[]");
    }

    #[test]
    fn documents_stay_json() {
        assert_eq!(
            json_document(&t(r#"{"notes":"x"}"#)).as_deref(),
            Some(r#"{"notes":"x"}"#)
        );
        assert_eq!(json_document(&t("done")).as_deref(), Some(r#""done""#));
        assert_eq!(json_document(&Value::Null), None);
    }

    #[test]
    fn flags_and_integers() {
        assert!(flag(&Value::Integer(1)));
        assert!(flag(&t("true")));
        assert!(!flag(&Value::Null));
        assert_eq!(integer(&t("42")), Some(42));
        assert_eq!(integer(&t("col_8f3a")), None);
    }
}
