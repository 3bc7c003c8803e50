//! The names HyOpps gives an organisation in the outside systems, derived from its name so that
//! each system accepts them and a person still recognises the organisation in them.

/// Microsoft Teams refuses longer channel names.
const TEAMS_CHANNEL_MAX: usize = 50;
/// Characters Teams refuses in a channel name.
const TEAMS_REFUSED: &[char] = &[
    '~', '#', '%', '&', '*', '{', '}', '+', '/', '\\', ':', '<', '>', '?', '|', '\'', '"', ',',
];
/// The longest slug in a group name (`ext-` comes on top).
const SLUG_MAX: usize = 60;
/// A channel name when nothing of the organisation's name is left (it was all punctuation).
const FALLBACK_CHANNEL: &str = "Partner";

/// The Teams channel name for an organisation: its name with what Teams refuses taken out
/// (`~ # % & * { } + / \ : < > ? | ' " ,`, control characters, `..`, a leading `_` or `.`, a
/// trailing `.`) and at most 50 characters, so "O'Brien & Söhne <Test>" becomes
/// "O Brien und Söhne Test". Letters of every language stay as they are.
pub(crate) fn teams_channel_name(organization_name: &str) -> String {
    let mut name = String::new();
    for c in organization_name.chars() {
        match c {
            '&' => name.push_str(" und "),
            // A period after a period would make the `..` Teams refuses.
            '.' if name.ends_with('.') => {}
            c if TEAMS_REFUSED.contains(&c) || c.is_control() || c.is_whitespace() => {
                name.push(' ')
            }
            c => name.push(c),
        }
    }
    let name = tidy_channel_name(&name.split_whitespace().collect::<Vec<_>>().join(" "));
    let name = tidy_channel_name(&cut_at_word(&name, TEAMS_CHANNEL_MAX));
    if name.is_empty() {
        FALLBACK_CHANNEL.to_string()
    } else {
        name
    }
}

/// At most `max` characters, cut after the last whole word that fits (or within the word when
/// a single word is longer).
fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    // One character more: a space right after the limit means the last word fits whole.
    let head: String = text.chars().take(max + 1).collect();
    match head.rfind(' ') {
        Some(end) if end > 0 => head[..end].to_string(),
        _ => text.chars().take(max).collect(),
    }
}

/// Without what a channel name may not start (`_`, `.`) or end (`.`) with, nor spaces.
fn tidy_channel_name(name: &str) -> String {
    name.trim_start_matches(|c: char| c == '_' || c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string()
}

/// `ext-<slug>`: the name HyOpps gives an organisation's groups in Metabase and Keycloak, and
/// its Slack user group's handle. Only `a-z`, `0-9` and single hyphens, which every one of
/// them accepts; accented letters are spelled out ("Söhne" → "soehne", "Café" → "cafe") rather
/// than dropped, so the organisation stays recognisable.
pub(crate) fn external_group_name(organization_name: &str) -> String {
    let mut slug = String::new();
    for c in organization_name.to_lowercase().chars() {
        let spelled = spelled_in_ascii(c);
        match spelled {
            Some(letters) => slug.push_str(letters),
            None if c.is_ascii_alphanumeric() => slug.push(c),
            None if !slug.ends_with('-') => slug.push('-'),
            None => {}
        }
    }
    let slug = slug.trim_matches('-');
    let slug: String = slug.chars().take(SLUG_MAX).collect();
    format!("ext-{}", slug.trim_end_matches('-'))
}

/// How a lower-case accented Latin letter is written in plain ASCII, the way people of its
/// language write it without the accent (German umlauts with an `e`).
fn spelled_in_ascii(c: char) -> Option<&'static str> {
    let spelled = match c {
        'ä' | 'æ' => "ae",
        'ö' | 'œ' => "oe",
        'ü' => "ue",
        'ß' => "ss",
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        'ð' => "d",
        _ => return None,
    };
    Some(spelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_keep_the_words_and_drop_what_teams_refuses() {
        assert_eq!(
            teams_channel_name("O'Brien & Söhne <Test>"),
            "O Brien und Söhne Test"
        );
        assert_eq!(teams_channel_name("_.Acme.. Corp."), "Acme. Corp");
        assert_eq!(
            teams_channel_name("a/b\\c:d*e?f|g\"h#i%j{k}l+m~n,o"),
            "a b c d e f g h i j k l m n o"
        );
        assert_eq!(teams_channel_name("***"), FALLBACK_CHANNEL);
        assert_eq!(
            teams_channel_name(&format!("{} Société Générale", "Ä".repeat(40))),
            format!("{} Société", "Ä".repeat(40)),
            "a long name is cut after the last whole word that fits"
        );
        assert_eq!(teams_channel_name(&"x".repeat(60)), "x".repeat(50));
    }

    #[test]
    fn group_names_are_readable_slugs() {
        assert_eq!(
            external_group_name("Acme Widgets GmbH"),
            "ext-acme-widgets-gmbh"
        );
        assert_eq!(external_group_name("  Zürich & Co.  "), "ext-zuerich-co");
        assert_eq!(
            external_group_name("O'Brien & Söhne <Test>"),
            "ext-o-brien-soehne-test"
        );
        assert_eq!(
            external_group_name("Crédit Agricole Łódź"),
            "ext-credit-agricole-lodz"
        );
    }
}
