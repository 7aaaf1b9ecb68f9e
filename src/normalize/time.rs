//! Timestamps as exports write them: RFC 3339, naive local times resolved in
//! the business time zone, and Unix seconds.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// Parses a timestamp string. Strings with an offset or `Z` are absolute;
/// naive date-times (`2026-11-16 09:02`, `2026-11-16T09:02:11`) are read in
/// `zone`, the business time zone, because that is what chat tools print.
pub fn parse_timestamp(text: &str, zone: &TimeZone) -> Result<Timestamp, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty timestamp".into());
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(dt) = text.parse::<DateTime>() {
        return dt
            .to_zoned_datetime(zone.clone())
            .map(|z| z.timestamp())
            .map_err(|e| format!("invalid local time {text:?}: {e}"));
    }
    if text.bytes().all(|b| b.is_ascii_digit())
        && let Ok(seconds) = text.parse::<i64>()
    {
        return unix_seconds(seconds);
    }
    Err(format!(
        "invalid timestamp {text:?} (expected RFC 3339 like 2026-11-16T09:02:11Z)"
    ))
}

/// A Unix timestamp in seconds, as Intercom writes them.
pub fn unix_seconds(seconds: i64) -> Result<Timestamp, String> {
    Timestamp::from_second(seconds).map_err(|e| format!("invalid Unix time {seconds}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_exports_use() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let cases = [
            ("2026-11-16T09:02:11Z", "2026-11-16T09:02:11Z"),
            ("2026-11-16T09:02:11+01:00", "2026-11-16T08:02:11Z"),
            ("2026-11-16 09:02:11", "2026-11-16T14:02:11Z"),
            ("2026-11-16T09:02", "2026-11-16T14:02:00Z"),
            ("2026-07-16 09:02", "2026-07-16T13:02:00Z"),
            ("1763283731", "2025-11-16T09:02:11Z"),
        ];
        for (input, expected) in cases {
            let ts = parse_timestamp(input, &ny).unwrap();
            assert_eq!(ts.to_string(), expected, "input {input:?}");
        }
        for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "16/11/2026"] {
            assert!(parse_timestamp(bad, &ny).is_err(), "{bad:?} should fail");
        }
    }
}
