//! Writing CSV as RFC 4180 has it, with the `csv` crate that also reads the files of people:
//! CRLF after every record, a field quoted when it holds a comma, a quote or a line break,
//! quotes inside doubled.
//!
//! One addition for spreadsheets: a field that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'`, so Excel or LibreOffice show it as text instead of
//! running it as a formula (OWASP's advice on CSV injection). Names and summaries come from
//! people and outside systems, and an admin opens this file on their own machine.

pub(crate) struct CsvWriter {
    writer: csv::Writer<Vec<u8>>,
    rows: u64,
}

impl Default for CsvWriter {
    fn default() -> Self {
        Self {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .quote_style(csv::QuoteStyle::Necessary)
                .from_writer(Vec::new()),
            rows: 0,
        }
    }
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
        let bytes = self
            .writer
            .into_inner()
            .unwrap_or_else(|e| e.into_inner().get_ref().clone());
        // Every field went in as `&str`: the bytes are UTF-8.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    fn write_record<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        let fields: Vec<String> = fields.into_iter().map(neutralised).collect();
        // Writing into memory cannot fail.
        let _ = self.writer.write_record(&fields);
    }
}

/// `field` as a spreadsheet must show it: a leading `'` before what it would run as a formula.
fn neutralised(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
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
            "\"'=HYPERLINK(\"\"http://evil\"\")\",'@SUM(A1),'-1+1,ok\r\n"
        );
    }
}
