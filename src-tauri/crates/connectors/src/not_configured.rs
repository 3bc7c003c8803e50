//! The connector of a system that has no settings yet: every call says so, none pretends.

use crate::systems::*;
use crate::{ConnectorError, GroupRoster, KeycloakPresence, SlackPresence, TeamsPresence};

pub struct NotConfigured {
    error: ConnectorError,
}

impl NotConfigured {
    /// Every call fails with "<system> is not configured: open Settings → <system>."
    pub fn system(name: &str) -> Self {
        Self {
            error: ConnectorError::NotConfigured {
                system: name.to_string(),
            },
        }
    }

    /// Studio without a webhook: every call becomes a manual task for the admin.
    pub fn webhook() -> Self {
        Self {
            error: ConnectorError::ManualTask {
                instructions: "No Studio webhook is configured (Settings → Webhooks), so do this in Studio yourself, then complete the step here.".into(),
            },
        }
    }

    fn fail<'a, T: 'a>(&self) -> BoxFuture<'a, T> {
        let error = self.error.clone();
        Box::pin(async move { Err(error) })
    }
}

impl MetabaseApi for NotConfigured {
    fn clone_template_collection<'a>(&'a self, _: &'a str, _: Option<i64>) -> BoxFuture<'a, i64> {
        self.fail()
    }
    fn ensure_group<'a>(&'a self, _: &'a str) -> BoxFuture<'a, GroupRef> {
        self.fail()
    }
    fn grant_collection_access<'a>(&'a self, _: &'a str, _: i64) -> BoxFuture<'a, ()> {
        self.fail()
    }
    fn grant_database_access<'a>(&'a self, _: &'a str) -> BoxFuture<'a, ()> {
        self.fail()
    }
    fn ensure_user_in_group<'a>(
        &'a self,
        _: &'a str,
        _: &'a str,
        _: &'a str,
        _: &'a str,
    ) -> BoxFuture<'a, i64> {
        self.fail()
    }
    fn list_groups(&self) -> BoxFuture<'_, Vec<MetabaseGroup>> {
        self.fail()
    }
    fn user_memberships(&self, _: i64) -> BoxFuture<'_, Vec<MetabaseMembership>> {
        self.fail()
    }
    fn add_user_to_group(&self, _: i64, _: i64) -> BoxFuture<'_, ()> {
        self.fail()
    }
    fn remove_membership(&self, _: i64) -> BoxFuture<'_, ()> {
        self.fail()
    }
    fn find_user<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Option<i64>> {
        self.fail()
    }
    fn deactivate_user(&self, _: i64) -> BoxFuture<'_, Removal> {
        self.fail()
    }
    fn archive_collection(&self, _: i64) -> BoxFuture<'_, Removal> {
        self.fail()
    }
    fn group_rosters<'a>(&'a self, _: &'a [i64]) -> BoxFuture<'a, Vec<GroupRoster>> {
        self.fail()
    }
    fn revoke_group_access<'a>(&'a self, _: &'a str, _: Option<i64>) -> BoxFuture<'a, Removal> {
        self.fail()
    }
}

impl TeamsApi for NotConfigured {
    fn ensure_channel<'a>(&'a self, _: &'a str) -> BoxFuture<'a, ChannelRef> {
        self.fail()
    }
    fn ensure_member<'a>(
        &'a self,
        _: &'a str,
        _: &'a str,
        _: &'a ChannelRef,
    ) -> BoxFuture<'a, String> {
        self.fail()
    }
    fn remove_member<'a>(&'a self, _: &'a str, _: &'a ChannelRef) -> BoxFuture<'a, Removal> {
        self.fail()
    }
    fn leave_channel<'a>(&'a self, _: &'a str, _: &'a ChannelRef) -> BoxFuture<'a, Removal> {
        self.fail()
    }
    fn delete_guest<'a>(&'a self, _: &'a str) -> BoxFuture<'a, GuestDeletion> {
        self.fail()
    }
    fn find_channel<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Option<ChannelRef>> {
        self.fail()
    }
    fn presence<'a>(
        &'a self,
        _: &'a str,
        _: Option<&'a ChannelRef>,
    ) -> BoxFuture<'a, TeamsPresence> {
        self.fail()
    }
    fn group_rosters<'a>(&'a self, _: &'a [ChannelRef]) -> BoxFuture<'a, Vec<GroupRoster>> {
        self.fail()
    }
}

impl SlackApi for NotConfigured {
    fn ensure_usergroup<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, GroupRef> {
        self.fail()
    }
    fn add_to_usergroup<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, String> {
        self.fail()
    }
    fn remove_from_usergroup<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, Removal> {
        self.fail()
    }
    fn disable_usergroup<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Removal> {
        self.fail()
    }
    fn find_usergroup<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, Option<GroupRef>> {
        self.fail()
    }
    fn presence<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, SlackPresence> {
        self.fail()
    }
    fn group_rosters<'a>(&'a self, _: &'a [String]) -> BoxFuture<'a, Vec<GroupRoster>> {
        self.fail()
    }
}

impl KeycloakApi for NotConfigured {
    fn invite_user<'a>(
        &'a self,
        _: &'a str,
        _: &'a str,
        _: &'a str,
        _: Option<&'a str>,
        _: &'a str,
    ) -> BoxFuture<'a, KeycloakInvite> {
        self.fail()
    }
    fn leave_group<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, KeycloakLeave> {
        self.fail()
    }
    fn empty_group<'a>(&'a self, _: &'a str) -> BoxFuture<'a, GroupEmptied> {
        self.fail()
    }
    fn presence<'a>(&'a self, _: &'a str, _: Option<&'a str>) -> BoxFuture<'a, KeycloakPresence> {
        self.fail()
    }
    fn group_rosters<'a>(&'a self, _: &'a [String]) -> BoxFuture<'a, Vec<GroupRoster>> {
        self.fail()
    }
}

impl StudioApi for NotConfigured {
    fn grant_companies<'a>(&'a self, _: &'a str, _: &'a [String]) -> BoxFuture<'a, ()> {
        self.fail()
    }
    fn create_user_company<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, GroupRef> {
        self.fail()
    }
    fn revoke_access<'a>(
        &'a self,
        _: &'a str,
        _: &'a [String],
        _: Option<&'a str>,
    ) -> BoxFuture<'a, ()> {
        self.fail()
    }
}

impl EmailApi for NotConfigured {
    fn send_documentation<'a>(&'a self, _: &'a DocumentationEmail) -> BoxFuture<'a, ()> {
        self.fail()
    }
}
