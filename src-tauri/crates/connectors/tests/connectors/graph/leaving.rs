//! A person leaving Teams: their private channel membership and their team membership are
//! deleted by membership id, found on every page of the rosters; anything already gone is
//! success, so the step can run again.

use std::time::Duration;

use hyopps_connectors::{ChannelRef, ConnectorError, GuestDeletion, Removal, TeamsApi};

use super::{Setup, TEAM};

const LEAVER: &str = "leaver@partner.example";

fn standard_channel(id: &str) -> ChannelRef {
    ChannelRef {
        id: id.into(),
        name: "Acme".into(),
        private: false,
    }
}

/// A team member who is not leaving.
fn colleague(setup: &Setup, n: usize) -> String {
    let id = setup
        .fake
        .add_user(&format!("colleague{n}@partner.example"), "Colleague");
    setup.fake.add_team_member(TEAM, &id);
    id
}

#[tokio::test]
async fn a_member_leaves_the_team_once_and_the_second_call_is_already_gone() {
    let setup = Setup::start().await;
    let stays = colleague(&setup, 1);
    let leaver = setup.fake.add_user(LEAVER, "Leaver");
    setup.fake.add_team_member(TEAM, &leaver);
    let channel = setup.fake.add_channel(TEAM, "Acme", "standard");
    let graph = setup.connector();

    let first = graph
        .remove_member(LEAVER, &standard_channel(&channel))
        .await
        .expect("removed");
    let second = graph
        .remove_member(LEAVER, &standard_channel(&channel))
        .await
        .expect("a second call is success too");

    assert_eq!(first, Removal::Removed, "the team membership was there");
    assert_eq!(
        second,
        Removal::AlreadyGone,
        "the second call finds nothing left to remove and says so"
    );
    assert_eq!(
        setup.fake.team_members(TEAM),
        vec![stays],
        "only the leaver is taken out of the team; the colleague stays"
    );
}

#[tokio::test]
async fn someone_not_in_the_directory_is_already_gone() {
    let setup = Setup::start().await;
    let stays = colleague(&setup, 1);
    let channel = setup.fake.add_channel(TEAM, "Acme", "standard");

    let removal = setup
        .connector()
        .remove_member("nobody@partner.example", &standard_channel(&channel))
        .await
        .expect("an unknown person is not an error");

    assert_eq!(
        removal,
        Removal::AlreadyGone,
        "someone the directory does not know is in no team"
    );
    assert_eq!(setup.fake.team_members(TEAM), vec![stays], "nobody removed");
}

#[tokio::test]
async fn someone_in_the_directory_but_not_in_the_team_is_already_gone() {
    let setup = Setup::start().await;
    let stays = colleague(&setup, 1);
    setup.fake.add_user(LEAVER, "Leaver");
    let channel = setup.fake.add_channel(TEAM, "Acme", "standard");

    let removal = setup
        .connector()
        .remove_member(LEAVER, &standard_channel(&channel))
        .await
        .expect("not a member is not an error");

    assert_eq!(
        removal,
        Removal::AlreadyGone,
        "a person who is in neither the team nor the channel has nothing to lose"
    );
    assert_eq!(setup.fake.team_members(TEAM), vec![stays], "nobody removed");
}

#[tokio::test]
async fn a_guest_is_found_by_mail_and_leaves_the_team() {
    let setup = Setup::start().await;
    let guest = setup.fake.add_guest(LEAVER, "Guest Leaver");
    setup.fake.add_team_member(TEAM, &guest);
    let channel = setup.fake.add_channel(TEAM, "Acme", "standard");

    let removal = setup
        .connector()
        .remove_member(LEAVER, &standard_channel(&channel))
        .await
        .expect("removed");

    assert_eq!(
        removal,
        Removal::Removed,
        "a guest (an #EXT# user principal name) is found by their mail, as onboarding found them"
    );
    assert!(
        setup.fake.team_members(TEAM).is_empty(),
        "the guest left the team"
    );
}

#[tokio::test]
async fn a_private_channel_membership_is_removed_as_well_as_the_teams() {
    let setup = Setup::start().await;
    let graph = setup.private_connector();
    let owner = setup.owner();
    let channel = graph.ensure_channel("Acme").await.expect("private channel");
    let leaver = setup.fake.add_user(LEAVER, "Leaver");
    setup.fake.add_team_member(TEAM, &leaver);
    setup.fake.add_channel_member(TEAM, &channel.id, &leaver);
    // The workflow may not know the channel is private: Teams says so.
    let recorded = ChannelRef {
        private: false,
        ..channel.clone()
    };

    let first = graph
        .remove_member(LEAVER, &recorded)
        .await
        .expect("removed");
    let second = graph
        .remove_member(LEAVER, &recorded)
        .await
        .expect("a second call is success too");

    assert_eq!(first, Removal::Removed);
    assert_eq!(second, Removal::AlreadyGone, "nothing left the second time");
    assert_eq!(
        setup.fake.channel_members(TEAM, &channel.id),
        vec![owner.clone()],
        "the leaver left the private channel (read as private from Teams); its owner stays"
    );
    assert_eq!(
        setup.fake.team_members(TEAM),
        vec![owner],
        "the leaver left the team too; the owner stays"
    );
}

#[tokio::test]
async fn a_private_channel_membership_alone_is_removed() {
    let setup = Setup::start().await;
    let graph = setup.private_connector();
    let channel = graph.ensure_channel("Acme").await.expect("private channel");
    let leaver = setup.fake.add_user(LEAVER, "Leaver");
    setup.fake.add_team_member(TEAM, &leaver);
    setup.fake.add_channel_member(TEAM, &channel.id, &leaver);
    // Someone took them out of the team by hand, which Teams did not carry to the channel.
    graph
        .remove_member(LEAVER, &channel)
        .await
        .expect("first removal");
    setup.fake.add_channel_member(TEAM, &channel.id, &leaver);

    let removal = graph
        .remove_member(LEAVER, &channel)
        .await
        .expect("removed");

    assert_eq!(
        removal,
        Removal::Removed,
        "a channel membership without a team membership is still something removed"
    );
    assert!(
        !setup
            .fake
            .channel_members(TEAM, &channel.id)
            .contains(&leaver),
        "out of the channel"
    );
}

#[tokio::test]
async fn member_lists_longer_than_one_page_are_followed_to_the_leaver() {
    let setup = Setup::start().await;
    let graph = setup.private_connector();
    let owner = setup.owner();
    let channel = graph.ensure_channel("Acme").await.expect("private channel");
    let mut stay: Vec<String> = (1..=5).map(|n| colleague(&setup, n)).collect();
    for id in &stay {
        setup.fake.add_channel_member(TEAM, &channel.id, id);
    }
    let leaver = setup.fake.add_user(LEAVER, "Leaver");
    setup.fake.add_team_member(TEAM, &leaver);
    setup.fake.add_channel_member(TEAM, &channel.id, &leaver);
    // Owner + five colleagues come before the leaver: the leaver is on the fourth page.
    setup.fake.set_member_page_size(2);

    let removal = graph
        .remove_member(LEAVER, &channel)
        .await
        .expect("removed");

    assert_eq!(
        removal,
        Removal::Removed,
        "the leaver is found on a later page, via @odata.nextLink"
    );
    stay.insert(0, owner);
    assert_eq!(
        setup.fake.team_members(TEAM),
        stay,
        "only the leaver left the team, found past the first page"
    );
    assert_eq!(
        setup.fake.channel_members(TEAM, &channel.id),
        stay,
        "only the leaver left the channel, found past the first page"
    );
}

#[tokio::test]
async fn a_channel_deleted_in_teams_still_lets_the_person_leave_the_team() {
    let setup = Setup::start().await;
    let leaver = setup.fake.add_user(LEAVER, "Leaver");
    setup.fake.add_team_member(TEAM, &leaver);

    let removal = setup
        .connector()
        .remove_member(LEAVER, &standard_channel("19:gone@thread.tacv2"))
        .await
        .expect("a channel that is gone has no members to keep");

    assert_eq!(removal, Removal::Removed, "the team membership was there");
    assert!(setup.fake.team_members(TEAM).is_empty(), "out of the team");
}

#[tokio::test]
async fn throttling_is_transient_with_graphs_retry_after_and_the_retry_removes() {
    let setup = Setup::start().await;
    let leaver = setup.fake.add_user(LEAVER, "Leaver");
    setup.fake.add_team_member(TEAM, &leaver);
    let channel = setup.fake.add_channel(TEAM, "Acme", "standard");
    let graph = setup.connector();
    graph.ensure_channel("Warm-up").await.expect("token cached");
    setup.fake.fail_next_api_requests(1, 429, Some(7));

    let error = graph
        .remove_member(LEAVER, &standard_channel(&channel))
        .await
        .unwrap_err();

    assert!(
        matches!(error, ConnectorError::Transient { retry_after: Some(wait), .. } if wait == Duration::from_secs(7)),
        "a 429 is retried after Graph's Retry-After: {error:?}"
    );
    assert_eq!(
        setup.fake.team_members(TEAM),
        vec![leaver],
        "nothing was removed by the throttled call"
    );
    let removal = graph
        .remove_member(LEAVER, &standard_channel(&channel))
        .await
        .expect("the retry works");
    assert_eq!(removal, Removal::Removed);
}

#[tokio::test]
async fn a_private_channel_deleted_in_teams_still_lets_the_person_leave_the_team() {
    let setup = Setup::start().await;
    let leaver = setup.fake.add_user(LEAVER, "Leaver");
    setup.fake.add_team_member(TEAM, &leaver);
    let gone = ChannelRef {
        private: true,
        ..standard_channel("19:gone@thread.tacv2")
    };

    let removal = setup
        .connector()
        .remove_member(LEAVER, &gone)
        .await
        .expect("a deleted private channel took its memberships with it");

    assert_eq!(removal, Removal::Removed, "the team membership was there");
    assert!(setup.fake.team_members(TEAM).is_empty(), "out of the team");
}

#[tokio::test]
async fn an_unknown_team_is_permanent_and_names_the_setting() {
    let setup = Setup::start().await;
    setup.fake.add_user(LEAVER, "Leaver");
    let graph = hyopps_connectors::GraphConnector::new(hyopps_connectors::GraphSettings {
        team_id: "no-such-team".into(),
        ..setup.settings(hyopps_connectors::ChannelMembership::Standard)
    });

    let error = graph
        .remove_member(LEAVER, &standard_channel("19:any@thread.tacv2"))
        .await
        .unwrap_err();

    let message = super::permanent_message(error);
    assert!(
        message.contains("team id"),
        "a team Graph does not know is not 'already gone': the setting is wrong: {message}"
    );
}

#[tokio::test]
async fn a_mover_leaves_the_private_channel_once_and_stays_in_the_team() {
    let setup = Setup::start().await;
    let graph = setup.private_connector();
    let owner = setup.owner();
    let channel = graph.ensure_channel("Acme").await.expect("private channel");
    let mover = setup.fake.add_user(LEAVER, "Mover");
    setup.fake.add_team_member(TEAM, &mover);
    setup.fake.add_channel_member(TEAM, &channel.id, &mover);

    let first = graph.leave_channel(LEAVER, &channel).await.expect("left");
    let second = graph
        .leave_channel(LEAVER, &channel)
        .await
        .expect("a second call is success too");

    assert_eq!(first, Removal::Removed);
    assert_eq!(second, Removal::AlreadyGone, "nothing left the second time");
    assert_eq!(
        setup.fake.channel_members(TEAM, &channel.id),
        vec![owner],
        "out of the old organisation's channel"
    );
    assert!(
        setup.fake.team_members(TEAM).contains(&mover),
        "still in the team, where the new organisation's channel is"
    );
}

#[tokio::test]
async fn leaving_a_standard_channel_leaves_nothing_and_keeps_the_team() {
    let setup = Setup::start().await;
    let mover = setup.fake.add_user(LEAVER, "Mover");
    setup.fake.add_team_member(TEAM, &mover);
    let channel = setup.fake.add_channel(TEAM, "Acme", "standard");

    let removal = setup
        .connector()
        .leave_channel(LEAVER, &standard_channel(&channel))
        .await
        .expect("nothing to leave is not an error");

    assert_eq!(
        removal,
        Removal::AlreadyGone,
        "a standard channel has no members of its own"
    );
    assert!(setup.fake.team_members(TEAM).contains(&mover));
}

fn deleting_guests(setup: &Setup) -> hyopps_connectors::GraphConnector {
    hyopps_connectors::GraphConnector::new(hyopps_connectors::GraphSettings {
        delete_guests_on_leaving: true,
        ..setup.settings(hyopps_connectors::ChannelMembership::Standard)
    })
}

#[tokio::test]
async fn a_leaver_s_guest_account_is_deleted_once_when_settings_ask_for_it() {
    let setup = Setup::start().await;
    let guest = setup.fake.add_guest(LEAVER, "Guest Leaver");
    setup.fake.add_team_member(TEAM, &guest);
    let graph = deleting_guests(&setup);

    let first = graph.delete_guest(LEAVER).await.expect("deleted");
    let second = graph
        .delete_guest(LEAVER)
        .await
        .expect("a second call is success too");

    assert_eq!(first, GuestDeletion::Deleted);
    assert_eq!(
        second,
        GuestDeletion::AlreadyGone,
        "nothing left the second time"
    );
    assert!(
        setup.fake.users().iter().all(|u| u.mail != LEAVER),
        "out of the directory"
    );
    assert!(
        !setup.fake.team_members(TEAM).contains(&guest),
        "and so out of the team"
    );
}

#[tokio::test]
async fn a_member_of_the_company_s_directory_is_never_deleted_and_by_default_nobody_is() {
    let setup = Setup::start().await;
    setup
        .fake
        .add_user("colleague@company.example", "Colleague");
    setup.fake.add_guest(LEAVER, "Guest Leaver");

    let member = deleting_guests(&setup)
        .delete_guest("colleague@company.example")
        .await
        .unwrap();
    let by_default = setup.connector().delete_guest(LEAVER).await.unwrap();

    assert_eq!(member, GuestDeletion::NotAGuest);
    assert_eq!(
        by_default,
        GuestDeletion::NotAsked,
        "Settings keep guests unless asked"
    );
    assert_eq!(setup.fake.users().len(), 2, "nobody deleted");
}
