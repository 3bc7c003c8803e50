//! The JSON of HyOpps v0.3's REST API: its rows under v0.3's column names
//! (`workflow_executions`, `workflow_step_executions`, `users`, `organizations`,
//! `studio_companies`), built from the answers of the same use cases the `/api/v1` commands
//! call. Only the names and the nesting differ; every value comes from the core.

use hyopps_contract::{
    CurrentUser, ExecutionDetail, ExecutionSummary, OrganizationView, PartnerOverview, PersonView,
    SessionInfo, StepView,
};
use serde::Deserialize;
use serde_json::{json, Value};

/// `POST /api/auth/login`.
#[derive(Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// `POST /api/executions`: v0.3 scripts named the workflow (`workflow_definitions.name`).
/// Other fields a v0.3 script sent (an `organization_id`, say) are ignored: a partner admin's
/// organisation comes from the session, an admin picks it in the first step.
#[derive(Deserialize)]
pub struct StartRequest {
    pub workflow_name: String,
}

/// `GET /api/executions`'s query: v0.3's filters.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub status: Option<String>,
    pub workflow_name: Option<String>,
    pub organization_id: Option<String>,
}

/// The answer to a login: the token and the signed-in user as v0.3's `users` row.
pub fn login(token: &str, session: &SessionInfo) -> Value {
    json!({
        "token": token,
        "token_type": "bearer",
        "user": user(&session.user),
        "must_change_password": session.must_change_password,
    })
}

fn user(user: &CurrentUser) -> Value {
    json!({
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "app_role": user.app_role,
        "organization_id": user.organization_id,
        "organization_name": user.organization_name,
    })
}

/// A `workflow_executions` row.
pub fn execution(summary: &ExecutionSummary) -> Value {
    json!({
        "id": summary.id,
        "workflow_name": summary.workflow,
        "workflow_label": summary.workflow_label,
        "organization_id": summary.organization_id,
        "organization_name": summary.organization_name,
        "user_id": summary.user_id,
        "user_name": summary.user_name,
        "requested_by_name": summary.requested_by_name,
        "status": summary.status,
        "current_step_order": summary.current_step_order,
        "created_at": summary.created_at,
        "completed_at": summary.completed_at,
        "error": summary.error,
    })
}

/// A `workflow_executions` row with its `steps`.
pub fn execution_detail(detail: &ExecutionDetail) -> Value {
    let mut row = execution(&detail.summary);
    row["steps"] = detail.steps.iter().map(step).collect();
    row
}

/// The id of a step in the paths `/api/executions/{id}/steps/{step_id}/…`: its order in the
/// execution, as text (v0.3 had a row id per step execution; HyOpps names a step by its place).
pub fn step_id(step: &StepView) -> String {
    step.order.to_string()
}

/// A `workflow_step_executions` row.
fn step(step: &StepView) -> Value {
    json!({
        "id": step_id(step),
        "step_order": step.order,
        "name": step.name,
        "label": step.label,
        "type": step.kind,
        "status": step.status,
        "manual_input": step.manual_input,
        "output": step.output,
        "error": step.error,
        "completed_by_name": step.completed_by_name,
        "started_at": step.started_at,
        "completed_at": step.completed_at,
    })
}

/// `GET /api/partner/organization`: the `organizations` row with its `studio_companies`.
pub fn organization(organization: &OrganizationView) -> Value {
    let companies: Vec<Value> = organization
        .studio_companies
        .iter()
        .map(|company| {
            json!({
                "studio_id": company.studio_id,
                "name": company.name,
                "environment": company.environment,
            })
        })
        .collect();
    json!({
        "id": organization.id,
        "name": organization.name,
        "account_types": organization.account_types,
        "studio_companies": companies,
    })
}

/// `GET /api/partner/users`: the organisation's `users` rows.
pub fn partner_users(overview: &PartnerOverview) -> Value {
    overview
        .users
        .iter()
        .map(|person| partner_user(person, &overview.organization.id))
        .collect()
}

fn partner_user(person: &PersonView, organization_id: &str) -> Value {
    json!({
        "id": person.id,
        "email": person.email,
        "display_name": person.display_name,
        "app_role": person.app_role,
        "organization_id": organization_id,
        "access": person.access,
        "created_at": person.created_at,
    })
}
