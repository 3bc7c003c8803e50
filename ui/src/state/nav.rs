//! Which navigation items the frame shows for a role.
//!
//! This is presentation only: the backend checks the role on every command, so a
//! hidden item is a convenience, never a guard.

use hyopps_contract::{AppRole, MenuAction};

use crate::route::{AppRoute, ListOrOne};

/// One sidebar link; `id` is the element id the end-to-end tests rely on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavEntry {
    pub id: &'static str,
    pub label: &'static str,
    pub route: AppRoute,
}

const fn entry(id: &'static str, label: &'static str, route: AppRoute) -> NavEntry {
    NavEntry { id, label, route }
}

const ADMIN: &[NavEntry] = &[
    entry("nav-dashboard", "Dashboard", AppRoute::Dashboard),
    entry("nav-executions", "Executions", AppRoute::executions()),
    entry(
        "nav-organisations",
        "Organisations",
        AppRoute::organisations(),
    ),
    entry("nav-users", "Users", AppRoute::users()),
    entry("nav-access", "Access check", AppRoute::Access),
    entry("nav-settings", "Settings", AppRoute::Settings),
    entry("nav-audit", "Audit log", AppRoute::Audit),
];

const PARTNER_ADMIN: &[NavEntry] = &[entry("nav-partner", "My organisation", AppRoute::Partner)];

pub fn nav_entries(role: AppRole) -> &'static [NavEntry] {
    match role {
        AppRole::Admin => ADMIN,
        AppRole::PartnerAdmin => PARTNER_ADMIN,
        // The backend refuses such a sign-in; should a session exist anyway, offer nothing.
        AppRole::User => &[],
    }
}

/// The page a role lands on, and shows for any route it has no item for.
pub fn home_route(role: AppRole) -> AppRoute {
    match role {
        AppRole::PartnerAdmin => AppRoute::Partner,
        AppRole::Admin | AppRole::User => AppRoute::Dashboard,
    }
}

/// What a menu entry (or its shortcut) does for a role. The entries are the same for every
/// account; a partner admin's screens are their organisation's panel, so the administrators'
/// entries do nothing for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuEffect {
    Go(AppRoute),
    Jump,
    StartWorkflow,
    Refresh,
    Nothing,
}

pub fn menu_effect(action: MenuAction, role: AppRole) -> MenuEffect {
    let go = match action {
        MenuAction::GoDashboard => Some(AppRoute::Dashboard),
        MenuAction::GoExecutions => Some(AppRoute::executions()),
        MenuAction::GoOrganisations => Some(AppRoute::organisations()),
        MenuAction::GoUsers => Some(AppRoute::users()),
        MenuAction::GoAccessCheck => Some(AppRoute::Access),
        MenuAction::GoSettings => Some(AppRoute::Settings),
        MenuAction::GoAuditLog => Some(AppRoute::Audit),
        MenuAction::Jump | MenuAction::StartWorkflow | MenuAction::Refresh => None,
    };
    match (role, action, go) {
        (_, MenuAction::Refresh, _) => MenuEffect::Refresh,
        (AppRole::Admin, MenuAction::Jump, _) => MenuEffect::Jump,
        (AppRole::Admin, MenuAction::StartWorkflow, _) => MenuEffect::StartWorkflow,
        (AppRole::Admin, _, Some(route)) => MenuEffect::Go(route),
        (AppRole::PartnerAdmin, MenuAction::GoDashboard, _) => MenuEffect::Go(AppRoute::Partner),
        _ => MenuEffect::Nothing,
    }
}

/// The window's title on a route: the screen's name, then the app's ("Organisations — HyOpps").
/// An item's screen names its kind; its own name is on the screen itself.
pub fn screen_title(route: &AppRoute, role: AppRole) -> String {
    let screen = match (role, route) {
        (AppRole::PartnerAdmin, AppRoute::Executions(ListOrOne::One { .. })) => "Execution",
        (AppRole::PartnerAdmin, _) => "My organisation",
        (AppRole::User, _) => "No access",
        (AppRole::Admin, AppRoute::Executions(ListOrOne::One { .. })) => "Execution",
        (AppRole::Admin, AppRoute::Organisations(ListOrOne::One { .. })) => "Organisation",
        (AppRole::Admin, AppRoute::Users(ListOrOne::One { .. })) => "User",
        (AppRole::Admin, route) => ADMIN
            .iter()
            .find(|entry| entry.route.same_area(route))
            .map_or("Dashboard", |entry| entry.label),
    };
    titled(screen)
}

/// `screen — HyOpps`, for screens outside the frame too (signing in).
pub fn titled(screen: &str) -> String {
    format!("{screen} — HyOpps")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_see_every_area_in_spec_order() {
        let labels: Vec<_> = nav_entries(AppRole::Admin)
            .iter()
            .map(|e| e.label)
            .collect();
        assert_eq!(
            labels,
            [
                "Dashboard",
                "Executions",
                "Organisations",
                "Users",
                "Access check",
                "Settings",
                "Audit log"
            ]
        );
    }

    #[test]
    fn partner_admins_see_only_their_organisation() {
        let entries = nav_entries(AppRole::PartnerAdmin);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].id, "nav-partner");
        assert_eq!(home_route(AppRole::PartnerAdmin), AppRoute::Partner);
    }

    #[test]
    fn element_ids_are_unique() {
        let mut ids: Vec<_> = AppRole::ALL
            .into_iter()
            .flat_map(nav_entries)
            .map(|e| e.id)
            .collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "the E2E tests find links by id");
    }

    #[test]
    fn the_window_title_names_the_screen_in_words() {
        let admin = |route: AppRoute| screen_title(&route, AppRole::Admin);
        assert_eq!(admin(AppRoute::Dashboard), "Dashboard — HyOpps");
        assert_eq!(admin(AppRoute::organisations()), "Organisations — HyOpps");
        assert_eq!(
            admin(AppRoute::organisation("3516e9dd")),
            "Organisation — HyOpps"
        );
        assert_eq!(admin(AppRoute::execution("e-1")), "Execution — HyOpps");
        assert_eq!(admin(AppRoute::user("u-1")), "User — HyOpps");
        assert_eq!(admin(AppRoute::Access), "Access check — HyOpps");
        assert_eq!(admin(AppRoute::Audit), "Audit log — HyOpps");
        assert_eq!(admin(AppRoute::Settings), "Settings — HyOpps");
        assert_eq!(
            screen_title(&AppRoute::Partner, AppRole::PartnerAdmin),
            "My organisation — HyOpps"
        );
        assert_eq!(
            screen_title(&AppRoute::execution("e-1"), AppRole::PartnerAdmin),
            "Execution — HyOpps"
        );
        assert!(
            !admin(AppRoute::organisation("3516e9dd")).contains("3516e9dd"),
            "never an id in the title"
        );
    }

    #[test]
    fn menu_entries_open_an_administrator_s_screens_and_only_refresh_or_home_for_a_partner_admin() {
        assert_eq!(
            menu_effect(MenuAction::GoOrganisations, AppRole::Admin),
            MenuEffect::Go(AppRoute::organisations())
        );
        assert_eq!(
            menu_effect(MenuAction::Jump, AppRole::Admin),
            MenuEffect::Jump
        );
        assert_eq!(
            menu_effect(MenuAction::StartWorkflow, AppRole::Admin),
            MenuEffect::StartWorkflow
        );
        for role in [AppRole::Admin, AppRole::PartnerAdmin] {
            assert_eq!(menu_effect(MenuAction::Refresh, role), MenuEffect::Refresh);
        }
        assert_eq!(
            menu_effect(MenuAction::GoDashboard, AppRole::PartnerAdmin),
            MenuEffect::Go(AppRoute::Partner)
        );
        for action in [
            MenuAction::GoUsers,
            MenuAction::Jump,
            MenuAction::StartWorkflow,
        ] {
            assert_eq!(
                menu_effect(action, AppRole::PartnerAdmin),
                MenuEffect::Nothing
            );
        }
    }
}
