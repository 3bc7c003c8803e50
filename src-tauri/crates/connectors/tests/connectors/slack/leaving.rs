//! A person leaving a Slack user group: the list is written back without them, the last member
//! leaving disables the group (Slack refuses an empty list), a guest leaves the group's channels
//! onboarding invited them to, and anything already gone is success.

use std::sync::Arc;
use std::time::Duration;

use hyopps_connectors::{ConnectorError, Removal, SlackApi};

use super::{permanent_message, Setup};

const LEAVER: &str = "leaver@partner.example";

#[tokio::test]
async fn a_member_leaves_once_the_others_stay_and_the_second_call_is_already_gone() {
    let setup = Setup::start().await;
    let stays = setup.fake.add_user("stays@partner.example", "stays");
    let leaver = setup.fake.add_user(LEAVER, "leaver");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&stays, &leaver]);
    let slack = setup.connector();

    let first = slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("removed");
    let second = slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("a second call is success too");

    assert_eq!(first, Removal::Removed, "the leaver was in the group");
    assert_eq!(
        second,
        Removal::AlreadyGone,
        "the second call finds nothing left to remove and says so"
    );
    assert_eq!(
        setup.fake.usergroup_users(&group),
        vec![stays],
        "the list is written back without the leaver only: the other member stays"
    );
    assert_eq!(
        setup.fake.usergroup_disabled(&group),
        Some(false),
        "a group that keeps members stays enabled"
    );
    assert_eq!(
        setup.calls_to("usergroups.users.update"),
        1,
        "the second call writes nothing"
    );
}

#[tokio::test]
async fn the_last_member_leaving_disables_the_group_instead_of_emptying_it() {
    let setup = Setup::start().await;
    let leaver = setup.fake.add_user(LEAVER, "leaver");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&leaver]);
    let slack = setup.connector();

    let first = slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("the group is disabled");
    let second = slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("a second call is success too");

    assert_eq!(
        first,
        Removal::Removed,
        "disabling took the leaver's access"
    );
    assert_eq!(
        second,
        Removal::AlreadyGone,
        "a disabled group still lists its last member, but grants nothing: already gone"
    );
    assert_eq!(
        setup.fake.usergroup_disabled(&group),
        Some(true),
        "Slack refuses an empty member list, so the group is disabled instead"
    );
    assert_eq!(
        setup.calls_to("usergroups.users.update"),
        0,
        "an empty list is never sent (Slack answers invalid_users)"
    );
    assert_eq!(
        setup.calls_to("usergroups.disable"),
        1,
        "disabled once, not again on the second call"
    );
}

#[tokio::test]
async fn someone_not_in_the_workspace_is_already_gone() {
    let setup = Setup::start().await;
    let stays = setup.fake.add_user("stays@partner.example", "stays");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&stays]);

    let removal = setup
        .connector()
        .remove_from_usergroup("nobody@partner.example", &group)
        .await
        .expect("users_not_found is not an error when taking access away");

    assert_eq!(
        removal,
        Removal::AlreadyGone,
        "no Slack account means no group membership"
    );
    assert_eq!(setup.fake.usergroup_users(&group), vec![stays], "untouched");
    assert_eq!(
        setup.calls_to("usergroups.users.list"),
        0,
        "the group is not even read for someone Slack does not know"
    );
}

#[tokio::test]
async fn a_member_not_in_the_group_is_already_gone_and_keeps_their_channels() {
    let setup = Setup::start().await;
    let channel = setup.fake.add_channel("ext-acme");
    let stays = setup.fake.add_user("stays@partner.example", "stays");
    let leaver = setup.fake.add_user(LEAVER, "leaver");
    // A full member who joined the group's channel on their own, not through HyOpps.
    setup.fake.add_channel_member(&channel, &leaver);
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[&channel], &[&stays]);

    let removal = setup
        .connector()
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("not a member is not an error");

    assert_eq!(
        removal,
        Removal::AlreadyGone,
        "someone not in the group has nothing there to lose"
    );
    assert_eq!(setup.fake.usergroup_users(&group), vec![stays], "untouched");
    assert_eq!(
        setup.fake.channel_members(&channel),
        vec![leaver],
        "a full member's channels were not given by HyOpps and are not taken"
    );
    assert_eq!(setup.calls_to("usergroups.users.update"), 0);
    assert_eq!(setup.calls_to("conversations.kick"), 0);
}

#[tokio::test]
async fn a_guest_leaves_the_groups_channel_onboarding_invited_them_to() {
    let setup = Setup::start().await;
    let channel = setup.fake.add_channel("ext-acme");
    let stays = setup.fake.add_user("stays@partner.example", "stays");
    setup.fake.add_channel_member(&channel, &stays);
    let guest = setup.fake.add_guest(LEAVER, "guest", false);
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[&channel], &[&stays]);
    let slack = setup.connector();
    slack
        .add_to_usergroup(LEAVER, &group)
        .await
        .expect("onboarding invites the guest to the channel");
    assert!(setup.fake.channel_members(&channel).contains(&guest));

    let first = slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("removed");
    let second = slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("a second call is success too");

    assert_eq!(
        first,
        Removal::Removed,
        "the guest's access was the channel membership, and it was taken"
    );
    assert_eq!(
        second,
        Removal::AlreadyGone,
        "not_in_channel the second time: already gone"
    );
    assert_eq!(
        setup.fake.channel_members(&channel),
        vec![stays.clone()],
        "only the guest left the channel"
    );
    assert_eq!(
        setup.fake.usergroup_users(&group),
        vec![stays],
        "the group (which never held the guest) is untouched"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn removing_and_adding_at_the_same_time_loses_neither_change() {
    let setup = Setup::start().await;
    let leaver = setup.fake.add_user(LEAVER, "leaver");
    let stays = setup.fake.add_user("stays@partner.example", "stays");
    let newcomers: Vec<(String, String)> = (0..4)
        .map(|n| {
            let email = format!("new{n}@partner.example");
            let id = setup.fake.add_user(&email, &format!("new{n}"));
            (email, id)
        })
        .collect();
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&leaver, &stays]);
    let connectors = [Arc::new(setup.connector()), Arc::new(setup.connector())];

    let mut running = tokio::task::JoinSet::new();
    {
        let (slack, group) = (connectors[0].clone(), group.clone());
        running.spawn(async move {
            slack
                .remove_from_usergroup(LEAVER, &group)
                .await
                .map(|_| ())
        });
    }
    for (n, (email, _)) in newcomers.iter().enumerate() {
        let slack = connectors[n % 2].clone();
        let (email, group) = (email.clone(), group.clone());
        running.spawn(async move { slack.add_to_usergroup(&email, &group).await.map(|_| ()) });
    }
    while let Some(done) = running.join_next().await {
        done.expect("the task ran").expect("each change succeeds");
    }

    let mut members = setup.fake.usergroup_users(&group);
    members.sort();
    let mut expected: Vec<String> = newcomers.into_iter().map(|(_, id)| id).collect();
    expected.push(stays);
    expected.sort();
    assert_eq!(
        members, expected,
        "removal takes the same per-group lock as adding: without it, a list written from a \
         stale read would bring the leaver back or drop a newcomer"
    );
}

#[tokio::test]
async fn an_unknown_group_id_is_permanent_and_says_the_record_is_wrong() {
    let setup = Setup::start().await;
    setup.fake.add_user(LEAVER, "leaver");

    let error = setup
        .connector()
        .remove_from_usergroup(LEAVER, "S99999999")
        .await
        .unwrap_err();

    let message = permanent_message(error);
    assert!(
        message.contains("S99999999") && message.contains("never deletes"),
        "Slack never deletes groups, so an unknown id is a wrong record, not success: {message}"
    );
}

#[tokio::test]
async fn rate_limiting_is_transient_with_slacks_retry_after_and_the_retry_removes() {
    let setup = Setup::start().await;
    let stays = setup.fake.add_user("stays@partner.example", "stays");
    let leaver = setup.fake.add_user(LEAVER, "leaver");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&stays, &leaver]);
    setup.fake.fail_next_requests(1, 429, Some(30));
    let slack = setup.connector();

    let error = slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .unwrap_err();

    assert!(
        matches!(error, ConnectorError::Transient { retry_after: Some(wait), .. } if wait == Duration::from_secs(30)),
        "429 is retried after Slack's Retry-After: {error:?}"
    );
    let removal = slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("the retry works");
    assert_eq!(removal, Removal::Removed);
    assert_eq!(setup.fake.usergroup_users(&group), vec![stays]);
}

#[tokio::test]
async fn the_fake_like_slack_refuses_an_empty_member_list() {
    let setup = Setup::start().await;
    let group = setup.fake.add_usergroup("ext-acme", "ext-acme", &[], &[]);
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/usergroups.users.update", setup.server.url()))
        .bearer_auth(super::TOKEN)
        .form(&[("usergroup", group.as_str()), ("users", "")])
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");

    assert_eq!(
        answer,
        serde_json::json!({ "ok": false, "error": "invalid_users" }),
        "Slack will not leave a group without members"
    );
}

#[tokio::test]
async fn a_newcomer_to_a_group_its_last_member_left_gets_it_alone_and_enabled() {
    let setup = Setup::start().await;
    let leaver = setup.fake.add_user(LEAVER, "leaver");
    let newcomer = setup.fake.add_user("newcomer@partner.example", "newcomer");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&leaver]);
    let slack = setup.connector();
    slack
        .remove_from_usergroup(LEAVER, &group)
        .await
        .expect("the group is disabled");
    assert_eq!(
        setup.fake.usergroup_users(&group),
        vec![leaver.clone()],
        "a disabled group still lists its last member (as Slack does)"
    );

    slack
        .add_to_usergroup("newcomer@partner.example", &group)
        .await
        .expect("added");

    assert_eq!(
        setup.fake.usergroup_users(&group),
        vec![newcomer],
        "the leaver does not come back with the newcomer: the disabled list starts afresh"
    );
    assert_eq!(
        setup.fake.usergroup_disabled(&group),
        Some(false),
        "the group is enabled again for its new member"
    );
}

#[tokio::test]
async fn a_partner_s_whole_group_is_disabled_once_then_already_gone() {
    let setup = Setup::start().await;
    let stays = setup.fake.add_user("stays@partner.example", "stays");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&stays]);
    let slack = setup.connector();

    let first = slack.disable_usergroup(&group).await.expect("disabled");
    let second = slack
        .disable_usergroup(&group)
        .await
        .expect("a second call is success too");

    assert_eq!(first, Removal::Removed);
    assert_eq!(second, Removal::AlreadyGone, "disabled already");
    assert_eq!(setup.fake.usergroup_disabled(&group), Some(true));
    assert_eq!(setup.calls_to("usergroups.disable"), 1, "disabled once");
}
