//! Ids that flow between steps, typed: what kind of id each step produces, how one an admin
//! enters by hand ("Complete by hand") is checked and recorded, and how a later step reads one
//! back. A step never reads an id it cannot use and carries on as if it had none.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};

/// The longest id an admin may enter by hand.
pub const MAX_ID_CHARS: usize = 200;

/// A Metabase id (collection, group, user): Metabase numbers what it stores from 1 up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct MetabaseId(i64);

impl MetabaseId {
    pub fn get(self) -> i64 {
        self.0
    }

    /// An id as an admin typed it.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().parse::<i64>() {
            Ok(n) if n > 0 => Ok(Self(n)),
            _ => Err(format!(
                "\"{}\" is not a Metabase id: Metabase's ids are whole numbers from 1 up (the number in the address of the item in Metabase).",
                text.trim()
            )),
        }
    }
}

impl<'de> Deserialize<'de> for MetabaseId {
    /// A positive number, or text holding one: executions completed by hand before ids were
    /// typed recorded the id as text, and they must read the same.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Number(n) => n
                .as_i64()
                .filter(|n| *n > 0)
                .map(Self)
                .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a Metabase id"))),
            Value::String(text) => Self::parse(&text).map_err(serde::de::Error::custom),
            other => Err(serde::de::Error::custom(format!(
                "{other} is not a Metabase id"
            ))),
        }
    }
}

/// What kind of id a step produces, which decides how a hand-entered one is checked and kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A Metabase collection or user id: a positive number, recorded as a JSON number (as the
    /// connector returns it).
    MetabaseNumber,
    /// A Metabase group id: a positive number too, recorded as text like every group id kept on
    /// the organisation (`system_groups`) and passed to the connectors.
    MetabaseGroup,
    /// Another system's id (Graph, Slack, Keycloak, Studio): opaque text, one line.
    Text,
}

/// What an admin enters to complete an auto step by hand: the output key, its label, its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandCompletion {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: IdKind,
}

impl HandCompletion {
    pub const fn new(key: &'static str, label: &'static str, kind: IdKind) -> Self {
        Self { key, label, kind }
    }

    /// The step's output for the id the admin entered, or what is wrong with it.
    pub fn output(&self, entered: &str) -> Result<Value, String> {
        let entered = entered.trim();
        if entered.is_empty() {
            return Err(format!("Enter the {}.", self.label));
        }
        if entered.chars().count() > MAX_ID_CHARS {
            return Err(format!("An id has at most {MAX_ID_CHARS} characters."));
        }
        let value = match self.kind {
            IdKind::MetabaseNumber => json!(MetabaseId::parse(entered)?.get()),
            IdKind::MetabaseGroup => json!(MetabaseId::parse(entered)?.get().to_string()),
            IdKind::Text if entered.chars().any(char::is_control) => {
                return Err(format!(
                    "The {} is one line of text, without control characters.",
                    self.label
                ))
            }
            IdKind::Text => json!(entered),
        };
        Ok(json!({ self.key: value }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLLECTION: HandCompletion = HandCompletion::new(
        "metabase_collection_id",
        "Metabase collection id",
        IdKind::MetabaseNumber,
    );

    #[test]
    fn a_metabase_id_entered_by_hand_is_a_positive_number_recorded_as_one() {
        assert_eq!(
            COLLECTION.output(" 42 "),
            Ok(json!({ "metabase_collection_id": 42 }))
        );
        for bad in ["abc", "0", "-3", "4.5", "42x"] {
            let error = COLLECTION.output(bad).unwrap_err();
            assert!(error.contains("whole numbers from 1 up"), "{bad}: {error}");
        }
        assert_eq!(
            COLLECTION.output("  ").unwrap_err(),
            "Enter the Metabase collection id."
        );
        let group = HandCompletion::new(
            "metabase_group_id",
            "Metabase group id",
            IdKind::MetabaseGroup,
        );
        assert_eq!(
            group.output("7"),
            Ok(json!({ "metabase_group_id": "7" })),
            "group ids travel as text, checked as numbers"
        );
        let slack = HandCompletion::new("slack_group_id", "Slack user group id", IdKind::Text);
        assert_eq!(
            slack.output("S0614TZR7"),
            Ok(json!({ "slack_group_id": "S0614TZR7" }))
        );
        assert!(slack.output("S06\u{7}").is_err());
    }

    #[test]
    fn a_metabase_id_reads_from_a_number_or_from_text_recorded_before_ids_were_typed() {
        let read = |v: Value| serde_json::from_value::<MetabaseId>(v).map(MetabaseId::get);
        assert_eq!(read(json!(42)).unwrap(), 42);
        assert_eq!(read(json!("42")).unwrap(), 42);
        assert!(read(json!("abc")).is_err());
        assert!(read(json!(0)).is_err());
        assert!(read(json!(null)).is_err());
    }
}
