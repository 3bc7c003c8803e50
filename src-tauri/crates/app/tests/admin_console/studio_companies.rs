//! An organisation's Studio companies: add, edit, remove; a Studio id belongs to one company.

use hyopps_contract::{
    AddStudioCompanyRequest, ErrorCode, StudioEnvironment, UpdateStudioCompanyRequest,
};
use serde_json::json;

use crate::refused_without_writing;
use crate::support::*;

fn add(org: &str, name: &str, studio_id: &str) -> AddStudioCompanyRequest {
    AddStudioCompanyRequest {
        organization_id: org.into(),
        name: name.into(),
        studio_id: studio_id.into(),
        environment: StudioEnvironment::Test,
    }
}

fn edit(
    id: &str,
    name: &str,
    studio_id: &str,
    environment: StudioEnvironment,
) -> UpdateStudioCompanyRequest {
    UpdateStudioCompanyRequest {
        studio_company_id: id.into(),
        name: name.into(),
        studio_id: studio_id.into(),
        environment,
    }
}

#[tokio::test]
async fn companies_are_added_edited_and_removed_with_an_audit_entry_each() {
    let f = fixture_with_acme().await;
    let detail = f
        .app
        .add_studio_company(&f.admin, add(GLOBEX, " Globex TEST ", " G-1 "))
        .await
        .unwrap();
    assert_eq!(
        detail.id, GLOBEX,
        "the answer is the organisation's fresh detail"
    );
    let company = detail.studio_companies[0].clone();
    assert_eq!(
        (
            company.name.as_str(),
            company.studio_id.as_str(),
            company.environment
        ),
        ("Globex TEST", "G-1", StudioEnvironment::Test)
    );
    let entry = last_audit(&f.app);
    assert_eq!(
        (entry.action.as_str(), entry.target_id.as_deref()),
        ("studio_company_added", Some(GLOBEX))
    );
    assert_eq!(entry.summary["studio_company_id"], json!(company.id));
    assert_eq!(
        entry.summary["after"],
        json!({"name": "Globex TEST", "studio_id": "G-1", "environment": "test"})
    );

    let detail = f
        .app
        .update_studio_company(
            &f.admin,
            edit(&company.id, "Globex PROD", "G-1", StudioEnvironment::Prod),
        )
        .await
        .unwrap();
    assert_eq!(
        detail.studio_companies[0].environment,
        StudioEnvironment::Prod
    );
    assert_eq!(
        detail.studio_companies[0].studio_id, "G-1",
        "keeping its own Studio id is fine"
    );
    let entry = last_audit(&f.app);
    assert_eq!(entry.action, "studio_company_updated");
    assert_eq!(
        entry.summary,
        json!({
            "studio_company_id": company.id,
            "before": {"name": "Globex TEST", "environment": "test"},
            "after": {"name": "Globex PROD", "environment": "prod"},
        })
    );

    let detail = f
        .app
        .remove_studio_company(&f.admin, ACME_TEST)
        .await
        .unwrap();
    assert_eq!(detail.id, ACME);
    assert_eq!(
        detail
            .studio_companies
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        [ACME_PROD]
    );
    assert_eq!(
        integer(scalar(
            &f.app,
            "SELECT count(*) FROM user_studio_access WHERE studio_company_id = 'company-acme-test'"
        )),
        0,
        "the access people had to it goes with it"
    );
    let entry = last_audit(&f.app);
    assert_eq!(entry.action, "studio_company_removed");
    assert_eq!(entry.summary["studio_access_deleted"], 1);
    assert_eq!(entry.summary["before"]["studio_id"], "S-1001");
}

#[tokio::test]
async fn a_studio_id_belongs_to_one_company_in_any_case() {
    let f = fixture_with_acme().await;
    let error = refused_without_writing!(
        f,
        f.app
            .add_studio_company(&f.admin, add(GLOBEX, "Globex", "s-1001"))
    );
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert_eq!(
        error.to_string(),
        "Studio id s-1001 already belongs to Acme Widgets (company Acme TEST). Check the id in Studio.",
        "the message names the organisation that has it"
    );
    let error = refused_without_writing!(
        f,
        f.app
            .add_studio_company(&f.admin, add(GLOBEX, "Globex", "P-ADA"))
    );
    assert_eq!(
        error.to_string(),
        "Studio id P-ADA is the personal Studio company of Ada Lovelace. Check the id in Studio."
    );
    let error = refused_without_writing!(
        f,
        f.app.update_studio_company(
            &f.admin,
            edit(ACME_TEST, "Acme TEST", "S-1002", StudioEnvironment::Test)
        )
    );
    assert_eq!(
        error.code(),
        ErrorCode::Conflict,
        "not even within one organisation"
    );
}

#[tokio::test]
async fn bad_company_input_is_refused_field_by_field() {
    let f = fixture_with_acme().await;
    let error =
        refused_without_writing!(f, f.app.add_studio_company(&f.admin, add(GLOBEX, " ", "")));
    let wire = wire(error);
    assert_eq!(
        wire.field("name"),
        Some("Enter the company's name as Studio shows it.")
    );
    assert_eq!(
        wire.field("studio_id"),
        Some("Enter the company's id in Studio.")
    );
    assert_eq!(
        field_error(
            refused_without_writing!(
                f,
                f.app.add_studio_company(&f.admin, add(GLOBEX, "G", "G 1"))
            ),
            "studio_id"
        ),
        "A Studio id has no spaces."
    );
    assert_eq!(
        field_error(
            refused_without_writing!(
                f,
                f.app
                    .add_studio_company(&f.admin, add(GLOBEX, &"g".repeat(20_000), "G-1"))
            ),
            "name"
        ),
        "This value is too large (over 10 kB)."
    );
    for (outcome, why) in [
        (
            f.app
                .add_studio_company(&f.admin, add("org-missing", "G", "G-1"))
                .await
                .map(|_| ()),
            "unknown organisation",
        ),
        (
            f.app
                .update_studio_company(&f.admin, edit("nope", "G", "G-1", StudioEnvironment::Test))
                .await
                .map(|_| ()),
            "unknown company",
        ),
        (
            f.app
                .remove_studio_company(&f.admin, "nope")
                .await
                .map(|_| ()),
            "unknown company",
        ),
    ] {
        assert_eq!(outcome.unwrap_err().code(), ErrorCode::NotFound, "{why}");
    }
}

#[tokio::test]
async fn only_admins_may_change_studio_companies() {
    let f = fixture_with_acme().await;
    let pat = partner_admin(&f).await;
    let before = snapshot(&f.app);
    assert_eq!(
        f.app
            .add_studio_company(&pat, add(ACME, "Mine", "M-1"))
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        f.app
            .update_studio_company(
                &pat,
                edit(ACME_TEST, "Mine", "S-1001", StudioEnvironment::Test)
            )
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        f.app
            .remove_studio_company(&pat, ACME_TEST)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        f.app
            .remove_studio_company(&hyopps_app::SessionToken::none(), ACME_TEST)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Unauthorized
    );
    assert_eq!(snapshot(&f.app), before);
}
