//! Taking a person's Studio sign-in away: they leave the organisation's group, and an account
//! left in no group at all (no organisation any more) is disabled and its sessions ended. An
//! organisation leaving empties its group the same way, member by member.

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::{AdminCall, KeycloakConnector, UserRepresentation};
use crate::systems::{GroupEmptied, KeycloakLeave, Removal};
use crate::{ConnectorError, ConnectorResult};

/// Keycloak's page size for a user's groups when `max` is not given; asked for explicitly so
/// the paging below does not depend on the default.
const GROUPS_PAGE: usize = 100;

/// One entry of `GET /users/{id}/groups`.
#[derive(Deserialize)]
struct GroupMembership {
    id: String,
}

impl KeycloakConnector {
    /// Takes the user out of the group and, when they are then in no group, disables the
    /// account and ends its sessions. Keycloak answers 204 to removing a membership that does
    /// not exist, so membership is read first to report `AlreadyGone` truthfully.
    pub(super) async fn leave(
        &self,
        email: &str,
        group_id: &str,
    ) -> ConnectorResult<KeycloakLeave> {
        let email = email.trim();
        let group_id = group_id.trim();
        if group_id.is_empty() {
            // Without a group to leave, someone in no group would be disabled for nothing.
            return Err(ConnectorError::Permanent {
                message: format!(
                    "HyOpps has no Keycloak group to take {email} out of: set the organisation's Keycloak group on its page (System groups → Keycloak), then retry."
                ),
            });
        }
        let Some(user) = self.find_user(email).await? else {
            return Ok(KeycloakLeave {
                group: Removal::AlreadyGone,
                disabled: false,
            });
        };
        self.leave_as(&user, email, group_id).await
    }

    /// The organisation leaving: everyone still in its group leaves it, people HyOpps did
    /// not add included, each as one leaver would (an account then in no group is disabled and
    /// signed out). A group deleted meanwhile has no one left in it.
    pub(super) async fn empty(&self, group_id: &str) -> ConnectorResult<GroupEmptied> {
        let mut emptied = GroupEmptied::default();
        for member in self.members_of(group_id.trim()).await? {
            let who = member.email.clone().unwrap_or_else(|| member.id.clone());
            let left = self.leave_as(&member, &who, group_id.trim()).await?;
            if left.group == Removal::Removed {
                emptied.removed += 1;
            }
            if left.disabled {
                emptied.disabled += 1;
            }
        }
        Ok(emptied)
    }

    /// The group's direct members, every page of them.
    pub(super) async fn members_of(
        &self,
        group_id: &str,
    ) -> ConnectorResult<Vec<UserRepresentation>> {
        let what = format!("list the members of the group {group_id}");
        let mut members: Vec<UserRepresentation> = Vec::new();
        loop {
            let query = [
                ("first", members.len().to_string()),
                ("max", GROUPS_PAGE.to_string()),
            ];
            let response = self
                .send_admin(
                    AdminCall::get(&["groups", group_id, "members"], &query),
                    &what,
                )
                .await?;
            if response.status() == StatusCode::NOT_FOUND {
                return Ok(members);
            }
            let response = self.expect_success(response, &what, "").await?;
            let page: Vec<UserRepresentation> = self.http.json(response, &what).await?;
            let full_page = page.len() == GROUPS_PAGE;
            members.extend(page);
            if !full_page {
                return Ok(members);
            }
        }
    }

    /// [`Self::leave`] for an account already found.
    async fn leave_as(
        &self,
        user: &UserRepresentation,
        email: &str,
        group_id: &str,
    ) -> ConnectorResult<KeycloakLeave> {
        let groups = self.group_ids_of(&user.id, email).await?;
        let group = if groups.iter().any(|id| id == group_id) {
            self.remove_membership(&user.id, email, group_id).await?;
            Removal::Removed
        } else {
            Removal::AlreadyGone
        };
        if groups.iter().any(|id| id != group_id) {
            // Still in another organisation: their sign-in stays.
            return Ok(KeycloakLeave {
                group,
                disabled: false,
            });
        }
        let disabled = if user.enabled {
            self.disable(&user.id, email).await?;
            true
        } else {
            false
        };
        // Also for an account found disabled already: an earlier attempt may have disabled it
        // and failed before ending its sessions. Ending no sessions is harmless.
        self.end_sessions(&user.id, email).await?;
        Ok(KeycloakLeave { group, disabled })
    }

    /// The ids of the groups the user is a direct member of, every page of them.
    pub(super) async fn group_ids_of(
        &self,
        user_id: &str,
        email: &str,
    ) -> ConnectorResult<Vec<String>> {
        let what = format!("list the groups of {email}");
        let mut ids = Vec::new();
        loop {
            let query = [
                ("first", ids.len().to_string()),
                ("max", GROUPS_PAGE.to_string()),
                ("briefRepresentation", "true".into()),
            ];
            let response = self
                .send_admin(AdminCall::get(&["users", user_id, "groups"], &query), &what)
                .await?;
            let response = self.expect_success(response, &what, "").await?;
            let page: Vec<GroupMembership> = self.http.json(response, &what).await?;
            let full_page = page.len() == GROUPS_PAGE;
            ids.extend(page.into_iter().map(|group| group.id));
            if !full_page {
                return Ok(ids);
            }
        }
    }

    /// A group deleted meanwhile (404) takes its memberships with it: nothing left to remove.
    async fn remove_membership(
        &self,
        user_id: &str,
        email: &str,
        group_id: &str,
    ) -> ConnectorResult<()> {
        let what = format!("take {email} out of the group {group_id}");
        let response = self
            .send_admin(
                AdminCall {
                    method: Method::DELETE,
                    path: &["users", user_id, "groups", group_id],
                    query: &[],
                    body: None,
                },
                &what,
            )
            .await?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(());
        }
        self.expect_success(response, &what, "").await?;
        Ok(())
    }

    /// Only `enabled` is sent: Keycloak keeps the fields a representation leaves out (the
    /// user's name, email and attributes) when it carries no `attributes`.
    async fn disable(&self, user_id: &str, email: &str) -> ConnectorResult<()> {
        let what = format!("disable the account of {email}");
        let response = self
            .send_admin(
                AdminCall {
                    method: Method::PUT,
                    path: &["users", user_id],
                    query: &[],
                    body: Some(json!({ "enabled": false })),
                },
                &what,
            )
            .await?;
        self.expect_success(response, &what, "").await?;
        Ok(())
    }

    /// Ends every session of the user, so a disabled account is signed out of Studio now
    /// rather than when its tokens run out.
    async fn end_sessions(&self, user_id: &str, email: &str) -> ConnectorResult<()> {
        let what = format!("sign {email} out of every session");
        let response = self
            .send_admin(
                AdminCall {
                    method: Method::POST,
                    path: &["users", user_id, "logout"],
                    query: &[],
                    body: None,
                },
                &what,
            )
            .await?;
        self.expect_success(response, &what, "").await?;
        Ok(())
    }
}
