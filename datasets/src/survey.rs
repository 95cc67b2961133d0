//! `survey.csv`: an Outcome-Driven Innovation survey in the wide form survey tools export —
//! one row per respondent, `respondent,segment`, then `imp_<KEY>,sat_<KEY>` for each of 12
//! outcomes (the outcome ids are backlog keys of open stories). Ratings are 1–5, a few are
//! blank (skipped questions). The outcomes span the opportunity landscape on purpose: some are
//! under-served (important, poorly satisfied), some served about right, some over-served
//! (satisfied beyond their importance).

use std::io::Write;

use crate::backlog::Item;
use crate::kind::Kind;
use crate::random::{Random, chance, normal, sample_indices, weighted};
use crate::text::Voice;

/// Number of respondents.
pub const RESPONDENTS: usize = 120;

/// Mean importance and satisfaction of the outcomes, from most under-served to most
/// over-served.
const PROFILES: [(f64, f64); 12] = [
    (4.6, 1.9),
    (4.4, 2.3),
    (4.3, 2.0),
    (4.5, 3.1),
    (3.9, 2.5),
    (4.0, 3.5),
    (3.5, 3.0),
    (3.2, 2.2),
    (3.0, 3.8),
    (2.6, 4.2),
    (2.4, 4.5),
    (3.7, 4.4),
];

/// The survey: outcomes (item keys) and one row of ratings per respondent.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    /// Outcome ids (backlog keys), in column order.
    pub outcomes: Vec<String>,
    /// Respondents: id, segment, then (importance, satisfaction) per outcome.
    pub responses: Vec<Response>,
}

/// One respondent's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Respondent id.
    pub respondent: String,
    /// Customer segment.
    pub segment: &'static str,
    /// (importance, satisfaction) per outcome; `None` = skipped.
    pub ratings: Vec<(Option<u8>, Option<u8>)>,
}

/// Twelve open stories as outcomes, and 120 respondents rating them.
pub fn generate_survey(random: &mut Random, items: &[Item]) -> Survey {
    let open_stories: Vec<&Item> = items
        .iter()
        .filter(|item| item.kind == Kind::Story && item.is_open() && matches!(item.voice, Voice::Want(_)))
        .collect();
    let mut chosen: Vec<&Item> = sample_indices(random, open_stories.len(), PROFILES.len())
        .into_iter()
        .map(|index| open_stories[index])
        .collect();
    // Profiles go to outcomes in the sampled order; columns are in key order.
    let profiles: Vec<(u32, (f64, f64))> =
        chosen.iter().zip(PROFILES).map(|(item, profile)| (item.number, profile)).collect();
    chosen.sort_by_key(|item| item.number);
    let ordered: Vec<(f64, f64)> = chosen
        .iter()
        .map(|item| {
            profiles.iter().find(|(number, _)| *number == item.number).map_or((3.0, 3.0), |found| found.1)
        })
        .collect();
    let responses = (1..=RESPONDENTS)
        .map(|number| {
            let segment = weighted(random, &[("enterprise", 20), ("mid-market", 35), ("smb", 45)]);
            let leniency = normal(random, 0.0, 0.4);
            let ratings = ordered
                .iter()
                .map(|&(importance, satisfaction)| {
                    (rating(random, importance + leniency), rating(random, satisfaction + leniency))
                })
                .collect();
            Response { respondent: format!("R{number:03}"), segment, ratings }
        })
        .collect();
    Survey { outcomes: chosen.iter().map(|item| item.key()).collect(), responses }
}

fn rating(random: &mut Random, mean: f64) -> Option<u8> {
    if chance(random, 0.025) {
        return None;
    }
    Some(normal(random, mean, 0.85).round().clamp(1.0, 5.0) as u8)
}

/// Writes `survey.csv`.
pub fn write_survey<W: Write>(writer: W, survey: &Survey) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    let mut header = vec!["respondent".to_owned(), "segment".to_owned()];
    for outcome in &survey.outcomes {
        header.push(format!("imp_{outcome}"));
        header.push(format!("sat_{outcome}"));
    }
    csv.write_record(&header)?;
    let cell = |rating: Option<u8>| rating.map(|value| value.to_string()).unwrap_or_default();
    for response in &survey.responses {
        let mut row = vec![response.respondent.clone(), response.segment.to_owned()];
        for &(importance, satisfaction) in &response.ratings {
            row.push(cell(importance));
            row.push(cell(satisfaction));
        }
        csv.write_record(&row)?;
    }
    csv.flush()?;
    Ok(())
}
