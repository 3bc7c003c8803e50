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
