//! The Microsoft Graph (Teams) connector against the fake Graph.

use std::sync::Arc;
use std::time::Duration;

use hyopps_connectors::{
    ChannelMembership, ChannelRef, ConnectorError, GraphConnector, GraphSettings, Secret, TeamsApi,
};
use hyopps_fakes::graph::FakeGraph;
use hyopps_fakes::FakeServer;

mod leaving;
mod reading;

const TENANT: &str = "11111111-2222-3333-4444-555555555555";
const CLIENT_ID: &str = "hyopps-app";
const SECRET: &str = "Qx8~very-secret-value";
const TEAM: &str = "team-partners";

struct Setup {
    fake: FakeGraph,
    server: FakeServer,
}

/// The company's own person who owns private channels (a member of the team).
const OWNER_MAIL: &str = "it.owner@company.example";

impl Setup {
    async fn start() -> Self {
        let fake = FakeGraph::new(TENANT, CLIENT_ID, SECRET);
        fake.add_team(TEAM, "Partners");
        let server = FakeServer::start(fake.router())
            .await
            .expect("fake Graph starts");
        Self { fake, server }
    }

    /// The private channels' owner, in the directory and the team from the first call on.
    fn owner(&self) -> String {
        if let Some(user) = self.fake.users().into_iter().find(|u| u.mail == OWNER_MAIL) {
            return user.id;
        }
        let owner = self.fake.add_user(OWNER_MAIL, "IT Owner");
        self.fake.add_team_member(TEAM, &owner);
        owner
    }

    fn settings(&self, membership: ChannelMembership) -> GraphSettings {
        GraphSettings {
            login_url: self.server.url(),
            base_url: self.server.url(),
            tenant_id: TENANT.into(),
            client_id: CLIENT_ID.into(),
            client_secret: Secret::new(SECRET),
            team_id: TEAM.into(),
            channel_membership: membership,
            private_channel_owner: match membership {
                ChannelMembership::Private => self.owner(),
                ChannelMembership::Standard => String::new(),
            },
            delete_guests_on_leaving: false,
        }
    }

    fn connector(&self) -> GraphConnector {
        GraphConnector::new(self.settings(ChannelMembership::Standard))
    }

    fn private_connector(&self) -> GraphConnector {
        GraphConnector::new(self.settings(ChannelMembership::Private))
    }

    fn connector_with_secret(&self, secret: &str) -> GraphConnector {
        GraphConnector::new(GraphSettings {
            client_secret: Secret::new(secret),
            ..self.settings(ChannelMembership::Standard)
        })
    }

    fn channels_named(&self, name: &str) -> usize {
        self.fake
            .channels(TEAM)
            .iter()
            .filter(|channel| channel.display_name == name)
            .count()
    }
}

fn permanent_message(error: ConnectorError) -> String {
    match error {
        ConnectorError::Permanent { message } => message,
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

fn assert_no_secret(message: &str) {
    assert!(
        !message.contains(SECRET),
        "the client secret must never appear in a message: {message}"
    );
}

// ---- channels ----

#[tokio::test]
async fn ensure_channel_twice_creates_one_standard_channel() {
    let setup = Setup::start().await;
    let graph = setup.connector();

    let first = graph.ensure_channel("Acme GmbH").await.expect("created");
    let second = graph.ensure_channel("Acme GmbH").await.expect("reused");

    assert_eq!(
        first, second,
        "the second call finds the channel the first made"
    );
    assert_eq!(setup.channels_named("Acme GmbH"), 1, "one channel, not two");
    assert!(!first.private, "standard channels are configured");
    let made = setup
        .fake
        .channels(TEAM)
        .into_iter()
        .find(|channel| channel.id == first.id)
        .expect("the returned id is the fake's channel");
    assert_eq!(made.membership_type, "standard");
    assert!(!made.description.is_empty(), "a description is sent");
}

#[tokio::test]
async fn ensure_channel_creates_a_private_channel_when_configured() {
    let setup = Setup::start().await;
    let channel = setup
        .private_connector()
        .ensure_channel("Acme GmbH")
        .await
        .expect("created");

    assert!(channel.private, "the settings ask for private channels");
    let made = setup.fake.channels(TEAM);
    let made = made
        .iter()
        .find(|c| c.id == channel.id)
        .expect("in the team");
    assert_eq!(
        made.membership_type, "private",
        "Graph was asked for membershipType private"
    );
    assert_eq!(
        made.members,
        vec![setup.owner()],
        "created with its owner, as Graph requires of an app"
    );
}

#[tokio::test]
async fn a_private_channel_without_an_owner_is_refused_before_asking_teams() {
    let setup = Setup::start().await;
    let graph = GraphConnector::new(GraphSettings {
        private_channel_owner: "  ".into(),
        ..setup.settings(ChannelMembership::Private)
    });

    let message = permanent_message(graph.ensure_channel("Acme").await.unwrap_err());

    assert!(
        message.contains("private channel owner") && message.contains("Settings → Microsoft Teams"),
        "names the setting: {message}"
    );
    assert_eq!(setup.channels_named("Acme"), 0, "nothing was created");
}

#[tokio::test]
async fn an_owner_unknown_to_the_directory_is_graphs_refusal_quoted() {
    let setup = Setup::start().await;
    let graph = GraphConnector::new(GraphSettings {
        private_channel_owner: "00000000-0000-0000-0000-00000000dead".into(),
        ..setup.settings(ChannelMembership::Private)
    });

    let message = permanent_message(graph.ensure_channel("Acme").await.unwrap_err());

    assert!(message.contains("NotFound"), "{message}");
    assert_eq!(setup.channels_named("Acme"), 0);
}

#[tokio::test]
async fn ensure_channel_reuses_a_channel_of_that_name_whatever_its_case() {
    let setup = Setup::start().await;
    let existing = setup.fake.add_channel(TEAM, "acme gmbh", "private");

    let channel = setup
        .connector()
        .ensure_channel("Acme GmbH")
        .await
        .expect("found");

    assert_eq!(
        channel.id, existing,
        "Teams compares channel names ignoring case"
    );
    assert!(
        channel.private,
        "a found channel says what it is, whatever the settings"
    );
    assert_eq!(
        setup.fake.channels(TEAM).len(),
        2,
        "General and the existing one only"
    );
}

#[tokio::test]
async fn long_names_are_cut_to_fifty_characters() {
    let setup = Setup::start().await;
    let long = "Überlange Partnerorganisation mit sehr vielen Wörtern im Namen";
    assert!(long.chars().count() > 50);

    let channel = setup
        .connector()
        .ensure_channel(long)
        .await
        .expect("created");

    let expected: String = long.chars().take(50).collect();
    assert_eq!(
        channel.name, expected,
        "cut on a character boundary to Graph's limit"
    );
    assert_eq!(
        setup
            .connector()
            .ensure_channel(long)
            .await
            .expect("reused")
            .id,
        channel.id,
        "the cut name finds the same channel again"
    );
}

#[tokio::test]
async fn a_channel_created_meanwhile_is_reused_after_the_name_taken_answer() {
    let setup = Setup::start().await;
    let theirs = setup
        .fake
        .create_channel_after_next_list(TEAM, "Acme GmbH", "standard");

    let channel = setup
        .connector()
        .ensure_channel("Acme GmbH")
        .await
        .expect("reused");

    assert_eq!(
        channel.id, theirs,
        "Graph's 400 'name already existed' leads to a second look"
    );
    assert_eq!(setup.channels_named("Acme GmbH"), 1);
}

#[tokio::test]
async fn concurrent_calls_make_one_channel_and_fetch_one_token() {
    let setup = Setup::start().await;
    let graph = Arc::new(setup.connector());

    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let graph = graph.clone();
            tokio::spawn(async move { graph.ensure_channel("Acme GmbH").await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.expect("task ran").expect("channel").id);
    }

    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 1, "every caller gets the same channel");
    assert_eq!(setup.channels_named("Acme GmbH"), 1);
    assert_eq!(
        setup.fake.token_requests(),
        1,
        "callers share one token fetch"
    );
}

#[tokio::test]
async fn a_deleted_channels_name_is_a_transient_error_that_says_so() {
    let setup = Setup::start().await;
    setup.fake.add_deleted_channel_name(TEAM, "Acme GmbH");

    let error = setup
        .connector()
        .ensure_channel("Acme GmbH")
        .await
        .unwrap_err();

    match error {
        ConnectorError::Transient { message, .. } => {
            assert!(
                message.contains("deleted"),
                "explains the 30-day name hold: {message}"
            )
        }
        other => panic!("expected transient, got {other:?}"),
    }
}

#[tokio::test]
async fn a_name_teams_refuses_quotes_graphs_code_and_says_what_to_do() {
    let setup = Setup::start().await;

    let error = setup
        .connector()
        .ensure_channel("Smith & Sons")
        .await
        .unwrap_err();

    let message = permanent_message(error);
    assert!(message.contains("HTTP 400"), "{message}");
    assert!(
        message.contains("BadRequest: Channel.DisplayName doesn't contain allowed characters"),
        "Graph's code and message are quoted: {message}"
    );
    assert!(
        message.contains("please use the valid values. Teams channel names"),
        "Graph's own full stop ends its sentence, with no second one (\"..\"): {message}"
    );
    assert!(!message.contains(".."), "{message}");
    assert!(
        message.contains("complete this step by hand"),
        "advice: {message}"
    );
}

#[tokio::test]
async fn an_unknown_team_is_permanent_and_names_the_setting() {
    let setup = Setup::start().await;
    let graph = GraphConnector::new(GraphSettings {
        team_id: "no-such-team".into(),
        ..setup.settings(ChannelMembership::Standard)
    });

    let message = permanent_message(graph.ensure_channel("Acme").await.unwrap_err());

    assert!(message.contains("NotFound: No team found"), "{message}");
    assert!(
        message.contains("team id in Settings → Microsoft Teams"),
        "{message}"
    );
}

// ---- members ----

fn channel_ref(channel: &ChannelRef) -> ChannelRef {
    // The workflow does not know the membership type; the connector reads it from Teams.
    ChannelRef {
        private: false,
        ..channel.clone()
    }
}

#[tokio::test]
async fn an_existing_user_joins_the_team_once_without_an_invitation() {
    let setup = Setup::start().await;
    let user = setup.fake.add_user("ada@example.com", "Ada Lovelace");
    let graph = setup.connector();
    let channel = graph.ensure_channel("Acme").await.expect("channel");

    let first = graph
        .ensure_member("ada@example.com", "Ada Lovelace", &channel_ref(&channel))
        .await
        .expect("added");
    let second = graph
        .ensure_member("ada@example.com", "Ada Lovelace", &channel_ref(&channel))
        .await
        .expect("already a member");

    assert_eq!(first, user, "the directory id of the user found by mail");
    assert_eq!(second, user);
    assert_eq!(
        setup.fake.team_members(TEAM),
        vec![user.clone()],
        "in the team once"
    );
    assert!(
        setup.fake.invitations().is_empty(),
        "a known user is not invited"
    );
    assert!(
        setup.fake.channel_members(TEAM, &channel.id).is_empty(),
        "a standard channel has no members of its own"
    );
}

#[tokio::test]
async fn a_new_person_is_invited_as_a_guest_once() {
    let setup = Setup::start().await;
    let graph = setup.connector();
    let channel = graph.ensure_channel("Acme").await.expect("channel");

    let first = graph
        .ensure_member(
            "grace@partner.example",
            "Grace Hopper",
            &channel_ref(&channel),
        )
        .await
        .expect("invited and added");
    let second = graph
        .ensure_member(
            "grace@partner.example",
            "Grace Hopper",
            &channel_ref(&channel),
        )
        .await
        .expect("found the second time");

    assert_eq!(
        first, second,
        "the guest made by the first call is found by the second"
    );
    let invitations = setup.fake.invitations();
    assert_eq!(invitations.len(), 1, "invited once");
    assert_eq!(invitations[0].email, "grace@partner.example");
    assert_eq!(invitations[0].display_name, "Grace Hopper");
    assert!(
        invitations[0].send_message,
        "the guest gets Microsoft's invitation email"
    );
    assert!(
        !invitations[0].redirect_url.is_empty(),
        "Graph requires inviteRedirectUrl"
    );
    let users = setup.fake.users();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].user_type, "Guest");
    assert_eq!(setup.fake.team_members(TEAM), vec![first]);
}

#[tokio::test]
async fn in_a_private_channel_the_person_joins_team_and_channel_once() {
    let setup = Setup::start().await;
    let graph = setup.private_connector();
    let channel = graph.ensure_channel("Acme").await.expect("channel");

    for _ in 0..2 {
        graph
            .ensure_member(
                "grace@partner.example",
                "Grace Hopper",
                &channel_ref(&channel),
            )
            .await
            .expect("added");
    }

    let user = setup
        .fake
        .users()
        .into_iter()
        .find(|u| u.mail == "grace@partner.example")
        .expect("invited")
        .id;
    assert_eq!(
        setup.fake.team_members(TEAM),
        vec![setup.owner(), user.clone()],
        "team first, once"
    );
    assert_eq!(
        setup.fake.channel_members(TEAM, &channel.id),
        vec![setup.owner(), user],
        "a private channel needs its own membership, added once"
    );
}

#[tokio::test]
async fn someone_already_in_the_team_is_success() {
    let setup = Setup::start().await;
    let user = setup.fake.add_user("ada@example.com", "Ada Lovelace");
    setup.fake.add_team_member(TEAM, &user);
    let graph = setup.connector();
    let channel = graph.ensure_channel("Acme").await.expect("channel");

    let id = graph
        .ensure_member("ada@example.com", "Ada", &channel_ref(&channel))
        .await
        .expect("already a member is success");

    assert_eq!(id, user);
    assert_eq!(setup.fake.team_members(TEAM).len(), 1);
}

#[tokio::test]
async fn a_conflict_when_adding_means_already_a_member() {
    let setup = Setup::start().await;
    let user = setup.fake.add_user("ada@example.com", "Ada Lovelace");
    let graph = setup.private_connector();
    let channel = graph.ensure_channel("Acme").await.expect("channel");
    graph
        .ensure_member("ada@example.com", "Ada", &channel_ref(&channel))
        .await
        .expect("added");
    setup.fake.set_member_lists_lagging(true);

    let id = graph
        .ensure_member("ada@example.com", "Ada", &channel_ref(&channel))
        .await
        .expect("409 Conflict from team and channel is success");

    assert_eq!(id, user);
    assert_eq!(
        setup.fake.team_members(TEAM),
        vec![setup.owner(), user.clone()]
    );
    assert_eq!(
        setup.fake.channel_members(TEAM, &channel.id),
        vec![setup.owner(), user]
    );
}

#[tokio::test]
async fn an_address_with_a_quote_is_escaped_in_the_filter() {
    let setup = Setup::start().await;
    let user = setup.fake.add_user("o'brien@example.com", "Pat O'Brien");
    let graph = setup.connector();
    let channel = graph.ensure_channel("Acme").await.expect("channel");

    let id = graph
        .ensure_member("o'brien@example.com", "Pat O'Brien", &channel_ref(&channel))
        .await
        .expect("found");

    assert_eq!(
        id, user,
        "mail eq 'o''brien@…' finds the user, so nobody is invited"
    );
    assert!(setup.fake.invitations().is_empty());
}

#[tokio::test]
async fn a_channel_id_not_in_the_team_fails_before_anyone_is_invited() {
    let setup = Setup::start().await;
    let channel = ChannelRef {
        id: "19:gone@thread.tacv2".into(),
        name: "Acme".into(),
        private: false,
    };

    let error = setup
        .connector()
        .ensure_member("grace@partner.example", "Grace", &channel)
        .await
        .unwrap_err();

    let message = permanent_message(error);
    assert!(message.contains("NotFound: Channel not found"), "{message}");
    assert!(setup.fake.invitations().is_empty(), "nothing was done");
}

// ---- token ----

#[tokio::test]
async fn the_token_is_fetched_once_for_many_calls() {
    let setup = Setup::start().await;
    let graph = setup.connector();

    for _ in 0..5 {
        graph.ensure_channel("Acme").await.expect("channel");
    }

    assert_eq!(
        setup.fake.token_requests(),
        1,
        "cached until shortly before it expires"
    );
}

#[tokio::test]
async fn a_token_about_to_expire_is_not_reused() {
    let setup = Setup::start().await;
    setup.fake.set_token_lifetime(60);
    setup.fake.add_channel(TEAM, "Acme", "standard");
    let graph = setup.connector();

    // Each finds the channel with one Graph request.
    graph.ensure_channel("Acme").await.expect("channel");
    graph.ensure_channel("Acme").await.expect("channel");

    assert_eq!(
        setup.fake.token_requests(),
        2,
        "a token with a minute left is inside the renewal margin, so each request gets a new one"
    );
}

#[tokio::test]
async fn an_enormous_token_lifetime_is_capped_instead_of_overflowing() {
    let setup = Setup::start().await;
    setup.fake.set_token_lifetime(u64::MAX);
    setup.fake.add_channel(TEAM, "Acme", "standard");
    let graph = setup.connector();

    graph
        .ensure_channel("Acme")
        .await
        .expect("an absurd expires_in neither panics nor fails the call");
    graph.ensure_channel("Acme").await.expect("channel");

    assert_eq!(
        setup.fake.token_requests(),
        1,
        "the token is still cached and reused"
    );
}

#[tokio::test]
async fn a_401_drops_the_cached_token_and_the_call_succeeds_with_a_fresh_one() {
    let setup = Setup::start().await;
    let graph = setup.connector();
    graph.ensure_channel("Acme").await.expect("channel");

    setup.fake.expire_tokens();
    let channel = graph
        .ensure_channel("Acme")
        .await
        .expect("fresh token used");

    assert_eq!(
        setup.fake.token_requests(),
        2,
        "one new token after the 401"
    );
    assert_eq!(setup.channels_named("Acme"), 1);
    assert!(!channel.id.is_empty());
}

#[tokio::test]
async fn a_wrong_secret_names_the_aadsts_code_and_the_setting_without_the_secret() {
    let setup = Setup::start().await;
    let graph = setup.connector_with_secret("wrong-secret-value");

    let error = graph.ensure_channel("Acme").await.unwrap_err();

    let debug = format!("{error:?}");
    let message = permanent_message(error);
    assert!(
        message.contains("AADSTS7000215"),
        "Microsoft's code: {message}"
    );
    assert!(
        message.contains("Invalid client secret provided"),
        "{message}"
    );
    assert!(
        message.contains("Check the client secret in Settings → Microsoft Teams"),
        "{message}"
    );
    assert!(
        !message.contains("Trace ID"),
        "trace lines are left out: {message}"
    );
    assert!(!message.contains("wrong-secret-value") && !debug.contains("wrong-secret-value"));
    assert_no_secret(&debug);
    assert!(setup.fake.channels(TEAM).len() == 1, "nothing was created");
}

#[tokio::test]
async fn a_wrong_tenant_names_the_tenant_setting() {
    let setup = Setup::start().await;
    let graph = GraphConnector::new(GraphSettings {
        tenant_id: "other-tenant".into(),
        ..setup.settings(ChannelMembership::Standard)
    });

    let message = permanent_message(graph.ensure_channel("Acme").await.unwrap_err());

    assert!(message.contains("AADSTS90002"), "{message}");
    assert!(message.contains("Check the tenant id"), "{message}");
}

#[tokio::test]
async fn a_busy_token_endpoint_is_transient() {
    let setup = Setup::start().await;
    setup.fake.fail_next_token_requests(1, 503, Some(3));

    let error = setup.connector().ensure_channel("Acme").await.unwrap_err();

    assert!(
        matches!(error, ConnectorError::Transient { retry_after: Some(d), .. } if d == Duration::from_secs(3)),
        "sign-in outages are retried: {error:?}"
    );
}

// ---- throttling and outages ----

#[tokio::test]
async fn throttling_is_transient_with_graphs_retry_after_and_creates_nothing_twice() {
    let setup = Setup::start().await;
    let graph = setup.connector();
    graph.ensure_channel("Warm-up").await.expect("token cached");
    setup.fake.fail_next_api_requests(1, 429, Some(7));

    let error = graph.ensure_channel("Acme").await.unwrap_err();
    match &error {
        ConnectorError::Transient {
            message,
            retry_after,
        } => {
            assert_eq!(
                *retry_after,
                Some(Duration::from_secs(7)),
                "Graph's Retry-After"
            );
            assert!(message.contains("429"), "{message}");
        }
        other => panic!("expected transient, got {other:?}"),
    }
    graph.ensure_channel("Acme").await.expect("the retry works");
    assert_eq!(setup.channels_named("Acme"), 1);
}

#[tokio::test]
async fn an_outage_is_transient() {
    let setup = Setup::start().await;
    let graph = setup.connector();
    graph.ensure_channel("Warm-up").await.expect("token cached");
    setup.fake.fail_next_api_requests(1, 503, Some(2));

    let error = graph.ensure_channel("Acme").await.unwrap_err();

    assert!(
        matches!(error, ConnectorError::Transient { retry_after: Some(d), .. } if d == Duration::from_secs(2)),
        "503 is retried by the engine: {error:?}"
    );
}

// ---- settings and test connection ----

#[tokio::test]
async fn missing_settings_are_not_configured() {
    let setup = Setup::start().await;
    let graph = GraphConnector::new(GraphSettings {
        team_id: String::new(),
        ..setup.settings(ChannelMembership::Standard)
    });

    let error = graph.ensure_channel("Acme").await.unwrap_err();

    assert_eq!(
        error,
        ConnectorError::NotConfigured {
            system: "Microsoft Teams".into()
        }
    );
    assert_eq!(
        setup.fake.token_requests(),
        0,
        "nothing is sent without settings"
    );
}

#[tokio::test]
async fn test_connection_names_the_team() {
    let setup = Setup::start().await;

    let summary = setup.connector().test_connection().await.expect("works");

    assert!(
        summary.contains("\"Partners\""),
        "names the team found: {summary}"
    );
    assert!(
        summary.contains("standard"),
        "says what channels will be: {summary}"
    );
    assert_no_secret(&summary);
}

#[tokio::test]
async fn test_connection_for_private_channels_reads_their_owner() {
    let setup = Setup::start().await;

    let summary = setup
        .private_connector()
        .test_connection()
        .await
        .expect("works");
    assert!(
        summary.contains("private, owned by IT Owner"),
        "names the owner found in the directory: {summary}"
    );

    let unknown = GraphConnector::new(GraphSettings {
        private_channel_owner: "00000000-0000-0000-0000-00000000dead".into(),
        ..setup.settings(ChannelMembership::Private)
    });
    let message = permanent_message(unknown.test_connection().await.unwrap_err());
    assert!(
        message.contains("Request_ResourceNotFound") && message.contains("private channel owner"),
        "quotes Graph and names the setting: {message}"
    );

    let missing = GraphConnector::new(GraphSettings {
        private_channel_owner: String::new(),
        ..setup.settings(ChannelMembership::Private)
    });
    let message = permanent_message(missing.test_connection().await.unwrap_err());
    assert!(message.contains("private channel owner"), "{message}");
}

#[tokio::test]
async fn test_connection_with_a_wrong_secret_says_what_to_fix() {
    let setup = Setup::start().await;

    let error = setup
        .connector_with_secret("not-it")
        .test_connection()
        .await
        .unwrap_err();

    let message = permanent_message(error);
    assert!(message.contains("AADSTS7000215"), "{message}");
    assert!(
        message.contains("client secret in Settings → Microsoft Teams"),
        "{message}"
    );
    assert!(!message.contains("not-it"), "{message}");
}
