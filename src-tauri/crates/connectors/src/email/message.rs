//! The messages HyOpps sends: UTF-8 `multipart/alternative`, the plain-text part first and the
//! HTML part last (mail programs show the last part they understand), every inserted value
//! HTML-escaped in the HTML part.

use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

use crate::systems::DocumentationEmail;
use crate::{ConnectorError, ConnectorResult};

const SIGNATURE: &str = "Kind regards,\nThe onboarding team";

/// The `share_documentation` email: a greeting and the organisation's documentation links that
/// are set, or a friendly note when none are.
pub(super) fn documentation(
    from: &Mailbox,
    email: &DocumentationEmail,
) -> ConnectorResult<Message> {
    let organization = email.organization_name.trim();
    let subject = if organization.is_empty() {
        "Your documentation".to_string()
    } else {
        format!("Your documentation for {organization}")
    };
    let links: Vec<(&str, &str)> = email
        .links
        .iter()
        .map(|(label, url)| (label.trim(), url.trim()))
        .filter(|(_, url)| !url.is_empty())
        .map(|(label, url)| (if label.is_empty() { url } else { label }, url))
        .collect();
    let name = email.recipient_name.trim();
    let for_organization = if organization.is_empty() {
        String::new()
    } else {
        format!(" for {organization}")
    };

    let mut text = greeting_text(name);
    let mut html = format!("<p>{}</p>\n", escape_html(&greeting_text(name)));
    if links.is_empty() {
        let note = format!(
            "There are no documentation links{for_organization} yet. We will send them to you as soon as they are ready."
        );
        text.push_str(&format!("\n\n{note}\n"));
        html.push_str(&format!("<p>{}</p>\n", escape_html(&note)));
    } else {
        let intro = format!("Here is your documentation{for_organization}:");
        text.push_str(&format!("\n\n{intro}\n\n"));
        html.push_str(&format!("<p>{}</p>\n<ul>\n", escape_html(&intro)));
        for (label, url) in &links {
            text.push_str(&format!("- {label}: {url}\n"));
            html.push_str(&format!("  <li>{}</li>\n", link_html(label, url)));
        }
        html.push_str("</ul>\n");
    }
    text.push_str(&format!("\n{SIGNATURE}\n"));
    html.push_str(&format!(
        "<p>{}</p>\n",
        escape_html(SIGNATURE).replace('\n', "<br>\n")
    ));

    let to = mailbox(name, &email.to)?;
    build(from, to, &subject, text, page(&subject, &html))
}

/// The "Send test email" of Settings → Email.
pub(super) fn test(from: &Mailbox, to: &str) -> ConnectorResult<Message> {
    let subject = "HyOpps test email";
    let text = "This is a test email from HyOpps (Settings → Email → Send test email).\nIf you can read it, HyOpps can send email.\n";
    let html = format!(
        "<p>{}</p>\n",
        escape_html(text.trim_end()).replace('\n', "<br>\n")
    );
    build(
        from,
        mailbox("", to)?,
        subject,
        text.to_string(),
        page(subject, &html),
    )
}

fn build(
    from: &Mailbox,
    to: Mailbox,
    subject: &str,
    text: String,
    html: String,
) -> ConnectorResult<Message> {
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::plain(text))
                .singlepart(SinglePart::html(html)),
        )
        .map_err(|error| ConnectorError::Permanent {
            message: format!("The email could not be put together ({error})."),
        })
}

fn greeting_text(name: &str) -> String {
    if name.is_empty() {
        "Hello,".into()
    } else {
        format!("Hello {name},")
    }
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape_html(title)
    )
}

/// A link for web and mail addresses only; anything else (`javascript:`, a typo) is shown as
/// text so that a bad setting cannot become a clickable script.
fn link_html(label: &str, url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
    {
        format!(
            "<a href=\"{}\">{}</a>",
            escape_html(url),
            escape_html(label)
        )
    } else {
        format!("{}: {}", escape_html(label), escape_html(url))
    }
}

pub(super) fn mailbox(name: &str, address: &str) -> ConnectorResult<Mailbox> {
    let address = address.trim().parse().map_err(|error| ConnectorError::Permanent {
        message: format!("The recipient address {address:?} is not a valid email address ({error}): correct the user's email."),
    })?;
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_string()),
        address,
    ))
}

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub(super) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        assert_eq!(
            link_html("Guide", "https://docs.example.com/?a=1&b=2"),
            "<a href=\"https://docs.example.com/?a=1&amp;b=2\">Guide</a>"
        );
        assert_eq!(
            link_html("Guide", "javascript:alert(1)"),
            "Guide: javascript:alert(1)",
            "a script URL is shown, never linked"
        );
    }
}
