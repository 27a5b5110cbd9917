//! Reading a centre's CSV file as spreadsheets write it: comma or
//! semicolon (French Excel's "CSV"), UTF-8 with or without a byte order
//! mark, CRLF or LF line ends, the columns in any order.

use super::report::{Place, RowError, RowProblem};
use crate::domain::Column;

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// One data row's values, in the order of the columns asked for, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Values<'c> {
    columns: &'c [Column],
    values: Vec<String>,
}

impl Values<'_> {
    /// The value of `column` (empty for a column not asked for).
    pub(super) fn get(&self, column: Column) -> &str {
        self.columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.values.get(i))
            .map_or("", String::as_str)
    }

    pub(super) fn into_values(self) -> Vec<String> {
        self.values
    }
}

/// Each record with its line number: its values, or why it cannot be
/// read. Problems of the file as a whole (encoding, header) go to `errors`.
pub(super) fn read_rows<'c>(
    data: &[u8],
    columns: &'c [Column],
    errors: &mut Vec<RowError>,
) -> Vec<(u64, Result<Values<'c>, RowError>)> {
    let data = data.strip_prefix(BYTE_ORDER_MARK).unwrap_or(data);
    if let Err(e) = std::str::from_utf8(data) {
        // Excel's plain "CSV" is Windows-1252: say so rather than show mojibake.
        let line = 1 + data[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        errors.push(RowError::new(line, Place::File, RowProblem::NotUtf8));
        return Vec::new();
    }
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter(data))
        .trim(csv::Trim::All)
        .from_reader(data);
    let positions = match csv.headers() {
        Ok(header) => positions(header, columns, errors),
        Err(e) => {
            let problem = RowProblem::UnreadableHeader(e.to_string());
            errors.push(RowError::new(1, Place::Header, problem));
            return Vec::new();
        }
    };
    let Some(positions) = positions else {
        return Vec::new();
    };
    let mut lines = Lines {
        data,
        at: 0,
        line: 1,
    };
    let mut rows = Vec::new();
    for record in csv.records() {
        rows.push(match record {
            Ok(r) => {
                let line = lines.of(r.position().map_or(0, csv::Position::byte));
                let values = positions
                    .iter()
                    .map(|i| r.get(*i).unwrap_or_default().to_owned())
                    .collect();
                (line, Ok(Values { columns, values }))
            }
            Err(e) => {
                let line = lines.of(e.position().map_or(0, csv::Position::byte));
                let problem = RowProblem::UnreadableRow(e.to_string());
                (line, Err(RowError::new(line, Place::Row, problem)))
            }
        });
    }
    rows
}

/// Where each column asked for is in the header, or `None` after noting
/// every column the header lacks.
fn positions(
    header: &csv::StringRecord,
    columns: &[Column],
    errors: &mut Vec<RowError>,
) -> Option<Vec<usize>> {
    let found: Vec<Option<usize>> = columns
        .iter()
        .map(|c| header.iter().position(|h| h == c.name()))
        .collect();
    for (column, at) in columns.iter().zip(&found) {
        if at.is_none() {
            errors.push(RowError::new(
                1,
                Place::Header,
                RowProblem::MissingColumn(*column),
            ));
        }
    }
    found.into_iter().collect()
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

    #[test]
    fn columns_are_found_by_name_in_any_order_and_a_missing_one_is_named_once() {
        let columns = [Column::IdNumber, Column::Grade];
        let mut errors = Vec::new();
        let rows = read_rows(b"grade , id_number\nB, AB1\n", &columns, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let values = rows[0].1.clone().expect("read");
        assert_eq!(
            (values.get(Column::IdNumber), values.get(Column::Grade)),
            ("AB1", "B")
        );
        let rows = read_rows(b"id_number\nAB1\nAB2\n", &columns, &mut errors);
        assert!(rows.is_empty());
        assert_eq!(
            errors,
            vec![RowError::new(
                1,
                Place::Header,
                RowProblem::MissingColumn(Column::Grade)
            )]
        );
    }
}
