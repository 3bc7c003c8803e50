//! Users: list, detail, details/organisation/role, passwords set by an admin, deletion; and
//! that a role or password change reaches the account's very next command.

use hyopps_contract::{
    AppRole, ErrorCode, SetUserPasswordRequest, UpdateUserRequest, UserDetail, UserFilter,
    UserListRequest,
};
use hyopps_store::StoreError;
use serde_json::json;

use crate::refused_without_writing;
use crate::support::*;

/// The update that changes nothing, to alter one field at a time.
fn unchanged(user: &UserDetail) -> UpdateUserRequest {
    UpdateUserRequest {
        user_id: user.id.clone(),
        firstname: user.firstname.clone(),
        lastname: user.lastname.clone(),
        email: user.email.clone(),
        languages: user.languages.clone(),
        skills: user.skills.clone(),
        roles: user.roles.clone(),
        organization_id: user.organization_id.clone(),
        app_role: user.app_role,
        new_password: None,
    }
}

async fn detail(f: &Fixture, id: &str) -> UserDetail {
    f.app.get_user(&f.admin, id).await.unwrap()
}

fn list_request(filter: UserFilter) -> UserListRequest {
    UserListRequest {
        filter,
        ..Default::default()
    }
}

fn emails(page: &hyopps_contract::Page<hyopps_contract::UserRow>) -> Vec<&str> {
    page.items.iter().map(|u| u.email.as_str()).collect()
}

#[tokio::test]
async fn the_list_searches_filters_and_pages() {
    let f = fixture_with_acme().await;
    let list = |filter| f.app.list_users(&f.admin, list_request(filter));

    let all = list(UserFilter::default()).await.unwrap();
    assert_eq!(
        emails(&all),
        [ADMIN_EMAIL, ADA_EMAIL, PARTNER_ADMIN_EMAIL],
        "by last name: Admin, Lovelace, Partner"
    );
    assert_eq!(all.total, 3);
    let ada = &all.items[1];
    assert_eq!(ada.display_name, "Ada Lovelace");
    assert_eq!(ada.organization_name.as_deref(), Some("Acme Widgets"));
    assert_eq!(ada.access, ["Metabase", "Slack"], "the access summary");
    assert_eq!(ada.studio_companies, ["Acme PROD", "Acme TEST"]);
    assert!(!ada.has_password);
    assert!(all.items[2].has_password && all.items[2].app_role == AppRole::PartnerAdmin);

    for (search, expected) in [
        ("LOVE", vec![ADA_EMAIL]),
        ("ada lovelace", vec![ADA_EMAIL]),
        ("@acme.example", vec![ADA_EMAIL, PARTNER_ADMIN_EMAIL]),
        ("pat@", vec![PARTNER_ADMIN_EMAIL]),
        ("nobody", vec![]),
    ] {
        let page = list(UserFilter {
            search: Some(search.into()),
            ..Default::default()
        })
        .await
        .unwrap();
        assert_eq!(emails(&page), expected, "search {search:?}");
        assert_eq!(page.total, expected.len() as u64);
    }

    let in_acme = list(UserFilter {
        organization_id: Some(ACME.into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(emails(&in_acme), [ADA_EMAIL, PARTNER_ADMIN_EMAIL]);
    let partner_admins = list(UserFilter {
        app_role: Some(AppRole::PartnerAdmin),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(emails(&partner_admins), [PARTNER_ADMIN_EMAIL]);
    let both = list(UserFilter {
        organization_id: Some(ACME.into()),
        app_role: Some(AppRole::User),
        search: Some("a".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(emails(&both), [ADA_EMAIL], "filters combine");

    let without = list(UserFilter {
        without_organization: true,
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        emails(&without),
        [ADMIN_EMAIL],
        "the admin belongs to no organisation"
    );
    assert_eq!(without.total, 1);
    let contradiction = list(UserFilter {
        organization_id: Some(ACME.into()),
        without_organization: true,
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert_eq!(contradiction.code(), ErrorCode::Validation);
    assert!(
        contradiction.to_string().contains("not both"),
        "says which filters clash: {contradiction}"
    );

    let second_page = f
        .app
        .list_users(
            &f.admin,
            UserListRequest {
                page: 2,
                page_size: 2,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(emails(&second_page), [PARTNER_ADMIN_EMAIL]);
    assert_eq!(
        (second_page.total, second_page.page, second_page.page_size),
        (3, 2, 2)
    );
}

#[tokio::test]
async fn the_detail_shows_access_studio_companies_and_the_metabase_account() {
    let f = fixture_with_acme().await;
    let ada = detail(&f, ADA).await;
    assert_eq!(ada.organization_name.as_deref(), Some("Acme Widgets"));
    assert_eq!(
        (ada.languages.clone(), ada.skills.clone(), ada.roles.clone()),
        (
            vec!["en".to_string()],
            vec!["maths".to_string()],
            vec!["analyst".to_string()]
        )
    );
    assert_eq!(ada.metabase_user_id, Some(314));
    assert_eq!(
        ada.access_grants
            .iter()
            .map(|g| (
                g.resource.as_str(),
                g.granted_by.as_deref(),
                g.execution_id.as_deref()
            ))
            .collect::<Vec<_>>(),
        [
            ("Metabase", Some("Default Admin"), Some("exec-done")),
            ("Slack", Some("Default Admin"), Some("exec-done")),
        ],
        "resource and granter by name"
    );
    assert_eq!(
        ada.studio_access
            .iter()
            .map(|a| (
                a.company_name.as_str(),
                a.studio_id.as_str(),
                a.organization_name.as_str()
            ))
            .collect::<Vec<_>>(),
        [
            ("Acme TEST", "S-1001", "Acme Widgets"),
            ("Acme PROD", "S-1002", "Acme Widgets")
        ]
    );
    let personal = ada.personal_studio_company.expect("a personal company");
    assert_eq!(
        (personal.studio_id.as_str(), personal.name.as_str()),
        ("P-ADA", "Ada Lovelace (personal)")
    );
    assert!(!ada.has_password && !ada.must_change_password);
    assert_eq!(
        f.app.get_user(&f.admin, "nobody").await.unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn details_are_updated_and_audited_without_secrets() {
    let f = fixture_with_acme().await;
    let mut request = unchanged(&detail(&f, ADA).await);
    request.firstname = " Augusta Ada ".into();
    request.email = " Ada.King@Example.ORG ".into();
    request.languages = vec!["EN".into(), "fr".into(), "en".into(), " ".into()];
    request.skills = vec!["maths".into(), "poetry".into()];
    request.roles = vec![];
    let updated = f.app.update_user(&f.admin, request).await.unwrap();
    assert_eq!(updated.firstname, "Augusta Ada");
    assert_eq!(
        updated.email, "ada.king@example.org",
        "emails are stored lower-case"
    );
    assert_eq!(
        updated.languages,
        ["en", "fr"],
        "codes lower-cased, repeats and blanks dropped"
    );
    let entry = last_audit(&f.app);
    assert_eq!(
        (
            entry.action.as_str(),
            entry.target_type.as_deref(),
            entry.target_id.as_deref()
        ),
        ("user_updated", Some("user"), Some(ADA))
    );
    assert_eq!(
        entry.summary,
        json!({
            "before": {"firstname": "Ada", "email": ADA_EMAIL, "languages": ["en"],
                       "skills": ["maths"], "roles": ["analyst"]},
            "after": {"firstname": "Augusta Ada", "email": "ada.king@example.org", "languages": ["en", "fr"],
                      "skills": ["maths", "poetry"], "roles": []},
        }),
        "only what changed"
    );

    let audit_count = audit_rows(&f.app).len();
    f.app
        .update_user(&f.admin, unchanged(&updated))
        .await
        .unwrap();
    assert_eq!(audit_rows(&f.app).len(), audit_count, "no change, no entry");
}

#[tokio::test]
async fn another_organisation_by_hand_is_refused_while_the_old_one_s_access_is_held() {
    let f = fixture_with_acme().await;
    let mut request = unchanged(&detail(&f, ADA).await);
    request.organization_id = Some(GLOBEX.into());
    let wire = wire(refused_without_writing!(
        f,
        f.app.update_user(&f.admin, request)
    ));
    let said = wire.field("organization_id").unwrap_or_default();
    assert!(
        said.contains("through Acme Widgets (Metabase, Slack)")
            && said.contains("Move to another organisation"),
        "says what access would stay behind and what to do instead: {said}"
    );

    // Pat holds no access HyOpps gave: changing the organisation here changes only HyOpps.
    let mut request = unchanged(&detail(&f, PARTNER_ADMIN).await);
    request.organization_id = Some(GLOBEX.into());
    let moved = f.app.update_user(&f.admin, request).await.unwrap();
    assert_eq!(moved.organization_name.as_deref(), Some("Globex"));
}

#[tokio::test]
async fn bad_user_input_is_refused_field_by_field_and_writes_nothing() {
    let f = fixture_with_acme().await;
    let ada = detail(&f, ADA).await;
    let update = |request| f.app.update_user(&f.admin, request);

    let mut request = unchanged(&ada);
    request.firstname = "".into();
    request.lastname = "l".repeat(101);
    request.email = "ada at acme".into();
    request.languages = vec!["english".into(), "xx".into()];
    request.skills = vec!["s".repeat(101)];
    request.roles = vec!["r".into(); 51];
    let wire = wire(refused_without_writing!(f, update(request)));
    assert_eq!(wire.field("firstname"), Some("Enter the first name."));
    assert_eq!(
        wire.field("lastname"),
        Some("Use at most 100 characters (this has 101).")
    );
    assert_eq!(
        wire.field("email"),
        Some("Enter an email address like name@example.com.")
    );
    assert_eq!(
        wire.field("languages"),
        Some("english is not a two-letter ISO 639-1 code such as en or fr.")
    );
    assert_eq!(
        wire.field("skills"),
        Some("Each entry has at most 100 characters.")
    );
    assert_eq!(wire.field("roles"), Some("Enter at most 50 entries."));

    let mut request = unchanged(&ada);
    request.languages = vec!["xx".into()];
    assert_eq!(
        field_error(refused_without_writing!(f, update(request)), "languages"),
        "xx is not an ISO 639-1 language code."
    );

    let mut request = unchanged(&ada);
    request.email = "PAT@ACME.EXAMPLE".into();
    let error = refused_without_writing!(f, update(request));
    assert_eq!(
        error.code(),
        ErrorCode::Conflict,
        "emails are unique in any case"
    );
    assert_eq!(
        error.to_string(),
        "pat@acme.example is already the email of Pat Partner. Each account needs its own email."
    );

    let mut request = unchanged(&ada);
    request.organization_id = Some("org-missing".into());
    assert_eq!(
        refused_without_writing!(f, update(request)).code(),
        ErrorCode::NotFound
    );

    let mut request = unchanged(&ada);
    request.user_id = "user-missing".into();
    assert_eq!(
        refused_without_writing!(f, update(request)).code(),
        ErrorCode::NotFound
    );

    let mut request = unchanged(&ada);
    request.skills = vec!["x".repeat(11 * 1024)];
    assert_eq!(
        field_error(refused_without_writing!(f, update(request)), "skills"),
        "An entry is too large (over 10 kB)."
    );
}

#[tokio::test]
async fn a_partner_admin_needs_an_organisation_and_a_password() {
    let f = fixture_with_acme().await;
    let ada = detail(&f, ADA).await;
    let update = |request| f.app.update_user(&f.admin, request);

    let mut no_org = unchanged(&ada);
    no_org.app_role = AppRole::PartnerAdmin;
    no_org.organization_id = None;
    no_org.new_password = Some("ada's own passphrase".into());
    assert_eq!(
        field_error(
            refused_without_writing!(f, update(no_org)),
            "organization_id"
        ),
        "A partner administrator belongs to an organisation: choose one."
    );

    let mut no_password = unchanged(&ada);
    no_password.app_role = AppRole::PartnerAdmin;
    assert_eq!(
        field_error(
            refused_without_writing!(f, update(no_password)),
            "new_password"
        ),
        "A partner administrator signs in with a password: set one in this change.",
        "Ada has no password yet"
    );

    let mut weak = unchanged(&ada);
    weak.app_role = AppRole::PartnerAdmin;
    weak.new_password = Some("short".into());
    assert_eq!(
        field_error(refused_without_writing!(f, update(weak)), "new_password"),
        "Use at least 12 characters (this one has 5).",
        "the password policy applies"
    );

    let mut promoted = unchanged(&ada);
    promoted.app_role = AppRole::PartnerAdmin;
    promoted.new_password = Some("ada's own passphrase".into());
    let ada_now = f.app.update_user(&f.admin, promoted).await.unwrap();
    assert_eq!(ada_now.app_role, AppRole::PartnerAdmin);
    assert!(ada_now.has_password && ada_now.must_change_password);
    let entry = last_audit(&f.app);
    assert_eq!(entry.summary["after"]["app_role"], "partner_admin");
    assert_eq!(
        entry.summary["after"]["password"],
        "set by an administrator"
    );
    let raw = entry.summary.to_string();
    assert!(
        !raw.contains("argon2") && !raw.contains("passphrase"),
        "never the password or its hash: {raw}"
    );

    let (token, session) = f
        .app
        .sign_in(ADA_EMAIL, "ada's own passphrase")
        .await
        .unwrap();
    assert!(
        session.must_change_password,
        "an admin-set password must be replaced first"
    );
    assert_eq!(session.user.app_role, AppRole::PartnerAdmin);
    assert_eq!(
        f.app.partner_overview(&token).await.unwrap_err().code(),
        ErrorCode::Forbidden,
        "nothing before the new password"
    );
    f.app
        .change_own_password(&token, "ada's own passphrase", "only ada knows this one")
        .await
        .unwrap();
    let overview = f.app.partner_overview(&token).await.unwrap();
    assert_eq!(overview.organization.id, ACME);

    // Pat already has a password: no new one needed to stay or become partner admin.
    let mut pat = unchanged(&detail(&f, PARTNER_ADMIN).await);
    pat.app_role = AppRole::Admin;
    f.app
        .update_user(&f.admin, pat)
        .await
        .expect("Pat has a password");
}

#[tokio::test]
async fn a_role_change_reaches_the_users_next_command() {
    let f = fixture_with_acme().await;
    let pat_token = partner_admin(&f).await;
    f.app
        .partner_overview(&pat_token)
        .await
        .expect("a partner admin today");

    let mut promote = unchanged(&detail(&f, PARTNER_ADMIN).await);
    promote.app_role = AppRole::Admin;
    f.app.update_user(&f.admin, promote).await.unwrap();
    f.app
        .list_users(&pat_token, UserListRequest::default())
        .await
        .expect("the same session may now use the admin console");

    let mut demote = unchanged(&detail(&f, PARTNER_ADMIN).await);
    demote.app_role = AppRole::User;
    f.app.update_user(&f.admin, demote).await.unwrap();
    assert_eq!(
        f.app.partner_overview(&pat_token).await.unwrap_err().code(),
        ErrorCode::Forbidden,
        "a plain user has no access at all, at once"
    );
}

#[tokio::test]
async fn an_admin_cannot_demote_or_delete_themself_or_set_their_own_password_here() {
    let f = fixture_with_acme().await;
    let mut demote = unchanged(&detail(&f, ADMIN_ID).await);
    demote.app_role = AppRole::User;
    assert_eq!(
        field_error(
            refused_without_writing!(f, f.app.update_user(&f.admin, demote)),
            "app_role"
        ),
        "You cannot take away your own administrator role; another administrator can."
    );
    let preview = f
        .app
        .preview_user_deletion(&f.admin, ADMIN_ID)
        .await
        .unwrap();
    assert_eq!(
        preview.blocked_by.as_deref(),
        Some("You cannot delete your own account; another administrator can.")
    );
    assert_eq!(
        refused_without_writing!(f, f.app.delete_user(&f.admin, ADMIN_ID)).code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        refused_without_writing!(
            f,
            f.app.set_user_password(
                &f.admin,
                SetUserPasswordRequest {
                    user_id: ADMIN_ID.into(),
                    new_password: "a brand new passphrase".into(),
                }
            )
        )
        .code(),
        ErrorCode::Forbidden,
        "one's own password is changed with the current one"
    );
}

#[tokio::test]
async fn an_admin_set_password_unlocks_forces_a_change_and_ends_old_sessions() {
    let f = fixture_with_acme().await;
    let old_session = partner_admin(&f).await;
    for _ in 0..5 {
        let _ = f.app.sign_in(PARTNER_ADMIN_EMAIL, "not the password").await;
    }
    assert!(
        f.app.sign_in(PARTNER_ADMIN_EMAIL, PASSWORD).await.is_err(),
        "locked after five failures"
    );

    let set = |password: &str| {
        f.app.set_user_password(
            &f.admin,
            SetUserPasswordRequest {
                user_id: PARTNER_ADMIN.into(),
                new_password: password.into(),
            },
        )
    };
    assert_eq!(
        field_error(
            refused_without_writing!(f, set("too short")),
            "new_password"
        ),
        "Use at least 12 characters (this one has 9)."
    );
    assert_eq!(
        field_error(
            refused_without_writing!(f, set(PARTNER_ADMIN_EMAIL)),
            "new_password"
        ),
        "The password must not be your email address."
    );
    let pat = set("a temporary passphrase").await.unwrap();
    assert!(pat.must_change_password && pat.locked_until.is_none());
    let entry = last_audit(&f.app);
    assert_eq!(entry.action, "password_set");
    assert_eq!(
        entry.summary,
        json!({"by": "admin", "had_password": true, "must_change_password": true, "lockout_cleared": true})
    );

    assert_eq!(
        f.app
            .partner_overview(&old_session)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Unauthorized,
        "sessions opened before the new password end at their next command"
    );
    let (_, session) = f
        .app
        .sign_in(PARTNER_ADMIN_EMAIL, "a temporary passphrase")
        .await
        .expect("unlocked, with the new password");
    assert!(session.must_change_password);

    let unknown = f
        .app
        .set_user_password(
            &f.admin,
            SetUserPasswordRequest {
                user_id: "nobody".into(),
                new_password: "a temporary passphrase".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn deleting_a_user_cascades_what_is_theirs_and_keeps_history() {
    let f = fixture_with_acme().await;
    let pat_token = partner_admin(&f).await;
    // Something Pat did is on record under their id.
    f.app.sign_out(&pat_token).await.unwrap();
    let pat_token = partner_admin(&f).await;

    let preview = f.app.preview_user_deletion(&f.admin, ADA).await.unwrap();
    assert_eq!(
        (
            preview.access_grants_deleted,
            preview.studio_access_deleted,
            preview.personal_studio_company_deleted,
            preview.executions_detached,
            preview.blocked_by.as_deref()
        ),
        (2, 2, true, 1, None)
    );
    let done = f.app.delete_user(&f.admin, ADA).await.unwrap();
    assert_eq!(done, preview, "what was done is what the preview said");
    for (sql, expected, why) in [
        (
            "SELECT count(*) FROM users WHERE id = 'user-ada'",
            0,
            "the user is gone",
        ),
        (
            "SELECT count(*) FROM access_grants WHERE user_id = 'user-ada'",
            0,
            "their grants",
        ),
        (
            "SELECT count(*) FROM user_studio_access WHERE user_id = 'user-ada'",
            0,
            "their Studio access",
        ),
        (
            "SELECT count(*) FROM user_studio_companies WHERE user_id = 'user-ada'",
            0,
            "their personal company",
        ),
        (
            "SELECT count(*) FROM workflow_executions WHERE id = 'exec-done' AND user_id IS NULL",
            1,
            "the execution stays, detached",
        ),
    ] {
        assert_eq!(integer(scalar(&f.app, sql)), expected, "{why}");
    }
    let entry = last_audit(&f.app);
    assert_eq!(
        (entry.action.as_str(), entry.target_id.as_deref()),
        ("user_deleted", Some(ADA))
    );
    assert_eq!(entry.summary["before"]["email"], ADA_EMAIL);
    assert_eq!(entry.summary["access_grants_deleted"], 2);

    f.app.delete_user(&f.admin, PARTNER_ADMIN).await.unwrap();
    assert!(
        audit_rows(&f.app)
            .iter()
            .any(|e| e.action == "signed_out" && e.actor_user_id.as_deref() == Some(PARTNER_ADMIN)),
        "audit entries keep the ids of deleted actors"
    );
    assert_eq!(
        f.app.partner_overview(&pat_token).await.unwrap_err().code(),
        ErrorCode::Unauthorized,
        "a deleted account's session ends"
    );
    assert_eq!(
        f.app.delete_user(&f.admin, ADA).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn a_user_with_an_unfinished_execution_is_not_deleted() {
    let f = fixture_with_acme().await;
    f.app
        .store()
        .write(|tx| -> Result<(), StoreError> {
            tx.execute(
                "UPDATE workflow_executions SET status = 'failed', completed_at = NULL WHERE id = 'exec-done'",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let preview = f.app.preview_user_deletion(&f.admin, ADA).await.unwrap();
    let reason = preview.blocked_by.expect("blocked");
    assert!(
        reason.starts_with("1 unfinished execution(s) are about this user"),
        "{reason}"
    );
    let error = refused_without_writing!(f, f.app.delete_user(&f.admin, ADA));
    assert_eq!(error.code(), ErrorCode::Conflict);
}

#[tokio::test]
async fn only_admins_may_use_the_users_console() {
    let f = fixture_with_acme().await;
    let pat = partner_admin(&f).await;
    let ada = detail(&f, ADA).await;
    let signed_out = hyopps_app::SessionToken::none();
    for (token, expected) in [
        (&pat, ErrorCode::Forbidden),
        (&signed_out, ErrorCode::Unauthorized),
    ] {
        let before = snapshot(&f.app);
        let mut promote = unchanged(&ada);
        promote.app_role = AppRole::Admin;
        promote.new_password = Some("let me in please".into());
        let outcomes = [
            f.app
                .list_users(token, UserListRequest::default())
                .await
                .map(|_| ()),
            f.app.get_user(token, ADA).await.map(|_| ()),
            f.app.update_user(token, promote).await.map(|_| ()),
            f.app
                .set_user_password(
                    token,
                    SetUserPasswordRequest {
                        user_id: ADA.into(),
                        new_password: "let me in please".into(),
                    },
                )
                .await
                .map(|_| ()),
            f.app.preview_user_deletion(token, ADA).await.map(|_| ()),
            f.app.delete_user(token, ADA).await.map(|_| ()),
        ];
        for (i, outcome) in outcomes.into_iter().enumerate() {
            assert_eq!(outcome.unwrap_err().code(), expected, "use case #{i}");
        }
        assert_eq!(snapshot(&f.app), before, "and nothing was written");
    }
}
