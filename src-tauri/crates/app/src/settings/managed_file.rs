//! `hyopps.toml`: settings pre-set for managed workstations. One table per system, its
//! keys as in Settings; `[webhooks.<step>]` for webhooks. A file with any problem is not applied
//! at all (half a configuration is worse than none) and the problem, naming the key, shows in
//! Settings; the app starts either way.

use std::collections::BTreeMap;
use std::path::Path;

use super::catalog::{self, Kind, SystemSpec};
use super::validate;

/// system id → key → value, every value checked like a value typed in Settings.
pub type Managed = BTreeMap<String, BTreeMap<String, String>>;

/// Reads the file; a missing file manages nothing.
pub fn read(path: &Path) -> Result<Managed, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Managed::new()),
        Err(error) => return Err(format!("{} could not be read: {error}.", path.display())),
    };
    parse(&text).map_err(|problem| format!("{}: {problem}", path.display()))
}

pub fn parse(text: &str) -> Result<Managed, String> {
    let document: toml::Table = text
        .parse()
        .map_err(|error: toml::de::Error| format!("not valid TOML: {}", error.message()))?;
    let systems = catalog::systems();
    let mut managed = Managed::new();
    for (table, value) in &document {
        if table == "webhooks" {
            let steps = value
                .as_table()
                .ok_or("`webhooks` must be a table of [webhooks.<step>] tables.")?;
            for (step, step_value) in steps {
                let id = format!("webhooks.{step}");
                let spec = find(&systems, &id).ok_or_else(|| {
                    format!(
                        "unknown webhook step [webhooks.{step}]; known steps: {}.",
                        catalog::WEBHOOK_STEPS
                            .iter()
                            .map(|(step, _, _)| *step)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?;
                managed.insert(id, read_table(spec, step_value)?);
            }
            continue;
        }
        let spec = find(&systems, table).ok_or_else(|| {
            format!("unknown table [{table}]; known tables: metabase, graph, slack, keycloak, smtp, webhooks.<step>.")
        })?;
        managed.insert(table.clone(), read_table(spec, value)?);
    }
    Ok(managed)
}

fn find<'a>(systems: &'a [SystemSpec], id: &str) -> Option<&'a SystemSpec> {
    systems.iter().find(|s| s.id == id)
}

fn read_table(spec: &SystemSpec, value: &toml::Value) -> Result<BTreeMap<String, String>, String> {
    let table = value
        .as_table()
        .ok_or_else(|| format!("[{}] must be a table.", spec.id))?;
    let mut values = BTreeMap::new();
    for (key, value) in table {
        let Some(field) = spec.field(key) else {
            if is_secret_key(key) {
                return Err(format!(
                    "[{}] {key} is a secret and does not belong in this file: store it in Settings (the system keychain) or set {}.",
                    spec.id, spec.secret.environment_variable
                ));
            }
            return Err(format!(
                "unknown key `{key}` in [{}]; known keys: {}.",
                spec.id,
                spec.fields
                    .iter()
                    .map(|f| f.key)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        let text = match (field.kind, value) {
            (Kind::Headers, toml::Value::Table(headers)) => {
                let mut lines = Vec::new();
                for (name, value) in headers {
                    let value = value.as_str().ok_or_else(|| {
                        format!("[{}] headers.{name} must be a string.", spec.id)
                    })?;
                    lines.push(format!("{name}: {value}"));
                }
                lines.join("\n")
            }
            (Kind::Headers, _) => {
                return Err(format!(
                    "[{}] headers must be a table: headers = {{ Authorization = \"Bearer {{{{secret}}}}\" }}.",
                    spec.id
                ))
            }
            (Kind::Number, toml::Value::Integer(number)) => number.to_string(),
            (Kind::Number, _) => {
                return Err(format!("[{}] {key} must be a whole number.", spec.id))
            }
            (_, toml::Value::String(text)) => text.clone(),
            _ => return Err(format!("[{}] {key} must be a string.", spec.id)),
        };
        let checked = validate::value(field, &text)
            .map_err(|problem| format!("[{}] {key}: {problem}", spec.id))?;
        values.insert(key.clone(), checked);
    }
    Ok(values)
}

fn is_secret_key(key: &str) -> bool {
    ["api_key", "client_secret", "token", "password", "secret"].contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_table_of_spec_section_6() {
        let managed = parse(
            r#"
            [metabase]
            url = "https://mb.example.com/"
            database_id = 3
            template_collection_id = 12
            [graph]
            tenant_id = "t"
            client_id = "c"
            team_id = "team"
            channel_membership = "private"
            [slack]
            base_url = "http://127.0.0.1:9000/api"
            [keycloak]
            url = "https://sso.example.com"
            realm = "studio"
            client_id = "hyopps"
            invite_client_id = "studio"
            redirect_uri = "https://studio.example.com"
            [smtp]
            host = "smtp.example.com"
            port = 465
            security = "tls"
            user = "ops"
            from = "HyOpps <ops@example.com>"
            [webhooks.create_studio_user_company]
            method = "POST"
            url = "https://studio.example.com/hooks/company"
            headers = { Authorization = "Bearer {{secret}}" }
            body = '{"email": {{email}}}'
            id_pointer = "/id"
            "#,
        )
        .unwrap();
        assert_eq!(
            managed["metabase"]["url"], "https://mb.example.com",
            "trailing slash dropped"
        );
        assert_eq!(managed["metabase"]["database_id"], "3");
        assert_eq!(managed["smtp"]["port"], "465");
        assert_eq!(managed["graph"]["channel_membership"], "private");
        assert_eq!(
            managed["webhooks.create_studio_user_company"]["headers"],
            "Authorization: Bearer {{secret}}"
        );
    }

    #[test]
    fn each_problem_names_its_key() {
        let cases = [
            (
                "[metabse]\nurl = \"https://x.example.com\"",
                "unknown table [metabse]",
            ),
            (
                "[metabase]\nurll = \"https://x.example.com\"",
                "unknown key `urll` in [metabase]",
            ),
            (
                "[metabase]\ndatabase_id = \"three\"",
                "[metabase] database_id must be a whole number",
            ),
            ("[metabase]\nurl = \"not a url\"", "[metabase] url:"),
            (
                "[metabase]\napi_key = \"mb_123\"",
                "[metabase] api_key is a secret",
            ),
            (
                "[smtp]\nsecurity = \"ssl\"",
                "[smtp] security: Security must be one of",
            ),
            (
                "[webhooks.nope]\nurl = \"https://x.example.com\"",
                "unknown webhook step [webhooks.nope]",
            ),
            ("[metabase\nurl=", "not valid TOML"),
        ];
        for (text, expected) in cases {
            let problem = parse(text).unwrap_err();
            assert!(
                problem.contains(expected),
                "{text:?} gave {problem:?}, expected {expected:?}"
            );
        }
    }

    #[test]
    fn a_secret_in_the_file_is_not_echoed() {
        let problem = parse("[metabase]\napi_key = \"mb_secret_value\"").unwrap_err();
        assert!(!problem.contains("mb_secret_value"), "{problem}");
    }

    #[test]
    fn a_missing_file_manages_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(&dir.path().join("hyopps.toml")).unwrap().is_empty());
    }
}
