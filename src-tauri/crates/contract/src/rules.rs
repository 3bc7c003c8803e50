//! One rule per concept for what people type: a single line (names, ids), an email address, a
//! language, a list of short words (skills, roles). The workflow forms, the admin console, the
//! v0.3 import and the UI all ask these, so a value one of them accepts is never refused by
//! another (a user a workflow created can always be saved again on the user page).
//!
//! Each rule takes the value already trimmed and answers why it is not acceptable, in words
//! for the screen, or `None` when it is.

/// A person's first or last name.
pub const MAX_PERSON_NAME_CHARS: usize = 100;
/// An organisation's or company's name, a group's name or id, any other single line.
pub const MAX_NAME_CHARS: usize = 200;
/// RFC 5321's limit on a whole address.
pub const MAX_EMAIL_CHARS: usize = 254;
/// RFC 5321's limit on the part before the `@`.
pub const MAX_EMAIL_LOCAL_CHARS: usize = 64;
/// One skill, role or language.
pub const MAX_WORD_CHARS: usize = 100;
/// Entries in one list of words.
pub const MAX_WORDS: usize = 50;

/// A single line of at most `max` characters: no tabs, line breaks or other control characters
/// (they break the systems HyOpps feeds, its CSV exports and its own screens).
pub fn line_problem(value: &str, max: usize) -> Option<String> {
    let chars = value.chars().count();
    if chars > max {
        Some(format!("Use at most {max} characters (this has {chars})."))
    } else if value.chars().any(char::is_control) {
        Some("Use a single line without tabs or line breaks.".into())
    } else {
        None
    }
}

/// An email address: `name@domain.tld`, without spaces, within RFC 5321's lengths; what every
/// system HyOpps feeds accepts as an address.
pub fn email_problem(value: &str) -> Option<String> {
    if let Some(problem) = line_problem(value, MAX_EMAIL_CHARS) {
        return Some(problem);
    }
    if looks_like_email(value) {
        None
    } else {
        Some("Enter an email address like name@example.com.".into())
    }
}

/// How an email address is stored and compared: trimmed and lower-cased (addresses are unique
/// without regard to case).
pub fn normalized_email(value: &str) -> String {
    value.trim().to_lowercase()
}

fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.chars().count() <= MAX_EMAIL_LOCAL_CHARS
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !value.contains(char::is_whitespace)
}

/// One entry of a list of short words (a skill, a role).
pub fn word_problem(word: &str) -> Option<String> {
    if word.chars().count() > MAX_WORD_CHARS {
        Some(format!(
            "Each entry has at most {MAX_WORD_CHARS} characters."
        ))
    } else if word.chars().any(char::is_control) {
        Some("Entries are single lines without tabs or line breaks.".into())
    } else {
        None
    }
}

/// A language: an ISO 639-1 code in use, compared lower-case (stored lower-case).
pub fn language_problem(code: &str) -> Option<String> {
    if let Some(problem) = word_problem(code) {
        return Some(problem);
    }
    let lower = code.to_ascii_lowercase();
    if lower.len() != 2 || !lower.chars().all(|c| c.is_ascii_lowercase()) {
        return Some(format!(
            "{code} is not a two-letter ISO 639-1 code such as en or fr."
        ));
    }
    if ISO_639_1.binary_search(&lower.as_str()).is_err() {
        return Some(format!("{code} is not an ISO 639-1 language code."));
    }
    None
}

/// Every ISO 639-1 code in use (the deprecated `bh` excluded), in alphabetical order.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_list_is_sorted_complete_and_two_letters() {
        let mut sorted = ISO_639_1.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, ISO_639_1, "binary search needs a sorted list");
        assert_eq!(ISO_639_1.len(), 183, "ISO 639-1 has 183 codes in use");
    }

    #[test]
    fn known_languages_pass_in_any_case_and_others_say_why() {
        assert_eq!(language_problem("en"), None);
        assert_eq!(language_problem("FR"), None);
        assert_eq!(
            language_problem("eng").as_deref(),
            Some("eng is not a two-letter ISO 639-1 code such as en or fr.")
        );
        assert_eq!(
            language_problem("xx").as_deref(),
            Some("xx is not an ISO 639-1 language code.")
        );
    }

    #[test]
    fn emails_follow_one_rule() {
        assert_eq!(email_problem("ada@example.com"), None);
        assert_eq!(normalized_email(" Ada@Example.COM "), "ada@example.com");
        let local = "a".repeat(MAX_EMAIL_LOCAL_CHARS + 1);
        for bad in [
            "ada",
            "ada@localhost",
            "a da@example.com",
            "ada@@example.com",
            "ada@example..com",
            ".ada@.example.com",
            &format!("{local}@example.com"),
        ] {
            assert!(email_problem(bad).is_some(), "{bad} is refused");
        }
        assert_eq!(
            email_problem("ada\u{7}@example.com").as_deref(),
            Some("Use a single line without tabs or line breaks."),
            "a control character is named as such"
        );
    }

    #[test]
    fn lines_are_bounded_and_single() {
        assert_eq!(line_problem("Acme", 10), None);
        assert_eq!(
            line_problem("eleven chars", 10).as_deref(),
            Some("Use at most 10 characters (this has 12).")
        );
        assert_eq!(
            line_problem("two\nlines", 50).as_deref(),
            Some("Use a single line without tabs or line breaks.")
        );
        assert!(word_problem("sql\tpython").is_some());
        assert!(word_problem(&"x".repeat(101)).is_some());
    }
}
