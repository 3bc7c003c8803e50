//! `new_partner`'s steps that HyOpps runs: the Metabase collection, group and data access, the
//! Teams channel and the Slack user group. Each reads what earlier steps recorded as a type and
//! records its own result as one.

use hyopps_store::organizations::{self, IntegrationUpdate};
use hyopps_store::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::super::forms::invalid;
use super::super::names::{external_group_name, teams_channel_name};
use super::super::step::{output, recorded, Required, Step};
use super::super::{HandCompletion, IdKind, MetabaseId};
use super::{organization_of, set_group, NewPartner, OrganizationNamed};
use crate::{
    Applied, CompletedBy, EngineError, Preview, PreviewFuture, StepContext, StepDefinition,
    StepError, StepFuture, StepKind,
};

/// What a preview says before the organisation's name is known.
fn name_not_known_yet() -> Preview {
    Preview::cannot_tell("Enter the organisation's name (step 1) to see what this step will find.")
}

/// Step 3.
pub(super) struct CloneMetabaseCollection;

impl CloneMetabaseCollection {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "9b16e1e9-7ccf-4850-ae5b-7b38d2d0fb9c",
            name: "clone_metabase_collection",
            kind: StepKind::Auto,
            label: "Clone the Metabase collection",
            description: "Creates the partner's Metabase collection from the template collection: creates the collection, then copies each dashboard and each loose question into it.",
            system: Some("metabase"),
            completed_by: CompletedBy::OperatorsOnly,
            by_hand: Some(HandCompletion::new("metabase_collection_id", "Metabase collection id", IdKind::MetabaseNumber)),
        };
}

/// The organisation's Metabase collection, when HyOpps already made one for it: the clone
/// fills that one rather than any collection that happens to share the name.
#[derive(Default, Serialize, Deserialize)]
struct KnownCollection {
    metabase_collection_id: Option<i64>,
}

/// What step 3 records when it ran.
#[derive(Serialize)]
struct CollectionCreated {
    metabase_collection_id: i64,
}

/// What step 3 recorded, by the connector or by hand (older hand completions recorded the id
/// as text).
#[derive(Serialize, Deserialize)]
struct CollectionCloned {
    metabase_collection_id: MetabaseId,
}

impl Step<NewPartner> for CloneMetabaseCollection {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        let Some(organization_id) = context.organization_id.as_deref() else {
            return Ok(Value::Null);
        };
        let state = organizations::integration_state(conn, organization_id).map_err(|e| {
            StepError::Retryable {
                message: format!("Could not read the organisation: {e}"),
                retry_after: None,
            }
        })?;
        output(&KnownCollection {
            metabase_collection_id: state.metabase_collection_id,
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartner,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let organization = OrganizationNamed::recorded(context)?;
            let known: KnownCollection = serde_json::from_value(facts.clone()).unwrap_or_default();
            let id = workflow
                .connectors
                .current()
                .metabase
                .clone_template_collection(&organization, known.metabase_collection_id)
                .await?;
            output(&CollectionCreated {
                metabase_collection_id: id,
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
        let organization_id = organization_of(context)?;
        let cloned: CollectionCloned = serde_json::from_value(result.clone()).map_err(|_| {
            invalid(
                "external_id",
                "A Metabase collection id is a whole number from 1 up.",
            )
        })?;
        organizations::update_integrations(
            tx,
            &organization_id,
            IntegrationUpdate::MetabaseCollection {
                collection_id: cloned.metabase_collection_id.get(),
            },
            now,
        )?;
        Ok(Applied::default())
    }
}

/// Step 4.
pub(super) struct CreateMetabaseGroup;

impl CreateMetabaseGroup {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "8f6195cb-5a83-458f-a608-9f5d134b285b",
            name: "create_metabase_group",
            kind: StepKind::Auto,
            label: "Create the Metabase group",
            description: "Creates the Metabase group ext-<organisation> (or reuses the group of that name) and gives it access to the new collection.",
            system: Some("metabase"),
            completed_by: CompletedBy::OperatorsOnly,
            by_hand: Some(HandCompletion::new("metabase_group_id", "Metabase group id", IdKind::MetabaseGroup)),
        };
}

/// What step 4 records (by hand: the group id alone). Metabase group ids travel as text, like
/// every group id kept on the organisation.
#[derive(Serialize, Deserialize)]
struct MetabaseGroupCreated {
    #[serde(default)]
    metabase_group_id: String,
    #[serde(default)]
    metabase_group_name: String,
}

impl Step<NewPartner> for CreateMetabaseGroup {
    fn preview<'a>(
        &'a self,
        workflow: &'a NewPartner,
        context: &'a StepContext,
        _: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let Ok(organization) = OrganizationNamed::recorded(context) else {
                return Ok(Some(name_not_known_yet()));
            };
            let name = external_group_name(&organization);
            let groups = workflow.connectors.current().metabase.list_groups().await?;
            let lower = name.to_lowercase();
            Ok(Some(
                match groups.iter().find(|g| g.name.to_lowercase() == lower) {
                    Some(group) => Preview::nothing_to_change(format!(
                        "Finds the existing Metabase group {} ({}) and uses it.",
                        group.name, group.id
                    )),
                    None => Preview::changes(format!("Creates the Metabase group {name}.")),
                },
            ))
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartner,
        context: &'a StepContext,
        _: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let organization = OrganizationNamed::recorded(context)?;
            // Read before anything is created: without the collection the group would be made
            // and the grant silently skipped.
            let collection: CollectionCloned = recorded(context).map_err(|_| StepError::Fatal {
                message: "Step 3 recorded no usable Metabase collection id (a whole number from 1 up), so the group cannot be given access to it. Give the group access in Metabase and complete this step by hand.".into(),
            })?;
            let metabase = &workflow.connectors.current().metabase;
            let group = metabase
                .ensure_group(&external_group_name(&organization))
                .await?;
            metabase
                .grant_collection_access(&group.id, collection.metabase_collection_id.get())
                .await?;
            output(&MetabaseGroupCreated {
                metabase_group_id: group.id,
                metabase_group_name: group.name,
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
        let organization_id = organization_of(context)?;
        let group: MetabaseGroupCreated = read_result(result)?;
        set_group(
            tx,
            &organization_id,
            "metabase",
            &group.metabase_group_id,
            &group.metabase_group_name,
            now,
        )?;
        Ok(Applied::default())
    }
}

/// Step 5.
pub(super) struct GrantMetabaseDbAccess;

impl GrantMetabaseDbAccess {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "c7884a68-bd42-4c52-8a59-3179fe61c37d",
            name: "grant_metabase_db_access",
            kind: StepKind::Auto,
            label: "Grant Metabase data access",
            description: "Gives the group access to the configured Metabase database through the data permissions graph.",
            system: Some("metabase"),
            completed_by: CompletedBy::OperatorsOnly,
            by_hand: None,
        };
}

/// What step 5 reads: the group step 4 recorded.
#[derive(Deserialize)]
struct GroupRecorded {
    metabase_group_id: Required,
}

#[derive(Serialize)]
struct DatabaseAccessGranted {
    metabase_db_access: bool,
}

impl Step<NewPartner> for GrantMetabaseDbAccess {
    fn run<'a>(
        &'a self,
        workflow: &'a NewPartner,
        context: &'a StepContext,
        _: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            OrganizationNamed::recorded(context)?;
            let group: GroupRecorded = recorded(context)?;
            workflow
                .connectors
                .current()
                .metabase
                .grant_database_access(&group.metabase_group_id)
                .await?;
            output(&DatabaseAccessGranted {
                metabase_db_access: true,
            })
        })
    }
}

/// Step 6.
pub(super) struct CreateTeamsChannel;

impl CreateTeamsChannel {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "6266580e-f0e2-4a8a-a547-91754cc8983a",
            name: "create_teams_channel",
            kind: StepKind::Auto,
            label: "Create the Teams channel",
            description: "Creates the partner's channel in the configured Microsoft Teams team (or reuses the channel of that name).",
            system: Some("teams"),
            completed_by: CompletedBy::OperatorsOnly,
            by_hand: Some(HandCompletion::new("teams_channel_id", "Teams channel id", IdKind::Text)),
        };
}

/// What step 6 records (by hand: the channel id alone).
#[derive(Serialize, Deserialize)]
struct TeamsChannelCreated {
    #[serde(default)]
    teams_channel_id: String,
    #[serde(default)]
    teams_channel_name: String,
    #[serde(default)]
    teams_channel_private: bool,
}

impl Step<NewPartner> for CreateTeamsChannel {
    fn preview<'a>(
        &'a self,
        workflow: &'a NewPartner,
        context: &'a StepContext,
        _: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let Ok(organization) = OrganizationNamed::recorded(context) else {
                return Ok(Some(name_not_known_yet()));
            };
            let name = teams_channel_name(&organization);
            let found = workflow
                .connectors
                .current()
                .teams
                .find_channel(&name)
                .await?;
            Ok(Some(match found {
                Some(channel) => Preview::nothing_to_change(format!(
                    "Finds the existing Teams channel {} and uses it.",
                    channel.name
                )),
                None => Preview::changes(format!("Creates the Teams channel {name}.")),
            }))
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartner,
        context: &'a StepContext,
        _: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let organization = OrganizationNamed::recorded(context)?;
            let channel = workflow
                .connectors
                .current()
                .teams
                .ensure_channel(&teams_channel_name(&organization))
                .await?;
            output(&TeamsChannelCreated {
                teams_channel_id: channel.id,
                teams_channel_name: channel.name,
                teams_channel_private: channel.private,
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
        let organization_id = organization_of(context)?;
        let channel: TeamsChannelCreated = read_result(result)?;
        set_group(
            tx,
            &organization_id,
            "teams",
            &channel.teams_channel_id,
            &channel.teams_channel_name,
            now,
        )?;
        Ok(Applied::default())
    }
}

/// Step 7.
pub(super) struct CreateSlackGroup;

impl CreateSlackGroup {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "f9055247-c41a-4009-9948-b52200395e4f",
        name: "create_slack_group",
        kind: StepKind::Auto,
        label: "Create the Slack user group",
        description:
            "Creates the Slack user group ext-<organisation> (or reuses the group of that name).",
        system: Some("slack"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: Some(HandCompletion::new(
            "slack_group_id",
            "Slack user group id",
            IdKind::Text,
        )),
    };
}

/// What step 7 records (by hand: the group id alone).
#[derive(Serialize, Deserialize)]
struct SlackGroupCreated {
    #[serde(default)]
    slack_group_id: String,
    #[serde(default)]
    slack_group_handle: String,
}

impl Step<NewPartner> for CreateSlackGroup {
    fn preview<'a>(
        &'a self,
        workflow: &'a NewPartner,
        context: &'a StepContext,
        _: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let Ok(organization) = OrganizationNamed::recorded(context) else {
                return Ok(Some(name_not_known_yet()));
            };
            let handle = external_group_name(&organization);
            let found = workflow
                .connectors
                .current()
                .slack
                .find_usergroup(&handle, &handle)
                .await?;
            Ok(Some(match found {
                Some(group) => Preview::nothing_to_change(format!(
                    "Finds the existing Slack group @{} and uses it (enabled again if it was disabled).",
                    group.name
                )),
                None => Preview::changes(format!("Creates the Slack group @{handle}.")),
            }))
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartner,
        context: &'a StepContext,
        _: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let organization = OrganizationNamed::recorded(context)?;
            let handle = external_group_name(&organization);
            let group = workflow
                .connectors
                .current()
                .slack
                .ensure_usergroup(&handle, &handle)
                .await?;
            output(&SlackGroupCreated {
                slack_group_id: group.id,
                slack_group_handle: group.name,
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
        let organization_id = organization_of(context)?;
        let group: SlackGroupCreated = read_result(result)?;
        set_group(
            tx,
            &organization_id,
            "slack",
            &group.slack_group_id,
            &group.slack_group_handle,
            now,
        )?;
        Ok(Applied::default())
    }
}

/// A group step's result; an id that is not text is as good as none.
fn read_result<T: for<'de> Deserialize<'de>>(result: &Value) -> Result<T, EngineError> {
    serde_json::from_value(result.clone())
        .map_err(|_| invalid("external_id", "Enter the id the system gave it."))
}
