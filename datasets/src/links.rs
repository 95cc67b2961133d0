//! Issue links of the demo: the planted duplicate pairs (half linked as Duplicate, some of those
//! closed with resolution Duplicate; the other half left for duplicate detection to find),
//! Blocks links (blockers that are done, ranked below what they block, or in a cycle), and
//! Relates links within an area.

use crate::backlog::{Item, Status};
use crate::calendar::{add_work_days, anchor_end};
use crate::kind::Kind;
use crate::random::{Random, index, pick, uniform};

/// Links the planted duplicates: every other pair keeps its Duplicate link; the first three
/// linked ones are closed as duplicates a few days after the copy was filed.
pub fn link_duplicates(random: &mut Random, items: &mut [Item]) {
    let copies: Vec<usize> = (0..items.len()).filter(|&index| items[index].duplicates.is_some()).collect();
    let mut closed = 0;
    for (pair, &copy) in copies.iter().enumerate() {
        if pair % 2 == 1 {
            items[copy].duplicates = None;
            continue;
        }
        if closed < 3 {
            let item = &mut items[copy];
            let when = add_work_days(item.created, uniform(random, 1.0, 10.0)).min(anchor_end());
            item.estimates.retain(|&(at, _)| at < when);
            item.move_to(when, Status::Done);
            item.resolution = Some("Duplicate");
            item.resolved = Some(when);
            closed += 1;
        }
    }
}

/// Blocks links on open, unstarted items: some blockers are already done, some are ranked
/// below what they block, one is being worked on, and two items block each other.
pub fn link_blockers(random: &mut Random, items: &mut [Item]) {
    let waiting = |item: &Item| {
        item.kind != Kind::Epic && !item.reserved && matches!(item.status, Status::ToDo | Status::Selected)
    };
    let mut blocked: Vec<usize> = (0..items.len()).filter(|&index| waiting(&items[index])).collect();
    blocked.sort_by(|&a, &b| items[b].desirability.total_cmp(&items[a].desirability).then(a.cmp(&b)));
    // Blocked items near the top of the backlog are the ones a refinement has to deal with.
    blocked.truncate(60);
    let chosen: Vec<usize> = crate::random::sample_indices(random, blocked.len(), 13)
        .into_iter()
        .map(|position| blocked[position])
        .collect();
    let done: Vec<usize> = (0..items.len())
        .filter(|&index| items[index].kind != Kind::Epic && items[index].status == Status::Done)
        .collect();
    let started: Vec<usize> = (0..items.len()).filter(|&index| items[index].status.is_started()).collect();
    for (number, &target) in chosen.iter().enumerate().take(11) {
        let blocker = match number {
            0..=2 => pick(random, &done),
            3 if !started.is_empty() => pick(random, &started),
            _ => {
                // An open item, mostly one ranked lower than what it blocks.
                let lower = number % 3 != 0;
                let pool: Vec<usize> = (0..items.len())
                    .filter(|&index| {
                        index != target
                            && waiting(&items[index])
                            && (items[index].desirability < items[target].desirability) == lower
                    })
                    .collect();
                if pool.is_empty() {
                    continue;
                }
                pick(random, &pool)
            }
        };
        if blocker != target && !items[blocker].blocks.contains(&target) {
            items[blocker].blocks.push(target);
        }
    }
    if let [first, second] = chosen[11..] {
        items[first].blocks.push(second);
        items[second].blocks.push(first);
    }
}

/// Relates links between items of one area.
pub fn link_related(random: &mut Random, items: &mut [Item]) {
    let linkable: Vec<usize> = (0..items.len()).filter(|&index| items[index].kind != Kind::Epic).collect();
    let mut linked = 0;
    while linked < 20 {
        let from = linkable[index(random, linkable.len())];
        let to = linkable[index(random, linkable.len())];
        if from == to || items[from].theme != items[to].theme || items[from].relates.contains(&to) {
            continue;
        }
        items[from].relates.push(to);
        linked += 1;
    }
}
