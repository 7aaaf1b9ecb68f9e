//! Masks personal data in excerpts: email addresses, phone numbers and
//! payment card numbers never leave `tact` in a report unless `--no-redact`.

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")
        .expect("email regex is valid")
});

/// Runs of 13 to 19 digits, optionally grouped by spaces or dashes; only
/// runs that pass the Luhn check are masked, so order numbers survive.
static CARD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d(?:[ \-]?\d){12,18}\b").expect("card regex is valid"));

/// Phone numbers written the ways people write them: international with a
/// plus, or grouped national numbers (555-0134, (212) 555-0134). Bare digit
/// runs without separators are left alone: they are usually order numbers.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\+\d{1,3}[ .\-]?(?:\(\d{1,4}\)[ .\-]?)?\d{1,4}(?:[ .\-]?\d{2,4}){1,4}",
        r"|(?:\(\d{3}\)\s?|\b\d{3}[ .\-])\d{3}[ .\-]\d{4}\b",
        r"|\b\d{3}[.\-]\d{4}\b"
    ))
    .expect("phone regex is valid")
});

fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    let mut double = false;
    let mut count = 0;
    for c in digits.chars().rev() {
        let Some(mut d) = c.to_digit(10) else {
            continue;
        };
        count += 1;
        if double {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
        double = !double;
    }
    (13..=19).contains(&count) && sum % 10 == 0
}

/// Replaces email addresses, card numbers and phone numbers with
/// `[email]`, `[card]` and `[phone]`.
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    if EMAIL.is_match(&out) {
        out = Cow::Owned(EMAIL.replace_all(&out, "[email]").into_owned());
    }
    if CARD.is_match(&out) {
        let replaced = CARD.replace_all(&out, |caps: &regex::Captures<'_>| {
            if luhn_valid(&caps[0]) {
                "[card]".to_string()
            } else {
                caps[0].to_string()
            }
        });
        out = Cow::Owned(replaced.into_owned());
    }
    if PHONE.is_match(&out) {
        out = Cow::Owned(PHONE.replace_all(&out, "[phone]").into_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn masks_personal_data_and_keeps_order_numbers() {
        let cases = [
            (
                "mail me at maria.j+shop@example.net now",
                "mail me at [email] now",
            ),
            ("card 4111 1111 1111 1111 declined", "card [card] declined"),
            ("card 4111-1111-1111-1111", "card [card]"),
            ("call +1 212 555 0134 today", "call [phone] today"),
            ("call (212) 555-0134", "call [phone]"),
            ("call 212-555-0134.", "call [phone]."),
            ("or 555-0134", "or [phone]"),
            ("order 5531 and #88231907", "order 5531 and #88231907"),
            ("ticket 1234567890123", "ticket 1234567890123"),
            ("no personal data", "no personal data"),
        ];
        for (input, expected) in cases {
            assert_eq!(redact(input), expected, "input {input:?}");
        }
    }
}
