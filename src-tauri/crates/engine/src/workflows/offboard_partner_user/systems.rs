//! Steps 2–5: out of the organisation's groups in Metabase, Teams, Slack and Keycloak. Each
//! says what it found in its output; each grant is marked revoked when its step completes.

use hyopps_connectors::{ChannelRef, GuestDeletion, Removal};
use hyopps_store::{Connection, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::super::groups::{other_metabase_groups, removal_sentence};
use super::super::look_ahead;
use super::super::step::{output, Step};
use super::{revoke, LeaverFacts, OffboardPartnerUser};
use crate::{
    Applied, EngineError, Preview, PreviewFuture, StepContext, StepDefinition, StepError,
    StepFuture,
};

/// Step 2.
pub(in crate::workflows) struct RemoveFromMetabase;

impl RemoveFromMetabase {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "a44e308b-c412-4a1f-8058-88ff45f929b5",
        "remove_from_metabase",
        "Remove from Metabase",
        "Removes the person from the organisation's Metabase group, and deactivates their Metabase account when they are in no other group.",
        "metabase",
    );
}

/// What step 2 records.
#[derive(Serialize)]
struct MetabaseLeft {
    metabase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    metabase_user_id: Option<i64>,
}

impl Step<OffboardPartnerUser> for RemoveFromMetabase {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        LeaverFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let Some(group) = facts.group(&facts.metabase, "Metabase", "Metabase")? else {
                return Ok(Some(Preview::nothing_to_change(
                    facts.nothing_in("Metabase"),
                )));
            };
            look_ahead::metabase_leaving(
                &*workflow.connectors.current().metabase,
                &facts.email,
                facts.metabase_user_id,
                group,
                true,
            )
            .await
            .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let Some(group) = facts.group(&facts.metabase, "Metabase", "Metabase")? else {
                return said_metabase(facts.nothing_in("Metabase"), None);
            };
            let group_id: i64 = group.id.parse().map_err(|_| StepError::Fatal {
                message: format!(
                    "The Metabase group on record for {} is {:?}, which is not a Metabase group id: correct it in the organisation's detail, then retry.",
                    facts.organization_name, group.id
                ),
            })?;
            let metabase = workflow.connectors.current().metabase;
            let user_id = match facts.metabase_user_id {
                Some(id) => Some(id),
                None => metabase.find_user(&facts.email).await?,
            };
            let Some(user_id) = user_id else {
                return said_metabase(
                    format!(
                        "{} has no Metabase account: nothing to remove.",
                        facts.email
                    ),
                    None,
                );
            };
            let memberships = metabase.user_memberships(user_id).await?;
            let mut removals = Vec::new();
            for membership in memberships.iter().filter(|m| m.group_id == group_id) {
                metabase.remove_membership(membership.membership_id).await?;
                removals.push(Removal::Removed);
            }
            let group_sentence = removal_sentence(
                Removal::any(removals),
                &format!("the Metabase group {}", group.shown()),
            );
            let others = other_metabase_groups(&memberships, group_id);
            let account_sentence = if others.is_empty() {
                match metabase.deactivate_user(user_id).await? {
                    Removal::Removed => "Metabase account deactivated.".to_string(),
                    Removal::AlreadyGone => {
                        "The Metabase account was already inactive.".to_string()
                    }
                }
            } else {
                format!(
                    "The Metabase account stays active: the person is also in {}.",
                    others.join(", ")
                )
            };
            said_metabase(
                format!("{group_sentence} {account_sentence}"),
                Some(user_id),
            )
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        revoke(tx, context, "Metabase", now)
    }
}

fn said_metabase(sentence: String, metabase_user_id: Option<i64>) -> Result<Value, StepError> {
    output(&MetabaseLeft {
        metabase: sentence,
        metabase_user_id,
    })
}

/// Step 3.
pub(in crate::workflows) struct RemoveFromTeams;

impl RemoveFromTeams {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "9d574f2d-96b9-432a-8139-9ccb7f2d5958",
        "remove_from_teams",
        "Remove from Teams",
        "Removes the person from the organisation's private Teams channel and from the team.",
        "teams",
    );
}

/// What step 3 records.
#[derive(Serialize)]
struct TeamsLeft {
    teams: String,
}

impl Step<OffboardPartnerUser> for RemoveFromTeams {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        LeaverFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let Some(group) = facts.group(&facts.teams, "Teams", "Microsoft Teams")? else {
                return Ok(Some(Preview::nothing_to_change(facts.nothing_in("Teams"))));
            };
            look_ahead::teams_leaving(
                &*workflow.connectors.current().teams,
                &facts.email,
                group,
                true,
            )
            .await
            .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let teams = match facts.group(&facts.teams, "Teams", "Microsoft Teams")? {
                None => facts.nothing_in("Teams"),
                Some(group) => {
                    let channel = ChannelRef {
                        id: group.id.clone(),
                        name: group.name.clone().unwrap_or_default(),
                        // The connector reads the channel's membership type itself.
                        private: false,
                    };
                    let teams_api = workflow.connectors.current().teams;
                    let removal = teams_api.remove_member(&facts.email, &channel).await?;
                    let left = removal_sentence(
                        removal,
                        &format!("the team and the channel {}", group.shown()),
                    );
                    match teams_api.delete_guest(&facts.email).await? {
                        GuestDeletion::NotAsked => left,
                        GuestDeletion::Deleted => format!("{left} Guest account deleted (Entra keeps it 30 days among deleted users)."),
                        GuestDeletion::AlreadyGone => format!("{left} The guest account was already deleted."),
                        GuestDeletion::NotAGuest => format!("{left} The account belongs to the company's own directory: it stays."),
                    }
                }
            };
            output(&TeamsLeft { teams })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        revoke(tx, context, "Microsoft Teams", now)
    }
}

/// Step 4.
pub(in crate::workflows) struct RemoveFromSlack;

impl RemoveFromSlack {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "cfe154e7-cff5-4830-9baa-41706edc3091",
        "remove_from_slack",
        "Remove from Slack",
        "Takes the person out of the organisation's Slack user group (disables the group when they were its last member).",
        "slack",
    );
}

/// What step 4 records.
#[derive(Serialize)]
struct SlackLeft {
    slack: String,
}

impl Step<OffboardPartnerUser> for RemoveFromSlack {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        LeaverFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let Some(group) = facts.group(&facts.slack, "Slack", "Slack")? else {
                return Ok(Some(Preview::nothing_to_change(facts.nothing_in("Slack"))));
            };
            look_ahead::slack_leaving(&*workflow.connectors.current().slack, &facts.email, group)
                .await
                .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let slack = match facts.group(&facts.slack, "Slack", "Slack")? {
                None => facts.nothing_in("Slack"),
                Some(group) => {
                    let removal = workflow
                        .connectors
                        .current()
                        .slack
                        .remove_from_usergroup(&facts.email, &group.id)
                        .await?;
                    removal_sentence(removal, &format!("the Slack group {}", group.shown()))
                }
            };
            output(&SlackLeft { slack })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        revoke(tx, context, "Slack", now)
    }
}

/// Step 5.
pub(in crate::workflows) struct RemoveFromKeycloak;

impl RemoveFromKeycloak {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "ca360cda-b65c-4abe-aa37-71e36a657d85",
        "remove_from_keycloak",
        "Remove from Keycloak",
        "Takes the person out of the organisation's Keycloak group; when they are in no other group, disables their account and ends their sessions.",
        "keycloak",
    );
}

/// What step 5 records.
#[derive(Serialize)]
struct KeycloakLeft {
    keycloak: String,
}

impl Step<OffboardPartnerUser> for RemoveFromKeycloak {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        LeaverFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let Some(group) = facts.group(&facts.keycloak, "Keycloak", "KeyCloak")? else {
                return Ok(Some(Preview::nothing_to_change(
                    facts.nothing_in("Keycloak"),
                )));
            };
            look_ahead::keycloak_leaving(
                &*workflow.connectors.current().keycloak,
                &facts.email,
                group,
                true,
            )
            .await
            .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a OffboardPartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = LeaverFacts::of(facts)?;
            let keycloak = match facts.group(&facts.keycloak, "Keycloak", "KeyCloak")? {
                None => facts.nothing_in("Keycloak"),
                Some(group) => {
                    let left = workflow
                        .connectors
                        .current()
                        .keycloak
                        .leave_group(&facts.email, &group.id)
                        .await?;
                    let group_sentence = removal_sentence(
                        left.group,
                        &format!("the Keycloak group {}", group.shown()),
                    );
                    if left.disabled {
                        format!("{group_sentence} Account disabled and its sessions ended: the person is in no other group.")
                    } else {
                        group_sentence
                    }
                }
            };
            output(&KeycloakLeft { keycloak })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        revoke(tx, context, "KeyCloak", now)
    }
}
