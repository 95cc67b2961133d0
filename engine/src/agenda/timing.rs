//! The agenda's arithmetic: sections scaled to the session length with an exact total, and
//! items fitted into a section's minutes.

/// Splits `session` minutes over sections in proportion to `base` (the configured minutes), so
/// that the parts add up to `session` exactly: each section first gets the whole minutes of its
/// exact share `base × session / Σ base`, then the minutes still missing go one each to the
/// sections with the largest remainders, ties to the larger configured section, then the
/// earlier one (largest-remainder apportionment). When `session` equals `Σ base` every
/// section keeps its configured minutes. A zero `Σ base` gives everything to the first
/// section.
pub(crate) fn scale_sections(base: &[u32], session: u32) -> Vec<u32> {
    let total: u64 = base.iter().map(|&minutes| u64::from(minutes)).sum();
    if total == 0 {
        let mut parts = vec![0; base.len()];
        if let Some(first) = parts.first_mut() {
            *first = session;
        }
        return parts;
    }
    let session64 = u64::from(session);
    let shares: Vec<(u64, u64)> = base
        .iter()
        .map(|&minutes| (u64::from(minutes) * session64 / total, u64::from(minutes) * session64 % total))
        .collect();
    let mut parts: Vec<u32> =
        shares.iter().map(|&(whole, _)| u32::try_from(whole).unwrap_or(u32::MAX)).collect();
    let given: u64 = shares.iter().map(|&(whole, _)| whole).sum();
    let mut order: Vec<usize> = (0..base.len()).collect();
    order.sort_by(|&a, &b| {
        shares[b].1.cmp(&shares[a].1).then_with(|| base[b].cmp(&base[a])).then_with(|| a.cmp(&b))
    });
    // Σ whole ≥ session − (number of sections − 1), so fewer minutes are missing than sections.
    for &section in order.iter().take(usize::try_from(session64 - given).unwrap_or(0)) {
        parts[section] += 1;
    }
    parts
}

/// Fits items of the given minutes, in order, into `available` minutes, first fit: an item that
/// no longer fits is left over and later, shorter items may still take the remaining time.
/// Returns the start offset (from the section's start) of each placed item, `None` for the
/// left-over ones.
pub(crate) fn first_fit(minutes: &[u32], available: u32) -> Vec<Option<u32>> {
    let mut used = 0u32;
    minutes
        .iter()
        .map(|&needed| {
            let fits = used.checked_add(needed).is_some_and(|end| end <= available);
            fits.then(|| {
                let start = used;
                used += needed;
                start
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_session_keeps_its_sections() {
        assert_eq!(scale_sections(&[5, 20, 25, 10], 60), [5, 20, 25, 10]);
    }

    #[test]
    fn thirty_and_ninety_minutes_scale_with_an_exact_total() {
        // 30: exact shares 2.5, 10, 12.5, 5 → 2, 10, 12, 5 = 29; the missing minute goes to the
        // larger of the two .5 remainders, the deep dive.
        assert_eq!(scale_sections(&[5, 20, 25, 10], 30), [2, 10, 13, 5]);
        // 90: 7.5, 30, 37.5, 15 → 7, 30, 37, 15 = 89; again the deep dive.
        assert_eq!(scale_sections(&[5, 20, 25, 10], 90), [7, 30, 38, 15]);
        // 45: 3.75, 15, 18.75, 7.5 → 3, 15, 18, 7 = 43; remainders .75, 0, .75, .5: kick-off and
        // deep dive (the .75 ones) get a minute each.
        assert_eq!(scale_sections(&[5, 20, 25, 10], 45), [4, 15, 19, 7]);
    }

    #[test]
    fn any_length_adds_up() {
        for session in 0..=600 {
            let parts = scale_sections(&[5, 20, 25, 10], session);
            assert_eq!(parts.iter().sum::<u32>(), session, "{session}");
        }
        assert_eq!(scale_sections(&[0, 0], 7), [7, 0]);
        assert_eq!(scale_sections(&[], 7), Vec::<u32>::new());
    }

    #[test]
    fn first_fit_skips_what_does_not_fit_and_fills_with_later_items() {
        // 20 minutes: 10 (0–10), 7 (10–17), 5 does not fit (17 + 5 > 20), 3 fits (17–20).
        assert_eq!(first_fit(&[10, 7, 5, 3], 20), [Some(0), Some(10), None, Some(17)]);
        assert_eq!(first_fit(&[5], 0), [None]);
        assert_eq!(first_fit(&[], 10), Vec::<Option<u32>>::new());
    }
}
