//! What each row of a file of people becomes: new, already one of the organisation's people, or
//! refused with the column and why. The person's fields are checked by `new_partner_user`'s own
//! form (through the engine), so a file and the form can never disagree on what is valid; the
//! file adds what only a file can get wrong (a person twice, a value too many, a Studio company
//! named instead of chosen).

use std::collections::HashMap;

use hyopps_contract::{rules, ImportRowState, PeopleImportRow};
use hyopps_engine::{AnsweredStart, FieldErrors};
use hyopps_store::organizations::StudioCompany;
use serde_json::{json, Value};

use super::file::{Column, FileRow, PeopleTable};

/// A row's fate before the form's own check: refused already, already here, or its answers to
/// `new_partner_user`'s first two forms.
pub(super) enum Draft {
    Refused(ImportRowState),
    AlreadyHere,
    Answers(Vec<Value>),
}

/// Every row drafted, in the file's order. `already_here` says whether an email (normalised) is
/// one of the organisation's people.
pub(super) fn draft(
    table: &PeopleTable,
    organization_id: &str,
    organization_name: &str,
    companies: &[StudioCompany],
    already_here: impl Fn(&str) -> bool,
) -> Vec<Draft> {
    let mut first_line_of: HashMap<String, u32> = HashMap::new();
    table
        .rows
        .iter()
        .map(|row| {
            let email = rules::normalized_email(row.get(Column::Email));
            if row.extra_values > 0 {
                return Draft::Refused(ImportRowState::Invalid {
                    column: "The whole line".into(),
                    problem: format!(
                        "This line has {} value(s) more than the file has columns: a value with the separator in it needs quotes around it.",
                        row.extra_values
                    ),
                });
            }
            if !email.is_empty() {
                if let Some(first) = first_line_of.get(&email) {
                    return Draft::Refused(refused(
                        table,
                        Column::Email,
                        format!("Also on line {first}: each person once per file."),
                    ));
                }
                first_line_of.insert(email.clone(), row.line);
                if already_here(&email) {
                    return Draft::AlreadyHere;
                }
            }
            match chosen_companies(row, organization_name, companies) {
                Ok(company_ids) => Draft::Answers(answers(row, organization_id, company_ids)),
                Err(problem) => Draft::Refused(refused(table, Column::StudioCompanies, problem)),
            }
        })
        .collect()
}

/// The answers to step 1 (the organisation) and step 2 (the person) of `new_partner_user`.
fn answers(row: &FileRow, organization_id: &str, company_ids: Vec<String>) -> Vec<Value> {
    vec![
        json!({ "organization_id": organization_id }),
        json!({
            "firstname": row.get(Column::FirstName),
            "lastname": row.get(Column::LastName),
            "email": row.get(Column::Email),
            "languages": list(row.get(Column::Languages)),
            "skills": list(row.get(Column::Skills)),
            "roles": list(row.get(Column::Roles)),
            "selected_studio_company_ids": company_ids,
        }),
    ]
}

/// A cell holding several values: separated by commas, semicolons or `|` (whichever the
/// spreadsheet's own separator left free).
fn list(cell: &str) -> Vec<String> {
    cell.split([',', ';', '|'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// The organisation's Studio companies a row names, by name or Studio id (any case), as their
/// HyOpps ids.
fn chosen_companies(
    row: &FileRow,
    organization_name: &str,
    companies: &[StudioCompany],
) -> Result<Vec<String>, String> {
    let mut ids: Vec<String> = Vec::new();
    for named in list(row.get(Column::StudioCompanies)) {
        let found = companies.iter().find(|c| {
            c.name.eq_ignore_ascii_case(&named) || c.studio_id.eq_ignore_ascii_case(&named)
        });
        match found {
            Some(company) if !ids.contains(&company.id) => ids.push(company.id.clone()),
            Some(_) => {}
            None if companies.is_empty() => {
                return Err(format!(
                    "{organization_name} has no Studio companies yet, so \"{named}\" cannot be given: leave the column empty, or add the company to the organisation first."
                ))
            }
            None => {
                let known: Vec<String> = companies
                    .iter()
                    .map(|c| format!("{} ({})", c.name, c.studio_id))
                    .collect();
                return Err(format!(
                    "No Studio company of {organization_name} is called \"{named}\". Its companies: {}.",
                    known.join(", ")
                ));
            }
        }
    }
    Ok(ids)
}

/// The first of `errors` in the file's column order, with the column as the file names it.
pub(super) fn first_problem(errors: &FieldErrors) -> (Column, String) {
    let field_of = |column: Column| match column {
        Column::FirstName => "firstname",
        Column::LastName => "lastname",
        Column::Email => "email",
        Column::Languages => "languages",
        Column::Skills => "skills",
        Column::Roles => "roles",
        Column::StudioCompanies => "selected_studio_company_ids",
    };
    Column::ALL
        .into_iter()
        .find_map(|column| {
            errors
                .get(field_of(column))
                .map(|problem| (column, problem.clone()))
        })
        .unwrap_or_else(|| {
            // A form's error on no column of the file (the organisation): said on the email.
            let problem = errors.values().next().cloned().unwrap_or_default();
            (Column::Email, problem)
        })
}

/// The preview's row for `row`.
pub(super) fn shown(row: &FileRow, state: ImportRowState) -> PeopleImportRow {
    let name = format!(
        "{} {}",
        row.get(Column::FirstName),
        row.get(Column::LastName)
    );
    PeopleImportRow {
        line: row.line,
        name: name.trim().to_string(),
        email: row.get(Column::Email).to_string(),
        state,
    }
}

/// A refused row's state, the column named as in the file.
pub(super) fn refused(table: &PeopleTable, column: Column, problem: String) -> ImportRowState {
    ImportRowState::Invalid {
        column: table.header(column),
        problem,
    }
}

/// What the engine starts for a row.
pub(super) fn to_start(row: &FileRow, answers: Vec<Value>) -> AnsweredStart {
    AnsweredStart {
        label: format!("Line {}", row.line),
        answers,
    }
}
