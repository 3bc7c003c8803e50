//! Behind a reverse proxy (nginx, Caddy) every connection comes from the proxy, so the
//! sign-in limit would count the whole team as one address and the audit log would name the
//! proxy. A proxy the operator names with `--trusted-proxy` says who its client was in
//! `X-Forwarded-For`; only then is that header believed, since anyone else can write it.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

use crate::api::{ClientAddress, ServerState};

const FORWARDED_FOR: &str = "x-forwarded-for";

/// Replaces the connection's address with the client a trusted proxy forwarded, before the
/// sign-in limit, the audit log's client and the logs read it.
pub async fn resolve(
    State(state): State<Arc<ServerState>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(ClientAddress(peer))) = request
        .extensions()
        .get::<ConnectInfo<ClientAddress>>()
        .copied()
    {
        let client = client_of(peer.ip(), request.headers(), state.trusted_proxies());
        if client != peer.ip() {
            request
                .extensions_mut()
                .insert(ConnectInfo(ClientAddress(SocketAddr::new(client, 0))));
        }
    }
    next.run(request).await
}

/// The client's address: the peer itself unless it is a trusted proxy; then, reading
/// `X-Forwarded-For` from the right (each proxy appends the address it was called from), the
/// first address that is not one of the trusted proxies. A header that cannot be read is not
/// guessed at: the peer's address stands.
pub fn client_of(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.contains(&ip.to_canonical());
    if !is_trusted(peer) {
        return peer;
    }
    let mut hops = Vec::new();
    for value in headers.get_all(FORWARDED_FOR) {
        let Ok(text) = value.to_str() else {
            return peer;
        };
        for hop in text.split(',') {
            match parse_hop(hop.trim()) {
                Some(ip) => hops.push(ip),
                None => return peer,
            }
        }
    }
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        client = hop;
        if !is_trusted(hop) {
            break;
        }
    }
    client
}

/// `203.0.113.7`, `2001:db8::1`, and the forms with a port some proxies write
/// (`203.0.113.7:5123`, `[2001:db8::1]:5123`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|address| address.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(FORWARDED_FOR, value.parse().unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_then_the_rightmost_untrusted_hop_is_the_client() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy, ip("10.0.0.3")];
        let forwarded = headers(&["198.51.100.9, 203.0.113.7"]);
        assert_eq!(
            client_of(ip("192.0.2.1"), &forwarded, &trusted),
            ip("192.0.2.1"),
            "anyone can write the header: an untrusted peer is its own client"
        );
        assert_eq!(
            client_of(proxy, &forwarded, &trusted),
            ip("203.0.113.7"),
            "the leftmost entries are the client's own claims; the proxy appended the last"
        );
        assert_eq!(
            client_of(proxy, &headers(&["203.0.113.7", "10.0.0.3"]), &trusted),
            ip("203.0.113.7"),
            "a chain of trusted proxies is walked back, across repeated headers"
        );
        assert_eq!(
            client_of(proxy, &headers(&["[2001:db8::7]:5123"]), &trusted),
            ip("2001:db8::7")
        );
        assert_eq!(
            client_of(proxy, &headers(&["203.0.113.7:5123"]), &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(client_of(proxy, &HeaderMap::new(), &trusted), proxy);
    }

    #[test]
    fn a_header_that_cannot_be_read_leaves_the_proxys_address() {
        let proxy = ip("10.0.0.2");
        for bad in ["unknown", "203.0.113.7, not-an-ip", "", "203.0.113.7,,"] {
            assert_eq!(
                client_of(proxy, &headers(&[bad]), &[proxy]),
                proxy,
                "{bad:?}"
            );
        }
        let mapped = ip("::ffff:10.0.0.2");
        assert_eq!(
            client_of(mapped, &headers(&["203.0.113.7"]), &[proxy]),
            ip("203.0.113.7"),
            "an IPv4-mapped peer is the IPv4 proxy"
        );
    }
}
