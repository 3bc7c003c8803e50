//! Taking a person's Metabase access away: their account is found whatever its state (the
//! default search hides deactivated users), deactivated once, and a retry says it is already
//! gone; Metabase's refusal to lose its last administrator is reported in words.

use hyopps_connectors::{ConnectorError, MetabaseApi, Removal};

use super::{permanent_message, seed_near_matches, Env, KEY};

#[tokio::test]
async fn deactivating_twice_deactivates_once_then_says_already_gone() {
    let env = Env::start().await;
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    let metabase = env.connector();

    let first = metabase.deactivate_user(ada).await.unwrap();
    let second = metabase.deactivate_user(ada).await.unwrap();

    assert_eq!(first, Removal::Removed, "the first call deactivates Ada");
    assert_eq!(
        second,
        Removal::AlreadyGone,
        "the retry finds her inactive: Metabase would answer success again, so the state is read first"
    );
    let user = env
        .fake
        .user(ada)
        .expect("Metabase keeps a deactivated user");
    assert!(!user.is_active, "Ada can no longer sign in: {user:?}");
    assert_eq!(
        env.fake.requests("DELETE /api/user/{id}"),
        1,
        "the retry changes nothing"
    );
}

#[tokio::test]
async fn a_deactivated_user_is_still_found_by_exact_email() {
    let env = Env::start().await;
    seed_near_matches(&env.fake);
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    let metabase = env.connector();

    let active = metabase.find_user("Ada@Acme.Example").await.unwrap();
    metabase.deactivate_user(ada).await.unwrap();
    let deactivated = metabase.find_user("ada@acme.example").await.unwrap();

    assert_eq!(
        active,
        Some(ada),
        "the exact email in any case, not a user whose email merely contains it"
    );
    assert_eq!(
        deactivated,
        Some(ada),
        "a deactivated account is found too (the search asks for all users), so a retry can tell it is gone"
    );
}

#[tokio::test]
async fn someone_unknown_is_not_found_and_an_unknown_id_is_already_gone() {
    let env = Env::start().await;
    seed_near_matches(&env.fake);
    let metabase = env.connector();

    let found = metabase.find_user("ada@acme.example").await.unwrap();
    let removal = metabase.deactivate_user(987_654).await.unwrap();

    assert_eq!(
        found, None,
        "near matches (mada@…, ada@….org) are other people"
    );
    assert_eq!(
        removal,
        Removal::AlreadyGone,
        "a user Metabase does not know has nothing left to take away"
    );
    assert!(
        env.fake.users().iter().all(|user| user.is_active),
        "nobody else was deactivated"
    );
}

#[tokio::test]
async fn the_last_active_administrator_is_not_deactivated_and_the_message_says_what_to_do() {
    let env = Env::start().await;
    let root = env.fake.add_admin("root@hyphen.example", "Root", "Admin");
    let metabase = env.connector();

    let message = permanent_message(metabase.deactivate_user(root).await.unwrap_err());

    assert!(
        message.contains("last active administrator"),
        "says why Metabase refused: {message}"
    );
    assert!(
        message.contains("Make someone else an administrator"),
        "says what to do: {message}"
    );
    assert!(!message.contains(KEY), "never shows the key: {message}");
    assert!(
        env.fake.user(root).is_some_and(|user| user.is_active),
        "the administrator stays active"
    );

    // Once there is another administrator, the same step goes through.
    env.fake.add_admin("ops@hyphen.example", "Ops", "Admin");
    assert_eq!(
        metabase.deactivate_user(root).await.unwrap(),
        Removal::Removed,
        "with a second active administrator Metabase accepts"
    );
}

#[tokio::test]
async fn without_url_or_key_offboarding_is_not_configured() {
    let env = Env::start().await;
    let metabase = env.connector_with(|settings| settings.url.clear());

    let finding = metabase.find_user("ada@acme.example").await.unwrap_err();
    let deactivating = metabase.deactivate_user(21).await.unwrap_err();

    for error in [finding, deactivating] {
        assert!(
            matches!(error, ConnectorError::NotConfigured { .. }),
            "no request goes out half-configured: {error:?}"
        );
    }
}

/// The fake must hide deactivated users the way Metabase does, or the test above that finds
/// one would pass against a fake that never hid anyone.
#[tokio::test]
async fn the_fake_lists_deactivated_users_only_when_asked() {
    let env = Env::start().await;
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    env.fake.deactivate_user(ada);
    let client = reqwest::Client::new();
    let listed = |query: &'static [(&'static str, &'static str)]| {
        let request = client
            .get(format!("{}/api/user", env.server.url()))
            .header("x-api-key", KEY)
            .query(query);
        async move {
            let page: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
            page["data"].as_array().map_or(0, Vec::len)
        }
    };

    assert_eq!(listed(&[("query", "ada")]).await, 0, "hidden by default");
    assert_eq!(
        listed(&[("query", "ada"), ("include_deactivated", "true")]).await,
        1,
        "the legacy include_deactivated=true shows it"
    );
    assert_eq!(
        listed(&[("query", "ada"), ("status", "all")]).await,
        1,
        "status=all shows it"
    );
}

#[tokio::test]
async fn a_partner_s_collection_is_archived_once_then_already_gone() {
    let env = Env::start().await;
    let collection = env.fake.add_collection("O'Brien & Söhne");
    let metabase = env.connector();

    let first = metabase.archive_collection(collection).await.unwrap();
    let second = metabase.archive_collection(collection).await.unwrap();
    let missing = metabase.archive_collection(9_999).await.unwrap();

    assert_eq!(first, Removal::Removed, "the collection was live");
    assert_eq!(
        second,
        Removal::AlreadyGone,
        "archived already: nothing to do"
    );
    assert_eq!(
        missing,
        Removal::AlreadyGone,
        "a collection deleted by hand is gone"
    );
    let stored = env
        .fake
        .collections()
        .into_iter()
        .find(|c| c.id == collection)
        .unwrap();
    assert!(stored.archived, "in Metabase's trash, kept for its history");
}

#[tokio::test]
async fn a_partner_s_group_loses_its_collection_and_queries_once_then_already_gone() {
    let env = Env::start().await;
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-obrien-soehne").await.unwrap();
    let collection = env.fake.add_collection("O'Brien & Söhne");
    metabase
        .grant_collection_access(&group.id, collection)
        .await
        .unwrap();
    metabase.grant_database_access(&group.id).await.unwrap();
    let group_id: i64 = group.id.parse().unwrap();
    let (collection_revision, data_revision) = (
        env.fake.collection_graph_revision(),
        env.fake.data_graph_revision(),
    );

    let first = metabase
        .revoke_group_access(&group.id, Some(collection))
        .await
        .unwrap();
    let second = metabase
        .revoke_group_access(&group.id, Some(collection))
        .await
        .unwrap();

    assert_eq!(first, Removal::Removed);
    assert_eq!(
        second,
        Removal::AlreadyGone,
        "nothing left to take the second time"
    );
    assert_eq!(
        env.fake
            .collection_permission(group_id, collection)
            .as_deref(),
        Some("none")
    );
    assert_eq!(
        env.fake.data_permission(group_id, env.database_id).unwrap()["create-queries"],
        "no",
        "no queries on the database any more"
    );
    assert_eq!(
        (
            env.fake.collection_graph_revision(),
            env.fake.data_graph_revision()
        ),
        (collection_revision + 1, data_revision + 1),
        "each graph written once, by the first call only"
    );
}
