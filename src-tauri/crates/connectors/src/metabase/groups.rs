//! Permission groups and memberships.

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::MetabaseConnector;
use crate::systems::{MetabaseGroup, MetabaseMembership};
use crate::{ConnectorResult, GroupRoster, RosterMember};

/// Metabase's plain-text answer when the name is taken.
const GROUP_EXISTS: &str = "A group with that name already exists";

#[derive(Deserialize)]
struct Group {
    id: i64,
    name: String,
}

/// One entry of `GET /api/permissions/membership`.
#[derive(Deserialize)]
struct Membership {
    membership_id: i64,
    group_id: i64,
}

impl MetabaseConnector {
    pub(super) async fn groups(&self) -> ConnectorResult<Vec<MetabaseGroup>> {
        let groups: Vec<Group> = self
            .read(
                self.request(Method::GET, "/api/permissions/group"),
                "list the permission groups",
            )
            .await?;
        Ok(groups
            .into_iter()
            .map(|group| MetabaseGroup {
                id: group.id,
                name: group.name,
            })
            .collect())
    }

    /// The group of exactly that name, else one differing only in case: Metabase refuses a
    /// second group whose name differs only in case, so that one is the partner's.
    async fn group_named(&self, name: &str) -> ConnectorResult<Option<MetabaseGroup>> {
        let groups = self.groups().await?;
        let lower = name.to_lowercase();
        let exact = groups.iter().position(|group| group.name == name);
        let similar = || groups.iter().position(|g| g.name.to_lowercase() == lower);
        Ok(exact.or_else(similar).map(|i| groups[i].clone()))
    }

    pub(super) async fn find_or_create_group(&self, name: &str) -> ConnectorResult<MetabaseGroup> {
        self.ready()?;
        if let Some(group) = self.group_named(name).await? {
            return Ok(group);
        }
        let what = format!("create the group {name}");
        let response = self
            .http
            .send(
                self.request(Method::POST, "/api/permissions/group")
                    .json(&json!({ "name": name })),
                &what,
            )
            .await?;
        let status = response.status();
        if status.is_success() {
            let group: Group = self.http.json(response, &what).await?;
            return Ok(MetabaseGroup {
                id: group.id,
                name: group.name,
            });
        }
        let body = response.text().await.unwrap_or_default();
        if status == StatusCode::BAD_REQUEST && body.contains(GROUP_EXISTS) {
            // Someone (another execution, an admin) created it between our look and our create.
            if let Some(group) = self.group_named(name).await? {
                return Ok(group);
            }
        }
        Err(self.refusal(&what, status, &body, ""))
    }

    /// Each group's members: the membership map (keyed by user id) read once, then every
    /// account (deactivated ones too, marked) for their emails, once for all the groups.
    pub(super) async fn rosters(&self, group_ids: &[i64]) -> ConnectorResult<Vec<GroupRoster>> {
        let all: HashMap<String, Vec<Membership>> = self
            .read(
                self.request(Method::GET, "/api/permissions/membership"),
                "list the group memberships",
            )
            .await?;
        let members_of = |group_id: i64| -> Vec<i64> {
            all.iter()
                .filter(|(_, memberships)| memberships.iter().any(|m| m.group_id == group_id))
                .filter_map(|(user_id, _)| user_id.parse().ok())
                .collect()
        };
        let wanted: Vec<Vec<i64>> = group_ids.iter().map(|id| members_of(*id)).collect();
        let users = if wanted.iter().all(Vec::is_empty) {
            Vec::new()
        } else {
            self.every_user().await?
        };
        Ok(group_ids
            .iter()
            .zip(wanted)
            .map(|(group_id, members)| GroupRoster {
                group_id: group_id.to_string(),
                members: users
                    .iter()
                    .filter(|user| members.contains(&user.id))
                    .map(|user| RosterMember {
                        email: user.email.clone(),
                        active: user.is_active,
                    })
                    .collect(),
                enabled: true,
                exclusive: true,
            })
            .collect())
    }

    /// The user's memberships, named after their groups.
    pub(super) async fn memberships_of(
        &self,
        user_id: i64,
    ) -> ConnectorResult<Vec<MetabaseMembership>> {
        // The map is keyed by the user id as a string.
        let mut all: HashMap<String, Vec<Membership>> = self
            .read(
                self.request(Method::GET, "/api/permissions/membership"),
                "list the group memberships",
            )
            .await?;
        let mine = all.remove(&user_id.to_string()).unwrap_or_default();
        if mine.is_empty() {
            return Ok(Vec::new());
        }
        let groups = self.groups().await?;
        Ok(mine
            .into_iter()
            .map(|membership| MetabaseMembership {
                membership_id: membership.membership_id,
                group_id: membership.group_id,
                group_name: groups
                    .iter()
                    .find(|group| group.id == membership.group_id)
                    .map_or_else(
                        || format!("group {}", membership.group_id),
                        |group| group.name.clone(),
                    ),
            })
            .collect())
    }

    /// Adds the user to the group unless already a member: Metabase answers a duplicate with a
    /// 500 (a unique constraint), not a clean 400, so membership is checked first.
    pub(super) async fn join_group(&self, user_id: i64, group_id: i64) -> ConnectorResult<()> {
        if self.group_ids_of(user_id).await?.contains(&group_id) {
            return Ok(());
        }
        // The answer is the group's whole member list, which we have no use for.
        self.expect_success(
            self.request(Method::POST, "/api/permissions/membership")
                .json(&json!({ "group_id": group_id, "user_id": user_id })),
            &format!("add user {user_id} to group {group_id}"),
            "Check that the group still exists in Metabase (Admin settings → People → Groups).",
        )
        .await?;
        Ok(())
    }

    /// Removes a membership; one that is already gone (404) is success.
    pub(super) async fn leave_group(&self, membership_id: i64) -> ConnectorResult<()> {
        let what = format!("remove membership {membership_id}");
        let response = self
            .http
            .send(
                self.request(
                    Method::DELETE,
                    &format!("/api/permissions/membership/{membership_id}"),
                ),
                &what,
            )
            .await?;
        let status = response.status();
        if status.is_success() || status == StatusCode::NOT_FOUND {
            return Ok(());
        }
        Err(self
            .http
            .refused(&what, response, super::advice_for(status, ""))
            .await)
    }
}
