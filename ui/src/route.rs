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
    Organisations,
    /// `/users` (the list) and `/users/<id>` (one user).
    Users(#[target(default)] UsersRoute),
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

    pub const fn users() -> Self {
        AppRoute::Users(UsersRoute::List)
    }

    pub fn user(id: impl Into<String>) -> Self {
        AppRoute::Users(UsersRoute::User { id: id.into() })
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

/// Below `/users`, written out by hand for the same reason as [`ExecutionsRoute`]: the id
/// alone is the address (`/users/<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum UsersRoute {
    #[default]
    List,
    User {
        id: String,
    },
}

impl Target for UsersRoute {
    fn render_self_into(&self, path: &mut Vec<String>) {
        if let UsersRoute::User { id } = self {
            path.push(id.clone());
        }
    }

    fn render_path_into(&self, path: &mut Vec<String>) {
        self.render_self_into(path);
    }

    fn parse_path(path: &[&str]) -> Option<Self> {
        match path {
            [] | [""] => Some(UsersRoute::List),
            [id] => Some(UsersRoute::User {
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
    fn a_user_lives_under_users_by_its_id() {
        assert_eq!(AppRoute::user("u-1").render_path(), ["users", "u-1"]);
        assert_eq!(AppRoute::users().render_path(), ["users"]);
        assert_eq!(
            AppRoute::parse_path(&["users", "u-1"]),
            Some(AppRoute::user("u-1"))
        );
        assert_eq!(AppRoute::parse_path(&["users"]), Some(AppRoute::users()));
        assert_eq!(AppRoute::parse_path(&["users", "u-1", "x"]), None);
        assert!(AppRoute::user("u-1").same_area(&AppRoute::users()));
    }
}
