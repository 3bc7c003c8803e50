//! Where the window works, as the sign-in screen offers it: this computer, or a HyOpps server
//! (its address and, for a company's own certificate authority, the authority's file).

use hyopps_contract::{ConnectionView, ServerAddress, Workplace};

use super::FieldErrors;

pub const ENTER_SERVER_ADDRESS: &str =
    "Enter the server's address, for example https://hyopps.example.com.";

/// What the sign-in screen says about the place the window works.
pub fn place_text(view: &ConnectionView) -> String {
    match (&view.workplace, &view.server_name) {
        (Workplace::ThisComputer, _) => "This computer".to_owned(),
        (Workplace::Server(address), name) => {
            format!("HyOpps server {}", name.as_deref().unwrap_or(&address.url))
        }
    }
}

/// The sign-in card's description for the place.
pub fn sign_in_description(view: Option<&ConnectionView>) -> String {
    match view.and_then(|view| view.server_name.as_deref()) {
        Some(server) => format!("Sign in to the HyOpps server {server} with your HyOpps account."),
        None => "Sign in with your HyOpps account.".to_owned(),
    }
}

/// The "Where" form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkplaceForm {
    pub on_server: bool,
    pub url: String,
    pub ca_file: String,
}

impl WorkplaceForm {
    /// Starts from the remembered choice, so changing one field keeps the others.
    pub fn from_view(view: &ConnectionView) -> Self {
        match &view.workplace {
            Workplace::ThisComputer => Self::default(),
            Workplace::Server(address) => Self {
                on_server: true,
                url: address.url.clone(),
                ca_file: address.ca_file.clone().unwrap_or_default(),
            },
        }
    }

    /// The place to ask for, or the messages under the fields. Whether the address answers
    /// as HyOpps is for the backend to find out.
    pub fn validate(&self) -> Result<Workplace, FieldErrors> {
        if !self.on_server {
            return Ok(Workplace::ThisComputer);
        }
        let url = self.url.trim();
        if url.is_empty() {
            let mut errors = FieldErrors::new();
            errors.add("url", ENTER_SERVER_ADDRESS);
            return Err(errors);
        }
        let ca_file = self.ca_file.trim();
        Ok(Workplace::Server(ServerAddress {
            url: url.to_owned(),
            ca_file: (!ca_file.is_empty()).then(|| ca_file.to_owned()),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_view(url: &str, ca_file: Option<&str>) -> ConnectionView {
        ConnectionView {
            workplace: Workplace::Server(ServerAddress {
                url: url.into(),
                ca_file: ca_file.map(Into::into),
            }),
            server_name: Some("hyopps.example.com".into()),
            online: true,
        }
    }

    #[test]
    fn this_computer_needs_no_address() {
        let form = WorkplaceForm {
            on_server: false,
            url: "leftover".into(),
            ca_file: String::new(),
        };
        assert_eq!(form.validate(), Ok(Workplace::ThisComputer));
    }

    #[test]
    fn a_server_needs_an_address_and_the_fields_are_trimmed() {
        let empty = WorkplaceForm {
            on_server: true,
            url: "   ".into(),
            ca_file: String::new(),
        };
        let errors = empty.validate().unwrap_err();
        assert_eq!(errors.get("url"), Some(ENTER_SERVER_ADDRESS));

        let form = WorkplaceForm {
            on_server: true,
            url: " https://hyopps.example.com ".into(),
            ca_file: "  ".into(),
        };
        assert_eq!(
            form.validate(),
            Ok(Workplace::Server(ServerAddress {
                url: "https://hyopps.example.com".into(),
                ca_file: None,
            })),
            "a blank CA file means the system's own authorities"
        );
    }

    #[test]
    fn the_form_starts_from_the_remembered_server() {
        let view = server_view("https://hyopps.example.com", Some("/etc/ca.pem"));
        let form = WorkplaceForm::from_view(&view);
        assert!(form.on_server);
        assert_eq!(form.url, "https://hyopps.example.com");
        assert_eq!(form.ca_file, "/etc/ca.pem");
        assert_eq!(place_text(&view), "HyOpps server hyopps.example.com");
        assert_eq!(
            sign_in_description(Some(&view)),
            "Sign in to the HyOpps server hyopps.example.com with your HyOpps account."
        );
        assert_eq!(
            sign_in_description(None),
            "Sign in with your HyOpps account."
        );
    }
}
