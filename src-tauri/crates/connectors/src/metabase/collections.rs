//! Cloning the template collection. Metabase has no "copy collection": the partner's collection
//! is created (or found: the one HyOpps already made for the organisation, or one it marked as
//! a partner's), then each of the template's dashboards (deep copies, which bring their
//! questions along) and then the loose questions they did not bring are copied into it unless
//! an item of that name is already there, so a retry after a crash half-way finishes the job
//! without duplicates.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::MetabaseConnector;
use crate::{ConnectorError, ConnectorResult, Removal};

/// What Metabase names a copied question, in the source collection.
const COPY_PREFIX: &str = "Copy of ";

/// How a collection HyOpps made for a partner begins its description. A collection is reused
/// by name only with this mark: an organisation called like an internal collection ("Finance")
/// must get a collection of its own, not write access to the internal one.
const HYOPPS_MARK: &str = "Partner collection created by HyOpps";

/// An entry of `GET /api/collection`. The list includes the root collection, whose id is the
/// string `"root"`, hence the untyped id.
#[derive(Deserialize)]
struct Collection {
    id: serde_json::Value,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    personal_owner_id: Option<i64>,
}

#[derive(Deserialize)]
struct Created {
    id: i64,
}

#[derive(Deserialize)]
struct ItemPage {
    data: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: i64,
    model: String,
    name: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Dashboard,
    /// A saved question, model or metric: all cards, copied the same way.
    Card,
}

impl Item {
    fn kind(&self) -> Option<Kind> {
        match self.model.as_str() {
            "dashboard" => Some(Kind::Dashboard),
            "card" | "dataset" | "metric" => Some(Kind::Card),
            _ => None,
        }
    }
}

impl MetabaseConnector {
    pub(super) async fn clone_template(
        &self,
        name: &str,
        known_id: Option<i64>,
    ) -> ConnectorResult<i64> {
        self.ready()?;
        let template =
            self.settings
                .template_collection_id
                .ok_or_else(|| ConnectorError::Permanent {
                    message: "Metabase's template collection is not set: open Settings → Metabase."
                        .into(),
                })?;
        // Read first, so that a wrong template id creates nothing.
        let template_items = self
            .items(
                template,
                "Check the template collection id in Settings → Metabase.",
            )
            .await?;
        let known = match known_id.filter(|id| *id != template) {
            Some(id) => self.live_collection(id).await?,
            None => None,
        };
        let target = match known {
            Some(id) => id,
            None => self.find_or_create_collection(name, template).await?,
        };
        let template_cards: HashSet<&str> = template_items
            .iter()
            .filter(|item| item.kind() == Some(Kind::Card))
            .map(|item| item.name.as_str())
            .collect();
        // Dashboards first: a deep copy brings the dashboard's questions along, so the loose
        // questions are copied only after, and only those the dashboards did not bring.
        for pass in [Kind::Dashboard, Kind::Card] {
            let present = self.present_items(target).await?;
            for item in &template_items {
                let Some(kind) = item.kind() else {
                    if pass == Kind::Dashboard {
                        tracing::info!(
                            "Metabase template collection {template}: {} \"{}\" is not copied (only dashboards and questions are)",
                            item.model,
                            item.name
                        );
                    }
                    continue;
                };
                if kind != pass || present.contains(&(kind, item.name.clone())) {
                    continue;
                }
                // "Copy of X" beside X is a copy another clone has just made (or left by a
                // crash) before moving it out: not template content.
                let stray = item
                    .name
                    .strip_prefix(COPY_PREFIX)
                    .is_some_and(|original| template_cards.contains(original));
                if kind == Kind::Card && stray {
                    continue;
                }
                match kind {
                    Kind::Dashboard => self.copy_dashboard(item, target).await?,
                    Kind::Card => self.copy_card(item, target).await?,
                }
            }
        }
        Ok(target)
    }

    /// The dashboards and questions a collection holds already, by kind and name.
    async fn present_items(&self, collection_id: i64) -> ConnectorResult<HashSet<(Kind, String)>> {
        Ok(self
            .items(collection_id, "")
            .await?
            .into_iter()
            .filter_map(|item| Some((item.kind()?, item.name)))
            .collect())
    }

    /// A collection's dashboards, questions and the rest.
    async fn items(&self, collection_id: i64, advice: &str) -> ConnectorResult<Vec<Item>> {
        let page: ItemPage = self
            .read_expecting(
                self.request(
                    Method::GET,
                    &format!("/api/collection/{collection_id}/items"),
                ),
                &format!("list the items of collection {collection_id}"),
                advice,
            )
            .await?;
        Ok(page.data)
    }

    /// Moves the collection to the trash, unless it is there already or gone.
    pub(super) async fn archive(&self, id: i64) -> ConnectorResult<Removal> {
        if self.live_collection(id).await?.is_none() {
            return Ok(Removal::AlreadyGone);
        }
        self.expect_success(
            self.request(Method::PUT, &format!("/api/collection/{id}"))
                .json(&json!({ "archived": true })),
            &format!("archive the collection {id}"),
            "",
        )
        .await?;
        Ok(Removal::Removed)
    }

    /// The collection HyOpps already made for this organisation, unless it has been deleted
    /// or moved to the trash since (then the partner gets a new one).
    async fn live_collection(&self, id: i64) -> ConnectorResult<Option<i64>> {
        let what = format!("read the organisation's collection {id}");
        let response = self
            .http
            .send(
                self.request(Method::GET, &format!("/api/collection/{id}")),
                &what,
            )
            .await?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !response.status().is_success() {
            let advice = super::advice_for(response.status(), "");
            return Err(self.http.refused(&what, response, advice).await);
        }
        let collection: Collection = self.http.json(response, &what).await?;
        Ok((!collection.archived).then_some(id))
    }

    /// A live (not archived, not personal) collection of exactly this name other than the
    /// template that HyOpps marked as a partner's, or a new one at the root.
    async fn find_or_create_collection(&self, name: &str, template: i64) -> ConnectorResult<i64> {
        let collections: Vec<Collection> = self
            .read(
                self.request(Method::GET, "/api/collection"),
                "list the collections",
            )
            .await?;
        let existing = collections.into_iter().find_map(|collection| {
            let id = collection.id.as_i64()?;
            let marked = collection
                .description
                .as_deref()
                .is_some_and(|description| description.starts_with(HYOPPS_MARK));
            let reusable = id != template
                && collection.name == name
                && marked
                && !collection.archived
                && collection.personal_owner_id.is_none();
            reusable.then_some(id)
        });
        if let Some(id) = existing {
            return Ok(id);
        }
        let created: Created = self
            .read(
                self.request(Method::POST, "/api/collection").json(&json!({
                    "name": name,
                    "description": format!(
                        "{HYOPPS_MARK} for {name}; HyOpps recognises it by this description."
                    ),
                })),
                &format!("create the collection {name}"),
            )
            .await?;
        Ok(created.id)
    }

    /// A deep copy, so the dashboard's questions are copied with it rather than shared with
    /// the template.
    async fn copy_dashboard(&self, dashboard: &Item, collection_id: i64) -> ConnectorResult<()> {
        self.expect_success(
            self.request(
                Method::POST,
                &format!("/api/dashboard/{}/copy", dashboard.id),
            )
            .json(&json!({
                "collection_id": collection_id,
                "is_deep_copy": true,
                "name": dashboard.name,
            })),
            &format!("copy the dashboard {}", dashboard.name),
            "",
        )
        .await?;
        Ok(())
    }

    /// The copy endpoint ignores any target and leaves "Copy of …" beside the original, so the
    /// copy is then moved and given the original's name.
    async fn copy_card(&self, card: &Item, collection_id: i64) -> ConnectorResult<()> {
        let what = format!("copy the question {}", card.name);
        let copy: Created = self
            .read(
                self.request(Method::POST, &format!("/api/card/{}/copy", card.id)),
                &what,
            )
            .await?;
        self.expect_success(
            self.request(Method::PUT, &format!("/api/card/{}", copy.id))
                .json(&json!({ "collection_id": collection_id, "name": card.name })),
            &format!("move the copy of the question {}", card.name),
            "",
        )
        .await?;
        Ok(())
    }
}
