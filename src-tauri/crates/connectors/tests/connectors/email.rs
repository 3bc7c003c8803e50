//! The SMTP connector against a real SMTP server on 127.0.0.1 (the fake): the documentation
//! email's MIME structure and escaping, signing in, and what each failure tells the admin.

use hyopps_connectors::{
    ConnectorError, DocumentationEmail, EmailApi, Secret, SmtpConnector, SmtpSecurity, SmtpSettings,
};
use hyopps_fakes::smtp::{FakeSmtp, SmtpServer};
use mail_parser::{MessageParser, MimeHeaders, PartType};

const USER: &str = "mailer";
const PASSWORD: &str = "correct-horse-battery";
const FROM: &str = "HyOpps <onboarding@example.com>";

fn settings(
    server: &SmtpServer,
    security: SmtpSecurity,
    user: &str,
    password: &str,
) -> SmtpSettings {
    SmtpSettings {
        host: server.host(),
        port: server.port(),
        security,
        user: user.into(),
        password: Secret::new(password),
        from: FROM.into(),
    }
}

/// A connector signed in as `USER` over a plain connection (the fake offers no TLS).
async fn signed_in() -> (FakeSmtp, SmtpServer, SmtpConnector) {
    let fake = FakeSmtp::with_credentials(USER, PASSWORD);
    let server = fake.start().await.expect("the SMTP fake starts");
    let connector = SmtpConnector::new(settings(&server, SmtpSecurity::None, USER, PASSWORD))
        .expect("valid settings");
    (fake, server, connector)
}

fn documentation(links: &[(&str, &str)]) -> DocumentationEmail {
    DocumentationEmail {
        to: "ada@example.com".into(),
        recipient_name: "Ada Lovelace".into(),
        organization_name: "ACME".into(),
        links: links
            .iter()
            .map(|(label, url)| (label.to_string(), url.to_string()))
            .collect(),
    }
}

/// What a test needs to see of a received message.
struct Received {
    subject: String,
    /// `type/subtype` of the whole message.
    content_type: String,
    /// `type/subtype; charset` of each part of the multipart, in order.
    parts: Vec<String>,
    text: String,
    html: String,
}

fn read(data: &str) -> Received {
    let message = MessageParser::default()
        .parse(data.as_bytes())
        .expect("the received data is a MIME message");
    let kind = |content_type: Option<&mail_parser::ContentType>| {
        let content_type = content_type.expect("a Content-Type");
        format!(
            "{}/{}",
            content_type.ctype(),
            content_type.subtype().unwrap_or_default()
        )
    };
    let PartType::Multipart(children) = &message.parts[0].body else {
        panic!("the message is not multipart: {data}");
    };
    let mut parts = Vec::new();
    let (mut text, mut html) = (String::new(), String::new());
    for child in children {
        let part = &message.parts[*child as usize];
        let charset = part
            .content_type()
            .and_then(|content_type| content_type.attribute("charset"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        parts.push(format!("{}; {charset}", kind(part.content_type())));
        match &part.body {
            PartType::Text(body) => text = body.to_string(),
            PartType::Html(body) => html = body.to_string(),
            other => panic!("unexpected part {other:?}"),
        }
    }
    Received {
        subject: message.subject().unwrap_or_default().to_string(),
        content_type: kind(message.content_type()),
        parts,
        text,
        html,
    }
}

fn permanent(error: ConnectorError) -> String {
    match error {
        ConnectorError::Permanent { message } => message,
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_documentation_email_is_text_first_then_html() {
    let (fake, _server, smtp) = signed_in().await;

    smtp.send_documentation(&documentation(&[
        (
            "Internal documentation",
            "https://docs.example.com/internal",
        ),
        ("Generic documentation", "https://docs.example.com/generic"),
    ]))
    .await
    .expect("the email is sent");

    let received = fake.received();
    assert_eq!(received.len(), 1, "one message");
    assert_eq!(received[0].mail_from, "onboarding@example.com");
    assert_eq!(received[0].rcpt_to, ["ada@example.com"]);
    assert_eq!(
        received[0].signed_in_as.as_deref(),
        Some(USER),
        "signed in with the settings' user"
    );
    let mail = read(&received[0].data);
    assert_eq!(mail.subject, "Your documentation for ACME");
    assert_eq!(mail.content_type, "multipart/alternative");
    assert_eq!(
        mail.parts,
        ["text/plain; utf-8", "text/html; utf-8"],
        "mail programs show the last part they can: HTML last, plain text first, both UTF-8"
    );
    assert!(mail.text.contains("Hello Ada Lovelace,"), "{}", mail.text);
    assert!(
        mail.text
            .contains("- Internal documentation: https://docs.example.com/internal"),
        "{}",
        mail.text
    );
    assert!(
        mail.html
            .contains(r#"<a href="https://docs.example.com/generic">Generic documentation</a>"#),
        "{}",
        mail.html
    );
}

#[tokio::test]
async fn every_inserted_value_is_escaped_in_the_html_part() {
    let (fake, _server, smtp) = signed_in().await;
    let mut email = documentation(&[(
        "<b>Guide</b> & more",
        r#"https://docs.example.com/guide?a=1&b="2"&c='3'"#,
    )]);
    email.recipient_name = r#"Zoë <script>alert("x")</script>"#.into();
    email.organization_name = r#"Smith & "Sons""#.into();

    smtp.send_documentation(&email).await.expect("sent");

    let mail = read(&fake.received()[0].data);
    assert!(
        !mail.html.contains("<script>"),
        "no markup from a name: {}",
        mail.html
    );
    assert!(
        !mail.html.contains("<b>"),
        "no markup from a label: {}",
        mail.html
    );
    assert!(
        mail.html
            .contains("Hello Zoë &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,"),
        "{}",
        mail.html
    );
    assert!(
        mail.html.contains("Smith &amp; &quot;Sons&quot;"),
        "{}",
        mail.html
    );
    assert!(
        mail.html.contains(
            r#"<a href="https://docs.example.com/guide?a=1&amp;b=&quot;2&quot;&amp;c=&#39;3&#39;">&lt;b&gt;Guide&lt;/b&gt; &amp; more</a>"#
        ),
        "the URL cannot break out of its attribute: {}",
        mail.html
    );
    assert_eq!(
        mail.subject, r#"Your documentation for Smith & "Sons""#,
        "the subject is not HTML"
    );
    assert!(
        mail.text
            .contains(r#"Hello Zoë <script>alert("x")</script>,"#),
        "the text part shows the values as they are: {}",
        mail.text
    );
}

#[tokio::test]
async fn without_links_the_email_says_so_kindly() {
    let (fake, _server, smtp) = signed_in().await;

    // A link whose URL is empty is not set.
    smtp.send_documentation(&documentation(&[("Additional documentation", "  ")]))
        .await
        .expect("sent");

    let mail = read(&fake.received()[0].data);
    for part in [&mail.text, &mail.html] {
        assert!(
            part.contains("There are no documentation links for ACME yet"),
            "the note is in both parts: {part}"
        );
        assert!(!part.contains("Additional documentation"), "{part}");
    }
    assert!(!mail.html.contains("<a "), "no links: {}", mail.html);
}

#[tokio::test]
async fn a_wrong_password_is_permanent_and_never_quoted() {
    let fake = FakeSmtp::with_credentials(USER, PASSWORD);
    let server = fake.start().await.unwrap();
    let wrong = "wrong-password-1234";
    let smtp = SmtpConnector::new(settings(&server, SmtpSecurity::None, USER, wrong)).unwrap();

    for error in [
        smtp.send_documentation(&documentation(&[]))
            .await
            .unwrap_err(),
        smtp.test_connection().await.unwrap_err(),
    ] {
        let message = permanent(error);
        assert!(message.contains("535"), "the server's code: {message}");
        assert!(
            message.contains("check the SMTP user and password in Settings → Email"),
            "{message}"
        );
        assert!(!message.contains(wrong), "never the password: {message}");
    }
    assert_eq!(fake.sign_in_failures(), 2);
    assert!(fake.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn auth_login_works_too() {
    let (fake, _server, smtp) = signed_in().await;
    fake.offer_mechanisms(&["LOGIN"]);

    smtp.send_documentation(&documentation(&[]))
        .await
        .expect("sent after AUTH LOGIN");

    assert_eq!(fake.received()[0].signed_in_as.as_deref(), Some(USER));
}

#[tokio::test]
async fn a_relay_without_user_gets_no_sign_in() {
    let fake = FakeSmtp::new();
    let server = fake.start().await.unwrap();
    let smtp = SmtpConnector::new(settings(&server, SmtpSecurity::None, "", "")).unwrap();

    smtp.send_documentation(&documentation(&[]))
        .await
        .expect("sent");
    let summary = smtp.test_connection().await.expect("connects");

    assert_eq!(
        fake.received()[0].signed_in_as,
        None,
        "no AUTH without a user"
    );
    assert!(summary.contains("no sign-in"), "{summary}");
}

#[tokio::test]
async fn starttls_is_required_and_a_server_without_it_gets_nothing() {
    let fake = FakeSmtp::with_credentials(USER, PASSWORD);
    let server = fake.start().await.unwrap();
    let smtp =
        SmtpConnector::new(settings(&server, SmtpSecurity::StartTls, USER, PASSWORD)).unwrap();

    let message = permanent(
        smtp.send_documentation(&documentation(&[]))
            .await
            .unwrap_err(),
    );

    assert!(message.contains("does not offer STARTTLS"), "{message}");
    assert!(message.contains("Settings → Email"), "{message}");
    assert_eq!(
        fake.sign_in_failures(),
        0,
        "the password was never sent in the clear"
    );
    assert!(fake.received().is_empty());
}

#[tokio::test]
async fn implicit_tls_against_a_plain_server_is_a_setting_to_fix() {
    let fake = FakeSmtp::with_credentials(USER, PASSWORD);
    let server = fake.start().await.unwrap();
    let smtp = SmtpConnector::new(settings(&server, SmtpSecurity::Tls, USER, PASSWORD)).unwrap();

    let message = permanent(smtp.test_connection().await.unwrap_err());

    assert!(message.contains("implicit TLS"), "{message}");
    assert!(
        message.contains("port and security in Settings → Email"),
        "{message}"
    );
    assert_eq!(fake.sign_in_failures(), 0, "nothing was sent in the clear");
}

#[tokio::test]
async fn smtp_4xx_is_transient_and_5xx_permanent() {
    let (fake, _server, smtp) = signed_in().await;
    fake.fail_next_mail("451 4.3.0 Mail server temporarily busy");
    fake.fail_next_mail("550 5.7.1 Sender not allowed");

    let busy = smtp
        .send_documentation(&documentation(&[]))
        .await
        .unwrap_err();
    assert!(
        matches!(&busy, ConnectorError::Transient { message, .. } if message.contains("451")),
        "{busy:?}"
    );
    let refused = permanent(
        smtp.send_documentation(&documentation(&[]))
            .await
            .unwrap_err(),
    );
    assert!(
        refused.contains("550") && refused.contains("Sender not allowed"),
        "{refused}"
    );

    smtp.send_documentation(&documentation(&[]))
        .await
        .expect("then it works");
    assert_eq!(fake.received().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_transient() {
    // A port that was free a moment ago: nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let smtp = SmtpConnector::new(SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        user: String::new(),
        password: Secret::default(),
        from: FROM.into(),
    })
    .unwrap();

    let error = smtp
        .send_documentation(&documentation(&[]))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, ConnectorError::Transient { message, .. } if message.contains("could not be reached")),
        "{error:?}"
    );
}

#[tokio::test]
async fn bad_settings_are_named() {
    let fake = FakeSmtp::new();
    let server = fake.start().await.unwrap();
    let mut bad_from = settings(&server, SmtpSecurity::None, "", "");
    bad_from.from = "not an address".into();
    let message = permanent(SmtpConnector::new(bad_from).err().expect("refused"));
    assert!(message.contains("From address"), "{message}");
    assert!(message.contains("Settings → Email"), "{message}");

    let mut no_host = settings(&server, SmtpSecurity::None, "", "");
    no_host.host = " ".into();
    assert_eq!(
        SmtpConnector::new(no_host).err(),
        Some(ConnectorError::NotConfigured {
            system: "Email".into()
        }),
        "no host: not configured yet"
    );
}

#[tokio::test]
async fn test_connection_signs_in_and_the_test_email_arrives() {
    let (fake, _server, smtp) = signed_in().await;

    let summary = smtp.test_connection().await.expect("connects");
    assert!(summary.contains("signed in as mailer"), "{summary}");

    let sent = smtp.send_test_email("ops@example.com").await.expect("sent");
    assert!(sent.contains("ops@example.com"), "{sent}");
    let received = fake.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_to, ["ops@example.com"]);
    let mail = read(&received[0].data);
    assert_eq!(mail.subject, "HyOpps test email");
    assert_eq!(mail.parts, ["text/plain; utf-8", "text/html; utf-8"]);

    let message = permanent(smtp.send_test_email("nobody").await.unwrap_err());
    assert!(message.contains("not a valid email address"), "{message}");
}
