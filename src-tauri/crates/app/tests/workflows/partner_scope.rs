//! A partner admin sees their organisation's users being added, and nothing of an admin's
//! executions, even when the admin's own account belongs to that organisation.

use super::*;

/// Signs in a new partner admin of `organization`.
async fn partner_admin_of(f: &Fixture, organization: &str) -> SessionToken {
    let hash = {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        argon2::Argon2::default()
            .hash_password(b"partner passphrase", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string()
    };
    let org = organization.to_string();
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, password_hash, created_at, updated_at)
                 VALUES ('pa', 'Pat', 'Partner', 'pat@acme.example', 'partner_admin', ?1, ?2, 'now', 'now')",
                [org, hash],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let (token, _) = f
        .app
        .sign_in("pat@acme.example", "partner passphrase")
        .await
        .unwrap();
    token
}

#[tokio::test]
async fn an_admin_s_execution_is_not_linked_to_the_admin_s_own_organisation() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    let acme = onboard_partner(&f).await.summary.organization_id.unwrap();
    let org = acme.clone();
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "UPDATE users SET organization_id = ?1 WHERE email = 'admin@hyopps.local'",
                [org],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let admins = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary;
    assert_eq!(
        admins.organization_id, None,
        "an admin's execution takes its organisation from its step 1, not from the admin's account"
    );

    let partner = partner_admin_of(&f, &acme).await;
    let hidden = wire(f.app.get_execution(&partner, &admins.id).await.unwrap_err());
    assert_eq!(
        hidden.code,
        ErrorCode::NotFound,
        "the partner admin of the admin's organisation does not see the admin's execution"
    );
    let redirect = wire(
        f.app
            .submit_step_input(&partner, &admins.id, json!({ "organization_id": acme }))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        redirect.code,
        ErrorCode::NotFound,
        "nor can they answer its organisation step"
    );
    let listed = f
        .app
        .list_executions(&partner, ExecutionListRequest::default())
        .await
        .unwrap();
    assert_eq!(
        listed.total, 0,
        "nothing of the admin's is listed: {listed:?}"
    );
}

#[tokio::test]
async fn a_partner_admin_s_dashboard_shows_only_users_being_added() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    let acme = onboard_partner(&f).await.summary.organization_id.unwrap();
    let partner = partner_admin_of(&f, &acme).await;
    let own = f
        .app
        .start_execution(&partner, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    let dashboard = f.app.dashboard_summary(&partner).await.unwrap();
    assert!(
        dashboard.recently_completed.is_empty(),
        "the new_partner run that set up their organisation is an operations matter: {:?}",
        dashboard.recently_completed
    );
    assert_eq!(
        dashboard
            .awaiting_input
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        [own.as_str()],
        "their own user being added is on the dashboard"
    );
}
