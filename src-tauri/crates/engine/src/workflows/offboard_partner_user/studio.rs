//! Step 6: Studio has no public API, so its access goes through the `remove_studio_access`
//! webhook where one is configured; otherwise the step becomes a task for the operations team
//! that names exactly which companies to remove the person from.

use hyopps_contract::StepForm;
use hyopps_store::{users, Connection, StoreError, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::super::forms::{task_form, Form};
use super::super::step::{output, Step};
use super::{leaver_of, LeaverFacts, OffboardPartnerUser, DEFINITION};
use crate::{
    Applied, CompletedBy, EngineError, StepContext, StepDefinition, StepError, StepFuture, StepKind,
};

pub(super) struct RemoveStudioAccess;

impl RemoveStudioAccess {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "adf31290-48f3-4785-8c5a-f505fd5b28ee",
        name: "remove_studio_access",
        kind: StepKind::Auto,
        label: "Remove the Studio access",
        description: "Takes the person's access to the organisation's Studio companies away and removes their personal company.",
        system: Some("studio"),
        // Only the operations team can vouch that Studio's administration was done.
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

/// What step 6 records when it ran.
#[derive(Serialize)]
struct StudioLeft {
    studio: String,
}

/// What step 6 takes as a task.
#[derive(Serialize)]
struct StudioRemovalConfirmed {
    studio_access_removed: bool,
}

impl Step<OffboardPartnerUser> for RemoveStudioAccess {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        form.confirmed(
            "studio_access_removed",
            "Confirm that the person's Studio access is removed.",
        );
        output(&StudioRemovalConfirmed {
            studio_access_removed: true,
        })
        .ok()
    }

    fn form(
        &self,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let leaver = match context.user_id.as_deref() {
            Some(id) => users::leaver(conn, id)?,
            None => None,
        };
        let instruction = match leaver {
            Some(leaver) => {
                let what = what_to_remove(
                    &leaver.studio_company_ids,
                    leaver.personal_company_id.as_deref(),
                );
                format!("In Studio, for {}: {what} Then confirm.", leaver.email)
            }
            None => {
                "In Studio, remove the person's company access and personal company, then confirm."
                    .into()
            }
        };
        Ok(Some(task_form(
            &DEFINITION,
            &Self::DEFINITION,
            instruction,
            ("studio_access_removed", "The Studio access is removed"),
        )))
    }

    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        LeaverFacts::gather(context, conn)
    }

    fn run<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let personal = facts.personal_company_id.as_deref();
            if facts.studio_company_ids.is_empty() && personal.is_none() {
                return output(&StudioLeft {
                    studio: format!(
                        "Nothing to remove: HyOpps recorded no Studio access for {}.",
                        facts.full_name
                    ),
                });
            }
            workflow
                .connectors
                .current()
                .studio
                .revoke_access(&facts.email, &facts.studio_company_ids, personal)
                .await?;
            output(&StudioLeft {
                studio: format!(
                    "Studio's webhook did it: {}",
                    what_to_remove(&facts.studio_company_ids, personal)
                ),
            })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let leaver = leaver_of(context)?;
        users::revoke_studio_access(tx, &leaver, now)?;
        users::remove_personal_company(tx, &leaver, now)?;
        users::revoke_access(tx, &leaver, "Studio", now)?;
        Ok(Applied::default())
    }
}

/// What to remove in Studio, as one sentence.
fn what_to_remove(studio_ids: &[String], personal_company: Option<&str>) -> String {
    let companies = if studio_ids.is_empty() {
        "no company access to remove".to_string()
    } else {
        format!("remove access to the companies {}", studio_ids.join(", "))
    };
    match personal_company {
        Some(id) => format!("{companies}, and remove the personal company {id}."),
        None => format!("{companies}; there is no personal company."),
    }
}
