//! Statements prepared once per connection and kept, by their SQL text.
//!
//! Preparing is parsing and planning the SQL (and, for an insert into the audit log, compiling
//! its trigger): for the engine's short transactions that cost more than running the statement.
//! Every statement the store runs more than once goes through the connection's cache, which
//! is large enough to hold them all ([`STATEMENTS_KEPT`]).

use rusqlite::{Connection, Params, Row};

/// More than the distinct statements the store runs; a statement built from a filter (a list
/// screen's) takes a place too, and the least recently used one is dropped.
pub(crate) const STATEMENTS_KEPT: usize = 256;

pub(crate) trait CachedSql {
    /// [`Connection::execute`] through the statement cache.
    fn execute_cached<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;

    /// [`Connection::query_row`] through the statement cache.
    fn query_row_cached<T, P, F>(&self, sql: &str, params: P, row: F) -> rusqlite::Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> rusqlite::Result<T>;
}

impl CachedSql for Connection {
    fn execute_cached<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn query_row_cached<T, P, F>(&self, sql: &str, params: P, row: F) -> rusqlite::Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, row)
    }
}
