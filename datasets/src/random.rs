//! Sampling helpers over one seeded ChaCha8 stream: weighted choice, normal and log-normal
//! draws (Box–Muller, so no extra dependency), and a stream per generated file.
//!
//! Each file gets its own stream (`stream(seed, Stream::Feedback)`), so changing how one file
//! is generated never changes the bytes of another.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The random source every generator takes.
pub type Random = ChaCha8Rng;

/// The independent random streams of one workspace.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    /// Items, their timelines and history.
    Backlog = 1,
    /// Planning-poker votes.
    Votes = 2,
    /// Customers and feedback.
    Feedback = 3,
    /// The ODI survey.
    Survey = 4,
    /// Large Jira CSV files for benchmarks.
    Scale = 5,
    /// Large feedback CSV files for benchmarks.
    ScaleFeedback = 6,
}

/// A generator for one stream of a seed.
pub fn stream(seed: u64, stream: Stream) -> Random {
    let mut random = ChaCha8Rng::seed_from_u64(seed);
    random.set_stream(stream as u64);
    random
}

/// True with probability `p`.
pub fn chance(random: &mut Random, p: f64) -> bool {
    random.random_bool(p.clamp(0.0, 1.0))
}

/// A uniform draw in `[low, high)`.
pub fn uniform(random: &mut Random, low: f64, high: f64) -> f64 {
    low + (high - low) * random.random::<f64>()
}

/// A uniform index below `len` (`len` must be positive).
pub fn index(random: &mut Random, len: usize) -> usize {
    random.random_range(0..len)
}

/// One element of a non-empty slice.
pub fn pick<T: Copy>(random: &mut Random, items: &[T]) -> T {
    items[index(random, items.len())]
}

/// One value of `(value, weight)` pairs, in proportion to the weights.
pub fn weighted<T: Copy>(random: &mut Random, choices: &[(T, u32)]) -> T {
    let total: u32 = choices.iter().map(|(_, weight)| weight).sum();
    let mut ticket = random.random_range(0..total.max(1));
    for &(value, weight) in choices {
        if ticket < weight {
            return value;
        }
        ticket -= weight;
    }
    choices[choices.len() - 1].0
}

/// A normal draw (Box–Muller).
pub fn normal(random: &mut Random, mean: f64, deviation: f64) -> f64 {
    let u1: f64 = 1.0 - random.random::<f64>();
    let u2: f64 = random.random::<f64>();
    mean + deviation * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A log-normal draw with the given median and log-scale deviation: right-skewed like cycle
/// times and contract values.
pub fn lognormal(random: &mut Random, median: f64, deviation: f64) -> f64 {
    median * normal(random, 0.0, deviation).exp()
}

/// An exponential draw with the given mean: waiting times.
pub fn exponential(random: &mut Random, mean: f64) -> f64 {
    -mean * (1.0 - random.random::<f64>()).ln()
}

/// `count` distinct indices below `len`, in random order.
pub fn sample_indices(random: &mut Random, len: usize, count: usize) -> Vec<usize> {
    rand::seq::index::sample(random, len, count.min(len)).into_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_of_one_seed_differ_and_repeat() {
        let first: u64 = stream(7, Stream::Votes).random();
        let again: u64 = stream(7, Stream::Votes).random();
        let other: u64 = stream(7, Stream::Survey).random();
        assert_eq!(first, again);
        assert_ne!(first, other);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut random = stream(1, Stream::Backlog);
        for _ in 0..1000 {
            assert_ne!(weighted(&mut random, &[("a", 3), ("b", 0), ("c", 1)]), "b");
        }
    }

    #[test]
    fn normal_draws_centre_on_the_mean() {
        let mut random = stream(3, Stream::Backlog);
        let mean = (0..20_000).map(|_| normal(&mut random, 5.0, 2.0)).sum::<f64>() / 20_000.0;
        assert!((mean - 5.0).abs() < 0.05, "{mean}");
    }
}
