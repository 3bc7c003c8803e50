//! The write side of one import: the transaction, the v0.3-id → our-id map, and the counts.
//!
//! Every source row lands in one of four ways ([`Landing`]); the rule is the same for every
//! table, so importing twice changes nothing: a row whose id is here is left as it is, a row
//! that matches one of ours by its natural key (email, name, Studio id, step) is mapped onto
//! ours, a row that points to nothing is skipped, everything else is inserted with its v0.3 id.

use std::collections::HashMap;

use hyopps_contract::TableCount;
use hyopps_store::{v03, Connection, StoreError};
use rusqlite::ErrorCode;

use crate::AppError;

/// How one source row landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Landing {
    Imported,
    AlreadyPresent,
    /// The same thing is here under another id (`Some` for tables that others point to): ours is
    /// kept, references to the v0.3 id are rewritten to it.
    Merged(Option<String>),
    Skipped,
}

/// What the import noticed beyond the counts; becomes the report's notes.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    /// `user` accounts whose v0.3 hash was dropped.
    pub users_without_password: u64,
    /// Admins and partner admins whose v0.3 hash was not a bcrypt hash.
    pub sign_in_accounts_without_password: u64,
    /// Optional references (an execution's organisation, a user's organisation) to rows that are
    /// in neither database, cleared.
    pub cleared_references: u64,
    /// The untouched seeded admin took the v0.3 admin's password and names.
    pub default_admin_took_v03_password: bool,
    /// Imported users with a name or email that breaks HyOpps's rules, kept for an admin to correct.
    pub people_to_correct: u64,
    /// Language codes dropped because they name no language.
    pub dropped_languages: u64,
    /// … and that password is v0.3's default, so it must still be changed.
    pub default_admin_on_default_password: bool,
    /// Accounts that sign in with their v0.3 password (the seeded admin included).
    pub sign_in_accounts_with_v03_password: u64,
    /// Imported accounts whose password is v0.3's default: they must change it.
    pub accounts_on_default_password: u64,
    /// Steps that were running in v0.3, imported as failed for the admin to decide.
    pub interrupted_steps: u64,
    /// Documentation links that were not http(s) web links, left empty: "Acme: Internal
    /// documentation".
    pub cleared_links: Vec<String>,
}

impl Notes {
    pub(crate) fn people_under_the_rules(&mut self, person: &super::people::Person) {
        self.people_to_correct += u64::from(person.needs_correction);
        self.dropped_languages += person.dropped_languages;
    }
}

pub(crate) struct Run<'c> {
    pub conn: &'c Connection,
    /// The import's time, in our stored form.
    pub now: String,
    /// The source file, for messages.
    pub source: String,
    pub notes: Notes,
    ids: HashMap<&'static str, HashMap<String, String>>,
    counts: Vec<TableCount>,
}

impl<'c> Run<'c> {
    pub fn new(conn: &'c Connection, now: String, source: String) -> Self {
        Self {
            conn,
            now,
            source,
            notes: Notes::default(),
            ids: HashMap::new(),
            counts: Vec::new(),
        }
    }

    /// Lands one row of `table`: `id` is its v0.3 id; `natural` finds our row that is the same
    /// thing under another id; `insert` writes it (answering false when another unique key of
    /// ours already has it), and is `None` when a required value or reference leads nowhere.
    /// The v0.3 id is mapped for later references and the row counted.
    pub fn land(
        &mut self,
        table: &'static str,
        id: Option<&str>,
        natural: impl FnOnce(&Connection) -> Result<Option<String>, StoreError>,
        insert: Option<impl FnOnce(&Connection) -> Result<bool, StoreError>>,
    ) -> Result<Landing, AppError> {
        let landing = match id {
            None => Landing::Skipped,
            Some(id) if v03::has_row(self.conn, table, id)? => Landing::AlreadyPresent,
            Some(id) => match (natural(self.conn)?, insert) {
                (Some(ours), _) => Landing::Merged(Some(ours)),
                (None, None) => Landing::Skipped,
                (None, Some(insert)) => match self.insert(table, id, insert)? {
                    true => Landing::Imported,
                    false => Landing::Merged(None),
                },
            },
        };
        if let Some(id) = id {
            let ours = match &landing {
                Landing::Imported | Landing::AlreadyPresent => Some(id.to_string()),
                Landing::Merged(ours) => ours.clone(),
                Landing::Skipped => None,
            };
            if let Some(ours) = ours {
                self.ids
                    .entry(table)
                    .or_default()
                    .insert(id.to_string(), ours);
            }
        }
        let count = self.count(table);
        match landing {
            Landing::Imported => count.imported += 1,
            Landing::AlreadyPresent => count.already_present += 1,
            Landing::Merged(_) => count.merged += 1,
            Landing::Skipped => count.skipped += 1,
        }
        Ok(landing)
    }

    /// Our id for a v0.3 id of `table` that this import has landed, if any.
    pub fn our_id(&self, table: &str, v03_id: Option<&str>) -> Option<String> {
        self.ids.get(table)?.get(v03_id?).cloned()
    }

    /// A "who did it" column without a foreign key (`granted_by`, `completed_by`, …): a v0.3
    /// user id becomes ours; anything else (an email, "system") is kept as it was.
    pub fn actor_ref(&self, v03_value: Option<String>) -> Option<String> {
        let value = v03_value?;
        Some(self.our_id("users", Some(&value)).unwrap_or(value))
    }

    /// Starts the count of a table, so that tables without rows are reported too.
    pub fn count(&mut self, table: &str) -> &mut TableCount {
        if let Some(index) = self.counts.iter().position(|c| c.table == table) {
            return &mut self.counts[index];
        }
        self.counts.push(TableCount::new(table));
        self.counts.last_mut().expect("just pushed")
    }

    pub fn into_parts(self) -> (Vec<TableCount>, Notes) {
        (self.counts, self.notes)
    }

    /// Writes one row; true when it was written. A row our schema refuses (a value outside a
    /// CHECK, a missing required value) refuses the whole import, naming the row, since a
    /// partial import is worse than none.
    fn insert(
        &self,
        table: &str,
        id: &str,
        insert: impl FnOnce(&Connection) -> Result<bool, StoreError>,
    ) -> Result<bool, AppError> {
        match insert(self.conn) {
            Ok(written) => Ok(written),
            Err(StoreError::Sql(error))
                if error.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) =>
            {
                Err(AppError::invalid(
                    "file",
                    format!(
                        "The row {id} of the table `{table}` in {} cannot be stored in HyOpps ({error}). Nothing was imported. Correct that row in a copy of the file, then import the copy.",
                        self.source
                    ),
                ))
            }
            Err(error) => Err(error.into()),
        }
    }
}
