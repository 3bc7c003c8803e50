//! Permission graphs: read the graph, change only one group's entry, send it back with the
//! revision read. A concurrent edit makes the revision stale and Metabase answers 409 (plain
//! text); then the graph is read again and the change re-applied, a few times at most.

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::MetabaseConnector;
use crate::{ConnectorError, ConnectorResult};

/// Reads and writes of a graph before giving the conflict back to the engine to retry later.
const TRIES: usize = 3;

const COLLECTION_GRAPH: &str = "/api/collection/graph";
const DATA_GRAPH: &str = "/api/permissions/graph";

const QUERY_BUILDER: &str = "query-builder";
/// A higher level than the one granted, which an admin may have given by hand: kept.
const QUERY_BUILDER_AND_NATIVE: &str = "query-builder-and-native";
/// What a new group may do on a database: see what it is shown, ask nothing itself.
const NO_QUERIES: &str = "no";

#[derive(Deserialize)]
struct Graph {
    revision: i64,
    #[serde(default)]
    groups: Map<String, Value>,
}

impl Graph {
    /// The group's permission for one collection or database (graph keys are strings).
    fn entry(&self, group_id: i64, key: i64) -> Option<&Value> {
        self.groups.get(&group_id.to_string())?.get(key.to_string())
    }
}

impl MetabaseConnector {
    /// Write access for the group to the collection (and nothing else changed).
    pub(super) async fn grant_collection_write(
        &self,
        group_id: i64,
        collection_id: i64,
    ) -> ConnectorResult<()> {
        self.update_graph(
            COLLECTION_GRAPH,
            &format!("give group {group_id} write access to collection {collection_id}"),
            |graph| {
                let granted = graph.entry(group_id, collection_id) == Some(&json!("write"));
                (!granted).then(
                    || json!({ group_id.to_string(): { collection_id.to_string(): "write" } }),
                )
            },
        )
        .await
        .map(|_| ())
    }

    /// Unrestricted data view and query-builder queries for the group on the database.
    pub(super) async fn grant_query_builder(
        &self,
        group_id: i64,
        database_id: i64,
    ) -> ConnectorResult<()> {
        self.update_graph(
            DATA_GRAPH,
            &format!("give group {group_id} access to database {database_id}"),
            |graph| {
                let current = graph.entry(group_id, database_id);
                let view = current.and_then(|entry| entry.get("view-data"));
                let create = current
                    .and_then(|entry| entry.get("create-queries"))
                    .and_then(Value::as_str);
                let queries = match create {
                    Some(QUERY_BUILDER_AND_NATIVE) => QUERY_BUILDER_AND_NATIVE,
                    _ => QUERY_BUILDER,
                };
                let granted = view == Some(&json!("unrestricted")) && create == Some(queries);
                (!granted).then(|| {
                    json!({ group_id.to_string(): { database_id.to_string(): {
                        "view-data": "unrestricted",
                        "create-queries": queries,
                    } } })
                })
            },
        )
        .await
        .map(|_| ())
    }

    /// The group back to what a new group may do: no access to the collection (unless it is
    /// gone from the graph: archived or deleted), and no queries on the database. Returns
    /// whether anything had to change.
    pub(super) async fn revoke_group(
        &self,
        group_id: i64,
        collection_id: Option<i64>,
        database_id: Option<i64>,
    ) -> ConnectorResult<bool> {
        let mut changed = false;
        if let Some(collection_id) = collection_id {
            changed |= self
                .update_graph(
                    COLLECTION_GRAPH,
                    &format!("take group {group_id}'s access to collection {collection_id} away"),
                    |graph| match graph.entry(group_id, collection_id) {
                        Some(entry) if entry != &json!("none") => Some(
                            json!({ group_id.to_string(): { collection_id.to_string(): "none" } }),
                        ),
                        _ => None,
                    },
                )
                .await?;
        }
        if let Some(database_id) = database_id {
            changed |= self
                .update_graph(
                    DATA_GRAPH,
                    &format!("take group {group_id}'s queries on database {database_id} away"),
                    |graph| {
                        let create = graph
                            .entry(group_id, database_id)
                            .and_then(|entry| entry.get("create-queries"))
                            .and_then(Value::as_str);
                        matches!(create, Some(c) if c != NO_QUERIES).then(|| {
                            json!({ group_id.to_string(): { database_id.to_string(): {
                                "view-data": "unrestricted",
                                "create-queries": NO_QUERIES,
                            } } })
                        })
                    },
                )
                .await?;
        }
        Ok(changed)
    }

    /// Reads the graph at `path`; `change` gives the groups to send back, or `None` when the
    /// graph already says what is wanted (then nothing is written and no revision is spent).
    async fn update_graph(
        &self,
        path: &str,
        what: &str,
        change: impl Fn(&Graph) -> Option<Value>,
    ) -> ConnectorResult<bool> {
        let mut conflict = String::new();
        for _ in 0..TRIES {
            let graph: Graph = self
                .read(
                    self.request(Method::GET, path),
                    "read the permissions graph",
                )
                .await?;
            let Some(groups) = change(&graph) else {
                return Ok(false);
            };
            let response = self
                .http
                .send(
                    self.request(Method::PUT, path)
                        .json(&json!({ "revision": graph.revision, "groups": groups })),
                    what,
                )
                .await?;
            let status = response.status();
            if status.is_success() {
                return Ok(true);
            }
            if status != StatusCode::CONFLICT {
                let advice = super::advice_for(status, "");
                return Err(self.http.refused(what, response, advice).await);
            }
            conflict = crate::http::describe_error_body(&response.text().await.unwrap_or_default());
        }
        Err(ConnectorError::Transient {
            message: format!(
                "Metabase could not {what}: the permissions kept changing while HyOpps edited them ({TRIES} tries; Metabase said: {conflict}). HyOpps will try again."
            ),
            retry_after: None,
        })
    }
}
