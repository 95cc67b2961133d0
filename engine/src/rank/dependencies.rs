//! Moving blockers ahead of what they block.
//!
//! The ranked items are numbered by their plain order (0 = first). A `blocks` edge `a → b` says
//! `a` must come before `b`. The result is a stable topological sort: Kahn's algorithm that,
//! among the items whose blockers are all placed, takes the one with the smallest
//! `(pull, position)`, where `pull` is the best position among the item and everything it
//! blocks, transitively. A blocker thereby rises to just ahead of the best-ranked item waiting on
//! it, and everything else keeps its plain order; with no edges the plain order comes back
//! unchanged.
//!
//! Cycles: the strongly connected components (Tarjan, iterative so a long chain cannot overflow
//! the stack) with more than one item, or an item blocking itself, are cycles. Edges inside a
//! component are ignored, so its items keep their plain order among themselves; edges between
//! components still count (the components form a DAG, so the sort always finishes). Each
//! component is reported as the shortest cycle through its first key in natural order, starting
//! there, following neighbours in natural key order, so the report does not depend on scores.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use crate::model::keys::natural_key_cmp;

/// The final order and what the dependencies did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependencyOrder {
    /// Plain positions in their final order.
    pub order: Vec<usize>,
    /// Per plain position: the best-ranked item it blocks (transitively) when that item ranked
    /// ahead of it in the plain order, i.e. the item it was moved ahead of.
    pub moved_ahead_of: Vec<Option<usize>>,
    /// Each cycle as plain positions, starting at its first key in natural order; cycles sorted
    /// by that key.
    pub cycles: Vec<Vec<usize>>,
    /// Components that hold more items than their reported cycle (several interlocked cycles),
    /// as plain positions in natural key order.
    pub tangles: Vec<Vec<usize>>,
}

/// Orders `keys.len()` items (given in plain order) so that every blocker in `edges`
/// (`(blocker, blocked)` plain positions) comes first, as the module doc describes.
pub fn dependency_order(keys: &[&str], edges: &[(usize, usize)]) -> DependencyOrder {
    let graph = Graph::new(keys.len(), edges);
    let components = strongly_connected(&graph);
    let mut component_of = vec![0; keys.len()];
    for (id, members) in components.iter().enumerate() {
        for &item in members {
            component_of[item] = id;
        }
    }
    let crosses = |from: usize, to: usize| component_of[from] != component_of[to];

    // Components come sinks first, so what an item blocks already has its pull.
    let mut pull: Vec<usize> = (0..keys.len()).collect();
    for members in &components {
        for &item in members {
            let best = graph
                .successors(item)
                .iter()
                .filter(|&&next| crosses(item, next))
                .map(|&next| pull[next])
                .min();
            pull[item] = best.map_or(item, |best| best.min(item));
        }
    }

    let mut waiting_on = vec![0usize; keys.len()];
    for item in 0..keys.len() {
        for &next in graph.successors(item) {
            if crosses(item, next) {
                waiting_on[next] += 1;
            }
        }
    }
    let mut available: BinaryHeap<Reverse<(usize, usize)>> = (0..keys.len())
        .filter(|&item| waiting_on[item] == 0)
        .map(|item| Reverse((pull[item], item)))
        .collect();
    let mut order = Vec::with_capacity(keys.len());
    while let Some(Reverse((_, item))) = available.pop() {
        order.push(item);
        for &next in graph.successors(item) {
            if crosses(item, next) {
                waiting_on[next] -= 1;
                if waiting_on[next] == 0 {
                    available.push(Reverse((pull[next], next)));
                }
            }
        }
    }

    let moved_ahead_of = pull.iter().enumerate().map(|(item, &best)| (best < item).then_some(best)).collect();
    let (cycles, tangles) = cycles(keys, &graph, &components, &component_of);
    DependencyOrder { order, moved_ahead_of, cycles, tangles }
}

/// Successor lists in compressed form: the blocked items of `item` are
/// `targets[starts[item]..starts[item + 1]]`, sorted and without repeats.
struct Graph {
    starts: Vec<usize>,
    targets: Vec<usize>,
}

impl Graph {
    fn new(size: usize, edges: &[(usize, usize)]) -> Self {
        let mut edges: Vec<(usize, usize)> =
            edges.iter().copied().filter(|&(a, b)| a < size && b < size).collect();
        edges.sort_unstable();
        edges.dedup();
        let mut starts = vec![0; size + 1];
        for &(from, _) in &edges {
            starts[from + 1] += 1;
        }
        for index in 1..starts.len() {
            starts[index] += starts[index - 1];
        }
        Graph { starts, targets: edges.into_iter().map(|(_, to)| to).collect() }
    }

    fn size(&self) -> usize {
        self.starts.len() - 1
    }

    fn successors(&self, item: usize) -> &[usize] {
        &self.targets[self.starts[item]..self.starts[item + 1]]
    }
}

/// Tarjan's strongly connected components, each emitted after every component it reaches.
fn strongly_connected(graph: &Graph) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let size = graph.size();
    let mut index = vec![UNSEEN; size];
    let mut low = vec![0; size];
    let mut on_stack = vec![false; size];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0;
    for root in 0..size {
        if index[root] != UNSEEN {
            continue;
        }
        // Each frame: an item and how many of its successors it has looked at.
        let mut calls = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(frame) = calls.last_mut() {
            let item = frame.0;
            if let Some(&next) = graph.successors(item).get(frame.1) {
                frame.1 += 1;
                if index[next] == UNSEEN {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    calls.push((next, 0));
                } else if on_stack[next] {
                    low[item] = low[item].min(index[next]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[item]);
            }
            if low[item] == index[item] {
                let mut members = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    members.push(member);
                    if member == item {
                        break;
                    }
                }
                components.push(members);
            }
        }
    }
    components
}

type Cycles = (Vec<Vec<usize>>, Vec<Vec<usize>>);

/// The cycle of every component that has one, and the components bigger than their cycle.
fn cycles(keys: &[&str], graph: &Graph, components: &[Vec<usize>], component_of: &[usize]) -> Cycles {
    let by_key = |a: &usize, b: &usize| natural_key_cmp(keys[*a], keys[*b]);
    let mut cycles = Vec::new();
    let mut tangles = Vec::new();
    for members in components {
        let Some(&start) = members.iter().min_by(|a, b| by_key(a, b)) else { continue };
        let blocks_itself = graph.successors(start).contains(&start);
        if members.len() < 2 && !blocks_itself {
            continue;
        }
        let cycle = if blocks_itself {
            vec![start]
        } else {
            let inside = |item: usize| component_of[item] == component_of[start];
            shortest_cycle(start, graph, inside, by_key)
        };
        if cycle.len() < members.len() {
            let mut tangle = members.clone();
            tangle.sort_by(by_key);
            tangles.push(tangle);
        }
        cycles.push(cycle);
    }
    cycles.sort_by(|a, b| by_key(&a[0], &b[0]));
    tangles.sort_by(|a, b| by_key(&a[0], &b[0]));
    (cycles, tangles)
}

/// The shortest path from `start` back to itself through items `inside` its component
/// (breadth first, neighbours in `order`), `start` first. A strongly connected component with
/// two or more items always has one; should the search fail anyway, `[start]` is returned.
fn shortest_cycle(
    start: usize,
    graph: &Graph,
    inside: impl Fn(usize) -> bool,
    order: impl Fn(&usize, &usize) -> std::cmp::Ordering,
) -> Vec<usize> {
    let mut came_from: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(item) = queue.pop_front() {
        let mut next: Vec<usize> =
            graph.successors(item).iter().copied().filter(|&next| inside(next)).collect();
        next.sort_by(&order);
        for next in next {
            if next == start {
                let mut path = vec![item];
                while let Some(&previous) = path.last().and_then(|last| came_from.get(last)) {
                    path.push(previous);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(entry) = came_from.entry(next) {
                entry.insert(item);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(keys: &[&str], edges: &[(usize, usize)]) -> DependencyOrder {
        dependency_order(keys, edges)
    }

    #[test]
    fn without_edges_the_plain_order_stays() {
        let result = run(&["A-1", "A-2", "A-3"], &[]);
        assert_eq!(result.order, [0, 1, 2]);
        assert_eq!(result.moved_ahead_of, [None, None, None]);
        assert!(result.cycles.is_empty());
        assert!(run(&[], &[]).order.is_empty());
    }

    #[test]
    fn a_low_blocker_rises_to_just_ahead_of_what_it_blocks() {
        // Plain: 0 1 2 3; 3 blocks 1. 3 takes 1's pull (1), so it comes after 0, before 1.
        let result = run(&["A", "B", "C", "D"], &[(3, 1)]);
        assert_eq!(result.order, [0, 3, 1, 2]);
        assert_eq!(result.moved_ahead_of, [None, None, None, Some(1)]);
    }

    #[test]
    fn blockers_move_transitively_and_in_plain_order_among_themselves() {
        // 4 blocks 3 blocks 0; 5 blocks 0 too. Pulls: 3 → 0, 4 → 0, 5 → 0.
        // Available at first: 1, 2, 4 (pull 0), 5 (pull 0) → 4, then 3 (pull 0) and 5: 3, 5, 0.
        let result = run(&["A", "B", "C", "D", "E", "F"], &[(4, 3), (3, 0), (5, 0)]);
        assert_eq!(result.order, [4, 3, 5, 0, 1, 2]);
        assert_eq!(result.moved_ahead_of, [None, None, None, Some(0), Some(0), Some(0)]);
    }

    #[test]
    fn a_blocker_already_ahead_does_not_move() {
        let result = run(&["A", "B", "C"], &[(0, 2)]);
        assert_eq!(result.order, [0, 1, 2]);
        assert_eq!(result.moved_ahead_of, [None, None, None]);
    }

    #[test]
    fn a_cycle_is_reported_from_its_first_key_and_its_items_keep_the_plain_order() {
        // Keys in plain order: C-3 (0), A-10 (1), X (2), A-9 (3).
        // Cycle A-10 → C-3 → A-9 → A-10; X blocks C-3 from outside the cycle, which still counts.
        let keys = ["C-3", "A-10", "X", "A-9"];
        let result = run(&keys, &[(1, 0), (0, 3), (3, 1), (2, 0)]);
        assert_eq!(result.cycles, [vec![3, 1, 0]], "A-9 first: A-9 → A-10 → C-3");
        assert!(result.tangles.is_empty());
        // X pulls to 0 and must precede C-3; the cycle's items keep plain order otherwise.
        assert_eq!(result.order, [2, 0, 1, 3]);
    }

    #[test]
    fn self_blocking_and_interlocked_cycles() {
        // 0 blocks itself; 1 ⇄ 2 and 2 ⇄ 3: one component {1, 2, 3}, shortest cycle from B: B C.
        let result = run(&["A", "B", "C", "D"], &[(0, 0), (1, 2), (2, 1), (2, 3), (3, 2)]);
        assert_eq!(result.cycles, [vec![0], vec![1, 2]]);
        assert_eq!(result.tangles, [vec![1, 2, 3]]);
        assert_eq!(result.order, [0, 1, 2, 3]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let keys: Vec<String> = (0..200_000).map(|n| format!("K-{n}")).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        // Each item blocks the one before it: the whole order reverses.
        let edges: Vec<(usize, usize)> = (1..keys.len()).map(|n| (n, n - 1)).collect();
        let result = run(&keys, &edges);
        assert_eq!(result.order.first(), Some(&(keys.len() - 1)));
        assert_eq!(result.order.last(), Some(&0));
        assert!(result.cycles.is_empty());
    }
}
