//! Metabase (≥ 0.49) through its REST API with an API key (`x-api-key`, a key whose group is
//! Administrators). docs/systems.md lists the facts this follows; the quirks that shape the code are:
//! many 4xx bodies are plain text, the user search matches substrings of names and emails, a
//! membership's `id` in a user's detail is the group id, a duplicate membership is a 500, and
//! permission graphs carry a revision that a concurrent edit makes stale (409).

mod collections;
mod graphs;
mod groups;
mod offboarding;
mod users;

use reqwest::{Method, RequestBuilder, Response, StatusCode};

use crate::http::Http;
use crate::systems::{
    BoxFuture, GroupRef, MetabaseApi, MetabaseGroup, MetabaseMembership, Removal,
};
use crate::{ConnectorError, ConnectorResult, GroupRoster, MetabaseSettings};

const SYSTEM: &str = "Metabase";

/// What to do about a refused API key.
const KEY_ADVICE: &str =
    "Check the API key in Settings → Metabase; its group must be Administrators.";

/// The Metabase connector: every verb is find-or-create, so a retried step creates nothing twice.
pub struct MetabaseConnector {
    http: Http,
    settings: MetabaseSettings,
}

impl MetabaseConnector {
    pub fn new(settings: MetabaseSettings) -> Self {
        Self {
            http: Http::new(SYSTEM),
            settings,
        }
    }

    /// Proves the key works and belongs to an administrator, and that the configured database
    /// and template collection exist; says what worked.
    pub async fn test_connection(&self) -> ConnectorResult<String> {
        self.ready()?;
        // Any refusal of this first read is about the key (or the URL), whatever its status.
        let response = self
            .http
            .send_expecting_success(
                self.request(Method::GET, "/api/user/current"),
                "sign in",
                KEY_ADVICE,
            )
            .await?;
        let current: users::CurrentUser = self.http.json(response, "sign in").await?;
        if !current.is_superuser {
            return Err(ConnectorError::Permanent {
                message: format!(
                    "Metabase accepted the API key, but it acts as a user who is not an administrator. {KEY_ADVICE}"
                ),
            });
        }
        let mut found = Vec::new();
        let mut unset = Vec::new();
        match self.settings.database_id {
            Some(id) => {
                let database: Named = self
                    .read_expecting(
                        self.request(Method::GET, &format!("/api/database/{id}")),
                        &format!("find database {id}"),
                        "Check the database id in Settings → Metabase (Admin settings → Databases shows it in the address).",
                    )
                    .await?;
                found.push(format!("database {id} ({})", database.name));
            }
            None => unset.push("the database id"),
        }
        match self.settings.template_collection_id {
            Some(id) => {
                let collection: Named = self
                    .read_expecting(
                        self.request(Method::GET, &format!("/api/collection/{id}")),
                        &format!("find template collection {id}"),
                        "Check the template collection id in Settings → Metabase (the collection's address shows it).",
                    )
                    .await?;
                found.push(format!("template collection {id} ({})", collection.name));
            }
            None => unset.push("the template collection id"),
        }
        let mut summary = String::from("Signed in to Metabase as an administrator");
        if !found.is_empty() {
            summary.push_str(&format!("; {} found", found.join(" and ")));
        }
        if !unset.is_empty() {
            summary.push_str(&format!(
                "; {} not set yet (Settings → Metabase)",
                unset.join(" and ")
            ));
        }
        summary.push('.');
        Ok(summary)
    }

    /// Fails with "not configured" while the URL or the key is missing, so no request goes out
    /// half-configured.
    fn ready(&self) -> ConnectorResult<()> {
        if self.settings.url.trim().is_empty() || self.settings.api_key.is_empty() {
            return Err(ConnectorError::NotConfigured {
                system: self.http.system().into(),
            });
        }
        Ok(())
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let base = self.settings.url.trim().trim_end_matches('/');
        self.http
            .client()
            .request(method, format!("{base}{path}"))
            .header("x-api-key", self.settings.api_key.expose())
    }

    /// Sends and insists on a 2xx; a refusal quotes Metabase and says what to do.
    async fn expect_success(
        &self,
        request: RequestBuilder,
        what: &str,
        advice: &str,
    ) -> ConnectorResult<Response> {
        let response = self.http.send(request, what).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        let advice = advice_for(response.status(), advice);
        Err(self.http.refused(what, response, advice).await)
    }

    /// Sends, insists on a 2xx and reads the JSON answer.
    async fn read<T: serde::de::DeserializeOwned>(
        &self,
        request: RequestBuilder,
        what: &str,
    ) -> ConnectorResult<T> {
        self.read_expecting(request, what, "").await
    }

    async fn read_expecting<T: serde::de::DeserializeOwned>(
        &self,
        request: RequestBuilder,
        what: &str,
        advice: &str,
    ) -> ConnectorResult<T> {
        let response = self.expect_success(request, what, advice).await?;
        self.http.json(response, what).await
    }

    /// A refusal whose body the caller has already read.
    fn refusal(&self, what: &str, status: StatusCode, body: &str, advice: &str) -> ConnectorError {
        self.http
            .refused_with_body(what, status, body, advice_for(status, advice))
    }
}

/// A refused key gets the key advice whatever the call; anything else the caller's.
fn advice_for(status: StatusCode, otherwise: &str) -> &str {
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => KEY_ADVICE,
        _ => otherwise,
    }
}

/// The engine hands group ids over as text (they are stored in `system_groups`); Metabase's are
/// numbers, and anything else (a v0.3 stub's invented id, a typo made completing a step by hand)
/// can only be fixed by a person.
fn group_number(group_id: &str) -> ConnectorResult<i64> {
    group_id
        .trim()
        .parse()
        .map_err(|_| ConnectorError::Permanent {
            message: format!(
                "\"{group_id}\" is not a Metabase group id (Metabase's are numbers). Set the organisation's Metabase group to the id Metabase shows (Admin settings → People → Groups), then retry."
            ),
        })
}

/// Anything Metabase answers with a name (a database, a collection).
#[derive(serde::Deserialize)]
struct Named {
    name: String,
}

impl MetabaseApi for MetabaseConnector {
    fn clone_template_collection<'a>(
        &'a self,
        name: &'a str,
        known_id: Option<i64>,
    ) -> BoxFuture<'a, i64> {
        Box::pin(self.clone_template(name, known_id))
    }

    fn ensure_group<'a>(&'a self, name: &'a str) -> BoxFuture<'a, GroupRef> {
        Box::pin(async move {
            let group = self.find_or_create_group(name).await?;
            Ok(GroupRef {
                id: group.id.to_string(),
                name: group.name,
            })
        })
    }

    fn grant_collection_access<'a>(
        &'a self,
        group_id: &'a str,
        collection_id: i64,
    ) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            self.ready()?;
            self.grant_collection_write(group_number(group_id)?, collection_id)
                .await
        })
    }

    fn revoke_group_access<'a>(
        &'a self,
        group_id: &'a str,
        collection_id: Option<i64>,
    ) -> BoxFuture<'a, Removal> {
        Box::pin(async move {
            self.ready()?;
            let group = group_number(group_id)?;
            let database = self.settings.database_id;
            let changed = self.revoke_group(group, collection_id, database).await?;
            Ok(if changed {
                Removal::Removed
            } else {
                Removal::AlreadyGone
            })
        })
    }

    fn grant_database_access<'a>(&'a self, group_id: &'a str) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            self.ready()?;
            let group = group_number(group_id)?;
            let database = self
                .settings
                .database_id
                .ok_or_else(|| ConnectorError::Permanent {
                    message: "Metabase's database is not set: open Settings → Metabase.".into(),
                })?;
            self.grant_query_builder(group, database).await
        })
    }

    fn ensure_user_in_group<'a>(
        &'a self,
        email: &'a str,
        first_name: &'a str,
        last_name: &'a str,
        group_id: &'a str,
    ) -> BoxFuture<'a, i64> {
        Box::pin(async move {
            self.ready()?;
            let group = group_number(group_id)?;
            let user = self
                .find_or_create_user(email, first_name, last_name)
                .await?;
            self.join_group(user, group).await?;
            Ok(user)
        })
    }

    fn list_groups(&self) -> BoxFuture<'_, Vec<MetabaseGroup>> {
        Box::pin(async move {
            self.ready()?;
            self.groups().await
        })
    }

    fn user_memberships(&self, user_id: i64) -> BoxFuture<'_, Vec<MetabaseMembership>> {
        Box::pin(async move {
            self.ready()?;
            self.memberships_of(user_id).await
        })
    }

    fn add_user_to_group(&self, user_id: i64, group_id: i64) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.ready()?;
            self.join_group(user_id, group_id).await
        })
    }

    fn remove_membership(&self, membership_id: i64) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.ready()?;
            self.leave_group(membership_id).await
        })
    }

    fn find_user<'a>(&'a self, email: &'a str) -> BoxFuture<'a, Option<i64>> {
        Box::pin(async move {
            self.ready()?;
            self.find_user_id(email).await
        })
    }

    fn deactivate_user(&self, user_id: i64) -> BoxFuture<'_, Removal> {
        Box::pin(async move {
            self.ready()?;
            self.deactivate(user_id).await
        })
    }
    fn archive_collection(&self, collection_id: i64) -> BoxFuture<'_, Removal> {
        Box::pin(async move {
            self.ready()?;
            self.archive(collection_id).await
        })
    }
    fn group_rosters<'a>(&'a self, group_ids: &'a [i64]) -> BoxFuture<'a, Vec<GroupRoster>> {
        Box::pin(async move {
            self.ready()?;
            self.rosters(group_ids).await
        })
    }
}
