//! The canonical frames decoded once per run into typed views every analysis borrows: plain
//! vectors of values (texts borrowed from the frames), so that no analysis reads a frame itself
//! and a missing or mistyped column is one error, [`FrameError`], wherever it is found.

mod decode;
mod error;
mod history;
mod items;
mod links;
mod sprints;
mod survey;
mod votes;

pub use self::decode::finite;
pub use self::error::FrameError;
pub use self::history::{Change, History, ItemChanges};
pub use self::items::Items;
pub use self::links::{Link, Links};
pub use self::sprints::Sprints;
pub use self::survey::Survey;
pub use self::votes::Votes;
