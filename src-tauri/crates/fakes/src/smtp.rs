//! A real SMTP server on 127.0.0.1 (tokio TCP), enough of RFC 5321 for a mail client: EHLO/HELO,
//! AUTH PLAIN and LOGIN (RFC 4954; 535 for a wrong user or password), MAIL FROM, RCPT TO, DATA
//! with dot-unstuffing, RSET, NOOP, QUIT. It never offers STARTTLS, so a client that requires it
//! must refuse to go on. Every accepted message is recorded with its envelope and raw data.

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// A message the server accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The `MAIL FROM` address, without angle brackets.
    pub mail_from: String,
    /// Each `RCPT TO` address.
    pub rcpt_to: Vec<String>,
    /// The user the session signed in as, if it did.
    pub signed_in_as: Option<String>,
    /// The message as sent after `DATA`, dot-unstuffed, lines ending in CRLF.
    pub data: String,
}

type Shared = Arc<Mutex<SmtpState>>;

/// The fake's configuration and what it received; [`FakeSmtp::start`] serves it.
#[derive(Clone, Default)]
pub struct FakeSmtp {
    state: Shared,
}

#[derive(Default)]
struct SmtpState {
    /// `Some((user, password))`: AUTH is offered and required before MAIL.
    credentials: Option<(String, String)>,
    /// The AUTH mechanisms offered; PLAIN and LOGIN unless set.
    mechanisms: Option<Vec<String>>,
    /// Replies given instead of 250 to the next `MAIL FROM` commands, e.g. `451 4.3.0 Try later`.
    mail_faults: VecDeque<String>,
    received: Vec<ReceivedMail>,
    sign_in_failures: usize,
}

/// A running [`FakeSmtp`]; dropping it stops accepting connections.
pub struct SmtpServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl SmtpServer {
    pub fn host(&self) -> String {
        self.address.ip().to_string()
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl FakeSmtp {
    /// A relay that takes mail without a sign-in (it offers no AUTH).
    pub fn new() -> Self {
        Self::default()
    }

    /// A server that requires signing in as `user` with `password` before `MAIL FROM`.
    pub fn with_credentials(user: &str, password: &str) -> Self {
        let fake = Self::default();
        fake.lock().credentials = Some((user.into(), password.into()));
        fake
    }

    /// Offers only these AUTH mechanisms (e.g. `["LOGIN"]`), to make a client use one.
    pub fn offer_mechanisms(&self, mechanisms: &[&str]) {
        self.lock().mechanisms = Some(mechanisms.iter().map(|m| m.to_uppercase()).collect());
    }

    /// Answers the next `MAIL FROM` with `reply` (e.g. `"451 4.3.0 Mail server busy"` or
    /// `"550 5.7.1 Sender rejected"`) instead of accepting it; call again for more.
    pub fn fail_next_mail(&self, reply: &str) {
        self.lock().mail_faults.push_back(reply.into());
    }

    /// Listens on an ephemeral 127.0.0.1 port on the current tokio runtime.
    pub async fn start(&self) -> io::Result<SmtpServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let (stop, mut stopped) = oneshot::channel::<()>();
        let state = self.state.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    accepted = listener.accept() => match accepted {
                        Ok((stream, _)) => {
                            let state = state.clone();
                            tokio::spawn(async move {
                                if let Err(error) = serve(stream, state).await {
                                    tracing::debug!("a fake SMTP session ended: {error}");
                                }
                            });
                        }
                        Err(error) => tracing::error!("the fake SMTP server could not accept: {error}"),
                    },
                }
            }
        });
        Ok(SmtpServer {
            address,
            stop: Some(stop),
        })
    }

    /// Every accepted message, in order.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.lock().received.clone()
    }

    /// How many AUTH attempts were answered 535.
    pub fn sign_in_failures(&self) -> usize {
        self.lock().sign_in_failures
    }

    fn lock(&self) -> MutexGuard<'_, SmtpState> {
        lock(&self.state)
    }
}

fn lock(state: &Shared) -> MutexGuard<'_, SmtpState> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One mail transaction in progress.
#[derive(Default)]
struct Envelope {
    mail_from: Option<String>,
    rcpt_to: Vec<String>,
}

struct Session {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    state: Shared,
    greeted: bool,
    signed_in_as: Option<String>,
    envelope: Envelope,
}

async fn serve(stream: TcpStream, state: Shared) -> io::Result<()> {
    let (read, writer) = stream.into_split();
    let mut session = Session {
        reader: BufReader::new(read),
        writer,
        state,
        greeted: false,
        signed_in_as: None,
        envelope: Envelope::default(),
    };
    session
        .reply("220 fake-smtp.localhost ESMTP HyOpps fake")
        .await?;
    while let Some(line) = session.read_line().await? {
        let (verb, argument) = match line.split_once(' ') {
            Some((verb, argument)) => (verb.to_ascii_uppercase(), argument.trim().to_string()),
            None => (line.to_ascii_uppercase(), String::new()),
        };
        match verb.as_str() {
            "EHLO" => session.ehlo().await?,
            "HELO" => {
                session.greeted = true;
                session.reply("250 fake-smtp.localhost").await?;
            }
            "AUTH" => session.auth(&argument).await?,
            "MAIL" => session.mail(&argument).await?,
            "RCPT" => session.rcpt(&argument).await?,
            "DATA" => session.data().await?,
            "RSET" => {
                session.envelope = Envelope::default();
                session.reply("250 2.0.0 OK").await?;
            }
            "NOOP" => session.reply("250 2.0.0 OK").await?,
            "QUIT" => {
                session.reply("221 2.0.0 Bye").await?;
                break;
            }
            "STARTTLS" => session.reply("502 5.5.1 STARTTLS not offered").await?,
            _ => session.reply("500 5.5.2 Command not recognised").await?,
        }
    }
    Ok(())
}

/// The address inside `FROM:<a@b> SIZE=…` / `TO:<a@b>`.
fn path_argument(argument: &str, keyword: &str) -> Option<String> {
    let (head, rest) = argument.split_at_checked(keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = rest.trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_string())
}

impl Session {
    async fn reply(&mut self, line: &str) -> io::Result<()> {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await?;
        self.writer.flush().await
    }

    /// A line without its CRLF; `None` when the client closed the connection.
    async fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut bytes = Vec::new();
        if self.reader.read_until(b'\n', &mut bytes).await? == 0 {
            return Ok(None);
        }
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    }

    fn auth_required(&self) -> bool {
        lock(&self.state).credentials.is_some()
    }

    fn mechanisms(&self) -> Vec<String> {
        lock(&self.state)
            .mechanisms
            .clone()
            .unwrap_or_else(|| vec!["PLAIN".into(), "LOGIN".into()])
    }

    async fn ehlo(&mut self) -> io::Result<()> {
        self.greeted = true;
        self.envelope = Envelope::default();
        let mut lines = vec![
            "fake-smtp.localhost greets you".to_string(),
            "8BITMIME".into(),
            "SIZE 10485760".into(),
        ];
        if self.auth_required() {
            lines.push(format!("AUTH {}", self.mechanisms().join(" ")));
        }
        lines.push("HELP".into());
        let last = lines.len() - 1;
        for (index, line) in lines.iter().enumerate() {
            let separator = if index == last { ' ' } else { '-' };
            self.reply(&format!("250{separator}{line}")).await?;
        }
        Ok(())
    }

    async fn auth(&mut self, argument: &str) -> io::Result<()> {
        if !self.auth_required() {
            return self.reply("503 5.5.1 AUTH not offered").await;
        }
        if self.signed_in_as.is_some() {
            return self.reply("503 5.5.1 Already authenticated").await;
        }
        let (mechanism, initial) = match argument.split_once(' ') {
            Some((mechanism, initial)) => (
                mechanism.to_ascii_uppercase(),
                Some(initial.trim().to_string()),
            ),
            None => (argument.to_ascii_uppercase(), None),
        };
        if !self.mechanisms().contains(&mechanism) {
            return self
                .reply("504 5.5.4 Unrecognized authentication type")
                .await;
        }
        let credentials = match mechanism.as_str() {
            "PLAIN" => {
                let encoded = match initial {
                    Some(initial) => initial,
                    None => {
                        self.reply("334 ").await?;
                        self.read_line().await?.unwrap_or_default()
                    }
                };
                decode(&encoded).and_then(|plain| {
                    // authzid \0 authcid \0 password
                    let mut parts = plain.splitn(3, '\0');
                    let _authorization = parts.next()?;
                    Some((parts.next()?.to_string(), parts.next()?.to_string()))
                })
            }
            _ => {
                let user = match initial {
                    Some(initial) => decode(&initial),
                    None => {
                        self.reply(&format!("334 {}", BASE64.encode("Username:")))
                            .await?;
                        decode(&self.read_line().await?.unwrap_or_default())
                    }
                };
                self.reply(&format!("334 {}", BASE64.encode("Password:")))
                    .await?;
                let password = decode(&self.read_line().await?.unwrap_or_default());
                user.zip(password)
            }
        };
        let expected = lock(&self.state).credentials.clone();
        match (credentials, expected) {
            (Some(given), Some(expected)) if given == expected => {
                self.signed_in_as = Some(given.0);
                self.reply("235 2.7.0 Authentication successful").await
            }
            _ => {
                lock(&self.state).sign_in_failures += 1;
                self.reply("535 5.7.8 Authentication credentials invalid")
                    .await
            }
        }
    }

    async fn mail(&mut self, argument: &str) -> io::Result<()> {
        if !self.greeted {
            return self.reply("503 5.5.1 Say EHLO first").await;
        }
        if self.auth_required() && self.signed_in_as.is_none() {
            return self.reply("530 5.7.0 Authentication required").await;
        }
        if self.envelope.mail_from.is_some() {
            return self.reply("503 5.5.1 Sender already given").await;
        }
        let Some(from) = path_argument(argument, "FROM:") else {
            return self.reply("501 5.5.4 Syntax: MAIL FROM:<address>").await;
        };
        let fault = lock(&self.state).mail_faults.pop_front();
        if let Some(reply) = fault {
            return self.reply(&reply).await;
        }
        self.envelope.mail_from = Some(from);
        self.reply("250 2.1.0 Sender OK").await
    }

    async fn rcpt(&mut self, argument: &str) -> io::Result<()> {
        if self.envelope.mail_from.is_none() {
            return self.reply("503 5.5.1 Need MAIL before RCPT").await;
        }
        let Some(to) = path_argument(argument, "TO:") else {
            return self.reply("501 5.5.4 Syntax: RCPT TO:<address>").await;
        };
        self.envelope.rcpt_to.push(to);
        self.reply("250 2.1.5 Recipient OK").await
    }

    async fn data(&mut self) -> io::Result<()> {
        if self.envelope.mail_from.is_none() || self.envelope.rcpt_to.is_empty() {
            return self.reply("503 5.5.1 Need MAIL and RCPT before DATA").await;
        }
        self.reply("354 End data with <CR><LF>.<CR><LF>").await?;
        let mut data = String::new();
        loop {
            let Some(line) = self.read_line().await? else {
                return Ok(());
            };
            if line == "." {
                break;
            }
            // A line the client began with a dot was sent with a second one (RFC 5321 4.5.2).
            let line = line.strip_prefix('.').unwrap_or(&line);
            data.push_str(line);
            data.push_str("\r\n");
        }
        let envelope = std::mem::take(&mut self.envelope);
        lock(&self.state).received.push(ReceivedMail {
            mail_from: envelope.mail_from.unwrap_or_default(),
            rcpt_to: envelope.rcpt_to,
            signed_in_as: self.signed_in_as.clone(),
            data,
        });
        self.reply("250 2.0.0 OK: queued").await
    }
}

fn decode(encoded: &str) -> Option<String> {
    let bytes = BASE64.decode(encoded.trim()).ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpStream;

    use super::*;

    /// Sends `line` and returns the server's reply, continuation lines included.
    async fn say(
        reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
        writer: &mut tokio::net::tcp::OwnedWriteHalf,
        line: &str,
    ) -> String {
        writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .unwrap();
        let mut reply = String::new();
        loop {
            let mut next = String::new();
            reader.read_line(&mut next).await.unwrap();
            reply.push_str(&next);
            if next.as_bytes().get(3) != Some(&b'-') {
                return reply;
            }
        }
    }

    #[tokio::test]
    async fn a_plain_session_is_recorded_with_dots_unstuffed() {
        let fake = FakeSmtp::new();
        let server = fake.start().await.unwrap();
        let stream = TcpStream::connect((server.host(), server.port()))
            .await
            .unwrap();
        let (read, mut writer) = stream.into_split();
        let mut reader = BufReader::new(read);
        let mut greeting = String::new();
        reader.read_line(&mut greeting).await.unwrap();
        assert!(greeting.starts_with("220 "), "greeting: {greeting}");

        let ehlo = say(&mut reader, &mut writer, "EHLO client.test").await;
        assert!(
            !ehlo.contains("STARTTLS"),
            "STARTTLS is never offered: {ehlo}"
        );
        assert!(
            !ehlo.contains("AUTH"),
            "a relay without credentials offers no AUTH: {ehlo}"
        );
        assert!(say(
            &mut reader,
            &mut writer,
            "MAIL FROM:<a@example.com> SIZE=10"
        )
        .await
        .starts_with("250"));
        assert!(say(&mut reader, &mut writer, "RSET")
            .await
            .starts_with("250"));
        assert!(
            say(&mut reader, &mut writer, "RCPT TO:<b@example.com>")
                .await
                .starts_with("503"),
            "RSET dropped the sender"
        );
        assert!(say(&mut reader, &mut writer, "MAIL FROM:<a@example.com>")
            .await
            .starts_with("250"));
        assert!(say(&mut reader, &mut writer, "RCPT TO:<b@example.com>")
            .await
            .starts_with("250"));
        assert!(say(&mut reader, &mut writer, "RCPT TO:<c@example.com>")
            .await
            .starts_with("250"));
        assert!(say(&mut reader, &mut writer, "NOOP")
            .await
            .starts_with("250"));
        assert!(say(&mut reader, &mut writer, "DATA")
            .await
            .starts_with("354"));
        writer
            .write_all(b"Subject: dots\r\n\r\n..leading dot\r\nplain\r\n.\r\n")
            .await
            .unwrap();
        let mut queued = String::new();
        reader.read_line(&mut queued).await.unwrap();
        assert!(queued.starts_with("250"), "accepted: {queued}");
        assert!(say(&mut reader, &mut writer, "QUIT")
            .await
            .starts_with("221"));

        assert_eq!(
            fake.received(),
            vec![ReceivedMail {
                mail_from: "a@example.com".into(),
                rcpt_to: vec!["b@example.com".into(), "c@example.com".into()],
                signed_in_as: None,
                data: "Subject: dots\r\n\r\n.leading dot\r\nplain\r\n".into(),
            }],
            "the doubled dot is undone and both recipients are kept"
        );
    }

    #[tokio::test]
    async fn auth_is_required_and_checked() {
        let fake = FakeSmtp::with_credentials("mailer", "pw");
        let server = fake.start().await.unwrap();
        let stream = TcpStream::connect((server.host(), server.port()))
            .await
            .unwrap();
        let (read, mut writer) = stream.into_split();
        let mut reader = BufReader::new(read);
        let mut greeting = String::new();
        reader.read_line(&mut greeting).await.unwrap();
        let ehlo = say(&mut reader, &mut writer, "EHLO client.test").await;
        assert!(ehlo.contains("AUTH PLAIN LOGIN"), "{ehlo}");
        assert!(
            say(&mut reader, &mut writer, "MAIL FROM:<a@example.com>")
                .await
                .starts_with("530"),
            "no mail before signing in"
        );
        let wrong = BASE64.encode("\0mailer\0nope");
        assert!(
            say(&mut reader, &mut writer, &format!("AUTH PLAIN {wrong}"))
                .await
                .starts_with("535")
        );
        assert!(say(&mut reader, &mut writer, "AUTH LOGIN")
            .await
            .starts_with("334"));
        assert!(say(&mut reader, &mut writer, &BASE64.encode("mailer"))
            .await
            .starts_with("334"));
        assert!(say(&mut reader, &mut writer, &BASE64.encode("pw"))
            .await
            .starts_with("235"));
        assert_eq!(
            fake.sign_in_failures(),
            1,
            "the wrong PLAIN attempt is counted"
        );
    }
}
