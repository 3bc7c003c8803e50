//! In-process stand-ins for every system, for tests and benchmarks only (feature `in-memory`):
//! each object is created once by name and found after that, like the real systems' verbs,
//! with an optional latency per call to imitate a network.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::systems::*;
use crate::{GroupRoster, KeycloakPresence, RosterMember, SlackPresence, TeamsPresence};

#[derive(Default)]
pub struct InMemorySystems {
    objects: Mutex<HashMap<String, String>>,
    emails: Mutex<Vec<DocumentationEmail>>,
    calls: Mutex<usize>,
    latency: Duration,
}

impl InMemorySystems {
    pub fn with_latency(latency: Duration) -> Self {
        Self {
            latency,
            ..Self::default()
        }
    }

    /// Everything bundled as [`crate::Connectors`].
    pub fn connectors(self: &std::sync::Arc<Self>) -> crate::Connectors {
        crate::Connectors {
            metabase: self.clone(),
            teams: self.clone(),
            slack: self.clone(),
            keycloak: self.clone(),
            studio: self.clone(),
            email: self.clone(),
        }
    }

    /// The id of the `kind` object called `name`, created on first use (`kind-<n>`, n counting
    /// every object created so far).
    pub fn ensure(&self, kind: &str, name: &str) -> String {
        let mut objects = self.objects.lock().unwrap_or_else(|p| p.into_inner());
        let next = format!("{kind}-{}", objects.len() + 1);
        objects
            .entry(format!("{kind}:{name}"))
            .or_insert(next)
            .clone()
    }

    /// How many `kind` objects exist.
    pub fn count(&self, kind: &str) -> usize {
        let prefix = format!("{kind}:");
        self.objects
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .count()
    }

    /// The names of the `kind` objects.
    pub fn names(&self, kind: &str) -> Vec<String> {
        let prefix = format!("{kind}:");
        let mut names: Vec<String> = self
            .objects
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix).map(str::to_string))
            .collect();
        names.sort();
        names
    }

    pub fn emails(&self) -> Vec<DocumentationEmail> {
        self.emails
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn calls(&self) -> usize {
        *self.calls.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn answer<'a, T: Send + 'a>(
        &'a self,
        value: impl FnOnce() -> T + Send + 'a,
    ) -> BoxFuture<'a, T> {
        Box::pin(async move {
            *self.calls.lock().unwrap_or_else(|p| p.into_inner()) += 1;
            if !self.latency.is_zero() {
                tokio::time::sleep(self.latency).await;
            }
            Ok(value())
        })
    }

    /// Takes the `kind` object called `name` away. It is kept under another kind: the map's size
    /// numbers new objects, so removing the entry outright would hand its id to the next one.
    fn take_away(&self, kind: &str, name: &str) -> Removal {
        let mut objects = self.objects.lock().unwrap_or_else(|p| p.into_inner());
        match objects.remove(&format!("{kind}:{name}")) {
            Some(id) => {
                objects.insert(format!("removed-{kind}:{name}/{id}"), id);
                Removal::Removed
            }
            None => Removal::AlreadyGone,
        }
    }

    fn exists(&self, kind: &str, name: &str) -> bool {
        self.id_of(kind, name).is_some()
    }

    /// The id of the `kind` object called `name`, without creating it.
    fn id_of(&self, kind: &str, name: &str) -> Option<String> {
        self.objects
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&format!("{kind}:{name}"))
            .cloned()
    }

    /// How many `kind` entries named `<who>/<group>` have this `who` (or this `group`).
    fn pairs(&self, kind: &str, who: Option<&str>, group: Option<&str>) -> usize {
        self.entries(kind)
            .iter()
            .filter_map(|(key, _)| key.rsplit_once('/'))
            .filter(|(w, g)| who.is_none_or(|x| x == *w) && group.is_none_or(|x| x == *g))
            .count()
    }

    fn number(&self, kind: &str, name: &str) -> i64 {
        let id = self.ensure(kind, name);
        id.rsplit('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_default()
    }
}

impl MetabaseApi for InMemorySystems {
    fn clone_template_collection<'a>(
        &'a self,
        name: &'a str,
        known_id: Option<i64>,
    ) -> BoxFuture<'a, i64> {
        self.answer(move || known_id.unwrap_or_else(|| self.number("collection", name)))
    }
    fn ensure_group<'a>(&'a self, name: &'a str) -> BoxFuture<'a, GroupRef> {
        self.answer(move || GroupRef {
            id: self.ensure("mbgroup", name),
            name: name.into(),
        })
    }
    fn grant_collection_access<'a>(&'a self, group: &'a str, collection: i64) -> BoxFuture<'a, ()> {
        self.answer(move || {
            self.ensure("collection-grant", &format!("{group}/{collection}"));
        })
    }
    fn grant_database_access<'a>(&'a self, group: &'a str) -> BoxFuture<'a, ()> {
        self.answer(move || {
            self.ensure("db-grant", group);
        })
    }
    fn ensure_user_in_group<'a>(
        &'a self,
        email: &'a str,
        _: &'a str,
        _: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, i64> {
        self.answer(move || {
            self.ensure("mbmembership", &format!("{email}/{group}"));
            self.number("mbuser", email)
        })
    }
    fn list_groups(&self) -> BoxFuture<'_, Vec<MetabaseGroup>> {
        self.answer(move || {
            self.entries("mbgroup")
                .into_iter()
                .map(|(name, id)| MetabaseGroup {
                    id: trailing_number(&id),
                    name,
                })
                .collect()
        })
    }
    fn group_rosters<'a>(&'a self, group_ids: &'a [i64]) -> BoxFuture<'a, Vec<GroupRoster>> {
        self.answer(move || {
            group_ids
                .iter()
                .map(|group_id| {
                    let emails = self
                        .entries("mbmembership")
                        .into_iter()
                        .filter_map(|(key, _)| {
                            let (member, group) = key.rsplit_once('/')?;
                            (trailing_number(group) == *group_id).then(|| member.to_string())
                        });
                    roster(group_id.to_string(), emails, true)
                })
                .collect()
        })
    }
    fn user_memberships(&self, user_id: i64) -> BoxFuture<'_, Vec<MetabaseMembership>> {
        self.answer(move || {
            let Some(email) = self.metabase_email(user_id) else {
                return Vec::new();
            };
            let groups = self.entries("mbgroup");
            self.entries("mbmembership")
                .into_iter()
                .filter_map(|(key, id)| {
                    let (member, group) = key.rsplit_once('/')?;
                    (member == email).then(|| {
                        let group_name = groups
                            .iter()
                            .find(|(_, group_id)| group_id == group)
                            .map_or_else(|| group.to_string(), |(name, _)| name.clone());
                        MetabaseMembership {
                            membership_id: trailing_number(&id),
                            group_id: trailing_number(group),
                            group_name,
                        }
                    })
                })
                .collect()
        })
    }
    fn add_user_to_group(&self, user_id: i64, group_id: i64) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            let email =
                self.metabase_email(user_id)
                    .ok_or_else(|| crate::ConnectorError::Permanent {
                        message: format!("Metabase has no user {user_id}."),
                    })?;
            self.answer(move || {
                self.ensure("mbmembership", &format!("{email}/mbgroup-{group_id}"));
            })
            .await
        })
    }
    fn remove_membership(&self, membership_id: i64) -> BoxFuture<'_, ()> {
        self.answer(move || {
            let mut objects = self.objects.lock().unwrap_or_else(|p| p.into_inner());
            let wanted = format!("mbmembership-{membership_id}");
            let found = objects
                .iter()
                .find(|(key, id)| key.starts_with("mbmembership:") && **id == wanted)
                .map(|(key, _)| key.clone());
            if let Some(key) = found {
                let id = objects.remove(&key).unwrap_or_default();
                // Kept under another kind: the map's size numbers new objects, so removing the
                // entry outright would hand its id to the next one.
                objects.insert(format!("removed-mbmembership:{key}"), id);
            }
        })
    }
    fn find_user<'a>(&'a self, email: &'a str) -> BoxFuture<'a, Option<i64>> {
        self.answer(move || {
            self.entries("mbuser")
                .into_iter()
                .find(|(known, _)| known == email)
                .map(|(_, id)| trailing_number(&id))
        })
    }
    fn deactivate_user(&self, user_id: i64) -> BoxFuture<'_, Removal> {
        self.answer(move || match self.metabase_email(user_id) {
            Some(email) if !self.exists("mbuser-inactive", &email) => {
                self.ensure("mbuser-inactive", &email);
                Removal::Removed
            }
            _ => Removal::AlreadyGone,
        })
    }
    fn revoke_group_access<'a>(&'a self, group: &'a str, _: Option<i64>) -> BoxFuture<'a, Removal> {
        self.answer(move || {
            if self.exists("group-revoked", group) {
                Removal::AlreadyGone
            } else {
                self.ensure("group-revoked", group);
                Removal::Removed
            }
        })
    }
    fn archive_collection(&self, collection_id: i64) -> BoxFuture<'_, Removal> {
        self.answer(move || {
            let key = collection_id.to_string();
            if self.exists("collection-archived", &key) {
                Removal::AlreadyGone
            } else {
                self.ensure("collection-archived", &key);
                Removal::Removed
            }
        })
    }
}

impl InMemorySystems {
    /// (name, id) of each `kind` object.
    /// The `who` of every `<kind>:<who>/<group>` entry of this group.
    fn members_of(&self, kind: &str, group: &str) -> Vec<String> {
        self.entries(kind)
            .into_iter()
            .filter_map(|(key, _)| {
                let (who, in_group) = key.rsplit_once('/')?;
                (in_group == group).then(|| who.to_string())
            })
            .collect()
    }

    fn entries(&self, kind: &str) -> Vec<(String, String)> {
        let prefix = format!("{kind}:");
        let mut entries: Vec<(String, String)> = self
            .objects
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter_map(|(k, id)| Some((k.strip_prefix(&prefix)?.to_string(), id.clone())))
            .collect();
        entries.sort();
        entries
    }

    /// The email of the Metabase user numbered `user_id`, without creating one.
    fn metabase_email(&self, user_id: i64) -> Option<String> {
        let wanted = format!("mbuser-{user_id}");
        self.entries("mbuser")
            .into_iter()
            .find(|(_, id)| *id == wanted)
            .map(|(email, _)| email)
    }
}

/// 3 for `mbgroup-3` (and for a plain `3` set by hand).
fn trailing_number(id: &str) -> i64 {
    id.rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_default()
}

impl TeamsApi for InMemorySystems {
    fn ensure_channel<'a>(&'a self, name: &'a str) -> BoxFuture<'a, ChannelRef> {
        self.answer(move || ChannelRef {
            id: self.ensure("channel", name),
            name: name.into(),
            private: false,
        })
    }
    fn ensure_member<'a>(
        &'a self,
        email: &'a str,
        _: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, String> {
        self.answer(move || {
            self.ensure("team-member", &format!("{email}/{}", channel.id));
            self.ensure("guest", email)
        })
    }
    fn remove_member<'a>(
        &'a self,
        email: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, Removal> {
        self.answer(move || self.take_away("team-member", &format!("{email}/{}", channel.id)))
    }
    fn delete_guest<'a>(&'a self, _: &'a str) -> BoxFuture<'a, GuestDeletion> {
        // These systems keep guests, as Settings do by default.
        self.answer(|| GuestDeletion::NotAsked)
    }
    fn leave_channel<'a>(
        &'a self,
        email: &'a str,
        channel: &'a ChannelRef,
    ) -> BoxFuture<'a, Removal> {
        // One record per person and channel here: leaving the channel is leaving it.
        self.answer(move || self.take_away("team-member", &format!("{email}/{}", channel.id)))
    }
    fn find_channel<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Option<ChannelRef>> {
        self.answer(move || {
            self.id_of("channel", name).map(|id| ChannelRef {
                id,
                name: name.into(),
                private: false,
            })
        })
    }
    fn presence<'a>(
        &'a self,
        email: &'a str,
        channel: Option<&'a ChannelRef>,
    ) -> BoxFuture<'a, TeamsPresence> {
        self.answer(move || {
            let in_team = self.pairs("team-member", Some(email), None) > 0;
            let in_channel =
                channel.map(|c| self.pairs("team-member", Some(email), Some(&c.id)) > 0);
            TeamsPresence {
                user_id: self.id_of("guest", email),
                in_team,
                // Channels here are standard, as `ensure_channel` makes them.
                in_channel: in_channel.filter(|_| channel.is_some_and(|c| c.private)),
            }
        })
    }
    fn group_rosters<'a>(&'a self, channels: &'a [ChannelRef]) -> BoxFuture<'a, Vec<GroupRoster>> {
        self.answer(move || {
            channels
                .iter()
                .map(|channel| {
                    // A standard channel: everyone in the team reads it.
                    let mut roster = roster(
                        channel.id.clone(),
                        self.members_of("team-member", &channel.id),
                        true,
                    );
                    roster.exclusive = false;
                    roster
                })
                .collect()
        })
    }
}

impl SlackApi for InMemorySystems {
    fn ensure_usergroup<'a>(&'a self, name: &'a str, _: &'a str) -> BoxFuture<'a, GroupRef> {
        self.answer(move || GroupRef {
            id: self.ensure("usergroup", name),
            name: name.into(),
        })
    }
    fn add_to_usergroup<'a>(&'a self, email: &'a str, group: &'a str) -> BoxFuture<'a, String> {
        self.answer(move || {
            self.ensure("usergroup-member", &format!("{email}/{group}"));
            self.ensure("slackuser", email)
        })
    }
    fn remove_from_usergroup<'a>(
        &'a self,
        email: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Removal> {
        self.answer(move || self.take_away("usergroup-member", &format!("{email}/{group}")))
    }
    fn disable_usergroup<'a>(&'a self, group: &'a str) -> BoxFuture<'a, Removal> {
        self.answer(move || {
            if self.exists("usergroup-disabled", group) {
                Removal::AlreadyGone
            } else {
                self.ensure("usergroup-disabled", group);
                Removal::Removed
            }
        })
    }
    fn find_usergroup<'a>(&'a self, name: &'a str, _: &'a str) -> BoxFuture<'a, Option<GroupRef>> {
        self.answer(move || {
            self.id_of("usergroup", name).map(|id| GroupRef {
                id,
                name: name.into(),
            })
        })
    }
    fn presence<'a>(&'a self, email: &'a str, group: &'a str) -> BoxFuture<'a, SlackPresence> {
        self.answer(move || SlackPresence {
            user_id: self.id_of("slackuser", email),
            in_group: self.pairs("usergroup-member", Some(email), Some(group)) > 0,
            group_members: self.pairs("usergroup-member", None, Some(group)),
            group_enabled: !self.exists("usergroup-disabled", group),
        })
    }
    fn group_rosters<'a>(&'a self, groups: &'a [String]) -> BoxFuture<'a, Vec<GroupRoster>> {
        self.answer(move || {
            groups
                .iter()
                .map(|group| {
                    let enabled = !self.exists("usergroup-disabled", group);
                    let members = self.members_of("usergroup-member", group);
                    roster(group.clone(), members, enabled)
                })
                .collect()
        })
    }
}

impl KeycloakApi for InMemorySystems {
    fn invite_user<'a>(
        &'a self,
        email: &'a str,
        _: &'a str,
        _: &'a str,
        group_id: Option<&'a str>,
        group_name: &'a str,
    ) -> BoxFuture<'a, KeycloakInvite> {
        self.answer(move || {
            let group = group_id
                .map(str::to_string)
                .unwrap_or_else(|| self.ensure("kcgroup", group_name));
            self.ensure("kcmember", &format!("{email}/{group}"));
            KeycloakInvite {
                group: GroupRef {
                    id: group,
                    name: group_name.into(),
                },
                user_id: self.ensure("kcuser", email),
            }
        })
    }
    fn leave_group<'a>(&'a self, email: &'a str, group: &'a str) -> BoxFuture<'a, KeycloakLeave> {
        self.answer(move || {
            let removal = self.take_away("kcmember", &format!("{email}/{group}"));
            let member_elsewhere = self
                .entries("kcmember")
                .iter()
                .any(|(key, _)| key.rsplit_once('/').is_some_and(|(who, _)| who == email));
            let disabled = self.exists("kcuser", email)
                && !member_elsewhere
                && !self.exists("kcdisabled", email);
            if disabled {
                self.ensure("kcdisabled", email);
            }
            KeycloakLeave {
                group: removal,
                disabled,
            }
        })
    }
    fn empty_group<'a>(&'a self, group: &'a str) -> BoxFuture<'a, GroupEmptied> {
        self.answer(move || {
            let members: Vec<String> = self
                .entries("kcmember")
                .into_iter()
                .filter_map(|(key, _)| {
                    let (who, in_group) = key.rsplit_once('/')?;
                    (in_group == group).then(|| who.to_string())
                })
                .collect();
            for member in &members {
                self.take_away("kcmember", &format!("{member}/{group}"));
            }
            GroupEmptied {
                removed: members.len(),
                disabled: 0,
            }
        })
    }
    fn presence<'a>(
        &'a self,
        email: &'a str,
        group: Option<&'a str>,
    ) -> BoxFuture<'a, KeycloakPresence> {
        self.answer(move || KeycloakPresence {
            user_id: self.id_of("kcuser", email),
            enabled: self.exists("kcuser", email) && !self.exists("kcdisabled", email),
            in_group: group.is_some_and(|g| self.pairs("kcmember", Some(email), Some(g)) > 0),
            groups: self.pairs("kcmember", Some(email), None),
        })
    }
    fn group_rosters<'a>(&'a self, group_ids: &'a [String]) -> BoxFuture<'a, Vec<GroupRoster>> {
        self.answer(move || {
            group_ids
                .iter()
                .map(|group| {
                    let mut roster =
                        roster(group.clone(), self.members_of("kcmember", group), true);
                    for member in &mut roster.members {
                        member.active = !self.exists("kcdisabled", &member.email);
                    }
                    roster
                })
                .collect()
        })
    }
}

impl StudioApi for InMemorySystems {
    fn grant_companies<'a>(&'a self, email: &'a str, ids: &'a [String]) -> BoxFuture<'a, ()> {
        self.answer(move || {
            for id in ids {
                self.ensure("studio-access", &format!("{email}/{id}"));
            }
        })
    }
    fn create_user_company<'a>(&'a self, email: &'a str, name: &'a str) -> BoxFuture<'a, GroupRef> {
        self.answer(move || GroupRef {
            id: self.ensure("studio-company", email),
            name: name.into(),
        })
    }
    fn revoke_access<'a>(
        &'a self,
        email: &'a str,
        ids: &'a [String],
        personal_company: Option<&'a str>,
    ) -> BoxFuture<'a, ()> {
        self.answer(move || {
            for id in ids {
                self.take_away("studio-access", &format!("{email}/{id}"));
            }
            if personal_company.is_some() {
                self.take_away("studio-company", email);
            }
        })
    }
}

impl EmailApi for InMemorySystems {
    fn send_documentation<'a>(&'a self, email: &'a DocumentationEmail) -> BoxFuture<'a, ()> {
        self.answer(move || {
            self.emails
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(email.clone());
        })
    }
}

/// A roster of `emails`, every account active.
fn roster(
    group_id: String,
    emails: impl IntoIterator<Item = String>,
    enabled: bool,
) -> GroupRoster {
    GroupRoster {
        group_id,
        members: emails
            .into_iter()
            .map(|email| RosterMember {
                email,
                active: true,
            })
            .collect(),
        enabled,
        exclusive: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn metabase_memberships_can_be_listed_added_and_removed() {
        let systems = InMemorySystems::default();
        let group = systems.ensure_group("ext-acme").await.unwrap();
        let user = systems
            .ensure_user_in_group("ada@acme.example", "Ada", "L", &group.id)
            .await
            .unwrap();
        let other = systems.ensure_group("ext-other").await.unwrap();
        let other_id = trailing_number(&other.id);

        systems.add_user_to_group(user, other_id).await.unwrap();
        systems.add_user_to_group(user, other_id).await.unwrap();
        let memberships = systems.user_memberships(user).await.unwrap();
        let names: Vec<&str> = memberships.iter().map(|m| m.group_name.as_str()).collect();
        assert_eq!(names, ["ext-acme", "ext-other"], "one membership per group");

        let removed = memberships[1].membership_id;
        systems.remove_membership(removed).await.unwrap();
        assert_eq!(
            systems.user_memberships(user).await.unwrap().len(),
            1,
            "removed"
        );

        systems.add_user_to_group(user, other_id).await.unwrap();
        let ids: Vec<i64> = systems
            .user_memberships(user)
            .await
            .unwrap()
            .iter()
            .map(|m| m.membership_id)
            .collect();
        assert_eq!(ids.len(), 2);
        assert!(
            !ids.contains(&removed),
            "joining again makes a new membership: a removed id is not handed out again"
        );
        assert_eq!(
            systems.list_groups().await.unwrap().len(),
            2,
            "every group is listed"
        );
    }
}
