//! Which navigation items the frame shows for a role.
//!
//! This is presentation only: the backend checks the role on every command, so a
//! hidden item is a convenience, never a guard.

use hyopps_contract::AppRole;

use crate::route::AppRoute;

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
}
