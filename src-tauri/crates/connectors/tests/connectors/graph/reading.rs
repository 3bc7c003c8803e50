//! Reading Teams without changing it: a channel found by name as `ensure_channel` would, and
//! where a person stands in the team and a private channel.

use hyopps_connectors::{ChannelRef, TeamsApi, TeamsPresence};

use super::{Setup, TEAM};

fn private_channel(id: &str, name: &str) -> ChannelRef {
    ChannelRef {
        id: id.into(),
        name: name.into(),
        private: true,
    }
}

#[tokio::test]
async fn a_channel_is_found_by_name_whatever_its_case_and_a_missing_one_is_none() {
    let setup = Setup::start().await;
    let id = setup.fake.add_channel(TEAM, "O'Brien & Söhne", "standard");
    let graph = setup.connector();
    let channels_before = setup.fake.channels(TEAM).len();

    let found = graph.find_channel("o'brien & SÖHNE").await.expect("read");
    let missing = graph.find_channel("Müller + Partner").await.expect("read");

    assert_eq!(
        found.map(|c| c.id),
        Some(id),
        "Teams compares channel names without case, so the preview does too"
    );
    assert_eq!(
        missing, None,
        "no channel of that name: None, nothing created"
    );
    assert_eq!(
        setup.fake.channels(TEAM).len(),
        channels_before,
        "reading created no channel"
    );
}

#[tokio::test]
async fn a_person_is_read_in_the_team_and_the_private_channel_and_nothing_changes() {
    let setup = Setup::start().await;
    let channel = setup.fake.add_channel(TEAM, "Acme", "private");
    let in_both = setup.fake.add_user("ada@partner.example", "Ada");
    setup.fake.add_team_member(TEAM, &in_both);
    setup.fake.add_channel_member(TEAM, &channel, &in_both);
    let team_only = setup.fake.add_guest("bob@partner.example", "Bob");
    setup.fake.add_team_member(TEAM, &team_only);
    let graph = setup.connector();
    let acme = private_channel(&channel, "Acme");

    let ada = graph
        .presence("ada@partner.example", Some(&acme))
        .await
        .expect("read");
    let bob = graph
        .presence("bob@partner.example", Some(&acme))
        .await
        .expect("read");
    let nobody = graph
        .presence("nobody@partner.example", Some(&acme))
        .await
        .expect("read");

    assert_eq!(
        ada,
        TeamsPresence {
            user_id: Some(in_both),
            in_team: true,
            in_channel: Some(true),
        }
    );
    assert_eq!(
        bob,
        TeamsPresence {
            user_id: Some(team_only),
            in_team: true,
            in_channel: Some(false),
        },
        "in the team but not the private channel"
    );
    assert_eq!(
        nobody,
        TeamsPresence::default(),
        "not in the directory: in nothing"
    );
    assert!(
        setup.fake.invitations().is_empty(),
        "reading invites nobody"
    );
    assert_eq!(setup.fake.team_members(TEAM).len(), 2, "no one was added");
}

#[tokio::test]
async fn a_standard_channel_has_no_members_of_its_own_to_read() {
    let setup = Setup::start().await;
    let channel = setup.fake.add_channel(TEAM, "Acme", "standard");
    let ada = setup.fake.add_user("ada@partner.example", "Ada");
    setup.fake.add_team_member(TEAM, &ada);
    let standard = ChannelRef {
        id: channel,
        name: "Acme".into(),
        private: false,
    };

    let presence = setup
        .connector()
        .presence("ada@partner.example", Some(&standard))
        .await
        .expect("read");

    assert_eq!(
        presence.in_channel, None,
        "everyone in the team reads a standard channel: no membership to report"
    );
    assert!(presence.in_team);
}

#[tokio::test]
async fn a_private_channel_roster_is_its_own_and_a_standard_one_is_the_teams() {
    let setup = Setup::start().await;
    let private = setup.fake.add_channel(TEAM, "Acme", "private");
    let standard = setup.fake.add_channel(TEAM, "Globex", "standard");
    let ada = setup.fake.add_user("ada@partner.example", "Ada");
    let bob = setup.fake.add_guest("bob@partner.example", "Bob");
    setup.fake.add_team_member(TEAM, &ada);
    setup.fake.add_team_member(TEAM, &bob);
    setup.fake.add_channel_member(TEAM, &private, &ada);
    let channels = [
        private_channel(&private, "Acme"),
        ChannelRef {
            id: standard,
            name: "Globex".into(),
            private: false,
        },
    ];

    let rosters = setup
        .connector()
        .group_rosters(&channels)
        .await
        .expect("read");

    let emails = |i: usize| -> Vec<&str> {
        let mut emails: Vec<&str> = rosters[i]
            .members
            .iter()
            .map(|m| m.email.as_str())
            .collect();
        emails.sort();
        emails
    };
    assert_eq!(emails(0), ["ada@partner.example"]);
    assert!(
        rosters[0].exclusive,
        "a private channel's members are its own"
    );
    assert_eq!(emails(1), ["ada@partner.example", "bob@partner.example"]);
    assert!(
        !rosters[1].exclusive,
        "a standard channel is read by the whole team: no strangers there"
    );
    assert_eq!(setup.fake.team_members(TEAM).len(), 2, "no one was added");
}
