//! Moving a person to another partner organisation: only the operations team starts it (it
//! changes which organisation's partner admins see the person), and confirms it in its first
//! step, where it also chooses the new organisation's Studio companies.

use hyopps_contract::{AppRole, ExecutionDetail, MoveUserRequest};
use hyopps_store::executions::Subject;
use hyopps_store::{organizations, users};

use crate::executions::{MOVE_PARTNER_USER, OFFBOARD_PARTNER_USER};
use crate::{Access, App, AppError, SessionToken};

impl App {
    /// Starts `move_partner_user` for the person `request.user_id` towards
    /// `request.organization_id`; it waits for its confirmation form.
    pub async fn move_user(
        &self,
        token: &SessionToken,
        request: MoveUserRequest,
    ) -> Result<ExecutionDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let user_id = request.user_id.trim().to_string();
        let organization_id = request.organization_id.trim().to_string();
        if user_id.is_empty() {
            return Err(AppError::invalid("user_id", "Choose the person to move."));
        }
        if organization_id.is_empty() {
            return Err(AppError::invalid(
                "organization_id",
                "Choose the organisation to move them to.",
            ));
        }
        let (person, from, to, under_way, offboarded) = {
            let (user_id, organization_id) = (user_id.clone(), organization_id.clone());
            self.store
                .read(move |c| {
                    let person = users::leaver(c, &user_id)?;
                    let from = match person.as_ref().and_then(|p| p.organization_id.as_deref()) {
                        Some(id) => organizations::name(c, id)?,
                        None => None,
                    };
                    let to = organizations::name(c, &organization_id)?;
                    let offboarded = organizations::offboarded_at(c, &organization_id)?.is_some();
                    let under_way = [MOVE_PARTNER_USER, OFFBOARD_PARTNER_USER]
                        .into_iter()
                        .map(|w| users::execution_under_way(c, &user_id, w))
                        .collect::<Result<Vec<bool>, _>>()?
                        .contains(&true);
                    Ok::<_, AppError>((person, from, to, under_way, offboarded))
                })
                .await?
        };
        let person = person.ok_or_else(|| AppError::NotFound("There is no such person.".into()))?;
        let name = format!("{} {}", person.firstname, person.lastname);
        let to = to.ok_or_else(|| {
            AppError::NotFound(
                "No organisation has this id; it may have been deleted. Choose another.".into(),
            )
        })?;
        if offboarded {
            return Err(AppError::invalid(
                "organization_id",
                format!("{to} was offboarded: no one can be moved to it."),
            ));
        }
        if person.app_role == AppRole::Admin.as_str() {
            return Err(AppError::invalid(
                "user_id",
                format!("{name} is an administrator of HyOpps: moves are for partner organisations' people."),
            ));
        }
        if from.is_none() {
            return Err(AppError::invalid(
                "user_id",
                format!("{name} belongs to no organisation: add them to {to} with New partner user instead."),
            ));
        }
        if person.organization_id.as_deref() == Some(organization_id.as_str()) {
            return Err(AppError::invalid(
                "organization_id",
                format!("{name} already belongs to {to}."),
            ));
        }
        if under_way {
            return Err(AppError::Conflict(format!(
                "A move or an offboarding of {name} is already under way: open it from Executions."
            )));
        }
        let subject = Subject {
            organization_id: Some(&organization_id),
            user_id: Some(&person.id),
        };
        let id = self
            .engine
            .start_about(MOVE_PARTNER_USER, &actor.user_id, subject)
            .await?;
        tracing::info!(execution_id = %id, "move started");
        self.get_execution(token, &id).await
    }
}
