use std::time::Duration;

use hyopps_server::SignInLimit;

use super::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn too_many_sign_in_attempts_from_one_address_are_paused_whatever_the_account() {
    let server = start_with(SignInLimit {
        attempts: 3,
        window: Duration::from_secs(600),
    })
    .await;
    // Three wrong passwords on three different accounts: no account is locked, the address is.
    for email in ["a@example.com", "b@example.com", ADMIN_EMAIL] {
        let wrong = server.sign_in(email, "guess").await.unwrap_err();
        assert_eq!(wrong.status, 401, "{wrong:?}");
    }
    let paused = server
        .sign_in(ADMIN_EMAIL, SEEDED_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        (paused.status, paused.code()),
        (429, "Unauthorized"),
        "{paused:?}"
    );
    assert!(
        paused.body["message"]
            .as_str()
            .unwrap()
            .contains("Try again in 10 minute"),
        "says when: {paused:?}"
    );
    let seconds: u64 = paused.retry_after.as_deref().unwrap().parse().unwrap();
    assert!((590..=600).contains(&seconds), "Retry-After {seconds}");
}

#[tokio::test(flavor = "multi_thread")]
async fn successful_sign_ins_do_not_use_up_the_addresss_attempts() {
    let server = start_with(SignInLimit {
        attempts: 2,
        window: Duration::from_secs(600),
    })
    .await;
    server.admin().await;
    for _ in 0..4 {
        server
            .sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("a team behind one address signs in as often as it needs");
    }
}
