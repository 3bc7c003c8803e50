//! Browser tests of one user's page: what it shows, the details form (its request and the
//! backend's field errors), the password form's own check, the live Metabase section
//! (memberships, add, remove after a confirmation, a failing Metabase kept inside its
//! section), and deletion through its preview. Routed through the app's own `Screens`, as an
//! admin; the backend is a scripted fake that remembers what actions answered.

use crate::admin_console::*;
use crate::support::*;
use hyopps_contract::AppRole;
use serde_json::json;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn the_detail_shows_the_user_and_what_they_were_given() {
    stateful_backend(&metabase_account(&[(11, 7, "ext-acme")]), "");
    let (page, _restore) = mount_user().await;

    assert!(page.find("page-user").is_some());
    assert_eq!(page.text("user-header-name"), "Ada Lovelace");
    assert_eq!(page.text("user-header-email"), "ada@acme.example");
    assert_eq!(attribute(&page, "user-header-role", "data-role"), "user");
    assert_eq!(
        attribute(&page, "user-facts-password", "data-password"),
        "false"
    );
    assert_eq!(requests("get_user"), [json!({"user_id": "u1"})]);

    assert_eq!(value(&page, "user-firstname"), "Ada");
    assert_eq!(value(&page, "user-lastname"), "Lovelace");
    assert_eq!(value(&page, "user-email"), "ada@acme.example");
    assert_eq!(
        value(&page, "user-languages"),
        "en, fr",
        "lists read comma-separated"
    );
    assert_eq!(value(&page, "user-skills"), "sql");
    assert_eq!(value(&page, "user-roles"), "analyst");
    assert_eq!(value(&page, "user-app_role"), "user");
    assert!(
        page.find("user-new_password").is_none(),
        "a plain user is not asked for a password here: it has its own card"
    );
    page.wait_until("the organisations arrive", || {
        page.text("user-organization")
            .contains("Globex")
            .then_some(())
    })
    .await;
    assert_eq!(value(&page, "user-organization"), "o1");
    assert!(page.text("user-organization").contains("No organisation"));

    let grant = page.text("user-grant-r-metabase");
    assert!(
        grant.contains("Metabase") && grant.contains("read") && grant.contains("Root Admin"),
        "{grant}"
    );
    assert!(
        page.find("user-grant-r-metabase-execution").is_some(),
        "links its execution"
    );
    assert_eq!(
        attribute(&page, "user-grant-r-metabase-state", "data-revoked"),
        "false"
    );
    assert!(page.text("user-studio-sc1").contains("Acme TEST"));
    assert_eq!(
        attribute(&page, "user-studio-sc1-state", "data-revoked"),
        "true"
    );
    assert!(
        page.find("user-studio-elsewhere").is_none(),
        "Acme's access is revoked: nothing left behind"
    );
    assert!(page.text("user-personal-company").contains("Ada's company"));
    assert_eq!(page.text("user-metabase-id"), "42");

    page.wait_for("metabase-membership-11", "the live Metabase memberships")
        .await;
    assert!(page.text("metabase-membership-11").contains("ext-acme"));
}

#[wasm_bindgen_test]
async fn saving_sends_the_form_and_shows_the_backends_field_errors() {
    let mut saved = detail();
    saved.firstname = "Adele".into();
    saved.display_name = "Adele Lovelace".into();
    saved.app_role = AppRole::PartnerAdmin;
    saved.organization_id = Some("o2".into());
    saved.organization_name = Some("Globex".into());
    saved.has_password = true;
    saved.must_change_password = true;
    // Still granted in Acme's Studio company: the move leaves it behind.
    saved.studio_access[0].revoked_at = None;
    stateful_backend(
        &metabase_account(&[]),
        &format!(
            "case 'update_user':
               window.__hyoppsUpdates = (window.__hyoppsUpdates || 0) + 1;
               if (window.__hyoppsUpdates === 1) {{
                 return Promise.reject({{code: 'Validation', message: '2 fields need attention.',
                   fields: {{languages: 'xx is not an ISO 639-1 language code.',
                             organization_id: 'Choose an organisation that exists.'}}}});
               }}
               return Promise.resolve({saved}).then(keep('__hyoppsUser'));",
            saved = serde_json::to_string(&saved).unwrap()
        ),
    );
    js_sys::Reflect::set(
        &web_sys::window().unwrap(),
        &"__hyoppsUpdates".into(),
        &0.into(),
    )
    .unwrap();
    let (page, _restore) = mount_user().await;
    page.wait_until("the organisations arrive", || {
        page.text("user-organization")
            .contains("Globex")
            .then_some(())
    })
    .await;

    page.type_into("user-firstname", " Adele ").await;
    page.type_into("user-languages", "en, xx").await;
    page.type_into("user-organization", "o2").await;
    page.type_into("user-app_role", "partner_admin").await;
    page.type_into("user-new_password", "a long enough pass")
        .await;
    page.click("user-save").await;

    page.wait_for(
        "user-languages-error",
        "the backend's message under the languages",
    )
    .await;
    assert_eq!(
        page.text("user-languages-error"),
        "xx is not an ISO 639-1 language code."
    );
    assert_eq!(
        page.text("user-organization-error"),
        "Choose an organisation that exists."
    );
    assert!(page.find("user-firstname-error").is_none());
    assert!(page.find("user-saved").is_none());
    assert_eq!(
        requests("update_user"),
        [
            json!({"user_id": "u1", "firstname": "Adele", "lastname": "Lovelace",
                "email": "ada@acme.example", "languages": ["en", "xx"], "skills": ["sql"],
                "roles": ["analyst"], "organization_id": "o2", "app_role": "partner_admin",
                "new_password": "a long enough pass"})
        ],
        "the form as typed, trimmed, lists split"
    );

    page.type_into("user-languages", "en").await;
    page.click("user-save").await;
    page.wait_for("user-saved", "the second save succeeds")
        .await;
    assert!(
        page.find("user-languages-error").is_none(),
        "errors cleared"
    );
    assert_eq!(requests("update_user")[1]["languages"], json!(["en"]));
    page.wait_until("the answer is shown", || {
        (attribute(&page, "user-header-role", "data-role") == "partner_admin").then_some(())
    })
    .await;
    assert_eq!(page.text("user-header-name"), "Adele Lovelace");
    assert_eq!(
        page.find("user-new_password")
            .map(|_| value(&page, "user-new_password"))
            .unwrap_or_default(),
        "",
        "a password is used once"
    );
    assert_eq!(value(&page, "user-organization"), "o2");
    assert_eq!(
        attribute(&page, "user-studio-elsewhere", "data-companies"),
        "Acme TEST (Acme)",
        "the Studio access left in Acme is pointed out"
    );
}

#[wasm_bindgen_test]
async fn a_password_typed_differently_twice_is_caught_before_sending() {
    let mut with_password = detail();
    with_password.has_password = true;
    with_password.must_change_password = true;
    stateful_backend(
        &metabase_account(&[]),
        &format!(
            "case 'set_user_password': return Promise.resolve({}).then(keep('__hyoppsUser'));",
            serde_json::to_string(&with_password).unwrap()
        ),
    );
    let (page, _restore) = mount_user().await;

    page.type_into("user-password", "correct horse battery")
        .await;
    page.type_into("user-password-confirm", "correct horse batterx")
        .await;
    page.click("user-password-set").await;
    page.wait_for(
        "user-password-confirm-error",
        "the mismatch is said under the confirmation",
    )
    .await;
    assert_eq!(
        page.text("user-password-confirm-error"),
        "The two new passwords differ."
    );
    assert!(calls_of("set_user_password").is_empty(), "nothing was sent");

    page.type_into("user-password-confirm", "correct horse battery")
        .await;
    page.click("user-password-set").await;
    page.wait_for("user-password-saved", "the password is set")
        .await;
    assert_eq!(
        requests("set_user_password"),
        [json!({"user_id": "u1", "new_password": "correct horse battery"})]
    );
    assert!(page.find("user-password-confirm-error").is_none());
    assert_eq!(
        value(&page, "user-password"),
        "",
        "the typed password is cleared"
    );
    page.wait_until("the stored user shows", || {
        (attribute(&page, "user-facts-password", "data-must-change") == "true").then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_metabase_section_adds_and_removes_memberships() {
    let joined = metabase_account(&[(11, 1, "All Users"), (12, 7, "ext-acme")]);
    let left = metabase_account(&[(11, 1, "All Users")]);
    stateful_backend(
        &metabase_account(&[(11, 1, "All Users")]),
        &format!(
            "case 'add_user_to_metabase_group': return Promise.resolve({}).then(keep('__hyoppsMetabase'));
             case 'remove_metabase_membership': return Promise.resolve({}).then(keep('__hyoppsMetabase'));",
            serde_json::to_string(&joined).unwrap(),
            serde_json::to_string(&left).unwrap()
        ),
    );
    let (page, _restore) = mount_user().await;
    page.wait_for("metabase-membership-11", "the live memberships")
        .await;
    assert_eq!(requests("get_metabase_account"), [json!({"user_id": "u1"})]);
    let groups = page.text("metabase-group");
    assert!(
        groups.contains("All Users (already a member)") && groups.contains("ext-globex"),
        "{groups}"
    );
    assert!(disabled(&page, "metabase-add"), "nothing chosen yet");

    page.type_into("metabase-group", "7").await;
    page.click("metabase-add").await;
    page.wait_for(
        "metabase-membership-12",
        "the answer shows the new membership",
    )
    .await;
    assert_eq!(
        requests("add_user_to_metabase_group"),
        [json!({"user_id": "u1", "group_id": 7})]
    );
    assert!(page
        .text("metabase-action-done")
        .contains("Added to the Metabase group ext-acme."));

    // Asked first; "Cancel" changes nothing.
    page.click("metabase-remove-11").await;
    page.wait_for("metabase-remove-modal", "a confirmation")
        .await;
    page.click("metabase-remove-cancel").await;
    assert!(page.find("metabase-remove-modal").is_none());
    assert!(calls_of("remove_metabase_membership").is_empty());

    page.click("metabase-remove-12").await;
    page.wait_for("metabase-remove-modal", "a confirmation")
        .await;
    assert!(page.text("metabase-remove-modal").contains("ext-acme"));
    page.click("metabase-remove-confirm").await;
    page.wait_until("the membership is gone", || {
        page.find("metabase-membership-12").is_none().then_some(())
    })
    .await;
    assert_eq!(
        requests("remove_metabase_membership"),
        [json!({"user_id": "u1", "membership_id": 12})]
    );
    assert!(
        page.find("metabase-remove-modal").is_none(),
        "the dialog closes"
    );
    assert!(page
        .text("metabase-action-done")
        .contains("Removed from the Metabase group ext-acme."));
}

#[wasm_bindgen_test]
async fn a_failing_metabase_shows_its_error_inside_its_section_only() {
    stateful_backend(
        &metabase_account(&[]),
        "case 'get_metabase_account': return Promise.reject({code: 'Integration',
           message: 'Metabase is not configured: open Settings → Metabase.'});",
    );
    let (page, _restore) = mount_user().await;
    page.wait_for("user-metabase-error", "Metabase's failure")
        .await;
    assert!(
        page.root
            .query_selector("#user-metabase #user-metabase-error")
            .unwrap()
            .is_some(),
        "the error sits inside the Metabase section"
    );
    assert!(page
        .text("user-metabase-error")
        .contains("Metabase is not configured"));
    assert!(
        page.find("user-details").is_some(),
        "the rest of the page works"
    );
    assert!(page.find("user-access").is_some());
    assert!(page.find("metabase-add").is_none());
}

#[wasm_bindgen_test]
async fn deleting_previews_what_goes_then_returns_to_the_list_saying_so() {
    stateful_backend(
        &metabase_account(&[]),
        &format!(
            "case 'preview_user_deletion': return {preview};
             case 'delete_user': return {preview};
             case 'list_users': return {list};",
            preview = js(&deletion(None)),
            list = js(&page_of(vec![row("u2", "Jo", AppRole::User)], 1, 1)),
        ),
    );
    let (page, _restore) = mount_user().await;

    page.click("user-delete").await;
    page.wait_for("user-delete-impact", "the preview in the dialog")
        .await;
    assert!(page.find("user-delete-modal").is_some());
    assert_eq!(page.text("user-delete-grants"), "1 access grant deleted");
    assert_eq!(
        page.text("user-delete-studio"),
        "1 Studio company access deleted"
    );
    assert_eq!(
        page.text("user-delete-company"),
        "Their personal Studio company record deleted"
    );
    assert_eq!(
        page.text("user-delete-executions"),
        "2 executions kept as history, detached from them"
    );
    assert!(
        calls_of("delete_user").is_empty(),
        "nothing deleted before the confirmation"
    );
    assert!(!disabled(&page, "user-delete-confirm"));

    page.click("user-delete-confirm").await;
    page.wait_for(
        "users-deleted",
        "back on the list, which says what was done",
    )
    .await;
    assert_eq!(pathname(), "/users");
    assert!(page
        .text("users-deleted")
        .contains("Deleted Ada Lovelace (ada@acme.example)"));
    assert_eq!(
        requests("preview_user_deletion"),
        [json!({"user_id": "u1"})]
    );
    assert_eq!(requests("delete_user"), [json!({"user_id": "u1"})]);
}

#[wasm_bindgen_test]
async fn a_refused_deletion_cannot_be_confirmed() {
    stateful_backend(
        &metabase_account(&[]),
        &format!(
            "case 'preview_user_deletion': return {};",
            js(&deletion(Some(
                "Ada has an execution in progress: cancel it first."
            )))
        ),
    );
    let (page, _restore) = mount_user().await;
    page.click("user-delete").await;
    page.wait_for("user-delete-blocked", "the reason").await;
    assert!(page.text("user-delete-blocked").contains("cancel it first"));
    assert!(
        disabled(&page, "user-delete-confirm"),
        "a refused deletion cannot be confirmed"
    );
    page.click("user-delete-cancel").await;
    assert!(page.find("user-delete-modal").is_none());
    assert!(calls_of("delete_user").is_empty());
}

#[wasm_bindgen_test]
async fn moving_asks_for_another_organisation_then_opens_the_move() {
    let started = json!({
        "summary": {
            "id": "e-move", "workflow": "move_partner_user",
            "workflow_label": "Move a person to another organisation", "status": "awaiting_input",
            "organization_id": "o2", "organization_name": "Globex", "user_id": "u1",
            "user_name": "Ada Lovelace", "current_step_order": 1,
            "current_step_label": "Confirm the move", "step_count": 7,
            "requested_by_name": "Ada Admin", "created_at": "2025-11-25T16:00:00.000Z",
            "updated_at": "2025-11-25T16:00:00.000Z", "completed_at": null, "error": null
        },
        "steps": [],
        "form": null
    });
    stateful_backend(
        &metabase_account(&[]),
        &format!(
            "case 'move_user':
               window.__hyoppsMoves = (window.__hyoppsMoves || 0) + 1;
               if (window.__hyoppsMoves === 1) {{
                 return Promise.reject({{code: 'Conflict', message: 'A move or an offboarding of Ada Lovelace is already under way: open it from Executions.'}});
               }}
               return Promise.resolve({started});"
        ),
    );
    js_sys::Reflect::set(
        &web_sys::window().unwrap(),
        &"__hyoppsMoves".into(),
        &0.into(),
    )
    .unwrap();
    let (page, _restore) = mount_user().await;

    page.click("user-move").await;
    page.wait_for("user-move-modal", "the dialog opens").await;
    page.wait_until("the organisations arrive", || {
        page.find("user-move-organisation")
            .filter(|select| select.text_content().unwrap_or_default().contains("Globex"))
    })
    .await;
    assert!(
        !page.text("user-move-organisation").contains("Acme"),
        "Ada's own organisation is not a choice"
    );
    assert!(
        disabled(&page, "user-move-confirm"),
        "nothing chosen, nothing to continue with"
    );

    page.type_into("user-move-organisation", "o2").await;
    page.click("user-move-confirm").await;
    page.wait_for("user-move-modal-error", "the refusal shows in the dialog")
        .await;
    assert!(page
        .text("user-move-modal-error")
        .contains("already under way"));

    page.click("user-move-confirm").await;
    page.wait_until("the move opens", || {
        (pathname() == "/executions/e-move").then_some(())
    })
    .await;
    assert_eq!(
        requests("move_user"),
        vec![json!({"user_id": "u1", "organization_id": "o2"}); 2]
    );
}

#[wasm_bindgen_test]
async fn the_offboarding_dialog_previews_each_step_and_starts_nothing() {
    let preview = json!({
        "workflow": "Offboard a partner user",
        "steps": [
            {"order": 2, "label": "Remove from Metabase", "outcome": "changes",
             "says": "Removes ada@acme.example (Metabase account 17) from the group ext-acme."},
            {"order": 4, "label": "Remove from Slack", "outcome": "skipped",
             "says": "Slack is not used by Acme: skipped."}
        ]
    });
    stateful_backend(
        &metabase_account(&[]),
        &format!("case 'preview_workflow': return {};", js(&preview)),
    );
    let (page, _restore) = mount_user().await;

    page.click("user-offboard").await;
    page.wait_for("user-offboard-modal", "the dialog opens")
        .await;
    page.click("user-offboard-preview-button").await;
    page.wait_for("user-offboard-preview-steps", "the preview arrives")
        .await;

    let metabase = page.text("user-offboard-preview-step-2");
    assert!(
        metabase.contains("Remove from Metabase")
            && metabase.contains("Will change")
            && metabase.contains("Metabase account 17"),
        "each step: its label, what will happen, and the sentence: {metabase}"
    );
    assert!(page
        .text("user-offboard-preview-step-4")
        .contains("Skipped"));
    let asked = calls_of("preview_workflow");
    assert_eq!(asked.len(), 1);
    assert_eq!(
        (&asked[0]["request"]["of"], &asked[0]["request"]["user_id"]),
        (&json!("offboarding"), &json!("u1")),
        "the person's offboarding, by id"
    );
    assert!(
        calls_of("offboard_user").is_empty(),
        "previewing starts nothing"
    );
}

#[wasm_bindgen_test]
async fn checking_access_lists_each_system_with_its_state_and_counts_the_differences() {
    let checked = json!({
        "user_id": "u1", "name": "Ada Lovelace", "organization_name": "Acme",
        "checked_at": "2026-12-06T06:00:00.000Z",
        "systems": [
            {"system": "Metabase", "state": "missing", "recorded": true,
             "says": "Account 17 is not in the group ext-acme."},
            {"system": "Microsoft Teams", "state": "in_order", "recorded": true,
             "says": "In the team and the channel Acme."},
            {"system": "Slack", "state": "unexpected", "recorded": false,
             "says": "Slack user U1 is in the group ext-acme."}
        ]
    });
    stateful_backend(
        &metabase_account(&[]),
        &format!("case 'check_user_access': return {};", js(&checked)),
    );
    let (page, _restore) = mount_user().await;

    page.click("user-access-check-button").await;
    page.wait_for("user-access-check-table", "the check arrives")
        .await;

    assert!(page
        .text("user-access-check-summary")
        .starts_with("2 differences."));
    let metabase = page.text("user-access-check-metabase");
    assert!(
        metabase.contains("Missing")
            && metabase.contains("Given")
            && metabase.contains("not in the group"),
        "{metabase}"
    );
    assert!(page.text("user-access-check-slack").contains("Not given"));
    assert_eq!(
        calls_of("check_user_access")[0]["request"]["user_id"],
        json!("u1")
    );
}

#[wasm_bindgen_test]
async fn each_difference_offers_its_repairs_and_a_record_change_asks_why_first() {
    let checked = json!({
        "user_id": "u1", "name": "Ada Lovelace", "organization_name": "Acme",
        "checked_at": "2026-12-06T06:00:00.000Z",
        "systems": [
            {"system": "Metabase", "key": "metabase", "state": "missing", "recorded": true,
             "says": "Account 17 is not in the group ext-acme."},
            {"system": "Microsoft Teams", "key": "teams", "state": "in_order", "recorded": true,
             "says": "In the team and the channel Acme."},
            {"system": "Slack", "key": "slack", "state": "unexpected", "recorded": false,
             "says": "In the Slack group ext-acme."}
        ]
    });
    stateful_backend(
        &metabase_account(&[]),
        &format!(
            "case 'check_user_access': return {};
             case 'repair_access':
                 return Promise.resolve(args.request.repair === 'give_back'
                     ? {{ message: 'Giving Ada Lovelace back their Metabase access: follow it on its execution.', execution_id: 'e-repair' }}
                     : {{ message: 'Ada Lovelace\\'s Slack access is now on record as given, with your reason.', execution_id: null }});",
            js(&checked)
        ),
    );
    let (page, _restore) = mount_user().await;
    page.click("user-access-check-button").await;
    page.wait_for("user-access-check-table", "the check arrives")
        .await;

    assert!(
        page.find("user-access-check-microsoft-teams-repair-give-back")
            .is_none()
            && page
                .find("user-access-check-microsoft-teams-repair-take-away")
                .is_none(),
        "a system in order offers no repair"
    );
    assert!(page
        .find("user-access-check-metabase-repair-record-as-removed")
        .is_some());
    page.click("user-access-check-metabase-repair-give-back")
        .await;
    page.wait_for(
        "user-access-check-metabase-repair-execution",
        "the run started",
    )
    .await;
    assert!(page
        .text("user-access-check-metabase-repair-done")
        .contains("Giving Ada Lovelace back"));

    page.click("user-access-check-slack-repair-accept").await;
    assert!(
        calls_of("repair_access").len() == 1,
        "accepting asks why before it sends anything"
    );
    page.type_into(
        "user-access-check-slack-repair-reason",
        "Runs the support rota",
    )
    .await;
    page.click("user-access-check-slack-repair-confirm").await;
    page.wait_for("user-access-check-slack-repair-done", "accepted")
        .await;

    let sent = calls_of("repair_access");
    assert_eq!(
        sent[0]["request"],
        json!({"subject": {"kind": "person", "user_id": "u1"}, "system": "metabase", "repair": "give_back", "reason": null})
    );
    assert_eq!(
        sent[1]["request"],
        json!({"subject": {"kind": "person", "user_id": "u1"}, "system": "slack", "repair": "accept", "reason": "Runs the support rota"})
    );
}
