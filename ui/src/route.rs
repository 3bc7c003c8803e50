//! The app frame's routes (yew-nested-router). Paths are what the window's URL shows, so a
//! reload stays on the same screen.

use yew_nested_router::prelude::*;
use yew_nested_router::target::Target;

#[derive(Debug, Clone, PartialEq, Eq, Target)]
pub enum AppRoute {
    #[target(index)]
    Dashboard,
    /// `/executions` (the list) and `/executions/<id>` (one execution).
    Executions(#[target(default)] ExecutionsRoute),
    /// `/organisations` (the list) and `/organisations/<id>` (one organisation).
    Organisations(#[target(default)] OrganisationsRoute),
    Users,
    Settings,
    #[target(rename = "audit-log")]
    Audit,
    #[target(rename = "my-organisation")]
    Partner,
}

impl AppRoute {
    pub const fn executions() -> Self {
        AppRoute::Executions(ExecutionsRoute::List)
    }

    pub fn execution(id: impl Into<String>) -> Self {
        AppRoute::Executions(ExecutionsRoute::Execution { id: id.into() })
    }

    pub const fn organisations() -> Self {
        AppRoute::Organisations(OrganisationsRoute::List)
    }

    pub fn organisation(id: impl Into<String>) -> Self {
        AppRoute::Organisations(OrganisationsRoute::Organisation { id: id.into() })
    }

    /// The top-level area a route belongs to, so the sidebar marks "Executions" on a detail too.
    pub fn same_area(&self, other: &AppRoute) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// Below `/executions`. Written out by hand because the derive always puts the variant's
/// name in the path (`/executions/execution/<id>`), and the id alone is the natural address.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ExecutionsRoute {
    #[default]
    List,
    Execution {
        id: String,
    },
}

impl Target for ExecutionsRoute {
    fn render_self_into(&self, path: &mut Vec<String>) {
        if let ExecutionsRoute::Execution { id } = self {
            path.push(id.clone());
        }
    }

    fn render_path_into(&self, path: &mut Vec<String>) {
        self.render_self_into(path);
    }

    fn parse_path(path: &[&str]) -> Option<Self> {
        match path {
            [] | [""] => Some(ExecutionsRoute::List),
            [id] => Some(ExecutionsRoute::Execution {
                id: (*id).to_owned(),
            }),
            _ => None,
        }
    }
}

/// Below `/organisations`, written out by hand for the same reason as [`ExecutionsRoute`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OrganisationsRoute {
    #[default]
    List,
    Organisation {
        id: String,
    },
}

impl Target for OrganisationsRoute {
    fn render_self_into(&self, path: &mut Vec<String>) {
        if let OrganisationsRoute::Organisation { id } = self {
            path.push(id.clone());
        }
    }

    fn render_path_into(&self, path: &mut Vec<String>) {
        self.render_self_into(path);
    }

    fn parse_path(path: &[&str]) -> Option<Self> {
        match path {
            [] | [""] => Some(OrganisationsRoute::List),
            [id] => Some(OrganisationsRoute::Organisation {
                id: (*id).to_owned(),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_execution_lives_under_executions_by_its_id() {
        assert_eq!(
            AppRoute::execution("e-1").render_path(),
            ["executions", "e-1"]
        );
        assert_eq!(AppRoute::executions().render_path(), ["executions"]);
        assert_eq!(
            AppRoute::parse_path(&["executions", "e-1"]),
            Some(AppRoute::execution("e-1"))
        );
        assert_eq!(
            AppRoute::parse_path(&["executions"]),
            Some(AppRoute::executions())
        );
        assert_eq!(AppRoute::parse_path(&["executions", "e-1", "x"]), None);
    }

    #[test]
    fn a_detail_belongs_to_the_executions_area() {
        assert!(AppRoute::execution("e-1").same_area(&AppRoute::executions()));
        assert!(!AppRoute::Dashboard.same_area(&AppRoute::executions()));
    }

    #[test]
    fn an_organisation_lives_under_organisations_by_its_id() {
        assert_eq!(
            AppRoute::organisation("o-1").render_path(),
            ["organisations", "o-1"]
        );
        assert_eq!(AppRoute::organisations().render_path(), ["organisations"]);
        assert_eq!(
            AppRoute::parse_path(&["organisations", "o-1"]),
            Some(AppRoute::organisation("o-1"))
        );
        assert_eq!(
            AppRoute::parse_path(&["organisations"]),
            Some(AppRoute::organisations())
        );
        assert_eq!(AppRoute::parse_path(&["organisations", "o-1", "x"]), None);
        assert!(AppRoute::organisation("o-1").same_area(&AppRoute::organisations()));
    }
}
