//! Offboarding a person: who may start it for whom. An admin offboards any person of a partner
//! organisation and approves it by starting it; a partner admin only their own organisation's
//! people (from the session), and their request waits for the operations team's approval.

use hyopps_contract::{AppRole, ExecutionDetail, OffboardUserRequest};
use hyopps_store::executions::Subject;
use hyopps_store::users::{self, Leaver};
use serde_json::json;

use crate::executions::OFFBOARD_PARTNER_USER;
use crate::{Access, Actor, App, AppError, SessionToken};

impl App {
    /// Starts `offboard_partner_user` for the person `request.user_id`.
    pub async fn offboard_user(
        &self,
        token: &SessionToken,
        request: OffboardUserRequest,
    ) -> Result<ExecutionDetail, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        let (leaver, under_way) = self.leaver_for(&actor, &request.user_id).await?;
        if under_way {
            return Err(AppError::Conflict(format!(
                "An offboarding of {} is already under way: open it from Executions.",
                name_of(&leaver)
            )));
        }
        let subject = Subject {
            organization_id: leaver.organization_id.as_deref(),
            user_id: Some(&leaver.id),
        };
        let id = self
            .engine
            .start_about(OFFBOARD_PARTNER_USER, &actor.user_id, subject)
            .await?;
        if actor.role == AppRole::Admin {
            // The operations team's own request needs no second approval.
            self.engine
                .submit_input(&id, json!({}), &actor.user_id)
                .await?;
        }
        self.get_execution(token, &id).await
    }
}

impl App {
    /// The person `user_id` when `actor` may offboard them, and whether an offboarding of them
    /// is already under way.
    pub(crate) async fn leaver_for(
        &self,
        actor: &Actor,
        user_id: &str,
    ) -> Result<(Leaver, bool), AppError> {
        let user_id = user_id.trim().to_string();
        if user_id.is_empty() {
            return Err(AppError::invalid(
                "user_id",
                "Choose the person to offboard.",
            ));
        }
        let (leaver, under_way) = self
            .store
            .read(move |c| {
                let leaver = users::leaver(c, &user_id)?;
                let under_way = users::execution_under_way(c, &user_id, OFFBOARD_PARTNER_USER)?;
                Ok::<_, AppError>((leaver, under_way))
            })
            .await?;
        Ok((may_offboard(actor, leaver)?, under_way))
    }
}

/// The person, when this account may offboard them; a partner admin is told "no such person"
/// for another organisation's, so they cannot learn who exists there.
fn may_offboard(actor: &Actor, leaver: Option<Leaver>) -> Result<Leaver, AppError> {
    let not_found = || AppError::NotFound("There is no such person.".into());
    let leaver = leaver.ok_or_else(not_found)?;
    if actor.role != AppRole::Admin && leaver.organization_id != actor.organization_id {
        return Err(not_found());
    }
    if leaver.id == actor.user_id {
        return Err(AppError::invalid(
            "user_id",
            "You cannot offboard yourself: ask the operations team.",
        ));
    }
    if leaver.app_role == AppRole::Admin.as_str() {
        return Err(AppError::invalid(
            "user_id",
            format!(
                "{} is an administrator of HyOpps: offboarding is for partner organisations' people.",
                name_of(&leaver)
            ),
        ));
    }
    if leaver.organization_id.is_none() {
        return Err(AppError::invalid(
            "user_id",
            format!(
                "{} belongs to no organisation, so HyOpps gave them no organisation's access to take away.",
                name_of(&leaver)
            ),
        ));
    }
    Ok(leaver)
}

fn name_of(leaver: &Leaver) -> String {
    format!("{} {}", leaver.firstname, leaver.lastname)
}
