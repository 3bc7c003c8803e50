//! Reading a group's members without changing anything.

use hyopps_connectors::MetabaseApi;

use super::Env;

#[tokio::test]
async fn a_groups_members_are_read_by_email_deactivated_ones_included() {
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

    let mut members = env
        .connector()
        .group_member_emails(group)
        .await
        .expect("read");
    members.sort();

    assert_eq!(members, ["ada@acme.example", "bob@acme.example"]);
    assert_eq!(
        env.fake.requests("POST /api/permissions/membership"),
        0,
        "reading adds nobody"
    );
}
