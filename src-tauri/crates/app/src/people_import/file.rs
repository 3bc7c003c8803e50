//! Reading a file of people as spreadsheets export it: UTF-8 with or without a byte-order mark,
//! `;`, `,` or tab between values (guessed from the header line), columns in any order and
//! named in any case. What cannot be read at all is one message for the whole file; what is
//! wrong with one row is that row's business ([`super::rows`]).

use std::collections::HashMap;

use hyopps_contract::people_import::MAX_PEOPLE_ROWS as MAX_ROWS;

use crate::AppError;

/// The columns HyOpps reads, as the form names them, with the header names each accepts
/// (compared lower-cased, without spaces, `_`, `-` or `.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    FirstName,
    LastName,
    Email,
    Languages,
    Skills,
    Roles,
    StudioCompanies,
}

impl Column {
    /// In the form's order.
    pub const ALL: [Column; 7] = [
        Column::FirstName,
        Column::LastName,
        Column::Email,
        Column::Languages,
        Column::Skills,
        Column::Roles,
        Column::StudioCompanies,
    ];

    /// The column's name as the form and this help call it.
    pub fn label(self) -> &'static str {
        match self {
            Column::FirstName => "First name",
            Column::LastName => "Last name",
            Column::Email => "Email",
            Column::Languages => "Languages",
            Column::Skills => "Skills",
            Column::Roles => "Roles",
            Column::StudioCompanies => "Studio companies",
        }
    }

    fn accepts(self, header: &str) -> bool {
        let names: &[&str] = match self {
            Column::FirstName => &[
                "firstname",
                "givenname",
                "first",
                "vorname",
                "prénom",
                "prenom",
            ],
            Column::LastName => &[
                "lastname",
                "surname",
                "familyname",
                "last",
                "nachname",
                "nom",
            ],
            Column::Email => &["email", "emailaddress", "mail", "e-mail"],
            Column::Languages => &["languages", "language", "sprachen"],
            Column::Skills => &["skills", "skill"],
            Column::Roles => &["roles", "role"],
            Column::StudioCompanies => &["studiocompanies", "studiocompany", "companies"],
        };
        names.contains(&header)
    }

    fn required(self) -> bool {
        matches!(self, Column::FirstName | Column::LastName | Column::Email)
    }
}

/// One row of people as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    /// Where the row starts in the file (the header is line 1).
    pub line: u32,
    values: HashMap<Column, String>,
    /// Values beyond the header's columns, when there are any.
    pub extra_values: usize,
}

impl FileRow {
    /// The row's value in `column`, trimmed; empty when the file has no such column.
    pub fn get(&self, column: Column) -> &str {
        self.values.get(&column).map_or("", |v| v.trim())
    }
}

/// The file as read: its rows, the header as written for each column it has, and what the
/// person choosing it should know (columns it ignores).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleTable {
    pub rows: Vec<FileRow>,
    headers: HashMap<Column, String>,
    pub notes: Vec<String>,
}

impl PeopleTable {
    /// `column` as the file's header names it (else as the form does).
    pub fn header(&self, column: Column) -> String {
        self.headers
            .get(&column)
            .cloned()
            .unwrap_or_else(|| column.label().to_string())
    }
}

/// Reads the file's text.
pub fn read(contents: &str) -> Result<PeopleTable, AppError> {
    let text = contents.strip_prefix('\u{feff}').unwrap_or(contents);
    let Some(first_line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return Err(file_problem(format!(
            "The file is empty. Its first line names the columns ({}), then one person per line.",
            column_list()
        )));
    };
    let delimiter = delimiter_of(first_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| {
            file_problem(format!(
                "The first line cannot be read as column names: {e}."
            ))
        })?
        .clone();
    let (positions, headers, notes) = columns_of(&header)?;
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| {
            file_problem(format!(
                "The file cannot be read as a table of people: {e}."
            ))
        })?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(file_problem(format!(
                "The file has more than {} people; HyOpps adds at most {} from one file. Split it into smaller files.",
                thousands(MAX_ROWS),
                thousands(MAX_ROWS)
            )));
        }
        let line = lines.line_at(record.position().map_or(0, csv::Position::byte));
        let values = positions
            .iter()
            .filter_map(|(column, index)| {
                record.get(*index).map(|value| (*column, value.to_string()))
            })
            .collect();
        rows.push(FileRow {
            line,
            values,
            extra_values: record.len().saturating_sub(header.len()),
        });
    }
    Ok(PeopleTable {
        rows,
        headers,
        notes,
    })
}

/// Line numbers from byte offsets, counted forward once (the reader's own count leaves out the
/// blank lines it skips, and the admin looks for the line in their editor).
struct LineCounter<'a> {
    text: &'a str,
    at: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The line of the first value at or after `byte`; offsets must come in increasing order.
    fn line_at(&mut self, byte: u64) -> u32 {
        let mut byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        // A record's position can be the blank lines before it.
        let bytes = self.text.as_bytes();
        while byte < bytes.len() && matches!(bytes[byte], b'\n' | b'\r') {
            byte += 1;
        }
        if byte > self.at {
            let newlines = self.text.as_bytes()[self.at..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line = self
                .line
                .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            self.at = byte;
        }
        self.line
    }
}

/// `;` when the header has more of them than commas (spreadsheets in much of Europe export
/// so), a tab when it has tabs and neither, else `,`.
fn delimiter_of(header: &str) -> u8 {
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    let (semicolons, commas, tabs) = (count(';'), count(','), count('\t'));
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

type Columns = (Vec<(Column, usize)>, HashMap<Column, String>, Vec<String>);

/// Which position holds which column; a required column missing, or a column named twice,
/// is a problem of the whole file.
fn columns_of(header: &csv::StringRecord) -> Result<Columns, AppError> {
    let mut positions = Vec::new();
    let mut headers = HashMap::new();
    let mut ignored = Vec::new();
    for (index, written) in header.iter().enumerate() {
        let written = written.trim();
        let key: String = written
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
            .collect();
        match Column::ALL.into_iter().find(|c| c.accepts(&key)) {
            Some(column) if headers.contains_key(&column) => {
                return Err(file_problem(format!(
                    "The file has two {} columns (\"{}\" and \"{written}\"): keep one.",
                    column.label(),
                    headers[&column]
                )));
            }
            Some(column) => {
                positions.push((column, index));
                headers.insert(column, written.to_string());
            }
            None if written.is_empty() => {}
            None => ignored.push(format!("\"{written}\"")),
        }
    }
    let missing: Vec<&str> = Column::ALL
        .into_iter()
        .filter(|c| c.required() && !headers.contains_key(c))
        .map(Column::label)
        .collect();
    if !missing.is_empty() {
        return Err(file_problem(format!(
            "The file has no {} column. Its first line names the columns ({}), in any order, separated by ; or ,.",
            missing.join(", no "),
            column_list()
        )));
    }
    let notes = if ignored.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "Not read (HyOpps has no such field): {}.",
            ignored.join(", ")
        )]
    };
    Ok((positions, headers, notes))
}

fn column_list() -> String {
    Column::ALL.map(Column::label).join(", ")
}

fn file_problem(message: String) -> AppError {
    AppError::invalid("file", message)
}

/// 10000 as "10,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(result: Result<PeopleTable, AppError>) -> String {
        match result {
            Err(AppError::Validation { fields, .. }) => fields["file"].clone(),
            other => panic!("expected the file to be refused, got {other:?}"),
        }
    }

    #[test]
    fn semicolons_a_byte_order_mark_and_headers_in_any_case_and_order_are_read() {
        let table = read(
            "\u{feff}E-Mail;VORNAME;last_name;Phone\n\"o'brien@example.com\";Seán;O'Brien;123\n",
        )
        .unwrap();
        assert_eq!(table.rows.len(), 1);
        let row = &table.rows[0];
        assert_eq!(row.line, 2);
        assert_eq!(row.get(Column::FirstName), "Seán");
        assert_eq!(row.get(Column::LastName), "O'Brien");
        assert_eq!(row.get(Column::Email), "o'brien@example.com");
        assert_eq!(
            row.get(Column::Languages),
            "",
            "a column the file lacks reads empty"
        );
        assert_eq!(
            table.header(Column::Email),
            "E-Mail",
            "messages name the column as written"
        );
        assert_eq!(
            table.notes,
            ["Not read (HyOpps has no such field): \"Phone\"."]
        );
    }

    #[test]
    fn commas_with_quoted_lists_and_a_value_over_two_lines_keep_their_line_numbers() {
        let table = read("First name,Last name,Email,Languages\nAda,\"Müller + Partner, Jr.\",ada@example.com,\"en, de\"\n\n\"Bo\nB\",Li,bo@example.com,fr\r\nCy,Ng,cy@example.com,en\n").unwrap();
        let lines: Vec<u32> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(
            lines,
            [2, 4, 6],
            "blank lines are skipped, a quoted line break counts"
        );
        assert_eq!(table.rows[0].get(Column::LastName), "Müller + Partner, Jr.");
        assert_eq!(table.rows[0].get(Column::Languages), "en, de");
    }

    #[test]
    fn a_file_without_a_required_column_or_with_one_twice_or_nothing_at_all_is_refused() {
        assert_eq!(
            problem(read("First name;Email\nAda;ada@example.com\n")),
            "The file has no Last name column. Its first line names the columns (First name, Last name, Email, Languages, Skills, Roles, Studio companies), in any order, separated by ; or ,."
        );
        assert!(problem(read("Email,Mail,First name,Last name\n"))
            .contains("two Email columns (\"Email\" and \"Mail\")"));
        assert!(problem(read("\u{feff}\n  \n")).starts_with("The file is empty."));
    }

    #[test]
    fn more_people_than_one_file_adds_is_refused_with_the_limit() {
        let mut text = String::from("First name,Last name,Email\n");
        for i in 0..=MAX_ROWS {
            text.push_str(&format!("A,B,p{i}@example.com\n"));
        }
        assert_eq!(
            problem(read(&text)),
            "The file has more than 10,000 people; HyOpps adds at most 10,000 from one file. Split it into smaller files."
        );
    }
}
