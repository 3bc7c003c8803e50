//! What keeps a session alive (the person, not a screen refreshing itself) and what ends it (a
//! wrong current password, counted like a wrong sign-in).

use super::*;

#[tokio::test]
async fn a_screen_refreshing_itself_is_not_activity() {
    let f = fixture();
    let token = signed_in_admin(&f).await;
    let refresh = token.for_refresh();
    f.clock.advance(Duration::hours(7));
    f.app
        .dashboard_summary(&refresh)
        .await
        .expect("a refresh inside the idle time is answered");
    f.clock.advance(Duration::hours(1) + Duration::seconds(1));
    let err = wire(f.app.dashboard_summary(&refresh).await.unwrap_err());
    assert_eq!(
        err.code,
        ErrorCode::Unauthorized,
        "the refresh at 7 hours did not count: 8 idle hours have passed"
    );
    assert!(
        err.message.contains("8 hours without activity"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn a_wrong_current_password_counts_toward_the_lockout_and_is_audited() {
    let f = fixture();
    let token = signed_in_admin(&f).await;
    for attempt in 1..=4 {
        let err = wire(
            f.app
                .change_own_password(&token, "not my password", "yet another long passphrase")
                .await
                .unwrap_err(),
        );
        assert_eq!(err.code, ErrorCode::Validation, "attempt {attempt}");
        assert_eq!(
            err.fields["current_password"], "The current password is incorrect.",
            "attempt {attempt}"
        );
    }
    let failed = audit_actions(&f.app)
        .into_iter()
        .filter(|a| a == "password_change_failed")
        .count();
    assert_eq!(failed, 4, "each wrong current password is on record");

    let fifth = wire(
        f.app
            .change_own_password(&token, "not my password", "yet another long passphrase")
            .await
            .unwrap_err(),
    );
    assert_eq!(fifth.code, ErrorCode::Unauthorized);
    assert!(
        fifth.message.contains("locked for 15 minutes"),
        "the fifth wrong password in a row locks the account, as at sign-in: {}",
        fifth.message
    );
    let ended = wire(f.app.authorize(&token, Access::Admin).await.unwrap_err());
    assert_eq!(
        ended.code,
        ErrorCode::Unauthorized,
        "the locked account's session ends"
    );
    let locked = wire(f.app.sign_in(ADMIN, NEW_PASSWORD).await.unwrap_err());
    assert!(
        locked.message.contains("locked"),
        "even the right password waits for the lock to end: {}",
        locked.message
    );
    assert_eq!(
        audit_actions(&f.app)
            .iter()
            .filter(|a| *a == "account_locked")
            .count(),
        1
    );
}
