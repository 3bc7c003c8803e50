//! Adding people from a file ("Add people from a file…"): the file as chosen, what each of its
//! rows would become, the start, and how far each started file has got.

use serde::{Deserialize, Serialize};

/// The largest file of people HyOpps reads (a spreadsheet of many thousands of people is far
/// smaller; anything bigger is most likely the wrong file).
pub const MAX_PEOPLE_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The most people one file adds: more is split into several files.
pub const MAX_PEOPLE_ROWS: usize = 10_000;

/// Ask the desktop to read the file at `path`, chosen in the native dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadPeopleFileRequest {
    pub path: String,
}

/// A file of people as chosen: its name without the folder, and its text (UTF-8; a byte-order
/// mark is allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleFile {
    pub file_name: String,
    pub contents: String,
}

/// Preview or start the file's people for an organisation. An admin names the organisation; a
/// partner admin's is always their own (the one of their session), so they leave it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleImportRequest {
    #[serde(default)]
    pub organization_id: Option<String>,
    pub file: PeopleFile,
}

/// What each row of the file would become; nothing is started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleImportPreview {
    pub organization_name: String,
    pub file_name: String,
    /// Every row, in the file's order.
    pub rows: Vec<PeopleImportRow>,
    pub new: u32,
    pub skipped: u32,
    pub invalid: u32,
    /// What the person choosing the file should know (columns it has that HyOpps does not read).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One row of the file, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleImportRow {
    /// The row's line in the file (the header is line 1).
    pub line: u32,
    /// First and last name as written.
    pub name: String,
    pub email: String,
    pub state: ImportRowState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ImportRowState {
    /// Will be onboarded: a `new_partner_user` execution starts for them.
    New,
    /// Already one of the organisation's people: left as they are.
    AlreadyHere,
    /// Cannot be onboarded as written: the column (as the file names it) and why.
    Invalid { column: String, problem: String },
}

/// What starting the file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleImportStarted {
    /// `None` when nobody was new: nothing started, nothing recorded.
    pub import_id: Option<String>,
    pub started: u32,
    pub skipped: u32,
    pub invalid: u32,
    /// In words: "Started onboarding 40 people of O'Brien & Söhne; 2 already there, 1 row refused."
    pub message: String,
}

/// An organisation's files (an admin names it; a partner admin's is their own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleImportsRequest {
    #[serde(default)]
    pub organization_id: Option<String>,
}

/// A started file and where its executions stand now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleImportProgress {
    pub id: String,
    pub file_name: String,
    pub started_at: String,
    pub started_by: Option<String>,
    /// Executions started (one per new row).
    pub started: u32,
    pub done: u32,
    /// Waiting for someone's form or task.
    pub waiting: u32,
    pub failed: u32,
    pub cancelled: u32,
    /// Rows skipped or refused when it started.
    pub skipped: u32,
    pub invalid: u32,
}

impl PeopleImportProgress {
    /// Executions that need a person: a form to answer, or a failure to look at.
    pub fn need_you(&self) -> u32 {
        self.waiting + self.failed
    }

    /// Executions that will not move again on their own.
    pub fn ended(&self) -> u32 {
        self.done + self.cancelled
    }

    /// Whether every execution has ended.
    pub fn is_finished(&self) -> bool {
        self.ended() >= self.started
    }

    /// "23 of 40 done, 2 need you".
    pub fn summary(&self) -> String {
        let mut said = format!("{} of {} done", self.done, self.started);
        if self.need_you() > 0 {
            said.push_str(&format!(", {} need you", self.need_you()));
        }
        if self.cancelled > 0 {
            said.push_str(&format!(", {} cancelled", self.cancelled));
        }
        said
    }
}
