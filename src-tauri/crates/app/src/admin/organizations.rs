//! Organisations in the admin console: the list, the detail, name and account types, system
//! groups, documentation links, and deleting one (with the preview that confirms it).

use hyopps_contract::{
    AccountType, AppRole, DetachedUser, DocumentationLinks, IntegrationState, OrganizationDeletion,
    OrganizationDetail, OrganizationListRequest, OrganizationRow, OrganizationSort, Page,
    PersonView, SetDocumentationRequest, SetSystemGroupRequest, SortDirection, StudioCompany,
    StudioEnvironment, SystemGroupView, SystemTool, UpdateOrganizationRequest,
};
use hyopps_store::{executions, organizations, users};
use serde_json::{json, Value};

use super::validate::{Check, MAX_NAME_CHARS};
use super::{changes, count, display_name, optional_filter, paging, record, subject_id};
use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};

pub(super) const NO_ORGANIZATION: &str =
    "No organisation has this id; it may have been deleted. Reload the list.";
/// People listed in the detail; the Users screen filtered by the organisation has them all.
const DETAIL_USERS: u32 = 200;
const DETAIL_EXECUTIONS: u32 = 20;
/// People named in the deletion preview; it counts them all.
const DELETION_USERS_LISTED: u32 = 100;
const MAX_SEARCH_CHARS: usize = 200;

impl App {
    /// One page of organisations with their user counts and integration state; `search`
    /// matches any part of the name, in any case.
    pub async fn list_organizations(
        &self,
        token: &SessionToken,
        request: OrganizationListRequest,
    ) -> Result<Page<OrganizationRow>, AppError> {
        self.authorize(token, Access::Admin).await?;
        let search = optional_filter("search", request.search.as_deref(), MAX_SEARCH_CHARS)?;
        let paging = paging(request.page, request.page_size, super::DEFAULT_PAGE_SIZE)?;
        let query = organizations::OrganizationQuery {
            search,
            offboarded: request.offboarded,
            order: match request.sort {
                OrganizationSort::Name => organizations::OrganizationOrder::Name,
                OrganizationSort::CreatedAt => organizations::OrganizationOrder::CreatedAt,
            },
            descending: request.direction == SortDirection::Desc,
            limit: paging.page_size,
            offset: paging.offset,
        };
        let (rows, total) = self
            .store
            .read(move |c| organizations::list(c, &query))
            .await?;
        Ok(Page {
            items: rows.into_iter().map(organization_row).collect(),
            total: count(total),
            page: paging.page,
            page_size: paging.page_size,
        })
    }

    /// An organisation with its Studio companies, groups per tool, integration state,
    /// documentation links, people and latest executions.
    pub async fn get_organization(
        &self,
        token: &SessionToken,
        organization_id: &str,
    ) -> Result<OrganizationDetail, AppError> {
        self.authorize(token, Access::Admin).await?;
        self.organization_detail(subject_id(organization_id, NO_ORGANIZATION)?)
            .await
    }

    /// Renames the organisation (unique in any case) and sets its account types (at least one).
    pub async fn update_organization(
        &self,
        token: &SessionToken,
        request: UpdateOrganizationRequest,
    ) -> Result<OrganizationDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(&request.organization_id, NO_ORGANIZATION)?;
        let mut check = Check::new();
        let name = check.line(
            "name",
            &request.name,
            Some("Enter the organisation's name."),
            MAX_NAME_CHARS,
        );
        let types: Vec<String> = AccountType::ALL
            .into_iter()
            .filter(|t| request.account_types.contains(t))
            .map(|t| t.as_str().to_string())
            .collect();
        if types.is_empty() {
            check.fail(
                "account_types",
                "Choose at least one account type: partner, client or internal.",
            );
        }
        check.finish()?;

        let (org, at) = (id.clone(), stamp(self.clock.now()));
        self.store
            .write(move |tx| {
                let current = organizations::record(tx, &org)?
                    .ok_or_else(|| AppError::NotFound(NO_ORGANIZATION.into()))?;
                refuse_if_offboarded(tx, &org)?;
                if let Some((_, other)) = organizations::name_owner(tx, &name, Some(&org))? {
                    return Err(AppError::Conflict(format!(
                        "Another organisation is already called {other}. Choose a different name."
                    )));
                }
                let before =
                    json!({ "name": current.name, "account_types": current.account_types });
                let after = json!({ "name": name, "account_types": types });
                let Some(summary) = changes(&before, &after) else {
                    return Ok(());
                };
                organizations::update(tx, &org, &name, &types)?;
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "organization_updated",
                    ("organization", &org),
                    summary,
                )
            })
            .await?;
        self.organization_detail(id).await
    }

    /// Records the organisation's group in one tool, or removes it when both fields are empty.
    /// The workflows use the external id (a Metabase group id is a number).
    pub async fn set_system_group(
        &self,
        token: &SessionToken,
        request: SetSystemGroupRequest,
    ) -> Result<OrganizationDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(&request.organization_id, NO_ORGANIZATION)?;
        let tool = request.tool;
        let mut check = Check::new();
        let external_id = check.line("external_id", &request.external_id, None, MAX_NAME_CHARS);
        let external_name = check.line(
            "external_name",
            &request.external_name,
            None,
            MAX_NAME_CHARS,
        );
        if external_id.is_empty() && !external_name.is_empty() {
            check.fail(
                "external_id",
                format!(
                    "Enter the {} {} id, or clear both fields to remove the {}.",
                    tool.label(),
                    tool.group_noun(),
                    tool.group_noun()
                ),
            );
        }
        if tool == SystemTool::Metabase
            && !external_id.is_empty()
            && !external_id.parse::<u64>().is_ok_and(|n| n > 0)
        {
            check.fail("external_id", "A Metabase group id is a number, e.g. 12.");
        }
        check.finish()?;

        let (org, at) = (id.clone(), stamp(self.clock.now()));
        self.store
            .write(move |tx| {
                if organizations::name(tx, &org)?.is_none() {
                    return Err(AppError::NotFound(NO_ORGANIZATION.into()));
                }
                refuse_if_offboarded(tx, &org)?;
                let current = organizations::system_group(tx, &org, tool.as_str())?;
                let before = current.as_ref().map(
                    |g| json!({ "external_id": g.external_id, "external_name": g.external_name }),
                );
                let name = (!external_name.is_empty()).then_some(external_name.as_str());
                let (action, after) = if external_id.is_empty() {
                    if current.is_none() {
                        return Ok(());
                    }
                    organizations::remove_system_group(tx, &org, tool.as_str())?;
                    ("system_group_removed", Value::Null)
                } else {
                    let after = json!({ "external_id": external_id, "external_name": name });
                    if before.as_ref() == Some(&after) {
                        return Ok(());
                    }
                    organizations::record_system_group(
                        tx,
                        &org,
                        tool.as_str(),
                        &external_id,
                        name,
                        &at,
                    )?;
                    ("system_group_set", after)
                };
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    action,
                    ("organization", &org),
                    json!({ "tool": tool.as_str(), "before": before, "after": after }),
                )
            })
            .await?;
        self.organization_detail(id).await
    }

    /// Sets the three documentation links; each is empty (unset) or an http/https URL of at
    /// most 2,000 characters.
    pub async fn set_documentation_links(
        &self,
        token: &SessionToken,
        request: SetDocumentationRequest,
    ) -> Result<OrganizationDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(&request.organization_id, NO_ORGANIZATION)?;
        let mut check = Check::new();
        let links = organizations::Documentation {
            internal_docu: check.url("internal_docu", &request.internal_docu),
            generique_docu: check.url("generique_docu", &request.generique_docu),
            add_docu: check.url("add_docu", &request.add_docu),
        };
        check.finish()?;

        let (org, at) = (id.clone(), stamp(self.clock.now()));
        self.store
            .write(move |tx| {
                if organizations::name(tx, &org)?.is_none() {
                    return Err(AppError::NotFound(NO_ORGANIZATION.into()));
                }
                refuse_if_offboarded(tx, &org)?;
                let current = organizations::documentation(tx, &org)?;
                let Some(summary) =
                    changes(&documentation_json(&current), &documentation_json(&links))
                else {
                    return Ok(());
                };
                organizations::set_documentation(tx, &org, &links, &at)?;
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "documentation_updated",
                    ("organization", &org),
                    summary,
                )
            })
            .await?;
        self.organization_detail(id).await
    }

    /// What deleting the organisation would do (see [`OrganizationDeletion`]), for the
    /// confirmation; `blocked_by` says when it would be refused.
    pub async fn preview_organization_deletion(
        &self,
        token: &SessionToken,
        organization_id: &str,
    ) -> Result<OrganizationDeletion, AppError> {
        self.authorize(token, Access::Admin).await?;
        let id = subject_id(organization_id, NO_ORGANIZATION)?;
        let org = id.clone();
        let impact = self
            .store
            .read(move |c| organizations::deletion_impact(c, &org, DELETION_USERS_LISTED))
            .await?
            .ok_or_else(|| AppError::NotFound(NO_ORGANIZATION.into()))?;
        let blocked_by = blocked_by(&impact);
        Ok(deletion_report(id, impact, blocked_by))
    }

    /// Deletes the organisation in one transaction, as [`OrganizationDeletion`] describes;
    /// refused (Conflict) while any of its executions is unfinished. Answers what was done.
    pub async fn delete_organization(
        &self,
        token: &SessionToken,
        organization_id: &str,
    ) -> Result<OrganizationDeletion, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(organization_id, NO_ORGANIZATION)?;
        let (org, at) = (id.clone(), stamp(self.clock.now()));
        let impact = self
            .store
            .write(move |tx| {
                let impact = organizations::deletion_impact(tx, &org, DELETION_USERS_LISTED)?
                    .ok_or_else(|| AppError::NotFound(NO_ORGANIZATION.into()))?;
                if let Some(reason) = blocked_by(&impact) {
                    return Err(AppError::Conflict(reason));
                }
                let record_before = organizations::record(tx, &org)?;
                let groups = organizations::system_groups(tx, &org)?;
                organizations::delete(tx, &org, &at)?;
                let summary = json!({
                    "before": {
                        "name": impact.name,
                        "account_types": record_before.map(|r| r.account_types),
                    },
                    "after": null,
                    "users_detached": impact.member_count,
                    "partner_admins_demoted": impact.partner_admin_ids.len(),
                    "executions_detached": impact.execution_count,
                    "studio_companies_deleted": impact.studio_companies.iter().map(|c| json!({
                        "id": c.id, "studio_id": c.studio_id, "name": c.name, "environment": c.environment,
                    })).collect::<Vec<_>>(),
                    "studio_access_deleted": impact.studio_access_count,
                    "system_groups_deleted": groups.iter().map(|(tool, g)| json!({
                        "tool": tool, "external_id": g.external_id, "external_name": g.external_name,
                    })).collect::<Vec<_>>(),
                    "integrations_deleted": impact.has_integrations,
                    "documentation_deleted": impact.has_documentation,
                });
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "organization_deleted",
                    ("organization", &org),
                    summary,
                )?;
                // A role change is an access change: each demoted partner admin gets their own
                // entry, so the user's history shows it.
                for user_id in &impact.partner_admin_ids {
                    record(
                        tx,
                        &at,
                        &actor.user_id,
                        "user_updated",
                        ("user", user_id),
                        json!({
                            "before": { "app_role": "partner_admin", "organization_id": org },
                            "after": { "app_role": "user", "organization_id": null },
                            "reason": "organization_deleted",
                        }),
                    )?;
                }
                Ok(impact)
            })
            .await?;
        tracing::info!(organization_id = %id, "organisation deleted");
        Ok(deletion_report(id, impact, None))
    }

    /// The detail as stored now (after a change commits, or for a look).
    pub(super) async fn organization_detail(
        &self,
        id: String,
    ) -> Result<OrganizationDetail, AppError> {
        let links = self.links.current();
        self.store
            .read(move |c| {
                let record = organizations::record(c, &id)?
                    .ok_or_else(|| AppError::NotFound(NO_ORGANIZATION.into()))?;
                let groups = organizations::system_groups(c, &id)?;
                let (members, user_total) = users::members(c, &id, DETAIL_USERS)?;
                let recent = executions::ListFilter {
                    organization_id: Some(id.clone()),
                    ..Default::default()
                };
                let (runs, execution_total) = executions::list(c, &recent, DETAIL_EXECUTIONS, 0)?;
                Ok(OrganizationDetail {
                    studio_companies: organizations::studio_company_records(c, &id)?
                        .into_iter()
                        .map(studio_company)
                        .collect(),
                    system_groups: SystemTool::ALL
                        .into_iter()
                        .map(|tool| {
                            let group = groups
                                .iter()
                                .find(|(t, _)| t == tool.as_str())
                                .map(|(_, g)| g.clone());
                            let external_id = group.as_ref().and_then(|g| g.external_id.clone());
                            let external_name = group.and_then(|g| g.external_name);
                            SystemGroupView {
                                link: external_id
                                    .as_deref()
                                    .and_then(|id| links.group(tool, id, external_name.as_deref())),
                                tool,
                                external_id,
                                external_name,
                            }
                        })
                        .collect(),
                    integration: integration_state(organizations::integration_state(c, &id)?),
                    documentation: documentation_links(organizations::documentation(c, &id)?),
                    users: members.into_iter().map(person_view).collect(),
                    user_total: count(user_total),
                    executions: runs.into_iter().map(crate::executions::summary).collect(),
                    execution_total: count(execution_total),
                    systems_used: super::organization_systems::systems_used(
                        &organizations::unused_systems(c, &id)?,
                    ),
                    offboarded_at: organizations::offboarded_at(c, &id)?,
                    account_types: account_types(&record.account_types),
                    id: record.id,
                    name: record.name,
                    created_at: record.created_at,
                })
            })
            .await
    }
}

/// An offboarded organisation is kept as it was, for its history: a change to it is refused.
pub(crate) fn refuse_if_offboarded(
    conn: &hyopps_store::Connection,
    organization_id: &str,
) -> Result<(), AppError> {
    let Some(at) = organizations::offboarded_at(conn, organization_id)? else {
        return Ok(());
    };
    let name = organizations::name(conn, organization_id)?.unwrap_or_default();
    Err(AppError::Conflict(format!(
        "{name} was offboarded on {}: it is kept as it was then, for its history.",
        at.get(..10).unwrap_or(&at)
    )))
}

/// Why the organisation cannot be deleted now, if it cannot.
fn blocked_by(impact: &organizations::DeletionImpact) -> Option<String> {
    if impact.executions_in_progress > 0 {
        return Some(format!(
            "{} has {} unfinished execution(s) (pending, running, waiting for input or failed). \
             Cancel them on the Executions screen, or let them complete, then delete the organisation.",
            impact.name, impact.executions_in_progress
        ));
    }
    let given = access_given(impact);
    (!given.is_empty()).then(|| {
        format!(
            "{} was given access ({}). Deleting it would leave that access in the systems with no record of it: offboard the organisation instead (on its page), which takes the access back and keeps it, read-only, with its history. Only an organisation that never had access can be deleted.",
            impact.name,
            given.join("; ")
        )
    })
}

/// What HyOpps gave the organisation, in the operator's words.
fn access_given(impact: &organizations::DeletionImpact) -> Vec<String> {
    let mut given = Vec::new();
    match impact.people_given_access {
        0 => {}
        1 => given.push("1 of its people has had access".to_string()),
        n => given.push(format!("{n} of its people have had access")),
    }
    if !impact.systems_with_groups.is_empty() {
        let systems: Vec<&str> = impact
            .systems_with_groups
            .iter()
            .map(|tool| match SystemTool::parse(tool) {
                Some(system) => system.label(),
                None => tool.as_str(),
            })
            .collect();
        given.push(format!("groups in {}", systems.join(", ")));
    }
    if impact.has_metabase_collection {
        given.push("a Metabase collection".to_string());
    }
    given
}

fn deletion_report(
    id: String,
    impact: organizations::DeletionImpact,
    blocked_by: Option<String>,
) -> OrganizationDeletion {
    OrganizationDeletion {
        organization_id: id,
        name: impact.name,
        users: impact
            .members
            .into_iter()
            .map(|m| {
                let role = AppRole::parse(&m.app_role).unwrap_or(AppRole::User);
                DetachedUser {
                    display_name: display_name(&m.firstname, &m.lastname, &m.email),
                    id: m.id,
                    email: m.email,
                    app_role: role,
                    demoted: role == AppRole::PartnerAdmin,
                }
            })
            .collect(),
        user_count: count(impact.member_count),
        partner_admins_demoted: impact.partner_admin_ids.len() as u64,
        executions_detached: count(impact.execution_count),
        studio_companies_deleted: impact
            .studio_companies
            .into_iter()
            .map(studio_company)
            .collect(),
        studio_access_deleted: count(impact.studio_access_count),
        system_groups_deleted: SystemTool::ALL
            .into_iter()
            .filter(|t| impact.group_tools.iter().any(|g| g == t.as_str()))
            .collect(),
        integrations_deleted: impact.has_integrations,
        documentation_deleted: impact.has_documentation,
        blocked_by,
    }
}

fn organization_row(row: organizations::ListedOrganization) -> OrganizationRow {
    OrganizationRow {
        account_types: account_types(&row.account_types),
        system_groups: SystemTool::ALL
            .into_iter()
            .filter(|t| row.group_tools.iter().any(|g| g == t.as_str()))
            .collect(),
        integration: integration_state(row.integration),
        user_count: count(row.user_count),
        id: row.id,
        name: row.name,
        created_at: row.created_at,
        offboarded_at: row.offboarded_at,
    }
}

pub(super) fn studio_company(record: organizations::StudioCompanyRecord) -> StudioCompany {
    StudioCompany {
        environment: environment(&record.environment),
        id: record.id,
        organization_id: record.organization_id,
        studio_id: record.studio_id,
        name: record.name,
        created_at: record.created_at,
    }
}

/// The stored environment (the column's CHECK allows only these two).
pub(super) fn environment(stored: &str) -> StudioEnvironment {
    StudioEnvironment::parse(stored).unwrap_or(StudioEnvironment::Test)
}

/// Known account types in their canonical order; an unknown stored one (an odd import) is left out.
fn account_types(stored: &[String]) -> Vec<AccountType> {
    AccountType::ALL
        .into_iter()
        .filter(|t| stored.iter().any(|s| s == t.as_str()))
        .collect()
}

fn integration_state(state: organizations::IntegrationState) -> IntegrationState {
    IntegrationState {
        keycloak_confirmed: state.keycloak_confirmed,
        keycloak_cluster: state.keycloak_cluster,
        metabase_collection_id: state.metabase_collection_id,
        lms_confirmed: state.lms_confirmed,
    }
}

/// Stored links, with empty strings (an old import) read as unset.
fn documentation_links(stored: organizations::Documentation) -> DocumentationLinks {
    let set = |link: Option<String>| link.filter(|l| !l.trim().is_empty());
    DocumentationLinks {
        internal_docu: set(stored.internal_docu),
        generique_docu: set(stored.generique_docu),
        add_docu: set(stored.add_docu),
    }
}

fn documentation_json(links: &organizations::Documentation) -> Value {
    let set = |link: &Option<String>| link.clone().filter(|l| !l.trim().is_empty());
    json!({
        "internal_docu": set(&links.internal_docu),
        "generique_docu": set(&links.generique_docu),
        "add_docu": set(&links.add_docu),
    })
}

fn person_view(row: users::PersonRow) -> PersonView {
    PersonView {
        display_name: display_name(&row.firstname, &row.lastname, &row.email),
        app_role: AppRole::parse(&row.app_role).unwrap_or(AppRole::User),
        id: row.id,
        email: row.email,
        access: row.access,
        created_at: row.created_at,
    }
}
