//! Offboarding a whole partner organisation: only the operations team starts it, and approves
//! it by starting it. Each person is then offboarded in an execution of their own.

use hyopps_contract::{ExecutionDetail, OrganizationIdRequest};
use hyopps_store::executions::Subject;
use hyopps_store::organizations;
use serde_json::json;

use crate::executions::OFFBOARD_PARTNER;
use crate::{Access, App, AppError, SessionToken};

impl App {
    /// Starts `offboard_partner` for the organisation, approved by the admin who starts it.
    pub async fn offboard_organization(
        &self,
        token: &SessionToken,
        request: OrganizationIdRequest,
    ) -> Result<ExecutionDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let (organization_id, name) = self
            .organization_to_offboard(&request.organization_id)
            .await?;
        let under_way = {
            let id = organization_id.clone();
            self.store
                .read(move |c| organizations::execution_under_way(c, &id, OFFBOARD_PARTNER))
                .await?
        };
        if under_way {
            return Err(AppError::Conflict(format!(
                "The offboarding of {name} is already under way: open it from Executions."
            )));
        }
        let subject = Subject {
            organization_id: Some(&organization_id),
            user_id: None,
        };
        let id = self
            .engine
            .start_about(OFFBOARD_PARTNER, &actor.user_id, subject)
            .await?;
        // The operations team's own request needs no second approval.
        self.engine
            .submit_input(&id, json!({}), &actor.user_id)
            .await?;
        self.get_execution(token, &id).await
    }

    /// The organisation `organization_id` (trimmed) and its name, when it exists and was not
    /// offboarded yet.
    pub(crate) async fn organization_to_offboard(
        &self,
        organization_id: &str,
    ) -> Result<(String, String), AppError> {
        let organization_id = organization_id.trim().to_string();
        if organization_id.is_empty() {
            return Err(AppError::invalid(
                "organization_id",
                "Choose the organisation to offboard.",
            ));
        }
        let (name, offboarded_at) = {
            let id = organization_id.clone();
            self.store
                .read(move |c| {
                    let name = organizations::name(c, &id)?;
                    let offboarded_at = organizations::offboarded_at(c, &id)?;
                    Ok::<_, AppError>((name, offboarded_at))
                })
                .await?
        };
        let name = name.ok_or_else(|| {
            AppError::NotFound(
                "No organisation has this id; it may have been deleted. Reload the list.".into(),
            )
        })?;
        if let Some(at) = offboarded_at {
            return Err(AppError::Conflict(format!(
                "{name} was offboarded on {}: there is nothing left to take back.",
                at.get(..10).unwrap_or(&at)
            )));
        }
        Ok((organization_id, name))
    }
}
