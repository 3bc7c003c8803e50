//! The workflows (docs/workflows.md): the two onboardings, the offboarding of a person or of a
//! whole organisation, a person's move to another organisation, and the access check's
//! repairs, one module each: its
//! definition (the steps, from which the database rows are written at start-up), forms,
//! connector calls and side effects. Adding a workflow is adding a module here and listing it
//! in [`standard`].

mod approval;
mod forms;
mod groups;
mod ids;
mod look_ahead;
mod move_partner_user;
mod names;
mod new_partner;
mod new_partner_user;
mod offboard_partner;
mod offboard_partner_user;
mod person;
mod repair;
mod step;

use std::sync::Arc;

use hyopps_connectors::{ConnectorError, LiveConnectors};

use crate::{StepError, Workflow};

pub use ids::{HandCompletion, IdKind, MetabaseId};
pub use move_partner_user::MovePartnerUser;
pub use new_partner::NewPartner;
pub use new_partner_user::NewPartnerUser;
pub use offboard_partner::OffboardPartner;
pub use offboard_partner_user::OffboardPartnerUser;
pub use repair::{RemoveAccess, RestoreAccess};

/// Every workflow, calling the systems through `connectors`.
pub fn standard(connectors: impl Into<LiveConnectors>) -> Vec<Arc<dyn Workflow>> {
    let connectors = connectors.into();
    vec![
        Arc::new(NewPartner::new(connectors.clone())),
        Arc::new(NewPartnerUser::new(connectors.clone())),
        Arc::new(OffboardPartnerUser::new(connectors.clone())),
        Arc::new(MovePartnerUser::new(connectors.clone())),
        Arc::new(OffboardPartner::new(connectors.clone())),
        Arc::new(RestoreAccess::new(connectors.clone())),
        Arc::new(RemoveAccess::new(connectors)),
    ]
}

impl From<ConnectorError> for StepError {
    fn from(error: ConnectorError) -> Self {
        match error {
            ConnectorError::Transient {
                message,
                retry_after,
            } => StepError::Retryable {
                message,
                retry_after,
            },
            ConnectorError::ManualTask { instructions } => StepError::ManualTask {
                message: instructions,
            },
            other @ (ConnectorError::Permanent { .. } | ConnectorError::NotConfigured { .. }) => {
                StepError::Fatal {
                    message: other.to_string(),
                }
            }
        }
    }
}
