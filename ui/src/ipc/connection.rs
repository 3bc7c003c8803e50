//! Where the window works: this computer or a HyOpps server (desktop-only commands; the shell
//! keeps the server's session token, the window never sees it).

use hyopps_contract::{ConnectionView, WireError, Workplace};

use hyopps_contract::commands::{ChooseWorkplace, Connection};

use super::{call, call_with};

/// The remembered place, and whether its server answered last time.
pub async fn connection() -> Result<ConnectionView, WireError> {
    call::<Connection>().await
}

/// Moves the window to `workplace`; a server must answer as HyOpps first.
pub async fn choose_workplace(workplace: &Workplace) -> Result<ConnectionView, WireError> {
    call_with::<ChooseWorkplace, _>(workplace).await
}

/// Asks for the PEM file of the company's certificate authority; `None` when cancelled.
pub async fn choose_certificate_authority() -> Result<Option<String>, WireError> {
    super::dialog::choose_file(
        "Choose the certificate authority that signed the server's certificate",
        &[super::dialog::FileFilter {
            name: "Certificate (PEM)",
            extensions: &["pem", "crt", "cer"],
        }],
    )
    .await
}
