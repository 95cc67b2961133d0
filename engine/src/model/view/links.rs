//! The links table decoded once.

use polars::prelude::DataFrame;

use super::FrameError;
use super::decode::Columns;
use crate::model::{LinkKind, Table, links};

/// One link between two items, texts borrowed from the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Link<'a> {
    /// The key the link starts at (the blocker, the parent, the duplicate).
    pub from: &'a str,
    /// The key it points to.
    pub to: &'a str,
    /// The canonical kind, as written (`blocks`, `duplicates`, `relates`, `parent`, or another
    /// tracker's word).
    pub kind: &'a str,
}

impl Link<'_> {
    /// Whether the link is of `kind` (compared trimmed and case-insensitively).
    pub fn is(&self, kind: LinkKind) -> bool {
        self.kind.trim().eq_ignore_ascii_case(kind.name())
    }
}

/// The links with all three of from, to and kind, in frame order.
#[derive(Debug, Clone, Default)]
pub struct Links<'a> {
    /// The links.
    pub links: Vec<Link<'a>>,
}

impl<'a> Links<'a> {
    /// Decodes the canonical links frame; a row missing any of its three values is left out.
    pub fn decode(frame: &'a DataFrame) -> Result<Links<'a>, FrameError> {
        let columns = Columns { frame, table: Table::Links };
        let (from, to, kind) =
            (columns.texts(links::FROM)?, columns.texts(links::TO)?, columns.texts(links::KIND)?);
        let links = from
            .into_iter()
            .zip(to)
            .zip(kind)
            .filter_map(|((from, to), kind)| Some(Link { from: from?, to: to?, kind: kind? }))
            .collect();
        Ok(Links { links })
    }

    /// The links of `kind`.
    pub fn of_kind(&self, kind: LinkKind) -> impl Iterator<Item = &Link<'a>> + '_ {
        self.links.iter().filter(move |link| link.is(kind))
    }
}
