//! An organisation's Studio companies: add, edit, remove. A Studio id belongs to one company
//! only, an organisation's or a person's own, in any case.

use hyopps_contract::{
    AddStudioCompanyRequest, OrganizationDetail, StudioEnvironment, UpdateStudioCompanyRequest,
};
use hyopps_store::{organizations, Connection};
use serde_json::json;

use super::organizations::NO_ORGANIZATION;
use super::validate::{Check, MAX_NAME_CHARS};
use super::{changes, record, subject_id};
use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};

const NO_COMPANY: &str =
    "No Studio company has this id; it may have been removed. Reload the organisation.";
const MAX_STUDIO_ID_CHARS: usize = 100;

impl App {
    /// Adds a Studio company to the organisation. Answers the organisation's fresh detail.
    pub async fn add_studio_company(
        &self,
        token: &SessionToken,
        request: AddStudioCompanyRequest,
    ) -> Result<OrganizationDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let org = subject_id(&request.organization_id, NO_ORGANIZATION)?;
        let (name, studio_id) = check_company(&request.name, &request.studio_id)?;
        let environment = request.environment;
        let (organization_id, at) = (org.clone(), stamp(self.clock.now()));
        self.store
            .write(move |tx| {
                super::organizations::refuse_if_offboarded(tx, &organization_id)?;
                if organizations::name(tx, &organization_id)?.is_none() {
                    return Err(AppError::NotFound(NO_ORGANIZATION.into()));
                }
                refuse_taken_studio_id(tx, &studio_id, None)?;
                let id = organizations::add_studio_company(
                    tx,
                    &organization_id,
                    &studio_id,
                    &name,
                    environment.as_str(),
                    &at,
                )?;
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "studio_company_added",
                    ("organization", &organization_id),
                    json!({
                        "studio_company_id": id,
                        "before": null,
                        "after": company_json(&name, &studio_id, environment),
                    }),
                )
            })
            .await?;
        self.organization_detail(org).await
    }

    /// Changes a Studio company's name, Studio id or environment. Answers its organisation's
    /// fresh detail.
    pub async fn update_studio_company(
        &self,
        token: &SessionToken,
        request: UpdateStudioCompanyRequest,
    ) -> Result<OrganizationDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let company = subject_id(&request.studio_company_id, NO_COMPANY)?;
        let (name, studio_id) = check_company(&request.name, &request.studio_id)?;
        let environment = request.environment;
        let at = stamp(self.clock.now());
        let org = self
            .store
            .write(move |tx| -> Result<String, AppError> {
                let current = organizations::studio_company_record(tx, &company)?
                    .ok_or_else(|| AppError::NotFound(NO_COMPANY.into()))?;
                super::organizations::refuse_if_offboarded(tx, &current.organization_id)?;
                refuse_taken_studio_id(tx, &studio_id, Some(&company))?;
                let before = company_json(
                    &current.name,
                    &current.studio_id,
                    super::organizations::environment(&current.environment),
                );
                let after = company_json(&name, &studio_id, environment);
                let Some(mut summary) = changes(&before, &after) else {
                    return Ok(current.organization_id);
                };
                summary["studio_company_id"] = json!(company);
                organizations::update_studio_company(
                    tx,
                    &company,
                    &studio_id,
                    &name,
                    environment.as_str(),
                )?;
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "studio_company_updated",
                    ("organization", &current.organization_id),
                    summary,
                )?;
                Ok(current.organization_id)
            })
            .await?;
        self.organization_detail(org).await
    }

    /// Removes a Studio company, and the access people had to it (in HyOpps; Studio itself is
    /// not changed). Answers its organisation's fresh detail.
    pub async fn remove_studio_company(
        &self,
        token: &SessionToken,
        studio_company_id: &str,
    ) -> Result<OrganizationDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let company = subject_id(studio_company_id, NO_COMPANY)?;
        let at = stamp(self.clock.now());
        let org = self
            .store
            .write(move |tx| -> Result<String, AppError> {
                let current = organizations::studio_company_record(tx, &company)?
                    .ok_or_else(|| AppError::NotFound(NO_COMPANY.into()))?;
                super::organizations::refuse_if_offboarded(tx, &current.organization_id)?;
                let access_removed = organizations::remove_studio_company(tx, &company)?;
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "studio_company_removed",
                    ("organization", &current.organization_id),
                    json!({
                        "studio_company_id": company,
                        "before": company_json(
                            &current.name,
                            &current.studio_id,
                            super::organizations::environment(&current.environment),
                        ),
                        "after": null,
                        "studio_access_deleted": access_removed,
                    }),
                )?;
                Ok(current.organization_id)
            })
            .await?;
        self.organization_detail(org).await
    }
}

fn check_company(name: &str, studio_id: &str) -> Result<(String, String), AppError> {
    let mut check = Check::new();
    let name = check.line(
        "name",
        name,
        Some("Enter the company's name as Studio shows it."),
        MAX_NAME_CHARS,
    );
    let studio_id = check.line(
        "studio_id",
        studio_id,
        Some("Enter the company's id in Studio."),
        MAX_STUDIO_ID_CHARS,
    );
    if studio_id.contains(char::is_whitespace) {
        check.fail("studio_id", "A Studio id has no spaces.");
    }
    check.finish()?;
    Ok((name, studio_id))
}

/// Conflict when another company (an organisation's, or a person's own) has this Studio id.
fn refuse_taken_studio_id(
    conn: &Connection,
    studio_id: &str,
    except_company: Option<&str>,
) -> Result<(), AppError> {
    match organizations::studio_id_owner_any_case(conn, studio_id, except_company)? {
        None => Ok(()),
        Some(organizations::StudioIdOwner::Organization {
            company_name,
            organization_name,
            ..
        }) => Err(AppError::Conflict(format!(
            "Studio id {studio_id} already belongs to {organization_name} (company {company_name}). \
             Check the id in Studio."
        ))),
        Some(organizations::StudioIdOwner::Person { display_name, .. }) => {
            Err(AppError::Conflict(format!(
                "Studio id {studio_id} is the personal Studio company of {display_name}. Check the id in Studio."
            )))
        }
    }
}

fn company_json(name: &str, studio_id: &str, environment: StudioEnvironment) -> serde_json::Value {
    json!({ "name": name, "studio_id": studio_id, "environment": environment.as_str() })
}
