//! Passwords: which v0.3 hashes are kept, how they sign in, and who must choose a new one.

use super::*;

#[tokio::test]
async fn a_bcrypt_password_signs_in_once_and_becomes_argon2id() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    env.import(&file).await.unwrap();

    let (_, session) = env
        .app
        .sign_in(PARTNER_EMAIL, PARTNER_PASSWORD)
        .await
        .unwrap();
    assert_eq!(session.user.id, USER_PARTNER);
    assert!(!session.must_change_password);
    let hash: String = env.get(
        "SELECT password_hash FROM users WHERE id = ?1",
        [USER_PARTNER],
    );
    assert!(
        hash.starts_with("$argon2id$"),
        "the bcrypt hash was replaced at sign-in"
    );
    env.app
        .sign_in(PARTNER_EMAIL, PARTNER_PASSWORD)
        .await
        .expect("the same password signs in against the new hash");

    let wrong = env
        .app
        .sign_in(PARTNER_EMAIL, "not the v0.3 password")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::Unauthorized);

    let plain = env
        .app
        .sign_in(PLAIN_EMAIL, "4f8d2c1a-random-never-told")
        .await
        .unwrap_err();
    assert_eq!(
        plain.code(),
        ErrorCode::Unauthorized,
        "a `user` has no password after the import, even with v0.3's random one"
    );
}

#[tokio::test]
async fn the_v03_admin_keeps_its_password_on_the_untouched_seeded_admin() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    let report = env.import(&file).await.unwrap();
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("admin@hyopps.local")),
        "{:?}",
        report.notes
    );

    let (token, session) = env.app.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    assert_eq!(
        session.user.id, SEEDED_ADMIN,
        "v0.3's admin is our seeded admin"
    );
    assert!(
        !session.must_change_password,
        "not forced to change the password v0.3 admins know"
    );
    assert_eq!(session.user.display_name, "Ada Admin");
    env.app
        .authorize(&token, Access::Admin)
        .await
        .expect("the admin can work at once");
    let seeded = env
        .app
        .sign_in(ADMIN_EMAIL, SEEDED_ADMIN_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        seeded.code(),
        ErrorCode::Unauthorized,
        "admin123 no longer signs in"
    );
}

#[tokio::test]
async fn an_admin_who_chose_a_password_keeps_it_and_imports_through_the_app() {
    let env = env().await;
    let token = signed_in_seeded_admin(&env).await;
    let file = env.v03("hyopps_py.db", Variant::Latest);

    let report = env.app.import_v03(&token, &file).await.unwrap();

    assert_eq!(counted(&report, "users"), (4, 0, 1, 0));
    env.app
        .sign_in(ADMIN_EMAIL, "a chosen admin passphrase")
        .await
        .expect("the admin here keeps the password chosen here");
    assert_eq!(
        env.app
            .sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Unauthorized
    );
    assert_eq!(
        env.get::<String>("SELECT firstname FROM users WHERE id = ?1", [SEEDED_ADMIN]),
        "Default"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT actor_user_id FROM audit_log WHERE action = 'imported_v03'",
            []
        ),
        Some(SEEDED_ADMIN.to_string()),
        "the audit log names the admin who imported"
    );
}

#[tokio::test]
async fn only_admins_may_import() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    env.import(&file).await.unwrap();
    let before = row_counts(env.store());

    let (partner, _) = env
        .app
        .sign_in(PARTNER_EMAIL, PARTNER_PASSWORD)
        .await
        .unwrap();
    let forbidden = env.app.import_v03(&partner, &file).await.unwrap_err();
    assert_eq!(forbidden.code(), ErrorCode::Forbidden);

    let signed_out = env
        .app
        .import_v03(&SessionToken::none(), &file)
        .await
        .unwrap_err();
    assert_eq!(signed_out.code(), ErrorCode::Unauthorized);

    let mut after = row_counts(env.store());
    after.remove("audit_log");
    let mut before = before;
    before.remove("audit_log");
    assert_eq!(after, before);
}

#[tokio::test]
async fn a_v03_admin_still_on_admin123_must_choose_a_new_password_at_the_first_sign_in() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    set_password(&file, ADMIN_EMAIL, V03_DEFAULT_PASSWORD);
    set_password(&file, PARTNER_EMAIL, V03_DEFAULT_PASSWORD);

    let report = env.import(&file).await.unwrap();

    let notes = report.notes.join("\n");
    assert!(
        !notes.contains("no longer has to change"),
        "the report must not tell the admin admin123 is fine now: {notes}"
    );
    assert!(
        notes.contains("admin@hyopps.local") && notes.contains("must choose a new password"),
        "the report says the admin still has to change admin123: {notes}"
    );
    assert!(
        notes.contains("1 account still had v0.3's default password (admin123)"),
        "the imported partner admin on admin123 is counted: {notes}"
    );
    for (id, who) in [
        (SEEDED_ADMIN, "the admin"),
        (USER_PARTNER, "the partner admin"),
    ] {
        assert_eq!(
            env.get::<i64>("SELECT must_change_password FROM users WHERE id = ?1", [id]),
            1,
            "{who} on admin123 is stored as having to change it"
        );
    }

    let (token, session) = env
        .app
        .sign_in(ADMIN_EMAIL, V03_DEFAULT_PASSWORD)
        .await
        .unwrap();
    assert!(
        session.must_change_password,
        "admin123 must be replaced before anything else"
    );
    let refused = env.app.authorize(&token, Access::Admin).await.unwrap_err();
    assert_eq!(
        refused.code(),
        ErrorCode::Forbidden,
        "nothing but the password change until admin123 is gone"
    );
    env.app
        .change_own_password(&token, V03_DEFAULT_PASSWORD, "a chosen admin passphrase")
        .await
        .unwrap();
    env.app
        .authorize(&token, Access::Admin)
        .await
        .expect("with a new password the admin works");
}

#[tokio::test]
async fn a_v03_password_shorter_than_twelve_characters_must_be_replaced_at_the_first_sign_in() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    let short = "pat's pw"; // 8 characters: v0.3 allowed it, today's rules do not
    set_password(&file, PARTNER_EMAIL, short);
    env.import(&file).await.unwrap();

    let (token, session) = env.app.sign_in(PARTNER_EMAIL, short).await.unwrap();

    assert!(
        session.must_change_password,
        "a v0.3 password below today's rules signs in once, then must be replaced"
    );
    assert_eq!(
        env.app
            .authorize(&token, Access::SignedIn)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        env.get::<i64>(
            "SELECT must_change_password FROM users WHERE id = ?1",
            [USER_PARTNER]
        ),
        1,
        "stored, so signing in again (now against argon2id) still asks for the change"
    );
    let (_, again) = env.app.sign_in(PARTNER_EMAIL, short).await.unwrap();
    assert!(again.must_change_password);

    env.app
        .change_own_password(&token, short, "a long partner passphrase")
        .await
        .unwrap();
    env.app
        .authorize(&token, Access::SignedIn)
        .await
        .expect("with a password of today's rules the partner admin works");
}
