//! Steps 2–5: from the old organisation's group to the new one's in Metabase, Teams, Slack and
//! Keycloak. Each joins the new group first and then leaves the old one, so the person is never
//! in no group (which would deactivate a Keycloak account); where the new organisation does not
//! use the system, the old access only goes, as in an offboarding.

use hyopps_connectors::{ChannelRef, Removal};
use hyopps_contract::PartnerSystem;
use hyopps_store::{organizations, users, Connection, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::super::groups::{other_metabase_groups, removal_sentence, Group};
use super::super::names::external_group_name;
use super::super::step::{output, Step};
use super::look_ahead::preview_move;
use super::{mover_of, record_access, AccessAfterMove, MoveFacts, MovePartnerUser};
use crate::{
    Applied, EngineError, PreviewFuture, StepContext, StepDefinition, StepError, StepFuture,
};

/// What a system step records: what it did, in a sentence per side, and the access after.
#[derive(Serialize)]
struct Moved {
    #[serde(rename = "moved")]
    sentence: String,
    access: AccessAfterMove,
    #[serde(skip_serializing_if = "Option::is_none")]
    metabase_user_id: Option<i64>,
    /// The new organisation's Keycloak group, recorded on it when the move made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    keycloak_group: Option<Group>,
}

fn moved(
    sentences: Vec<String>,
    uses: bool,
    metabase_user_id: Option<i64>,
) -> Result<Value, StepError> {
    output(&Moved {
        sentence: sentences.join(" "),
        access: AccessAfterMove::of(uses),
        metabase_user_id,
        keycloak_group: None,
    })
}

fn channel(group: &Group) -> ChannelRef {
    ChannelRef {
        id: group.id.clone(),
        name: group.name.clone().unwrap_or_default(),
        // The connector reads the channel's membership type itself.
        private: false,
    }
}

/// Step 2.
pub(super) struct MoveInMetabase;

impl MoveInMetabase {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "7e494d0f-79d9-4009-9a8b-c098f544a7e2",
        "move_in_metabase",
        "Move in Metabase",
        "Adds the person's Metabase account to the new organisation's group and removes it from the old one's; the account stays.",
        "metabase",
    );
}

impl Step<MovePartnerUser> for MoveInMetabase {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        MoveFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let facts = MoveFacts::of(facts)?;
            preview_move(workflow, &facts, PartnerSystem::Metabase)
                .await
                .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let f = MoveFacts::of(facts)?;
            let metabase = workflow.connectors.current().metabase;
            let uses = f.to.uses(PartnerSystem::Metabase);
            let mut sentences = Vec::new();
            let mut user_id = f.metabase_user_id;
            if uses {
                let group = f.new_group(&f.to.metabase, "Metabase")?;
                user_id = Some(
                    metabase
                        .ensure_user_in_group(&f.email, &f.firstname, &f.lastname, &group.id)
                        .await?,
                );
                sentences.push(format!("In the Metabase group {}.", group.shown()));
            } else {
                sentences.push(f.not_added(PartnerSystem::Metabase));
            }
            let Some(old) = &f.from.metabase else {
                sentences.push(f.nothing_to_leave("Metabase"));
                return moved(sentences, uses, user_id);
            };
            let old_id: i64 = old.id.parse().map_err(|_| StepError::Fatal {
                message: format!(
                    "The Metabase group on record for {} is {:?}, which is not a Metabase group id: correct it in the organisation's detail, then retry.",
                    f.from.name, old.id
                ),
            })?;
            let user_id = match user_id {
                Some(id) => Some(id),
                None => metabase.find_user(&f.email).await?,
            };
            let Some(user_id) = user_id else {
                sentences.push(format!(
                    "{} has no Metabase account: nothing to leave.",
                    f.email
                ));
                return moved(sentences, uses, None);
            };
            let memberships = metabase.user_memberships(user_id).await?;
            let mut removals = Vec::new();
            for membership in memberships.iter().filter(|m| m.group_id == old_id) {
                metabase.remove_membership(membership.membership_id).await?;
                removals.push(Removal::Removed);
            }
            sentences.push(removal_sentence(
                Removal::any(removals),
                &format!("the Metabase group {}", old.shown()),
            ));
            if !uses && other_metabase_groups(&memberships, old_id).is_empty() {
                sentences.push(match metabase.deactivate_user(user_id).await? {
                    Removal::Removed => {
                        "Metabase account deactivated: the person is in no other group.".into()
                    }
                    Removal::AlreadyGone => "The Metabase account was already inactive.".into(),
                });
            }
            moved(sentences, uses, Some(user_id))
        })
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        if let Some(id) = result.get("metabase_user_id").and_then(Value::as_i64) {
            users::set_metabase_user_id(tx, &mover_of(context)?, id, now)?;
        }
        record_access(result, context, tx, "Metabase", now)
    }
}

/// Step 3.
pub(super) struct MoveInTeams;

impl MoveInTeams {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "235a9543-ed6c-4d98-b91f-b9468246f187",
        "move_in_teams",
        "Move in Teams",
        "Adds the person to the new organisation's Teams channel and takes them out of the old one's private channel; they stay in the team.",
        "teams",
    );
}

impl Step<MovePartnerUser> for MoveInTeams {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        MoveFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let facts = MoveFacts::of(facts)?;
            preview_move(workflow, &facts, PartnerSystem::Teams)
                .await
                .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let f = MoveFacts::of(facts)?;
            let teams = workflow.connectors.current().teams;
            let uses = f.to.uses(PartnerSystem::Teams);
            let mut sentences = Vec::new();
            if uses {
                let group = f.new_group(&f.to.teams, "Teams")?;
                teams
                    .ensure_member(&f.email, &f.full_name(), &channel(group))
                    .await?;
                sentences.push(format!("In the team and the channel {}.", group.shown()));
            } else {
                sentences.push(f.not_added(PartnerSystem::Teams));
            }
            match &f.from.teams {
                None => sentences.push(f.nothing_to_leave("Teams")),
                Some(old) if uses => {
                    let removal = teams.leave_channel(&f.email, &channel(old)).await?;
                    sentences.push(removal_sentence(
                        removal,
                        &format!("the channel {}", old.shown()),
                    ));
                }
                Some(old) => {
                    let removal = teams.remove_member(&f.email, &channel(old)).await?;
                    sentences.push(removal_sentence(
                        removal,
                        &format!("the team and the channel {}", old.shown()),
                    ));
                }
            }
            moved(sentences, uses, None)
        })
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        record_access(result, context, tx, "Microsoft Teams", now)
    }
}

/// Step 4.
pub(super) struct MoveInSlack;

impl MoveInSlack {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "b7cd9a52-a152-403d-be7f-8b10799adac5",
        "move_in_slack",
        "Move in Slack",
        "Adds the person to the new organisation's Slack user group and takes them out of the old one's (disabled when they were its last member).",
        "slack",
    );
}

impl Step<MovePartnerUser> for MoveInSlack {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        MoveFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let facts = MoveFacts::of(facts)?;
            preview_move(workflow, &facts, PartnerSystem::Slack)
                .await
                .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let f = MoveFacts::of(facts)?;
            let slack = workflow.connectors.current().slack;
            let uses = f.to.uses(PartnerSystem::Slack);
            let mut sentences = Vec::new();
            if uses {
                let group = f.new_group(&f.to.slack, "Slack")?;
                slack.add_to_usergroup(&f.email, &group.id).await?;
                sentences.push(format!("In the Slack group {}.", group.shown()));
            } else {
                sentences.push(f.not_added(PartnerSystem::Slack));
            }
            match &f.from.slack {
                None => sentences.push(f.nothing_to_leave("Slack")),
                Some(old) => {
                    let removal = slack.remove_from_usergroup(&f.email, &old.id).await?;
                    sentences.push(removal_sentence(
                        removal,
                        &format!("the Slack group {}", old.shown()),
                    ));
                }
            }
            moved(sentences, uses, None)
        })
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        record_access(result, context, tx, "Slack", now)
    }
}

/// Step 5.
pub(super) struct MoveInKeycloak;

impl MoveInKeycloak {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "e338ebe7-40a0-4930-b177-c25a7e54fa5c",
        "move_in_keycloak",
        "Move in Keycloak",
        "Puts the person's Keycloak account in the new organisation's group, then takes it out of the old one's; the account and its password stay.",
        "keycloak",
    );
}

impl Step<MovePartnerUser> for MoveInKeycloak {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        MoveFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let facts = MoveFacts::of(facts)?;
            preview_move(workflow, &facts, PartnerSystem::Studio)
                .await
                .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a MovePartnerUser,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let f = MoveFacts::of(facts)?;
            let keycloak = workflow.connectors.current().keycloak;
            let uses = f.to.uses(PartnerSystem::Studio);
            let mut sentences = Vec::new();
            let mut new_group = None;
            if uses {
                // The new organisation's group is made by its first person's invitation, as in
                // new_partner_user. An account with its password gets no email; one whose
                // invitation is still open gets it again, which is what its owner needs.
                let invite = keycloak
                    .invite_user(
                        &f.email,
                        &f.firstname,
                        &f.lastname,
                        f.to.keycloak.as_ref().map(|g| g.id.as_str()),
                        &external_group_name(&f.to.name),
                    )
                    .await?;
                sentences.push(format!("In the Keycloak group {}.", invite.group.name));
                new_group = Some(Group {
                    id: invite.group.id,
                    name: Some(invite.group.name),
                });
            } else {
                sentences.push(f.not_added(PartnerSystem::Studio));
            }
            match &f.from.keycloak {
                None => sentences.push(f.nothing_to_leave("Keycloak")),
                Some(old) => {
                    let left = keycloak.leave_group(&f.email, &old.id).await?;
                    sentences.push(removal_sentence(
                        left.group,
                        &format!("the Keycloak group {}", old.shown()),
                    ));
                    if left.disabled {
                        sentences.push("Account disabled and its sessions ended: the person is in no other group.".into());
                    }
                }
            }
            output(&Moved {
                sentence: sentences.join(" "),
                access: AccessAfterMove::of(uses),
                metabase_user_id: None,
                keycloak_group: new_group,
            })
        })
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let group: Option<Group> = result
            .get("keycloak_group")
            .and_then(|g| serde_json::from_value(g.clone()).ok());
        if let (Some(group), Some(to)) = (group, context.organization_id.as_deref()) {
            let name = group.name.as_deref().unwrap_or_default();
            organizations::set_system_group(tx, to, "keycloak", &group.id, name, now)?;
        }
        record_access(result, context, tx, "KeyCloak", now)
    }
}
