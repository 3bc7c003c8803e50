//! URL settings: a base URL loses its trailing slash (the connectors append their paths), an
//! address used as it is (Keycloak's redirect, a webhook's endpoint) keeps exactly what was
//! entered, from Settings and from hyopps.toml alike.

use super::*;

fn keycloak_request(redirect_uri: &str) -> SaveSystemSettingsRequest {
    SaveSystemSettingsRequest {
        system: "keycloak".into(),
        values: BTreeMap::from([
            ("url".to_string(), "https://sso.example.com/".to_string()),
            ("realm".to_string(), "studio".to_string()),
            ("client_id".to_string(), "hyopps".to_string()),
            ("invite_client_id".to_string(), "studio".to_string()),
            ("redirect_uri".to_string(), redirect_uri.to_string()),
        ]),
        secret: SecretChange::Set("kc-secret".into()),
    }
}

#[tokio::test]
async fn keycloaks_redirect_url_reaches_keycloak_exactly_as_entered() {
    let f = fixture().await;
    let overview = f
        .app
        .save_system_settings(&f.admin, keycloak_request("https://studio.example.com/"))
        .await
        .unwrap();
    let keycloak = system(&overview, "keycloak");
    assert_eq!(
        value(keycloak, "redirect_uri"),
        "https://studio.example.com/",
        "Keycloak compares the redirect with the client's list character by character"
    );
    assert_eq!(
        value(keycloak, "url"),
        "https://sso.example.com",
        "a base URL still drops its slash"
    );
}

#[tokio::test]
async fn the_managed_file_keeps_exact_addresses_too() {
    let f = fixture_with(
        Some("[keycloak]\nredirect_uri = \"https://studio.example.com/after/\"\nurl = \"https://sso.example.com/\"\n"),
        &[],
    )
    .await;
    let overview = f.app.settings_overview(&f.admin).await.unwrap();
    let keycloak = system(&overview, "keycloak");
    assert_eq!(
        value(keycloak, "redirect_uri"),
        "https://studio.example.com/after/"
    );
    assert_eq!(value(keycloak, "url"), "https://sso.example.com");
}
