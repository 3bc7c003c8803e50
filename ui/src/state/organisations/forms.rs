//! The organisation detail's forms and the requests they make. Each checks only what the
//! admin can fix before sending (a required field left empty); everything else is the
//! backend's to refuse, with field errors keyed like the request's fields.

use hyopps_contract::{
    AccountType, AddStudioCompanyRequest, DocumentationLinks, OrganizationDetail,
    SetDocumentationRequest, SetSystemGroupRequest, StudioCompany, StudioEnvironment,
    SystemGroupView, SystemTool, UpdateOrganizationRequest, UpdateStudioCompanyRequest,
};

use crate::state::FieldErrors;

/// Name and account types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsForm {
    pub name: String,
    /// In [`AccountType::ALL`] order, each once.
    pub account_types: Vec<AccountType>,
}

impl DetailsForm {
    pub fn from_detail(detail: &OrganizationDetail) -> Self {
        Self {
            name: detail.name.clone(),
            account_types: detail.account_types.clone(),
        }
        .normalised()
    }

    fn normalised(mut self) -> Self {
        let chosen = self.account_types;
        self.account_types = AccountType::ALL
            .into_iter()
            .filter(|t| chosen.contains(t))
            .collect();
        self
    }

    pub fn has(&self, account_type: AccountType) -> bool {
        self.account_types.contains(&account_type)
    }

    pub fn with_type(&self, account_type: AccountType, chosen: bool) -> Self {
        let mut types = self.account_types.clone();
        types.retain(|t| *t != account_type);
        if chosen {
            types.push(account_type);
        }
        Self {
            name: self.name.clone(),
            account_types: types,
        }
        .normalised()
    }

    pub fn to_request(
        &self,
        organization_id: &str,
    ) -> Result<UpdateOrganizationRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.name.trim().is_empty() {
            errors.add("name", "Enter the organisation's name.");
        }
        if self.account_types.is_empty() {
            errors.add("account_types", "Choose at least one account type.");
        }
        match errors.is_empty() {
            true => Ok(UpdateOrganizationRequest {
                organization_id: organization_id.to_owned(),
                name: self.name.trim().to_owned(),
                account_types: self.account_types.clone(),
            }),
            false => Err(errors),
        }
    }
}

/// A Studio company being added or edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudioCompanyForm {
    pub name: String,
    pub studio_id: String,
    pub environment: StudioEnvironment,
}

impl Default for StudioCompanyForm {
    /// A new company starts as TEST: a partner gets its TEST company first.
    fn default() -> Self {
        Self {
            name: String::new(),
            studio_id: String::new(),
            environment: StudioEnvironment::Test,
        }
    }
}

impl StudioCompanyForm {
    pub fn from_company(company: &StudioCompany) -> Self {
        Self {
            name: company.name.clone(),
            studio_id: company.studio_id.clone(),
            environment: company.environment,
        }
    }

    fn check(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.name.trim().is_empty() {
            errors.add("name", "Enter the company's name as Studio shows it.");
        }
        if self.studio_id.trim().is_empty() {
            errors.add("studio_id", "Enter the company's id in Studio.");
        }
        errors
    }

    pub fn to_add_request(
        &self,
        organization_id: &str,
    ) -> Result<AddStudioCompanyRequest, FieldErrors> {
        let errors = self.check();
        match errors.is_empty() {
            true => Ok(AddStudioCompanyRequest {
                organization_id: organization_id.to_owned(),
                name: self.name.trim().to_owned(),
                studio_id: self.studio_id.trim().to_owned(),
                environment: self.environment,
            }),
            false => Err(errors),
        }
    }

    pub fn to_update_request(
        &self,
        studio_company_id: &str,
    ) -> Result<UpdateStudioCompanyRequest, FieldErrors> {
        let errors = self.check();
        match errors.is_empty() {
            true => Ok(UpdateStudioCompanyRequest {
                studio_company_id: studio_company_id.to_owned(),
                name: self.name.trim().to_owned(),
                studio_id: self.studio_id.trim().to_owned(),
                environment: self.environment,
            }),
            false => Err(errors),
        }
    }
}

/// The organisation's group in one tool.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemGroupForm {
    pub external_id: String,
    pub external_name: String,
}

impl SystemGroupForm {
    pub fn from_view(view: &SystemGroupView) -> Self {
        Self {
            external_id: view.external_id.clone().unwrap_or_default(),
            external_name: view.external_name.clone().unwrap_or_default(),
        }
    }

    /// Both fields empty: saving removes the recorded group.
    pub fn is_removal(&self) -> bool {
        self.external_id.trim().is_empty() && self.external_name.trim().is_empty()
    }

    pub fn to_request(
        &self,
        organization_id: &str,
        tool: SystemTool,
    ) -> Result<SetSystemGroupRequest, FieldErrors> {
        let (external_id, external_name) = (self.external_id.trim(), self.external_name.trim());
        if external_id.is_empty() && !external_name.is_empty() {
            let mut errors = FieldErrors::new();
            errors.add(
                "external_id",
                &format!(
                    "Enter the {} id (the workflows use it), or clear the name to remove the {}.",
                    tool.group_noun(),
                    tool.group_noun()
                ),
            );
            return Err(errors);
        }
        Ok(SetSystemGroupRequest {
            organization_id: organization_id.to_owned(),
            tool,
            external_id: external_id.to_owned(),
            external_name: external_name.to_owned(),
        })
    }
}

/// Help under a tool's inputs: what the id is, and that emptying both removes it.
pub fn system_group_help(tool: SystemTool) -> String {
    let noun = tool.group_noun();
    format!(
        "The {} {noun}'s id is required, its name optional. Empty both and save to remove the {noun} from HyOpps (nothing changes in {}).",
        tool.label(),
        tool.label()
    )
}

/// What a saved group form says.
pub fn system_group_saved_text(tool: SystemTool, removed: bool) -> String {
    match removed {
        true => format!("{} {} removed.", tool.label(), tool.group_noun()),
        false => format!("{} {} saved.", tool.label(), tool.group_noun()),
    }
}

/// The documentation links' field names (the request's, the v0.3 columns') and labels.
pub const DOCUMENTATION_FIELDS: [(&str, &str); 3] = [
    ("internal_docu", "Internal documentation"),
    ("generique_docu", "Generic documentation"),
    ("add_docu", "Additional documentation"),
];

/// The three documentation links as typed; an empty one is unset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentationForm {
    pub internal_docu: String,
    pub generique_docu: String,
    pub add_docu: String,
}

impl DocumentationForm {
    pub fn from_links(links: &DocumentationLinks) -> Self {
        let text = |link: &Option<String>| link.clone().unwrap_or_default();
        Self {
            internal_docu: text(&links.internal_docu),
            generique_docu: text(&links.generique_docu),
            add_docu: text(&links.add_docu),
        }
    }

    /// The value of one of [`DOCUMENTATION_FIELDS`].
    pub fn value(&self, field: &str) -> &str {
        match field {
            "internal_docu" => &self.internal_docu,
            "generique_docu" => &self.generique_docu,
            "add_docu" => &self.add_docu,
            _ => "",
        }
    }

    pub fn with(&self, field: &str, value: String) -> Self {
        let mut next = self.clone();
        match field {
            "internal_docu" => next.internal_docu = value,
            "generique_docu" => next.generique_docu = value,
            "add_docu" => next.add_docu = value,
            _ => {}
        }
        next
    }

    /// Whether an address is valid is the backend's to say (it answers per field).
    pub fn to_request(&self, organization_id: &str) -> SetDocumentationRequest {
        SetDocumentationRequest {
            organization_id: organization_id.to_owned(),
            internal_docu: self.internal_docu.trim().to_owned(),
            generique_docu: self.generique_docu.trim().to_owned(),
            add_docu: self.add_docu.trim().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::IntegrationState;

    fn detail(types: Vec<AccountType>) -> OrganizationDetail {
        OrganizationDetail {
            id: "o1".into(),
            name: "Acme".into(),
            account_types: types,
            created_at: String::new(),
            studio_companies: vec![],
            system_groups: vec![],
            integration: IntegrationState::default(),
            documentation: DocumentationLinks::default(),
            users: vec![],
            user_total: 0,
            executions: vec![],
            execution_total: 0,
        }
    }

    #[test]
    fn details_keep_account_types_in_a_stable_order() {
        let form =
            DetailsForm::from_detail(&detail(vec![AccountType::Internal, AccountType::Partner]));
        assert_eq!(
            form.account_types,
            [AccountType::Partner, AccountType::Internal]
        );
        let form = form
            .with_type(AccountType::Client, true)
            .with_type(AccountType::Partner, false)
            .with_type(AccountType::Client, true);
        assert_eq!(
            form.account_types,
            [AccountType::Client, AccountType::Internal]
        );
        assert!(form.has(AccountType::Client) && !form.has(AccountType::Partner));
        let request = DetailsForm {
            name: "  Acme GmbH ".into(),
            ..form
        }
        .to_request("o1")
        .unwrap();
        assert_eq!(request.name, "Acme GmbH");
        assert_eq!(request.organization_id, "o1");
    }

    #[test]
    fn details_need_a_name_and_an_account_type() {
        let errors = DetailsForm {
            name: "  ".into(),
            account_types: vec![],
        }
        .to_request("o1")
        .unwrap_err();
        assert_eq!(errors.get("name"), Some("Enter the organisation's name."));
        assert_eq!(
            errors.get("account_types"),
            Some("Choose at least one account type.")
        );
    }

    #[test]
    fn studio_companies_are_sent_trimmed_and_need_name_and_id() {
        let form = StudioCompanyForm {
            name: " Acme TEST ".into(),
            studio_id: " 1001 ".into(),
            environment: StudioEnvironment::Prod,
        };
        let add = form.to_add_request("o1").unwrap();
        assert_eq!(
            (add.name.as_str(), add.studio_id.as_str()),
            ("Acme TEST", "1001")
        );
        assert_eq!(add.environment, StudioEnvironment::Prod);
        let update = form.to_update_request("sc1").unwrap();
        assert_eq!(update.studio_company_id, "sc1");

        let errors = StudioCompanyForm::default()
            .to_add_request("o1")
            .unwrap_err();
        assert!(errors.get("name").is_some() && errors.get("studio_id").is_some());
        assert_eq!(
            StudioCompanyForm::default().environment,
            StudioEnvironment::Test
        );
    }

    #[test]
    fn a_group_needs_its_id_unless_both_are_emptied_to_remove_it() {
        let named_only = SystemGroupForm {
            external_id: " ".into(),
            external_name: "ext-acme".into(),
        };
        let errors = named_only.to_request("o1", SystemTool::Slack).unwrap_err();
        assert!(errors.get("external_id").unwrap().contains("user group id"));

        let removal = SystemGroupForm::default();
        assert!(removal.is_removal());
        let request = removal.to_request("o1", SystemTool::Teams).unwrap();
        assert_eq!(
            (request.external_id.as_str(), request.external_name.as_str()),
            ("", "")
        );

        let request = SystemGroupForm {
            external_id: " 41 ".into(),
            external_name: String::new(),
        }
        .to_request("o1", SystemTool::Metabase)
        .unwrap();
        assert_eq!(request.external_id, "41");
        assert_eq!(request.tool, SystemTool::Metabase);
        assert_eq!(
            system_group_saved_text(SystemTool::Metabase, false),
            "Metabase group saved."
        );
        assert_eq!(
            system_group_saved_text(SystemTool::Teams, true),
            "Microsoft Teams channel removed."
        );
        assert!(system_group_help(SystemTool::Keycloak).contains("Empty both"));
    }

    #[test]
    fn documentation_links_edit_by_field_name_and_send_trimmed() {
        let form = DocumentationForm::from_links(&DocumentationLinks {
            internal_docu: Some("https://docs.example/acme".into()),
            generique_docu: None,
            add_docu: None,
        });
        assert_eq!(form.value("internal_docu"), "https://docs.example/acme");
        let form = form.with("add_docu", " https://more.example ".into());
        let request = form.to_request("o1");
        assert_eq!(request.add_docu, "https://more.example");
        assert_eq!(request.generique_docu, "", "unset stays empty");
        for (field, _) in DOCUMENTATION_FIELDS {
            let changed = form.with(field, "x".into());
            assert_eq!(changed.value(field), "x", "{field} is editable");
        }
    }
}
