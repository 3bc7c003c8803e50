//! The admin console's audit log and its CSV exports (the audit log, and users with their access).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which audit entries; `None` (or an empty string) means any. Used by the list and the export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub actor_user_id: Option<String>,
    /// Exact action, e.g. `user_updated` (the choices: [`AuditFilterOptions::actions`]).
    #[serde(default)]
    pub action: Option<String>,
    /// Exact target type, e.g. `organization`.
    #[serde(default)]
    pub target_type: Option<String>,
    #[serde(default)]
    pub target_id: Option<String>,
    /// From this time on: RFC 3339 (`2026-11-25T09:00:00Z`) or a day (`2026-11-25`, from its start, UTC).
    #[serde(default)]
    pub from: Option<String>,
    /// Up to this time: RFC 3339 (exclusive) or a day (`2026-11-25`, to its end, UTC).
    #[serde(default)]
    pub to: Option<String>,
    /// Part of the action, target id, summary, or the actor's name or email, any case.
    #[serde(default)]
    pub text: Option<String>,
}

/// The audit log, newest first. Pages count from 1; a page size of 0 means the default (50),
/// at most 200.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditListRequest {
    #[serde(default)]
    pub filter: AuditFilter,
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub page_size: u32,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub id: String,
    pub at: String,
    /// `None` for what nobody signed in did (a failed sign-in, the engine's own transitions).
    pub actor_user_id: Option<String>,
    /// The actor's name (or email) while the account exists.
    pub actor_name: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// The user's or organisation's name while it exists.
    pub target_name: Option<String>,
    /// Before/after values, counts: never a secret.
    pub summary: Value,
    /// Where it was done from on a HyOpps server: the workstation's name and its address
    /// ("ops-desk-3 (10.0.0.5)"), or only the address; `None` on a desktop's own database and
    /// for the engine's own steps.
    #[serde(default)]
    pub client: Option<String>,
}

/// The values the audit filter's choices offer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilterOptions {
    pub actions: Vec<String>,
    pub target_types: Vec<String>,
}

/// A CSV file to save (the shell writes it through a save dialog): RFC 4180, a header row,
/// CRLF line ends, UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvExport {
    /// E.g. `hyopps-audit-log-2026-11-25.csv`.
    pub suggested_file_name: String,
    /// Data rows (the header not counted).
    pub rows: u64,
    pub content: String,
}
