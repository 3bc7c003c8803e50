//! new_partner's Metabase collection: the partner's group gets write access only to a collection
//! HyOpps made for the organisation, never to another that merely has its name.

use hyopps_contract::{ExecutionDetail, ExecutionStatus};
use serde_json::json;

use super::{configured_app, new_partner_up_to_lms, Fixture};

/// Runs new_partner for `name` up to its last (manual) step.
async fn run_new_partner(f: &Fixture, name: &str) -> ExecutionDetail {
    let detail = new_partner_up_to_lms(f, name, ["4001", "4002"]).await;
    assert_eq!(
        (detail.summary.status, detail.summary.current_step_order),
        (ExecutionStatus::AwaitingInput, 8),
        "{:?}",
        detail.summary.error
    );
    detail
}

/// The collection id the clone step reported.
fn cloned_into(detail: &ExecutionDetail) -> i64 {
    detail
        .steps
        .iter()
        .find(|s| s.name == "clone_metabase_collection")
        .and_then(|s| s.output.as_ref())
        .and_then(|output| output["metabase_collection_id"].as_i64())
        .expect("the clone step reports its collection")
}

#[tokio::test]
async fn a_partner_called_like_an_internal_collection_gets_write_access_to_its_own() {
    let f = configured_app().await;
    let metabase = &f.world.metabase;
    let internal = metabase.add_collection("Finance");

    let first = run_new_partner(&f, "Finance").await;

    let partner_collection = cloned_into(&first);
    assert_ne!(
        partner_collection, internal,
        "the partner Finance gets a collection of its own"
    );
    let group = metabase
        .groups()
        .into_iter()
        .find(|g| g.name == "ext-finance")
        .expect("the partner's group");
    assert_eq!(
        metabase.collection_permission(group.id, internal),
        None,
        "the partner's group is given nothing on the internal collection"
    );
    assert_eq!(
        metabase
            .collection_permission(group.id, partner_collection)
            .as_deref(),
        Some("write")
    );

    // Someone rewrites the collection's description in Metabase; onboarding runs again for the
    // same organisation: the collection recorded for it is still the one filled.
    metabase.set_collection_description(partner_collection, Some("Finance partner"));
    let second = run_new_partner(&f, "Finance").await;
    assert_eq!(
        cloned_into(&second),
        partner_collection,
        "the organisation's recorded collection is reused"
    );
    assert_eq!(
        metabase
            .collections()
            .iter()
            .filter(|c| c.name == "Finance")
            .count(),
        2,
        "the internal collection and the partner's, no third"
    );
}
