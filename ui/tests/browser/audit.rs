//! Browser tests of the audit log: entries rendered readably (who, target, before → after),
//! the filters and paging and the requests they make, a backwards day range pointed out, and
//! the CSV export through a faked save dialog (saved, or cancelled).

use crate::admin_console::*;
use crate::support::*;
use hyopps_contract::{AuditEntryView, AuditFilterOptions, Page};
use hyopps_ui::pages::AuditPage;
use serde_json::json;
use wasm_bindgen_test::*;

fn entry(id: &str, actor: Option<&str>, summary: serde_json::Value) -> AuditEntryView {
    AuditEntryView {
        id: id.into(),
        at: "2026-11-25T09:00:00Z".into(),
        actor_user_id: actor.map(|_| "u9".into()),
        actor_name: actor.map(Into::into),
        action: "user_updated".into(),
        target_type: Some("user".into()),
        target_id: Some("u1".into()),
        target_name: Some("Jo Smith".into()),
        summary,
        client: None,
    }
}

fn log_page(items: Vec<AuditEntryView>, page: u32) -> Page<AuditEntryView> {
    Page {
        items,
        total: 120,
        page,
        page_size: 50,
    }
}

fn options() -> AuditFilterOptions {
    AuditFilterOptions {
        actions: vec!["password_set".into(), "user_updated".into()],
        target_types: vec!["organization".into(), "user".into()],
    }
}

fn backend(extra: &str) {
    let from_a_desk = AuditEntryView {
        client: Some("ops-desk-3 (10.0.0.5)".into()),
        ..entry(
            "a1",
            Some("Ada Admin"),
            json!({"before": {"email": "jo@old.example", "roles": []},
                   "after": {"email": "jo@new.example", "roles": ["analyst", "lead"]}}),
        )
    };
    let first = log_page(
        vec![
            from_a_desk,
            entry("a2", None, json!({"step": 3, "status": "failed"})),
        ],
        1,
    );
    let second = log_page(vec![entry("a51", Some("Ada Admin"), json!(null))], 2);
    fake_invoke(&format!(
        "switch (cmd) {{
           {extra}
           case 'audit_filter_options': return {};
           case 'list_audit_log': return args.request.page === 2 ? {} : {};
           default: return Promise.reject({{code: 'Internal', message: 'unexpected command ' + cmd}});
         }}",
        js(&options()),
        js(&second),
        js(&first)
    ));
}

async fn mount_log() -> Mounted<AuditPage> {
    let page = mount::<AuditPage>(()).await;
    page.wait_for("audit-row-a1", "the first page").await;
    page
}

#[wasm_bindgen_test]
async fn entries_read_as_who_did_what_to_what() {
    backend("");
    let page = mount_log().await;
    assert!(page.find("page-audit").is_some());
    assert_eq!(page.text("audit-row-a1-actor"), "Ada Admin");
    assert_eq!(
        page.text("audit-row-a1-client"),
        "from ops-desk-3 (10.0.0.5)",
        "on a server, where it was done from"
    );
    assert!(
        page.find("audit-row-a2-client").is_none(),
        "nothing where the entry has no client"
    );
    assert_eq!(
        page.text("audit-row-a1-action"),
        "Person changed",
        "the action in words; its code stays on the row"
    );
    assert_eq!(
        attribute(&page, "audit-row-a1", "data-action"),
        "user_updated"
    );
    assert_eq!(page.text("audit-row-a1-target"), "Person · Jo Smith");
    let summary = page.text("audit-row-a1-summary");
    assert!(
        summary.contains("Email: jo@old.example → jo@new.example")
            && summary.contains("Roles: (none) → analyst, lead"),
        "before → after per key: {summary}"
    );
    let details = page.text("audit-row-a1-details");
    assert!(
        details.contains("Action code: user_updated") && details.contains("Target id: u1"),
        "the codes and ids are behind Details: {details}"
    );
    assert_eq!(
        page.text("audit-row-a2-actor"),
        "HyOpps (no signed-in user)"
    );
    let facts = page.text("audit-row-a2-summary");
    assert!(
        facts.contains("Status: failed") && facts.contains("Step: 3"),
        "{facts}"
    );
    assert_eq!(page.text("audit-paging"), "1–50 of 120");

    page.click("audit-next").await;
    page.wait_for("audit-row-a51", "the next page").await;
    let empty = page.text("audit-row-a51-summary");
    assert!(empty.starts_with("—Details"), "no summary, a dash: {empty}");
}

#[wasm_bindgen_test]
async fn the_filters_make_the_request() {
    backend("");
    let page = mount_log().await;
    page.wait_until("the choices arrive", || {
        page.text("audit-filter-action")
            .contains("Password set by an administrator")
            .then_some(())
    })
    .await;
    assert!(
        !page.text("audit-filter-action").contains("password_set"),
        "the choices read as words"
    );
    assert!(page
        .text("audit-filter-target_type")
        .contains("Organisation"));

    page.type_into("audit-filter-action", "user_updated").await;
    page.type_into("audit-filter-target_type", "user").await;
    page.type_into("audit-filter-from", "2026-11-01").await;
    page.type_into("audit-filter-to", "2026-11-25").await;
    page.type_into("audit-filter-text", " jo ").await;
    let form: web_sys::HtmlFormElement =
        wasm_bindgen::JsCast::unchecked_into(page.find("audit-filter-text-form").unwrap());
    form.request_submit().unwrap();
    settle().await;

    let sent = requests("list_audit_log");
    assert_eq!(
        sent[0],
        json!({"filter": {"actor_user_id": null, "action": null, "target_type": null,
                          "target_id": null, "from": null, "to": null, "text": null},
               "page": 1, "page_size": 50})
    );
    assert_eq!(
        *sent.last().unwrap(),
        json!({"filter": {"actor_user_id": null, "action": "user_updated", "target_type": "user",
                          "target_id": null, "from": "2026-11-01T00:00:00Z",
                          "to": "2026-11-26T00:00:00Z", "text": "jo"},
               "page": 1, "page_size": 50}),
        "days become their UTC bounds, the end day included: {sent:?}"
    );
    assert!(page.find("audit-filter-range-error").is_none());

    page.type_into("audit-filter-to", "2026-10-31").await;
    page.wait_for(
        "audit-filter-range-error",
        "a backwards range is pointed out",
    )
    .await;
}

#[wasm_bindgen_test]
async fn export_saves_the_filtered_log_where_the_dialog_says() {
    backend(
        "case 'export_audit_log_csv': return Promise.resolve({path: '/tmp/log.csv', rows: 3});",
    );
    fake_save_dialog("return Promise.resolve('/tmp/log.csv');");
    let page = mount_log().await;
    page.wait_until("the choices arrive", || {
        page.text("audit-filter-action")
            .contains("Password set by an administrator")
            .then_some(())
    })
    .await;
    page.type_into("audit-filter-action", "password_set").await;

    page.click("audit-export").await;
    page.wait_for("audit-export-result", "the export answers")
        .await;
    let dialogs = calls_of("dialog.save");
    assert_eq!(dialogs.len(), 1);
    assert_eq!(
        dialogs[0]["defaultPath"],
        format!("hyopps-audit-log-{}.csv", today())
    );
    assert_eq!(
        requests("export_audit_log_csv"),
        [
            json!({"filter": {"actor_user_id": null, "action": "password_set", "target_type": null,
                           "target_id": null, "from": null, "to": null, "text": null},
                "path": "/tmp/log.csv"})
        ]
    );
    assert!(page
        .text("audit-export-result")
        .contains("Saved 3 audit entries to /tmp/log.csv."));
}

#[wasm_bindgen_test]
async fn a_cancelled_export_dialog_sends_nothing() {
    backend("");
    fake_save_dialog("return Promise.resolve(null);");
    let page = mount_log().await;
    page.click("audit-export").await;
    page.wait_until("the dialog was asked", || {
        (calls_of("dialog.save").len() == 1).then_some(())
    })
    .await;
    settle().await;
    assert!(
        calls_of("export_audit_log_csv").is_empty(),
        "nothing exported"
    );
    assert!(page.find("audit-export-result").is_none());
    assert!(page.find("audit-export-error").is_none());
}
