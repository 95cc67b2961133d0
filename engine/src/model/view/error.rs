//! The one error of a frame that is not canonical: a column missing or of another type.

use crate::model::{ColumnType, Table};

/// A canonical frame lacks a column or holds one of another type. Frames made by refine's
/// loaders ([`crate::model::conform`]) never do; a frame built by hand may.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameError {
    /// A column is missing.
    #[error("the {table} table has no `{column}` column; load it through refine's loaders")]
    MissingColumn {
        /// The table.
        table: Table,
        /// The column.
        column: &'static str,
    },
    /// A column has another type than the canonical one.
    #[error("the {table} table's `{column}` column is {found}, expected {expected}")]
    WrongType {
        /// The table.
        table: Table,
        /// The column.
        column: &'static str,
        /// Its type, as polars names it.
        found: String,
        /// The canonical type.
        expected: ColumnType,
    },
}
