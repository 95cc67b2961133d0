//! Numbers as people read them: a fixed number of decimals, the whole part grouped by threes
//! with a narrow no-break space (U+202F) from five digits on (`12 345`, but `1234`, as SI and
//! ISO 80000 write them), a true minus sign (`−3`), never a negative zero.

/// The digit group separator: U+202F NARROW NO-BREAK SPACE (a thin space that never breaks a
/// number across lines).
const GROUP_SEPARATOR: char = '\u{202F}';

/// The minus sign U+2212 (a hyphen is shorter than a plus and reads as a dash).
const MINUS: char = '\u{2212}';

/// `value` with `places` decimals; with `trim`, trailing zeros (and a bare point) dropped.
/// `decimal(12345.678, 1, false)` → `12 345.7`, `decimal(-0.04, 1, true)` → `0`.
pub(crate) fn decimal(value: f64, places: usize, trim: bool) -> String {
    let mut digits = format!("{:.*}", places, value.abs());
    if trim && digits.contains('.') {
        digits.truncate(digits.trim_end_matches('0').trim_end_matches('.').len());
    }
    let zero = digits.chars().all(|character| matches!(character, '0' | '.'));
    let (whole_part, fraction) = match digits.split_once('.') {
        Some((whole_part, fraction)) => (whole_part, Some(fraction)),
        None => (digits.as_str(), None),
    };
    let mut text = String::with_capacity(digits.len() + 8);
    if value < 0.0 && !zero {
        text.push(MINUS);
    }
    text.push_str(&grouped(whole_part));
    if let Some(fraction) = fraction {
        text.push('.');
        text.push_str(fraction);
    }
    text
}

/// A whole number, grouped: `-12345` → `−12 345`.
pub(super) fn whole(value: i64) -> String {
    let digits = grouped(&value.unsigned_abs().to_string());
    if value < 0 { format!("{MINUS}{digits}") } else { digits }
}

/// A difference, its sign always shown: `+4`, `−2.5`, `0` (at most one decimal).
pub(super) fn signed(value: f64) -> String {
    let text = decimal(value, 1, true);
    if value > 0.0 && text != "0" { format!("+{text}") } else { text }
}

/// A whole difference, its sign always shown: `+4`, `−2`, `0`.
pub(super) fn signed_whole(value: i64) -> String {
    if value > 0 { format!("+{}", whole(value)) } else { whole(value) }
}

/// A fraction of one as a whole percentage: `0.966` → `97%`. A share that is neither none nor
/// all never reads as either: `<1%`, `>99%`.
pub(super) fn share(fraction: f64) -> String {
    let percent = fraction * 100.0;
    if fraction > 0.0 && percent < 0.5 {
        "<1%".to_owned()
    } else if fraction < 1.0 && percent >= 99.5 {
        ">99%".to_owned()
    } else {
        format!("{}%", decimal(percent, 0, false))
    }
}

/// A value already in percent: `85` → `85%`, `97.5` → `97.5%`.
pub(super) fn percent(value: f64) -> String {
    format!("{}%", decimal(value, 1, true))
}

/// ASCII digits grouped by threes from the right once there are five or more.
fn grouped(digits: &str) -> String {
    if digits.len() < 5 {
        return digits.to_owned();
    }
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 * GROUP_SEPARATOR.len_utf8());
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            text.push(GROUP_SEPARATOR);
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_fixed_or_trimmed() {
        assert_eq!(decimal(0.9831932773109243, 2, false), "0.98");
        assert_eq!(decimal(45.0, 2, false), "45.00");
        assert_eq!(decimal(367.2104166666667, 1, false), "367.2");
        assert_eq!(decimal(3.0, 1, false), "3.0");
        assert_eq!(decimal(3.0, 1, true), "3");
        assert_eq!(decimal(0.5, 1, true), "0.5");
        assert_eq!(decimal(5.166666666666667, 1, true), "5.2");
        assert_eq!(decimal(149000.0, 0, false), "149\u{202F}000");
    }

    #[test]
    fn negatives_have_a_minus_sign_and_no_negative_zero() {
        assert_eq!(decimal(-0.5849625007211563, 2, false), "\u{2212}0.58");
        assert_eq!(decimal(-0.04, 1, true), "0");
        assert_eq!(decimal(-0.001, 2, false), "0.00");
        assert_eq!(whole(-12345), "\u{2212}12\u{202F}345");
        assert_eq!(
            whole(i64::MIN),
            "\u{2212}9\u{202F}223\u{202F}372\u{202F}036\u{202F}854\u{202F}775\u{202F}808"
        );
    }

    #[test]
    fn digits_are_grouped_from_five_on() {
        assert_eq!(whole(0), "0");
        assert_eq!(whole(1234), "1234");
        assert_eq!(whole(12345), "12\u{202F}345");
        assert_eq!(whole(123456), "123\u{202F}456");
        assert_eq!(whole(1234567), "1\u{202F}234\u{202F}567");
        assert_eq!(decimal(12345.678, 1, false), "12\u{202F}345.7");
    }

    #[test]
    fn differences_show_their_sign() {
        assert_eq!(signed(2.35), "+2.4");
        assert_eq!(signed(-3.0), "\u{2212}3");
        assert_eq!(signed(0.01), "0");
        assert_eq!(signed_whole(4), "+4");
        assert_eq!(signed_whole(-2), "\u{2212}2");
        assert_eq!(signed_whole(0), "0");
    }

    #[test]
    fn shares_are_whole_percentages_that_never_round_to_none_or_all() {
        assert_eq!(share(0.9661306947021232), "97%");
        assert_eq!(share(0.5154185022026432), "52%");
        assert_eq!(share(0.25), "25%");
        assert_eq!(share(0.0), "0%");
        assert_eq!(share(1.0), "100%");
        assert_eq!(share(0.004), "<1%");
        assert_eq!(share(0.996), ">99%");
        assert_eq!(share(1.2), "120%");
        assert_eq!(share(-0.0645), "\u{2212}6%");
        assert_eq!(percent(85.0), "85%");
        assert_eq!(percent(97.5), "97.5%");
    }
}
