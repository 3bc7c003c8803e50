//! Checking one setting's value, the same way whether it comes from Settings or `hyopps.toml`.

use super::catalog::{FieldSpec, Kind};

const MAX_VALUE_CHARS: usize = 2_000;
const MAX_TEMPLATE_CHARS: usize = 10_000;

/// The value as stored (trimmed), or why it is not acceptable, in words for the admin.
pub fn value(field: &FieldSpec, raw: &str) -> Result<String, String> {
    let multiline = matches!(field.kind, Kind::Headers | Kind::Template);
    let value = if multiline {
        raw.trim_end()
    } else {
        raw.trim()
    };
    let limit = if multiline {
        MAX_TEMPLATE_CHARS
    } else {
        MAX_VALUE_CHARS
    };
    if value.chars().count() > limit {
        return Err(format!(
            "{} is too long (at most {limit} characters).",
            field.label
        ));
    }
    if value.is_empty() {
        return Ok(String::new());
    }
    if value
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(format!("{} contains control characters.", field.label));
    }
    match field.kind {
        Kind::Text | Kind::Template => Ok(value.to_string()),
        Kind::Url => url(field, value).map(|url| url.trim_end_matches('/').to_string()),
        Kind::ExactUrl => url(field, value),
        Kind::Number => number(field, value),
        Kind::Email => email(field, value),
        Kind::Headers => headers(field, value),
        Kind::Choice(options) => {
            if options.contains(&value) {
                Ok(value.to_string())
            } else {
                Err(format!(
                    "{} must be one of: {}.",
                    field.label,
                    options.join(", ")
                ))
            }
        }
    }
}

/// An absolute http(s) address with a host, as entered (a base URL then drops its trailing slash:
/// connectors append their own paths).
fn url(field: &FieldSpec, value: &str) -> Result<String, String> {
    let parsed = url::Url::parse(value).map_err(|_| {
        format!(
            "{} must be a full http:// or https:// address.",
            field.label
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!(
            "{} must be a full http:// or https:// address.",
            field.label
        ));
    }
    Ok(value.to_string())
}

fn number(field: &FieldSpec, value: &str) -> Result<String, String> {
    let number: u64 = value
        .parse()
        .map_err(|_| format!("{} must be a whole number.", field.label))?;
    let upper = if field.key == "port" {
        65_535
    } else {
        i64::MAX as u64
    };
    if number == 0 || number > upper {
        return Err(format!("{} must be between 1 and {upper}.", field.label));
    }
    Ok(number.to_string())
}

fn email(field: &FieldSpec, value: &str) -> Result<String, String> {
    // `Name <address>` or a bare address.
    let address = match (value.rfind('<'), value.strip_suffix('>')) {
        (Some(open), Some(rest)) => &rest[open + 1..],
        _ => value,
    };
    // The address itself follows the one email rule every other field follows.
    let well_formed =
        hyopps_contract::rules::email_problem(address).is_none() && !address.contains(['<', '>']);
    if well_formed {
        Ok(value.to_string())
    } else {
        Err(format!(
            "{} must be an email address, optionally with a name: HyOpps <ops@example.com>.",
            field.label
        ))
    }
}

fn headers(field: &FieldSpec, value: &str) -> Result<String, String> {
    for (number, line) in value.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return Err(format!(
                "{} line {} must look like `Name: value`.",
                field.label,
                number + 1
            ));
        };
        let name = name.trim();
        let token = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
        if !token {
            return Err(format!(
                "{} line {}: `{name}` is not a valid header name.",
                field.label,
                number + 1
            ));
        }
    }
    Ok(value.to_string())
}

/// `Name: value` lines as pairs (values trimmed), skipping blank lines.
pub fn header_pairs(value: &str) -> Vec<(String, String)> {
    value
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .filter(|(name, _)| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: Kind, key: &'static str) -> FieldSpec {
        FieldSpec {
            key,
            label: "Field",
            kind,
            required: false,
            default: None,
            help: "",
        }
    }

    #[test]
    fn urls_must_be_http_or_https_with_a_host() {
        let url = spec(Kind::Url, "url");
        assert_eq!(
            value(&url, " https://mb.example.com/ ").unwrap(),
            "https://mb.example.com"
        );
        assert_eq!(
            value(
                &spec(Kind::ExactUrl, "redirect_uri"),
                " https://studio.example.com/ "
            )
            .unwrap(),
            "https://studio.example.com/",
            "an exact address keeps its trailing slash"
        );
        for bad in [
            "mb.example.com",
            "ftp://x.example.com",
            "http://",
            "javascript:alert(1)",
        ] {
            assert!(value(&url, bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn numbers_are_positive_and_ports_fit() {
        assert_eq!(
            value(&spec(Kind::Number, "database_id"), "12").unwrap(),
            "12"
        );
        assert!(value(&spec(Kind::Number, "database_id"), "-1").is_err());
        assert!(value(&spec(Kind::Number, "database_id"), "0").is_err());
        assert!(value(&spec(Kind::Number, "port"), "70000").is_err());
        assert_eq!(value(&spec(Kind::Number, "port"), "465").unwrap(), "465");
    }

    #[test]
    fn from_addresses_may_carry_a_name() {
        let from = spec(Kind::Email, "from");
        assert!(value(&from, "HyOpps <ops@example.com>").is_ok());
        assert!(value(&from, "ops@example.com").is_ok());
        for bad in [
            "ops",
            "ops@",
            "@example.com",
            "a b@example.com",
            "x <ops@example>",
        ] {
            assert!(value(&from, bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn headers_are_name_value_lines() {
        let headers = spec(Kind::Headers, "headers");
        assert!(value(&headers, "Authorization: Bearer {{secret}}\nX-Env: prod").is_ok());
        assert!(value(&headers, "no colon here").is_err());
        assert!(value(&headers, "Bad Name: x").is_err());
        assert_eq!(
            header_pairs("A: 1\n\nB:2 "),
            vec![("A".into(), "1".into()), ("B".into(), "2".into())]
        );
    }

    #[test]
    fn long_values_and_control_characters_are_refused() {
        let text = spec(Kind::Text, "realm");
        assert!(value(&text, &"x".repeat(MAX_VALUE_CHARS + 1)).is_err());
        assert!(value(&text, "a\u{0}b").is_err());
        assert!(value(&spec(Kind::Template, "body"), "{\n\t\"a\": 1\n}").is_ok());
    }
}
