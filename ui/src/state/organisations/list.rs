//! The organisations list: its search, order and page, and how a row's facts read.

use hyopps_contract::{
    AccountType, IntegrationState, OrganizationListRequest, OrganizationSort, SortDirection,
    SystemTool,
};

/// Rows per page of the organisations list.
pub const PAGE_SIZE: u32 = 25;

/// One entry of the order select: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SortChoice {
    pub sort: OrganizationSort,
    pub direction: SortDirection,
}

impl SortChoice {
    pub const ALL: [SortChoice; 4] = [
        SortChoice::new(OrganizationSort::Name, SortDirection::Asc),
        SortChoice::new(OrganizationSort::Name, SortDirection::Desc),
        SortChoice::new(OrganizationSort::CreatedAt, SortDirection::Desc),
        SortChoice::new(OrganizationSort::CreatedAt, SortDirection::Asc),
    ];

    const fn new(sort: OrganizationSort, direction: SortDirection) -> Self {
        Self { sort, direction }
    }

    /// The select's option value: `name-asc`, `created_at-desc`…
    pub fn key(self) -> String {
        let sort = match self.sort {
            OrganizationSort::Name => "name",
            OrganizationSort::CreatedAt => "created_at",
        };
        let direction = match self.direction {
            SortDirection::Asc => "asc",
            SortDirection::Desc => "desc",
        };
        format!("{sort}-{direction}")
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|choice| choice.key() == key)
    }

    pub fn label(self) -> &'static str {
        match (self.sort, self.direction) {
            (OrganizationSort::Name, SortDirection::Asc) => "Name, A to Z",
            (OrganizationSort::Name, SortDirection::Desc) => "Name, Z to A",
            (OrganizationSort::CreatedAt, SortDirection::Desc) => "Newest first",
            (OrganizationSort::CreatedAt, SortDirection::Asc) => "Oldest first",
        }
    }
}

/// Which organisations the list shows: all, those still served, or the offboarded ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Served {
    #[default]
    All,
    Current,
    Offboarded,
}

impl Served {
    pub const ALL: [Served; 3] = [Served::All, Served::Current, Served::Offboarded];

    /// The select's option value.
    pub fn key(self) -> &'static str {
        match self {
            Served::All => "all",
            Served::Current => "current",
            Served::Offboarded => "offboarded",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Served::All => "All organisations",
            Served::Current => "Current organisations",
            Served::Offboarded => "Offboarded organisations",
        }
    }

    fn as_filter(self) -> Option<bool> {
        match self {
            Served::All => None,
            Served::Current => Some(false),
            Served::Offboarded => Some(true),
        }
    }
}

/// What the list shows. A new search, filter or order goes back to the first page, since the
/// page the admin was on may no longer exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationQuery {
    /// As applied (debounced or on Enter), trimmed.
    pub search: String,
    pub served: Served,
    pub order: SortChoice,
    /// From 1.
    pub page: u32,
}

impl Default for OrganisationQuery {
    fn default() -> Self {
        Self {
            search: String::new(),
            served: Served::default(),
            order: SortChoice::default(),
            page: 1,
        }
    }
}

/// A change to the query; applied to the query as it is then (a debounced search must not
/// undo an order chosen meanwhile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryChange {
    Search(String),
    Served(Served),
    Order(SortChoice),
    Page(u32),
}

impl OrganisationQuery {
    pub fn apply(&self, change: QueryChange) -> Self {
        match change {
            QueryChange::Search(search) => Self {
                search: search.trim().to_owned(),
                page: 1,
                ..self.clone()
            },
            QueryChange::Served(served) => Self {
                served,
                page: 1,
                ..self.clone()
            },
            QueryChange::Order(order) => Self {
                order,
                page: 1,
                ..self.clone()
            },
            QueryChange::Page(page) => Self {
                page: page.max(1),
                ..self.clone()
            },
        }
    }

    /// Whether a search or a filter narrows the list: an empty page then means "nothing
    /// matches".
    pub fn is_narrowed(&self) -> bool {
        !self.search.is_empty() || self.served != Served::All
    }

    pub fn to_request(&self) -> OrganizationListRequest {
        OrganizationListRequest {
            search: Some(self.search.trim().to_owned()).filter(|s| !s.is_empty()),
            sort: self.order.sort,
            direction: self.order.direction,
            page: self.page.max(1),
            page_size: PAGE_SIZE,
            offboarded: self.served.as_filter(),
        }
    }
}

/// "Partner, Client"; a dash when none is set.
pub fn account_types_text(types: &[AccountType]) -> String {
    match types.is_empty() {
        true => "—".to_owned(),
        false => types
            .iter()
            .map(|t| t.label())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// How far one part of the provisioning went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationBadge {
    /// `keycloak`, `metabase` or `lms`: for element ids.
    pub key: &'static str,
    pub label: &'static str,
    pub done: bool,
    /// "Confirmed · prod-eu", "Collection 42", "Not confirmed"…
    pub state_text: String,
}

impl IntegrationBadge {
    /// The `data-state` attribute: `done` or `missing`.
    pub fn state_attr(&self) -> &'static str {
        match self.done {
            true => "done",
            false => "missing",
        }
    }
}

/// Keycloak, the Metabase collection and the LMS, always all three, so a missing one shows
/// as missing rather than not at all.
pub fn integration_badges(state: &IntegrationState) -> [IntegrationBadge; 3] {
    let confirmed = |done: bool| match done {
        true => "Confirmed".to_owned(),
        false => "Not confirmed".to_owned(),
    };
    let keycloak_text = match (&state.keycloak_cluster, state.keycloak_confirmed) {
        (Some(cluster), true) => format!("Confirmed · {cluster}"),
        (_, done) => confirmed(done),
    };
    [
        IntegrationBadge {
            key: "keycloak",
            label: "Keycloak",
            done: state.keycloak_confirmed,
            state_text: keycloak_text,
        },
        IntegrationBadge {
            key: "metabase",
            label: "Metabase collection",
            done: state.metabase_collection_id.is_some(),
            state_text: match state.metabase_collection_id {
                Some(id) => format!("Collection {id}"),
                None => "No collection yet".to_owned(),
            },
        },
        IntegrationBadge {
            key: "lms",
            label: "LMS",
            done: state.lms_confirmed,
            state_text: confirmed(state.lms_confirmed),
        },
    ]
}

/// "2 of 4" system groups recorded.
pub fn system_groups_text(tools: &[SystemTool]) -> String {
    format!("{} of {}", tools.len(), SystemTool::ALL.len())
}

/// "3 of 10": how many of an organisation's people (or executions) the detail lists; it
/// lists only the first ones of a large organisation.
pub fn shown_of_total(shown: usize, total: u64) -> String {
    format!("{shown} of {}", total.max(shown as u64))
}

/// The link from an organisation's first people to all of them in the Users screen.
pub fn all_in_users_text(total: u64) -> String {
    match total {
        1 => "Open in Users".to_owned(),
        n => format!("All {n} in Users"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_asks_for_the_first_page_by_name() {
        assert_eq!(
            OrganisationQuery::default().to_request(),
            OrganizationListRequest {
                page: 1,
                page_size: PAGE_SIZE,
                ..OrganizationListRequest::default()
            }
        );
        assert!(!OrganisationQuery::default().is_narrowed());
    }

    #[test]
    fn the_served_filter_maps_onto_the_request_narrows_and_resets_the_page() {
        let query = OrganisationQuery::default().apply(QueryChange::Page(3));
        let offboarded = query.apply(QueryChange::Served(Served::Offboarded));
        assert_eq!(offboarded.page, 1, "a new filter starts at the first page");
        assert_eq!(offboarded.to_request().offboarded, Some(true));
        assert!(
            offboarded.is_narrowed(),
            "an empty page then means nothing matches"
        );
        let current = offboarded.apply(QueryChange::Served(Served::Current));
        assert_eq!(current.to_request().offboarded, Some(false));
        let all = current.apply(QueryChange::Served(Served::parse("all").unwrap()));
        assert_eq!(all.to_request().offboarded, None);
        assert!(!all.is_narrowed());
    }

    #[test]
    fn search_and_order_map_onto_the_request_and_reset_the_page() {
        let newest = SortChoice::parse("created_at-desc").unwrap();
        let query = OrganisationQuery::default()
            .apply(QueryChange::Page(3))
            .apply(QueryChange::Search("  acme ".into()));
        assert_eq!(query.page, 1, "a new search starts at the first page");
        let query = query
            .apply(QueryChange::Page(2))
            .apply(QueryChange::Order(newest));
        assert_eq!(query.page, 1, "a new order starts at the first page");
        let request = query.apply(QueryChange::Page(2)).to_request();
        assert_eq!(request.search.as_deref(), Some("acme"));
        assert_eq!(
            (request.sort, request.direction, request.page),
            (OrganizationSort::CreatedAt, SortDirection::Desc, 2)
        );
        let blank = query.apply(QueryChange::Search("   ".into()));
        assert_eq!(blank.to_request().search, None, "blank means no search");
        assert!(!blank.is_narrowed());
        assert_eq!(blank.apply(QueryChange::Page(0)).page, 1);
    }

    #[test]
    fn every_order_has_a_distinct_key_that_parses_back() {
        for choice in SortChoice::ALL {
            assert_eq!(SortChoice::parse(&choice.key()), Some(choice));
        }
        assert_eq!(SortChoice::default().key(), "name-asc");
        assert_eq!(SortChoice::parse("size-asc"), None);
    }

    #[test]
    fn integration_badges_say_what_is_done_and_what_is_missing() {
        let none = integration_badges(&IntegrationState::default());
        assert!(none.iter().all(|b| !b.done && b.state_attr() == "missing"));
        assert_eq!(none[1].state_text, "No collection yet");

        let done = integration_badges(&IntegrationState {
            keycloak_confirmed: true,
            keycloak_cluster: Some("prod-eu".into()),
            metabase_collection_id: Some(42),
            lms_confirmed: true,
        });
        let texts: Vec<_> = done.iter().map(|b| b.state_text.as_str()).collect();
        assert_eq!(texts, ["Confirmed · prod-eu", "Collection 42", "Confirmed"]);
        assert!(done.iter().all(|b| b.state_attr() == "done"));
        let keys: Vec<_> = done.iter().map(|b| b.key).collect();
        assert_eq!(keys, ["keycloak", "metabase", "lms"], "element ids");
    }

    #[test]
    fn facts_of_a_row_read_plainly() {
        assert_eq!(
            account_types_text(&[AccountType::Partner, AccountType::Internal]),
            "Partner, Internal"
        );
        assert_eq!(account_types_text(&[]), "—");
        assert_eq!(
            system_groups_text(&[SystemTool::Metabase, SystemTool::Slack]),
            "2 of 4"
        );
        assert_eq!(shown_of_total(3, 10), "3 of 10");
        assert_eq!(shown_of_total(3, 3), "3 of 3");
        assert_eq!(shown_of_total(0, 0), "0 of 0");
        assert_eq!(shown_of_total(2, 1), "2 of 2", "never fewer than shown");
    }
}
