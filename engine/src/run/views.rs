//! The canonical frames of a workspace decoded once per run into the typed views every analysis
//! borrows (see [`crate::model::view`]). A command's run decodes here and nowhere else.

use polars::prelude::DataFrame;

use crate::load::{FeedbackStream, Workspace};
use crate::model::Table;
use crate::model::view::{FrameError, History, Items, Links, Sprints, Survey, Votes};

/// The workspace's frames, held for the run so that the views can borrow their texts.
pub(super) struct Frames {
    items: DataFrame,
    links: DataFrame,
    history: DataFrame,
    sprints: DataFrame,
    votes: DataFrame,
    survey: DataFrame,
    /// The feedback loaded whole, read by demand: not decoded into a view.
    pub feedback: DataFrame,
    /// The feedback files left to read in batches, read by demand.
    feedback_streams: Vec<FeedbackStream>,
}

impl Frames {
    /// The frames of `workspace` (polars frames share their buffers: nothing is copied).
    pub(super) fn of(workspace: &Workspace) -> Frames {
        Frames {
            items: workspace.table(Table::Items),
            links: workspace.table(Table::Links),
            history: workspace.table(Table::History),
            sprints: workspace.table(Table::Sprints),
            votes: workspace.table(Table::Votes),
            survey: workspace.table(Table::Survey),
            feedback: workspace.table(Table::Feedback),
            feedback_streams: workspace.feedback_streams().cloned().collect(),
        }
    }

    /// Every view, decoded once; the items (the widest) beside the rest.
    pub(super) fn decode(&self) -> Result<Views<'_>, FrameError> {
        let (items, rest) = rayon::join(
            || Items::decode(&self.items),
            || -> Result<_, FrameError> {
                Ok((
                    Links::decode(&self.links)?,
                    History::decode(&self.history)?,
                    Sprints::decode(&self.sprints)?,
                    Votes::decode(&self.votes)?,
                    Survey::decode(&self.survey)?,
                ))
            },
        );
        let (links, history, sprints, votes, survey) = rest?;
        Ok(Views {
            items: items?,
            links,
            history,
            sprints,
            votes,
            survey,
            feedback: &self.feedback,
            feedback_streams: &self.feedback_streams,
        })
    }
}

/// The decoded tables of one workspace.
#[allow(missing_docs)] // each field is the table of the same name
pub(super) struct Views<'a> {
    pub items: Items<'a>,
    pub links: Links<'a>,
    pub history: History<'a>,
    pub sprints: Sprints<'a>,
    pub votes: Votes<'a>,
    pub survey: Survey<'a>,
    pub feedback: &'a DataFrame,
    pub feedback_streams: &'a [FeedbackStream],
}
