//! Email over SMTP (lettre, tokio): the documentation email of `share_documentation`, and the
//! Settings page's connection test and test email.

mod failure;
mod message;

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::systems::{BoxFuture, DocumentationEmail, EmailApi};
use crate::{ConnectorError, ConnectorResult, SmtpSecurity, SmtpSettings};
use failure::Server;

/// Per connection attempt and per SMTP command.
const TIMEOUT: Duration = Duration::from_secs(30);

pub struct SmtpConnector {
    settings: SmtpSettings,
    from: Mailbox,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpConnector {
    /// Checks the settings that can be checked without a connection (host, From address).
    pub fn new(mut settings: SmtpSettings) -> ConnectorResult<Self> {
        settings.host = settings.host.trim().to_string();
        if settings.host.is_empty() {
            return Err(ConnectorError::NotConfigured {
                system: "Email".into(),
            });
        }
        if settings.port == 0 {
            settings.port = match settings.security {
                SmtpSecurity::StartTls => 587,
                SmtpSecurity::Tls => 465,
                SmtpSecurity::None => 25,
            };
        }
        let from: Mailbox = settings
            .from
            .trim()
            .parse()
            .map_err(|error| ConnectorError::Permanent {
                message: format!(
                    "The From address {:?} in Settings → Email is not a valid address ({error}); write it like onboarding@example.com or HyOpps <onboarding@example.com>.",
                    settings.from
                ),
            })?;
        let tls = match settings.security {
            SmtpSecurity::StartTls => Tls::Required(tls_parameters(&settings.host)?),
            SmtpSecurity::Tls => Tls::Wrapper(tls_parameters(&settings.host)?),
            SmtpSecurity::None => Tls::None,
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            .port(settings.port)
            .tls(tls)
            .timeout(Some(TIMEOUT));
        // A local relay takes mail without a sign-in; sending credentials it does not offer
        // AUTH for would fail.
        if !settings.user.trim().is_empty() {
            builder = builder.credentials(Credentials::new(
                settings.user.trim().to_string(),
                settings.password.expose().to_string(),
            ));
        }
        Ok(Self {
            transport: builder.build(),
            from,
            settings,
        })
    }

    /// Connects, greets (EHLO), secures the connection as configured and signs in.
    pub async fn test_connection(&self) -> ConnectorResult<String> {
        let what = "test the connection";
        let answered = self
            .transport
            .test_connection()
            .await
            .map_err(|error| failure::describe(&error, what, &self.server()))?;
        if !answered {
            return Err(ConnectorError::Transient {
                message: format!(
                    "The SMTP server {} accepted the connection but did not answer a NOOP. Try again.",
                    self.address()
                ),
                retry_after: None,
            });
        }
        let security = match self.settings.security {
            SmtpSecurity::StartTls => "secured with STARTTLS",
            SmtpSecurity::Tls => "over implicit TLS",
            SmtpSecurity::None => "without encryption",
        };
        let signed_in = if self.settings.user.trim().is_empty() {
            "no sign-in (no SMTP user is set)".to_string()
        } else {
            format!("signed in as {}", self.settings.user.trim())
        };
        Ok(format!(
            "Connected to the SMTP server {} {security}, {signed_in}.",
            self.address()
        ))
    }

    /// Sends a short test message to `to` (Settings → Email → Send test email).
    pub async fn send_test_email(&self, to: &str) -> ConnectorResult<String> {
        let message = message::test(&self.from, to)?;
        self.send(message, &format!("send a test email to {}", to.trim()))
            .await?;
        Ok(format!(
            "Sent a test email to {} through {}.",
            to.trim(),
            self.address()
        ))
    }

    async fn send(&self, message: Message, what: &str) -> ConnectorResult<()> {
        self.transport
            .send(message)
            .await
            .map_err(|error| failure::describe(&error, what, &self.server()))?;
        Ok(())
    }

    fn address(&self) -> String {
        format!("{}:{}", self.settings.host, self.settings.port)
    }

    fn server(&self) -> Server<'_> {
        Server {
            host: &self.settings.host,
            port: self.settings.port,
            security: self.settings.security,
            user: self.settings.user.trim(),
            password: &self.settings.password,
        }
    }
}

fn tls_parameters(host: &str) -> ConnectorResult<TlsParameters> {
    TlsParameters::new(host.to_string()).map_err(|error| ConnectorError::Permanent {
        message: format!(
            "The SMTP host {host:?} cannot be used for a secure connection ({error}): check the host in Settings → Email."
        ),
    })
}

impl EmailApi for SmtpConnector {
    fn send_documentation<'a>(&'a self, email: &'a DocumentationEmail) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let message = message::documentation(&self.from, email)?;
            self.send(
                message,
                &format!("send the documentation email to {}", email.to.trim()),
            )
            .await
        })
    }
}
