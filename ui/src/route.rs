//! The app frame's routes (yew-nested-router). Paths are what the window's URL shows, so a
//! reload stays on the same screen.

use yew_nested_router::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Target)]
pub enum AppRoute {
    #[target(index)]
    Dashboard,
    Executions,
    Organisations,
    Users,
    Settings,
    #[target(rename = "audit-log")]
    Audit,
    #[target(rename = "my-organisation")]
    Partner,
}
