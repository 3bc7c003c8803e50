//! Filling a webhook's JSON body template: `{{key}}` stands for a whole JSON value, the
//! JSON encoding of that context key, so whatever a name or email contains the body stays valid,
//! escaped JSON (a string arrives with its quotes: write `"email": {{email}}`).

use serde_json::{Map, Value};

#[derive(Debug, PartialEq)]
pub(super) enum TemplateError {
    /// `{{key}}` names nothing in the context.
    UnknownPlaceholder(String),
    /// A `{{` without its `}}`.
    Unclosed,
    /// The filled-in text is not JSON.
    NotJson(String),
}

/// The template with each placeholder replaced, parsed as JSON. An empty template sends the
/// context itself.
pub(super) fn render(template: &str, context: &Map<String, Value>) -> Result<Value, TemplateError> {
    if template.trim().is_empty() {
        return Ok(Value::Object(context.clone()));
    }
    let mut rendered = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        rendered.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or(TemplateError::Unclosed)?;
        let key = after[..end].trim();
        let value = context
            .get(key)
            .ok_or_else(|| TemplateError::UnknownPlaceholder(key.to_string()))?;
        rendered.push_str(&value.to_string());
        rest = &after[end + 2..];
    }
    rendered.push_str(rest);
    serde_json::from_str(&rendered).map_err(|error| TemplateError::NotJson(error.to_string()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn context() -> Map<String, Value> {
        json!({"email": "a\"b@example.com", "ids": ["1", "2"]})
            .as_object()
            .cloned()
            .unwrap()
    }

    #[test]
    fn placeholders_become_json_values() {
        let body = render(r#"{"user": {{ email }}, "companies": {{ids}}}"#, &context());
        assert_eq!(
            body,
            Ok(json!({"user": "a\"b@example.com", "companies": ["1", "2"]})),
            "a quote in the value stays escaped and the array stays an array"
        );
    }

    #[test]
    fn an_empty_template_sends_the_context() {
        assert_eq!(render("  ", &context()), Ok(Value::Object(context())));
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(
            render(r#"{"x": {{nope}}}"#, &context()),
            Err(TemplateError::UnknownPlaceholder("nope".into()))
        );
        assert_eq!(
            render(r#"{"x": {{email"#, &context()),
            Err(TemplateError::Unclosed)
        );
        assert!(
            matches!(
                render(r#"{"x": "{{email}}"}"#, &context()),
                Err(TemplateError::NotJson(_))
            ),
            "a quoted placeholder doubles the quotes, which is not JSON"
        );
    }
}
