//! A step's input or output (a JSON object) as "key: value" lines for the timeline.

use serde_json::Value;

/// How one value is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// On the key's line: text, numbers, yes/no, a list of plain words.
    Inline(String),
    /// Under the key, as pretty JSON: anything nested.
    Block(String),
}

/// One line per key, in the object's order. A value that is not an object (the backend
/// writes objects, but the UI should not hide anything) is one line keyed "value".
pub fn json_lines(value: &Value) -> Vec<(String, Shown)> {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| (key.clone(), shown(value)))
            .collect(),
        other => vec![("value".to_owned(), shown(other))],
    }
}

fn shown(value: &Value) -> Shown {
    match value {
        Value::Null => Shown::Inline("—".to_owned()),
        Value::Bool(true) => Shown::Inline("yes".to_owned()),
        Value::Bool(false) => Shown::Inline("no".to_owned()),
        Value::Number(n) => Shown::Inline(n.to_string()),
        Value::String(s) => Shown::Inline(s.clone()),
        Value::Array(items) if items.iter().all(Value::is_string) => Shown::Inline(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        nested => Shown::Block(serde_json::to_string_pretty(nested).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_values_sit_on_their_line_and_nested_ones_are_pretty_json() {
        let lines = json_lines(&json!({
            "name": "Acme",
            "id": 42,
            "confirmed": true,
            "note": null,
            "languages": ["en", "de"],
            "companies": [{"id": 1}],
        }));
        assert_eq!(
            lines,
            [
                (
                    "companies".into(),
                    Shown::Block("[\n  {\n    \"id\": 1\n  }\n]".into())
                ),
                ("confirmed".into(), Shown::Inline("yes".into())),
                ("id".into(), Shown::Inline("42".into())),
                ("languages".into(), Shown::Inline("en, de".into())),
                ("name".into(), Shown::Inline("Acme".into())),
                ("note".into(), Shown::Inline("—".into())),
            ]
        );
    }

    #[test]
    fn a_value_that_is_not_an_object_is_still_shown() {
        assert_eq!(
            json_lines(&json!("done")),
            [("value".to_owned(), Shown::Inline("done".into()))]
        );
    }
}
