//! Which client each request comes from, for the audit log: the workstation a desktop names
//! in its header and the address it called from ("ops-desk-3 (10.0.0.5)"), or only the
//! address (a script). Every audit entry the request writes records it.

use std::net::IpAddr;

use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use hyopps_contract::{workstation_name, WORKSTATION_HEADER};

use crate::api::ClientAddress;

/// Runs the request as coming from its client.
pub async fn record_client(request: Request, next: Next) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<ClientAddress>>()
        .map(|ConnectInfo(ClientAddress(address))| address.ip());
    let workstation = request
        .headers()
        .get(WORKSTATION_HEADER)
        .and_then(|value| value.to_str().ok());
    match label(workstation, address) {
        Some(client) => hyopps_app::acting_from(client, next.run(request)).await,
        None => next.run(request).await,
    }
}

/// The client as the audit log shows it. The name is the desktop's own claim, so the address
/// always goes with it.
pub fn label(workstation: Option<&str>, address: Option<IpAddr>) -> Option<String> {
    let address = address.map(|ip| ip.to_canonical().to_string());
    match (workstation.and_then(workstation_name), address) {
        (Some(name), Some(address)) => Some(format!("{name} ({address})")),
        (Some(name), None) => Some(name.to_owned()),
        (None, address) => address,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workstation_is_named_with_its_address_and_a_bad_name_is_left_out() {
        let address: Option<IpAddr> = Some("10.0.0.5".parse().unwrap());
        assert_eq!(
            label(Some(" ops-desk-3 "), address).as_deref(),
            Some("ops-desk-3 (10.0.0.5)")
        );
        assert_eq!(label(None, address).as_deref(), Some("10.0.0.5"));
        assert_eq!(
            label(Some("evil\nname"), address).as_deref(),
            Some("10.0.0.5"),
            "a name with a line break could forge a line of the log"
        );
        assert_eq!(
            label(Some(&"x".repeat(65)), address).as_deref(),
            Some("10.0.0.5")
        );
        let mapped: Option<IpAddr> = Some("::ffff:10.0.0.5".parse().unwrap());
        assert_eq!(label(None, mapped).as_deref(), Some("10.0.0.5"));
        assert_eq!(label(None, None), None);
    }
}
