//! Slack's `usergroups.users.update` replaces the whole member list: people added at the same
//! time must all stay in the group, and a list changed in Slack at the same moment is noticed.

use std::sync::Arc;

use hyopps_connectors::{ConnectorError, SlackApi};

use super::Setup;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn people_added_to_one_group_at_the_same_time_all_stay_in_it() {
    let setup = Setup::start().await;
    let group = setup.fake.add_usergroup("ext-acme", "ext-acme", &[], &[]);
    let people: Vec<(String, String)> = (0..8)
        .map(|n| {
            let email = format!("person{n}@partner.example");
            let id = setup.fake.add_user(&email, &format!("person{n}"));
            (email, id)
        })
        .collect();
    // Two connectors, as after a change in Settings while executions are still running.
    let connectors = [Arc::new(setup.connector()), Arc::new(setup.connector())];

    let mut running = tokio::task::JoinSet::new();
    for (n, (email, _)) in people.iter().enumerate() {
        let slack = connectors[n % 2].clone();
        let (email, group) = (email.clone(), group.clone());
        running.spawn(async move { slack.add_to_usergroup(&email, &group).await });
    }
    while let Some(added) = running.join_next().await {
        added.expect("the task ran").expect("added");
    }

    let mut members = setup.fake.usergroup_users(&group);
    members.sort();
    let mut expected: Vec<String> = people.into_iter().map(|(_, id)| id).collect();
    expected.sort();
    assert_eq!(
        members, expected,
        "usergroups.users.update replaces the whole list: without one writer per group, a \
         concurrent update drops the people added meanwhile"
    );
}

#[tokio::test]
async fn a_member_lost_to_a_simultaneous_change_in_slack_is_a_transient_error() {
    let setup = Setup::start().await;
    let alice = setup.fake.add_user("alice@example.com", "alice");
    let carol = setup.fake.add_user("carol@partner.example", "carol");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&alice]);
    // Someone edits the group in Slack and writes back the list they read before ours.
    setup.fake.overwrite_after_next_usergroup_update();
    let slack = setup.connector();

    let error = slack
        .add_to_usergroup("carol@partner.example", &group)
        .await
        .unwrap_err();

    match error {
        ConnectorError::Transient { message, .. } => assert!(
            message.contains("read back without them") && message.contains("try again"),
            "says what happened and that HyOpps retries: {message}"
        ),
        other => panic!("the lost write must be retried, not reported as success: {other:?}"),
    }
    slack
        .add_to_usergroup("carol@partner.example", &group)
        .await
        .expect("the retry adds her");
    assert_eq!(setup.fake.usergroup_users(&group), vec![alice, carol]);
}
