//! Browser tests of the execution screens: the step form rendered from the backend's
//! description, its checks and the JSON it sends, backend field errors, live reloads, and the
//! list's filters. The backend is the scripted fake of `support`.

use crate::support::*;
use hyopps_contract::{
    AppRole, CurrentUser, DashboardSummary, ExecutionChanged, ExecutionDetail, ExecutionStatus,
    ExecutionSummary, FieldKind, FieldOption, FormField, Page, StepForm, StepKind, StepStatus,
    StepView, SystemLink, SystemTool, WorkflowInfo, WorkflowStepInfo, EXECUTION_CHANGED_EVENT,
};
use hyopps_ui::pages::{DashboardPage, ExecutionPage, ExecutionsPage};
use hyopps_ui::route::AppRoute;
use serde_json::json;
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew_nested_router::prelude::Router;

// --- fixtures, built from the contract types so they stay in step with it ----------------

fn summary(id: &str, status: ExecutionStatus) -> ExecutionSummary {
    ExecutionSummary {
        id: id.into(),
        workflow: "new_partner_user".into(),
        workflow_label: "New partner user".into(),
        status,
        organization_id: Some("o1".into()),
        organization_name: Some("Acme".into()),
        user_id: None,
        user_name: None,
        current_step_order: 2,
        current_step_label: Some("User details".into()),
        step_count: 9,
        requested_by_name: Some("Ada Admin".into()),
        created_at: "2025-11-25T16:00:00.000Z".into(),
        updated_at: "2025-11-25T16:05:00.000Z".into(),
        completed_at: None,
        error: None,
    }
}

fn step(order: u32, status: StepStatus) -> StepView {
    StepView {
        order,
        name: format!("step_{order}"),
        label: format!("Step {order}"),
        description: format!("What step {order} does."),
        kind: if order == 3 {
            StepKind::Auto
        } else {
            StepKind::Manual
        },
        status,
        manual_input: (status == StepStatus::Completed)
            .then(|| json!({"organization_id": "o1", "companies": [{"id": 7}]})),
        output: None,
        error: (status == StepStatus::Failed).then(|| "Metabase is not configured.".to_owned()),
        completed_by_name: (status == StepStatus::Completed).then(|| "Ada Admin".to_owned()),
        started_at: None,
        completed_at: (status == StepStatus::Completed).then(|| "2025-11-25T16:01:00.000Z".into()),
        attempts: 1,
        next_attempt_at: None,
        hand_completion_label: (order == 3).then(|| "Metabase group id".to_owned()),
    }
}

fn field(name: &str, kind: FieldKind, required: bool) -> FormField {
    FormField {
        name: name.into(),
        label: format!("Label of {name}"),
        kind,
        required,
        help: None,
        initial: None,
    }
}

fn options(values: &[&str]) -> Vec<FieldOption> {
    values
        .iter()
        .map(|v| FieldOption {
            value: (*v).into(),
            label: v.to_uppercase(),
        })
        .collect()
}

/// Waits at step 2 for a form with one field of every kind.
fn awaiting(id: &str) -> ExecutionDetail {
    ExecutionDetail {
        summary: summary(id, ExecutionStatus::AwaitingInput),
        steps: vec![
            step(1, StepStatus::Completed),
            step(2, StepStatus::AwaitingInput),
            step(3, StepStatus::Pending),
        ],
        form: Some(StepForm {
            step_order: 2,
            title: "The user's details".into(),
            instructions: vec!["Ask the partner for the user's details.".into()],
            fields: vec![
                field("email", FieldKind::Email, true),
                field("skills", FieldKind::Tags, true),
                field(
                    "cluster",
                    FieldKind::Select {
                        options: options(&["prod-eu", "prod-us"]),
                    },
                    true,
                ),
                field(
                    "languages",
                    FieldKind::MultiSelect {
                        options: options(&["en", "de", "fr"]),
                    },
                    false,
                ),
                field("confirmed", FieldKind::Checkbox, true),
                field("note", FieldKind::TextArea, false),
            ],
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

// --- mounting ----------------------------------------------------------------------------

#[derive(Clone, PartialEq, Properties)]
struct DetailProps {
    id: AttrValue,
}

/// The detail page links back to the list, so it needs the app's router around it.
#[component]
fn Detail(props: &DetailProps) -> Html {
    html! {
        <Router<AppRoute>>
            <ExecutionPage id={props.id.clone()} />
        </Router<AppRoute>>
    }
}

#[component]
fn List() -> Html {
    html! {
        <Router<AppRoute>>
            <ExecutionsPage />
        </Router<AppRoute>>
    }
}

#[component]
fn Dashboard() -> Html {
    let user = CurrentUser {
        id: "u1".into(),
        email: "admin@hyopps.local".into(),
        display_name: "Ada Admin".into(),
        app_role: AppRole::Admin,
        organization_id: None,
        organization_name: None,
    };
    html! {
        <Router<AppRoute>>
            <DashboardPage {user} />
        </Router<AppRoute>>
    }
}

async fn mount_detail(id: &str) -> crate::support::Mounted<Detail> {
    let page = mount::<Detail>(DetailProps {
        id: id.to_owned().into(),
    })
    .await;
    page.wait_for("page-execution", "the page mounts").await;
    page
}

// --- the tests ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_step_form_renders_every_field_kind_from_the_backend_description() {
    fake_backend(&[("get_execution", &js(&awaiting("e1")))]);
    let page = mount_detail("e1").await;

    page.wait_for("step-form", "an awaiting step shows its form")
        .await;
    assert_eq!(page.text("execution-status"), "Awaiting input");
    assert!(page
        .text("step-form-instructions")
        .contains("Ask the partner"));
    assert_eq!(page.input("field-email").type_(), "email");
    assert_eq!(page.input("field-skills").type_(), "text");
    assert_eq!(
        page.text("field-skills-help"),
        "Separate several with commas.",
        "a list field says once how to separate its entries"
    );
    let select = page.find("field-cluster").unwrap();
    assert_eq!(select.tag_name(), "SELECT");
    assert!(
        select.text_content().unwrap().contains("PROD-EU"),
        "options show their labels"
    );
    for value in ["en", "de", "fr"] {
        assert_eq!(
            page.input(&format!("field-languages-{value}")).type_(),
            "checkbox"
        );
    }
    assert_eq!(page.input("field-confirmed").type_(), "checkbox");
    assert_eq!(page.find("field-note").unwrap().tag_name(), "TEXTAREA");
    assert_eq!(page.text("step-form-submit"), "Save user details");
    // The timeline around it.
    assert!(page.text("step-1").contains("Completed"));
    assert!(page.text("step-1").contains("Ada Admin"));
    assert!(
        page.text("step-1-details").contains("organization_id"),
        "ids are kept, in the step's Details"
    );
    let main_text = page
        .text("step-1")
        .replace(&page.text("step-1-details"), "");
    assert!(
        main_text.contains("Companies") && !main_text.contains("organization_id"),
        "the step reads in words, ids only behind Details: {main_text}"
    );
    assert!(page.text("step-2").contains("Awaiting input"));
    assert!(page.text("step-3").contains("Auto"));
    assert_eq!(
        calls_of("get_execution"),
        [json!({"request": {"execution_id": "e1"}})]
    );
    // Who it is for: the organisation by name, opening its page; its id only under Details.
    let organisation = page
        .find("execution-organisation")
        .expect("a link to the organisation");
    assert_eq!(organisation.text_content().unwrap_or_default(), "Acme");
    assert!(organisation
        .get_attribute("href")
        .unwrap_or_default()
        .ends_with("/organisations/o1"));
    assert!(page.text("execution-details").contains("e1"));
    assert!(
        page.find("execution-system-links").is_none(),
        "nothing recorded in the systems, no links"
    );
}

#[wasm_bindgen_test]
async fn an_execution_links_to_its_organisation_s_groups_in_their_systems() {
    let mut detail = awaiting("e1");
    detail.system_links = vec![SystemLink {
        tool: SystemTool::Teams,
        name: "O'Brien & Söhne".into(),
        url: "https://teams.microsoft.com/l/channel/19%3Aabc/x?groupId=t&tenantId=n".into(),
    }];
    fake_backend(&[
        ("get_execution", &js(&detail)),
        ("plugin:opener|open_url", "Promise.resolve(null)"),
    ]);
    let page = mount_detail("e1").await;
    page.wait_for("execution-open-teams", "the Teams channel is offered")
        .await;
    assert_eq!(
        page.text("execution-open-teams"),
        "Microsoft Teams channel: O'Brien & Söhne"
    );
    page.click("execution-open-teams").await;
    assert_eq!(
        calls_of("plugin:opener|open_url"),
        [json!({"url": "https://teams.microsoft.com/l/channel/19%3Aabc/x?groupId=t&tenantId=n"})]
    );
}

#[wasm_bindgen_test]
async fn empty_required_fields_are_refused_without_invoking() {
    fake_backend(&[("get_execution", &js(&awaiting("e1")))]);
    let page = mount_detail("e1").await;
    page.wait_for("step-form", "the form is there").await;

    page.type_into("field-skills", " , ").await;
    page.click("step-form-submit").await;

    page.wait_for("field-email-error", "an empty required field is refused")
        .await;
    for name in ["email", "skills", "cluster", "confirmed"] {
        assert_eq!(
            page.text(&format!("field-{name}-error")),
            "This field is required.",
            "{name}"
        );
    }
    assert!(page.find("field-languages-error").is_none(), "optional");
    assert!(page.find("field-note-error").is_none(), "optional");
    assert!(calls_of("submit_step_input").is_empty(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn a_filled_form_sends_each_value_as_the_json_its_kind_calls_for() {
    let mut answer = awaiting("e1");
    answer.summary.status = ExecutionStatus::Running;
    answer.form = None;
    fake_backend(&[
        ("get_execution", &js(&awaiting("e1"))),
        ("submit_step_input", &js(&answer)),
    ]);
    let page = mount_detail("e1").await;
    page.wait_for("step-form", "the form is there").await;

    page.type_into("field-email", " jo@acme.example ").await;
    page.type_into("field-skills", "sql, python,, sql").await;
    page.type_into("field-cluster", "prod-us").await;
    page.click("field-languages-fr").await;
    page.click("field-languages-en").await;
    page.click("field-confirmed").await;
    page.type_into("field-note", "Starts Monday.").await;
    page.click("step-form-submit").await;

    page.wait_until("the answer replaces the execution", || {
        (page.text("execution-status") == "Running").then_some(())
    })
    .await;
    assert_eq!(
        calls_of("submit_step_input"),
        [json!({"request": {
            "execution_id": "e1",
            "input": {
                "email": "jo@acme.example",
                "skills": ["sql", "python"],
                "cluster": "prod-us",
                "languages": ["en", "fr"],
                "confirmed": true,
                "note": "Starts Monday.",
            },
            "step_order": 2,
        }})],
        "the answers, and the step whose form they fill in"
    );
    assert!(page.find("step-form").is_none(), "no step waits any more");
}

#[wasm_bindgen_test]
async fn the_form_previews_with_its_answers_and_an_edit_clears_the_old_preview() {
    let preview = json!({
        "workflow": "New partner user",
        "steps": [{"order": 3, "label": "Add to the Metabase group", "outcome": "nothing_to_change",
                   "says": "jo@acme.example (Metabase account 17) is already in the group ext-acme."}]
    });
    fake_backend(&[
        ("get_execution", &js(&awaiting("e1"))),
        ("preview_workflow", &js(&preview)),
    ]);
    let page = mount_detail("e1").await;
    page.wait_for("step-form", "the form is there").await;

    page.click("step-form-preview-button").await;
    page.wait_for(
        "step-form-preview-hint",
        "an incomplete form cannot be previewed",
    )
    .await;
    assert!(calls_of("preview_workflow").is_empty(), "nothing was asked");

    page.type_into("field-email", "jo@acme.example").await;
    page.type_into("field-skills", "sql").await;
    page.type_into("field-cluster", "prod-us").await;
    page.click("field-confirmed").await;
    page.click("step-form-preview-button").await;
    page.wait_for("step-form-preview-step-3", "the preview arrives")
        .await;
    assert!(page.text("step-form-preview-step-3").contains("Already so"));
    let asked = calls_of("preview_workflow");
    assert_eq!(asked[0]["request"]["of"], json!("execution"));
    assert_eq!(
        asked[0]["request"]["draft"]["email"],
        json!("jo@acme.example"),
        "the answers as they stand are the draft"
    );

    page.type_into("field-email", "someone.else@acme.example")
        .await;
    page.wait_until("an edit clears the preview of the old answers", || {
        page.find("step-form-preview-steps").is_none().then_some(())
    })
    .await;
    assert!(
        calls_of("submit_step_input").is_empty(),
        "previewing submits nothing"
    );
}

#[wasm_bindgen_test]
async fn backend_field_errors_show_under_their_fields_and_the_message_above() {
    fake_backend(&[
        ("get_execution", &js(&awaiting("e1"))),
        (
            "submit_step_input",
            "Promise.reject({code: 'Validation', message: '2 fields need attention.', fields: {email: 'jo@ is not an email address.', skills: 'Unknown skill: cobol.'}})",
        ),
    ]);
    let page = mount_detail("e1").await;
    page.wait_for("step-form", "the form is there").await;

    page.type_into("field-email", "jo@").await;
    page.type_into("field-skills", "cobol").await;
    page.type_into("field-cluster", "prod-eu").await;
    page.click("field-confirmed").await;
    page.click("step-form-submit").await;

    page.wait_for("step-form-error", "a Validation error is shown")
        .await;
    assert!(page
        .text("step-form-error")
        .contains("2 fields need attention."));
    assert_eq!(
        page.text("field-email-error"),
        "jo@ is not an email address."
    );
    assert_eq!(page.text("field-skills-error"), "Unknown skill: cobol.");
    assert!(page.find("field-cluster-error").is_none());
    assert_eq!(
        page.input("field-email").value(),
        "jo@",
        "what was typed stays to be corrected"
    );
}

#[wasm_bindgen_test]
async fn an_event_for_this_execution_reloads_it_and_others_are_ignored() {
    // The first read waits for input; any later one finds it completed.
    let mut done = awaiting("e1");
    done.summary.status = ExecutionStatus::Completed;
    done.form = None;
    fake_invoke(&format!(
        "if (cmd !== 'get_execution') return Promise.reject({{code: 'Internal', message: cmd}});
         window.__reads = (window.__reads || 0) + 1;
         return window.__reads === 1 ? {} : {};",
        js(&awaiting("e1")),
        js(&done)
    ));
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__reads".into(), &0.into()).unwrap();
    let page = mount_detail("e1").await;
    page.wait_for("step-form", "the first read").await;
    page.wait_until("the page listens", || {
        (listeners(EXECUTION_CHANGED_EVENT) == 1).then_some(())
    })
    .await;

    let changed = |id: &str| {
        serde_json::to_string(&ExecutionChanged {
            execution_id: id.into(),
            step_order: 2,
            step_status: StepStatus::Completed,
            execution_status: ExecutionStatus::Completed,
        })
        .unwrap()
    };
    emit(EXECUTION_CHANGED_EVENT, &changed("other")).await;
    assert_eq!(
        calls_of("get_execution").len(),
        1,
        "another execution's event"
    );

    emit(EXECUTION_CHANGED_EVENT, &changed("e1")).await;
    page.wait_until("this execution's event reloads it", || {
        (page.text("execution-status") == "Completed").then_some(())
    })
    .await;
    assert_eq!(
        calls_of("get_execution"),
        [
            json!({"request": {"execution_id": "e1"}}),
            json!({"request": {"execution_id": "e1"}, "activity": "refresh"}),
        ],
        "the reload an event causes is a refresh, not the person's activity: it must not keep an idle session alive"
    );

    drop(page);
    settle().await;
    assert_eq!(
        listeners(EXECUTION_CHANGED_EVENT),
        0,
        "unmounting unlistens"
    );
}

#[wasm_bindgen_test]
async fn a_failed_step_can_be_completed_by_hand_with_its_id_and_a_note() {
    let mut completed = failed("e2");
    completed.summary.status = ExecutionStatus::Running;
    completed.steps[2].status = StepStatus::Completed;
    fake_backend(&[
        ("get_execution", &js(&failed("e2"))),
        ("complete_step_by_hand", &js(&completed)),
    ]);
    let page = mount_detail("e2").await;
    page.wait_for("execution-retry", "a failed step offers Retry")
        .await;
    assert!(page
        .text("step-3-error")
        .contains("Metabase is not configured."));
    assert!(page.find("execution-cancel").is_some());

    page.click("execution-complete-by-hand").await;
    page.wait_for("hand-form", "the form opens").await;
    assert!(
        page.root.inner_html().contains("Metabase group id"),
        "the step's id label"
    );
    page.click("hand-submit").await;
    page.wait_for("hand-note-error", "a note is required").await;
    assert_eq!(
        page.text("hand-external-id-error"),
        "This field is required."
    );
    assert!(calls_of("complete_step_by_hand").is_empty());

    page.type_into("hand-external-id", " 41 ").await;
    page.type_into("hand-note", "Created the group in Metabase.")
        .await;
    page.click("hand-submit").await;
    page.wait_until("the answer replaces the execution", || {
        (page.text("execution-status") == "Running").then_some(())
    })
    .await;
    assert_eq!(
        calls_of("complete_step_by_hand"),
        [
            json!({"request": {"execution_id": "e2", "external_id": "41", "note": "Created the group in Metabase.", "step_order": 3}})
        ],
        "the id, the note, and the failed step shown"
    );
    assert!(
        page.find("execution-retry").is_none(),
        "no failed step any more"
    );
}

/// The engine runs on while an answer travels: step 3 is completed by hand, step 4 fails at
/// once, and the event's reload shows that before step 3's answer arrives. The operator opens
/// step 4's form; step 3's late answer must neither close it nor lose what was typed.
#[wasm_bindgen_test]
async fn a_late_answer_for_one_step_leaves_the_next_step_s_form_open() {
    let mut before = failed("e5");
    before.steps.push(step(4, StepStatus::Pending));
    let mut step_4_failed = before.clone();
    step_4_failed.steps[2].status = StepStatus::Completed;
    step_4_failed.steps[2].hand_completion_label = None;
    step_4_failed.steps[3] = StepView {
        kind: StepKind::Auto,
        error: Some("Keycloak is not configured.".into()),
        hand_completion_label: Some("Keycloak group id".into()),
        ..step(4, StepStatus::Failed)
    };
    // Step 3's answer, read the moment step 3 was done: step 4 still running.
    let mut late_answer = step_4_failed.clone();
    late_answer.summary.status = ExecutionStatus::Running;
    late_answer.steps[3].status = StepStatus::Running;
    late_answer.steps[3].error = None;
    late_answer.steps[3].hand_completion_label = None;
    fake_invoke(&format!(
        "switch (cmd) {{
           case 'get_execution':
             window.__reads = (window.__reads || 0) + 1;
             // The reload after step 3's answer never comes back: the page shows that answer.
             if (window.__reads > 2) return new Promise(() => {{}});
             return window.__reads === 1 ? {} : {};
           case 'complete_step_by_hand':
             return new Promise((resolve) => {{ window.__answerStep3 = () => resolve({}); }});
           default:
             return Promise.reject({{code: 'Internal', message: cmd}});
         }}",
        js(&before),
        js(&step_4_failed),
        serde_json::to_string(&late_answer).unwrap()
    ));
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__reads".into(), &0.into()).unwrap();
    let page = mount_detail("e5").await;
    page.wait_for("execution-complete-by-hand", "step 3 failed")
        .await;
    page.click("execution-complete-by-hand").await;
    page.wait_for("hand-external-id", "step 3's form").await;
    page.type_into("hand-external-id", "41").await;
    page.type_into("hand-note", "Created the group in Metabase.")
        .await;
    page.click("hand-submit").await;
    assert_eq!(calls_of("complete_step_by_hand").len(), 1);

    let changed = serde_json::to_string(&ExecutionChanged {
        execution_id: "e5".into(),
        step_order: 4,
        step_status: StepStatus::Failed,
        execution_status: ExecutionStatus::Failed,
    })
    .unwrap();
    emit(EXECUTION_CHANGED_EVENT, &changed).await;
    page.wait_until("the reload shows step 4 failed", || {
        page.find("step-4-error").map(|_| ())
    })
    .await;
    let button = page
        .find("execution-complete-by-hand")
        .expect("step 4 failed: Complete by hand is offered");
    assert!(
        !button.has_attribute("disabled"),
        "the form still open is step 3's; step 4's can be opened"
    );
    page.click("execution-complete-by-hand").await;
    page.wait_until("step 4's form opens", || {
        page.find("hand-form")
            .filter(|form| form.text_content().unwrap_or_default().contains("Step 4"))
    })
    .await;
    page.type_into("hand-external-id", "kc-7").await;

    let answer_step_3 =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__answerStep3".into()).unwrap();
    js_sys::Function::from(answer_step_3)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
    settle().await;
    page.wait_until(
        "the late answer shows step 4 still running, and the page reads again",
        || {
            (calls_of("get_execution").len() == 3 && page.find("step-4-error").is_none())
                .then_some(())
        },
    )
    .await;
    let form = page
        .find("hand-form")
        .expect("step 3's answer must not close step 4's form");
    assert!(form.text_content().unwrap_or_default().contains("Step 4"));
    assert_eq!(
        page.find("hand-external-id")
            .map(|_| page.input("hand-external-id").value()),
        Some("kc-7".to_owned()),
        "the id field stays, with what the operator typed"
    );
}

/// Step 2's answer is read the moment step 2 committed; the engine then made step 3 a task
/// for the operator, and the event's reload showed its form first. That older answer (no form
/// in it) must not take step 3's form away, nor what was typed in it: the page reads again.
#[wasm_bindgen_test]
async fn an_answer_older_than_the_page_leaves_the_next_step_s_form_and_what_was_typed() {
    let one_field = |order: u32, name: &str| StepForm {
        step_order: order,
        title: format!("Step {order}'s form"),
        instructions: vec![],
        fields: vec![field(name, FieldKind::Text, true)],
        submit_label: "Save".into(),
        operators_only: false,
    };
    let mut step_2_waits = awaiting("e6");
    step_2_waits.form = Some(one_field(2, "company"));
    let mut step_3_waits = step_2_waits.clone();
    step_3_waits.steps[1].status = StepStatus::Completed;
    step_3_waits.steps[2].status = StepStatus::AwaitingInput;
    step_3_waits.form = Some(one_field(3, "studio_user"));
    step_3_waits.summary.current_step_order = 3;
    step_3_waits.summary.updated_at = "2025-11-25T16:05:00.002Z".into();
    let mut late_answer = step_3_waits.clone();
    late_answer.summary.status = ExecutionStatus::Running;
    late_answer.summary.updated_at = "2025-11-25T16:05:00.001Z".into();
    late_answer.steps[2].status = StepStatus::Running;
    late_answer.form = None;
    fake_invoke(&format!(
        "switch (cmd) {{
           case 'get_execution':
             window.__reads = (window.__reads || 0) + 1;
             return window.__reads === 1 ? {} : {};
           case 'submit_step_input':
             return new Promise((resolve) => {{ window.__answerStep2 = () => resolve({}); }});
           default:
             return Promise.reject({{code: 'Internal', message: cmd}});
         }}",
        js(&step_2_waits),
        js(&step_3_waits),
        serde_json::to_string(&late_answer).unwrap()
    ));
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__reads".into(), &0.into()).unwrap();
    let page = mount_detail("e6").await;
    page.wait_for("field-company", "step 2's form").await;
    page.type_into("field-company", "O'Brien & Söhne").await;
    page.click("step-form-submit").await;
    assert_eq!(calls_of("submit_step_input").len(), 1);

    let changed = serde_json::to_string(&ExecutionChanged {
        execution_id: "e6".into(),
        step_order: 3,
        step_status: StepStatus::AwaitingInput,
        execution_status: ExecutionStatus::AwaitingInput,
    })
    .unwrap();
    emit(EXECUTION_CHANGED_EVENT, &changed).await;
    page.wait_for("field-studio_user", "the reload shows step 3's form")
        .await;
    page.type_into("field-studio_user", "jo.obrien").await;

    let answer_step_2 =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__answerStep2".into()).unwrap();
    js_sys::Function::from(answer_step_2)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
    page.wait_until("the page reads again instead of going back", || {
        (calls_of("get_execution").len() == 3).then_some(())
    })
    .await;
    settle().await;
    assert_eq!(
        page.find("field-studio_user")
            .map(|_| page.input("field-studio_user").value()),
        Some("jo.obrien".to_owned()),
        "step 3's form stays, with what the operator typed"
    );
}

#[wasm_bindgen_test]
async fn cancelling_asks_first() {
    let mut cancelled = failed("e3");
    cancelled.summary.status = ExecutionStatus::Cancelled;
    fake_backend(&[
        ("get_execution", &js(&failed("e3"))),
        (
            "cancel_execution",
            "Promise.reject({code: 'Conflict', message: 'The execution has already ended.'})",
        ),
    ]);
    let page = mount_detail("e3").await;
    page.wait_for("execution-cancel", "a running execution can be cancelled")
        .await;

    page.click("execution-cancel").await;
    assert!(
        calls_of("cancel_execution").is_empty(),
        "not before confirming"
    );
    page.click("execution-cancel-confirm").await;
    page.wait_for("execution-action-error", "a refused action is shown")
        .await;
    assert!(page
        .text("execution-action-error")
        .contains("The execution has already ended."));
    assert_eq!(
        calls_of("cancel_execution"),
        [json!({"request": {"execution_id": "e3"}})]
    );
}

#[wasm_bindgen_test]
async fn the_list_sends_its_filters_and_pages() {
    let page_of = |n: u32| Page {
        items: vec![summary(&format!("e{n}"), ExecutionStatus::Failed)],
        total: 30,
        page: n,
        page_size: 25,
    };
    fake_invoke(&format!(
        "switch (cmd) {{
           case 'list_workflows': return Promise.resolve([{{name: 'new_partner', label: 'New partner', description: 'd', steps: []}}]);
           case 'list_executions': return args.request.page === 2 ? {} : {};
           default: return Promise.reject({{code: 'Internal', message: cmd}});
         }}",
        js(&page_of(2)),
        js(&page_of(1))
    ));
    let page = mount::<List>(()).await;
    page.wait_for("executions-table", "the first page").await;
    page.wait_for("execution-row-e1", "a row per execution")
        .await;
    assert_eq!(page.text("executions-paging"), "1–25 of 30");
    assert!(page.text("execution-row-e1").contains("Acme"));
    assert!(page.text("execution-row-e1").contains("2/9 · User details"));

    page.click("executions-next").await;
    page.wait_for("execution-row-e2", "the next page").await;
    assert_eq!(page.text("executions-paging"), "26–30 of 30");

    page.type_into("executions-filter-status", "failed").await;
    page.wait_until("the workflow choices arrive", || {
        page.text("executions-filter-workflow")
            .contains("New partner")
            .then_some(())
    })
    .await;
    page.type_into("executions-filter-workflow", "new_partner")
        .await;
    page.type_into("executions-search", " acme ").await;
    let form: web_sys::HtmlFormElement =
        wasm_bindgen::JsCast::unchecked_into(page.find("executions-search-form").unwrap());
    form.request_submit().unwrap();
    settle().await;

    let requests: Vec<_> = calls_of("list_executions")
        .into_iter()
        .map(|args| args["request"].clone())
        .collect();
    let last = requests.last().unwrap();
    assert_eq!(
        *last,
        json!({"status": "failed", "workflow": "new_partner", "organization_id": null,
               "search": "acme", "page": 1, "page_size": 25}),
        "every request: {requests:?}"
    );
    assert_eq!(requests[1]["page"], 2);
}

#[wasm_bindgen_test]
async fn the_dashboard_starts_a_workflow_and_lists_what_needs_attention() {
    let workflow = |name: &str, label: &str, steps: u32| WorkflowInfo {
        name: name.into(),
        label: label.into(),
        description: format!("What {name} does."),
        starts_from_a_person: false,
        steps: (1..=steps)
            .map(|order| WorkflowStepInfo {
                order,
                name: format!("s{order}"),
                label: format!("Step {order}"),
                kind: StepKind::Manual,
            })
            .collect(),
    };
    let summary = DashboardSummary {
        awaiting_input: vec![summary("e1", ExecutionStatus::AwaitingInput)],
        failed: vec![],
        recently_completed: vec![],
        access_check: Some(hyopps_contract::AccessCheckRun {
            started_at: "2026-12-06T06:00:00Z".into(),
            finished_at: "2026-12-06T06:00:04Z".into(),
            started_by: None,
            organizations: 4,
            people: 60,
            differences: 3,
            new_differences: 1,
        }),
    };
    fake_backend(&[
        (
            "list_workflows",
            &js(&vec![
                workflow("new_partner", "New partner", 8),
                workflow("new_partner_user", "New partner user", 9),
            ]),
        ),
        ("dashboard_summary", &js(&summary)),
        ("start_execution", &js(&awaiting("e9"))),
    ]);
    let window = web_sys::window().unwrap();
    let path_before = window.location().pathname().unwrap();
    let page = mount::<Dashboard>(()).await;

    page.wait_for("start-new_partner_user", "one Start per workflow")
        .await;
    assert_eq!(
        page.text("start-new_partner_user"),
        "Start: New partner user",
        "each Start names its workflow"
    );
    assert!(page
        .text("dashboard-workflows")
        .contains("New partner · 8 steps"));
    page.wait_for("dashboard-access", "the access check's card")
        .await;
    assert_eq!(
        page.text("dashboard-access-differences"),
        "3 differences, 1 new since the check before."
    );
    page.wait_for("dashboard-awaiting-e1", "an awaiting execution links to it")
        .await;
    assert_eq!(
        page.text("dashboard-awaiting-e1"),
        "Acme · New partner user"
    );
    assert_eq!(
        page.text("dashboard-failed-empty"),
        "No executions have a failed step."
    );

    page.click("start-new_partner").await;
    page.wait_until("the new execution opens", || {
        window
            .location()
            .pathname()
            .ok()
            .filter(|p| p == "/executions/e9")
    })
    .await;
    assert_eq!(
        calls_of("start_execution"),
        [json!({"request": {"workflow": "new_partner"}})]
    );
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path_before))
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_failed_execution_on_the_dashboard_says_why_in_one_line_and_can_be_retried() {
    let mut failed = summary("e5", ExecutionStatus::Failed);
    failed.error = Some(
        "Slack refused to add ada@acme.example: users_not_found.\nInvite them to Slack first."
            .into(),
    );
    let summary = DashboardSummary {
        awaiting_input: vec![],
        failed: vec![failed],
        recently_completed: vec![],
        access_check: None,
    };
    fake_invoke(&format!(
        "switch (cmd) {{
           case 'list_workflows': return Promise.resolve([]);
           case 'dashboard_summary': return Promise.resolve({});
           case 'retry_step': return Promise.reject({{code: 'Conflict', message: 'This execution has no failed step any more.'}});
           default: return Promise.reject({{code: 'Internal', message: cmd}});
         }}",
        serde_json::to_string(&summary).unwrap()
    ));
    let page = mount::<Dashboard>(()).await;

    page.wait_for("dashboard-failed-e5-why", "the reason").await;
    assert_eq!(
        page.text("dashboard-failed-e5-why"),
        "Slack refused to add ada@acme.example: users_not_found.",
        "one line: the first"
    );
    page.click("dashboard-failed-e5-retry").await;
    page.wait_for(
        "dashboard-failed-e5-retry-error",
        "a refusal shows beside the button",
    )
    .await;
    assert!(page
        .text("dashboard-failed-e5-retry-error")
        .contains("no failed step any more"));
    assert_eq!(
        calls_of("retry_step"),
        [json!({"request": {"execution_id": "e5"}})]
    );
}

#[wasm_bindgen_test]
async fn the_dashboard_and_the_list_reload_on_an_event_as_a_refresh_not_as_activity() {
    let summary_of_dashboard = DashboardSummary {
        awaiting_input: vec![summary("e1", ExecutionStatus::AwaitingInput)],
        failed: vec![],
        recently_completed: vec![],
        access_check: None,
    };
    let list = Page {
        items: vec![summary("e1", ExecutionStatus::AwaitingInput)],
        total: 1,
        page: 1,
        page_size: 25,
    };
    fake_backend(&[
        ("list_workflows", "[]"),
        ("dashboard_summary", &js(&summary_of_dashboard)),
        ("list_executions", &js(&list)),
    ]);
    let changed = serde_json::to_string(&ExecutionChanged {
        execution_id: "e1".into(),
        step_order: 2,
        step_status: StepStatus::Completed,
        execution_status: ExecutionStatus::Running,
    })
    .unwrap();

    let dashboard = mount::<Dashboard>(()).await;
    dashboard
        .wait_for("dashboard-awaiting-e1", "the first read")
        .await;
    dashboard
        .wait_until("the dashboard listens", || {
            (listeners(EXECUTION_CHANGED_EVENT) == 1).then_some(())
        })
        .await;
    emit(EXECUTION_CHANGED_EVENT, &changed).await;
    dashboard
        .wait_until("the event reloads the dashboard", || {
            (calls_of("dashboard_summary").len() == 2).then_some(())
        })
        .await;
    assert_eq!(
        calls_of("dashboard_summary"),
        [json!({}), json!({"activity": "refresh"})],
        "only the reload an event causes is a refresh: it must not keep an idle session alive"
    );
    drop(dashboard);
    settle().await;

    let executions = mount::<List>(()).await;
    executions
        .wait_for("execution-row-e1", "the first read")
        .await;
    executions
        .wait_until("the list listens", || {
            (listeners(EXECUTION_CHANGED_EVENT) == 1).then_some(())
        })
        .await;
    emit(EXECUTION_CHANGED_EVENT, &changed).await;
    executions
        .wait_until("the event reloads the list", || {
            (calls_of("list_executions").len() == 2).then_some(())
        })
        .await;
    let activities: Vec<_> = calls_of("list_executions")
        .into_iter()
        .map(|args| args["activity"].clone())
        .collect();
    assert_eq!(
        activities,
        [serde_json::Value::Null, json!("refresh")],
        "the person's read, then the event's refresh"
    );
}
