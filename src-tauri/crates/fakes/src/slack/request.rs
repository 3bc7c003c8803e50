//! Reading a Slack method call the way Slack does: parameters from the query string and a
//! form-encoded body; a JSON body only for write methods (read methods ignore it); the token
//! from `Authorization: Bearer` or a `token` parameter.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{header, HeaderMap};
use serde_json::Value;

/// Methods that take only query or form parameters.
const READ_METHODS: &[&str] = &[
    "auth.test",
    "users.lookupByEmail",
    "usergroups.list",
    "usergroups.users.list",
];

pub(super) struct Call {
    pub params: HashMap<String, String>,
    pub token: Option<String>,
}

impl Call {
    pub(super) fn read(
        method: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Self {
        let mut params: HashMap<String, String> = HashMap::new();
        if let Some(query) = query {
            params.extend(url::form_urlencoded::parse(query.as_bytes()).into_owned());
        }
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        if content_type.starts_with("application/x-www-form-urlencoded") {
            params.extend(url::form_urlencoded::parse(body).into_owned());
        } else if content_type.starts_with("application/json") && !READ_METHODS.contains(&method) {
            if let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) {
                for (key, value) in fields {
                    let text = match value {
                        Value::String(text) => text,
                        Value::Array(items) => items
                            .iter()
                            .map(|item| {
                                item.as_str()
                                    .map(str::to_string)
                                    .unwrap_or(item.to_string())
                            })
                            .collect::<Vec<_>>()
                            .join(","),
                        other => other.to_string(),
                    };
                    params.insert(key, text);
                }
            }
        }
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|token| token.trim().to_string());
        let token = bearer.or_else(|| params.get("token").cloned());
        Self { params, token }
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.params
            .get(name)
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// Slack's booleans: `true`/`1`.
    pub(super) fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some("true" | "1"))
    }

    /// A comma-separated list.
    pub(super) fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|value| {
                value
                    .split(',')
                    .map(|item| item.trim().to_string())
                    .filter(|item| !item.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}
