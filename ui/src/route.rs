//! The app frame's routes (yew-nested-router). Paths are what the window's URL shows, so a
//! reload stays on the same screen.

use yew_nested_router::prelude::*;
use yew_nested_router::target::Target;

#[derive(Debug, Clone, PartialEq, Eq, Target)]
pub enum AppRoute {
    #[target(index)]
    Dashboard,
    /// `/executions` (the list) and `/executions/<id>` (one execution).
    Executions(#[target(default)] ListOrOne),
    /// `/organisations` (the list) and `/organisations/<id>` (one organisation).
    Organisations(#[target(default)] ListOrOne),
    /// `/users` (the list) and `/users/<id>` (one user).
    Users(#[target(default)] ListOrOne),
    Settings,
    #[target(rename = "access-check")]
    Access,
    #[target(rename = "audit-log")]
    Audit,
    #[target(rename = "my-organisation")]
    Partner,
}

impl AppRoute {
    pub const fn executions() -> Self {
        AppRoute::Executions(ListOrOne::List)
    }

    pub fn execution(id: impl Into<String>) -> Self {
        AppRoute::Executions(ListOrOne::One { id: id.into() })
    }

    pub const fn organisations() -> Self {
        AppRoute::Organisations(ListOrOne::List)
    }

    pub fn organisation(id: impl Into<String>) -> Self {
        AppRoute::Organisations(ListOrOne::One { id: id.into() })
    }

    pub const fn users() -> Self {
        AppRoute::Users(ListOrOne::List)
    }

    pub fn user(id: impl Into<String>) -> Self {
        AppRoute::Users(ListOrOne::One { id: id.into() })
    }

    /// The top-level area a route belongs to, so the sidebar marks "Executions" on a detail too.
    pub fn same_area(&self, other: &AppRoute) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// Below a list's path: the list itself, or one of its items by id. Written out by hand
/// because the derive always puts the variant's name in the path (`/executions/one/<id>`),
/// and the id alone is the natural address (`/executions/<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ListOrOne {
    #[default]
    List,
    One {
        id: String,
    },
}

impl Target for ListOrOne {
    fn render_self_into(&self, path: &mut Vec<String>) {
        if let ListOrOne::One { id } = self {
            path.push(id.clone());
        }
    }

    fn render_path_into(&self, path: &mut Vec<String>) {
        self.render_self_into(path);
    }

    fn parse_path(path: &[&str]) -> Option<Self> {
        match path {
            [] | [""] => Some(ListOrOne::List),
            [id] => Some(ListOrOne::One {
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
    fn each_item_lives_under_its_list_by_its_id() {
        let cases = [
            (
                "executions",
                AppRoute::executions(),
                AppRoute::execution("x-1"),
            ),
            (
                "organisations",
                AppRoute::organisations(),
                AppRoute::organisation("x-1"),
            ),
            ("users", AppRoute::users(), AppRoute::user("x-1")),
        ];
        for (list, list_route, item_route) in cases {
            assert_eq!(item_route.render_path(), [list, "x-1"]);
            assert_eq!(list_route.render_path(), [list]);
            assert_eq!(
                AppRoute::parse_path(&[list, "x-1"]),
                Some(item_route.clone())
            );
            assert_eq!(AppRoute::parse_path(&[list]), Some(list_route.clone()));
            assert_eq!(AppRoute::parse_path(&[list, "x-1", "x"]), None, "{list}");
            assert!(item_route.same_area(&list_route), "{list}");
        }
        assert!(!AppRoute::Dashboard.same_area(&AppRoute::executions()));
    }
}
