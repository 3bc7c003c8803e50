//! Which collection the template is cloned into: the one HyOpps made for the organisation,
//! never another that merely has its name (an internal "Finance" must not be given to a partner
//! called Finance).

use hyopps_connectors::MetabaseApi;

use super::{template_contents, Env};

#[tokio::test]
async fn a_collection_that_only_shares_the_organisation_s_name_is_never_reused() {
    let env = Env::start().await;
    // An internal collection; the new partner happens to be called the same.
    let internal = env.fake.add_collection("Finance");
    env.fake.add_card(internal, "Salaries");
    let metabase = env.connector();

    let id = metabase
        .clone_template_collection("Finance", None)
        .await
        .unwrap();
    let again = metabase
        .clone_template_collection("Finance", None)
        .await
        .unwrap();

    assert_ne!(
        id, internal,
        "the partner gets a collection of its own, not the internal one its group would be given write access to"
    );
    assert_eq!(
        env.item_names(internal),
        vec![("card".to_string(), "Salaries".to_string())],
        "nothing is copied into the internal collection"
    );
    assert_eq!(env.item_names(id), template_contents());
    assert_eq!(
        again, id,
        "the next run finds the collection HyOpps made (by its mark), not the internal one"
    );
    let described = env
        .fake
        .collections()
        .into_iter()
        .find(|c| c.id == id)
        .and_then(|c| c.description)
        .unwrap_or_default();
    assert!(
        described.starts_with("Partner collection created by HyOpps for Finance"),
        "the new collection carries HyOpps's mark: {described:?}"
    );
}

#[tokio::test]
async fn the_collection_hyopps_already_made_for_the_organisation_is_the_one_filled() {
    let env = Env::start().await;
    // Made for the organisation earlier (or completed by hand) under another name.
    let known = env.fake.add_collection("Acme partner space");
    env.fake.add_dashboard(known, "Partner overview");

    let id = env
        .connector()
        .clone_template_collection("Acme", Some(known))
        .await
        .unwrap();

    assert_eq!(id, known, "the organisation's own collection is reused");
    assert_eq!(env.item_names(id), template_contents());
    assert_eq!(
        env.fake.requests("POST /api/collection"),
        0,
        "no second collection is made"
    );
}

#[tokio::test]
async fn a_known_collection_moved_to_the_trash_is_replaced_by_a_new_one() {
    let env = Env::start().await;
    let trashed = env.fake.add_collection("Acme");
    env.fake.archive_collection(trashed);

    let id = env
        .connector()
        .clone_template_collection("Acme", Some(trashed))
        .await
        .unwrap();

    assert_ne!(id, trashed, "a collection in the trash is not filled again");
    assert_eq!(env.item_names(id), template_contents());
}
