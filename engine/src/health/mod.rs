//! Backlog health (design.md, Health): the findings of the quarterly review that are not
//! scores of single items but properties of the backlog as a whole — here, items that may
//! duplicate each other ([`duplicates`]).

pub mod duplicates;
