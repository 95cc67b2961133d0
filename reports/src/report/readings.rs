//! One line under each key figure saying what it means for the team, from the figure's value
//! and the thresholds the flow and Scrum guides use. Pure functions, so each threshold is
//! tested.

/// Say/do (share of committed points completed): at 90% or more the commitment is a good
/// guide to delivery; under 70% it is not.
pub fn say_do(share: f64) -> &'static str {
    if share >= 0.9 {
        "The team delivers what it commits."
    } else if share >= 0.7 {
        "The team delivers most of what it commits."
    } else {
        "Commitments are not a reliable guide to delivery: plan on velocity instead."
    }
}

/// Velocity's coefficient of variation over the window: under 0.2 steady, up to 0.4
/// variable, above that too variable to plan a sprint on the mean.
pub fn velocity_spread(cv: f64) -> String {
    let verdict = if cv < 0.2 {
        "steady enough to plan on"
    } else if cv <= 0.4 {
        "variable: plan with a range"
    } else {
        "too variable to plan a sprint on the mean"
    };
    format!("Varies by {:.0}% from sprint to sprint: {verdict}.", cv * 100.0)
}

/// The DEEP score, naming its weakest part.
pub fn deep(weakest: Option<(&str, f64)>) -> String {
    match weakest {
        Some((part, score)) => format!("Weakest part: {part} ({score:.0} / 100)."),
        None => "No part could be scored.".to_owned(),
    }
}

/// Readiness near the top of the ranking, where it matters for the next sprint.
pub fn ready_near_top(ready: usize, near_top: usize) -> String {
    match near_top {
        0 => "No item near the top of the ranking to check.".to_owned(),
        _ if ready == near_top => format!("All of the top {near_top} are ready."),
        _ => format!("{ready} of the top {near_top} are ready: refine the rest first."),
    }
}

/// The 85th percentile cycle time as a service level expectation.
pub fn cycle_time_85(days: f64) -> String {
    format!("85% of items finish within {days:.1} days of starting.")
}

/// The median cycle time.
pub fn cycle_time_median(days: f64) -> String {
    format!("Half of the items finish within {days:.1} days of starting.")
}

/// When the whole ranked backlog is done at a confidence level, against half a year.
pub fn backlog_done(days_away: Option<f64>) -> &'static str {
    match days_away {
        Some(days) if days > 365.0 => {
            "More than a year away: the bottom of the backlog will likely never be built as it is; trim it."
        }
        Some(days) if days > 182.0 => {
            "More than half a year away: look at what the bottom of the backlog is for."
        }
        Some(_) => "Within half a year at today's pace.",
        None => "Not within the forecast's horizon at today's pace.",
    }
}

/// Items with no score.
pub fn not_scored(count: usize) -> Option<String> {
    (count > 0).then(|| format!("{count} have no score: they rank below the scored ones, by priority."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn say_do_bands() {
        assert_eq!(say_do(0.97), "The team delivers what it commits.");
        assert_eq!(say_do(0.9), "The team delivers what it commits.");
        assert_eq!(say_do(0.89), "The team delivers most of what it commits.");
        assert!(say_do(0.69).starts_with("Commitments are not"));
    }

    #[test]
    fn velocity_spread_bands() {
        assert_eq!(velocity_spread(0.18), "Varies by 18% from sprint to sprint: steady enough to plan on.");
        assert_eq!(velocity_spread(0.4), "Varies by 40% from sprint to sprint: variable: plan with a range.");
        assert!(velocity_spread(0.41).ends_with("too variable to plan a sprint on the mean."));
    }

    #[test]
    fn readiness_and_deep() {
        assert_eq!(ready_near_top(3, 10), "3 of the top 10 are ready: refine the rest first.");
        assert_eq!(ready_near_top(10, 10), "All of the top 10 are ready.");
        assert_eq!(deep(Some(("Estimated", 20.4))), "Weakest part: Estimated (20 / 100).");
    }

    #[test]
    fn backlog_done_against_half_a_year() {
        assert!(backlog_done(Some(700.0)).starts_with("More than a year away"));
        assert!(backlog_done(Some(200.0)).starts_with("More than half a year away"));
        assert_eq!(backlog_done(Some(30.0)), "Within half a year at today's pace.");
        assert!(backlog_done(None).starts_with("Not within"));
    }
}
