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

#[tokio::test]
async fn a_recorded_group_links_to_its_own_system_from_the_addresses_in_effect() {
    let f = fixture_with(
        Some(
            "[metabase]\nurl = \"https://bi.example.com/\"\n\n[keycloak]\nurl = \"https://sso.example.com\"\nrealm = \"studio\"\n",
        ),
        &[],
    )
    .await;
    f.app.apply_settings().await.unwrap();
    f.app
        .store()
        .write_blocking(|tx| -> Result<(), StoreError> {
            tx.execute_batch(
                "INSERT INTO organizations (id, name, account_types, created_at)
                   VALUES ('org-obrien', 'O''Brien & Söhne', '[\"partner\"]', '2026-12-01T08:00:00Z');
                 INSERT INTO system_groups (id, organization_id, tool, external_id, external_name, created_at) VALUES
                   ('g-mb', 'org-obrien', 'metabase', '17', 'ext-obrien', 'now'),
                   ('g-kc', 'org-obrien', 'keycloak', 'kc-7', 'ext-obrien', 'now'),
                   ('g-slack', 'org-obrien', 'slack', 'S01', 'ext-obrien', 'now'),
                   ('g-teams', 'org-obrien', 'teams', '19:abc@thread.tacv2', 'O''Brien & Söhne', 'now');",
            )?;
            Ok(())
        })
        .unwrap();
    let detail = f
        .app
        .get_organization(&f.admin, "org-obrien")
        .await
        .unwrap();
    let link = |tool: &str| {
        detail
            .system_groups
            .iter()
            .find(|g| g.tool.as_str() == tool)
            .and_then(|g| g.link.clone())
    };
    assert_eq!(
        link("metabase").as_deref(),
        Some("https://bi.example.com/admin/people/groups/17")
    );
    assert_eq!(
        link("keycloak").as_deref(),
        Some("https://sso.example.com/admin/master/console/#/studio/groups/kc-7")
    );
    assert_eq!(
        link("slack"),
        None,
        "Slack's groups have no page of their own"
    );
    assert_eq!(
        link("teams"),
        None,
        "Teams is not set up here: no team to link into"
    );
}
