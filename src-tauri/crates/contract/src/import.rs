//! The report of an import from a HyOpps v0.3 database.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Import the HyOpps v0.3 database at `path` (Settings → Import from HyOpps v0.3…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportV03Request {
    /// The `hyopps_py.db` file as the admin chose it in the file dialog.
    pub path: String,
}

/// What an import did, table by table, in the order the tables were imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The file that was read, as the admin chose it.
    pub source: String,
    pub tables: Vec<TableCount>,
    /// What the admin should know beyond the counts (accounts left without a password, …).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// How the rows of one v0.3 table landed. Every source row is counted in exactly one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCount {
    pub table: String,
    /// Rows written now, with their v0.3 id.
    pub imported: u64,
    /// Rows whose id is already here (an earlier import): left as they are.
    pub already_present: u64,
    /// Rows that are already here under another id (same email, name, Studio id, step, …): the
    /// row here is kept and the v0.3 references to it point to it.
    pub merged: u64,
    /// Rows that point to something that exists neither in the file nor here (v0.3 did not
    /// enforce its foreign keys), so they cannot be stored.
    pub skipped: u64,
}

impl TableCount {
    pub fn new(table: &str) -> Self {
        Self {
            table: table.to_string(),
            imported: 0,
            already_present: 0,
            merged: 0,
            skipped: 0,
        }
    }

    /// Rows of this table in the source file.
    pub fn total(&self) -> u64 {
        self.imported + self.already_present + self.merged + self.skipped
    }
}

impl ImportReport {
    pub fn table(&self, name: &str) -> Option<&TableCount> {
        self.tables.iter().find(|count| count.table == name)
    }

    /// Rows written by this import, over all tables.
    pub fn total_imported(&self) -> u64 {
        self.tables.iter().map(|count| count.imported).sum()
    }
}

impl fmt::Display for ImportReport {
    /// One line per table, then the notes: what the command line prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Imported from {}:", self.source)?;
        let width = self
            .tables
            .iter()
            .map(|count| count.table.len())
            .max()
            .unwrap_or(0);
        for count in &self.tables {
            writeln!(
                f,
                "  {:<width$}  {} imported, {} already present, {} merged, {} skipped",
                count.table, count.imported, count.already_present, count.merged, count.skipped
            )?;
        }
        for note in &self.notes {
            writeln!(f, "Note: {note}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_one_line_per_table() {
        let mut users = TableCount::new("users");
        users.imported = 3;
        users.merged = 1;
        let report = ImportReport {
            source: "/tmp/hyopps_py.db".into(),
            tables: vec![TableCount::new("organizations"), users],
            notes: vec!["2 accounts have no password.".into()],
        };
        assert_eq!(
            report.to_string(),
            "Imported from /tmp/hyopps_py.db:\n\
             \x20 organizations  0 imported, 0 already present, 0 merged, 0 skipped\n\
             \x20 users          3 imported, 0 already present, 1 merged, 0 skipped\n\
             Note: 2 accounts have no password.\n"
        );
        assert_eq!(report.table("users").map(TableCount::total), Some(4));
    }
}
