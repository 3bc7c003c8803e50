//! The verbs each system offers the workflows. All are idempotent.

use std::future::Future;
use std::pin::Pin;

use crate::presence::{GroupRoster, KeycloakPresence, SlackPresence, TeamsPresence};
use crate::ConnectorResult;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = ConnectorResult<T>> + Send + 'a>>;

/// A group (or user group) in an outside system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

/// A Teams channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelRef {
    pub id: String,
    pub name: String,
    pub private: bool,
}

/// A Metabase permission group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetabaseGroup {
    pub id: i64,
    pub name: String,
}

/// One of a Metabase user's group memberships; `membership_id` is what removing it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetabaseMembership {
    pub membership_id: i64,
    pub group_id: i64,
    pub group_name: String,
}

/// What a verb that takes access away found: it removed it, or it was not there (someone
/// removed it by hand, or an earlier try of the same step did). Both are success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Removed,
    AlreadyGone,
}

impl Removal {
    /// `Removed` when any of `removals` removed something.
    pub fn any(removals: impl IntoIterator<Item = Removal>) -> Removal {
        if removals.into_iter().any(|r| r == Removal::Removed) {
            Removal::Removed
        } else {
            Removal::AlreadyGone
        }
    }
}

/// What deleting a leaver's guest account did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuestDeletion {
    /// Settings keep guests (the default): nothing was asked of the directory.
    NotAsked,
    Deleted,
    /// No such account (deleted by hand, or by an earlier try).
    AlreadyGone,
    /// A member of the company's own directory, never deleted.
    NotAGuest,
}

/// What emptying an organisation's Keycloak group did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupEmptied {
    /// Members taken out of the group.
    pub removed: usize,
    /// Of them, accounts then in no group: disabled and signed out.
    pub disabled: usize,
}

/// What leaving the organisation's Keycloak group did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeycloakLeave {
    /// The group membership.
    pub group: Removal,
    /// The account was disabled and its sessions ended, because the person is in no other
    /// group (organisation) any more; `false` when they still are, or when there is no account.
    pub disabled: bool,
}

pub trait MetabaseApi: Send + Sync {
    /// Fills the partner's collection from the configured template and returns its id. The
    /// collection is `known_id` (the one HyOpps already made for the organisation) while it
    /// exists, else one HyOpps marked as made for `name`, else a new one: never another
    /// collection that merely has that name.
    fn clone_template_collection<'a>(
        &'a self,
        name: &'a str,
        known_id: Option<i64>,
    ) -> BoxFuture<'a, i64>;
    /// The group of that name, created if missing.
    fn ensure_group<'a>(&'a self, name: &'a str) -> BoxFuture<'a, GroupRef>;
    /// Gives the group write access to the collection (collection graph).
    fn grant_collection_access<'a>(
        &'a self,
        group_id: &'a str,
        collection_id: i64,
    ) -> BoxFuture<'a, ()>;
    /// Gives the group access to the configured database (data permissions graph).
    fn grant_database_access<'a>(&'a self, group_id: &'a str) -> BoxFuture<'a, ()>;
    /// Finds the user by exact email or creates them, and adds them to the group unless
    /// already a member; returns the Metabase user id.
    fn ensure_user_in_group<'a>(
        &'a self,
        email: &'a str,
        first_name: &'a str,
        last_name: &'a str,
        group_id: &'a str,
    ) -> BoxFuture<'a, i64>;
    /// Every permission group, for the admin's "add to a group" choice.
    fn list_groups(&self) -> BoxFuture<'_, Vec<MetabaseGroup>>;
    /// The user's live group memberships (All Users included).
    fn user_memberships(&self, user_id: i64) -> BoxFuture<'_, Vec<MetabaseMembership>>;
    /// Adds the user to the group; already a member is success.
    fn add_user_to_group(&self, user_id: i64, group_id: i64) -> BoxFuture<'_, ()>;
    /// Removes one membership; one already gone is success.
    fn remove_membership(&self, membership_id: i64) -> BoxFuture<'_, ()>;
    /// The id of the Metabase user with exactly this email (active or not), if any.
    fn find_user<'a>(&'a self, email: &'a str) -> BoxFuture<'a, Option<i64>>;
    /// Deactivates the user (`DELETE /api/user/:id`, which Metabase keeps as inactive); a user
    /// already inactive or gone is `AlreadyGone`.
    fn deactivate_user(&self, user_id: i64) -> BoxFuture<'_, Removal>;
    /// Takes the group's access away: none to the collection (when given), no queries on the
    /// configured database. Already so is `AlreadyGone`.
    fn revoke_group_access<'a>(
        &'a self,
        group_id: &'a str,
        collection_id: Option<i64>,
    ) -> BoxFuture<'a, Removal>;
    /// Moves the collection to Metabase's trash (`PUT /api/collection/:id {"archived": true}`):
    /// kept, no longer shown. One already archived or gone is `AlreadyGone`.
    fn archive_collection(&self, collection_id: i64) -> BoxFuture<'_, Removal>;
    /// Reads only: the members of each group (deactivated accounts included, marked), in the
    /// order asked; the membership map and the user list are read once for all of them.
    fn group_rosters<'a>(&'a self, group_ids: &'a [i64]) -> BoxFuture<'a, Vec<GroupRoster>>;
}

pub trait TeamsApi: Send + Sync {
    /// The channel of that name in the configured team, created if missing.
    fn ensure_channel<'a>(&'a self, display_name: &'a str) -> BoxFuture<'a, ChannelRef>;
    /// Invites the user as a guest unless they exist, adds them to the team and, for a private
    /// channel, to the channel; returns the directory user id.
    fn ensure_member<'a>(
        &'a self,
        email: &'a str,
        display_name: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, String>;
    /// Removes the person with this email from a private `channel`'s members, then from the
    /// configured team's members. Someone not in the directory, or in neither, is `AlreadyGone`.
    fn remove_member<'a>(
        &'a self,
        email: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, Removal>;
    /// Deletes the person's guest account when Settings ask for it (off by default); a member
    /// of the company's directory is never deleted.
    fn delete_guest<'a>(&'a self, email: &'a str) -> BoxFuture<'a, GuestDeletion>;
    /// Removes the person from a private `channel`'s members only: they stay in the team (a
    /// move to another organisation's channel). A standard channel, someone not in the
    /// directory or not in the channel is `AlreadyGone`.
    fn leave_channel<'a>(
        &'a self,
        email: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, Removal>;
    /// Reads only: the team's channel that [`TeamsApi::ensure_channel`] would find for this
    /// name, if there is one.
    fn find_channel<'a>(&'a self, display_name: &'a str) -> BoxFuture<'a, Option<ChannelRef>>;
    /// Reads only: whether the person with this email is in the directory, the team and, for a
    /// private `channel`, the channel.
    fn presence<'a>(
        &'a self,
        email: &'a str,
        channel: Option<&'a ChannelRef>,
    ) -> BoxFuture<'a, TeamsPresence>;
    /// Reads only: who can read each channel, in the order asked: a private channel's members
    /// (who are also in the team), or the whole team for a standard channel (not exclusive).
    /// The team's roster is read once for all of them.
    fn group_rosters<'a>(&'a self, channels: &'a [ChannelRef]) -> BoxFuture<'a, Vec<GroupRoster>>;
}

pub trait SlackApi: Send + Sync {
    /// The user group of that handle, created if missing.
    fn ensure_usergroup<'a>(&'a self, name: &'a str, handle: &'a str) -> BoxFuture<'a, GroupRef>;
    /// Adds the user to the group (merging the member list); a guest is invited to the group's
    /// channel instead. Returns the Slack user id.
    fn add_to_usergroup<'a>(
        &'a self,
        email: &'a str,
        usergroup_id: &'a str,
    ) -> BoxFuture<'a, String>;
    /// Takes the person with this email out of the user group (the member list without them);
    /// when they were its last member the group is disabled instead, as Slack refuses an empty
    /// list. Someone not in the workspace or not in the group is `AlreadyGone`.
    fn remove_from_usergroup<'a>(
        &'a self,
        email: &'a str,
        usergroup_id: &'a str,
    ) -> BoxFuture<'a, Removal>;
    /// Disables the whole user group (`usergroups.disable`): it no longer reaches anyone. One
    /// already disabled is `AlreadyGone`.
    fn disable_usergroup<'a>(&'a self, usergroup_id: &'a str) -> BoxFuture<'a, Removal>;
    /// Reads only: the user group [`SlackApi::ensure_usergroup`] would find, if there is one.
    fn find_usergroup<'a>(
        &'a self,
        name: &'a str,
        handle: &'a str,
    ) -> BoxFuture<'a, Option<GroupRef>>;
    /// Reads only: whether the person with this email is in the workspace and in the user group.
    fn presence<'a>(
        &'a self,
        email: &'a str,
        usergroup_id: &'a str,
    ) -> BoxFuture<'a, SlackPresence>;
    /// Reads only: the members of each user group by email, in the order asked, and whether it
    /// is enabled; the workspace's user list and groups are read once for all of them.
    fn group_rosters<'a>(&'a self, usergroup_ids: &'a [String]) -> BoxFuture<'a, Vec<GroupRoster>>;
}

/// What inviting a user to Studio through Keycloak did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeycloakInvite {
    pub user_id: String,
    pub group: GroupRef,
}

pub trait KeycloakApi: Send + Sync {
    /// Creates (or finds) the enabled user, adds them to the group (`group_id`, or the group
    /// named `group_name`, created if missing) and, unless the user already has a password,
    /// sends the verify-email/set-password email.
    fn invite_user<'a>(
        &'a self,
        email: &'a str,
        first_name: &'a str,
        last_name: &'a str,
        group_id: Option<&'a str>,
        group_name: &'a str,
    ) -> BoxFuture<'a, KeycloakInvite>;
    /// Takes the user with this email out of the group; when they are then in no group at all,
    /// disables the account (`PUT /users/{id} {"enabled": false}`) and ends its sessions
    /// (`POST /users/{id}/logout`). No such user is `AlreadyGone`, not disabled.
    fn leave_group<'a>(&'a self, email: &'a str, group_id: &'a str)
        -> BoxFuture<'a, KeycloakLeave>;
    /// Takes every member out of the group (`GET /groups/{id}/members`, every page), each as
    /// [`KeycloakApi::leave_group`] does. A group already empty or gone empties nothing.
    fn empty_group<'a>(&'a self, group_id: &'a str) -> BoxFuture<'a, GroupEmptied>;
    /// Reads only: whether the user with this email exists, is enabled, and is in the group
    /// (`group_id`, when the organisation has one on record).
    fn presence<'a>(
        &'a self,
        email: &'a str,
        group_id: Option<&'a str>,
    ) -> BoxFuture<'a, KeycloakPresence>;
    /// Reads only: each group's direct members (every page of them) and whether each account
    /// is enabled, in the order asked.
    fn group_rosters<'a>(&'a self, group_ids: &'a [String]) -> BoxFuture<'a, Vec<GroupRoster>>;
}

/// Studio has no public API: these go through configured webhooks.
pub trait StudioApi: Send + Sync {
    /// Gives the user access to these Studio companies (Studio ids).
    fn grant_companies<'a>(&'a self, email: &'a str, studio_ids: &'a [String])
        -> BoxFuture<'a, ()>;
    /// Creates the user's personal Studio company; returns its Studio id and name.
    fn create_user_company<'a>(&'a self, email: &'a str, name: &'a str) -> BoxFuture<'a, GroupRef>;
    /// Takes the user's access to these Studio companies (Studio ids) away and removes their
    /// personal company (its Studio id), when they have one.
    fn revoke_access<'a>(
        &'a self,
        email: &'a str,
        studio_ids: &'a [String],
        personal_company: Option<&'a str>,
    ) -> BoxFuture<'a, ()>;
}

/// The documentation email of `share_documentation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentationEmail {
    pub to: String,
    pub recipient_name: String,
    pub organization_name: String,
    /// (label, URL) of each link that is set.
    pub links: Vec<(String, String)>,
}

pub trait EmailApi: Send + Sync {
    fn send_documentation<'a>(&'a self, email: &'a DocumentationEmail) -> BoxFuture<'a, ()>;
}
