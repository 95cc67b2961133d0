//! Reading numbers from text.

/// Parses a finite number (`NaN` and infinities are not numbers here).
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|number| number.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finite_numbers_parse() {
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("1e3"), Some(1000.0));
    }
}
