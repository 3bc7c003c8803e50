//! Workflow executions: start, list, look at, answer forms, and the operator actions.
//! Admins see everything; a partner admin sees and drives only `new_partner_user` executions of
//! their own organisation (from the session), and another organisation's execution is NotFound.

use std::collections::HashMap;

use hyopps_contract::{
    AppRole, CompleteByHandRequest, DashboardSummary, ExecutionDetail, ExecutionListRequest,
    ExecutionStatus, ExecutionSummary, Page, StepKind, StepStatus, StepView, SubmitInputRequest,
    SystemLink, SystemTool, WorkflowInfo, WorkflowStepInfo,
};
use hyopps_engine::Submitter;
use hyopps_store::executions::{self, ListFilter, SummaryRow};
use hyopps_store::organizations;
use serde_json::{json, Value};

use crate::{Access, Actor, App, AppError, SessionToken};

pub(crate) const NEW_PARTNER_USER: &str = "new_partner_user";
pub(crate) const OFFBOARD_PARTNER_USER: &str = "offboard_partner_user";
pub(crate) const MOVE_PARTNER_USER: &str = "move_partner_user";
pub(crate) const OFFBOARD_PARTNER: &str = "offboard_partner";
pub(crate) const RESTORE_ACCESS: &str = "restore_access";
pub(crate) const REMOVE_ACCESS: &str = "remove_access";
/// The workflows a partner admin sees and drives, for their own organisation only.
const PARTNER_WORKFLOWS: [&str; 2] = [NEW_PARTNER_USER, OFFBOARD_PARTNER_USER];
const DEFAULT_PAGE_SIZE: u32 = 25;
const MAX_PAGE_SIZE: u32 = 200;
const MAX_SEARCH_CHARS: usize = 200;
const MAX_NOTE_CHARS: usize = 2_000;
/// How many executions each dashboard panel shows.
const DASHBOARD_PANEL_SIZE: u32 = 10;

impl App {
    /// The workflows this account may start.
    pub async fn list_workflows(
        &self,
        token: &SessionToken,
    ) -> Result<Vec<WorkflowInfo>, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        let rows = self.store.read(executions::workflow_steps).await?;
        let mut workflows: Vec<WorkflowInfo> = Vec::new();
        for row in rows {
            let name = row.workflow;
            if actor.role != AppRole::Admin && !PARTNER_WORKFLOWS.contains(&name.as_str()) {
                continue;
            }
            if workflows.last().map(|w| &w.name) != Some(&name) {
                workflows.push(WorkflowInfo {
                    starts_from_a_person: [
                        OFFBOARD_PARTNER_USER,
                        MOVE_PARTNER_USER,
                        OFFBOARD_PARTNER,
                        RESTORE_ACCESS,
                        REMOVE_ACCESS,
                    ]
                    .contains(&name.as_str()),
                    label: workflow_label(&name),
                    name: name.clone(),
                    description: row.description,
                    steps: Vec::new(),
                });
            }
            if let Some(workflow) = workflows.last_mut() {
                workflow.steps.push(WorkflowStepInfo {
                    order: row.step_order.try_into().unwrap_or(0),
                    name: row.name,
                    label: row.label,
                    kind: step_kind(&row.kind),
                });
            }
        }
        Ok(workflows)
    }

    /// Starts a workflow. A partner admin's `new_partner_user` starts with its first step done
    /// for their own organisation, so it lands on the user's details.
    pub async fn start_execution(
        &self,
        token: &SessionToken,
        workflow: &str,
    ) -> Result<ExecutionDetail, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        let workflow = workflow.trim();
        if workflow.is_empty() {
            return Err(AppError::invalid("workflow", "Choose a workflow to start."));
        }
        if workflow == OFFBOARD_PARTNER_USER {
            return Err(AppError::invalid(
                "workflow",
                "An offboarding starts from the person: open their page and choose Offboard.",
            ));
        }
        if workflow == OFFBOARD_PARTNER {
            return Err(AppError::invalid(
                "workflow",
                "An organisation's offboarding starts from the organisation: open its page and choose Offboard the organisation.",
            ));
        }
        if workflow == MOVE_PARTNER_USER {
            return Err(AppError::invalid(
                "workflow",
                "A move starts from the person: open their page and choose Move to another organisation.",
            ));
        }
        if [RESTORE_ACCESS, REMOVE_ACCESS].contains(&workflow) {
            return Err(AppError::invalid(
                "workflow",
                "A repair starts from the access check: open the person's page, choose Check access, then the repair beside the difference.",
            ));
        }
        if actor.role != AppRole::Admin && workflow != NEW_PARTNER_USER {
            return Err(AppError::Forbidden(
                "Partner administrators can only add users.".into(),
            ));
        }
        // Only a partner admin's execution belongs to their organisation from the start; an
        // admin's gets its organisation from its own steps, whatever organisation the admin is in
        // (else that organisation's partner admins would see and answer it).
        let organization = match actor.role {
            AppRole::PartnerAdmin => actor.organization_id.as_deref(),
            _ => None,
        };
        let id = self
            .engine
            .start(workflow, &actor.user_id, organization)
            .await?;
        if let (AppRole::PartnerAdmin, Some(organization)) = (actor.role, &actor.organization_id) {
            self.engine
                .submit_input(
                    &id,
                    json!({ "organization_id": organization }),
                    &actor.user_id,
                )
                .await?;
        }
        self.detail(&id).await
    }

    pub async fn list_executions(
        &self,
        token: &SessionToken,
        request: ExecutionListRequest,
    ) -> Result<Page<ExecutionSummary>, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        let search = request
            .search
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if search
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_SEARCH_CHARS)
        {
            return Err(AppError::invalid(
                "search",
                format!("Search for at most {MAX_SEARCH_CHARS} characters."),
            ));
        }
        let page_size = match request.page_size {
            0 => DEFAULT_PAGE_SIZE,
            n if n > MAX_PAGE_SIZE => {
                return Err(AppError::invalid(
                    "page_size",
                    format!("Show at most {MAX_PAGE_SIZE} rows a page."),
                ))
            }
            n => n,
        };
        let page = request.page.max(1);
        let mut filter = ListFilter {
            status: request.status.map(|s| s.as_str().to_string()),
            workflow: request.workflow.filter(|w| !w.is_empty()),
            organization_id: request.organization_id.filter(|o| !o.is_empty()),
            search,
            workflows_allowed: None,
        };
        if actor.role != AppRole::Admin {
            // The session decides, whatever the request asked for.
            filter.organization_id = actor.organization_id.clone();
            filter.workflows_allowed = Some(partner_workflows());
        }
        let offset = i64::from(page - 1) * i64::from(page_size);
        let (rows, total) = self
            .store
            .read(move |c| executions::list(c, &filter, page_size, offset))
            .await?;
        Ok(Page {
            items: rows.into_iter().map(summary).collect(),
            total: total.try_into().unwrap_or(0),
            page,
            page_size,
        })
    }

    pub async fn get_execution(
        &self,
        token: &SessionToken,
        execution_id: &str,
    ) -> Result<ExecutionDetail, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        self.visible_execution(&actor, execution_id).await?;
        self.detail(execution_id).await
    }

    /// The form's answers for the step that waits, whichever it is (see [`App::submit_input`]).
    pub async fn submit_step_input(
        &self,
        token: &SessionToken,
        execution_id: &str,
        input: Value,
    ) -> Result<ExecutionDetail, AppError> {
        let request = SubmitInputRequest {
            execution_id: execution_id.to_owned(),
            input,
            step_order: None,
        };
        self.submit_input(token, request).await
    }

    /// The form's answers for the step the request names: of two people answering the same
    /// step, the second is told who was first.
    pub async fn submit_input(
        &self,
        token: &SessionToken,
        request: SubmitInputRequest,
    ) -> Result<ExecutionDetail, AppError> {
        let SubmitInputRequest {
            execution_id,
            input,
            step_order,
        } = request;
        let execution_id = execution_id.as_str();
        let actor = self.authorize(token, Access::SignedIn).await?;
        self.visible_execution(&actor, execution_id).await?;
        if !input.is_object() {
            return Err(AppError::invalid(
                "input",
                "The form's answers must be an object of field values.",
            ));
        }
        if input.to_string().len() > 64 * 1024 {
            return Err(AppError::invalid(
                "input",
                "The form's answers are too large (over 64 kB).",
            ));
        }
        // The session's role, not the request, says whose door this is.
        let submitter = match actor.role {
            AppRole::Admin => Submitter::Operator,
            AppRole::PartnerAdmin | AppRole::User => Submitter::PartnerAdmin,
        };
        self.engine
            .submit_input_as(execution_id, input, &actor.user_id, submitter, step_order)
            .await?;
        self.detail(execution_id).await
    }

    pub async fn retry_step(
        &self,
        token: &SessionToken,
        execution_id: &str,
    ) -> Result<ExecutionDetail, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        self.visible_execution(&actor, execution_id).await?;
        self.engine.retry(execution_id, &actor.user_id).await?;
        self.detail(execution_id).await
    }

    pub async fn complete_step_by_hand(
        &self,
        token: &SessionToken,
        request: CompleteByHandRequest,
    ) -> Result<ExecutionDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let execution = self
            .visible_execution(&actor, &request.execution_id)
            .await?;
        let note = request.note.trim();
        if note.is_empty() {
            return Err(AppError::invalid(
                "note",
                "Say what you did, for the record.",
            ));
        }
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(AppError::invalid(
                "note",
                format!("Use at most {MAX_NOTE_CHARS} characters."),
            ));
        }
        let failed = self
            .detail(&request.execution_id)
            .await?
            .steps
            .into_iter()
            .find(|s| s.status == StepStatus::Failed);
        let Some(failed) = failed else {
            let refusal = self
                .engine
                .no_failed_step(&request.execution_id, request.step_order, &actor.user_id)
                .await;
            return Err(refusal.into());
        };
        // The id is checked as the kind the step produces (a Metabase id is a number).
        let output = match self
            .engine
            .hand_completion(&execution.workflow_name, &failed.name)
        {
            Some(hand) => hand
                .output(&request.external_id)
                .map_err(|message| AppError::invalid("external_id", message))?,
            None => json!({}),
        };
        self.engine
            .complete_by_hand(
                &request.execution_id,
                output,
                note,
                &actor.user_id,
                request.step_order,
            )
            .await?;
        self.detail(&request.execution_id).await
    }

    pub async fn cancel_execution(
        &self,
        token: &SessionToken,
        execution_id: &str,
    ) -> Result<ExecutionDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        self.visible_execution(&actor, execution_id).await?;
        self.engine.cancel(execution_id, &actor.user_id).await?;
        self.detail(execution_id).await
    }

    pub async fn dashboard_summary(
        &self,
        token: &SessionToken,
    ) -> Result<DashboardSummary, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        let scope = (actor.role != AppRole::Admin)
            .then(|| actor.organization_id.clone())
            .flatten();
        // A partner admin's panels show what they may open: their organisation's people added
        // and offboarded.
        let allowed = (actor.role != AppRole::Admin).then(partner_workflows);
        let panel = |status: &str| ListFilter {
            status: Some(status.to_string()),
            organization_id: scope.clone(),
            workflows_allowed: allowed.clone(),
            ..ListFilter::default()
        };
        let filters = [panel("awaiting_input"), panel("failed"), panel("completed")];
        let mut panels = self
            .store
            .read(move |c| {
                filters
                    .iter()
                    .map(|f| executions::list(c, f, DASHBOARD_PANEL_SIZE, 0).map(|(rows, _)| rows))
                    .collect::<Result<Vec<_>, _>>()
            })
            .await?
            .into_iter()
            .map(|rows| rows.into_iter().map(summary).collect::<Vec<_>>());
        let access_check = match actor.role {
            AppRole::Admin => self.last_access_check().await?,
            _ => None,
        };
        Ok(DashboardSummary {
            awaiting_input: panels.next().unwrap_or_default(),
            failed: panels.next().unwrap_or_default(),
            recently_completed: panels.next().unwrap_or_default(),
            access_check,
        })
    }

    /// The execution, if this account may see it; NotFound otherwise, so a partner admin cannot
    /// tell another organisation's executions exist.
    pub(crate) async fn visible_execution(
        &self,
        actor: &Actor,
        execution_id: &str,
    ) -> Result<executions::ExecutionRow, AppError> {
        let not_found = || AppError::NotFound("No execution has this id.".into());
        if execution_id.trim().is_empty() || execution_id.len() > 64 {
            return Err(not_found());
        }
        let id = execution_id.to_string();
        let row = self
            .store
            .read(move |c| executions::get(c, &id))
            .await?
            .ok_or_else(not_found)?;
        let visible = actor.role == AppRole::Admin
            || (PARTNER_WORKFLOWS.contains(&row.workflow_name.as_str())
                && row.organization_id.is_some()
                && row.organization_id == actor.organization_id);
        if visible {
            Ok(row)
        } else {
            Err(not_found())
        }
    }

    async fn detail(&self, execution_id: &str) -> Result<ExecutionDetail, AppError> {
        let id = execution_id.to_string();
        let (summary_row, steps, descriptions, names, children, parent_id, groups) = self
            .store
            .read(move |c| {
                let summary = executions::summary(c, &id)?;
                let groups = match summary.as_ref().and_then(|s| s.organization_id.as_deref()) {
                    Some(organization) => organizations::system_groups(c, organization)?,
                    None => Vec::new(),
                };
                let children = executions::children(c, &id)?;
                let parent_id = executions::parent_of(c, &id)?;
                let steps = executions::steps(c, &id)?;
                let descriptions = executions::step_descriptions(c, &id)?;
                let people: Vec<String> = steps
                    .iter()
                    .filter_map(|s| s.completed_by.clone())
                    .collect();
                let names = executions::user_names(c, &people)?;
                Ok::<_, AppError>((
                    summary,
                    steps,
                    descriptions,
                    names,
                    children,
                    parent_id,
                    groups,
                ))
            })
            .await?;
        let summary_row =
            summary_row.ok_or_else(|| AppError::NotFound("No execution has this id.".into()))?;
        let workflow = summary_row.workflow_name.clone();
        let descriptions: HashMap<i64, String> = descriptions.into_iter().collect();
        let names: HashMap<String, String> = names.into_iter().collect();
        let steps = steps
            .into_iter()
            .map(|s| StepView {
                order: s.step_order.try_into().unwrap_or(0),
                hand_completion_label: (s.status == "failed")
                    .then(|| {
                        self.engine
                            .hand_completion(&workflow, &s.name)
                            .map(|hand| hand.label.to_string())
                    })
                    .flatten(),
                label: s.label,
                description: descriptions.get(&s.step_order).cloned().unwrap_or_default(),
                kind: step_kind(&s.kind),
                status: StepStatus::parse(&s.status).unwrap_or(StepStatus::Failed),
                manual_input: s.manual_input,
                output: s.output,
                error: s.error,
                completed_by_name: s
                    .completed_by
                    .map(|id| names.get(&id).cloned().unwrap_or(id)),
                started_at: s.started_at,
                completed_at: s.completed_at,
                attempts: s.attempts.try_into().unwrap_or(0),
                next_attempt_at: s.next_attempt_at,
                name: s.name,
            })
            .collect();
        let form = self.engine.awaiting_form(execution_id).await?;
        let links = self.links.current();
        let system_links = SystemTool::ALL
            .into_iter()
            .filter_map(|tool| {
                let (_, group) = groups.iter().find(|(t, _)| t == tool.as_str())?;
                let id = group.external_id.as_deref()?;
                let name = group.external_name.as_deref();
                Some(SystemLink {
                    url: links.group(tool, id, name)?,
                    name: name.unwrap_or(id).to_string(),
                    tool,
                })
            })
            .collect();
        Ok(ExecutionDetail {
            summary: summary(summary_row),
            steps,
            form,
            children: children.into_iter().map(summary).collect(),
            parent_id,
            system_links,
        })
    }
}

pub(crate) fn summary(row: SummaryRow) -> ExecutionSummary {
    ExecutionSummary {
        workflow_label: workflow_label(&row.workflow_name),
        id: row.id,
        workflow: row.workflow_name,
        // An unknown stored status (a hand-edited database) shows as failed, the state that asks for attention.
        status: ExecutionStatus::parse(&row.status).unwrap_or(ExecutionStatus::Failed),
        organization_id: row.organization_id,
        organization_name: row.organization_name,
        user_id: row.user_id,
        user_name: row.user_name.filter(|n| !n.is_empty()),
        current_step_order: row.current_step_order.try_into().unwrap_or(0),
        current_step_label: row.current_step_label,
        step_count: row.step_count.try_into().unwrap_or(0),
        requested_by_name: row.requested_by_name,
        created_at: row.created_at,
        updated_at: row.updated_at,
        completed_at: row.completed_at,
        error: row.error,
    }
}

fn partner_workflows() -> Vec<String> {
    PARTNER_WORKFLOWS.map(String::from).to_vec()
}

pub(crate) fn workflow_label(name: &str) -> String {
    match name {
        "new_partner" => "New partner".into(),
        NEW_PARTNER_USER => "New partner user".into(),
        OFFBOARD_PARTNER_USER => "Offboard a partner user".into(),
        MOVE_PARTNER_USER => "Move a person to another organisation".into(),
        OFFBOARD_PARTNER => "Offboard a partner organisation".into(),
        RESTORE_ACCESS => "Give access back".into(),
        REMOVE_ACCESS => "Take unexpected access away".into(),
        other => other.replace('_', " "),
    }
}

fn step_kind(stored: &str) -> StepKind {
    if stored == "auto" {
        StepKind::Auto
    } else {
        StepKind::Manual
    }
}
