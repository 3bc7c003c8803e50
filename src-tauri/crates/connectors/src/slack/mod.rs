//! Slack through its Web API: a user group per partner, and partner people in it (or, for
//! guests, in the group's channels), until they leave.

mod call;
mod group_locks;
mod leaving;
mod members;
mod presence;
mod roster;
mod usergroups;

use serde::Deserialize;

use crate::http::Http;
use crate::systems::{BoxFuture, GroupRef, Removal, SlackApi};
use crate::{ConnectorError, ConnectorResult, GroupRoster, Secret, SlackPresence, SlackSettings};

const SYSTEM: &str = "Slack";

/// The real [`SlackApi`]: every verb is find-or-create or remove-if-there, so a retried step
/// creates nothing twice and finds what it removed already gone.
pub struct SlackConnector {
    http: Http,
    base_url: String,
    token: Secret,
}

#[derive(Deserialize)]
struct Identity {
    #[serde(default)]
    team: String,
    #[serde(default)]
    user: String,
}

impl SlackConnector {
    pub fn new(settings: SlackSettings) -> Self {
        Self {
            http: Http::new(SYSTEM),
            base_url: settings.base_url.trim().trim_end_matches('/').to_string(),
            token: settings.token,
        }
    }

    /// `auth.test`: "Signed in to the Slack workspace "…" as …."
    pub async fn test_connection(&self) -> ConnectorResult<String> {
        self.require_token()?;
        let answer = self.call_ok("auth.test", &[], "check the token").await?;
        let identity: Identity =
            serde_json::from_value(answer).map_err(|error| ConnectorError::Permanent {
                message: format!("Slack answered auth.test in an unexpected form ({error})."),
            })?;
        Ok(format!(
            "Signed in to the Slack workspace \"{}\" as {}.",
            identity.team, identity.user
        ))
    }

    fn require_token(&self) -> ConnectorResult<()> {
        if self.token.is_empty() {
            Err(ConnectorError::NotConfigured {
                system: SYSTEM.into(),
            })
        } else {
            Ok(())
        }
    }
}

impl SlackApi for SlackConnector {
    /// The returned group's `name` is its handle, which is what the workflows record.
    fn ensure_usergroup<'a>(&'a self, name: &'a str, handle: &'a str) -> BoxFuture<'a, GroupRef> {
        Box::pin(async move {
            self.require_token()?;
            self.find_or_create_usergroup(name.trim(), handle.trim())
                .await
        })
    }

    fn add_to_usergroup<'a>(
        &'a self,
        email: &'a str,
        usergroup_id: &'a str,
    ) -> BoxFuture<'a, String> {
        Box::pin(async move {
            self.require_token()?;
            self.add_person_to_usergroup(email.trim(), usergroup_id.trim())
                .await
        })
    }

    fn remove_from_usergroup<'a>(
        &'a self,
        email: &'a str,
        usergroup_id: &'a str,
    ) -> BoxFuture<'a, Removal> {
        Box::pin(async move {
            self.require_token()?;
            self.remove_person_from_usergroup(email.trim(), usergroup_id.trim())
                .await
        })
    }
    fn disable_usergroup<'a>(&'a self, usergroup_id: &'a str) -> BoxFuture<'a, Removal> {
        Box::pin(async move {
            self.require_token()?;
            self.disable_whole_usergroup(usergroup_id.trim()).await
        })
    }
    fn find_usergroup<'a>(
        &'a self,
        name: &'a str,
        handle: &'a str,
    ) -> BoxFuture<'a, Option<GroupRef>> {
        Box::pin(self.existing_usergroup_named(name.trim(), handle.trim()))
    }
    fn presence<'a>(
        &'a self,
        email: &'a str,
        usergroup_id: &'a str,
    ) -> BoxFuture<'a, SlackPresence> {
        Box::pin(self.presence_of(email, usergroup_id.trim()))
    }
    fn group_rosters<'a>(&'a self, usergroup_ids: &'a [String]) -> BoxFuture<'a, Vec<GroupRoster>> {
        Box::pin(self.rosters(usergroup_ids))
    }
}
