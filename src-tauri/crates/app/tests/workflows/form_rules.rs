//! The workflow's user form applies the rules the admin console's user page applies, so a user
//! one accepts the other can save.

use super::*;

#[tokio::test]
async fn the_user_form_refuses_what_the_user_page_refuses_with_the_same_words() {
    let f = fixture(None).await;
    let id = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    f.app
        .store()
        .write(|tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO organizations (id, name, created_at) VALUES ('org-a', 'Acme', 'now')",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    f.app
        .submit_step_input(&f.admin, &id, json!({ "organization_id": "org-a" }))
        .await
        .unwrap();
    let refused = wire(
        f.app
            .submit_step_input(
                &f.admin,
                &id,
                json!({
                    "firstname": "Ada\u{7}", "lastname": "Lovelace\tKing",
                    "email": "ada@example..com", "languages": ["en", "xx"],
                    "skills": ["sql\npython"],
                }),
            )
            .await
            .unwrap_err(),
    );
    let single_line = "Use a single line without tabs or line breaks.";
    for (field, words) in [
        ("firstname", single_line),
        ("lastname", single_line),
        ("email", "Enter an email address like name@example.com."),
        ("languages", "xx is not an ISO 639-1 language code."),
        (
            "skills",
            "Entries are single lines without tabs or line breaks.",
        ),
    ] {
        assert_eq!(
            refused.field(field),
            Some(words),
            "{field}: the workflow and the user page share one rule, so a user one accepts the other saves"
        );
    }
    assert_eq!(
        scalar(&f.app, "SELECT count(*) FROM users"),
        "1",
        "nothing created"
    );
}
