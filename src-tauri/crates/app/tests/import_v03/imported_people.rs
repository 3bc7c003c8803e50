//! A v0.3 person's names and languages, imported under the rules every other door applies.

use super::*;

#[tokio::test]
async fn imported_people_follow_the_rules_the_user_page_applies() {
    let env = env().await;
    let admin = signed_in_seeded_admin(&env).await;
    let file = env.dir.path().join("loose.db");
    let conn = create(&file, Variant::Latest);
    populate(&conn, Variant::Latest);
    // What v0.3's forms let through: a tab in a name, any two letters as a language.
    conn.execute(
        "UPDATE users SET firstname = 'Uma' || char(9) || 'Ursula', languages = '[\"en\", \"xx\", \"FR\"]' WHERE id = ?1",
        params![USER_PLAIN],
    )
    .unwrap();
    drop(conn);

    let report = env.import(&file).await.unwrap();
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("1 language code that names no ISO 639-1 language was left out")),
        "the report says what was left out: {:?}",
        report.notes
    );
    let uma = env.app.get_user(&admin, USER_PLAIN).await.unwrap();
    assert_eq!(
        uma.firstname, "Uma Ursula",
        "a tab in a name becomes a space"
    );
    assert_eq!(
        uma.languages,
        ["en", "fr"],
        "codes lower-cased, xx left out"
    );

    env.app
        .update_user(
            &admin,
            hyopps_contract::UpdateUserRequest {
                user_id: uma.id.clone(),
                firstname: uma.firstname.clone(),
                lastname: uma.lastname.clone(),
                email: uma.email.clone(),
                languages: uma.languages.clone(),
                skills: uma.skills.clone(),
                roles: uma.roles.clone(),
                organization_id: uma.organization_id.clone(),
                app_role: uma.app_role,
                new_password: None,
            },
        )
        .await
        .expect("the user page saves an imported user as it is: the same rules");
}
