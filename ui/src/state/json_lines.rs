//! A step's input or output (a JSON object) as labelled lines for the timeline, in the
//! operator's words: "Organisation name: Acme", not `organization_name`. Ids (UUIDs and the
//! systems' own ids under keys ending in `_id`/`_ids`) are not main text: they go to the
//! step's Details with the raw values.

use serde_json::Value;

/// How one value is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// On the label's line: text, numbers, yes/no, a list of plain words.
    Inline(String),
    /// Under the label, as pretty JSON: anything nested.
    Block(String),
}

/// The labels of the keys the workflows record; a key not listed reads as its words.
const LABELS: &[(&str, &str)] = &[
    ("organization_name", "Organisation"),
    ("from_organization_name", "Moved from"),
    ("studio_company_name_test", "Studio TEST company"),
    ("studio_company_name_prod", "Studio PROD company"),
    // Typed in by the operator from Studio: theirs to read, not storage keys.
    ("studio_company_id_test", "Studio TEST company id"),
    ("studio_company_id_prod", "Studio PROD company id"),
    ("systems_used", "Systems used"),
    ("keycloak_cluster", "Keycloak cluster"),
    ("keycloak_confirmed", "Keycloak credentials stored"),
    ("keycloak_group_name", "Keycloak group"),
    ("metabase_group_name", "Metabase group"),
    ("metabase_db_access", "Metabase data access"),
    ("teams_channel_name", "Teams channel"),
    ("teams_channel_private", "Private channel"),
    ("slack_group_handle", "Slack group"),
    ("lms_confirmed", "Learning path set up"),
    ("firstname", "First name"),
    ("lastname", "Last name"),
    ("user_created", "Account created"),
    ("user_attached", "Existing account attached"),
    ("studio_access_confirmed", "Studio access given"),
    ("studio_companies_granted", "Studio companies given"),
    ("studio_user_company_name", "Personal Studio company"),
    ("documentation_sent_to", "Documentation sent to"),
    ("offboarding_approved", "Approved"),
    ("offboarding_reason", "Reason"),
    ("move_reason", "Reason"),
    ("studio_access_removed", "Studio access removed"),
    ("studio_access_moved", "Studio access changed"),
    ("teams_channel_archived", "Channel archived"),
    ("moved", "Done"),
    ("hyopps", "HyOpps"),
    ("people", "People"),
    ("access", "Access afterwards"),
];

/// The operator's name for a recorded key.
pub fn label(key: &str) -> String {
    if let Some((_, label)) = LABELS.iter().find(|(known, _)| *known == key) {
        return (*label).to_owned();
    }
    let words = key.replace('_', " ");
    let mut letters = words.chars();
    match letters.next() {
        Some(first) => first.to_uppercase().chain(letters).collect(),
        None => words,
    }
}

/// Whether the key holds ids, which belong in Details rather than in the main text.
pub fn is_id(key: &str) -> bool {
    key == "id" || key.ends_with("_id") || key.ends_with("_ids") || key == "studio_ids"
}

/// One labelled line per key that is not an id, in the object's order. A value that is not an
/// object (the backend writes objects, but the UI should not hide anything) is one line.
pub fn json_lines(value: &Value) -> Vec<(String, Shown)> {
    match value {
        Value::Object(map) => map
            .iter()
            .filter(|(key, _)| !is_id(key))
            .map(|(key, value)| (label(key), shown(key, value)))
            .collect(),
        other => vec![("Value".to_owned(), shown("", other))],
    }
}

fn shown(key: &str, value: &Value) -> Shown {
    match value {
        Value::Null => Shown::Inline("—".to_owned()),
        Value::Bool(true) => Shown::Inline("yes".to_owned()),
        Value::Bool(false) => Shown::Inline("no".to_owned()),
        Value::Number(n) => Shown::Inline(n.to_string()),
        Value::String(s) if key == "access" => Shown::Inline(s.replace('_', " ")),
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
    fn plain_values_sit_on_their_labelled_line_and_nested_ones_are_pretty_json() {
        let lines = json_lines(&json!({
            "organization_name": "Acme",
            "metabase_user_id": 42,
            "offboarding_approved": true,
            "note": null,
            "languages": ["en", "de"],
            "companies": [{"id": 1}],
        }));
        assert_eq!(
            lines,
            [
                (
                    "Companies".into(),
                    Shown::Block("[\n  {\n    \"id\": 1\n  }\n]".into())
                ),
                ("Languages".into(), Shown::Inline("en, de".into())),
                ("Note".into(), Shown::Inline("—".into())),
                ("Approved".into(), Shown::Inline("yes".into())),
                ("Organisation".into(), Shown::Inline("Acme".into())),
            ],
            "ids are left to Details; keys read as the operator's words"
        );
    }

    #[test]
    fn a_key_without_a_label_reads_as_its_words_and_ids_are_recognised() {
        assert_eq!(label("keycloak_user_id"), "Keycloak user id");
        assert_eq!(label("slack"), "Slack");
        assert!(is_id("organization_id") && is_id("selected_studio_company_ids"));
        assert!(!is_id("organization_name"));
    }

    #[test]
    fn a_value_that_is_not_an_object_is_still_shown() {
        assert_eq!(
            json_lines(&json!("done")),
            [("Value".to_owned(), Shown::Inline("done".into()))]
        );
    }
}
