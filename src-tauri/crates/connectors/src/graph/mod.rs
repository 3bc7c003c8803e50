//! Microsoft Teams through Microsoft Graph, as an app (client credentials): partner channels in
//! the configured team, and partner people as members (guests when they are new to the tenant).

mod api;
mod channels;
mod guests;
mod leaving;
mod members;
mod presence;
mod roster;
mod token;

use serde::Deserialize;

use self::api::GraphApi;
use self::token::TokenSource;
use crate::http::Http;
use crate::systems::{BoxFuture, ChannelRef, GuestDeletion, Removal, TeamsApi};
use crate::{
    ChannelMembership, ConnectorError, ConnectorResult, GraphSettings, GroupRoster, TeamsPresence,
};

const SYSTEM: &str = "Microsoft Teams";

/// The real [`TeamsApi`]: every verb is find-or-create or remove-if-there, so a retried step
/// creates nothing twice and finds what it removed already gone.
pub struct GraphConnector {
    api: GraphApi,
    team_id: String,
    membership: ChannelMembership,
    /// The owner new private channels are created with (empty when not set).
    private_channel_owner: String,
    /// Whether a leaver's guest account is deleted (Settings; off by default).
    delete_guests_on_leaving: bool,
    /// Whether every setting a call needs is filled in.
    configured: bool,
    tenant_id: String,
    client_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Team {
    #[serde(default)]
    display_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Owner {
    #[serde(default)]
    display_name: String,
}

impl GraphConnector {
    pub fn new(settings: GraphSettings) -> Self {
        let configured = !settings.tenant_id.trim().is_empty()
            && !settings.client_id.trim().is_empty()
            && !settings.client_secret.is_empty()
            && !settings.team_id.trim().is_empty();
        let tokens = TokenSource::new(
            &settings.login_url,
            &settings.tenant_id,
            &settings.client_id,
            settings.client_secret,
        );
        Self {
            api: GraphApi::new(Http::new(SYSTEM), &settings.base_url, tokens),
            team_id: settings.team_id.trim().to_string(),
            membership: settings.channel_membership,
            private_channel_owner: settings.private_channel_owner.trim().to_string(),
            delete_guests_on_leaving: settings.delete_guests_on_leaving,
            configured,
            tenant_id: settings.tenant_id.trim().to_string(),
            client_id: settings.client_id.trim().to_string(),
        }
    }

    /// Signs in and reads the configured team: "Signed in to Microsoft Graph as app … ; team
    /// "…" found …".
    pub async fn test_connection(&self) -> ConnectorResult<String> {
        self.require_settings()?;
        self.api.tokens().get().await?;
        let what = "read the team set in Settings";
        let url = self.api.url(&["teams", &self.team_id])?;
        let team: Team = self
            .api
            .send_for_json(what, "", |client| client.get(url.clone()))
            .await?;
        let owner = match self.membership {
            ChannelMembership::Standard => String::new(),
            ChannelMembership::Private => {
                format!(", owned by {}", self.read_private_channel_owner().await?)
            }
        };
        Ok(format!(
            "Signed in to Microsoft Graph as app {} in tenant {}; team \"{}\" found, where partner channels will be {}{owner}.",
            self.client_id,
            self.tenant_id,
            team.display_name,
            self.membership.as_graph()
        ))
    }

    /// The display name of the private channels' owner, read from the directory.
    async fn read_private_channel_owner(&self) -> ConnectorResult<String> {
        if self.private_channel_owner.is_empty() {
            return Err(channels::owner_missing("create private channels"));
        }
        let url = self.api.url(&["users", &self.private_channel_owner])?;
        let owner: Owner = self
            .api
            .send_for_json(
                "read the private channel owner set in Settings",
                "Enter the Entra object id of an existing person as the private channel owner in Settings → Microsoft Teams.",
                |client| client.get(url.clone()),
            )
            .await?;
        Ok(owner.display_name)
    }

    fn require_settings(&self) -> ConnectorResult<()> {
        if self.configured {
            Ok(())
        } else {
            Err(ConnectorError::NotConfigured {
                system: SYSTEM.into(),
            })
        }
    }

    async fn ensure_member_of(
        &self,
        email: &str,
        display_name: &str,
        channel: &ChannelRef,
    ) -> ConnectorResult<String> {
        self.require_settings()?;
        let email = email.trim();
        // Read before anyone is invited, so a wrong channel id changes nothing.
        let private = channel.private || self.channel_is_private(channel).await?;
        let user_id = self.find_or_invite_user(email, display_name).await?;
        // A private channel only takes members of its team.
        self.ensure_in_team(&user_id, email).await?;
        if private {
            self.ensure_in_channel(&channel.id, &channel.name, &user_id, email)
                .await?;
        }
        Ok(user_id)
    }
}

impl TeamsApi for GraphConnector {
    fn ensure_channel<'a>(&'a self, display_name: &'a str) -> BoxFuture<'a, ChannelRef> {
        Box::pin(async move {
            self.require_settings()?;
            self.find_or_create_channel(display_name).await
        })
    }

    fn ensure_member<'a>(
        &'a self,
        email: &'a str,
        display_name: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, String> {
        Box::pin(self.ensure_member_of(email, display_name, channel))
    }

    fn remove_member<'a>(
        &'a self,
        email: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, Removal> {
        Box::pin(self.remove_member_of(email, channel))
    }
    fn delete_guest<'a>(&'a self, email: &'a str) -> BoxFuture<'a, GuestDeletion> {
        Box::pin(self.delete_guest_of(email))
    }
    fn leave_channel<'a>(
        &'a self,
        email: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, Removal> {
        Box::pin(self.leave_channel_of(email, channel))
    }
    fn find_channel<'a>(&'a self, display_name: &'a str) -> BoxFuture<'a, Option<ChannelRef>> {
        Box::pin(self.existing_channel_named(display_name))
    }
    fn presence<'a>(
        &'a self,
        email: &'a str,
        channel: Option<&'a ChannelRef>,
    ) -> BoxFuture<'a, TeamsPresence> {
        Box::pin(self.presence_of(email, channel))
    }
    fn group_rosters<'a>(&'a self, channels: &'a [ChannelRef]) -> BoxFuture<'a, Vec<GroupRoster>> {
        Box::pin(self.rosters(channels))
    }
}
