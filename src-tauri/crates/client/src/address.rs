//! Which server: the address typed on the sign-in screen, checked before anything is sent.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use hyopps_contract::{ServerAddress, WireError};
use url::{Host, Url};

/// A server's base address: `https://…`, or `http://…` only for a server on this computer
/// (whatever crosses a network is encrypted), without credentials, query or fragment.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl(Url);

impl ServerUrl {
    /// The address as typed: surrounding blanks and a trailing `/` are forgiven, the rest is
    /// refused with a message on the `url` field.
    pub fn parse(typed: &str) -> Result<Self, WireError> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err(url_error(
                "Enter the server's address, e.g. https://hyopps.example.com.",
            ));
        }
        let with_scheme = if typed.contains("://") {
            typed.to_owned()
        } else {
            format!("https://{typed}")
        };
        let url = Url::parse(&with_scheme).map_err(|_| {
            url_error("This is not a web address: write it as https://hyopps.example.com.")
        })?;
        match url.scheme() {
            "https" => {}
            "http" if is_this_computer(&url) => {}
            "http" => {
                return Err(url_error(
                    "A server on another computer is reached over https://, so that passwords never cross the network in clear.",
                ))
            }
            _ => return Err(url_error("The address must start with https://.")),
        }
        if url.host().is_none() {
            return Err(url_error("The address has no server name."));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(url_error(
                "Leave the account out of the address: you sign in below.",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(url_error(
                "The address ends at the server's name (and path).",
            ));
        }
        let mut url = url;
        let path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&path);
        Ok(Self(url))
    }

    /// The server as screens name it: its host, and its port when not the scheme's default.
    pub fn name(&self) -> String {
        let host = self.0.host_str().unwrap_or_default();
        match self.0.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }

    /// The address of `path` on this server (`path` starts with `/`).
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0.as_str().trim_end_matches('/'))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }
}

impl fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerUrl({})", self.as_str())
    }
}

impl TryFrom<&ServerAddress> for ServerUrl {
    type Error = WireError;

    fn try_from(address: &ServerAddress) -> Result<Self, WireError> {
        Self::parse(&address.url)
    }
}

fn is_this_computer(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

pub(crate) fn field_error(field: &str, message: &str) -> WireError {
    WireError::validation(BTreeMap::from([(field.to_owned(), message.to_owned())]))
}

fn url_error(message: &str) -> WireError {
    field_error("url", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(typed: &str) -> String {
        let error = ServerUrl::parse(typed).expect_err(typed);
        error.field("url").unwrap_or_default().to_owned()
    }

    #[test]
    fn an_address_is_https_with_the_trailing_slash_and_blanks_forgiven() {
        let url = ServerUrl::parse("  https://hyopps.example.com/ ").unwrap();
        assert_eq!(url.as_str(), "https://hyopps.example.com");
        assert_eq!(url.join("/health"), "https://hyopps.example.com/health");
        assert_eq!(url.name(), "hyopps.example.com");
        let bare = ServerUrl::parse("hyopps.example.com:8443").unwrap();
        assert_eq!(
            bare.as_str(),
            "https://hyopps.example.com:8443",
            "https is assumed"
        );
        assert_eq!(bare.name(), "hyopps.example.com:8443");
        let below = ServerUrl::parse("https://tools.example.com/hyopps/").unwrap();
        assert_eq!(
            below.join("/health"),
            "https://tools.example.com/hyopps/health"
        );
    }

    #[test]
    fn plain_http_only_reaches_this_computer() {
        for local in [
            "http://127.0.0.1:8440",
            "http://localhost:8440",
            "http://[::1]:8440",
        ] {
            assert!(ServerUrl::parse(local).is_ok(), "{local} is this computer");
        }
        assert!(
            refusal("http://hyopps.example.com").contains("https://"),
            "a password must not cross a network in clear"
        );
    }

    #[test]
    fn what_is_not_a_server_address_is_refused_with_a_reason() {
        assert!(refusal("").contains("Enter the server's address"));
        assert!(
            refusal("https://").contains("not a web address")
                || refusal("https://").contains("no server name")
        );
        assert!(refusal("ftp://hyopps.example.com").contains("https://"));
        assert!(refusal("https://ops:secret@hyopps.example.com").contains("Leave the account out"));
        assert!(refusal("https://hyopps.example.com/?x=1").contains("ends at"));
        assert!(refusal("not an address at all").contains("not a web address"));
    }
}
