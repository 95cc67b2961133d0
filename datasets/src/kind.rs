//! The demo's issue types.

/// Issue type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A large body of work; other items name it as their Parent.
    Epic,
    /// A user story.
    Story,
    /// A defect.
    Bug,
    /// Technical work.
    Task,
    /// A time-boxed investigation.
    Spike,
}

impl Kind {
    /// Jira's issue type name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Epic => "Epic",
            Kind::Story => "Story",
            Kind::Bug => "Bug",
            Kind::Task => "Task",
            Kind::Spike => "Spike",
        }
    }
}
