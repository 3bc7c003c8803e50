//! Step 6: Studio has no public API. Where its webhooks are configured, the person gets the
//! new organisation's chosen companies and loses the old one's (and, when the new organisation
//! does not use Studio, their personal company); otherwise the step becomes a task for the
//! operations team that names exactly what to change.

use hyopps_contract::{PartnerSystem, StepForm};
use hyopps_store::{organizations, users, Connection, StoreError, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::super::forms::{task_form, Form};
use super::super::step::{output, recorded, Step};
use super::{mover_of, MoveConfirmed, MoveFacts, MovePartnerUser, DEFINITION};
use crate::{
    Applied, CompletedBy, EngineError, StepContext, StepDefinition, StepError, StepFuture, StepKind,
};

pub(super) struct MoveStudioAccess;

impl MoveStudioAccess {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "8bf1204d-764e-4f13-aa93-825aec102050",
        name: "move_studio_access",
        kind: StepKind::Auto,
        label: "Move the Studio access",
        description: "Gives the person access to the new organisation's chosen Studio companies and takes the old organisation's away.",
        system: Some("studio"),
        // Only the operations team can vouch that Studio's administration was done.
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

/// What step 6 records when it ran.
#[derive(Serialize)]
struct StudioMoved {
    studio: String,
}

/// What step 6 takes as a task.
#[derive(Serialize)]
struct StudioMoveConfirmed {
    studio_access_moved: bool,
}

/// What to change in Studio: companies to give, companies to take away, and the personal
/// company when it goes.
struct StudioChange {
    give: Vec<String>,
    take: Vec<String>,
    personal: Option<String>,
}

impl StudioChange {
    fn of(facts: &MoveFacts) -> Self {
        let uses = facts.to.uses(PartnerSystem::Studio);
        let give = if uses {
            facts.new_studio_ids.clone()
        } else {
            Vec::new()
        };
        let take = facts
            .studio_company_ids
            .iter()
            .filter(|id| !give.contains(id))
            .cloned()
            .collect();
        Self {
            give,
            take,
            personal: (!uses).then(|| facts.personal_company_id.clone()).flatten(),
        }
    }

    fn is_empty(&self) -> bool {
        self.give.is_empty() && self.take.is_empty() && self.personal.is_none()
    }

    /// The change as one sentence.
    fn sentence(&self) -> String {
        let mut parts = Vec::new();
        if !self.give.is_empty() {
            parts.push(format!(
                "give access to the companies {}",
                self.give.join(", ")
            ));
        }
        if !self.take.is_empty() {
            parts.push(format!(
                "remove access to the companies {}",
                self.take.join(", ")
            ));
        }
        if let Some(id) = &self.personal {
            parts.push(format!("remove the personal company {id}"));
        }
        if parts.is_empty() {
            "nothing to change".into()
        } else {
            format!("{}.", parts.join("; "))
        }
    }
}

impl Step<MovePartnerUser> for MoveStudioAccess {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        form.confirmed(
            "studio_access_moved",
            "Confirm that the person's Studio access is changed as listed.",
        );
        output(&StudioMoveConfirmed {
            studio_access_moved: true,
        })
        .ok()
    }

    fn form(
        &self,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let facts = recorded::<MoveConfirmed>(context)
            .ok()
            .and_then(|confirmed| MoveFacts::read(context, conn, &confirmed).transpose())
            .transpose()?;
        let instruction = match facts {
            Some(facts) => format!(
                "In Studio, for {}: {} Then confirm.",
                facts.email,
                StudioChange::of(&facts).sentence()
            ),
            None => "In Studio, move the person's company access to the new organisation's companies, then confirm.".into(),
        };
        Ok(Some(task_form(
            &DEFINITION,
            &Self::DEFINITION,
            instruction,
            ("studio_access_moved", "The Studio access is changed"),
        )))
    }

    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        MoveFacts::gather(context, conn)
    }

    fn run<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = MoveFacts::of(facts)?;
            let change = StudioChange::of(&facts);
            if change.is_empty() {
                return output(&StudioMoved {
                    studio: format!("Nothing to change in Studio for {}.", facts.full_name()),
                });
            }
            let studio = workflow.connectors.current().studio;
            if !change.give.is_empty() {
                studio.grant_companies(&facts.email, &change.give).await?;
            }
            if !change.take.is_empty() || change.personal.is_some() {
                studio
                    .revoke_access(&facts.email, &change.take, change.personal.as_deref())
                    .await?;
            }
            output(&StudioMoved {
                studio: format!("Studio's webhooks did it: {}", change.sentence()),
            })
        })
    }

    /// The person's Studio records follow: the old companies revoked, the chosen new ones
    /// granted (when the new organisation uses Studio), the personal company removed when not.
    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let person = mover_of(context)?;
        let confirmed: MoveConfirmed =
            recorded(context).map_err(|e| EngineError::Conflict(e.message().to_string()))?;
        let to = context.organization_id.clone().unwrap_or_default();
        let uses = !organizations::leaves_out(tx, &to, PartnerSystem::Studio.as_str())?;
        users::revoke_studio_access(tx, &person, now)?;
        if uses {
            for company in &confirmed.selected_studio_company_ids {
                users::grant_studio_access(tx, &person, company, now)?;
            }
            if !confirmed.selected_studio_company_ids.is_empty() {
                users::grant_access(
                    tx,
                    &person,
                    "Studio",
                    context.requested_by.as_deref(),
                    &context.execution_id,
                    now,
                )?;
            }
        } else {
            users::remove_personal_company(tx, &person, now)?;
            users::revoke_access(tx, &person, "Studio", now)?;
        }
        Ok(Applied::default())
    }
}
