//! A WHERE clause assembled from the filters a list request sets.
//!
//! Lists put only the filters that are set into their SQL (not `?1 IS NULL OR column = ?1`):
//! SQLite plans a statement once, and a plan that must also work for "no filter" cannot use
//! the filtered column's index.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};

use crate::StoreError;

#[derive(Debug, Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// Adds `value` as a parameter and returns its placeholder (`?N`), for use in a clause.
    pub fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("?{}", self.values.len())
    }

    /// Adds a clause; every clause must hold.
    pub fn require(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    /// `WHERE …`, or nothing when no filter is set.
    pub fn where_clause(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The bound values, then `extra` (e.g. LIMIT and OFFSET, whose placeholders come next).
    pub fn values_with(&self, extra: &[Value]) -> Vec<Value> {
        self.values.iter().chain(extra).cloned().collect()
    }

    /// The placeholder the next bound value will get, for LIMIT/OFFSET after the filters.
    pub fn next_placeholder(&self, after: usize) -> String {
        format!("?{}", self.values.len() + after + 1)
    }

    /// The placeholders of LIMIT and OFFSET, bound after the filters' own values.
    pub fn page_placeholders(&self) -> (String, String) {
        (self.next_placeholder(0), self.next_placeholder(1))
    }

    /// Runs `sql` (whose last two placeholders are [`Self::page_placeholders`]) for one page.
    pub fn page<T>(
        &self,
        conn: &Connection,
        sql: &str,
        limit: u32,
        offset: i64,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let values = self.values_with(&[Value::Integer(limit.into()), Value::Integer(offset)]);
        let mut statement = conn.prepare_cached(sql)?;
        let rows = statement.query_map(params_from_iter(values), map)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Runs `sql` over every match, handing each row to `each` (so a CSV export of 100,000 rows
    /// never holds them all); returns how many there were.
    pub fn for_each<T>(
        &self,
        conn: &Connection,
        sql: &str,
        map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
        mut each: impl FnMut(T),
    ) -> Result<u64, StoreError> {
        let mut statement = conn.prepare(sql)?;
        let mut rows = statement.query(params_from_iter(self.values_with(&[])))?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            each(map(row)?);
            count += 1;
        }
        Ok(count)
    }

    /// How many rows of `table` these conditions match (a list's total).
    pub fn count(&self, conn: &Connection, table: &str) -> Result<i64, StoreError> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM {table} {}",
                self.where_clause()
            ))?
            .query_row(params_from_iter(self.values_with(&[])), |r| r.get(0))?)
    }
}

/// A LIKE pattern matching `text` anywhere, with LIKE's wildcards in it taken literally
/// (use with `ESCAPE '\'`).
pub(crate) fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Splits a `group_concat(…, char(31))` column back into its parts (the unit separator never
/// occurs in names).
pub(crate) fn split_concat(value: Option<String>) -> Vec<String> {
    value
        .map(|joined| joined.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_set_filters_reach_the_sql() {
        let mut conditions = Conditions::default();
        assert_eq!(conditions.where_clause(), "", "no filter, no WHERE");
        let p = conditions.bind("acme".to_string());
        conditions.require(format!("name = {p}"));
        let q = conditions.bind(3_i64);
        conditions.require(format!("n > {q}"));
        assert_eq!(conditions.where_clause(), "WHERE name = ?1 AND n > ?2");
        assert_eq!(
            conditions.next_placeholder(0),
            "?3",
            "LIMIT follows the filters"
        );
        assert_eq!(conditions.values_with(&[Value::Integer(25)]).len(), 3);
    }

    #[test]
    fn wildcards_in_a_search_are_literal() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
