use std::sync::Arc;

use hyopps_server::{serve, serve_tls, tls, ServerState, SignInLimit};
use serde_json::{json, Value};

pub const ADMIN_EMAIL: &str = "admin@hyopps.local";
pub const SEEDED_PASSWORD: &str = "admin123";
pub const ADMIN_PASSWORD: &str = "correct horse battery";
pub const PARTNER: (&str, &str) = ("pat@org-a.example", "partner passphrase");
/// A partner admin of organisation A who becomes a plain `user` after signing in.
pub const DEMOTED: (&str, &str) = ("uma@org-a.example", "partner passphrase");
/// A partner admin of organisation A who must set a new password first.
pub const NEW_PARTNER: (&str, &str) = ("mia@org-a.example", "partner passphrase");

pub struct Server {
    /// `None` only while a restart moves it on to the next server.
    dir: Option<tempfile::TempDir>,
    setup: Setup,
    pub base: String,
    pub store: hyopps_store::Store,
    client: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    /// Kept: the event streams end when it turns true or is dropped.
    _stopping: tokio::sync::watch::Sender<bool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// An answer: the status and the JSON body (`Value::Null` when there is none).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub retry_after: Option<String>,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

/// How a test's server is set up.
#[derive(Clone, Default)]
struct Setup {
    /// The moved clock the core reads, if the test has one.
    clock: Option<Arc<hyopps_app::ManualClock>>,
    limit: SignInLimit,
    https: bool,
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Settings managed by `hyopps.toml` in the data folder, with this Metabase API key as
    /// its `HYOPPS_*` variable.
    managed_file_with_metabase_key: Option<&'static str>,
}

pub async fn start() -> Server {
    start_with(SignInLimit::default()).await
}

pub async fn start_with(limit: SignInLimit) -> Server {
    launch(
        tempfile::tempdir().unwrap(),
        Setup {
            limit,
            ..Setup::default()
        },
    )
    .await
}

/// A server behind a reverse proxy on 127.0.0.1 (where the tests call from), which it trusts.
pub async fn start_behind_proxy(limit: SignInLimit) -> Server {
    launch(
        tempfile::tempdir().unwrap(),
        Setup {
            limit,
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..Setup::default()
        },
    )
    .await
}

/// The test TLS identity (tests/api/tls: a CA made for these tests, and a certificate for
/// 127.0.0.1 and localhost signed by it, valid for a century).
pub const TLS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/tls");

/// A server in HTTPS with the test certificate, and a client that trusts the test CA only.
pub async fn start_tls() -> Server {
    launch(
        tempfile::tempdir().unwrap(),
        Setup {
            https: true,
            ..Setup::default()
        },
    )
    .await
}

/// A server whose core reads the time from `clock`, for the idle timeout.
pub async fn start_with_clock(clock: Arc<hyopps_app::ManualClock>) -> Server {
    launch(
        tempfile::tempdir().unwrap(),
        Setup {
            clock: Some(clock),
            ..Setup::default()
        },
    )
    .await
}

/// A server whose settings `hyopps.toml` in its data folder manages (see [`Server::data_dir`]),
/// with `metabase_key` as `HYOPPS_METABASE_API_KEY`.
pub async fn start_with_managed_file(metabase_key: &'static str) -> Server {
    launch(
        tempfile::tempdir().unwrap(),
        Setup {
            managed_file_with_metabase_key: Some(metabase_key),
            ..Setup::default()
        },
    )
    .await
}

/// The core on `dir`'s database: secrets in memory, no hyopps.toml unless the setup says so
/// (these tests are about the API, not the keychain), the time from `clock` when there is one.
fn open_core(dir: &tempfile::TempDir, setup: &Setup) -> hyopps_app::App {
    let core = open_core_with_clock(dir, setup.clock.as_ref());
    match setup.managed_file_with_metabase_key {
        None => core,
        Some(key) => core.with_settings_sources(hyopps_app::settings::SettingsSources {
            config_file: Some(dir.path().join("hyopps.toml")),
            environment: Arc::new(move |name| {
                (name == "HYOPPS_METABASE_API_KEY").then(|| key.to_owned())
            }),
            ..hyopps_app::settings::SettingsSources::isolated()
        }),
    }
}

fn open_core_with_clock(
    dir: &tempfile::TempDir,
    clock: Option<&Arc<hyopps_app::ManualClock>>,
) -> hyopps_app::App {
    match clock {
        Some(clock) => {
            let store =
                hyopps_store::Store::open(&dir.path().join(hyopps_app::DATABASE_FILE)).unwrap();
            let clock: Arc<dyn hyopps_app::Clock> = clock.clone();
            hyopps_app::App::new(store, clock, hyopps_app::AuthPolicy::default())
        }
        None => hyopps_app::App::open(dir.path())
            .expect("the core opens on its data directory")
            .with_settings_sources(hyopps_app::settings::SettingsSources::isolated()),
    }
}

async fn launch(dir: tempfile::TempDir, setup: Setup) -> Server {
    let app = open_core(&dir, &setup);
    if setup.managed_file_with_metabase_key.is_some() {
        // As the binary does: the settings applied (from the file) before serving.
        hyopps_server::start_engine(&app).await;
    }
    let https = setup.https;
    let store = app.store().clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let scheme = if https { "https" } else { "http" };
    let base = format!("{scheme}://{}", listener.local_addr().unwrap());
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let state = ServerState::new(app, setup.limit, stopped, setup.trusted_proxies.clone());
    let (stop, stop_signal) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        let _ = stop_signal.await;
    };
    let mut client = reqwest::Client::builder();
    if https {
        let config = tls::load_config(
            format!("{TLS_DIR}/cert.pem").as_ref(),
            format!("{TLS_DIR}/key.pem").as_ref(),
        )
        .expect("the test certificate loads");
        tokio::spawn(serve_tls(listener, config, Arc::clone(&state), shutdown));
        let ca = std::fs::read(format!("{TLS_DIR}/ca.pem")).unwrap();
        client = client
            .tls_built_in_root_certs(false)
            .add_root_certificate(reqwest::Certificate::from_pem(&ca).unwrap());
    } else {
        tokio::spawn(serve(listener, Arc::clone(&state), shutdown));
    }
    Server {
        dir: Some(dir),
        setup,
        base,
        store,
        client: client.build().unwrap(),
        stop: Some(stop),
        _stopping: stopping,
    }
}

impl Server {
    pub fn data_dir(&self) -> &std::path::Path {
        self.dir.as_ref().unwrap().path()
    }

    /// Stops this server and starts a new one (a new process would do the same) on the same
    /// data folder, set up the same, at a new address.
    pub async fn restarted(mut self) -> Server {
        let (dir, setup) = (self.dir.take().unwrap(), self.setup.clone());
        drop(self);
        launch(dir, setup).await
    }

    /// `POST /api/v1/<command>` with `args` as the body.
    pub async fn call(&self, token: Option<&str>, command: &str, args: Value) -> Answer {
        self.post(
            &format!("/api/v1/{command}"),
            token,
            serde_json::to_vec(&args).unwrap(),
        )
        .await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Vec<u8>) -> Answer {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        answer(request.send().await.expect("the server answers")).await
    }

    /// `POST path` with a token and one more header, `body` as JSON.
    pub async fn post_with_header(
        &self,
        path: &str,
        token: &str,
        header: (&str, &str),
        body: Value,
    ) -> Answer {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header(header.0, header.1)
            .json(&body);
        answer(request.send().await.expect("the server answers")).await
    }

    /// `GET /api/v1/events` with this token, the response not yet read.
    pub async fn events(&self, token: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}/api/v1/events", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("the server answers")
    }

    pub async fn get(&self, path: &str) -> Answer {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("the server answers");
        answer(response).await
    }

    /// Signs in and answers the bearer token.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<String, Answer> {
        let answer = self
            .call(
                None,
                "sign_in",
                json!({"request": {"email": email, "password": password}}),
            )
            .await;
        match answer.body["token"].as_str() {
            Some(token) if answer.status == 200 => Ok(token.to_owned()),
            _ => Err(answer),
        }
    }

    /// The seeded admin, signed in with a password of their own; answers the token.
    pub async fn admin(&self) -> String {
        let token = self.sign_in(ADMIN_EMAIL, SEEDED_PASSWORD).await.unwrap();
        let changed = self
            .call(
                Some(&token),
                "change_password",
                json!({"request": {"current_password": SEEDED_PASSWORD, "new_password": ADMIN_PASSWORD}}),
            )
            .await;
        assert_eq!(
            changed.status, 200,
            "the admin sets a password: {changed:?}"
        );
        token
    }

    /// Runs SQL on the server's database.
    pub async fn sql(&self, sql: String) {
        self.store
            .write(move |tx| -> Result<(), hyopps_store::StoreError> {
                tx.execute_batch(&sql)?;
                Ok(())
            })
            .await
            .unwrap();
    }
}

pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("every answer is JSON, got {status}: {text:?}"))
    };
    Answer {
        status,
        body,
        retry_after,
    }
}

pub fn argon2_hash(password: &str) -> String {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string()
}

/// Organisations A and B; Pat, partner admin of A; Uma (to be demoted) and Mia (must change
/// her password) of A; Tom, a user of B; B's Studio company.
pub async fn seed_people(server: &Server) {
    let hash = argon2_hash(PARTNER.1);
    server
        .sql(format!(
            "INSERT INTO organizations (id, name, created_at) VALUES
               ('org-a', 'Org A', 'now'), ('org-b', 'Org B', 'now');
             INSERT INTO users (id, firstname, lastname, email, app_role, organization_id,
                                password_hash, must_change_password, created_at, updated_at) VALUES
               ('pat', 'Pat', 'Partner', '{}', 'partner_admin', 'org-a', '{hash}', 0, 'now', 'now'),
               ('uma', 'Uma', 'User', '{}', 'partner_admin', 'org-a', '{hash}', 0, 'now', 'now'),
               ('mia', 'Mia', 'New', '{}', 'partner_admin', 'org-a', '{hash}', 1, 'now', 'now');
             INSERT INTO users (id, firstname, lastname, email, app_role, created_at, updated_at)
               VALUES ('throwaway', 'Tom', 'Throwaway', 'tom@org-b.example', 'user', 'now', 'now');
             INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
               VALUES ('sc-b', 'org-b', 'B-1', 'Org B TEST', 'test', 'now');",
            PARTNER.0, DEMOTED.0, NEW_PARTNER.0
        ))
        .await;
}
