//! Reading the audit log back: filtered pages, every matching entry for the CSV export, and
//! the distinct actions and target types for the filter's choices.

use rusqlite::{Connection, Row};

use crate::conditions::{contains_pattern, Conditions};
use crate::StoreError;

/// Which entries; `None` means any. Times are stored stamps (ISO-8601 UTC with milliseconds),
/// compared as text, which is time order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub actor_user_id: Option<String>,
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// Entries at or after this time.
    pub from: Option<String>,
    /// Entries strictly before this time.
    pub before: Option<String>,
    /// Part of the action, target id, summary, or the actor's name or email, any case.
    pub text: Option<String>,
}

/// An entry with the names of its actor and (for users and organisations) its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedEntry {
    pub id: String,
    pub at: String,
    pub actor_user_id: Option<String>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub target_name: Option<String>,
    /// The summary as stored (JSON text).
    pub summary: String,
    /// Where it was done from, on a server (see `acting_from`).
    pub client: Option<String>,
}

/// Newest first; rowid breaks ties between entries of the same millisecond (insert order).
const ORDER_NEWEST_FIRST: &str = "at DESC, rowid DESC";

const LISTED_SELECT: &str =
    "SELECT a.id, a.at, a.actor_user_id, trim(p.firstname || ' ' || p.lastname), p.email,
        a.action, a.target_type, a.target_id,
        CASE a.target_type
            WHEN 'user' THEN (SELECT trim(t.firstname || ' ' || t.lastname) FROM users t WHERE t.id = a.target_id)
            WHEN 'organization' THEN (SELECT o.name FROM organizations o WHERE o.id = a.target_id)
        END,
        a.summary, a.client
   FROM audit_log a LEFT JOIN users p ON p.id = a.actor_user_id";

fn listed_from_row(r: &Row<'_>) -> rusqlite::Result<ListedEntry> {
    Ok(ListedEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor_user_id: r.get(2)?,
        actor_name: r.get(3)?,
        actor_email: r.get(4)?,
        action: r.get(5)?,
        target_type: r.get(6)?,
        target_id: r.get(7)?,
        target_name: r.get(8)?,
        summary: r.get(9)?,
        client: r.get(10)?,
    })
}

/// The shortest piece of text the trigram index can find.
const TRIGRAM: usize = 3;

/// `text` as one FTS5 phrase: with the trigram tokenizer, the entries that contain it
/// anywhere, in any case; a double quote inside is doubled, as FTS5 strings escape it.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The filters over `audit_log`, columns prefixed with `t`. The free text is a substring
/// search: through the `audit_search` index from three characters on, a scan of whatever the
/// other filters leave below that.
fn conditions(query: &AuditQuery, t: &str) -> Conditions {
    let mut conditions = Conditions::default();
    let equal = |conditions: &mut Conditions, column: &str, value: &Option<String>| {
        if let Some(value) = value {
            let p = conditions.bind(value.clone());
            conditions.require(format!("{t}{column} = {p}"));
        }
    };
    equal(&mut conditions, "actor_user_id", &query.actor_user_id);
    equal(&mut conditions, "action", &query.action);
    equal(&mut conditions, "target_type", &query.target_type);
    equal(&mut conditions, "target_id", &query.target_id);
    if let Some(from) = &query.from {
        let p = conditions.bind(from.clone());
        conditions.require(format!("{t}at >= {p}"));
    }
    if let Some(before) = &query.before {
        let p = conditions.bind(before.clone());
        conditions.require(format!("{t}at < {p}"));
    }
    if let Some(text) = &query.text {
        if text.chars().count() >= TRIGRAM {
            // Everything searchable is in the index, who did it included (as they were named then).
            let phrase = conditions.bind(fts_phrase(text));
            conditions.require(format!(
                "{t}rowid IN (SELECT rowid FROM audit_search WHERE audit_search MATCH {phrase})"
            ));
        } else {
            let like = conditions.bind(contains_pattern(text));
            // Too short for the index: each entry is read. The actors are found once (an
            // uncorrelated subquery), not per entry.
            conditions.require(format!(
                "({t}summary LIKE {like} ESCAPE '\\' OR {t}action LIKE {like} ESCAPE '\\'
                  OR {t}target_id LIKE {like} ESCAPE '\\' OR {t}client LIKE {like} ESCAPE '\\'
                  OR {t}actor_user_id IN (SELECT id FROM users
                        WHERE (firstname || ' ' || lastname) LIKE {like} ESCAPE '\\' OR email LIKE {like} ESCAPE '\\'))"
            ));
        }
    }
    conditions
}

/// One page of entries, newest first, and how many match in all.
pub fn list(
    conn: &Connection,
    query: &AuditQuery,
    limit: u32,
    offset: i64,
) -> Result<(Vec<ListedEntry>, i64), StoreError> {
    let conditions = conditions(query, "");
    let filter = conditions.where_clause();
    let total = conditions.count(conn, "audit_log")?;
    let (limit_p, offset_p) = conditions.page_placeholders();
    let sql = format!(
        "{LISTED_SELECT}
          WHERE a.rowid IN (SELECT rowid FROM audit_log {filter}
                             ORDER BY {ORDER_NEWEST_FIRST} LIMIT {limit_p} OFFSET {offset_p})
          ORDER BY a.at DESC, a.rowid DESC"
    );
    let page = conditions.page(conn, &sql, limit, offset, listed_from_row)?;
    Ok((page, total))
}

/// Every matching entry, newest first, handed to `each` one at a time. Returns the count.
pub fn for_each(
    conn: &Connection,
    query: &AuditQuery,
    each: impl FnMut(ListedEntry),
) -> Result<u64, StoreError> {
    let conditions = conditions(query, "a.");
    let sql = format!(
        "{LISTED_SELECT} {} ORDER BY a.at DESC, a.rowid DESC",
        conditions.where_clause()
    );
    conditions.for_each(conn, &sql, listed_from_row, each)
}

/// The distinct actions that occur, in name order. One index seek per distinct value (a
/// recursive "next larger" walk), not a scan of the log.
pub fn actions(conn: &Connection) -> Result<Vec<String>, StoreError> {
    distinct(conn, "action")
}

/// The distinct target types that occur, in name order.
pub fn target_types(conn: &Connection) -> Result<Vec<String>, StoreError> {
    distinct(conn, "target_type")
}

fn distinct(conn: &Connection, column: &str) -> Result<Vec<String>, StoreError> {
    let sql = format!(
        "WITH RECURSIVE next(value) AS (
             SELECT min({column}) FROM audit_log
             UNION ALL
             SELECT (SELECT min({column}) FROM audit_log WHERE {column} > next.value)
               FROM next WHERE next.value IS NOT NULL)
         SELECT value FROM next WHERE value IS NOT NULL"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
