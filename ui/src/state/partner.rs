//! How the partner admin's panel reads: Studio environments, documentation links, access
//! labels, account types. Only what the backend sent; nothing is invented.

use hyopps_contract::{AppRole, DocumentationLink, StepForm};

/// Whether a role is offered Cancel and Complete by hand on an execution. Presentation only:
/// the backend refuses both to a partner admin anyway. Retry and the step form stay.
pub fn offers_admin_actions(role: AppRole) -> bool {
    role == AppRole::Admin
}

/// Said instead of the form of a step only the operations team completes.
pub const WAITING_FOR_OPERATIONS: &str = "Waiting for the operations team";

/// Whether `role` fills in this step's form, or is told that it waits for the operations team.
/// Presentation only: the backend refuses a partner admin's answers to such a step anyway.
pub fn fills_in(role: AppRole, form: &StepForm) -> bool {
    offers_admin_actions(role) || !form.operators_only
}

/// What the partner admin reads about a step the operations team completes.
pub fn waiting_for_operations_text(form: &StepForm) -> String {
    format!(
        "\u{201c}{}\u{201d} is done by the operations team, in a system partners have no access to. The execution continues once they have; this page updates by itself.",
        form.title
    )
}

/// Said when the organisation has no documentation link set.
pub const NO_DOCS: &str = "No documentation links are set yet; an administrator sets them.";

/// `test` / `prod` as the Studio shows them (TEST, PROD); anything else upper-cased as is.
pub fn environment_label(environment: &str) -> String {
    match environment.trim() {
        "" => "—".to_owned(),
        other => other.to_uppercase(),
    }
}

/// A documentation link as shown: its label (the address when it has none) and address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    pub label: String,
    pub url: String,
}

/// The links worth showing: those with an address, in the backend's order.
pub fn doc_links(documentation: &[DocumentationLink]) -> Vec<DocLink> {
    documentation
        .iter()
        .filter_map(|doc| {
            let url = doc.url.trim();
            if url.is_empty() {
                return None;
            }
            let label = match doc.label.trim() {
                "" => url,
                label => label,
            };
            Some(DocLink {
                label: label.to_owned(),
                url: url.to_owned(),
            })
        })
        .collect()
}

/// The access a person has, one small label each: trimmed, blanks dropped, each once, in the
/// backend's order.
pub fn access_labels(access: &[String]) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for name in access.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        if !labels.iter().any(|l| l == name) {
            labels.push(name.to_owned());
        }
    }
    labels
}

/// The organisation's account types as one line; a dash when none is set.
pub fn account_types_text(account_types: &[String]) -> String {
    let types = access_labels(account_types);
    match types.is_empty() {
        true => "—".to_owned(),
        false => types.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(label: &str, url: &str) -> DocumentationLink {
        DocumentationLink {
            label: label.into(),
            url: url.into(),
        }
    }

    #[test]
    fn only_admins_are_offered_cancel_and_complete_by_hand() {
        assert!(offers_admin_actions(AppRole::Admin));
        assert!(!offers_admin_actions(AppRole::PartnerAdmin));
        assert!(!offers_admin_actions(AppRole::User));
    }

    #[test]
    fn a_step_only_operators_complete_waits_for_them_on_a_partner_admins_screen() {
        let mut form = StepForm {
            step_order: 3,
            title: "Give access to the Studio companies".into(),
            instructions: vec![],
            fields: vec![],
            submit_label: "Confirm".into(),
            operators_only: true,
        };
        assert!(!fills_in(AppRole::PartnerAdmin, &form));
        assert!(
            fills_in(AppRole::Admin, &form),
            "the operations team fills it in"
        );
        assert!(waiting_for_operations_text(&form).starts_with(
            "\u{201c}Give access to the Studio companies\u{201d} is done by the operations team"
        ));
        form.operators_only = false;
        assert!(
            fills_in(AppRole::PartnerAdmin, &form),
            "the user's details are theirs"
        );
    }

    #[test]
    fn environments_read_as_the_studio_shows_them() {
        assert_eq!(environment_label("test"), "TEST");
        assert_eq!(environment_label("prod"), "PROD");
        assert_eq!(environment_label(" Prod "), "PROD");
        assert_eq!(environment_label(""), "—");
    }

    #[test]
    fn only_links_with_an_address_are_shown_labelled_by_their_address_when_unnamed() {
        let links = doc_links(&[
            link("Onboarding guide", " https://docs.example/onboarding "),
            link("Empty", "  "),
            link("", "https://docs.example/faq"),
        ]);
        assert_eq!(
            links,
            [
                DocLink {
                    label: "Onboarding guide".into(),
                    url: "https://docs.example/onboarding".into(),
                },
                DocLink {
                    label: "https://docs.example/faq".into(),
                    url: "https://docs.example/faq".into(),
                },
            ]
        );
        assert!(doc_links(&[]).is_empty());
        assert!(NO_DOCS.contains("administrator"));
    }

    #[test]
    fn access_labels_are_trimmed_deduplicated_and_keep_their_order() {
        let access = ["Slack", " Metabase ", "", "Slack"].map(String::from);
        assert_eq!(access_labels(&access), ["Slack", "Metabase"]);
        assert!(access_labels(&[]).is_empty());
    }

    #[test]
    fn account_types_read_as_one_line() {
        let types = ["analytics", "studio"].map(String::from);
        assert_eq!(account_types_text(&types), "analytics, studio");
        assert_eq!(account_types_text(&[]), "—");
    }
}
