//! Steps 2–5 looked at ahead: the new organisation's group joined (or "not used"), then the
//! old one's left, each read from the system without changing it.

use hyopps_contract::PartnerSystem;

use super::super::look_ahead;
use super::super::names::external_group_name;
use super::{MoveFacts, MovePartnerUser};
use crate::{Preview, StepError};

/// What step `system` of the move would do now.
pub(super) async fn preview_move(
    workflow: &MovePartnerUser,
    f: &MoveFacts,
    system: PartnerSystem,
) -> Result<Preview, StepError> {
    let connectors = workflow.connectors.current();
    let email = f.email.as_str();
    let uses = f.to.uses(system);
    let (new, old, name) = match system {
        PartnerSystem::Metabase => (&f.to.metabase, &f.from.metabase, "Metabase"),
        PartnerSystem::Teams => (&f.to.teams, &f.from.teams, "Teams"),
        PartnerSystem::Slack => (&f.to.slack, &f.from.slack, "Slack"),
        _ => (&f.to.keycloak, &f.from.keycloak, "Keycloak"),
    };
    let joining = if !uses {
        Preview::nothing_to_change(f.not_added(system))
    } else if system == PartnerSystem::Studio {
        // Keycloak's group is made by the first person's invitation when there is none yet.
        look_ahead::keycloak_joining(
            &*connectors.keycloak,
            email,
            new.as_ref(),
            &external_group_name(&f.to.name),
        )
        .await?
    } else {
        match (system, f.new_group(new, name)) {
            (_, Err(stops)) => Preview::will_stop(stops.message()),
            (PartnerSystem::Metabase, Ok(group)) => {
                look_ahead::metabase_joining(&*connectors.metabase, email, group).await?
            }
            (PartnerSystem::Teams, Ok(group)) => {
                look_ahead::teams_joining(&*connectors.teams, email, group).await?
            }
            (_, Ok(group)) => look_ahead::slack_joining(&*connectors.slack, email, group).await?,
        }
    };
    let Some(old) = old else {
        return Ok(joining.and(Preview::nothing_to_change(f.nothing_to_leave(name))));
    };
    let leaving = match system {
        PartnerSystem::Metabase => {
            look_ahead::metabase_leaving(
                &*connectors.metabase,
                email,
                f.metabase_user_id,
                old,
                !uses,
            )
            .await?
        }
        PartnerSystem::Teams => {
            look_ahead::teams_leaving(&*connectors.teams, email, old, !uses).await?
        }
        PartnerSystem::Slack => look_ahead::slack_leaving(&*connectors.slack, email, old).await?,
        _ => look_ahead::keycloak_leaving(&*connectors.keycloak, email, old, !uses).await?,
    };
    Ok(joining.and(leaving))
}
