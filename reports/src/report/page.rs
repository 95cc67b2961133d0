//! What the HTML page and the Markdown file both show, gathered once: the sections, what
//! needs a decision, the ranked backlog's lines, the items' tracker links and the data-quality
//! findings, and the title.

use refine_engine::run::DataQuality;

use super::ReportContext;
use super::attention::Attention;
use super::backlog_lines::BacklogLine;
use super::links::ItemLinks;
use super::reading::reading_date;
use super::sections::Section;

/// What the page shows besides the sections.
pub(crate) struct Page<'a> {
    /// The report's sections, the key figures (`summary`) first.
    pub sections: &'a [Section],
    /// What needs a decision.
    pub attention: &'a [Attention],
    /// The ranked backlog's lines shown (the first `--max-rows`).
    pub lines: &'a [BacklogLine<'a>],
    /// How many items the ranking holds.
    pub ranked: usize,
    /// The items' URLs.
    pub links: ItemLinks<'a>,
    /// The data-quality findings.
    pub quality: &'a DataQuality,
}

/// The page's title: `Backlog report, 13 Nov 2026`.
pub(crate) fn title(context: &ReportContext) -> String {
    match &context.as_of {
        Some(as_of) => format!("Backlog report, {}", reading_date(as_of)),
        None => "Backlog report".to_owned(),
    }
}
