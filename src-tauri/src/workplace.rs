//! Where the window works: this computer's own core, or a HyOpps server reached through a
//! [`ServerClient`]. On a server the shell holds the session's token (never the window), and
//! nothing is opened or run on this computer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use hyopps_client::{ServerClient, Token};
use hyopps_contract::commands::{NoArgs, SignOut};
use hyopps_contract::{ConnectionView, ServerAddress, WireError, Workplace};

/// A server chosen on the sign-in screen, and the window's session there.
#[derive(Clone, Debug)]
pub struct ServerLink {
    pub client: ServerClient,
    pub address: ServerAddress,
    /// The window's session on the server; `None` signed out.
    pub token: Option<Token>,
    /// Whether the server answered the last request (shared by every copy of this link).
    online: Arc<AtomicBool>,
}

impl ServerLink {
    /// Checks the address and the CA file; sends nothing.
    pub fn new(address: ServerAddress, workstation: Option<&str>) -> Result<Self, WireError> {
        Ok(Self {
            client: ServerClient::new(&address, workstation)?,
            address,
            token: None,
            online: Arc::new(AtomicBool::new(true)),
        })
    }

    pub fn name(&self) -> String {
        self.client.url().name()
    }

    pub fn online(&self) -> bool {
        self.online.load(Ordering::Relaxed)
    }

    /// Records whether the server answered; true when that changed.
    pub fn set_online(&self, online: bool) -> bool {
        self.online.swap(online, Ordering::Relaxed) != online
    }

    /// Ends `token`'s session on the server; a failure is only logged, as the session ends by
    /// itself after the idle timeout anyway.
    pub async fn end_session(&self, token: &Token) {
        let sign_out = self
            .client
            .command::<SignOut>(Some(token), &NoArgs {})
            .await;
        if let Err(error) = sign_out {
            tracing::warn!(%error, "could not end the session on the server");
        }
    }

    /// Whether `other` is a copy of this link (the same server choice, whatever its token).
    pub fn same_choice(&self, other: &ServerLink) -> bool {
        Arc::ptr_eq(&self.online, &other.online)
    }
}

/// The window's place right now.
#[derive(Clone, Debug, Default)]
pub enum Place {
    #[default]
    ThisComputer,
    Server(ServerLink),
}

impl Place {
    pub fn workplace(&self) -> Workplace {
        match self {
            Place::ThisComputer => Workplace::ThisComputer,
            Place::Server(link) => Workplace::Server(link.address.clone()),
        }
    }

    pub fn view(&self) -> ConnectionView {
        match self {
            Place::ThisComputer => ConnectionView {
                workplace: Workplace::ThisComputer,
                server_name: None,
                online: true,
            },
            Place::Server(link) => ConnectionView {
                workplace: self.workplace(),
                server_name: Some(link.name()),
                online: link.online(),
            },
        }
    }

    pub fn server(&self) -> Option<&ServerLink> {
        match self {
            Place::ThisComputer => None,
            Place::Server(link) => Some(link),
        }
    }
}

/// This computer's name for a server's audit log ("ops-desk-3"), when it has a usable one.
pub fn workstation_name() -> Option<String> {
    let name = hostname::get().ok()?.into_string().ok()?;
    hyopps_contract::workstation_name(&name).map(str::to_owned)
}
