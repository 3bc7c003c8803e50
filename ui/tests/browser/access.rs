//! Browser tests of the Access check screen: the latest check of everything in words, its
//! differences filtered by organisation, system and state, "Check everything now" reloading
//! what it found, and the daily schedule saved.

use crate::admin_console::*;
use crate::support::*;
use serde_json::json;
use wasm_bindgen_test::*;

fn overview(differences: serde_json::Value, finished_at: &str) -> serde_json::Value {
    json!({
        "report": {
            "run": {"started_at": finished_at, "finished_at": finished_at, "started_by": null,
                    "organizations": 2, "people": 41, "differences": 2, "new_differences": 1},
            "differences": differences
        },
        "schedule": {"daily": true, "hour_utc": 6},
        "systems_configured": true
    })
}

fn differences() -> serde_json::Value {
    json!([
        {"organization_id": "o1", "organization_name": "O'Brien & Söhne", "user_id": "u1",
         "who": "Ada Lovelace", "email": "ada@obrien.example", "system": "slack", "state": "missing",
         "says": "Not in the Slack group ext-obrien."},
        {"organization_id": "o2", "organization_name": "Müller + Partner", "user_id": null,
         "who": "mallory@elsewhere.example", "email": "mallory@elsewhere.example",
         "system": "metabase", "state": "unexpected",
         "says": "In the group ext-mueller, but none of Müller + Partner's people in HyOpps."}
    ])
}

#[wasm_bindgen_test]
async fn the_latest_check_lists_its_differences_and_the_filters_narrow_them() {
    fake_invoke(&format!(
        "switch (cmd) {{
           case 'access_overview': return Promise.resolve({});
           case 'check_all_access': return Promise.resolve({});
           case 'set_access_check_schedule': return Promise.resolve({});
           default: return Promise.reject({{code: 'Internal', message: 'unexpected command ' + cmd}});
         }}",
        overview(differences(), "2026-12-06T06:00:05Z"),
        overview(differences(), "2026-12-06T06:00:05Z")["report"]["run"],
        overview(differences(), "2026-12-06T06:00:05Z"),
    ));
    let (page, _restore) = mount_at("/access-check").await;
    page.wait_for("access-differences", "the differences").await;

    assert!(
        page.find("access-export").is_some(),
        "Export CSV… is offered"
    );
    let summary = page.text("access-check-summary");
    assert!(
        summary.contains("by the daily check")
            && summary.contains("2 organisation(s), 41 people, 2 difference(s) (1 new"),
        "{summary}"
    );
    assert!(page.text("access-difference-0").contains("Ada Lovelace"));
    assert!(page
        .text("access-difference-1")
        .contains("mallory@elsewhere.example (none of its people)"));

    page.type_into("access-filter-system", "metabase").await;
    assert_eq!(
        page.text("access-differences-count"),
        "1 of 2 difference(s)."
    );
    assert!(page
        .text("access-difference-0")
        .contains("Müller + Partner"));
    page.type_into("access-filter-system", "").await;
    page.type_into("access-filter-organisation", "o1").await;
    page.type_into("access-filter-state", "missing").await;
    assert_eq!(
        page.text("access-differences-count"),
        "1 of 2 difference(s)."
    );

    page.click("access-check-all").await;
    page.wait_until("the overview is read again", || {
        (calls_of("access_overview").len() == 2).then_some(())
    })
    .await;
    page.type_into("access-schedule-hour", "22").await;
    page.click("access-schedule-save").await;
    page.wait_for("access-schedule-saved", "saved").await;
    assert_eq!(
        calls_of("set_access_check_schedule")[0]["request"],
        json!({"daily": true, "hour_utc": 22})
    );
}
