//! The Metabase connector against the fake Metabase: every verb twice (one object), the quirks
//! of docs/systems.md, transient and permanent failures, and "Test connection".

use std::time::Duration;

use hyopps_connectors::{
    ConnectorError, MetabaseApi, MetabaseConnector, MetabaseGroup, MetabaseSettings, Secret,
};
use hyopps_fakes::metabase::FakeMetabase;
use hyopps_fakes::FakeServer;
use serde_json::json;

mod offboarding;
mod partner_collection;
mod reading;

const KEY: &str = "mb_AbCdEf0123456789secret";
const KEY_ADVICE: &str =
    "Check the API key in Settings → Metabase; its group must be Administrators.";

/// A Metabase with a warehouse database and a template collection holding one dashboard and
/// one loose question.
struct Env {
    fake: FakeMetabase,
    server: FakeServer,
    database_id: i64,
    template_id: i64,
}

impl Env {
    async fn start() -> Self {
        let fake = FakeMetabase::new(KEY);
        let database_id = fake.add_database("Warehouse");
        let template_id = fake.add_collection("Partner template");
        fake.add_dashboard(template_id, "Partner overview");
        fake.add_card(template_id, "Monthly orders");
        let server = FakeServer::start(fake.router())
            .await
            .expect("the fake Metabase starts");
        Self {
            fake,
            server,
            database_id,
            template_id,
        }
    }

    fn settings(&self) -> MetabaseSettings {
        MetabaseSettings {
            url: format!("{}/", self.server.url()),
            api_key: Secret::new(KEY),
            database_id: Some(self.database_id),
            template_collection_id: Some(self.template_id),
        }
    }

    fn connector(&self) -> MetabaseConnector {
        MetabaseConnector::new(self.settings())
    }

    fn connector_with(&self, change: impl FnOnce(&mut MetabaseSettings)) -> MetabaseConnector {
        let mut settings = self.settings();
        change(&mut settings);
        MetabaseConnector::new(settings)
    }

    fn item_names(&self, collection_id: i64) -> Vec<(String, String)> {
        let mut names: Vec<(String, String)> = self
            .fake
            .items(collection_id)
            .into_iter()
            .map(|item| (item.model, item.name))
            .collect();
        names.sort();
        names
    }
}

fn permanent_message(error: ConnectorError) -> String {
    match error {
        ConnectorError::Permanent { message } => message,
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

/// How HyOpps describes the collection it makes for the partner Acme; its mark is what lets a
/// later run reuse the collection by name.
const HYOPPS_DESCRIPTION: &str =
    "Partner collection created by HyOpps for Acme; HyOpps recognises it by this description.";

fn template_contents() -> Vec<(String, String)> {
    vec![
        ("card".into(), "Monthly orders".into()),
        ("dashboard".into(), "Partner overview".into()),
    ]
}

// clone_template_collection

#[tokio::test]
async fn cloning_twice_makes_one_collection_with_one_copy_of_each_item() {
    let env = Env::start().await;
    let metabase = env.connector();

    let first = metabase
        .clone_template_collection("Acme", None)
        .await
        .unwrap();
    let second = metabase
        .clone_template_collection("Acme", None)
        .await
        .unwrap();

    assert_eq!(
        first, second,
        "the second run finds the collection the first made"
    );
    let named_acme = env
        .fake
        .collections()
        .into_iter()
        .filter(|c| c.name == "Acme")
        .count();
    assert_eq!(
        named_acme, 1,
        "one partner collection, however often the step runs"
    );
    assert_eq!(
        env.item_names(first),
        template_contents(),
        "each template item copied once"
    );
    assert_eq!(
        env.item_names(env.template_id),
        template_contents(),
        "the card copy (\"Copy of …\") was moved out of the template"
    );
    let copied = env
        .fake
        .dashboards()
        .into_iter()
        .find(|d| d.collection_id == Some(first))
        .expect("a dashboard in the partner collection");
    assert!(
        copied.deep_copied,
        "dashboards are deep-copied so their questions are the partner's own"
    );
    assert_eq!(env.fake.requests("POST /api/dashboard/{id}/copy"), 1);
    assert_eq!(env.fake.requests("POST /api/card/{id}/copy"), 1);
}

#[tokio::test]
async fn a_question_on_a_dashboard_and_loose_in_the_template_is_copied_once() {
    let env = Env::start().await;
    // The template's loose question is also on a dashboard: the dashboard's deep copy brings a
    // copy of it along, so copying it again as a loose question would leave it twice.
    let shared = env.fake.add_card(env.template_id, "Open tickets");
    env.fake
        .add_dashboard_showing(env.template_id, "Support", &[shared]);

    let id = env
        .connector()
        .clone_template_collection("Acme", None)
        .await
        .unwrap();

    let open_tickets = env
        .item_names(id)
        .into_iter()
        .filter(|(_, name)| name == "Open tickets")
        .count();
    assert_eq!(
        open_tickets,
        1,
        "one \"Open tickets\" in the partner's collection: {:?}",
        env.item_names(id)
    );
}

#[tokio::test]
async fn a_clone_interrupted_after_the_dashboard_finishes_without_duplicates() {
    let env = Env::start().await;
    // What the interrupted run had made: the collection, marked as HyOpps's, and the dashboard.
    let partial = env
        .fake
        .add_collection_described("Acme", Some(HYOPPS_DESCRIPTION));
    env.fake.add_dashboard(partial, "Partner overview");

    let id = env
        .connector()
        .clone_template_collection("Acme", None)
        .await
        .unwrap();

    assert_eq!(
        id, partial,
        "the collection left by the interrupted run is reused"
    );
    assert_eq!(env.item_names(id), template_contents());
    assert_eq!(
        env.fake.requests("POST /api/dashboard/{id}/copy"),
        0,
        "the dashboard already there is not copied again"
    );
}

#[tokio::test]
async fn an_archived_collection_of_that_name_is_not_reused() {
    let env = Env::start().await;
    let archived = env.fake.add_collection("Acme");
    env.fake.archive_collection(archived);

    let id = env
        .connector()
        .clone_template_collection("Acme", None)
        .await
        .unwrap();

    assert_ne!(
        id, archived,
        "a collection in the trash is no partner's collection"
    );
    assert_eq!(env.item_names(id), template_contents());
}

#[tokio::test]
async fn an_in_flight_card_copy_in_the_template_is_not_cloned() {
    let env = Env::start().await;
    // Another partner's clone has just copied the question and not yet moved the copy.
    env.fake.add_card(env.template_id, "Copy of Monthly orders");

    let id = env
        .connector()
        .clone_template_collection("Acme", None)
        .await
        .unwrap();

    assert_eq!(
        env.item_names(id),
        template_contents(),
        "no \"Copy of …\" in the partner's collection"
    );
}

#[tokio::test]
async fn cloning_needs_the_template_setting() {
    let env = Env::start().await;
    let metabase = env.connector_with(|s| s.template_collection_id = None);

    let error = metabase
        .clone_template_collection("Acme", None)
        .await
        .unwrap_err();

    assert_eq!(
        permanent_message(error),
        "Metabase's template collection is not set: open Settings → Metabase."
    );
    assert_eq!(
        env.fake.requests("POST /api/collection"),
        0,
        "nothing created"
    );
}

#[tokio::test]
async fn a_wrong_template_id_creates_nothing_and_says_where_to_fix_it() {
    let env = Env::start().await;
    let metabase = env.connector_with(|s| s.template_collection_id = Some(999));

    let message = permanent_message(
        metabase
            .clone_template_collection("Acme", None)
            .await
            .unwrap_err(),
    );

    assert!(
        message.contains("HTTP 404 — Not found. Check"),
        "quotes Metabase, whose own full stop ends the sentence (no \"..\"): {message}"
    );
    assert!(
        message.contains("Settings → Metabase"),
        "says where to fix it: {message}"
    );
    assert_eq!(
        env.fake.requests("POST /api/collection"),
        0,
        "nothing created"
    );
}

// ensure_group

#[tokio::test]
async fn ensuring_a_group_twice_makes_one_group() {
    let env = Env::start().await;
    let metabase = env.connector();

    let first = metabase.ensure_group("ext-acme").await.unwrap();
    let second = metabase.ensure_group("ext-acme").await.unwrap();

    assert_eq!(first, second, "the second call finds the group");
    assert_eq!(first.name, "ext-acme");
    let made: Vec<_> = env
        .fake
        .groups()
        .into_iter()
        .filter(|g| g.name == "ext-acme")
        .collect();
    assert_eq!(made.len(), 1);
    assert_eq!(first.id, made[0].id.to_string(), "the id is Metabase's own");
    assert_eq!(env.fake.requests("POST /api/permissions/group"), 1);
}

#[tokio::test]
async fn a_group_created_by_someone_else_meanwhile_is_reused() {
    let env = Env::start().await;
    env.fake.race_group_creation("ext-acme");

    let group = env.connector().ensure_group("ext-acme").await.unwrap();

    let made: Vec<_> = env
        .fake
        .groups()
        .into_iter()
        .filter(|g| g.name == "ext-acme")
        .collect();
    assert_eq!(
        made.len(),
        1,
        "the 400 \"already exists\" led to the other's group, not a second"
    );
    assert_eq!(group.id, made[0].id.to_string());
    assert_eq!(
        env.fake.requests("GET /api/permissions/group"),
        2,
        "read again after the 400"
    );
}

// grant_collection_access

#[tokio::test]
async fn granting_collection_access_twice_writes_the_graph_once() {
    let env = Env::start().await;
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();
    let collection = metabase
        .clone_template_collection("Acme", None)
        .await
        .unwrap();

    metabase
        .grant_collection_access(&group.id, collection)
        .await
        .unwrap();
    metabase
        .grant_collection_access(&group.id, collection)
        .await
        .unwrap();

    let group_id: i64 = group.id.parse().unwrap();
    assert_eq!(
        env.fake
            .collection_permission(group_id, collection)
            .as_deref(),
        Some("write")
    );
    assert_eq!(
        env.fake.collection_graph_revision(),
        1,
        "the second call saw write and sent nothing"
    );
    assert_eq!(
        env.fake
            .collection_permission(env.fake.all_users_group_id(), collection),
        None,
        "other groups are left alone"
    );
}

#[tokio::test]
async fn a_stale_collection_graph_is_read_again_and_the_change_reapplied() {
    let env = Env::start().await;
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();
    env.fake.conflict_next_graph_writes(2);

    metabase
        .grant_collection_access(&group.id, env.template_id)
        .await
        .unwrap();

    assert_eq!(
        env.fake.requests("PUT /api/collection/graph"),
        3,
        "two 409s, then success"
    );
    assert_eq!(
        env.fake.requests("GET /api/collection/graph"),
        3,
        "each try reads the graph anew"
    );
    assert_eq!(
        env.fake
            .collection_permission(group.id.parse().unwrap(), env.template_id)
            .as_deref(),
        Some("write")
    );
}

#[tokio::test]
async fn a_graph_that_keeps_changing_is_left_to_the_engine_to_retry() {
    let env = Env::start().await;
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();
    env.fake.conflict_next_graph_writes(10);

    let error = metabase
        .grant_collection_access(&group.id, env.template_id)
        .await
        .unwrap_err();

    match error {
        ConnectorError::Transient { message, .. } => assert!(
            message.contains("someone else edited the permissions"),
            "quotes Metabase's 409: {message}"
        ),
        other => panic!("expected a transient error, got {other:?}"),
    }
    assert_eq!(
        env.fake.requests("PUT /api/collection/graph"),
        3,
        "three tries, no more"
    );
}

#[tokio::test]
async fn an_id_that_is_not_metabases_is_refused_before_any_call() {
    let env = Env::start().await;

    let message = permanent_message(
        env.connector()
            .grant_collection_access("mbgroup-2", env.template_id)
            .await
            .unwrap_err(),
    );

    assert!(
        message.contains("\"mbgroup-2\" is not a Metabase group id"),
        "{message}"
    );
    assert_eq!(env.fake.requests("GET /api/collection/graph"), 0);
}

// grant_database_access

#[tokio::test]
async fn granting_database_access_twice_sets_query_builder_once() {
    let env = Env::start().await;
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();
    let group_id: i64 = group.id.parse().unwrap();

    metabase.grant_database_access(&group.id).await.unwrap();
    metabase.grant_database_access(&group.id).await.unwrap();

    assert_eq!(
        env.fake.data_permission(group_id, env.database_id),
        Some(json!({ "view-data": "unrestricted", "create-queries": "query-builder" }))
    );
    assert_eq!(
        env.fake.data_graph_revision(),
        1,
        "the second call changed nothing"
    );
    assert_eq!(
        env.fake
            .data_permission(env.fake.all_users_group_id(), env.database_id),
        None,
        "other groups are left alone"
    );
}

#[tokio::test]
async fn a_stale_data_graph_is_read_again() {
    let env = Env::start().await;
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();
    env.fake.conflict_next_graph_writes(1);

    metabase.grant_database_access(&group.id).await.unwrap();

    assert_eq!(
        env.fake.requests("PUT /api/permissions/graph"),
        2,
        "one 409, then success"
    );
    assert_eq!(
        env.fake
            .data_permission(group.id.parse().unwrap(), env.database_id),
        Some(json!({ "view-data": "unrestricted", "create-queries": "query-builder" }))
    );
}

#[tokio::test]
async fn database_access_needs_the_database_setting() {
    let env = Env::start().await;
    let metabase = env.connector_with(|s| s.database_id = None);

    let message = permanent_message(metabase.grant_database_access("11").await.unwrap_err());

    assert_eq!(
        message,
        "Metabase's database is not set: open Settings → Metabase."
    );
    assert_eq!(env.fake.requests("GET /api/permissions/graph"), 0);
}

// ensure_user_in_group

/// Users whose names or emails contain ada@acme.example without being it.
fn seed_near_matches(fake: &FakeMetabase) {
    fake.add_user("mada@acme.example", "Mada", "Near");
    fake.add_user("ada@acme.example.org", "Ada", "Elsewhere");
}

#[tokio::test]
async fn the_user_with_exactly_that_email_is_found_among_near_matches() {
    let env = Env::start().await;
    seed_near_matches(&env.fake);
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();

    let first = metabase
        .ensure_user_in_group("Ada@Acme.Example", "Ada", "Lovelace", &group.id)
        .await
        .unwrap();
    let second = metabase
        .ensure_user_in_group("ada@acme.example", "Ada", "Lovelace", &group.id)
        .await
        .unwrap();

    assert_eq!(
        first, ada,
        "the exact email (any case), not a user whose email contains it"
    );
    assert_eq!(second, ada);
    assert_eq!(env.fake.requests("POST /api/user"), 0, "nobody created");
    let group_id: i64 = group.id.parse().unwrap();
    let in_group = env
        .fake
        .memberships()
        .into_iter()
        .filter(|m| m.group_id == group_id)
        .map(|m| m.user_id)
        .collect::<Vec<_>>();
    assert_eq!(in_group, vec![ada], "one membership, for Ada only");
    assert_eq!(env.fake.requests("POST /api/permissions/membership"), 1);
}

#[tokio::test]
async fn a_missing_user_is_created_once_with_a_lower_cased_email() {
    let env = Env::start().await;
    seed_near_matches(&env.fake);
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();

    let first = metabase
        .ensure_user_in_group("Ada@Acme.example", "Ada", "Lovelace", &group.id)
        .await
        .unwrap();
    let second = metabase
        .ensure_user_in_group("Ada@Acme.example", "Ada", "Lovelace", &group.id)
        .await
        .unwrap();

    assert_eq!(first, second);
    let adas: Vec<_> = env
        .fake
        .users()
        .into_iter()
        .filter(|u| u.email == "ada@acme.example")
        .collect();
    assert_eq!(adas.len(), 1, "created once, found the second time");
    assert_eq!(adas[0].id, first);
    assert_eq!(env.fake.requests("POST /api/user"), 1);
    assert_eq!(env.fake.requests("POST /api/permissions/membership"), 1);
}

#[tokio::test]
async fn a_user_created_by_someone_else_meanwhile_is_reused() {
    let env = Env::start().await;
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();
    env.fake
        .race_user_creation("ada@acme.example", "Ada", "Lovelace");

    let id = metabase
        .ensure_user_in_group("ada@acme.example", "Ada", "Lovelace", &group.id)
        .await
        .unwrap();

    let adas: Vec<_> = env
        .fake
        .users()
        .into_iter()
        .filter(|u| u.email == "ada@acme.example")
        .collect();
    assert_eq!(
        adas.len(),
        1,
        "\"Email address already in use.\" led to the existing user"
    );
    assert_eq!(adas[0].id, id);
}

#[tokio::test]
async fn a_deactivated_account_is_not_silently_used() {
    let env = Env::start().await;
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    env.fake.deactivate_user(ada);
    let metabase = env.connector();
    let group = metabase.ensure_group("ext-acme").await.unwrap();

    let message = permanent_message(
        metabase
            .ensure_user_in_group("ada@acme.example", "Ada", "Lovelace", &group.id)
            .await
            .unwrap_err(),
    );

    assert!(
        message.contains(&format!("deactivated Metabase account (user {ada})")),
        "{message}"
    );
    assert!(
        message.contains("Reactivate it"),
        "says what to do: {message}"
    );
    assert_eq!(env.fake.users().len(), 1, "no second account");
}

#[tokio::test]
async fn an_existing_membership_is_not_added_again() {
    let env = Env::start().await;
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    let group = env.fake.add_group("ext-acme");
    env.fake.add_membership(ada, group);

    let id = env
        .connector()
        .ensure_user_in_group("ada@acme.example", "Ada", "Lovelace", &group.to_string())
        .await
        .unwrap();

    assert_eq!(id, ada);
    assert_eq!(
        env.fake.requests("POST /api/permissions/membership"),
        0,
        "checked first: Metabase answers a duplicate with a 500"
    );
}

// list_groups, user_memberships, add_user_to_group, remove_membership

#[tokio::test]
async fn groups_are_listed_with_metabases_own_ids() {
    let env = Env::start().await;
    let acme = env.fake.add_group("ext-acme");

    let groups = env.connector().list_groups().await.unwrap();

    let group = |id: i64, name: &str| MetabaseGroup {
        id,
        name: name.into(),
    };
    assert_eq!(
        groups,
        vec![
            group(env.fake.all_users_group_id(), "All Users"),
            group(env.fake.administrators_group_id(), "Administrators"),
            group(acme, "ext-acme"),
        ],
        "ids read from Metabase, not assumed to be 1 and 2"
    );
}

#[tokio::test]
async fn a_users_memberships_carry_their_group_names() {
    let env = Env::start().await;
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    env.fake.add_user("bob@acme.example", "Bob", "Other");
    let acme = env.fake.add_group("ext-acme");
    let membership = env.fake.add_membership(ada, acme);

    let memberships = env.connector().user_memberships(ada).await.unwrap();

    let summary: Vec<(i64, String)> = memberships
        .iter()
        .map(|m| (m.group_id, m.group_name.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (env.fake.all_users_group_id(), "All Users".to_string()),
            (acme, "ext-acme".to_string())
        ],
        "only Ada's memberships, named"
    );
    assert_eq!(memberships[1].membership_id, membership);
}

#[tokio::test]
async fn adding_to_a_group_twice_makes_one_membership_and_removing_twice_succeeds() {
    let env = Env::start().await;
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    let acme = env.fake.add_group("ext-acme");
    let metabase = env.connector();

    metabase.add_user_to_group(ada, acme).await.unwrap();
    metabase.add_user_to_group(ada, acme).await.unwrap();

    let in_acme: Vec<_> = env
        .fake
        .memberships()
        .into_iter()
        .filter(|m| m.group_id == acme)
        .collect();
    assert_eq!(in_acme.len(), 1, "already a member is success, not a 500");
    assert_eq!(env.fake.requests("POST /api/permissions/membership"), 1);

    metabase.remove_membership(in_acme[0].id).await.unwrap();
    metabase.remove_membership(in_acme[0].id).await.unwrap();

    assert!(
        env.fake.memberships().iter().all(|m| m.group_id != acme),
        "removed; removing what is gone is success"
    );
    assert_eq!(
        env.fake.requests("DELETE /api/permissions/membership/{id}"),
        2
    );
}

// Failures

#[tokio::test]
async fn too_many_requests_is_transient_with_metabases_retry_after() {
    let env = Env::start().await;
    env.fake.fail_next_with_429(1, 7);

    let error = env.connector().ensure_group("ext-acme").await.unwrap_err();

    match error {
        ConnectorError::Transient { retry_after, .. } => {
            assert_eq!(
                retry_after,
                Some(Duration::from_secs(7)),
                "Retry-After passed on"
            );
        }
        other => panic!("expected a transient error, got {other:?}"),
    }
    assert_eq!(
        env.fake.requests("GET /api/permissions/group"),
        1,
        "no retry of its own: the engine owns retries"
    );
}

#[tokio::test]
async fn service_unavailable_is_transient() {
    let env = Env::start().await;
    env.fake.fail_next_with_503(1);

    let error = env
        .connector()
        .ensure_user_in_group("ada@acme.example", "Ada", "Lovelace", "11")
        .await
        .unwrap_err();

    assert!(
        matches!(error, ConnectorError::Transient { .. }),
        "a 503 is worth retrying: {error:?}"
    );
}

#[tokio::test]
async fn a_wrong_key_is_permanent_says_what_to_do_and_never_shows_a_key() {
    let env = Env::start().await;
    let wrong = "mb_WrongKeyValue987";
    let metabase = env.connector_with(|s| s.api_key = Secret::new(wrong));

    let message = permanent_message(metabase.ensure_group("ext-acme").await.unwrap_err());

    assert!(
        message.contains("HTTP 401 — Unauthenticated"),
        "quotes Metabase: {message}"
    );
    assert!(message.ends_with(KEY_ADVICE), "says what to do: {message}");
    assert!(
        !message.contains(wrong) && !message.contains(KEY),
        "no key in: {message}"
    );
    assert!(
        env.fake.groups().iter().all(|g| g.name != "ext-acme"),
        "nothing created"
    );
}

#[tokio::test]
async fn without_url_or_key_metabase_is_not_configured() {
    let env = Env::start().await;
    for metabase in [
        env.connector_with(|s| s.api_key = Secret::new("")),
        env.connector_with(|s| s.url = " ".into()),
    ] {
        let error = metabase.list_groups().await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "Metabase is not configured: open Settings → Metabase.",
            "no request goes out half-configured"
        );
    }
}

// test_connection

#[tokio::test]
async fn test_connection_says_what_worked() {
    let env = Env::start().await;

    let summary = env.connector().test_connection().await.unwrap();

    assert_eq!(
        summary,
        format!(
            "Signed in to Metabase as an administrator; database {} (Warehouse) and template collection {} (Partner template) found.",
            env.database_id, env.template_id
        )
    );
}

#[tokio::test]
async fn test_connection_names_the_settings_not_set_yet() {
    let env = Env::start().await;
    let metabase = env.connector_with(|s| {
        s.database_id = None;
        s.template_collection_id = None;
    });

    let summary = metabase.test_connection().await.unwrap();

    assert_eq!(
        summary,
        "Signed in to Metabase as an administrator; the database id and the template collection id not set yet (Settings → Metabase)."
    );
}

#[tokio::test]
async fn test_connection_refuses_a_wrong_key_without_showing_it() {
    let env = Env::start().await;
    let wrong = "mb_WrongKeyValue987";

    let message = permanent_message(
        env.connector_with(|s| s.api_key = Secret::new(wrong))
            .test_connection()
            .await
            .unwrap_err(),
    );

    assert!(message.contains("HTTP 401"), "{message}");
    assert!(message.ends_with(KEY_ADVICE), "{message}");
    assert!(!message.contains(wrong), "no key in: {message}");
}

#[tokio::test]
async fn test_connection_refuses_a_key_outside_administrators() {
    let env = Env::start().await;
    env.fake.set_key_is_admin(false);

    let message = permanent_message(env.connector().test_connection().await.unwrap_err());

    assert!(message.contains("not an administrator"), "{message}");
    assert!(message.ends_with(KEY_ADVICE), "{message}");
}

#[tokio::test]
async fn test_connection_reports_a_database_that_does_not_exist() {
    let env = Env::start().await;

    let message = permanent_message(
        env.connector_with(|s| s.database_id = Some(404))
            .test_connection()
            .await
            .unwrap_err(),
    );

    assert!(
        message.contains("find database 404: HTTP 404 — Not found."),
        "{message}"
    );
    assert!(
        message.contains("Check the database id in Settings → Metabase"),
        "{message}"
    );
}
