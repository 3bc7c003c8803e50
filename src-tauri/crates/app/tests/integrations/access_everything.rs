//! The check of everything, against the fakes: what it finds is recorded with the run and
//! counted as new only the first time; the daily check runs by itself once a day from its hour.

use hyopps_contract::{AccessCheckSchedule, AccessState, CheckedSystem, ErrorCode, WireError};

use super::access_check::strangers_by_hand;
use super::access_repair::slack_group_and_ada;
use super::offboarding::onboarded;
use super::{configured_app, EMAIL};

#[tokio::test]
async fn a_check_of_everything_records_its_differences_and_counts_only_the_new_ones_again() {
    let f = configured_app().await;
    let (organization_id, ada) = onboarded(&f).await;
    let (group, slack_ada) = slack_group_and_ada(&f);
    f.world.slack.remove_usergroup_member(&group, &slack_ada);
    strangers_by_hand(&f, "mallory@elsewhere.example", "mallory@elsewhere.example");

    let first = f.app.check_all_access(&f.admin).await.unwrap();
    let second = f.app.check_all_access(&f.admin).await.unwrap();
    let overview = f.app.access_overview(&f.admin).await.unwrap();

    assert_eq!((first.organizations, first.people), (1, 1));
    assert_eq!(
        (first.differences, first.new_differences),
        (3, 3),
        "Ada's Slack, and Mallory in Metabase and Keycloak"
    );
    assert_eq!(
        (second.differences, second.new_differences),
        (3, 0),
        "the same differences again are not new"
    );
    let found: Vec<(&str, CheckedSystem, AccessState)> = overview
        .report
        .differences
        .iter()
        .map(|d| (d.email.as_str(), d.system, d.state))
        .collect();
    assert!(
        found.contains(&(EMAIL, CheckedSystem::Slack, AccessState::Missing)),
        "{found:?}"
    );
    assert!(found.contains(&(
        "mallory@elsewhere.example",
        CheckedSystem::Metabase,
        AccessState::Unexpected
    )));
    let ada_row = overview
        .report
        .differences
        .iter()
        .find(|d| d.user_id.as_deref() == Some(ada.as_str()))
        .unwrap();
    assert_eq!(ada_row.organization_id, organization_id);
    assert!(
        ada_row.organization_name.starts_with("O'Brien"),
        "{}",
        ada_row.organization_name
    );
    assert!(
        overview.report.run.unwrap().started_by.is_some(),
        "an admin's run names them"
    );
    assert!(overview.systems_configured);
    let audit = f
        .app
        .list_audit_log(&f.admin, Default::default())
        .await
        .unwrap();
    assert_eq!(
        audit
            .items
            .iter()
            .filter(|e| e.action == "access_checked")
            .count(),
        2,
        "each run is audited"
    );
}

#[tokio::test]
async fn the_daily_check_runs_once_a_day_from_its_hour_and_not_when_switched_off() {
    let f = configured_app().await;
    onboarded(&f).await;
    let midnight = AccessCheckSchedule {
        daily: true,
        hour_utc: 0,
    };
    let off = AccessCheckSchedule {
        daily: false,
        hour_utc: 0,
    };

    f.app
        .set_access_check_schedule(&f.admin, off)
        .await
        .unwrap();
    let when_off = f.app.daily_access_check().await.unwrap();
    f.app
        .set_access_check_schedule(&f.admin, midnight)
        .await
        .unwrap();
    let due = f.app.daily_access_check().await.unwrap();
    let again = f.app.daily_access_check().await.unwrap();
    let bad_hour = WireError::from(
        f.app
            .set_access_check_schedule(
                &f.admin,
                AccessCheckSchedule {
                    daily: true,
                    hour_utc: 24,
                },
            )
            .await
            .unwrap_err(),
    );

    assert!(when_off.is_none(), "switched off: it does not run");
    let due = due.expect("due from midnight, and no daily run yet today");
    assert_eq!(due.started_by, None, "the daily check, not an admin");
    assert!(again.is_none(), "once a day");
    assert_eq!(bad_hour.code, ErrorCode::Validation);
}

#[tokio::test]
async fn the_latest_checks_differences_export_as_csv_in_words() {
    let f = configured_app().await;
    onboarded(&f).await;
    strangers_by_hand(&f, "mallory@elsewhere.example", "mallory@elsewhere.example");
    let before_any_check = f.app.export_access_report_csv(&f.admin).await.unwrap();
    f.app.check_all_access(&f.admin).await.unwrap();

    let export = f.app.export_access_report_csv(&f.admin).await.unwrap();

    assert_eq!(
        before_any_check.rows, 0,
        "nothing checked yet: only the header"
    );
    assert_eq!(export.rows, 2, "Mallory in Metabase and in Keycloak");
    let mut lines = export.content.lines();
    assert_eq!(
        lines.next(),
        Some("Organisation,Who,Email,In HyOpps,System,Difference,What the system says")
    );
    let metabase = export
        .content
        .lines()
        .find(|l| l.contains("Metabase"))
        .expect("a Metabase row");
    assert!(
        metabase.starts_with("O'Brien & Söhne")
            && metabase
                .contains("mallory@elsewhere.example,none of its people,Metabase,Unexpected"),
        "labels, not storage keys: {metabase}"
    );
    assert!(export
        .suggested_file_name
        .starts_with("hyopps-access-check-"));
}
