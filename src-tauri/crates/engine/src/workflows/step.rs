//! One step's behaviour, written beside its definition: a unit type per step with its
//! [`StepDefinition`] as `DEFINITION` and an implementation of [`Step`] for what it does.
//! [`define_workflow!`] lists a workflow's steps once, which gives the definition the engine
//! stores and the [`crate::Workflow`] the engine runs.

use hyopps_contract::StepForm;
use hyopps_store::{Connection, StoreError, Transaction};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::forms::Form;
use crate::{Applied, EngineError, PreviewFuture, StepContext, StepError, StepFuture};

/// What a step of workflow `W` does; every method has the "nothing to do" default.
pub(crate) trait Step<W>: Sync {
    /// Checks a manual step's form (or the form of an auto step that became a task) and
    /// returns the input to store; `None`: this step takes no form. Reads only.
    fn validate(
        &self,
        _form: &mut Form<'_>,
        _context: &StepContext,
        _conn: &Connection,
    ) -> Option<Value> {
        None
    }

    /// The form shown while the step waits for a person. Reads only.
    fn form(
        &self,
        _context: &StepContext,
        _conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        Ok(None)
    }

    /// Why this step does not run in this execution although its organisation uses its
    /// system (a repair runs only the systems it was started for); `None`: it runs.
    fn skipped(&self, _context: &StepContext) -> Option<String> {
        None
    }

    /// What an auto step reads from the database before it runs.
    fn gather(&self, _context: &StepContext, _conn: &Connection) -> Result<Value, StepError> {
        Ok(Value::Null)
    }

    /// Runs an auto step against the outside systems; idempotent (see [`crate::Workflow`]).
    fn run<'a>(
        &'a self,
        _workflow: &'a W,
        _context: &'a StepContext,
        _facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async {
            Err(StepError::Fatal {
                message: "This step is not run by HyOpps: it waits for a person.".into(),
            })
        })
    }

    /// What an auto step would do, read without changing anything (see
    /// [`crate::Workflow::preview`]); `None`: it cannot look ahead.
    fn preview<'a>(
        &'a self,
        _workflow: &'a W,
        _context: &'a StepContext,
        _facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async { Ok(None) })
    }

    /// Writes the completed step's side effects, in the transaction that completes it.
    fn apply(
        &self,
        _result: &Value,
        _context: &StepContext,
        _tx: &Transaction<'_>,
        _now: &str,
    ) -> Result<Applied, EngineError> {
        Ok(Applied::default())
    }
}

/// Defines a workflow from its steps, listed once in the order they run: `DEFINITION` (what
/// the engine stores and shows) and the [`crate::Workflow`] implementation that hands each
/// call to the step's own [`Step`] implementation.
macro_rules! define_workflow {
    ($workflow:ty {
        id: $id:literal,
        name: $name:literal,
        description: $description:literal,
        steps: [$($step:ident),+ $(,)?] $(,)?
    }) => {
        define_workflow!($workflow {
            id: $id,
            name: $name,
            description: $description,
            unused_systems: $crate::UnusedSystems::Skipped,
            steps: [$($step),+],
        });
    };
    ($workflow:ty {
        id: $id:literal,
        name: $name:literal,
        description: $description:literal,
        unused_systems: $unused:expr,
        steps: [$($step:ident),+ $(,)?] $(,)?
    }) => {
        /// The workflow as the engine and the screens know it; its rows in `workflow_definitions`
        /// and `workflow_step_definitions` are written from it at start-up.
        pub const DEFINITION: $crate::WorkflowDefinition = $crate::WorkflowDefinition {
            id: $id,
            name: $name,
            description: $description,
            steps: &[$($step::DEFINITION),+],
            unused_systems: $unused,
        };

        /// The behaviour of the step named `name`.
        fn behaviour(name: &str) -> Option<&'static dyn $crate::workflows::step::Step<$workflow>> {
            $(if name == $step::DEFINITION.name {
                return Some(&$step);
            })+
            None
        }

        impl $crate::Workflow for $workflow {
            fn definition(&self) -> &'static $crate::WorkflowDefinition {
                &DEFINITION
            }

            fn validate_input(
                &self,
                step: &str,
                input: &serde_json::Value,
                context: &$crate::StepContext,
                conn: &hyopps_store::Connection,
            ) -> Result<serde_json::Value, $crate::FieldErrors> {
                let mut form = $crate::workflows::forms::Form::new(input);
                let accepted = behaviour(step).and_then(|s| s.validate(&mut form, context, conn));
                let accepted = accepted.unwrap_or_else(|| {
                    form.fail("step", format!("The step {step} takes no form."));
                    serde_json::Value::Null
                });
                form.finish().map(|()| accepted)
            }

            fn skipped(&self, step: &str, context: &$crate::StepContext) -> Option<String> {
                behaviour(step).and_then(|s| s.skipped(context))
            }

            fn gather(
                &self,
                step: &str,
                context: &$crate::StepContext,
                conn: &hyopps_store::Connection,
            ) -> Result<serde_json::Value, $crate::StepError> {
                behaviour(step).map_or(Ok(serde_json::Value::Null), |s| s.gather(context, conn))
            }

            fn run_auto<'a>(
                &'a self,
                step: &'a str,
                context: &'a $crate::StepContext,
                facts: &'a serde_json::Value,
            ) -> $crate::StepFuture<'a> {
                match behaviour(step) {
                    Some(behaviour) => behaviour.run(self, context, facts),
                    None => Box::pin(async move {
                        Err($crate::StepError::Fatal {
                            message: format!("{} has no auto step {step}.", $name),
                        })
                    }),
                }
            }

            fn preview<'a>(
                &'a self,
                step: &'a str,
                context: &'a $crate::StepContext,
                facts: &'a serde_json::Value,
            ) -> $crate::PreviewFuture<'a> {
                match behaviour(step) {
                    Some(behaviour) => behaviour.preview(self, context, facts),
                    None => Box::pin(async { Ok(None) }),
                }
            }

            fn form(
                &self,
                step: &str,
                context: &$crate::StepContext,
                conn: &hyopps_store::Connection,
            ) -> Result<Option<hyopps_contract::StepForm>, hyopps_store::StoreError> {
                behaviour(step).map_or(Ok(None), |s| s.form(context, conn))
            }

            fn apply(
                &self,
                step: &str,
                result: &serde_json::Value,
                context: &$crate::StepContext,
                tx: &hyopps_store::Transaction<'_>,
                now: &str,
            ) -> Result<$crate::Applied, $crate::EngineError> {
                behaviour(step).map_or(Ok($crate::Applied::default()), |s| {
                    s.apply(result, context, tx, now)
                })
            }
        }
    };
}
pub(crate) use define_workflow;

/// A step's typed output as the JSON the engine stores (key names are the fields' names,
/// which stored executions and v0.3 imports hold: never rename one).
pub(crate) fn output<T: Serialize>(value: &T) -> Result<Value, StepError> {
    serde_json::to_value(value).map_err(|e| StepError::Fatal {
        message: format!("The step's result could not be recorded: {e}"),
    })
}

/// What earlier steps recorded, read as `T` from the execution's context.
pub(crate) fn recorded<T: DeserializeOwned>(context: &StepContext) -> Result<T, StepError> {
    serde_json::from_value(Value::Object(context.values.clone())).map_err(|e| StepError::Fatal {
        message: format!(
            "An earlier step did not record what this step needs ({}); complete that step first (or by hand).",
            missing(&e)
        ),
    })
}

/// What `serde_json` found missing or wrong, without the position it adds.
fn missing(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text);
    text.replace("missing field `", "").replace('`', "")
}

/// Text an earlier step must have recorded, and not empty.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct Required(String);

impl TryFrom<String> for Required {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text.is_empty() {
            Err("a value it needs is empty".into())
        } else {
            Ok(Self(text))
        }
    }
}

impl From<Required> for String {
    fn from(required: Required) -> String {
        required.0
    }
}

impl std::ops::Deref for Required {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}
