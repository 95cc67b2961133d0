//! A table read one row at a time: what the file writers take, so that a table file is written
//! from the result structs row by row and never needs the whole table as cells.
//!
//! [`Records`] (a table already held as cells) hands out its rows; [`RecordRows`] serialises each
//! record into cells when it is read, then drops them. Both give the same columns and cells for
//! the same records.

use std::io;
use std::marker::PhantomData;
use std::sync::OnceLock;

use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq, Serializer};

use super::{Cell, JsonRow, Records, add_columns, align, record_fields};

/// A table whose rows are read in order, one at a time, as cells aligned to its columns.
pub trait TableRows: Sync {
    /// Column names, in order.
    fn columns(&self) -> &[String];

    /// How many rows the table has.
    fn row_count(&self) -> usize;

    /// Calls `visit` with each row in order; the row lives only for the call. Stops at, and
    /// returns, the first error `visit` returns.
    fn try_for_each_row(&self, visit: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()>;

    /// The whole table as cells, for the views that show every row at once.
    fn to_records(&self) -> Records {
        let mut rows = Vec::with_capacity(self.row_count());
        // Collecting into a Vec cannot fail.
        let _ = self.try_for_each_row(&mut |cells| {
            rows.push(cells.to_vec());
            Ok(())
        });
        Records { columns: self.columns().to_vec(), rows }
    }
}

impl TableRows for Records {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn try_for_each_row(&self, visit: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()> {
        self.rows.iter().try_for_each(|row| visit(row))
    }
}

/// A reference or a box reads as the table it points to (`&dyn TableRows` for a borrowed
/// table, `Box<dyn TableRows>` for a report's table sources).
macro_rules! table_rows_through {
    ($pointer:ty) => {
        impl<T: TableRows + ?Sized> TableRows for $pointer {
            fn columns(&self) -> &[String] {
                (**self).columns()
            }

            fn row_count(&self) -> usize {
                (**self).row_count()
            }

            fn try_for_each_row(&self, visit: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()> {
                (**self).try_for_each_row(visit)
            }

            fn to_records(&self) -> Records {
                (**self).to_records()
            }
        }
    };
}

table_rows_through!(&T);
table_rows_through!(Box<T>);

/// A table over serialisable records (the engine's result structs, or rows borrowing them),
/// each turned into cells only while it is read. Its columns are those
/// [`Records::from_serialize`] gives the same records: every field name any record has, in the
/// order they first appear (found, when first asked for, by one pass over the records that
/// keeps only the names).
pub struct RecordRows<T, S = Vec<T>> {
    records: S,
    empty_columns: Vec<String>,
    columns: OnceLock<Vec<String>>,
    row: PhantomData<fn() -> T>,
}

impl<T: Serialize, S: AsRef<[T]>> RecordRows<T, S> {
    /// The table of `records`; `empty_columns` are its columns when there is no record (a
    /// table's declared header: an empty CSV still says what it would hold).
    pub fn new(records: S, empty_columns: &[&str]) -> Self {
        let empty_columns = empty_columns.iter().map(|column| (*column).to_owned()).collect();
        RecordRows { records, empty_columns, columns: OnceLock::new(), row: PhantomData }
    }

    fn columns_of(&self) -> &[String] {
        self.columns.get_or_init(|| {
            let records = self.records.as_ref();
            if records.is_empty() {
                return self.empty_columns.clone();
            }
            let mut columns = Vec::new();
            for record in records {
                add_columns(&mut columns, &record_fields(record));
            }
            columns
        })
    }

    fn row_count_of(&self) -> usize {
        self.records.as_ref().len()
    }
}

impl<T: Serialize, S: AsRef<[T]> + Sync> TableRows for RecordRows<T, S> {
    fn columns(&self) -> &[String] {
        self.columns_of()
    }

    fn row_count(&self) -> usize {
        self.row_count_of()
    }

    fn try_for_each_row(&self, visit: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()> {
        let columns = self.columns_of();
        for record in self.records.as_ref() {
            visit(&align(columns, record_fields(record)))?;
        }
        Ok(())
    }

    /// The records serialised once, straight into the table (no pass for the columns first).
    fn to_records(&self) -> Records {
        let records = self.records.as_ref();
        if records.is_empty() {
            return Records { columns: self.empty_columns.clone(), rows: Vec::new() };
        }
        Records::from_serialize(records)
    }
}

/// A table as JSON: an array of one object per row, its columns in order, each row serialised
/// as it is read (the same JSON as [`Records`]' own).
#[derive(Clone, Copy)]
pub struct TableJson<'a>(pub &'a dyn TableRows);

impl Serialize for TableJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let table = self.0;
        let columns = table.columns();
        let mut rows = serializer.serialize_seq(Some(table.row_count()))?;
        // The visitor speaks io::Error; the serializer's own error is kept aside and returned.
        let mut failure = None;
        let visited = table.try_for_each_row(&mut |cells| {
            rows.serialize_element(&JsonRow { columns, cells }).map_err(|error| {
                failure = Some(error);
                io::Error::other("the JSON serializer failed")
            })
        });
        if let Some(error) = failure {
            return Err(error);
        }
        visited.map_err(S::Error::custom)?;
        rows.end()
    }
}

#[cfg(test)]
mod tests;
