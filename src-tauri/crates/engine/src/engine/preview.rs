//! Previews: what each step left of a workflow would do, read from the store and the live
//! systems without writing anything to either. A step that is skipped for an organisation
//! says so by the same rule `advance` applies; a manual step says who completes it; an auto
//! step asks its workflow ([`crate::Workflow::preview`]) after gathering its facts as it would
//! before running.

use std::sync::Arc;

use hyopps_contract::{PreviewOutcome, StepPreview};
use hyopps_store::executions;
use serde_json::Value;

use super::{not_used, Engine};
use crate::{CompletedBy, EngineError, Preview, StepContext, StepError, StepKind, Workflow};

/// The starting point of a preview: the context the steps see and the first step to show.
struct Plan {
    context: StepContext,
    from_order: u32,
}

impl Engine {
    /// The steps `execution_id` has left. `draft` is the waiting step's form as filled in so
    /// far: refused with its field errors like a submission would be, else used as if
    /// submitted (the waiting step is then not shown). Nothing is written.
    pub async fn preview(
        &self,
        execution_id: &str,
        draft: Option<Value>,
    ) -> Result<Vec<StepPreview>, EngineError> {
        let execution = self.execution(execution_id).await?;
        if ["completed", "cancelled"].contains(&execution.status.as_str()) {
            return Err(EngineError::Conflict(
                "This execution has ended: no step is left to preview.".into(),
            ));
        }
        let workflow = self.workflow(&execution.workflow_name)?;
        let steps = self.steps(execution_id).await?;
        let Some(next) = steps
            .iter()
            .find(|s| !["completed", "skipped"].contains(&s.status.as_str()))
        else {
            return Ok(Vec::new());
        };
        let context = self.context(&execution).await?;
        let from_order = u32::try_from(next.step_order).unwrap_or(1);
        let plan = match draft {
            Some(draft) if next.status == "awaiting_input" => {
                self.as_if_submitted(&workflow, &next.name, draft, context, from_order)
                    .await?
            }
            _ => Plan {
                context,
                from_order,
            },
        };
        self.preview_plan(workflow, plan).await
    }

    /// Every step of `workflow` for an execution not started yet, about `subject`, as
    /// `requested_by` would start it. `first_step_input` completes the first step as starting
    /// would (an admin's own approval): it is then not shown.
    pub async fn preview_start(
        &self,
        workflow: &str,
        subject: executions::Subject<'_>,
        requested_by: &str,
        first_step_input: Option<Value>,
    ) -> Result<Vec<StepPreview>, EngineError> {
        let workflow = self.workflow(workflow)?;
        let context = StepContext {
            execution_id: String::new(),
            organization_id: subject.organization_id.map(str::to_string),
            user_id: subject.user_id.map(str::to_string),
            requested_by: Some(requested_by.to_string()),
            values: serde_json::Map::new(),
        };
        let plan = match (first_step_input, workflow.definition().steps.first()) {
            (Some(input), Some(first)) => {
                self.as_if_submitted(&workflow, first.name, input, context, 1)
                    .await?
            }
            _ => Plan {
                context,
                from_order: 1,
            },
        };
        self.preview_plan(workflow, plan).await
    }

    /// `draft` checked as the form of step `step` (at `order`) and merged into the context as
    /// that step's completion would; the preview then starts after it.
    async fn as_if_submitted(
        &self,
        workflow: &Arc<dyn Workflow>,
        step: &str,
        draft: Value,
        mut context: StepContext,
        order: u32,
    ) -> Result<Plan, EngineError> {
        let accepted = {
            let (workflow, step, context) =
                (Arc::clone(workflow), step.to_string(), context.clone());
            self.inner
                .store
                .read(move |conn| {
                    Ok::<_, EngineError>(workflow.validate_input(&step, &draft, &context, conn))
                })
                .await?
                .map_err(EngineError::Invalid)?
        };
        if let Value::Object(values) = accepted {
            // The organisation a form chose (`new_partner_user`'s first step) is what the
            // execution would then be about.
            if context.organization_id.is_none() {
                context.organization_id = values
                    .get("organization_id")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            context.values.extend(values);
        }
        Ok(Plan {
            context,
            from_order: order + 1,
        })
    }

    async fn preview_plan(
        &self,
        workflow: Arc<dyn Workflow>,
        plan: Plan,
    ) -> Result<Vec<StepPreview>, EngineError> {
        let definition = workflow.definition();
        let mut previews = Vec::new();
        // The first form still to be answered: the steps after it may need its answers.
        let mut unanswered: Option<(u32, &str)> = None;
        for (step, order) in definition.steps.iter().zip(1u32..) {
            if order < plan.from_order {
                continue;
            }
            let mut preview = self
                .preview_step(&workflow, step.name, &plan.context)
                .await?;
            match (preview.outcome, unanswered) {
                (PreviewOutcome::WaitsForAPerson, None) if step.kind == StepKind::Manual => {
                    unanswered = Some((order, step.label));
                }
                // What stops a step may be what the form before it will answer.
                (PreviewOutcome::WillStop, Some((form, label))) => {
                    preview = outcome(
                        PreviewOutcome::CannotTell,
                        format!(
                            "Depends on the answers to step {form} ({label}): {}",
                            preview.says
                        ),
                    );
                }
                _ => {}
            }
            previews.push(StepPreview {
                order,
                label: step.label.to_string(),
                outcome: preview.outcome,
                says: preview.says,
            });
        }
        Ok(previews)
    }

    async fn preview_step(
        &self,
        workflow: &Arc<dyn Workflow>,
        name: &'static str,
        context: &StepContext,
    ) -> Result<Preview, EngineError> {
        let definition = workflow.definition();
        let Some(step) = definition.step(name) else {
            return Err(EngineError::NotFound(format!("No step is named {name}.")));
        };
        let (read_workflow, read_context) = (Arc::clone(workflow), context.clone());
        let (skipped, facts) = self
            .inner
            .store
            .read(move |conn| {
                let organization = read_context.organization_id.as_deref();
                let skipped = not_used(conn, read_workflow.definition(), name, organization)?;
                let facts = match (&skipped, step.kind) {
                    (None, StepKind::Auto) => Some(read_workflow.gather(name, &read_context, conn)),
                    _ => None,
                };
                Ok::<_, EngineError>((skipped, facts))
            })
            .await?;
        if let Some(reason) = skipped {
            return Ok(outcome(PreviewOutcome::Skipped, reason));
        }
        if step.kind == StepKind::Manual {
            let who = match step.completed_by {
                CompletedBy::OperatorsOnly => "the operations team",
                CompletedBy::AnyAdmin => "an administrator",
            };
            return Ok(outcome(
                PreviewOutcome::WaitsForAPerson,
                format!("Waits for {who}: {}", step.description),
            ));
        }
        let facts = match facts {
            Some(Ok(facts)) => facts,
            Some(Err(error)) => return Ok(cannot_tell(&error)),
            None => Value::Null,
        };
        let preview = workflow.preview(name, context, &facts).await;
        Ok(match preview {
            Ok(Some(preview)) => preview,
            Ok(None) => outcome(PreviewOutcome::Planned, step.description.to_string()),
            Err(error) => cannot_tell(&error),
        })
    }
}

fn outcome(outcome: PreviewOutcome, says: String) -> Preview {
    Preview { outcome, says }
}

/// What a step's error while looking ahead means for the run: a task for a person says what
/// they will do; what stops a run (a system not configured, a group missing on record) will
/// stop it; a system that could not be read now says why.
fn cannot_tell(error: &StepError) -> Preview {
    match error {
        StepError::ManualTask { message } => {
            outcome(PreviewOutcome::WaitsForAPerson, message.clone())
        }
        StepError::Fatal { message } => outcome(PreviewOutcome::WillStop, message.clone()),
        StepError::Retryable { message, .. } => outcome(
            PreviewOutcome::CannotTell,
            format!("Could not look now: {message}"),
        ),
    }
}
