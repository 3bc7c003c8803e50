//! The partner admin's panel: their own organisation and its people. The organisation is the
//! session's, never an argument.

use hyopps_contract::{
    AppRole, DocumentationLink, OrganizationView, PartnerOverview, PersonView, StudioCompanyView,
};
use hyopps_store::{organizations, users};

use crate::{Access, App, AppError, SessionToken};

impl App {
    pub async fn partner_overview(
        &self,
        token: &SessionToken,
    ) -> Result<PartnerOverview, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        let organization_id =
            match (actor.role, actor.organization_id) {
                (AppRole::PartnerAdmin, Some(id)) => id,
                _ => return Err(AppError::Forbidden(
                    "This panel is for partner administrators; administrators use Organisations."
                        .into(),
                )),
            };
        self.store
            .read(move |conn| {
                let (name, account_types) =
                    organizations::name_and_account_types(conn, &organization_id)?.ok_or_else(
                        || AppError::NotFound("Your organisation no longer exists.".into()),
                    )?;
                let studio_companies = organizations::studio_companies(conn, &organization_id)?
                    .into_iter()
                    .map(|c| StudioCompanyView {
                        name: c.name,
                        studio_id: c.studio_id,
                        environment: c.environment,
                    })
                    .collect();
                let documentation = organizations::documentation_links(conn, &organization_id)?
                    .into_iter()
                    .map(|(label, url)| DocumentationLink { label, url })
                    .collect();
                let users = users::in_organization(conn, &organization_id)?
                    .into_iter()
                    .map(|p| PersonView {
                        display_name: format!("{} {}", p.firstname, p.lastname).trim().to_string(),
                        app_role: AppRole::parse(&p.app_role).unwrap_or(AppRole::User),
                        id: p.id,
                        email: p.email,
                        access: p.access,
                        created_at: p.created_at,
                    })
                    .collect();
                Ok(PartnerOverview {
                    organization: OrganizationView {
                        id: organization_id,
                        name,
                        account_types,
                        studio_companies,
                        documentation,
                    },
                    users,
                })
            })
            .await
    }
}
