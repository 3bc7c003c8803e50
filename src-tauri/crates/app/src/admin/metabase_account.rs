//! A user's Metabase account on their detail (as in v0.3): the stored id, the groups
//! Metabase has them in right now, and adding to or removing from a group. Live calls through
//! the Metabase connector in use; its refusals reach the screen as Integration errors in
//! Metabase's own words.

use hyopps_connectors::{ConnectorError, MetabaseApi};
use hyopps_contract::{
    AddToMetabaseGroupRequest, MetabaseAccount, MetabaseGroupView, MetabaseMembershipView,
    RemoveMetabaseMembershipRequest,
};
use hyopps_store::users;
use serde_json::json;

use super::{record, subject_id};
use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};

const USER_NOT_FOUND: &str = "There is no such user.";

impl App {
    pub async fn metabase_account(
        &self,
        token: &SessionToken,
        user_id: &str,
    ) -> Result<MetabaseAccount, AppError> {
        self.authorize(token, Access::Admin).await?;
        let (user_id, metabase_user_id) = self.stored_metabase_id(user_id).await?;
        self.read_metabase_account(user_id, metabase_user_id).await
    }

    /// Adds the user's Metabase account to the group, unless it is in it already.
    pub async fn add_user_to_metabase_group(
        &self,
        token: &SessionToken,
        request: AddToMetabaseGroupRequest,
    ) -> Result<MetabaseAccount, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let (user_id, metabase_user_id) = self.stored_metabase_id(&request.user_id).await?;
        let Some(metabase_id) = metabase_user_id else {
            return Err(AppError::invalid(
                "group_id",
                "This person has no Metabase account in HyOpps yet: the workflow step add_user_to_metabase_group finds or creates it.",
            ));
        };
        let metabase = self.connectors.current().metabase;
        let groups = metabase.list_groups().await.map_err(integration)?;
        let group = groups
            .iter()
            .find(|g| g.id == request.group_id)
            .ok_or_else(|| AppError::invalid("group_id", "Metabase has no such group."))?;
        metabase
            .add_user_to_group(metabase_id, request.group_id)
            .await
            .map_err(integration)?;
        let summary = json!({ "metabase_user_id": metabase_id, "group_id": group.id, "group_name": group.name });
        self.audit_metabase_change(&actor.user_id, &user_id, "metabase_group_joined", summary)
            .await?;
        self.read_metabase_account(user_id, metabase_user_id).await
    }

    /// Removes one of the user's memberships (only theirs: another person's membership id is
    /// NotFound).
    pub async fn remove_metabase_membership(
        &self,
        token: &SessionToken,
        request: RemoveMetabaseMembershipRequest,
    ) -> Result<MetabaseAccount, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let (user_id, metabase_user_id) = self.stored_metabase_id(&request.user_id).await?;
        let Some(metabase_id) = metabase_user_id else {
            return Err(AppError::invalid(
                "membership_id",
                "This person has no Metabase account in HyOpps, so no memberships to remove.",
            ));
        };
        let metabase = self.connectors.current().metabase;
        let membership = metabase
            .user_memberships(metabase_id)
            .await
            .map_err(integration)?
            .into_iter()
            .find(|m| m.membership_id == request.membership_id)
            .ok_or_else(|| {
                AppError::NotFound("This person's Metabase account has no such membership.".into())
            })?;
        metabase
            .remove_membership(membership.membership_id)
            .await
            .map_err(integration)?;
        let summary = json!({
            "metabase_user_id": metabase_user_id, "group_id": membership.group_id,
            "group_name": membership.group_name,
        });
        self.audit_metabase_change(&actor.user_id, &user_id, "metabase_group_left", summary)
            .await?;
        self.read_metabase_account(user_id, metabase_user_id).await
    }

    async fn stored_metabase_id(&self, user_id: &str) -> Result<(String, Option<i64>), AppError> {
        let user_id = subject_id(user_id, USER_NOT_FOUND)?;
        let id = user_id.clone();
        let profile = self
            .store
            .read(move |c| users::profile(c, &id).map_err(AppError::from))
            .await?
            .ok_or_else(|| AppError::NotFound(USER_NOT_FOUND.into()))?;
        Ok((user_id, profile.metabase_user_id))
    }

    async fn read_metabase_account(
        &self,
        user_id: String,
        metabase_user_id: Option<i64>,
    ) -> Result<MetabaseAccount, AppError> {
        let metabase = self.connectors.current().metabase;
        let groups = metabase.list_groups().await.map_err(integration)?;
        let memberships = match metabase_user_id {
            Some(id) => memberships(metabase.as_ref(), id).await?,
            None => Vec::new(),
        };
        Ok(MetabaseAccount {
            user_id,
            metabase_user_id,
            memberships,
            groups: groups
                .into_iter()
                .map(|g| MetabaseGroupView {
                    id: g.id,
                    name: g.name,
                })
                .collect(),
        })
    }

    async fn audit_metabase_change(
        &self,
        actor_id: &str,
        user_id: &str,
        action: &'static str,
        summary: serde_json::Value,
    ) -> Result<(), AppError> {
        let (at, actor, user) = (
            stamp(self.clock.now()),
            actor_id.to_string(),
            user_id.to_string(),
        );
        self.store
            .write(move |tx| {
                record(tx, &at, &actor, action, ("user", &user), summary)?;
                Ok::<_, AppError>(())
            })
            .await
    }
}

async fn memberships(
    metabase: &dyn MetabaseApi,
    metabase_user_id: i64,
) -> Result<Vec<MetabaseMembershipView>, AppError> {
    let mut memberships: Vec<MetabaseMembershipView> = metabase
        .user_memberships(metabase_user_id)
        .await
        .map_err(integration)?
        .into_iter()
        .map(|m| MetabaseMembershipView {
            membership_id: m.membership_id,
            group_id: m.group_id,
            group_name: m.group_name,
        })
        .collect();
    memberships.sort_by(|a, b| a.group_name.cmp(&b.group_name));
    Ok(memberships)
}

/// Metabase's refusal, in its own words, as what the screen shows.
fn integration(error: ConnectorError) -> AppError {
    AppError::Integration(error.to_string())
}
