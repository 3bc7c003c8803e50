//! ISO 639-1: the two-letter language codes a user's languages are given in.

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

/// Why `code` is not an ISO 639-1 code, or `None` when it is. Codes are compared lower-case;
/// the caller stores them lower-case.
pub(crate) fn problem(code: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_complete_and_two_letters() {
        let mut sorted = ISO_639_1.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, ISO_639_1, "binary search needs a sorted list");
        assert_eq!(ISO_639_1.len(), 183, "ISO 639-1 has 183 codes in use");
    }

    #[test]
    fn known_codes_pass_in_any_case_and_others_say_why() {
        assert_eq!(problem("en"), None);
        assert_eq!(problem("FR"), None);
        assert_eq!(
            problem("eng").as_deref(),
            Some("eng is not a two-letter ISO 639-1 code such as en or fr.")
        );
        assert_eq!(
            problem("xx").as_deref(),
            Some("xx is not an ISO 639-1 language code.")
        );
    }
}
