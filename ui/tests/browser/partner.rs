//! Browser tests of the partner admin's panel: their organisation, users and executions from
//! the backend's answers, "Add user" starting new_partner_user and opening it, and the
//! execution detail as a partner admin sees it (Retry, but no Cancel / Complete by hand; a
//! step only the operations team completes waits for them instead of showing its form).
//! Routed through the app's own `Screens`, as a partner admin.

use crate::support::*;
use hyopps_contract::{
    AppRole, CurrentUser, DocumentationLink, ExecutionChanged, ExecutionDetail, ExecutionStatus,
    ExecutionSummary, FieldKind, FormField, OrganizationView, Page, PartnerOverview, PersonView,
    StepForm, StepKind, StepStatus, StepView, StudioCompanyView, EXECUTION_CHANGED_EVENT,
};
use hyopps_ui::app::Screens;
use hyopps_ui::route::AppRoute;
use serde_json::json;
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew_nested_router::prelude::Router;

// --- fixtures, built from the contract types ---------------------------------------------

fn partner_admin() -> CurrentUser {
    CurrentUser {
        id: "pa1".into(),
        email: "pat@acme.example".into(),
        display_name: "Pat Partner".into(),
        app_role: AppRole::PartnerAdmin,
        organization_id: Some("o1".into()),
        organization_name: Some("Acme".into()),
    }
}

fn overview(users: Vec<PersonView>, documentation: Vec<DocumentationLink>) -> PartnerOverview {
    PartnerOverview {
        organization: OrganizationView {
            id: "o1".into(),
            name: "Acme".into(),
            account_types: vec!["analytics".into(), "studio".into()],
            studio_companies: vec![
                StudioCompanyView {
                    name: "Acme Test".into(),
                    studio_id: "101".into(),
                    environment: "test".into(),
                },
                StudioCompanyView {
                    name: "Acme".into(),
                    studio_id: "202".into(),
                    environment: "prod".into(),
                },
            ],
            documentation,
        },
        users,
    }
}

fn person(id: &str, name: &str, role: AppRole, access: &[&str]) -> PersonView {
    PersonView {
        id: id.into(),
        display_name: name.into(),
        email: format!("{}@acme.example", name.to_lowercase()),
        app_role: role,
        access: access.iter().map(|a| (*a).to_owned()).collect(),
        created_at: "2025-11-25T16:00:00.000Z".into(),
    }
}

fn summary(id: &str, status: ExecutionStatus) -> ExecutionSummary {
    ExecutionSummary {
        id: id.into(),
        workflow: "new_partner_user".into(),
        workflow_label: "New partner user".into(),
        status,
        organization_id: Some("o1".into()),
        organization_name: Some("Acme".into()),
        user_id: None,
        user_name: Some("Jo".into()),
        current_step_order: 2,
        current_step_label: Some("User details".into()),
        step_count: 9,
        requested_by_name: Some("Pat Partner".into()),
        created_at: "2025-11-25T16:00:00.000Z".into(),
        updated_at: "2025-11-25T16:05:00.000Z".into(),
        completed_at: None,
        error: None,
    }
}

fn page_of(items: Vec<ExecutionSummary>) -> Page<ExecutionSummary> {
    Page {
        total: items.len() as u64,
        items,
        page: 1,
        page_size: 25,
    }
}

fn step(order: u32, status: StepStatus) -> StepView {
    StepView {
        order,
        name: format!("step_{order}"),
        label: format!("Step {order}"),
        description: format!("What step {order} does."),
        kind: StepKind::Auto,
        status,
        manual_input: None,
        output: None,
        error: (status == StepStatus::Failed).then(|| "Metabase is not configured.".to_owned()),
        completed_by_name: None,
        started_at: None,
        completed_at: None,
        attempts: 1,
        next_attempt_at: None,
        hand_completion_label: None,
    }
}

/// What `start_execution` answers: step 1 done for the organisation, step 2's form waiting.
fn started(id: &str) -> ExecutionDetail {
    ExecutionDetail {
        summary: summary(id, ExecutionStatus::AwaitingInput),
        steps: vec![
            step(1, StepStatus::Completed),
            step(2, StepStatus::AwaitingInput),
        ],
        form: Some(StepForm {
            step_order: 2,
            title: "The user's details".into(),
            instructions: vec![],
            fields: vec![FormField {
                name: "email".into(),
                label: "Email".into(),
                kind: FieldKind::Email,
                required: true,
                help: None,
                initial: None,
            }],
            submit_label: "Save user details".into(),
            operators_only: false,
        }),
        children: vec![],
        parent_id: None,
        system_links: vec![],
    }
}

fn failed(id: &str) -> ExecutionDetail {
    ExecutionDetail {
        summary: summary(id, ExecutionStatus::Failed),
        steps: vec![
            step(1, StepStatus::Completed),
            step(2, StepStatus::Completed),
            step(3, StepStatus::Failed),
        ],
        form: None,
        children: vec![],
        parent_id: None,
        system_links: vec![],
    }
}

fn js(value: &impl serde::Serialize) -> String {
    format!("Promise.resolve({})", serde_json::to_string(value).unwrap())
}

// --- mounting: the app's own routing, as a partner admin -----------------------------------

#[component]
fn PartnerApp() -> Html {
    html! {
        <Router<AppRoute>>
            <Screens user={partner_admin()} />
        </Router<AppRoute>>
    }
}

/// Mounts the partner admin's screens at `path`; the returned guard puts the test page's
/// address back.
async fn mount_at(path: &str) -> (Mounted<PartnerApp>, RestorePath) {
    let restore = RestorePath::go(path);
    (mount::<PartnerApp>(()).await, restore)
}

// --- the tests ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_panel_shows_the_organisation_its_users_and_its_executions() {
    let users = vec![
        person("u1", "Pat", AppRole::PartnerAdmin, &[]),
        person("u2", "Jo", AppRole::User, &["Metabase", "Slack"]),
    ];
    let docs = vec![DocumentationLink {
        label: "Onboarding guide".into(),
        url: "https://docs.example/onboarding".into(),
    }];
    fake_backend(&[
        ("partner_overview", &js(&overview(users, docs))),
        (
            "list_executions",
            &js(&page_of(vec![summary(
                "e1",
                ExecutionStatus::AwaitingInput,
            )])),
        ),
    ]);
    let (page, _restore) = mount_at("/my-organisation").await;

    page.wait_for("partner-organisation", "the organisation card")
        .await;
    assert!(page.find("page-partner").is_some());
    assert_eq!(page.text("partner-organisation-name"), "Acme");
    assert_eq!(page.text("partner-account-types"), "analytics, studio");
    let test = page.text("partner-studio-company-101");
    assert!(test.contains("Acme Test") && test.contains("TEST") && test.contains("101"));
    assert!(page.text("partner-studio-company-202").contains("PROD"));
    let doc = page.find("partner-doc-0").unwrap();
    assert_eq!(doc.tag_name(), "A");
    assert_eq!(
        doc.get_attribute("href").as_deref(),
        Some("https://docs.example/onboarding")
    );
    assert_eq!(doc.text_content().unwrap(), "Onboarding guide");
    assert!(
        page.text("partner-docs")
            .contains("https://docs.example/onboarding"),
        "the address is readable too"
    );
    assert!(page.find("partner-docs-empty").is_none());

    let pat = page.text("partner-user-u1");
    assert!(pat.contains("Pat") && pat.contains("pat@acme.example"));
    assert!(pat.contains("Partner administrator") && pat.contains("None yet"));
    let jo = page.text("partner-user-u2");
    assert!(jo.contains("Metabase") && jo.contains("Slack") && jo.contains("User"));
    assert!(page.find("partner-add-user").is_some());

    page.wait_for("execution-row-e1", "their execution is listed")
        .await;
    assert!(page.text("partner-executions").contains("New partner user"));
    assert_eq!(page.text("partner-executions-paging"), "1–1 of 1");
    // The partner admin names no organisation: the backend takes it from the session.
    assert_eq!(
        calls_of("list_executions"),
        [json!({"request": {
            "status": null, "workflow": null, "organization_id": null, "search": null,
            "page": 1, "page_size": 25,
        }})]
    );
    assert_eq!(calls_of("partner_overview"), [json!({})]);
    assert!(
        page.find("execution-cancel").is_none() && page.find("nav-dashboard").is_none(),
        "nothing of the admin's screens"
    );

    // A transition reloads both: the list and the people (a user may have been added).
    let changed = ExecutionChanged {
        execution_id: "e1".into(),
        step_order: 9,
        step_status: StepStatus::Completed,
        execution_status: ExecutionStatus::Completed,
    };
    emit(
        EXECUTION_CHANGED_EVENT,
        &serde_json::to_string(&changed).unwrap(),
    )
    .await;
    page.wait_until("an event reloads the panel", || {
        (calls_of("list_executions").len() == 2 && calls_of("partner_overview").len() == 2)
            .then_some(())
    })
    .await;
    assert_eq!(
        calls_of("partner_overview")[1],
        json!({"activity": "refresh"}),
        "a reload on an event is not the person's activity"
    );
    assert_eq!(calls_of("list_executions")[1]["activity"], "refresh");
}

#[wasm_bindgen_test]
async fn empty_parts_say_so_honestly() {
    let mut answer = overview(vec![], vec![]);
    answer.organization.studio_companies.clear();
    answer.organization.account_types.clear();
    fake_backend(&[
        ("partner_overview", &js(&answer)),
        ("list_executions", &js(&page_of(vec![]))),
    ]);
    let (page, _restore) = mount_at("/my-organisation").await;

    page.wait_for("partner-organisation", "the organisation card")
        .await;
    assert_eq!(
        page.text("partner-docs-empty"),
        "No documentation links are set yet; an administrator sets them."
    );
    assert!(page
        .text("partner-studio-companies")
        .contains("No Studio companies"));
    assert_eq!(page.text("partner-account-types"), "—");
    assert!(page.text("partner-users-empty").contains("No users"));
    page.wait_for("partner-executions-empty", "no executions yet")
        .await;
    assert!(page
        .text("partner-executions-empty")
        .contains("No executions yet."));
}

#[wasm_bindgen_test]
async fn add_user_starts_new_partner_user_and_opens_its_user_details_form() {
    fake_backend(&[
        ("partner_overview", &js(&overview(vec![], vec![]))),
        ("list_executions", &js(&page_of(vec![]))),
        ("start_execution", &js(&started("e9"))),
        ("get_execution", &js(&started("e9"))),
    ]);
    let (page, _restore) = mount_at("/my-organisation").await;
    page.wait_for("partner-add-user", "the Add user button")
        .await;

    page.click("partner-add-user").await;
    page.wait_until("the new execution opens", || {
        (pathname() == "/executions/e9").then_some(())
    })
    .await;
    assert_eq!(
        calls_of("start_execution"),
        [json!({"request": {"workflow": "new_partner_user"}})]
    );
    page.wait_for("step-form", "the user-details form waits")
        .await;
    assert!(page.find("page-execution").is_some());
    assert_eq!(page.text("step-form-submit"), "Save user details");
    assert_eq!(page.text("execution-back"), "← My organisation");
    assert!(page.find("execution-cancel").is_none(), "admin-only");
}

#[wasm_bindgen_test]
async fn a_failed_execution_offers_a_partner_admin_retry_but_not_cancel_or_complete_by_hand() {
    let mut retried = failed("e5");
    retried.summary.status = ExecutionStatus::Running;
    retried.steps[2].status = StepStatus::Running;
    fake_backend(&[
        ("get_execution", &js(&failed("e5"))),
        ("retry_step", &js(&retried)),
    ]);
    let (page, _restore) = mount_at("/executions/e5").await;

    page.wait_for("execution-retry", "a failed step can be retried")
        .await;
    assert!(page.find("page-partner").is_none(), "the detail, routed");
    assert_eq!(page.text("execution-status"), "Failed");
    assert!(page.find("execution-complete-by-hand").is_none());
    assert!(page.find("execution-cancel").is_none());
    assert!(
        page.find("execution-organisation").is_none(),
        "no link to the administrators' organisation page"
    );

    page.click("execution-retry").await;
    page.wait_until("the retry's answer is shown", || {
        (page.text("execution-status") == "Running").then_some(())
    })
    .await;
    assert_eq!(
        calls_of("retry_step"),
        [json!({"request": {"execution_id": "e5"}})]
    );
}

#[wasm_bindgen_test]
async fn a_step_only_the_operations_team_completes_says_it_waits_for_them_instead_of_a_form() {
    let mut waiting = started("e7");
    if let Some(form) = waiting.form.as_mut() {
        form.title = "Give access to the Studio companies".into();
        form.operators_only = true;
    }
    waiting.steps[1].error = Some(
        "No webhook is configured: do it in Studio by hand, then complete this step by hand here."
            .into(),
    );
    fake_backend(&[("get_execution", &js(&waiting))]);
    let (page, _restore) = mount_at("/executions/e7").await;

    page.wait_for(
        "step-waits-for-operations",
        "the step waits for the operations team",
    )
    .await;
    let notice = page.text("step-waits-for-operations");
    assert!(
        notice.contains("Waiting for the operations team"),
        "{notice}"
    );
    assert!(
        notice.contains("Give access to the Studio companies"),
        "the step is named: {notice}"
    );
    assert!(
        page.find("step-form").is_none(),
        "no form a partner admin could submit"
    );
    assert!(
        page.find("step-2-error").is_none(),
        "the operations team's instructions are not shown to a partner admin"
    );
}

#[wasm_bindgen_test]
async fn an_admin_only_address_shows_the_partner_panel() {
    fake_backend(&[
        ("partner_overview", &js(&overview(vec![], vec![]))),
        ("list_executions", &js(&page_of(vec![]))),
    ]);
    let (page, _restore) = mount_at("/settings").await;
    page.wait_for("page-partner", "a partner admin has no settings")
        .await;
    assert!(page.find("page-settings").is_none());
}
