//! Where a group HyOpps recorded can be opened in its own system: the Metabase group in
//! Metabase's admin, the Teams channel in Teams, the Keycloak group in Keycloak's admin console.
//! Built from the settings in effect (addresses only, no secret) whenever they change; Slack's
//! user groups have no address of their own, so they get none.

use std::sync::{Arc, RwLock};

use hyopps_contract::SystemTool;
use url::form_urlencoded::byte_serialize;
use url::Url;

use super::effective::Effective;

/// Teams' web address for links to a channel.
const TEAMS_CHANNEL_LINK: &str = "https://teams.microsoft.com/l/channel/";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemLinks {
    metabase: Option<Url>,
    teams: Option<TeamsPlace>,
    keycloak: Option<(Url, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct TeamsPlace {
    team_id: String,
    tenant_id: String,
}

impl SystemLinks {
    pub(crate) fn from_settings(effective: &Effective) -> SystemLinks {
        let value = |system: &str, key: &str| {
            effective
                .system(system)
                .map(|values| values.get(key).trim().to_string())
                .filter(|value| !value.is_empty())
        };
        let web = |system: &str| value(system, "url").and_then(|url| Url::parse(&url).ok());
        SystemLinks {
            metabase: web("metabase"),
            teams: value("graph", "team_id")
                .zip(value("graph", "tenant_id"))
                .map(|(team_id, tenant_id)| TeamsPlace { team_id, tenant_id }),
            keycloak: web("keycloak").zip(value("keycloak", "realm")),
        }
    }

    /// The group's page in its system, when the system has one and is set up here.
    pub fn group(&self, tool: SystemTool, external_id: &str, name: Option<&str>) -> Option<String> {
        let id = external_id.trim();
        if id.is_empty() {
            return None;
        }
        match tool {
            SystemTool::Metabase => {
                let base = self.metabase.as_ref()?;
                Some(below(base, &["admin", "people", "groups", id]))
            }
            SystemTool::Teams => {
                let place = self.teams.as_ref()?;
                Some(format!(
                    "{TEAMS_CHANNEL_LINK}{}/{}?groupId={}&tenantId={}",
                    encoded(id),
                    encoded(name.unwrap_or(id)),
                    encoded(&place.team_id),
                    encoded(&place.tenant_id),
                ))
            }
            SystemTool::Keycloak => {
                let (base, realm) = self.keycloak.as_ref()?;
                let console = below(base, &["admin", "master", "console", ""]);
                Some(format!(
                    "{console}#/{}/groups/{}",
                    encoded(realm),
                    encoded(id)
                ))
            }
            SystemTool::Slack => None,
        }
    }
}

/// `base` with `segments` added to its path (each encoded), whatever path it already has.
fn below(base: &Url, segments: &[&str]) -> String {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url.to_string()
}

fn encoded(text: &str) -> String {
    byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The links in effect, replaced when the settings change; clones share them.
#[derive(Debug, Clone, Default)]
pub(crate) struct LiveLinks(Arc<RwLock<SystemLinks>>);

impl LiveLinks {
    pub(crate) fn replace(&self, links: SystemLinks) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = links;
    }

    pub(crate) fn current(&self) -> SystemLinks {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> SystemLinks {
        SystemLinks {
            metabase: Url::parse("https://bi.example.com/metabase/").ok(),
            teams: Some(TeamsPlace {
                team_id: "team-1".into(),
                tenant_id: "tenant-9".into(),
            }),
            keycloak: Url::parse("https://sso.example.com")
                .ok()
                .zip(Some("studio".into())),
        }
    }

    #[test]
    fn each_system_s_group_opens_on_its_own_page() {
        let links = links();
        assert_eq!(
            links
                .group(SystemTool::Metabase, "17", Some("ext-obrien"))
                .as_deref(),
            Some("https://bi.example.com/metabase/admin/people/groups/17")
        );
        assert_eq!(
            links
                .group(SystemTool::Teams, "19:abc@thread.tacv2", Some("O'Brien & Söhne"))
                .as_deref(),
            Some("https://teams.microsoft.com/l/channel/19%3Aabc%40thread.tacv2/O%27Brien%20%26%20S%C3%B6hne?groupId=team-1&tenantId=tenant-9"),
            "the channel's id and name are encoded, punctuation and accents included"
        );
        assert_eq!(
            links.group(SystemTool::Keycloak, "kc-7", None).as_deref(),
            Some("https://sso.example.com/admin/master/console/#/studio/groups/kc-7")
        );
        assert_eq!(
            links.group(SystemTool::Slack, "S01", Some("g")),
            None,
            "Slack groups have no page"
        );
    }

    #[test]
    fn no_link_without_the_system_s_address_or_an_id() {
        let none = SystemLinks::default();
        for tool in SystemTool::ALL {
            assert_eq!(none.group(tool, "17", Some("name")), None);
        }
        assert_eq!(links().group(SystemTool::Metabase, "  ", None), None);
    }
}
