//! `new_partner_user`'s steps that give access in the organisation's groups: Metabase, Teams,
//! Slack, and the documentation email.

use hyopps_connectors::{ChannelRef, DocumentationEmail};
use hyopps_store::{users, Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::super::forms::invalid;
use super::super::look_ahead;
use super::super::step::{output, Step};
use super::super::{HandCompletion, IdKind, MetabaseId};
use super::{grant, organization_of, user_of, NewPartnerUser, OrganizationFacts, Person};
use crate::{
    Applied, CompletedBy, EngineError, PreviewFuture, StepContext, StepDefinition, StepError,
    StepFuture, StepKind,
};

/// Step 4.
pub(in crate::workflows) struct AddUserToMetabaseGroup;

impl AddUserToMetabaseGroup {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "959e0209-0ffa-4600-ba43-e1fff946a4c5",
            name: "add_user_to_metabase_group",
            kind: StepKind::Auto,
            label: "Add to the Metabase group",
            description: "Finds or creates the user in Metabase and adds them to the organisation's Metabase group unless already a member.",
            system: Some("metabase"),
            completed_by: CompletedBy::AnyAdmin,
            by_hand: Some(HandCompletion::new("metabase_user_id", "Metabase user id", IdKind::MetabaseNumber)),
        };
}

/// What step 4 records when it ran.
#[derive(Serialize)]
struct MetabaseUserFound {
    metabase_user_id: i64,
}

/// What step 4 recorded, by the connector or by hand.
#[derive(Deserialize)]
struct MetabaseUserAdded {
    metabase_user_id: MetabaseId,
}

impl Step<NewPartnerUser> for AddUserToMetabaseGroup {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        OrganizationFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let Some(person) = Person::to_preview(context) else {
                return Ok(Some(Person::not_known_yet()));
            };
            let facts = OrganizationFacts::of(facts);
            let group = facts.group(&facts.metabase, "Metabase")?;
            let connectors = workflow.connectors.current();
            look_ahead::metabase_joining(&*connectors.metabase, &person.email, group)
                .await
                .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let person = Person::recorded(context)?;
            let facts = OrganizationFacts::of(facts);
            let group = facts.group(&facts.metabase, "Metabase")?;
            let metabase_user_id = workflow
                .connectors
                .current()
                .metabase
                .ensure_user_in_group(
                    &person.email,
                    &person.firstname,
                    &person.lastname,
                    &group.id,
                )
                .await?;
            output(&MetabaseUserFound { metabase_user_id })
        })
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        organization_of(context)?;
        let user_id = user_of(context)?;
        let added: MetabaseUserAdded = serde_json::from_value(result.clone()).map_err(|_| {
            invalid(
                "external_id",
                "A Metabase user id is a whole number from 1 up.",
            )
        })?;
        users::set_metabase_user_id(tx, &user_id, added.metabase_user_id.get(), now)?;
        grant(tx, context, "Metabase", now)
    }
}

/// Step 5.
pub(in crate::workflows) struct AddUserToTeamsChannel;

impl AddUserToTeamsChannel {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "5b0c528b-b737-474a-b016-7213a7f67875",
            name: "add_user_to_teams_channel",
            kind: StepKind::Auto,
            label: "Add to the Teams channel",
            description: "Invites the user to Microsoft Teams as a guest unless they exist, adds them to the team and, for a private channel, to the channel.",
            system: Some("teams"),
            completed_by: CompletedBy::AnyAdmin,
            by_hand: Some(HandCompletion::new("teams_user_id", "Teams (Entra) user id", IdKind::Text)),
        };
}

/// What step 5 records: the person's (Entra) user id.
#[derive(Serialize)]
struct TeamsMemberAdded {
    teams_user_id: String,
}

impl Step<NewPartnerUser> for AddUserToTeamsChannel {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        OrganizationFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let Some(person) = Person::to_preview(context) else {
                return Ok(Some(Person::not_known_yet()));
            };
            let facts = OrganizationFacts::of(facts);
            let group = facts.group(&facts.teams, "Teams channel")?;
            let connectors = workflow.connectors.current();
            look_ahead::teams_joining(&*connectors.teams, &person.email, group)
                .await
                .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let person = Person::recorded(context)?;
            let facts = OrganizationFacts::of(facts);
            let group = facts.group(&facts.teams, "Teams channel")?;
            let channel = ChannelRef {
                id: group.id.clone(),
                name: group.name.clone().unwrap_or_default(),
                // The connector reads the channel's membership type itself.
                private: false,
            };
            let teams_user_id = workflow
                .connectors
                .current()
                .teams
                .ensure_member(&person.email, &person.full_name(), &channel)
                .await?;
            output(&TeamsMemberAdded { teams_user_id })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        grant(tx, context, "Microsoft Teams", now)
    }
}

/// Step 6.
pub(in crate::workflows) struct AddUserToSlackGroup;

impl AddUserToSlackGroup {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "5497c038-3c0e-4b5d-8cb4-db99d0abe9e0",
            name: "add_user_to_slack_group",
            kind: StepKind::Auto,
            label: "Add to the Slack group",
            description: "Adds the user to the organisation's Slack user group; a guest is invited to the group's channel instead.",
            system: Some("slack"),
            completed_by: CompletedBy::AnyAdmin,
            by_hand: Some(HandCompletion::new("slack_user_id", "Slack user id", IdKind::Text)),
        };
}

/// What step 6 records: the person's Slack user id.
#[derive(Serialize)]
struct SlackMemberAdded {
    slack_user_id: String,
}

impl Step<NewPartnerUser> for AddUserToSlackGroup {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        OrganizationFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let Some(person) = Person::to_preview(context) else {
                return Ok(Some(Person::not_known_yet()));
            };
            let facts = OrganizationFacts::of(facts);
            let group = facts.group(&facts.slack, "Slack")?;
            let connectors = workflow.connectors.current();
            look_ahead::slack_joining(&*connectors.slack, &person.email, group)
                .await
                .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let person = Person::recorded(context)?;
            let facts = OrganizationFacts::of(facts);
            let group = facts.group(&facts.slack, "Slack")?;
            let slack_user_id = workflow
                .connectors
                .current()
                .slack
                .add_to_usergroup(&person.email, &group.id)
                .await?;
            output(&SlackMemberAdded { slack_user_id })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        grant(tx, context, "Slack", now)
    }
}

/// Step 9.
pub(super) struct ShareDocumentation;

impl ShareDocumentation {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "78569888-f112-4940-8c64-8be1e1ff2e44",
        name: "share_documentation",
        kind: StepKind::Auto,
        label: "Share the documentation",
        description: "Emails the organisation's documentation links to the user.",
        system: Some("email"),
        completed_by: CompletedBy::AnyAdmin,
        by_hand: None,
    };
}

/// What step 9 records: where the email went.
#[derive(Serialize)]
struct DocumentationSent {
    documentation_sent_to: String,
}

impl Step<NewPartnerUser> for ShareDocumentation {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        OrganizationFacts::gather(context, conn)
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let person = Person::recorded(context)?;
            let facts = OrganizationFacts::of(facts);
            let message = DocumentationEmail {
                to: person.email.to_string(),
                recipient_name: person.full_name(),
                organization_name: facts.organization_name().to_string(),
                links: facts.documentation,
            };
            workflow
                .connectors
                .current()
                .email
                .send_documentation(&message)
                .await?;
            output(&DocumentationSent {
                documentation_sent_to: message.to,
            })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        _: &Transaction<'_>,
        _: &str,
    ) -> Result<Applied, EngineError> {
        organization_of(context)?;
        user_of(context)?;
        Ok(Applied::default())
    }
}
