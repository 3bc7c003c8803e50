//! The sign-in matrix through the app's public use cases, on a real SQLite file and a
//! clock the tests move.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use hyopps_app::{Access, App, AppError, AuthPolicy, ManualClock, SessionToken};
use hyopps_contract::{AppRole, ErrorCode, WireError};
use hyopps_store::{Store, StoreError};

const ADMIN: &str = "admin@hyopps.local";
const DEFAULT_PASSWORD: &str = "admin123";
const NEW_PASSWORD: &str = "a much better passphrase";

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    clock: Arc<ManualClock>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
    ));
    let app = App::new(store, clock.clone(), AuthPolicy::default());
    Fixture {
        _dir: dir,
        app,
        clock,
    }
}

/// Adds an account with a known password, as an admin would (the admin console is a later issue).
async fn add_account(app: &App, email: &str, role: &str, with_org: bool) {
    let hash = argon2_hash("a long enough password");
    let (email, role) = (email.to_string(), role.to_string());
    app.store()
        .write(move |tx| -> Result<(), StoreError> {
            let org: Option<String> = if with_org {
                tx.execute(
                    "INSERT INTO organizations (id, name, created_at) VALUES ('org-a', 'Org A', 'now')",
                    [],
                )?;
                Some("org-a".into())
            } else {
                None
            };
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, password_hash, created_at, updated_at)
                 VALUES (?1, 'Pat', 'Partner', ?1, ?2, ?3, ?4, 'now', 'now')",
                rusqlite::params![email, role, org, hash],
            )?;
            Ok(())
        })
        .await
        .unwrap();
}

fn argon2_hash(password: &str) -> String {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string()
}

/// A refresh is not activity; a wrong current password counts toward the lockout.
#[path = "sign_in/session_rules.rs"]
mod session_rules;

fn wire(error: AppError) -> WireError {
    WireError::from(error)
}

async fn signed_in_admin(f: &Fixture) -> SessionToken {
    let (token, _) = f.app.sign_in(ADMIN, DEFAULT_PASSWORD).await.unwrap();
    f.app
        .change_own_password(&token, DEFAULT_PASSWORD, NEW_PASSWORD)
        .await
        .unwrap();
    token
}

fn audit_actions(app: &App) -> Vec<String> {
    app.store()
        .read_blocking(|c| -> Result<Vec<String>, StoreError> {
            let mut s = c.prepare("SELECT action FROM audit_log ORDER BY rowid")?;
            let rows = s.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .unwrap()
}

#[tokio::test]
async fn the_default_admin_signs_in_but_must_set_a_new_password_first() {
    let f = fixture();
    let (token, info) = f
        .app
        .sign_in("  Admin@HyOpps.local ", DEFAULT_PASSWORD)
        .await
        .expect("right password");
    assert!(info.must_change_password);
    assert_eq!(info.user.app_role, AppRole::Admin);
    assert_eq!(info.user.email, ADMIN);

    let blocked = f.app.authorize(&token, Access::Admin).await.unwrap_err();
    assert_eq!(
        blocked.code(),
        ErrorCode::Forbidden,
        "nothing but the password change before it is set"
    );
    assert!(blocked.to_string().contains("Set a new password"));

    let info = f
        .app
        .change_own_password(&token, DEFAULT_PASSWORD, NEW_PASSWORD)
        .await
        .expect("a policy-conforming password is accepted");
    assert!(!info.must_change_password);
    let actor = f
        .app
        .authorize(&token, Access::Admin)
        .await
        .expect("the same session now works");
    assert_eq!(actor.role, AppRole::Admin);

    f.app.sign_out(&token).await.unwrap();
    let err = f.app.authorize(&token, Access::SignedIn).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Unauthorized,
        "signed out means signed out"
    );

    let (_, info) = f
        .app
        .sign_in(ADMIN, NEW_PASSWORD)
        .await
        .expect("the new password works");
    assert!(!info.must_change_password);
    assert_eq!(
        wire(f.app.sign_in(ADMIN, DEFAULT_PASSWORD).await.unwrap_err()).message,
        "Email or password is incorrect.",
        "the old password no longer works"
    );
    assert_eq!(
        audit_actions(&f.app),
        [
            "signed_in",
            "password_changed",
            "signed_out",
            "signed_in",
            "sign_in_failed"
        ]
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let f = fixture();
    let wrong = wire(f.app.sign_in(ADMIN, "not the password").await.unwrap_err());
    let unknown = wire(
        f.app
            .sign_in("nobody@example.com", "not the password")
            .await
            .unwrap_err(),
    );
    assert_eq!(wrong.code, ErrorCode::Unauthorized);
    assert_eq!(
        wrong, unknown,
        "the answer must not reveal which emails have accounts"
    );
    assert_eq!(
        audit_actions(&f.app),
        ["sign_in_failed"],
        "an unknown email writes nothing about anyone"
    );
}

#[tokio::test]
async fn empty_and_oversized_input_is_refused_before_any_lookup() {
    let f = fixture();
    let err = wire(f.app.sign_in("  ", "").await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field("email"), Some("Enter your email address."));
    assert_eq!(err.field("password"), Some("Enter your password."));

    let long_email = format!("{}@example.com", "x".repeat(400));
    let err = wire(f.app.sign_in(&long_email, "whatever").await.unwrap_err());
    assert!(
        err.field("email").unwrap().contains("at most 320"),
        "{err:?}"
    );

    let huge = "p".repeat(10_000);
    let err = wire(f.app.sign_in(ADMIN, &huge).await.unwrap_err());
    assert_eq!(err.message, "Email or password is incorrect.");
    assert!(
        audit_actions(&f.app).is_empty(),
        "refused input changes nothing"
    );
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes() {
    let f = fixture();
    for attempt in 1..=4 {
        let err = wire(f.app.sign_in(ADMIN, "wrong password").await.unwrap_err());
        assert_eq!(
            err.message, "Email or password is incorrect.",
            "attempt {attempt}"
        );
    }
    let fifth = wire(f.app.sign_in(ADMIN, "wrong password").await.unwrap_err());
    assert!(
        fifth.message.contains("locked for 15 minutes"),
        "the locking attempt says so: {}",
        fifth.message
    );

    let locked = wire(f.app.sign_in(ADMIN, DEFAULT_PASSWORD).await.unwrap_err());
    assert_eq!(locked.code, ErrorCode::Unauthorized);
    assert!(
        locked.message.contains("locked") && locked.message.contains("09:15 UTC"),
        "even the right password is refused while locked, with the time it ends: {}",
        locked.message
    );

    f.clock.advance(Duration::minutes(14));
    assert!(
        f.app.sign_in(ADMIN, DEFAULT_PASSWORD).await.is_err(),
        "still locked at 14 minutes"
    );
    f.clock.advance(Duration::minutes(2));
    f.app
        .sign_in(ADMIN, DEFAULT_PASSWORD)
        .await
        .expect("the lock ends after 15 minutes");
    let actions = audit_actions(&f.app);
    assert_eq!(actions.iter().filter(|a| *a == "account_locked").count(), 1);
}

#[tokio::test]
async fn a_success_resets_the_failure_count() {
    let f = fixture();
    for _ in 0..4 {
        f.app.sign_in(ADMIN, "wrong password").await.unwrap_err();
    }
    f.app.sign_in(ADMIN, DEFAULT_PASSWORD).await.unwrap();
    for _ in 0..4 {
        f.app.sign_in(ADMIN, "wrong password").await.unwrap_err();
    }
    f.app
        .sign_in(ADMIN, DEFAULT_PASSWORD)
        .await
        .expect("4 + 4 failures with a success between them do not lock");
}

#[tokio::test]
async fn a_user_role_is_refused_with_a_clear_message() {
    let f = fixture();
    add_account(&f.app, "someone@partner.example", "user", false).await;
    let err = wire(
        f.app
            .sign_in("someone@partner.example", "a long enough password")
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert_eq!(err.message, "This account has no access to HyOpps.");
    let err = wire(
        f.app
            .sign_in("someone@partner.example", "wrong one")
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.message, "Email or password is incorrect.",
        "the role is only told after the right password"
    );
}

#[tokio::test]
async fn a_partner_admin_signs_in_scoped_to_their_organisation() {
    let f = fixture();
    add_account(&f.app, "pa@partner.example", "partner_admin", true).await;
    let (token, info) = f
        .app
        .sign_in("pa@partner.example", "a long enough password")
        .await
        .unwrap();
    assert_eq!(info.user.app_role, AppRole::PartnerAdmin);
    assert_eq!(info.user.organization_name.as_deref(), Some("Org A"));
    let actor = f.app.authorize(&token, Access::SignedIn).await.unwrap();
    assert_eq!(
        actor.organization_id.as_deref(),
        Some("org-a"),
        "the organisation comes from the session"
    );
    let err = f.app.authorize(&token, Access::Admin).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);
}

#[tokio::test]
async fn a_partner_admin_without_an_organisation_is_refused() {
    let f = fixture();
    add_account(&f.app, "orphan@partner.example", "partner_admin", false).await;
    let err = wire(
        f.app
            .sign_in("orphan@partner.example", "a long enough password")
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(
        err.message.contains("not linked to an organisation"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn each_password_policy_rule_has_its_own_message() {
    let f = fixture();
    let (token, _) = f.app.sign_in(ADMIN, DEFAULT_PASSWORD).await.unwrap();
    let cases = [
        ("", "new_password", "Enter a new password."),
        (
            "short1",
            "new_password",
            "Use at least 12 characters (this one has 6).",
        ),
        (
            "Admin@HyOpps.local",
            "new_password",
            "The password must not be your email address.",
        ),
        (
            &"x".repeat(300),
            "new_password",
            "Use at most 256 characters.",
        ),
    ];
    for (candidate, field, message) in cases {
        let err = wire(
            f.app
                .change_own_password(&token, DEFAULT_PASSWORD, candidate)
                .await
                .unwrap_err(),
        );
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(err.field(field), Some(message), "for {candidate:?}");
    }
    let err = wire(
        f.app
            .change_own_password(&token, "not it at all", NEW_PASSWORD)
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.field("current_password"),
        Some("The current password is incorrect.")
    );
    let err = wire(
        f.app
            .change_own_password(&token, "", NEW_PASSWORD)
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.field("current_password"),
        Some("Enter your current password.")
    );

    let still = f.app.current_session(&token).await.unwrap();
    assert!(still.must_change_password, "refused changes change nothing");
    f.app.sign_out(&token).await.unwrap();
    f.app
        .sign_in(ADMIN, DEFAULT_PASSWORD)
        .await
        .expect("the old password still works");
}

#[tokio::test]
async fn the_same_password_again_is_refused() {
    let f = fixture();
    let token = signed_in_admin(&f).await;
    let err = wire(
        f.app
            .change_own_password(&token, NEW_PASSWORD, NEW_PASSWORD)
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.field("new_password"),
        Some("Choose a password different from the current one.")
    );
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions_of_that_account() {
    let f = fixture();
    let first = signed_in_admin(&f).await;
    let (second, _) = f.app.sign_in(ADMIN, NEW_PASSWORD).await.unwrap();
    f.app
        .change_own_password(&second, NEW_PASSWORD, "yet another long passphrase")
        .await
        .unwrap();
    f.app
        .authorize(&second, Access::Admin)
        .await
        .expect("the session that changed it carries on");
    let err = wire(f.app.authorize(&first, Access::Admin).await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(
        err.message.contains("password of this account was changed"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn a_session_expires_after_eight_idle_hours_but_not_while_used() {
    let f = fixture();
    let token = signed_in_admin(&f).await;
    for _ in 0..3 {
        f.clock.advance(Duration::hours(7));
        f.app
            .authorize(&token, Access::Admin)
            .await
            .expect("activity keeps the session alive");
    }
    f.clock.advance(Duration::hours(8) + Duration::seconds(1));
    let err = wire(f.app.authorize(&token, Access::Admin).await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(
        err.message.contains("8 hours without activity"),
        "{}",
        err.message
    );
    let err = f.app.current_session(&token).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Unauthorized,
        "an expired session is gone for good"
    );
}

#[tokio::test]
async fn a_role_change_takes_effect_at_the_next_command() {
    let f = fixture();
    let token = signed_in_admin(&f).await;
    f.app
        .store()
        .write(|tx| -> Result<_, StoreError> {
            Ok(tx.execute(
                "UPDATE users SET app_role = 'user' WHERE email = ?1",
                [ADMIN],
            )?)
        })
        .await
        .unwrap();
    let err = wire(f.app.authorize(&token, Access::SignedIn).await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert_eq!(err.message, "This account has no access to HyOpps.");
}

#[tokio::test]
async fn an_unknown_session_is_unauthorized() {
    let f = fixture();
    let (token, _) = f.app.sign_in(ADMIN, DEFAULT_PASSWORD).await.unwrap();
    f.app.sign_out(&token).await.unwrap();
    f.app
        .sign_out(&token)
        .await
        .expect("signing out twice is harmless");
    let err = wire(f.app.current_session(&token).await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert_eq!(err.message, "You are not signed in. Sign in to continue.");
}
