//! Repairs started from the access check (docs/access-check.md), one person at a time:
//! [`RestoreAccess`] gives back access HyOpps recorded and a system no longer has, with the
//! very steps `new_partner_user` gives it with; [`RemoveAccess`] takes away access a system
//! gives that HyOpps did not, with the very steps `offboard_partner_user` takes it with. The
//! admin's click completes the first step (the systems to repair, and why); the steps in the
//! other systems are skipped, said as such.

mod remove;
mod restore;

use hyopps_contract::{FieldKind, StepForm};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::approval::reason_field;
use super::forms::{field, options, Form, MAX_TEXT};
use super::step::output;
use crate::{StepContext, StepDefinition, WorkflowDefinition};

pub use remove::RemoveAccess;
pub use restore::RestoreAccess;

/// The systems a repair works in: the first step's choices (the steps' `system`, the label).
const REPAIRABLE: [(&str, &str); 4] = [
    ("metabase", "Metabase"),
    ("teams", "Microsoft Teams"),
    ("slack", "Slack"),
    ("keycloak", "Keycloak"),
];

/// What a repair's first step records.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Chosen {
    repair_systems: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repair_reason: Option<String>,
}

impl Chosen {
    /// Checks the first step's form: one system at least, each one a repair works in.
    fn validate(form: &mut Form<'_>) -> Option<Self> {
        let allowed: Vec<String> = REPAIRABLE.iter().map(|(s, _)| s.to_string()).collect();
        let repair_systems = form.choices("systems", &allowed);
        if repair_systems.is_empty() {
            form.fail("systems", "Choose the systems to repair.");
        }
        let repair_reason = form.optional_text("reason", MAX_TEXT);
        Some(Self {
            repair_systems,
            repair_reason,
        })
    }

    fn recorded(context: &StepContext) -> Self {
        serde_json::from_value(Value::Object(context.values.clone())).unwrap_or_default()
    }

    fn to_value(&self) -> Option<Value> {
        output(self).ok()
    }
}

/// Why the repair's step in `system` is skipped: the repair was not started for it.
fn not_chosen(context: &StepContext, system: &str) -> Option<String> {
    let chosen = Chosen::recorded(context);
    if chosen.repair_systems.iter().any(|s| s == system) {
        return None;
    }
    let label = REPAIRABLE
        .iter()
        .find(|(s, _)| *s == system)
        .map_or(system, |(_, label)| label);
    Some(format!(
        "Not part of this repair: {label} is left as it is."
    ))
}

/// The first step's form, when it waits for someone (the app answers it when it starts the
/// repair; a repair interrupted before that asks here).
fn choice_form(
    workflow: &WorkflowDefinition,
    step: &StepDefinition,
    instruction: String,
    submit_label: &str,
) -> StepForm {
    StepForm {
        step_order: workflow.order_of(step.name).unwrap_or_default(),
        title: step.label.into(),
        instructions: vec![instruction],
        fields: vec![
            field(
                "systems",
                "Systems",
                FieldKind::MultiSelect {
                    options: options(REPAIRABLE),
                },
                true,
                None,
            ),
            reason_field(),
        ],
        submit_label: submit_label.into(),
        operators_only: step.operators_only(),
    }
}

/// A repair's step in a system: `$reused`, a step of the workflow in field `$inner`, run
/// exactly as it runs there (its facts, calls, preview and recorded side effects), and
/// skipped when the repair was not started for its system.
macro_rules! reused_step {
    ($name:ident in $workflow:ty: $reused:ident of $inner:ident, $definition:expr) => {
        pub(super) struct $name;

        impl $name {
            pub const DEFINITION: $crate::StepDefinition = $definition;
        }

        impl $crate::workflows::step::Step<$workflow> for $name {
            fn skipped(&self, context: &$crate::StepContext) -> Option<String> {
                super::not_chosen(context, Self::DEFINITION.system.unwrap_or_default())
            }

            fn gather(
                &self,
                context: &$crate::StepContext,
                conn: &hyopps_store::Connection,
            ) -> Result<serde_json::Value, $crate::StepError> {
                $crate::workflows::step::Step::gather(&$reused, context, conn)
            }

            fn preview<'a>(
                &'a self,
                workflow: &'a $workflow,
                context: &'a $crate::StepContext,
                facts: &'a serde_json::Value,
            ) -> $crate::PreviewFuture<'a> {
                $crate::workflows::step::Step::preview(&$reused, &workflow.$inner, context, facts)
            }

            fn run<'a>(
                &'a self,
                workflow: &'a $workflow,
                context: &'a $crate::StepContext,
                facts: &'a serde_json::Value,
            ) -> $crate::StepFuture<'a> {
                $crate::workflows::step::Step::run(&$reused, &workflow.$inner, context, facts)
            }

            fn apply(
                &self,
                result: &serde_json::Value,
                context: &$crate::StepContext,
                tx: &hyopps_store::Transaction<'_>,
                now: &str,
            ) -> Result<$crate::Applied, $crate::EngineError> {
                $crate::workflows::step::Step::apply(&$reused, result, context, tx, now)
            }
        }
    };
}
use reused_step;
