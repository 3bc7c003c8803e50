//! A v0.3 person's names, email and languages under the rules every other door applies
//! (`hyopps_contract::rules`), so that the user page can save an imported user as it is.
//!
//! What can be put right without losing anything is: control characters in a name become
//! spaces, an email address and language codes are lower-cased, and what is not a language
//! (v0.3's forms took any two letters) is dropped. What cannot (a name over the length limit,
//! an email that is no address) is imported as it was and counted, so the report can say that
//! an administrator must correct it.

use hyopps_contract::rules;

/// A person's details as HyOpps keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub firstname: String,
    pub lastname: String,
    pub email: Option<String>,
    /// A JSON array of lower-case ISO 639-1 codes.
    pub languages: String,
    /// Values that still break a rule, for the report.
    pub needs_correction: bool,
    /// Language codes dropped because they name no language.
    pub dropped_languages: u64,
}

/// `languages` is the JSON list the import read (see `values::json_list`).
pub(crate) fn under_the_rules(
    firstname: &str,
    lastname: &str,
    email: Option<&str>,
    languages: &str,
) -> Person {
    let firstname = single_line(firstname);
    let lastname = single_line(lastname);
    let email = email.map(rules::normalized_email);
    let needs_correction = [&firstname, &lastname]
        .iter()
        .any(|name| rules::line_problem(name, rules::MAX_PERSON_NAME_CHARS).is_some())
        || email
            .as_deref()
            .is_some_and(|email| rules::email_problem(email).is_some());

    let listed: Vec<serde_json::Value> = serde_json::from_str(languages).unwrap_or_default();
    let mut codes: Vec<String> = Vec::new();
    let mut dropped_languages = 0;
    for entry in listed {
        let Some(code) = entry.as_str() else {
            dropped_languages += 1;
            continue;
        };
        let code = code.trim().to_ascii_lowercase();
        if code.is_empty() || codes.contains(&code) {
            continue;
        }
        if rules::language_problem(&code).is_some() {
            dropped_languages += 1;
        } else {
            codes.push(code);
        }
    }
    Person {
        firstname,
        lastname,
        email,
        languages: serde_json::Value::from(codes).to_string(),
        needs_correction,
        dropped_languages,
    }
}

/// Tabs, line breaks and other control characters become single spaces.
fn single_line(value: &str) -> String {
    value
        .split(char::is_control)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_can_be_put_right_is_and_the_rest_is_counted() {
        let person = under_the_rules(
            "Ada\tMarie",
            " Lovelace\n",
            Some(" Ada@Example.COM "),
            r#"["EN", "xx", "fr", "en", 3]"#,
        );
        assert_eq!(person.firstname, "Ada Marie");
        assert_eq!(person.lastname, "Lovelace");
        assert_eq!(person.email.as_deref(), Some("ada@example.com"));
        assert_eq!(person.languages, r#"["en","fr"]"#);
        assert_eq!(person.dropped_languages, 2, "xx and 3 name no language");
        assert!(!person.needs_correction);

        let wrong = under_the_rules(&"A".repeat(101), "B", Some("ada@example..com"), "[]");
        assert!(
            wrong.needs_correction,
            "kept as it was, for an admin to correct"
        );
        assert_eq!(wrong.email.as_deref(), Some("ada@example..com"));
    }
}
