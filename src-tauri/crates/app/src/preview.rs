//! Previews: what a workflow would do, read from the live systems without changing anything.
//! The same doors as the actions they preview: an execution this account sees, a person this
//! account may offboard (a partner admin: their own organisation's, from the session), an
//! organisation only the operations team may offboard.

use hyopps_contract::{AppRole, PreviewRequest, WorkflowPreview};
use hyopps_store::executions::Subject;
use serde_json::json;

use crate::executions::{workflow_label, OFFBOARD_PARTNER, OFFBOARD_PARTNER_USER};
use crate::{Access, App, AppError, SessionToken};

impl App {
    pub async fn preview_workflow(
        &self,
        token: &SessionToken,
        request: PreviewRequest,
    ) -> Result<WorkflowPreview, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        match request {
            PreviewRequest::Execution {
                execution_id,
                draft,
            } => {
                let execution = self.visible_execution(&actor, execution_id.trim()).await?;
                let steps = self.engine.preview(&execution.id, draft).await?;
                Ok(WorkflowPreview {
                    workflow: workflow_label(&execution.workflow_name),
                    steps,
                })
            }
            PreviewRequest::Offboarding { user_id } => {
                let (leaver, _) = self.leaver_for(&actor, &user_id).await?;
                let subject = Subject {
                    organization_id: leaver.organization_id.as_deref(),
                    user_id: Some(&leaver.id),
                };
                // An admin's own request is approved by starting it; a partner admin's waits.
                let approval = (actor.role == AppRole::Admin).then(|| json!({}));
                let steps = self
                    .engine
                    .preview_start(OFFBOARD_PARTNER_USER, subject, &actor.user_id, approval)
                    .await?;
                Ok(WorkflowPreview {
                    workflow: workflow_label(OFFBOARD_PARTNER_USER),
                    steps,
                })
            }
            PreviewRequest::OrganizationOffboarding { organization_id } => {
                if actor.role != AppRole::Admin {
                    return Err(AppError::Forbidden(
                        "Only the operations team offboards an organisation.".into(),
                    ));
                }
                let (organization_id, _) = self.organization_to_offboard(&organization_id).await?;
                let subject = Subject {
                    organization_id: Some(&organization_id),
                    user_id: None,
                };
                let steps = self
                    .engine
                    .preview_start(OFFBOARD_PARTNER, subject, &actor.user_id, Some(json!({})))
                    .await?;
                Ok(WorkflowPreview {
                    workflow: workflow_label(OFFBOARD_PARTNER),
                    steps,
                })
            }
        }
    }
}
