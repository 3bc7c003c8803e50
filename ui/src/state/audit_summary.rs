//! An audit entry's summary as lines a person reads: `{before, after}` becomes
//! "Email: ada@old.example → ada@new.example" per key, anything else "Key: value" (yes or no
//! for a flag, compact JSON for anything nested). Ids are left out of the lines: they are for
//! "Details".

use serde_json::{Map, Value};

use super::audit_words::{is_id_key, key_label};

/// One line of a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryLine {
    /// A value that changed; `None` is "was not there" (created) or "is gone" (deleted).
    Change {
        key: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// Any other fact (a count, a flag, a note).
    Fact { key: String, value: String },
}

impl SummaryLine {
    /// The line as text: "Key: before → after" or "Key: value", the key as a label.
    pub fn text(&self) -> String {
        let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_owned());
        match self {
            SummaryLine::Change { key, before, after } => {
                format!(
                    "{}: {} → {}",
                    key_label(key),
                    or_dash(before),
                    or_dash(after)
                )
            }
            SummaryLine::Fact { key, value } if key.is_empty() => value.clone(),
            SummaryLine::Fact { key, value } => format!("{}: {value}", key_label(key)),
        }
    }
}

/// The summary's lines: its before/after changes first, then its other keys (each part by
/// key, as the JSON map keeps them). A summary that is not an object is one line of compact JSON; `null` or
/// `{}` is no line at all.
pub fn summary_lines(summary: &Value) -> Vec<SummaryLine> {
    let Value::Object(fields) = summary else {
        return match summary {
            Value::Null => Vec::new(),
            other => vec![SummaryLine::Fact {
                key: String::new(),
                value: compact(other),
            }],
        };
    };
    let side = |name: &str| match fields.get(name) {
        Some(Value::Object(values)) => Some(values.clone()),
        // `null` on one side: the whole thing was created or deleted.
        Some(Value::Null) => Some(Map::new()),
        _ => None,
    };
    let mut lines = Vec::new();
    let (before, after) = (side("before"), side("after"));
    let has_changes = before.is_some() && after.is_some();
    if let (Some(before), Some(after)) = (&before, &after) {
        let keys = before
            .keys()
            .chain(after.keys().filter(|key| !before.contains_key(*key)));
        for key in keys.filter(|key| !is_id_key(key)) {
            // `null` and "not there" read the same: nothing.
            let old = before.get(key).filter(|v| !v.is_null());
            let new = after.get(key).filter(|v| !v.is_null());
            if old == new {
                continue;
            }
            lines.push(SummaryLine::Change {
                key: key.clone(),
                before: old.map(compact),
                after: new.map(compact),
            });
        }
    }
    for (key, value) in fields {
        if (has_changes && (key == "before" || key == "after")) || is_id_key(key) {
            continue;
        }
        lines.push(SummaryLine::Fact {
            key: key.clone(),
            value: compact(value),
        });
    }
    lines
}

/// A value in few characters: text without quotes, a flag as yes or no, a list of plain
/// values comma-separated, `null` as "—", an object of plain values as "Label: value" pairs
/// (what is unset, and ids, left out), anything deeper as compact JSON.
pub fn compact(value: &Value) -> String {
    match value {
        Value::Object(fields) if fields.values().all(|v| is_plain(v) || v.is_null()) => {
            let set: Vec<String> = fields
                .iter()
                .filter(|(key, value)| {
                    !is_id_key(key) && !value.is_null() && **value != Value::Bool(false)
                })
                .map(|(key, value)| format!("{} {}", key_label(key), compact(value)))
                .collect();
            if set.is_empty() {
                "(none)".to_owned()
            } else {
                set.join(", ")
            }
        }
        Value::Null => "—".to_owned(),
        Value::String(text) => text.clone(),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        Value::Array(items) if items.is_empty() => "(none)".to_owned(),
        Value::Array(items) if items.iter().all(is_plain) => {
            items.iter().map(compact).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

fn is_plain(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn texts(summary: Value) -> Vec<String> {
        summary_lines(&summary)
            .iter()
            .map(SummaryLine::text)
            .collect()
    }

    #[test]
    fn before_and_after_read_per_key() {
        let lines = texts(json!({
            "before": {"email": "ada@old.example", "languages": ["en"], "app_role": "user"},
            "after": {"email": "ada@new.example", "languages": ["en", "fr"], "app_role": "user",
                      "password": "set by an administrator"}
        }));
        assert_eq!(
            lines,
            [
                "Email: ada@old.example → ada@new.example",
                "Languages: en → en, fr",
                "Password: — → set by an administrator",
            ],
            "unchanged keys are left out; a key only after reads as new"
        );
    }

    #[test]
    fn a_deletion_lists_what_was_there_then_its_counts() {
        let lines = texts(json!({
            "before": {"email": "ada@example.com", "organization_id": null},
            "after": null,
            "access_grants_deleted": 2,
            "personal_studio_company_deleted": false
        }));
        assert_eq!(
            lines,
            [
                "Email: ada@example.com → —",
                "Access records deleted: 2",
                "Personal Studio company deleted: no",
            ],
            "the organisation's id is for Details, not a line"
        );
    }

    #[test]
    fn other_shapes_read_compactly() {
        assert_eq!(
            texts(json!({"by": "admin", "steps": {"3": "failed"}, "names": []})),
            ["By: admin", "Names: (none)", "Steps: 3 failed"]
        );
        assert_eq!(texts(json!("imported")), ["imported"]);
        assert_eq!(texts(json!([1, {"a": 2}])), ["[1,{\"a\":2}]"]);
        assert_eq!(
            texts(
                json!({"filter": {"search": "jo", "organization_id": "o-1", "app_role": null,
                                    "without_organization": false}})
            ),
            ["Filter: Search jo"],
            "a flat object reads as what is set, without ids"
        );
        assert_eq!(
            texts(json!({"filter": {"search": null, "without_organization": false}})),
            ["Filter: (none)"]
        );
        assert!(texts(Value::Null).is_empty());
        assert!(texts(json!({})).is_empty());
        assert_eq!(
            texts(json!({"before": "x"})),
            ["Before: x"],
            "before without after is just a fact"
        );
    }
}
