//! Reading a group's members without changing anything.

use hyopps_connectors::MetabaseApi;

use super::Env;

#[tokio::test]
async fn groups_members_are_read_by_email_deactivated_ones_marked_and_shared_lists_read_once() {
    let env = Env::start().await;
    let group = env.fake.add_group("ext-acme");
    let other = env.fake.add_group("ext-other");
    let ada = env.fake.add_user("ada@acme.example", "Ada", "Lovelace");
    let bob = env.fake.add_user("bob@acme.example", "Bob", "Stranger");
    let eve = env.fake.add_user("eve@other.example", "Eve", "Elsewhere");
    env.fake.add_membership(ada, group);
    env.fake.add_membership(bob, group);
    env.fake.add_membership(eve, other);
    env.fake.deactivate_user(bob);

    let rosters = env
        .connector()
        .group_rosters(&[group, other])
        .await
        .expect("read");
    let mut members: Vec<(&str, bool)> = rosters[0]
        .members
        .iter()
        .map(|m| (m.email.as_str(), m.active))
        .collect();
    members.sort();

    assert_eq!(
        members,
        [("ada@acme.example", true), ("bob@acme.example", false)]
    );
    assert_eq!(rosters[1].members[0].email, "eve@other.example");
    assert_eq!(
        env.fake.requests("GET /api/permissions/membership"),
        1,
        "the membership map is read once for both groups"
    );
    assert_eq!(
        env.fake.requests("POST /api/permissions/membership"),
        0,
        "reading adds nobody"
    );
}
