//! The audit log: filters, paging, the filter's choices, and both CSV exports.

use chrono::Duration;
use hyopps_contract::{
    AccountType, AppRole, AuditFilter, AuditListRequest, ErrorCode, ExportAuditLogRequest,
    ExportUsersRequest, SetSystemGroupRequest, SystemTool, UpdateOrganizationRequest, UserFilter,
};

use crate::support::*;

/// Lets a day pass while the admin's session stays in use (it would end after 8 idle hours).
async fn pass_a_day(f: &Fixture) {
    for _ in 0..4 {
        f.clock.advance(Duration::hours(6));
        f.app.current_session(&f.admin).await.unwrap();
    }
}

/// Two admin changes a day apart (26 and 27 November), after the fixture's sign-in on the 25th.
async fn three_days_of_changes(f: &Fixture) {
    pass_a_day(f).await; // 26 Nov, 09:00
    f.app
        .update_organization(
            &f.admin,
            UpdateOrganizationRequest {
                organization_id: ACME.into(),
                name: "Acme, \"the\" Widgets".into(),
                account_types: vec![AccountType::Partner],
            },
        )
        .await
        .unwrap();
    pass_a_day(f).await; // 27 Nov, 09:00
    f.app
        .set_system_group(
            &f.admin,
            SetSystemGroupRequest {
                organization_id: GLOBEX.into(),
                tool: SystemTool::Slack,
                external_id: "S0GLOBEX".into(),
                external_name: "ext-globex".into(),
            },
        )
        .await
        .unwrap();
}

fn request(filter: AuditFilter) -> AuditListRequest {
    AuditListRequest {
        filter,
        ..Default::default()
    }
}

#[tokio::test]
async fn the_log_is_filtered_by_actor_action_target_time_and_text() {
    let f = fixture_with_acme().await;
    three_days_of_changes(&f).await;
    let list = |filter| f.app.list_audit_log(&f.admin, request(filter));

    let all = list(AuditFilter::default()).await.unwrap();
    assert_eq!(
        all.items
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        [
            "system_group_set",
            "organization_updated",
            "password_changed",
            "signed_in"
        ],
        "newest first"
    );
    assert_eq!((all.total, all.page_size), (4, 50));
    let newest = &all.items[0];
    assert_eq!(newest.actor_name.as_deref(), Some("Default Admin"));
    assert_eq!(
        newest.target_name.as_deref(),
        Some("Globex"),
        "targets are named"
    );
    assert_eq!(newest.summary["after"]["external_id"], "S0GLOBEX");

    let by_action = list(AuditFilter {
        action: Some("organization_updated".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(by_action.total, 1);
    assert_eq!(by_action.items[0].target_id.as_deref(), Some(ACME));

    let by_target = list(AuditFilter {
        target_type: Some("organization".into()),
        target_id: Some(GLOBEX.into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(by_target.total, 1);

    let by_actor = list(AuditFilter {
        actor_user_id: Some(ADMIN_ID.into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(by_actor.total, 4);
    let nobody = list(AuditFilter {
        actor_user_id: Some(PARTNER_ADMIN.into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(nobody.total, 0);

    let one_day = list(AuditFilter {
        from: Some("2026-11-26".into()),
        to: Some("2026-11-26".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        one_day
            .items
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["organization_updated"],
        "a day from its start to its end"
    );
    let since = list(AuditFilter {
        from: Some("2026-11-26T09:00:00Z".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(since.total, 2, "from is inclusive");
    let until = list(AuditFilter {
        to: Some("2026-11-26T09:00:00+00:00".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(until.total, 2, "a time as `to` is exclusive");

    for (text, expected) in [
        ("S0GLOBEX", 1),      // in a summary
        ("\"THE", 1),         // in a summary, any case, a quote taken literally
        ("default admin", 4), // the actor's name
        ("hyopps.local", 4),  // the actor's email
        ("signed_", 1),       // the action (the underscore is literal)
        ("nothing like it", 0),
    ] {
        let found = list(AuditFilter {
            text: Some(text.into()),
            ..Default::default()
        })
        .await
        .unwrap();
        assert_eq!(found.total, expected, "text {text:?}");
    }

    let paged = f
        .app
        .list_audit_log(
            &f.admin,
            AuditListRequest {
                page: 2,
                page_size: 3,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(paged.items.len(), 1);
    assert_eq!(
        (paged.total, paged.items[0].action.as_str()),
        (4, "signed_in")
    );
}

#[tokio::test]
async fn the_free_text_finds_any_piece_of_an_entry_long_or_short_in_any_case() {
    let f = &fixture().await;
    let record = |summary: serde_json::Value| {
        let summary = summary.clone();
        f.app.store().write(move |tx| {
            hyopps_store::audit::record(
                tx,
                &hyopps_store::audit::Entry {
                    at: "2026-11-25T10:00:00.000Z",
                    actor_user_id: None,
                    action: "organization_updated",
                    target_type: "organization",
                    target_id: Some("org-obrien"),
                    summary,
                },
            )
        })
    };
    record(serde_json::json!({"after": {"name": "O'Brien & Söhne Logistik"}}))
        .await
        .unwrap();
    record(serde_json::json!({"note": "100% done, \"quoted\""}))
        .await
        .unwrap();
    let found = |text: &'static str| async move {
        f.app
            .list_audit_log(
                &f.admin,
                request(AuditFilter {
                    text: Some(text.into()),
                    ..Default::default()
                }),
            )
            .await
            .unwrap()
            .total
    };
    // Three characters or more go through the index; fewer are read entry by entry.
    assert_eq!(
        found("BRIEN & S").await,
        1,
        "a piece with punctuation, any case"
    );
    assert_eq!(found("Söhne").await, 1, "accents");
    assert_eq!(found("100%").await, 1, "a percent sign is literal");
    assert_eq!(found("\"quoted").await, 1, "a quote is literal");
    assert_eq!(found("0%").await, 1, "two characters");
    assert_eq!(found("org-obrien").await, 2, "the target's id");
    assert_eq!(found("zz").await, 0);
    assert_eq!(
        found("Söhne Logistik GmbH").await,
        0,
        "all of the piece, not some"
    );

    // Who did it is found by the name they had then, also once the account is renamed.
    let before_rename = found("default admin").await;
    assert!(before_rename > 0);
    f.app
        .store()
        .write(|tx| -> Result<(), hyopps_store::StoreError> {
            tx.execute(
                "UPDATE users SET firstname = 'Renamed', lastname = 'Later' WHERE id = ?1",
                [ADMIN_ID],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(found("default admin").await, before_rename);
}

#[tokio::test]
async fn bad_filters_are_refused_with_field_messages() {
    let f = fixture().await;
    let list = |filter| f.app.list_audit_log(&f.admin, request(filter));
    assert_eq!(
        field_error(
            list(AuditFilter {
                from: Some("yesterday".into()),
                ..Default::default()
            })
            .await
            .unwrap_err(),
            "from"
        ),
        "Enter a day like 2026-11-25 or a time like 2026-11-25T09:00:00Z."
    );
    assert_eq!(
        field_error(
            list(AuditFilter {
                from: Some("2026-11-27".into()),
                to: Some("2026-11-25".into()),
                ..Default::default()
            })
            .await
            .unwrap_err(),
            "to"
        ),
        "The end of the period is before its start."
    );
    assert_eq!(
        field_error(
            list(AuditFilter {
                text: Some("t".repeat(201)),
                ..Default::default()
            })
            .await
            .unwrap_err(),
            "text"
        ),
        "Use at most 200 characters here."
    );
}

#[tokio::test]
async fn the_filter_offers_the_actions_and_target_types_that_occur() {
    let f = fixture_with_acme().await;
    three_days_of_changes(&f).await;
    let options = f.app.audit_filter_options(&f.admin).await.unwrap();
    assert_eq!(
        options.actions,
        [
            "organization_updated",
            "password_changed",
            "signed_in",
            "system_group_set"
        ]
    );
    assert_eq!(options.target_types, ["organization", "user"]);
}

#[tokio::test]
async fn the_audit_csv_has_every_matching_entry_quoted_as_rfc_4180_says() {
    let f = fixture_with_acme().await;
    three_days_of_changes(&f).await;
    let export = f
        .app
        .export_audit_log_csv(&f.admin, AuditFilter::default())
        .await
        .unwrap();
    assert_eq!(
        export.suggested_file_name,
        "hyopps-audit-log-2026-11-27.csv"
    );
    assert_eq!(export.rows, 4);
    let lines: Vec<&str> = export.content.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "at,actor_user_id,actor,action,target_type,target_id,target,summary,client"
    );
    assert_eq!(
        lines.len(),
        6,
        "header, four rows, and the empty string after the last CRLF"
    );
    assert_eq!(lines[5], "");
    let renamed = lines
        .iter()
        .find(|l| l.contains("organization_updated"))
        .unwrap();
    assert!(
        renamed.contains(",\"Acme, \"\"the\"\" Widgets\","),
        "a name with a comma and quotes is quoted, quotes doubled: {renamed}"
    );
    assert!(
        renamed.contains("\"\"name\"\":\"\"Acme, \\\"\"the\\\"\" Widgets\"\"")
            && renamed.ends_with("}}\","),
        "the summary is its JSON text, quoted, quotes doubled, then no client on a desktop: {renamed}"
    );
    let entry = last_audit(&f.app);
    assert_eq!(
        (entry.action.as_str(), entry.target_type.as_deref()),
        ("audit_log_exported", Some("export"))
    );
    assert_eq!(entry.summary["rows"], 4);

    let filtered = f
        .app
        .export_audit_log_csv(
            &f.admin,
            AuditFilter {
                action: Some("signed_in".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(filtered.rows, 1, "the export follows the filter");
}

#[tokio::test]
async fn the_audit_csv_holds_all_rows_not_one_page() {
    let f = fixture().await;
    f.app
        .store()
        .write(|tx| -> Result<(), hyopps_store::StoreError> {
            for i in 0..260 {
                hyopps_store::audit::record(
                    tx,
                    &hyopps_store::audit::Entry {
                        at: &format!("2026-11-24T10:{:02}:{:02}.000Z", i / 60, i % 60),
                        actor_user_id: Some(ADMIN_ID),
                        action: "signed_in",
                        target_type: "user",
                        target_id: Some(ADMIN_ID),
                        summary: serde_json::json!({ "n": i }),
                    },
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let export = f
        .app
        .export_audit_log_csv(
            &f.admin,
            AuditFilter {
                action: Some("signed_in".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        export.rows, 261,
        "more than the largest page (200): 260 and the fixture's own"
    );
    assert_eq!(export.content.matches("\r\n").count(), 262, "and a header");
}

#[tokio::test]
async fn the_users_csv_has_one_row_per_user_with_their_access() {
    let f = fixture_with_acme().await;
    let export = f
        .app
        .export_users_csv(&f.admin, UserFilter::default())
        .await
        .unwrap();
    assert_eq!(export.suggested_file_name, "hyopps-users-2026-11-25.csv");
    assert_eq!(export.rows, 3);
    let lines: Vec<&str> = export
        .content
        .trim_end_matches("\r\n")
        .split("\r\n")
        .collect();
    assert_eq!(
        lines,
        [
            "id,firstname,lastname,email,organization,app_role,resources,studio_companies,can_sign_in,created_at",
            &format!("{ADMIN_ID},Default,Admin,{ADMIN_EMAIL},,admin,,,yes,{}", admin_created_at(&f)),
            "user-ada,Ada,Lovelace,ada@acme.example,Acme Widgets,user,Metabase; Slack,Acme PROD; Acme TEST,no,2026-03-02T08:00:00.000Z",
            "user-pat,Pat,Partner,pat@acme.example,Acme Widgets,partner_admin,,,yes,2026-03-01T08:00:00.000Z",
        ]
    );
    let partner_admins = f
        .app
        .export_users_csv(
            &f.admin,
            UserFilter {
                app_role: Some(AppRole::PartnerAdmin),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(partner_admins.rows, 1, "the export follows the filter");
    assert_eq!(last_audit(&f.app).action, "users_exported");
}

#[tokio::test]
async fn an_export_is_saved_only_as_a_csv_file() {
    let f = fixture_with_acme().await;
    let folder = tempfile::tempdir().unwrap();
    let not_csv = folder.path().join("notes.txt");
    std::fs::write(&not_csv, "my own notes").unwrap();
    let before = snapshot(&f.app);
    for path in [&not_csv, &folder.path().join("users")] {
        let refused = f
            .app
            .save_users_csv(
                &f.admin,
                ExportUsersRequest {
                    filter: UserFilter::default(),
                    path: path.display().to_string(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(refused.code(), ErrorCode::Validation, "{}", path.display());
        assert!(
            refused.to_string().contains(".csv"),
            "the message says what is expected: {refused}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&not_csv).unwrap(),
        "my own notes",
        "a file of another kind is never overwritten"
    );
    assert!(!folder.path().join("users").exists());
    assert_eq!(snapshot(&f.app), before, "a refused export is not recorded");

    let chosen = folder.path().join("Users.CSV");
    let saved = f
        .app
        .save_audit_log_csv(
            &f.admin,
            ExportAuditLogRequest {
                filter: AuditFilter::default(),
                path: chosen.display().to_string(),
            },
        )
        .await
        .expect("a .csv file in any case is saved");
    assert!(std::fs::read_to_string(&chosen).unwrap().starts_with("at,"));
    assert_eq!(saved.path, chosen.display().to_string());
}

#[tokio::test]
async fn only_admins_may_read_or_export_the_log() {
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
                .list_audit_log(token, AuditListRequest::default())
                .await
                .map(|_| ()),
            f.app.audit_filter_options(token).await.map(|_| ()),
            f.app
                .export_audit_log_csv(token, AuditFilter::default())
                .await
                .map(|_| ()),
            f.app
                .export_users_csv(token, UserFilter::default())
                .await
                .map(|_| ()),
        ];
        for (i, outcome) in outcomes.into_iter().enumerate() {
            assert_eq!(outcome.unwrap_err().code(), expected, "use case #{i}");
        }
        assert_eq!(snapshot(&f.app), before);
    }
}

fn admin_created_at(f: &Fixture) -> String {
    text(scalar(
        &f.app,
        &format!("SELECT created_at FROM users WHERE id = '{ADMIN_ID}'"),
    ))
    .unwrap()
}
