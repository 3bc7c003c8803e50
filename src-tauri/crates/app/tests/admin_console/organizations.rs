//! Organisations: list, detail, name and account types, system groups, documentation links,
//! deletion; and that only admins may do any of it.

use hyopps_contract::{
    AccountType, AppRole, ErrorCode, OrganizationListRequest, OrganizationSort,
    SetDocumentationRequest, SetSystemGroupRequest, SortDirection, SystemTool,
    UpdateOrganizationRequest,
};
use hyopps_store::StoreError;
use serde_json::json;

use crate::refused_without_writing;
use crate::support::*;

fn rename(id: &str, name: &str, types: &[AccountType]) -> UpdateOrganizationRequest {
    UpdateOrganizationRequest {
        organization_id: id.into(),
        name: name.into(),
        account_types: types.to_vec(),
    }
}

fn group(tool: SystemTool, id: &str, name: &str) -> SetSystemGroupRequest {
    SetSystemGroupRequest {
        organization_id: ACME.into(),
        tool,
        external_id: id.into(),
        external_name: name.into(),
    }
}

fn links(internal: &str, generic: &str, additional: &str) -> SetDocumentationRequest {
    SetDocumentationRequest {
        organization_id: ACME.into(),
        internal_docu: internal.into(),
        generique_docu: generic.into(),
        add_docu: additional.into(),
    }
}

/// Adds organisations named `names`, created a day apart in the given order.
async fn add_organizations(f: &Fixture, names: &[&str]) {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            for (i, name) in names.iter().enumerate() {
                tx.execute(
                    "INSERT INTO organizations (id, name, created_at) VALUES (?1, ?2, ?3)",
                    rusqlite::params![
                        format!("org-{i}"),
                        name,
                        format!("2025-01-{:02}T00:00:00.000Z", i + 1)
                    ],
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
}

fn names(page: &hyopps_contract::Page<hyopps_contract::OrganizationRow>) -> Vec<&str> {
    page.items.iter().map(|o| o.name.as_str()).collect()
}

#[tokio::test]
async fn the_list_searches_sorts_and_pages_with_counts_and_integration_state() {
    let f = fixture_with_acme().await;
    add_organizations(&f, &["beta", "Alpha", "100%_Pure", "Gamma Widgets"]).await;
    let list = |request: OrganizationListRequest| f.app.list_organizations(&f.admin, request);

    let all = list(OrganizationListRequest::default()).await.unwrap();
    assert_eq!(
        names(&all),
        [
            "100%_Pure",
            "Acme Widgets",
            "Alpha",
            "beta",
            "Gamma Widgets",
            "Globex"
        ],
        "by name without regard to case"
    );
    assert_eq!((all.total, all.page, all.page_size), (6, 1, 25));
    let acme = &all.items[1];
    assert_eq!(acme.user_count, 2);
    assert_eq!(acme.account_types, [AccountType::Partner]);
    assert!(acme.integration.keycloak_confirmed && acme.integration.lms_confirmed);
    assert_eq!(
        acme.integration.keycloak_cluster.as_deref(),
        Some("prod-eu")
    );
    assert_eq!(acme.integration.metabase_collection_id, Some(42));
    assert_eq!(
        acme.system_groups,
        SystemTool::ALL,
        "all four groups recorded"
    );
    let globex = &all.items[5];
    assert_eq!(
        globex.account_types,
        [AccountType::Client, AccountType::Internal]
    );
    assert_eq!(globex.user_count, 0);
    assert!(
        !globex.integration.keycloak_confirmed && globex.system_groups.is_empty(),
        "no integrations row reads as nothing done"
    );

    let search = list(OrganizationListRequest {
        search: Some("  WIDGET ".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        names(&search),
        ["Acme Widgets", "Gamma Widgets"],
        "any part, any case"
    );
    assert_eq!(search.total, 2);
    let literal = list(OrganizationListRequest {
        search: Some("%_".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        names(&literal),
        ["100%_Pure"],
        "LIKE wildcards are taken literally"
    );

    let desc = list(OrganizationListRequest {
        direction: SortDirection::Desc,
        page_size: 2,
        page: 2,
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        names(&desc),
        ["beta", "Alpha"],
        "page 2 of 2-row pages, Z to A"
    );
    assert_eq!(desc.total, 6, "the total counts every match, not the page");

    let oldest = list(OrganizationListRequest {
        sort: OrganizationSort::CreatedAt,
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        names(&oldest),
        [
            "beta",
            "Alpha",
            "100%_Pure",
            "Gamma Widgets",
            "Acme Widgets",
            "Globex"
        ]
    );
    let newest = list(OrganizationListRequest {
        sort: OrganizationSort::CreatedAt,
        direction: SortDirection::Desc,
        page_size: 1,
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(names(&newest), ["Globex"]);

    let beyond = list(OrganizationListRequest {
        page: 99,
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(
        beyond.items.is_empty() && beyond.total == 6,
        "past the end: empty page, same total"
    );

    assert_eq!(
        field_error(
            list(OrganizationListRequest {
                page_size: 500,
                ..Default::default()
            })
            .await
            .unwrap_err(),
            "page_size"
        ),
        "Show at most 200 rows a page."
    );
    assert_eq!(
        field_error(
            list(OrganizationListRequest {
                search: Some("x".repeat(201)),
                ..Default::default()
            })
            .await
            .unwrap_err(),
            "search"
        ),
        "Use at most 200 characters here."
    );
}

#[tokio::test]
async fn the_detail_shows_everything_that_hangs_off_an_organisation() {
    let f = fixture_with_acme().await;
    let acme = f.app.get_organization(&f.admin, ACME).await.unwrap();
    assert_eq!(acme.name, "Acme Widgets");
    assert_eq!(
        acme.studio_companies
            .iter()
            .map(|c| (
                c.name.as_str(),
                c.studio_id.as_str(),
                c.environment.as_str()
            ))
            .collect::<Vec<_>>(),
        [
            ("Acme TEST", "S-1001", "test"),
            ("Acme PROD", "S-1002", "prod")
        ],
        "TEST before PROD"
    );
    assert_eq!(
        acme.system_groups
            .iter()
            .map(|g| (g.tool, g.external_id.as_deref(), g.external_name.as_deref()))
            .collect::<Vec<_>>(),
        [
            (SystemTool::Metabase, Some("7"), Some("ext-acme-widgets")),
            (
                SystemTool::Teams,
                Some("19:abc@thread.tacv2"),
                Some("Acme Widgets")
            ),
            (SystemTool::Slack, Some("S0ACME"), Some("ext-acme-widgets")),
            (
                SystemTool::Keycloak,
                Some("kc-group-1"),
                Some("ext-acme-widgets")
            ),
        ]
    );
    assert_eq!(acme.integration.metabase_collection_id, Some(42));
    assert_eq!(
        acme.documentation.internal_docu.as_deref(),
        Some("https://docs.example.com/acme")
    );
    assert_eq!(acme.documentation.generique_docu, None);
    assert_eq!(
        acme.users
            .iter()
            .map(|u| (u.display_name.as_str(), u.app_role))
            .collect::<Vec<_>>(),
        [
            ("Ada Lovelace", AppRole::User),
            ("Pat Partner", AppRole::PartnerAdmin)
        ],
        "by last name"
    );
    assert_eq!(acme.users[0].access, ["Metabase", "Slack"]);
    assert_eq!(acme.user_total, 2);
    assert_eq!(acme.executions.len(), 1);
    assert_eq!(acme.executions[0].id, "exec-done");
    assert_eq!(acme.execution_total, 1);

    let globex = f.app.get_organization(&f.admin, GLOBEX).await.unwrap();
    assert!(
        globex.system_groups.iter().all(|g| g.external_id.is_none()),
        "every tool is listed, none recorded"
    );
    assert_eq!(globex.system_groups.len(), 4);

    for unknown in ["nope", "", &"x".repeat(100)] {
        assert_eq!(
            f.app
                .get_organization(&f.admin, unknown)
                .await
                .unwrap_err()
                .code(),
            ErrorCode::NotFound,
            "{unknown:?}"
        );
    }
}

#[tokio::test]
async fn renaming_and_retyping_is_audited_with_before_and_after() {
    let f = fixture_with_acme().await;
    let detail = f
        .app
        .update_organization(
            &f.admin,
            rename(
                ACME,
                "  Acme Widgets GmbH ",
                &[
                    AccountType::Internal,
                    AccountType::Partner,
                    AccountType::Partner,
                ],
            ),
        )
        .await
        .unwrap();
    assert_eq!(detail.name, "Acme Widgets GmbH", "trimmed");
    assert_eq!(
        detail.account_types,
        [AccountType::Partner, AccountType::Internal],
        "deduplicated, in canonical order"
    );
    let entry = last_audit(&f.app);
    assert_eq!(entry.action, "organization_updated");
    assert_eq!(entry.actor_user_id.as_deref(), Some(ADMIN_ID));
    assert_eq!(
        (entry.target_type.as_deref(), entry.target_id.as_deref()),
        (Some("organization"), Some(ACME))
    );
    assert_eq!(
        entry.summary,
        json!({
            "before": {"name": "Acme Widgets", "account_types": ["partner"]},
            "after": {"name": "Acme Widgets GmbH", "account_types": ["partner", "internal"]},
        })
    );

    let audit_count = audit_rows(&f.app).len();
    f.app
        .update_organization(
            &f.admin,
            rename(
                ACME,
                "Acme Widgets GmbH",
                &[AccountType::Partner, AccountType::Internal],
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        audit_rows(&f.app).len(),
        audit_count,
        "saving without a change records nothing"
    );

    let case_only = f
        .app
        .update_organization(
            &f.admin,
            rename(ACME, "ACME Widgets GmbH", &[AccountType::Partner]),
        )
        .await
        .unwrap();
    assert_eq!(
        case_only.name, "ACME Widgets GmbH",
        "its own name in another case is fine"
    );
}

#[tokio::test]
async fn a_bad_name_or_type_list_is_refused_field_by_field_and_writes_nothing() {
    let f = fixture_with_acme().await;
    let update = |request| f.app.update_organization(&f.admin, request);

    let error =
        refused_without_writing!(f, update(rename(ACME, "globex", &[AccountType::Partner])));
    assert_eq!(
        error.code(),
        ErrorCode::Conflict,
        "names are unique in any case"
    );
    assert_eq!(
        error.to_string(),
        "Another organisation is already called Globex. Choose a different name."
    );

    f.app
        .update_organization(
            &f.admin,
            rename(GLOBEX, "Zürich Partners", &[AccountType::Client]),
        )
        .await
        .unwrap();
    let error = refused_without_writing!(
        f,
        update(rename(ACME, "ZÜRICH PARTNERS", &[AccountType::Partner]))
    );
    assert_eq!(
        error.code(),
        ErrorCode::Conflict,
        "case is ignored beyond ASCII too"
    );

    let error = refused_without_writing!(f, update(rename(ACME, "   ", &[])));
    let wire = wire(error);
    assert_eq!(wire.field("name"), Some("Enter the organisation's name."));
    assert_eq!(
        wire.field("account_types"),
        Some("Choose at least one account type: partner, client or internal."),
        "every field's problem in one answer"
    );
    assert_eq!(
        field_error(
            refused_without_writing!(
                f,
                update(rename(ACME, &"n".repeat(201), &[AccountType::Partner]))
            ),
            "name"
        ),
        "Use at most 200 characters (this has 201)."
    );
    assert_eq!(
        field_error(
            refused_without_writing!(
                f,
                update(rename(
                    ACME,
                    &"n".repeat(11 * 1024),
                    &[AccountType::Partner]
                ))
            ),
            "name"
        ),
        "This value is too large (over 10 kB)."
    );
    assert_eq!(
        field_error(
            refused_without_writing!(
                f,
                update(rename(ACME, "Acme\nWidgets", &[AccountType::Partner]))
            ),
            "name"
        ),
        "Use a single line without tabs or line breaks."
    );
    let error = refused_without_writing!(
        f,
        update(rename("org-missing", "New", &[AccountType::Partner]))
    );
    assert_eq!(error.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn system_groups_are_set_changed_and_removed_per_tool() {
    let f = fixture_with_acme().await;
    let detail = f
        .app
        .set_system_group(&f.admin, group(SystemTool::Metabase, " 12 ", "ext-acme"))
        .await
        .unwrap();
    let metabase = &detail.system_groups[0];
    assert_eq!(
        (
            metabase.external_id.as_deref(),
            metabase.external_name.as_deref()
        ),
        (Some("12"), Some("ext-acme"))
    );
    let entry = last_audit(&f.app);
    assert_eq!(entry.action, "system_group_set");
    assert_eq!(
        entry.summary,
        json!({
            "tool": "metabase",
            "before": {"external_id": "7", "external_name": "ext-acme-widgets"},
            "after": {"external_id": "12", "external_name": "ext-acme"},
        })
    );

    let detail = f
        .app
        .set_system_group(&f.admin, group(SystemTool::Slack, "", ""))
        .await
        .unwrap();
    assert_eq!(
        detail.system_groups[2].external_id, None,
        "both empty removes it"
    );
    assert_eq!(last_audit(&f.app).action, "system_group_removed");
    assert_eq!(
        last_audit(&f.app).summary["before"]["external_id"],
        "S0ACME",
        "what was removed is on record"
    );
    let audit_count = audit_rows(&f.app).len();
    f.app
        .set_system_group(&f.admin, group(SystemTool::Slack, "", ""))
        .await
        .unwrap();
    assert_eq!(
        audit_rows(&f.app).len(),
        audit_count,
        "removing nothing records nothing"
    );

    let detail = f
        .app
        .set_system_group(&f.admin, group(SystemTool::Slack, "S0NEW", ""))
        .await
        .unwrap();
    assert_eq!(
        (
            detail.system_groups[2].external_id.as_deref(),
            detail.system_groups[2].external_name.as_deref()
        ),
        (Some("S0NEW"), None),
        "a name is optional"
    );
    assert_eq!(
        integer(scalar(
            &f.app,
            "SELECT count(*) FROM system_groups WHERE organization_id = 'org-acme'"
        )),
        4,
        "one row per tool, never two"
    );

    let set = |request| f.app.set_system_group(&f.admin, request);
    assert_eq!(
        field_error(
            refused_without_writing!(f, set(group(SystemTool::Teams, "", "Acme channel"))),
            "external_id"
        ),
        "Enter the Microsoft Teams channel id, or clear both fields to remove the channel."
    );
    assert_eq!(
        field_error(
            refused_without_writing!(f, set(group(SystemTool::Metabase, "ext-acme", "ext-acme"))),
            "external_id"
        ),
        "A Metabase group id is a number, e.g. 12."
    );
    assert_eq!(
        field_error(
            refused_without_writing!(f, set(group(SystemTool::Keycloak, &"k".repeat(201), ""))),
            "external_id"
        ),
        "Use at most 200 characters (this has 201)."
    );
    let mut unknown = group(SystemTool::Keycloak, "kc", "");
    unknown.organization_id = "org-missing".into();
    assert_eq!(
        refused_without_writing!(f, set(unknown)).code(),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn documentation_links_are_web_links_or_empty() {
    let f = fixture_with_acme().await;
    let detail = f
        .app
        .set_documentation_links(
            &f.admin,
            links(
                "",
                " https://docs.example.com/general ",
                "http://intranet.example.com/a?b=c#d",
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        detail.documentation.internal_docu, None,
        "empty clears a link"
    );
    assert_eq!(
        detail.documentation.generique_docu.as_deref(),
        Some("https://docs.example.com/general")
    );
    assert_eq!(
        detail.documentation.add_docu.as_deref(),
        Some("http://intranet.example.com/a?b=c#d")
    );
    let entry = last_audit(&f.app);
    assert_eq!(entry.action, "documentation_updated");
    assert_eq!(
        entry.summary["before"],
        json!({"internal_docu": "https://docs.example.com/acme", "generique_docu": null, "add_docu": null})
    );

    // Globex had no documentation row at all: one is created.
    let mut globex = links("https://docs.example.com/globex", "", "");
    globex.organization_id = GLOBEX.into();
    let detail = f
        .app
        .set_documentation_links(&f.admin, globex)
        .await
        .unwrap();
    assert_eq!(
        detail.documentation.internal_docu.as_deref(),
        Some("https://docs.example.com/globex")
    );

    let set = |request| f.app.set_documentation_links(&f.admin, request);
    let error = refused_without_writing!(
        f,
        set(links(
            "ftp://files.example.com/a",
            "docs.example.com",
            "javascript:alert(1)"
        ))
    );
    let wire = wire(error);
    for field in ["internal_docu", "generique_docu", "add_docu"] {
        assert_eq!(
            wire.field(field),
            Some("Enter a web link starting with https:// or http://, e.g. https://docs.example.com/partners."),
            "{field}"
        );
    }
    let long = format!("https://docs.example.com/{}", "a".repeat(2_000));
    assert!(field_error(
        refused_without_writing!(f, set(links(&long, "", ""))),
        "internal_docu"
    )
    .starts_with("Use at most 2000 characters"));
    let mut unknown = links("", "", "");
    unknown.organization_id = "org-missing".into();
    assert_eq!(
        refused_without_writing!(f, set(unknown)).code(),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn deleting_an_organisation_detaches_its_people_and_executions_and_removes_the_rest() {
    let f = fixture_with_acme().await;
    let pat = partner_admin(&f).await;
    // An execution in progress for Acme (step 1 done: it is linked to Acme).
    let running = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    f.app
        .submit_step_input(&f.admin, &running, json!({ "organization_id": ACME }))
        .await
        .unwrap();

    let preview = f
        .app
        .preview_organization_deletion(&f.admin, ACME)
        .await
        .unwrap();
    assert_eq!(preview.name, "Acme Widgets");
    assert_eq!(preview.user_count, 2);
    assert_eq!(
        preview
            .users
            .iter()
            .map(|u| (u.email.as_str(), u.demoted))
            .collect::<Vec<_>>(),
        [(ADA_EMAIL, false), (PARTNER_ADMIN_EMAIL, true)],
        "the partner admin loses the role, the user keeps theirs"
    );
    assert_eq!(preview.partner_admins_demoted, 1);
    assert_eq!(preview.executions_detached, 2);
    assert_eq!(preview.studio_companies_deleted.len(), 2);
    assert_eq!(preview.studio_access_deleted, 2);
    assert_eq!(preview.system_groups_deleted, SystemTool::ALL);
    assert!(preview.integrations_deleted && preview.documentation_deleted);
    let reason = preview
        .blocked_by
        .expect("an unfinished execution blocks it");
    assert!(reason.contains("1 unfinished execution"), "{reason}");

    let error = refused_without_writing!(f, f.app.delete_organization(&f.admin, ACME));
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert_eq!(
        error.to_string(),
        reason,
        "the refusal says what the preview said"
    );

    f.app.cancel_execution(&f.admin, &running).await.unwrap();
    let given = refused_without_writing!(f, f.app.delete_organization(&f.admin, ACME));
    assert_eq!(given.code(), ErrorCode::Conflict);
    assert!(
        given.to_string().contains(
            "was given access (1 of its people has had access; groups in Keycloak, Metabase, Slack, Microsoft Teams; a Metabase collection)"
        ) && given.to_string().contains("offboard the organisation instead"),
        "access HyOpps gave is taken back by offboarding, not forgotten by deleting: {given}"
    );

    // What an organisation that never had access looks like: entered, its people and Studio
    // companies listed, nothing given in the systems.
    f.app
        .store()
        .write(|tx| -> Result<(), StoreError> {
            tx.execute_batch(
                "DELETE FROM access_grants; DELETE FROM system_groups;
                 UPDATE organization_integrations SET metabase_collection_id = NULL;",
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let done = f.app.delete_organization(&f.admin, ACME).await.unwrap();
    assert_eq!(done.blocked_by, None);
    assert_eq!(done.user_count, 2);

    for (sql, expected, why) in [
        ("SELECT count(*) FROM organizations WHERE id = 'org-acme'", 0, "the organisation is gone"),
        ("SELECT count(*) FROM studio_companies WHERE organization_id = 'org-acme'", 0, "its Studio companies"),
        ("SELECT count(*) FROM user_studio_access", 0, "and the access people had to them"),
        ("SELECT count(*) FROM system_groups WHERE organization_id = 'org-acme'", 0, "its groups"),
        ("SELECT count(*) FROM organization_integrations WHERE organization_id = 'org-acme'", 0, "its integrations"),
        ("SELECT count(*) FROM organization_documentation WHERE organization_id = 'org-acme'", 0, "its documentation"),
        ("SELECT count(*) FROM users WHERE id IN ('user-pat', 'user-ada') AND organization_id IS NULL", 2, "people stay, detached"),
        ("SELECT count(*) FROM workflow_executions WHERE organization_id IS NULL", 2, "executions stay as history, detached"),
        ("SELECT count(*) FROM user_studio_companies WHERE user_id = 'user-ada'", 1, "and their personal company"),
        ("SELECT count(*) FROM organizations WHERE id = 'org-globex'", 1, "other organisations are untouched"),
    ] {
        assert_eq!(integer(scalar(&f.app, sql)), expected, "{why}");
    }
    assert_eq!(
        text(scalar(
            &f.app,
            "SELECT app_role FROM users WHERE id = 'user-pat'"
        ))
        .as_deref(),
        Some("user")
    );

    let entries = audit_rows(&f.app);
    let deleted = entries
        .iter()
        .find(|e| e.action == "organization_deleted")
        .expect("the deletion is audited");
    assert_eq!(deleted.target_id.as_deref(), Some(ACME));
    assert_eq!(deleted.summary["before"]["name"], "Acme Widgets");
    assert_eq!(deleted.summary["users_detached"], 2);
    assert_eq!(deleted.summary["executions_detached"], 2);
    assert!(deleted.summary["integrations_deleted"].as_bool().unwrap());
    let demoted = entries.last().unwrap();
    assert_eq!(
        (demoted.action.as_str(), demoted.target_id.as_deref()),
        ("user_updated", Some(PARTNER_ADMIN)),
        "the partner admin's role change is in their own history"
    );
    assert_eq!(demoted.summary["after"]["app_role"], "user");

    let refused = f.app.partner_overview(&pat).await.unwrap_err();
    assert_eq!(
        refused.code(),
        ErrorCode::Forbidden,
        "the demoted partner admin is refused at their next command"
    );
    assert_eq!(
        f.app
            .get_organization(&f.admin, ACME)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        f.app
            .delete_organization(&f.admin, ACME)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::NotFound,
        "deleting twice"
    );
}

#[tokio::test]
async fn an_organisation_with_nothing_attached_deletes_cleanly() {
    let f = fixture_with_acme().await;
    let preview = f
        .app
        .preview_organization_deletion(&f.admin, GLOBEX)
        .await
        .unwrap();
    assert_eq!(
        (
            preview.user_count,
            preview.executions_detached,
            preview.blocked_by.as_deref()
        ),
        (0, 0, None)
    );
    assert!(!preview.integrations_deleted && !preview.documentation_deleted);
    f.app.delete_organization(&f.admin, GLOBEX).await.unwrap();
    let page = f
        .app
        .list_organizations(&f.admin, OrganizationListRequest::default())
        .await
        .unwrap();
    assert_eq!(names(&page), ["Acme Widgets"]);
}

#[tokio::test]
async fn only_admins_may_use_the_organisation_console() {
    let f = fixture_with_acme().await;
    let pat = partner_admin(&f).await;
    let signed_out = hyopps_app::SessionToken::none();
    for (token, expected) in [
        (&pat, ErrorCode::Forbidden),
        (&signed_out, ErrorCode::Unauthorized),
    ] {
        let before = snapshot(&f.app);
        let outcomes = [
            f.app
                .list_organizations(token, OrganizationListRequest::default())
                .await
                .map(|_| ()),
            f.app.get_organization(token, ACME).await.map(|_| ()),
            f.app
                .update_organization(token, rename(ACME, "Mine now", &[AccountType::Partner]))
                .await
                .map(|_| ()),
            f.app
                .set_system_group(token, group(SystemTool::Slack, "S0X", ""))
                .await
                .map(|_| ()),
            f.app
                .set_documentation_links(token, links("https://evil.example.com", "", ""))
                .await
                .map(|_| ()),
            f.app
                .preview_organization_deletion(token, ACME)
                .await
                .map(|_| ()),
            f.app.delete_organization(token, ACME).await.map(|_| ()),
        ];
        for (i, outcome) in outcomes.into_iter().enumerate() {
            assert_eq!(
                outcome.unwrap_err().code(),
                expected,
                "use case #{i} refuses this caller"
            );
        }
        assert_eq!(snapshot(&f.app), before, "and nothing was written");
    }

    // An admin who must still set a new password is refused too.
    let hash = argon2_hash(PASSWORD);
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, password_hash, must_change_password, created_at, updated_at)
                 VALUES ('admin-2', 'Second', 'Admin', 'second@hyopps.local', 'admin', ?1, 1, 'now', 'now')",
                [hash],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let (second, _) = f
        .app
        .sign_in("second@hyopps.local", PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        f.app
            .list_organizations(&second, OrganizationListRequest::default())
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
}

#[tokio::test]
async fn an_execution_links_to_its_organisations_groups_once_their_systems_have_addresses() {
    let f = fixture_with_acme().await;
    let before = f.app.get_execution(&f.admin, "exec-done").await.unwrap();
    assert!(
        before.system_links.is_empty(),
        "no system's address in Settings yet, nothing to link to"
    );
    f.app
        .save_system_settings(
            &f.admin,
            hyopps_contract::SaveSystemSettingsRequest {
                system: "metabase".into(),
                values: std::collections::BTreeMap::from([
                    ("url".to_string(), "https://bi.example.com".to_string()),
                    ("database_id".to_string(), "3".to_string()),
                    ("template_collection_id".to_string(), String::new()),
                ]),
                secret: hyopps_contract::SecretChange::Set("mb-key".into()),
            },
        )
        .await
        .unwrap();
    let after = f.app.get_execution(&f.admin, "exec-done").await.unwrap();
    assert_eq!(
        after.system_links,
        [hyopps_contract::SystemLink {
            tool: SystemTool::Metabase,
            name: "ext-acme-widgets".into(),
            url: "https://bi.example.com/admin/people/groups/7".into(),
        }],
        "the Metabase group, by its name; Teams, Slack and Keycloak have no address or no page"
    );
}
