//! Writing CSV as RFC 4180 has it: CRLF after every record, a field quoted when it holds a
//! comma, a quote, a line break (or leading/trailing space), quotes inside doubled.
//!
//! One addition for spreadsheets: a field that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'`, so Excel or LibreOffice show it as text instead of
//! running it as a formula (OWASP's advice on CSV injection). Names and summaries come from
//! people and outside systems, and an admin opens this file on their own machine.

#[derive(Debug, Default)]
pub(crate) struct CsvWriter {
    content: String,
    rows: u64,
}

impl CsvWriter {
    /// A writer that starts with the header row (not counted in [`CsvWriter::rows`]).
    pub fn with_header(header: &[&str]) -> Self {
        let mut writer = Self::default();
        writer.write_record(header.iter().copied());
        writer
    }

    pub fn row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        self.write_record(fields);
        self.rows += 1;
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn finish(self) -> String {
        self.content
    }

    fn write_record<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        for (index, field) in fields.into_iter().enumerate() {
            if index > 0 {
                self.content.push(',');
            }
            self.write_field(field);
        }
        self.content.push_str("\r\n");
    }

    fn write_field(&mut self, field: &str) {
        let neutralised = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let needs_quotes = neutralised
            || field.contains([',', '"', '\r', '\n'])
            || field.starts_with(' ')
            || field.ends_with(' ');
        if !needs_quotes {
            self.content.push_str(field);
            return;
        }
        self.content.push('"');
        if neutralised {
            self.content.push('\'');
        }
        self.content.push_str(&field.replace('"', "\"\""));
        self.content.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        let mut csv = CsvWriter::with_header(&["name", "note"]);
        csv.row(["Acme", "plain"]);
        csv.row(["Smith, Jones & Co", "said \"hi\""]);
        csv.row(["two\nlines", ""]);
        assert_eq!(csv.rows(), 3, "the header is not a data row");
        assert_eq!(
            csv.finish(),
            "name,note\r\nAcme,plain\r\n\"Smith, Jones & Co\",\"said \"\"hi\"\"\"\r\n\"two\nlines\",\r\n"
        );
    }

    #[test]
    fn formulas_are_shown_as_text_in_spreadsheets() {
        let mut csv = CsvWriter::default();
        csv.row(["=HYPERLINK(\"http://evil\")", "@SUM(A1)", "-1+1", "ok"]);
        assert_eq!(
            csv.finish(),
            "\"'=HYPERLINK(\"\"http://evil\"\")\",\"'@SUM(A1)\",\"'-1+1\",ok\r\n"
        );
    }
}
