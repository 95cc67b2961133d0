//! An item's score drivers ([`ScoreDriver`]) from its figures.

use super::ItemScore;
use super::composite::INPUT_FIGURES;
use crate::model::drivers::{DRIVERS_SHOWN, ScoreDriver};

impl ItemScore {
    /// The parts of the score that weighed most, largest first: for the composite, the
    /// components by their contribution (weight × normalised value), with the raw value of
    /// each; for the other models, their inputs in the model's order. None without a score.
    pub fn drivers(&self) -> Vec<ScoreDriver> {
        let Some(score) = self.score else { return Vec::new() };
        if self.weights.is_empty() {
            return self
                .components
                .iter()
                .map(|(component, value)| ScoreDriver { component, value, share: None })
                .take(DRIVERS_SHOWN)
                .collect();
        }
        let mut drivers: Vec<(ScoreDriver, f64)> = self
            .weights
            .iter()
            .filter_map(|(component, weight)| {
                let contribution = weight * self.components.get(component)?;
                let value = self.components.get(input_figure(component)?)?;
                let share = (score > 0.0).then(|| contribution / score);
                Some((ScoreDriver { component, value, share }, contribution))
            })
            .filter(|(_, contribution)| *contribution > 0.0)
            .collect();
        // Equal contributions keep the components' fixed order (the sort is stable).
        drivers.sort_by(|a, b| b.1.total_cmp(&a.1));
        drivers.into_iter().map(|(driver, _)| driver).take(DRIVERS_SHOWN).collect()
    }
}

/// The figure holding a composite component's raw value (`demand` → `demand_input`), named
/// without allocating: this runs for every component of every scored item.
fn input_figure(component: &str) -> Option<&'static str> {
    INPUT_FIGURES.iter().copied().find(|figure| figure.strip_suffix("_input") == Some(component))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Figures, Model};

    fn scored(score: f64, components: &[(&'static str, f64)], weights: &[(&'static str, f64)]) -> ItemScore {
        ItemScore {
            key: "A-1".into(),
            model: Model::Composite,
            score: Some(score),
            not_scored_reason: None,
            explanation: String::new(),
            components: components.iter().copied().collect(),
            weights: weights.iter().copied().collect::<Figures>(),
        }
    }

    #[test]
    fn composite_drivers_are_the_largest_contributions_with_their_raw_values() {
        // demand 0.9 × 0.5 = 0.45, effort 0.2 × 0.3 = 0.06, confidence 0.8 × 0.2 = 0.16:
        // score 0.67; shares 0.45/0.67, 0.16/0.67, 0.06/0.67.
        let item = scored(
            0.67,
            &[
                ("demand", 0.9),
                ("demand_input", 41.0),
                ("effort", 0.2),
                ("effort_input", 13.0),
                ("confidence", 0.8),
                ("confidence_input", 0.7),
            ],
            &[("demand", 0.5), ("effort", 0.3), ("confidence", 0.2)],
        );
        let drivers = item.drivers();
        let names: Vec<&str> = drivers.iter().map(|driver| driver.component).collect();
        assert_eq!(names, ["demand", "confidence", "effort"]);
        assert_eq!(drivers[0].value, 41.0);
        assert!((drivers[0].share.unwrap() - 0.45 / 0.67).abs() < 1e-12);
        assert!((drivers[2].share.unwrap() - 0.06 / 0.67).abs() < 1e-12);
    }

    #[test]
    fn a_component_that_adds_nothing_is_not_a_driver_and_no_score_has_none() {
        let item = scored(
            0.5,
            &[("demand", 1.0), ("demand_input", 3.0), ("effort", 0.0), ("effort_input", 40.0)],
            &[("demand", 0.5), ("effort", 0.5)],
        );
        assert_eq!(item.drivers().len(), 1);
        let unscored = ItemScore { score: None, ..item };
        assert!(unscored.drivers().is_empty());
    }

    #[test]
    fn other_models_give_their_inputs() {
        let mut item =
            scored(12.0, &[("confidence", 0.8), ("effort", 2.0), ("impact", 3.0), ("reach", 10.0)], &[]);
        item.model = Model::Rice;
        let drivers = item.drivers();
        assert_eq!(drivers.len(), 3);
        assert!(drivers.iter().all(|driver| driver.share.is_none()));
    }
}
