//! The Organisations screens' pieces: the list's table, the detail's cards (each saving its
//! own part and handing the organisation as stored back to the page), and deleting.

mod access_check_card;
mod danger_zone;
mod details_card;
mod documentation_card;
mod integration_badges;
mod list_table;
mod offboard_card;
mod people_card;
mod studio_companies_card;
mod studio_company_fields;
mod studio_company_forms;
mod system_groups_card;
mod systems_card;

pub use access_check_card::AccessCheckCard;
pub use danger_zone::DangerZone;
pub use details_card::DetailsCard;
pub use documentation_card::DocumentationCard;
pub use integration_badges::{IntegrationBadges, IntegrationsCard};
pub use list_table::OrganisationsTable;
pub use offboard_card::OffboardCard;
pub use people_card::{ExecutionsCard, PeopleCard};
pub use studio_companies_card::StudioCompaniesCard;
pub use system_groups_card::SystemGroupsCard;
pub use systems_card::SystemsCard;
