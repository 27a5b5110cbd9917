//! Reading a centre's CSV file as spreadsheets write it: comma or
//! semicolon (French Excel's "CSV"), UTF-8 with or without a byte order
//! mark, CRLF or LF line ends.

use serde::Deserialize;

use super::report::{RowError, RowProblem};

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Each record with its line number: the row, or why it cannot be read.
/// Problems of the file as a whole (encoding, header) go to `errors`.
pub(super) fn read_rows<T: for<'de> Deserialize<'de>>(
    data: &[u8],
    errors: &mut Vec<RowError>,
) -> Vec<(u64, Result<T, RowError>)> {
    let data = data.strip_prefix(BYTE_ORDER_MARK).unwrap_or(data);
    if let Err(e) = std::str::from_utf8(data) {
        // Excel's plain "CSV" is Windows-1252: say so rather than show mojibake.
        let line = 1 + data[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        errors.push(RowError {
            line,
            column: "file".into(),
            problem: RowProblem::NotUtf8,
        });
        return Vec::new();
    }
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter(data))
        .trim(csv::Trim::Headers)
        .from_reader(data);
    let headers = match csv.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(RowError {
                line: 1,
                column: "header".into(),
                problem: RowProblem::UnreadableHeader(e.to_string()),
            });
            return Vec::new();
        }
    };
    let mut lines = Lines {
        data,
        at: 0,
        line: 1,
    };
    let mut rows = Vec::new();
    for record in csv.records() {
        let parsed = record.and_then(|r| {
            let line = lines.of(r.position().map_or(0, csv::Position::byte));
            r.deserialize::<T>(Some(&headers)).map(|row| (line, row))
        });
        rows.push(match parsed {
            Ok((line, row)) => (line, Ok(row)),
            Err(e) => {
                let line = lines.of(e.position().map_or(0, csv::Position::byte));
                (
                    line,
                    Err(RowError {
                        line,
                        column: "row".into(),
                        problem: RowProblem::UnreadableRow(e.to_string()),
                    }),
                )
            }
        });
    }
    rows
}

/// Semicolon when the header row has more semicolons than commas: what
/// Excel writes where the comma is the decimal separator.
fn delimiter(data: &[u8]) -> u8 {
    let header = data.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| header.iter().filter(|b| **b == d).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// Line numbers from byte offsets, counting `\n` only: the CSV reader's own
/// count is one too low after `\r\n` line ends, which is what Excel
/// writes, and a centre would look for the problem on the wrong line.
struct Lines<'a> {
    data: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the record at byte `offset`; offsets must come in
    /// increasing order. After a `\r` the reader's offset points at the
    /// `\n` still before the record: line ends are skipped first.
    fn of(&mut self, offset: u64) -> u64 {
        let mut offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.data.len())
            .max(self.at);
        while matches!(self.data.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        self.line += self.data[self.at..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.at = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_one_the_header_uses_most() {
        assert_eq!(
            delimiter(b"id_number;secret_number;given_name\nA,B;C"),
            b';'
        );
        assert_eq!(
            delimiter(b"id_number,secret_number,given_name\r\nA;B,C"),
            b','
        );
        assert_eq!(delimiter(b""), b',');
    }
}
