//! Backlog order and Jira's LexoRank strings.
//!
//! The order is the one a board shows: done work first (in the order it was finished, as it was
//! ranked when it was pulled), then what the current sprint still holds (In Review, In Progress,
//! not started), then the refined items ready for the next sprint, then the rest of the backlog
//! by how much the team wants it. LexoRank strings (`0|i0000g:`) sort, byte for byte, in that
//! order: a bucket, six base-36 digits, a colon, and — where Jira would have inserted an item
//! between two others — a suffix after the colon.

use crate::backlog::{Item, Status};
use crate::calendar::SPRINT_COUNT;

/// Item indices in backlog order.
pub fn backlog_order(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (left, right) = (&items[a], &items[b]);
        group(left)
            .cmp(&group(right))
            .then_with(|| left.resolved.cmp(&right.resolved))
            .then_with(|| right.desirability.total_cmp(&left.desirability))
            .then(a.cmp(&b))
    });
    order
}

fn group(item: &Item) -> u8 {
    let in_current_sprint = item.sprints.last() == Some(&(SPRINT_COUNT - 1));
    match item.status {
        Status::Done => 0,
        Status::InReview if in_current_sprint => 1,
        Status::InProgress if in_current_sprint => 2,
        _ if in_current_sprint => 3,
        Status::InReview | Status::InProgress => 4,
        Status::Selected => 5,
        Status::ToDo => 6,
    }
}

/// The LexoRank string of position `position` (0 = top) among `count` items.
pub fn lexorank(position: usize, count: usize) -> String {
    let mut rank = String::with_capacity(12);
    push_lexorank(&mut rank, position, count);
    rank
}

/// Appends the LexoRank string of position `position` (0 = top) among `count` items.
pub fn push_lexorank(rank: &mut String, position: usize, count: usize) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    const SPACE: u64 = 36u64.pow(6);
    let step = SPACE / (count as u64 + 1);
    let mut value = (position as u64 + 1) * step;
    let mut digits = [b'0'; 6];
    for digit in digits.iter_mut().rev() {
        *digit = DIGITS[(value % 36) as usize];
        value /= 36;
    }
    rank.push_str("0|");
    rank.extend(digits.iter().map(|&digit| char::from(digit)));
    rank.push(':');
    if position % 17 == 5 {
        rank.push('i');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexoranks_sort_in_position_order() {
        let ranks: Vec<String> = (0..1000).map(|position| lexorank(position, 1000)).collect();
        assert!(ranks.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(lexorank(0, 1), "0|i00000:");
        assert_eq!(lexorank(5, 1000).len(), 10);
    }
}
