//! The import's report for the admin, and its audit entry (counts only, never a value).

use hyopps_contract::{ImportReport, TableCount};
use serde_json::{json, Map, Value};

use super::run::Notes;
use crate::MIN_PASSWORD_CHARS;

pub(crate) fn report(source: String, tables: Vec<TableCount>, notes: &Notes) -> ImportReport {
    let mut lines = Vec::new();
    if notes.default_admin_took_v03_password {
        lines.push(if notes.default_admin_on_default_password {
            "admin@hyopps.local now has its v0.3 names and password, which is still v0.3's default (admin123): it must choose a new password at its first sign-in.".to_string()
        } else {
            "admin@hyopps.local now has its v0.3 password and names.".to_string()
        });
    }
    if notes.accounts_on_default_password > 0 {
        lines.push(format!(
            "{} still had v0.3's default password (admin123) and must choose a new one at the first sign-in.",
            plural(notes.accounts_on_default_password, "account", "accounts"),
        ));
    }
    if notes.sign_in_accounts_with_v03_password > 0 {
        lines.push(format!(
            "Admins and partner admins sign in with their v0.3 passwords; a password shorter than {MIN_PASSWORD_CHARS} characters must be replaced at that first sign-in."
        ));
    }
    if notes.interrupted_steps > 0 {
        lines.push(format!(
            "{} running in v0.3 {} imported as failed (interrupted), so that nothing is done twice: check each in its system, then Retry it or complete it by hand.",
            plural(notes.interrupted_steps, "step that was", "steps that were"),
            was(notes.interrupted_steps)
        ));
    }
    for link in &notes.cleared_links {
        lines.push(format!(
            "The documentation link {link} was not an http:// or https:// web link, so it was left empty: set it on the organisation's page."
        ));
    }
    if notes.users_without_password > 0 {
        lines.push(format!(
            "{} with the role `user` {} imported without a password (v0.3 gave them random ones). They cannot sign in, which their role does not allow anyway; an administrator sets a password should one need it.",
            plural(notes.users_without_password, "account", "accounts"),
            was(notes.users_without_password)
        ));
    }
    if notes.sign_in_accounts_without_password > 0 {
        lines.push(format!(
            "{} no usable v0.3 password and cannot sign in until an administrator sets a password.",
            plural(
                notes.sign_in_accounts_without_password,
                "admin or partner admin account had",
                "admin or partner admin accounts had"
            ),
        ));
    }
    if notes.cleared_references > 0 {
        lines.push(format!(
            "{} to organisations or users that the v0.3 database no longer had {} left empty.",
            plural(notes.cleared_references, "reference", "references"),
            was(notes.cleared_references)
        ));
    }
    if notes.people_to_correct > 0 {
        lines.push(format!(
            "{} a name or email address that HyOpps does not accept (too long, or not an address); imported as in v0.3, correct them on their user page.",
            plural(notes.people_to_correct, "user has", "users have")
        ));
    }
    if notes.dropped_languages > 0 {
        lines.push(format!(
            "{} that {} no ISO 639-1 language {} left out.",
            plural(notes.dropped_languages, "language code", "language codes"),
            if notes.dropped_languages == 1 {
                "names"
            } else {
                "name"
            },
            was(notes.dropped_languages)
        ));
    }
    let skipped: u64 = tables.iter().map(|t| t.skipped).sum();
    if skipped > 0 {
        lines.push(format!(
            "{} skipped, pointing to something the v0.3 database no longer had or lacking a required value; the lines above say in which tables.",
            plural(skipped, "row was", "rows were")
        ));
    }
    ImportReport {
        source,
        tables,
        notes: lines,
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn was(n: u64) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// The `imported_v03` audit summary: the file's name and the counts.
pub(crate) fn audit_summary(report: &ImportReport, via: &str, notes: &Notes) -> Value {
    let tables: Map<String, Value> = report
        .tables
        .iter()
        .map(|t| {
            (
                t.table.clone(),
                json!({
                    "imported": t.imported,
                    "already_present": t.already_present,
                    "merged": t.merged,
                    "skipped": t.skipped,
                }),
            )
        })
        .collect();
    let file_name = std::path::Path::new(&report.source)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| report.source.clone());
    json!({
        "file": file_name,
        "via": via,
        "tables": tables,
        "users_without_password": notes.users_without_password,
        "default_admin_took_v03_password": notes.default_admin_took_v03_password,
        "default_admin_on_default_password": notes.default_admin_on_default_password,
        "accounts_on_default_password": notes.accounts_on_default_password,
        "interrupted_steps": notes.interrupted_steps,
        "cleared_documentation_links": notes.cleared_links.len(),
    })
}
