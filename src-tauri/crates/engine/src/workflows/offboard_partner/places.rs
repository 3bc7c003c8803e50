//! Steps 3–7, once every person is offboarded: the organisation's own places. Its Metabase
//! group loses its access and its collection goes to the trash (kept, no longer shown), its
//! Teams channel is archived by an operator (HyOpps's Graph permissions do not cover archiving a
//! channel), its Slack group is disabled, anyone still in its Keycloak group is taken out; last,
//! the organisation is marked offboarded.

use hyopps_connectors::Removal;
use hyopps_contract::StepForm;
use hyopps_store::{organizations, Connection, StoreError, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::super::forms::{task_form, Form};
use super::super::groups::recorded_group;
use super::super::step::{output, Step};
use super::{organization_of, OffboardPartner, PartnerFacts, DEFINITION};
use crate::{
    Applied, CompletedBy, EngineError, StepContext, StepDefinition, StepError, StepFuture, StepKind,
};

pub(super) struct CloseMetabase;

impl CloseMetabase {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "67f283b9-043a-4e6b-840d-95c615049804",
        "close_metabase",
        "Close the Metabase group and collection",
        "Takes the organisation's Metabase group's access away (its collection, queries on the database), then moves the collection to Metabase's trash: kept, no longer shown.",
        "metabase",
    );
}

/// What step 3 records.
#[derive(Serialize)]
struct MetabaseClosed {
    metabase: String,
}

impl Step<OffboardPartner> for CloseMetabase {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        PartnerFacts::gather(context, conn)
    }

    fn run<'a>(
        &'a self,
        workflow: &'a OffboardPartner,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = PartnerFacts::of(facts)?;
            let metabase_api = workflow.connectors.current().metabase;
            // The group first: an archived collection is no longer in the permissions graph.
            let group = match &facts.metabase {
                None => format!("{} has no Metabase group: no access to take.", facts.name),
                Some(group) => {
                    let revoked = metabase_api
                        .revoke_group_access(&group.id, facts.metabase_collection_id)
                        .await?;
                    match revoked {
                        Removal::Removed => {
                            format!("The group {} has no access left.", group.shown())
                        }
                        Removal::AlreadyGone => {
                            format!("The group {} had no access left already.", group.shown())
                        }
                    }
                }
            };
            let collection = match facts.metabase_collection_id {
                None => format!(
                    "{} has no Metabase collection: nothing to archive.",
                    facts.name
                ),
                Some(id) => match metabase_api.archive_collection(id).await? {
                    Removal::Removed => format!("The collection {id} is in Metabase's trash."),
                    Removal::AlreadyGone => {
                        format!("The collection {id} was archived or deleted already.")
                    }
                },
            };
            output(&MetabaseClosed {
                metabase: format!("{group} {collection}"),
            })
        })
    }
}

pub(super) struct ArchiveTeamsChannel;

impl ArchiveTeamsChannel {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "572d33e3-bf9d-4a0c-9cae-3230091ad092",
        name: "archive_teams_channel",
        kind: StepKind::Manual,
        label: "Archive the Teams channel",
        description: "An operator archives the organisation's Teams channel in Teams (HyOpps's Graph permissions do not cover it) and confirms.",
        system: Some("teams"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

/// What step 4 takes.
#[derive(Serialize)]
struct ChannelArchived {
    teams_channel_archived: bool,
}

impl Step<OffboardPartner> for ArchiveTeamsChannel {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        form.confirmed(
            "teams_channel_archived",
            "Confirm that the channel is archived in Teams.",
        );
        output(&ChannelArchived {
            teams_channel_archived: true,
        })
        .ok()
    }

    fn form(
        &self,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let organization_id = context.organization_id.as_deref().unwrap_or_default();
        let name = organizations::name(conn, organization_id)?.unwrap_or_default();
        let channel = recorded_group(conn, organization_id, "teams")?;
        let instruction = match channel {
            Some(channel) => format!(
                "In Microsoft Teams, archive the channel \"{}\" of {name} (Manage channel → Archive channel), then confirm.",
                channel.shown()
            ),
            None => format!("{name} has no Teams channel on record: confirm once you have checked that Teams has none for it."),
        };
        Ok(Some(task_form(
            &DEFINITION,
            &Self::DEFINITION,
            instruction,
            ("teams_channel_archived", "The channel is archived"),
        )))
    }
}

pub(super) struct DisableSlackGroup;

impl DisableSlackGroup {
    pub const DEFINITION: StepDefinition = StepDefinition::auto_in(
        "eccd4141-1bb2-4edf-8ac0-0761565bb6a2",
        "disable_slack_group",
        "Disable the Slack group",
        "Disables the organisation's Slack user group: it no longer reaches anyone.",
        "slack",
    );
}

/// What step 5 records.
#[derive(Serialize)]
struct SlackGroupDisabled {
    slack: String,
}

impl Step<OffboardPartner> for DisableSlackGroup {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        PartnerFacts::gather(context, conn)
    }

    fn run<'a>(
        &'a self,
        workflow: &'a OffboardPartner,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = PartnerFacts::of(facts)?;
            let slack = match &facts.slack {
                None => format!("{} has no Slack group: nothing to disable.", facts.name),
                Some(group) => {
                    let removal = workflow
                        .connectors
                        .current()
                        .slack
                        .disable_usergroup(&group.id)
                        .await?;
                    match removal {
                        Removal::Removed => {
                            format!("The Slack group {} is disabled.", group.shown())
                        }
                        Removal::AlreadyGone => format!(
                            "The Slack group {} was disabled already: nothing to do.",
                            group.shown()
                        ),
                    }
                }
            };
            output(&SlackGroupDisabled { slack })
        })
    }
}

pub(super) struct EmptyKeycloakGroup;

impl EmptyKeycloakGroup {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "192234de-7163-47d6-b310-7a9cc2b2bbfc",
        name: "empty_keycloak_group",
        kind: StepKind::Auto,
        label: "Empty the Keycloak group",
        description: "Takes anyone still in the organisation's Keycloak group out of it (people HyOpps did not add included); an account then in no group is disabled and signed out.",
        system: Some("keycloak"),
        // Where Studio signs people in itself this is a task only the operations team can do.
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

/// What step 6 records when it ran.
#[derive(Serialize)]
struct KeycloakGroupEmptied {
    keycloak: String,
}

/// What step 6 takes as a task.
#[derive(Serialize)]
struct SignInsRemoved {
    studio_sign_ins_removed: bool,
}

impl Step<OffboardPartner> for EmptyKeycloakGroup {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        form.confirmed(
            "studio_sign_ins_removed",
            "Confirm that the organisation's remaining Studio sign-ins are removed.",
        );
        output(&SignInsRemoved {
            studio_sign_ins_removed: true,
        })
        .ok()
    }

    fn form(
        &self,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let organization_id = context.organization_id.as_deref().unwrap_or_default();
        let name = organizations::name(conn, organization_id)?.unwrap_or_default();
        Ok(Some(task_form(
            &DEFINITION,
            &Self::DEFINITION,
            format!(
                "In Studio, remove the sign-ins of anyone of {name} who still has one, then confirm."
            ),
            ("studio_sign_ins_removed", "The remaining sign-ins are removed"),
        )))
    }

    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        PartnerFacts::gather(context, conn)
    }

    fn run<'a>(
        &'a self,
        workflow: &'a OffboardPartner,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let facts = PartnerFacts::of(facts)?;
            let keycloak = match &facts.keycloak {
                None => format!("{} has no Keycloak group: nothing to empty.", facts.name),
                Some(group) => {
                    let emptied = workflow
                        .connectors
                        .current()
                        .keycloak
                        .empty_group(&group.id)
                        .await?;
                    match (emptied.removed, emptied.disabled) {
                        (0, _) => format!("Nobody was left in the Keycloak group {}.", group.shown()),
                        (removed, 0) => format!("{removed} still in the Keycloak group {} taken out; each belongs to another organisation too, so their accounts stay.", group.shown()),
                        (removed, disabled) => format!("{removed} still in the Keycloak group {} taken out; {disabled} account(s) then in no group disabled and signed out.", group.shown()),
                    }
                }
            };
            output(&KeycloakGroupEmptied { keycloak })
        })
    }
}

pub(super) struct MarkOffboarded;

impl MarkOffboarded {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "fda61493-f0a3-4aae-9b9b-4d5c492971f5",
        name: "mark_organisation_offboarded",
        kind: StepKind::Auto,
        label: "Mark the organisation offboarded",
        description: "Keeps the organisation with its history, marked offboarded: no one can be added to it any more.",
        system: None,
        completed_by: CompletedBy::AnyAdmin,
        by_hand: None,
    };
}

/// What step 7 records.
#[derive(Serialize)]
struct Offboarded {
    hyopps: &'static str,
}

impl Step<OffboardPartner> for MarkOffboarded {
    fn run<'a>(
        &'a self,
        _: &'a OffboardPartner,
        _: &'a StepContext,
        _: &'a Value,
    ) -> StepFuture<'a> {
        // The mark is set in the transaction that completes the step (`apply`).
        Box::pin(async {
            output(&Offboarded {
                hyopps:
                    "Marked offboarded: kept with its history; no one can be added to it any more.",
            })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        organizations::mark_offboarded(tx, &organization_of(context)?, now)?;
        Ok(Applied::default())
    }
}
