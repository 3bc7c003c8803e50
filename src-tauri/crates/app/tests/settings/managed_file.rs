//! An edited hyopps.toml takes effect without a restart: Settings reads it again before showing
//! anything, the app looks at it every few seconds, and Settings says which file and when it
//! was read. The workflows' connectors follow (seen here through the Metabase account section,
//! which calls the Metabase connector in use).

use super::*;
use hyopps_fakes::metabase::FakeMetabase;
use hyopps_fakes::FakeServer;

async fn admin_id(app: &App) -> String {
    app.store()
        .read(|c| -> Result<String, StoreError> {
            Ok(c.query_row(
                "SELECT id FROM users WHERE email = 'admin@hyopps.local'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn editing_hyopps_toml_takes_effect_without_a_restart() {
    let metabase = FakeMetabase::new(METABASE_KEY);
    let server = FakeServer::start(metabase.router()).await.unwrap();
    let f = fixture_with(None, &[("HYOPPS_METABASE_API_KEY", METABASE_KEY)]).await;
    let admin = admin_id(&f.app).await;
    let config = f.dir.path().join("hyopps.toml");

    let before = WireError::from(f.app.metabase_account(&f.admin, &admin).await.unwrap_err());
    assert!(
        before.message.contains("Settings → Metabase"),
        "not configured yet: {}",
        before.message
    );
    let first_read = f
        .app
        .settings_overview(&f.admin)
        .await
        .unwrap()
        .config_read_at
        .expect("Settings says when the file was read");

    std::fs::write(&config, format!("[metabase]\nurl = \"{}\"\n", server.url())).unwrap();
    let overview = f.app.settings_overview(&f.admin).await.unwrap();

    assert_eq!(
        overview.config_file,
        config.display().to_string(),
        "which file"
    );
    let read_at = overview.config_read_at.clone().expect("when it was read");
    assert!(read_at >= first_read, "{read_at} follows {first_read}");
    assert!(system(&overview, "metabase").configured);
    let account = f
        .app
        .metabase_account(&f.admin, &admin)
        .await
        .expect("the workflows' Metabase connector now uses the file's URL, without a restart");
    assert!(!account.groups.is_empty(), "Metabase's groups were read");

    // While the app runs it looks by itself: point the file somewhere nothing listens.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    std::fs::write(&config, format!("[metabase]\nurl = \"http://{dead}\"\n")).unwrap();
    let _ = tokio::time::timeout(
        std::time::Duration::from_millis(400),
        f.app
            .keep_settings_current(std::time::Duration::from_millis(20)),
    )
    .await;
    let after = WireError::from(f.app.metabase_account(&f.admin, &admin).await.unwrap_err());
    assert!(
        after.message.contains("could not be reached"),
        "the next call used the edited file's address, where nothing listens (the fake Metabase is still up): {}",
        after.message
    );
    drop(server);
}
