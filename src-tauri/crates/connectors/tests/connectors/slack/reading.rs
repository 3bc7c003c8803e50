//! Reading Slack without changing it: a user group found as `ensure_usergroup` would, and
//! whether a person is in the workspace and the group.

use hyopps_connectors::{SlackApi, SlackPresence};

use super::Setup;

#[tokio::test]
async fn a_usergroup_is_found_by_handle_and_a_missing_one_is_none() {
    let setup = Setup::start().await;
    let id = setup
        .fake
        .add_usergroup("O'Brien & Söhne", "ext-obrien-sohne", &[], &[]);
    let slack = setup.connector();

    let found = slack
        .find_usergroup("O'Brien & Söhne", "EXT-OBRIEN-SOHNE")
        .await
        .expect("read");
    let missing = slack
        .find_usergroup("Müller + Partner", "ext-muller-partner")
        .await
        .expect("read");

    assert_eq!(
        found.map(|g| g.id),
        Some(id),
        "Slack compares handles without case"
    );
    assert_eq!(missing, None);
    assert_eq!(setup.fake.usergroups().len(), 1, "reading created nothing");
    assert_eq!(setup.calls_to("usergroups.create"), 0);
}

#[tokio::test]
async fn a_person_is_read_in_the_group_and_nothing_is_written() {
    let setup = Setup::start().await;
    let ada = setup.fake.add_user("ada@partner.example", "ada");
    let bob = setup.fake.add_user("bob@partner.example", "bob");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&ada]);
    let slack = setup.connector();

    let in_group = slack
        .presence("ada@partner.example", &group)
        .await
        .expect("read");
    let outside = slack
        .presence("bob@partner.example", &group)
        .await
        .expect("read");
    let stranger = slack
        .presence("nobody@partner.example", &group)
        .await
        .expect("read");

    assert_eq!(
        in_group,
        SlackPresence {
            user_id: Some(ada.clone()),
            in_group: true,
            group_members: 1,
            group_enabled: true,
        }
    );
    assert_eq!(
        outside,
        SlackPresence {
            user_id: Some(bob),
            in_group: false,
            group_members: 1,
            group_enabled: true,
        },
        "in the workspace, not in the group"
    );
    assert_eq!(
        stranger.user_id, None,
        "users_not_found is an answer, not an error"
    );
    assert_eq!(
        setup.fake.usergroup_users(&group),
        vec![ada],
        "the group is unchanged"
    );
    assert_eq!(
        setup.calls_to("usergroups.users.update"),
        0,
        "reading writes nothing"
    );
}

#[tokio::test]
async fn a_disabled_group_is_read_as_disabled_with_its_list_kept() {
    let setup = Setup::start().await;
    let ada = setup.fake.add_user("ada@partner.example", "ada");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&ada]);
    setup.fake.disable_usergroup(&group);

    let presence = setup
        .connector()
        .presence("ada@partner.example", &group)
        .await
        .expect("read");

    assert!(presence.in_group, "Slack keeps a disabled group's list");
    assert!(!presence.group_enabled, "but the group reaches nobody");
}

#[tokio::test]
async fn groups_are_read_by_email_over_every_page_of_accounts_each_list_once() {
    let setup = Setup::start().await;
    // More accounts than one page of users.list holds.
    for n in 0..450 {
        setup
            .fake
            .add_user(&format!("person{n}@elsewhere.example"), &format!("p{n}"));
    }
    let ada = setup.fake.add_user("ada@partner.example", "ada");
    let bob = setup.fake.add_user("bob@partner.example", "bob");
    let acme = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&ada]);
    let globex = setup
        .fake
        .add_usergroup("ext-globex", "ext-globex", &[], &[&bob]);
    setup.fake.disable_usergroup(&globex);

    let rosters = setup
        .connector()
        .group_rosters(&[acme.clone(), globex.clone(), "S-GONE".into()])
        .await
        .expect("read");

    let emails = |i: usize| -> Vec<&str> {
        rosters[i]
            .members
            .iter()
            .map(|m| m.email.as_str())
            .collect()
    };
    assert_eq!(emails(0), ["ada@partner.example"], "found on the last page");
    assert!(rosters[0].enabled);
    assert_eq!(emails(1), ["bob@partner.example"]);
    assert!(
        !rosters[1].enabled,
        "a disabled group keeps its list, reaching nobody"
    );
    assert!(emails(2).is_empty(), "a group deleted in Slack has nobody");
    assert_eq!(
        setup.calls_to("users.list"),
        3,
        "every page once, for all groups"
    );
    assert_eq!(setup.calls_to("usergroups.list"), 1);
    assert_eq!(
        setup.calls_to("usergroups.users.update"),
        0,
        "reading writes nothing"
    );
}
