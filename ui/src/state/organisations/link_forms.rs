//! The organisation's links to the outside: its group in each tool, and the documentation
//! links emailed to its new people. A group needs its id unless both fields are emptied (which
//! removes it); whether an address is valid is the backend's to say, per field.

use hyopps_contract::{
    DocumentationLinks, SetDocumentationRequest, SetSystemGroupRequest, SystemGroupView, SystemTool,
};

use crate::state::FieldErrors;

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
pub const DOCUMENTATION_FIELDS: [(&str, &str); 3] =
    hyopps_contract::organizations::DOCUMENTATION_LINKS;

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
