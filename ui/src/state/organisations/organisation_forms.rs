//! The organisation's own forms: its details (name, account types) and a Studio company
//! being added or edited. Each checks only what the admin can fix before sending (a required
//! field left empty); everything else is the backend's to refuse, with field errors keyed
//! like the request's fields.

use hyopps_contract::{
    AccountType, AddStudioCompanyRequest, OrganizationDetail, StudioCompany, StudioEnvironment,
    UpdateOrganizationRequest, UpdateStudioCompanyRequest,
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

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::{DocumentationLinks, IntegrationState};

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
            systems_used: vec![],
            offboarded_at: None,
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
}
