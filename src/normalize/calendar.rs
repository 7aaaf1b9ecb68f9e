//! The business calendar: the team's time zone and opening hours, the
//! channel SLAs written as durations ("2m", "24h", "2 business days"), and
//! the arithmetic the timing rules and deadlines need (is the team open,
//! when does it next open, when does a day close, what is N business days
//! after a moment). Everything is civil time in the business zone, so a
//! DST change moves closing time with the clock, as people expect.

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;
use std::fmt;

const DAY_SECONDS: i32 = 86_400;

/// Opening hours per weekday (Monday first), as seconds since local
/// midnight: `[open, close)`, with close at most 24:00.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyHours {
    days: [Option<(i32, i32)>; 7],
}

impl Default for WeeklyHours {
    /// Mon-Fri 09:00-17:00, the design's example and the usual office week.
    fn default() -> Self {
        WeeklyHours::parse("Mon-Fri 09:00-17:00").expect("the default hours parse")
    }
}

impl WeeklyHours {
    /// Parses `Mon-Fri 09:00-17:00`, several groups separated by commas or
    /// semicolons (`Mon-Fri 09:00-17:00, Sat 10:00-14:00`), day lists
    /// (`Mon,Wed 08:00-12:00` needs the times after the last day), or
    /// `24/7`. Written by hand: no crate reads this everyday notation.
    pub fn parse(text: &str) -> Result<WeeklyHours, String> {
        let trimmed = text.trim();
        if trimmed.eq_ignore_ascii_case("24/7") {
            return Ok(WeeklyHours {
                days: [Some((0, DAY_SECONDS)); 7],
            });
        }
        if trimmed.is_empty() {
            return Err("empty hours (expected e.g. \"Mon-Fri 09:00-17:00\" or \"24/7\")".into());
        }
        let mut days = [None; 7];
        // "Mon,Wed 08:00-12:00" uses commas inside a group, so groups are
        // split where a comma or semicolon follows a time range.
        let mut groups: Vec<String> = Vec::new();
        let mut current = String::new();
        for part in trimmed.split([',', ';']) {
            if !current.is_empty() {
                current.push(',');
            }
            current.push_str(part.trim());
            if part.trim().ends_with(|c: char| c.is_ascii_digit()) {
                groups.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            return Err(format!(
                "{:?} has no opening time (expected e.g. \"Mon-Fri 09:00-17:00\")",
                current
            ));
        }
        for group in &groups {
            let (day_part, time_part) = group.trim().rsplit_once(' ').ok_or_else(|| {
                format!("{group:?}: expected days then times, e.g. \"Mon-Fri 09:00-17:00\"")
            })?;
            let (open, close) = time_part.split_once('-').ok_or_else(|| {
                format!("{time_part:?}: expected opening-closing times, e.g. 09:00-17:00")
            })?;
            let open = clock_seconds(open)?;
            let close = clock_seconds(close)?;
            if close <= open {
                return Err(format!(
                    "{time_part:?}: closing time must be after opening time (overnight hours are not supported)"
                ));
            }
            for days_item in day_part.split(',') {
                for day in day_range(days_item.trim())? {
                    days[day] = Some((open, close));
                }
            }
        }
        Ok(WeeklyHours { days })
    }

    /// The hours of a weekday, if the team opens that day.
    pub fn on(&self, weekday: Weekday) -> Option<(i32, i32)> {
        self.days[weekday.to_monday_zero_offset() as usize]
    }

    /// The latest closing time of the week: "end of day" on a day the team
    /// does not open.
    fn usual_close(&self) -> i32 {
        self.days
            .iter()
            .flatten()
            .map(|&(_, close)| close)
            .max()
            .unwrap_or(17 * 3600)
    }
}

/// `09:00`, `9:30`, `17:00:00` or `24:00` as seconds since midnight.
fn clock_seconds(text: &str) -> Result<i32, String> {
    let text = text.trim();
    let bad = || format!("{text:?} is not a time of day (expected HH:MM, 00:00 to 24:00)");
    let mut parts = text.split(':');
    let hours: i32 = parts.next().and_then(|h| h.parse().ok()).ok_or_else(bad)?;
    let minutes: i32 = parts.next().and_then(|m| m.parse().ok()).ok_or_else(bad)?;
    let seconds: i32 = match parts.next() {
        Some(s) => s.parse().map_err(|_| bad())?,
        None => 0,
    };
    if parts.next().is_some()
        || !(0..60).contains(&minutes)
        || !(0..60).contains(&seconds)
        || !(0..=24).contains(&hours)
        || (hours == 24 && (minutes, seconds) != (0, 0))
    {
        return Err(bad());
    }
    Ok(hours * 3600 + minutes * 60 + seconds)
}

/// `Mon`, `Mon-Fri`, `Sat-Sun`, `Fri-Mon` (wrapping) as day indices.
fn day_range(text: &str) -> Result<Vec<usize>, String> {
    match text.split_once('-') {
        Some((from, to)) => {
            let (from, to) = (day_index(from)?, day_index(to)?);
            let mut days = vec![from];
            let mut d = from;
            while d != to {
                d = (d + 1) % 7;
                days.push(d);
            }
            Ok(days)
        }
        None => Ok(vec![day_index(text)?]),
    }
}

/// A day name, full or cut to at least three letters (`Mon`, `Tues`,
/// `Thurs`, `Weds`), Monday = 0.
fn day_index(name: &str) -> Result<usize, String> {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = name.trim().to_ascii_lowercase();
    FULL.iter()
        .position(|full| lower.len() >= 3 && full.starts_with(lower.as_str()))
        .or((lower == "weds").then_some(2))
        .ok_or_else(|| format!("{:?} is not a day (expected Mon, Tue, … Sun)", name.trim()))
}

/// The team's calendar: where it is and when it works.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub zone: TimeZone,
    pub hours: WeeklyHours,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            zone: TimeZone::UTC,
            hours: WeeklyHours::default(),
        }
    }
}

impl Calendar {
    /// The local date and time of an instant.
    pub fn local(&self, ts: Timestamp) -> DateTime {
        self.zone.to_datetime(ts)
    }

    /// The instant of a local date at `seconds` after midnight. A time in a
    /// DST gap or overlap resolves the way clocks do ("compatible").
    pub fn instant(&self, date: Date, seconds: i32) -> Timestamp {
        let (date, seconds) = if seconds >= DAY_SECONDS {
            (date.tomorrow().unwrap_or(date), seconds - DAY_SECONDS)
        } else {
            (date, seconds)
        };
        let time = Time::new(
            (seconds / 3600) as i8,
            (seconds / 60 % 60) as i8,
            (seconds % 60) as i8,
            0,
        )
        .unwrap_or(Time::midnight());
        self.zone
            .to_timestamp(date.to_datetime(time))
            .unwrap_or(Timestamp::MAX)
    }

    /// Whether the team is open at `ts`.
    pub fn is_open(&self, ts: Timestamp) -> bool {
        let local = self.local(ts);
        let seconds = seconds_of_day(local.time());
        self.hours
            .on(local.weekday())
            .is_some_and(|(open, close)| (open..close).contains(&seconds))
    }

    /// The first open moment at or after `ts` (itself when open).
    pub fn next_opening(&self, ts: Timestamp) -> Timestamp {
        if self.is_open(ts) {
            return ts;
        }
        let mut date = self.local(ts).date();
        // Two weeks is more than any weekly schedule needs.
        for _ in 0..15 {
            if let Some((open, _)) = self.hours.on(date.weekday()) {
                let opening = self.instant(date, open);
                if opening >= ts {
                    return opening;
                }
            }
            let Ok(next) = date.tomorrow() else { break };
            date = next;
        }
        ts
    }

    /// Closing time of a local date: its own when the team opens that day,
    /// else the usual closing time of the week.
    pub fn closing(&self, date: Date) -> Timestamp {
        let close = self
            .hours
            .on(date.weekday())
            .map_or(self.hours.usual_close(), |(_, close)| close);
        self.instant(date, close)
    }

    pub fn is_business_day(&self, date: Date) -> bool {
        self.hours.on(date.weekday()).is_some()
    }

    /// The `n`th business day after `date` (not counting `date` itself).
    pub fn business_days_after(&self, date: Date, n: u32) -> Date {
        let mut date = date;
        let mut left = n;
        // A schedule always has at least one open day (parse guarantees
        // a group), so this ends; the bound only guards against overflow.
        let mut steps = 0;
        while left > 0 && steps < 10_000 {
            let Ok(next) = date.tomorrow() else { break };
            date = next;
            steps += 1;
            if self.is_business_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// `ts` plus `seconds` of open time: the clock only runs while the
    /// team is open.
    pub fn add_open_time(&self, ts: Timestamp, seconds: i64) -> Timestamp {
        let mut at = self.next_opening(ts);
        let mut left = seconds;
        for _ in 0..10_000 {
            let local = self.local(at);
            let Some((_, close)) = self.hours.on(local.weekday()) else {
                break;
            };
            let closing = self.instant(local.date(), close);
            let open_left = closing.duration_since(at).as_secs();
            if left <= open_left {
                return add_seconds(at, left);
            }
            left -= open_left;
            at = self.next_opening(closing);
        }
        add_seconds(at, left)
    }

    /// The last business day of the calendar week (Monday to Sunday) that
    /// holds `date`.
    pub fn last_business_day_of_week(&self, date: Date) -> Date {
        let monday_offset = i64::from(date.weekday().to_monday_zero_offset());
        let sunday = add_days(date, 6 - monday_offset);
        (0..7)
            .map(|back| add_days(sunday, -back))
            .find(|d| self.is_business_day(*d))
            .unwrap_or(sunday)
    }
}

/// Seconds since local midnight.
pub fn seconds_of_day(time: Time) -> i32 {
    i32::from(time.hour()) * 3600 + i32::from(time.minute()) * 60 + i32::from(time.second())
}

/// `date` moved by whole days, saturating at the ends of the calendar.
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .unwrap_or(date)
}

/// An instant moved by seconds, saturating at the ends of time.
pub fn add_seconds(ts: Timestamp, seconds: i64) -> Timestamp {
    ts.saturating_add(SignedDuration::from_secs(seconds))
        .unwrap_or(ts)
}

/// A span of time as a team writes it in `tact.toml`: wall-clock unless
/// written in business time (DESIGN §5 "SLA durations").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    /// Seconds of wall-clock time: `2m`, `24h`, `2 days`.
    Wall(i64),
    /// Seconds of open time: `8 business hours`.
    BusinessTime(i64),
    /// Whole business days, ending at closing time: `2 business days`.
    BusinessDays(u32),
}

impl Duration {
    /// Parses `90s`, `2m`, `1h30m`, `24h`, `2 days`, `1 week`, `8 business
    /// hours`, `2 business days` (`working` is a synonym of `business`).
    /// Hand-written: jiff reads wall-clock spans but has no notion of
    /// business time.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.is_empty() {
            return Err(
                "empty duration (expected e.g. \"2m\", \"24h\", \"2 business days\")".into(),
            );
        }
        let mut tokens: Vec<String> = Vec::new();
        // Split "1h30m" into "1 h 30 m" and words on spaces.
        for word in lower
            .split([' ', ','])
            .filter(|w| !w.is_empty() && *w != "and")
        {
            let mut current = String::new();
            let mut digits = None;
            for c in word.chars() {
                let is_digit = c.is_ascii_digit() || c == '.';
                if digits.is_some_and(|d| d != is_digit) && !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                digits = Some(is_digit);
                current.push(c);
            }
            if !current.is_empty() {
                tokens.push(current);
            }
        }
        let mut wall: i64 = 0;
        let mut open: i64 = 0;
        let mut business_days: u32 = 0;
        let mut i = 0;
        let mut parts = 0;
        while i < tokens.len() {
            let amount: f64 = match tokens[i].parse() {
                Ok(n) if n >= 0.0 && f64::is_finite(n) => n,
                _ => {
                    return Err(format!(
                        "{:?}: expected a number before {:?} (e.g. \"2 business days\")",
                        text.trim(),
                        tokens[i]
                    ));
                }
            };
            i += 1;
            let business = matches!(
                tokens.get(i).map(String::as_str),
                Some("business" | "working")
            );
            if business {
                i += 1;
            }
            let Some(unit) = tokens.get(i) else {
                return Err(format!(
                    "{:?}: a number needs a unit (s, m, h, d, w, business hours, business days)",
                    text.trim()
                ));
            };
            i += 1;
            let seconds = match unit.as_str() {
                "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
                "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
                "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
                "d" | "day" | "days" => 86_400.0,
                "w" | "wk" | "wks" | "week" | "weeks" => 604_800.0,
                other => {
                    return Err(format!(
                        "{:?}: unknown unit {other:?} (expected s, m, h, d, w, or business hours / business days)",
                        text.trim()
                    ));
                }
            };
            if business {
                if unit.starts_with('d') {
                    if amount.fract() != 0.0 {
                        return Err(format!("{:?}: business days must be whole", text.trim()));
                    }
                    business_days = business_days.saturating_add(amount as u32);
                } else if unit.starts_with('w') {
                    return Err(format!(
                        "{:?}: write business weeks as business days",
                        text.trim()
                    ));
                } else {
                    open = open.saturating_add((amount * seconds) as i64);
                }
            } else {
                wall = wall.saturating_add((amount * seconds) as i64);
            }
            parts += 1;
        }
        let kinds = [wall > 0, open > 0, business_days > 0]
            .iter()
            .filter(|k| **k)
            .count();
        if parts == 0 {
            return Err(format!("{:?}: no duration given", text.trim()));
        }
        if kinds > 1 {
            return Err(format!(
                "{:?}: mixes wall-clock and business time; write one kind",
                text.trim()
            ));
        }
        Ok(if business_days > 0 {
            Duration::BusinessDays(business_days)
        } else if open > 0 {
            Duration::BusinessTime(open)
        } else {
            Duration::Wall(wall)
        })
    }

    /// The moment this long after `start`.
    pub fn after(self, start: Timestamp, calendar: &Calendar) -> Timestamp {
        match self {
            Duration::Wall(seconds) => add_seconds(start, seconds),
            Duration::BusinessTime(seconds) => calendar.add_open_time(start, seconds),
            Duration::BusinessDays(days) => {
                let date = calendar.local(start).date();
                calendar.closing(calendar.business_days_after(date, days))
            }
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Duration::Wall(seconds) => f.write_str(&whole_units(*seconds)),
            Duration::BusinessTime(seconds) => {
                write!(f, "{} of business time", whole_units(*seconds))
            }
            Duration::BusinessDays(1) => f.write_str("1 business day"),
            Duration::BusinessDays(days) => write!(f, "{days} business days"),
        }
    }
}

/// A measured wait or lateness, short: `45s`, `3m05s`, `2h10m`, `1d4h`.
pub fn human_seconds(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        3600..86400 => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d{}h", s / 86400, (s % 86400) / 3600),
    }
}

/// A configured span in its largest whole unit, as a team writes it:
/// `24h`, `2m`, `90s`, `2d`.
fn whole_units(seconds: i64) -> String {
    match seconds {
        s if s > 0 && s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s > 0 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s > 0 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// How long a channel's customers may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelSla {
    /// For the first agent reply of a conversation.
    pub first_response: Duration,
    /// For any customer message waiting for the next agent reply.
    pub wait: Duration,
}

/// How a date like `5/11` is read when both numbers could be the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayMonth,
    MonthDay,
}

/// Everything the timing rules and deadlines need from `tact.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSettings {
    pub calendar: Calendar,
    /// Per channel name (lower case).
    pub sla: BTreeMap<String, ChannelSla>,
    /// The SLA for conversations whose channel has no entry.
    pub default_sla: ChannelSla,
    /// `None`: an ambiguous numeric date is not read as a deadline.
    pub date_order: Option<DateOrder>,
}

impl Default for TimeSettings {
    /// The design's defaults: chat 2m, social 1h, email 24h; other
    /// channels get email's (the most patient), so an unknown channel is
    /// never held to chat speed.
    fn default() -> Self {
        let both = |seconds| ChannelSla {
            first_response: Duration::Wall(seconds),
            wait: Duration::Wall(seconds),
        };
        TimeSettings {
            calendar: Calendar::default(),
            sla: BTreeMap::from([
                ("chat".to_string(), both(120)),
                ("social".to_string(), both(3600)),
                ("email".to_string(), both(86_400)),
            ]),
            default_sla: both(86_400),
            date_order: None,
        }
    }
}

impl TimeSettings {
    /// The SLA of a conversation's channel.
    pub fn sla_for(&self, channel: Option<&str>) -> ChannelSla {
        channel
            .and_then(|c| self.sla.get(&c.to_ascii_lowercase()))
            .copied()
            .unwrap_or(self.default_sla)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn new_york() -> Calendar {
        Calendar {
            zone: TimeZone::get("America/New_York").unwrap(),
            hours: WeeklyHours::default(),
        }
    }

    #[test]
    fn hours_parse_and_reject() {
        let hours = WeeklyHours::parse("Mon-Fri 09:00-17:00, Sat 10:00-14:00").unwrap();
        assert_eq!(hours.on(Weekday::Saturday), Some((36_000, 50_400)));
        assert_eq!(hours.on(Weekday::Sunday), None);
        let hours = WeeklyHours::parse("mon,wed 08:00-12:30").unwrap();
        assert_eq!(hours.on(Weekday::Wednesday), Some((28_800, 45_000)));
        assert_eq!(hours.on(Weekday::Tuesday), None);
        assert!(
            WeeklyHours::parse("24/7")
                .unwrap()
                .on(Weekday::Sunday)
                .is_some()
        );
        let wrapping = WeeklyHours::parse("Fri-Mon 10:00-16:00").unwrap();
        assert!(wrapping.on(Weekday::Sunday).is_some());
        assert!(wrapping.on(Weekday::Tuesday).is_none());
        for (bad, says) in [
            ("Mon-Fri 09:00-25:00", "\"25:00\" is not a time of day"),
            ("Mon-Fri 17:00-09:00", "closing time must be after opening"),
            ("Mon-Fry 09:00-17:00", "\"Fry\" is not a day"),
            ("Mon-Fri", "has no opening time"),
            ("", "empty hours"),
            ("Mon-Fri 09:60-17:00", "\"09:60\" is not a time"),
        ] {
            let error = WeeklyHours::parse(bad).unwrap_err();
            assert!(error.contains(says), "{bad:?}: {error}");
        }
    }

    #[test]
    fn durations_parse_and_reject() {
        for (text, expected) in [
            ("2m", Duration::Wall(120)),
            ("1h", Duration::Wall(3600)),
            ("24h", Duration::Wall(86_400)),
            ("1h30m", Duration::Wall(5400)),
            ("90 seconds", Duration::Wall(90)),
            ("2 days", Duration::Wall(172_800)),
            ("1 week", Duration::Wall(604_800)),
            ("8 business hours", Duration::BusinessTime(28_800)),
            ("2 business days", Duration::BusinessDays(2)),
            ("3 working days", Duration::BusinessDays(3)),
            ("1.5h", Duration::Wall(5400)),
        ] {
            assert_eq!(Duration::parse(text), Ok(expected), "{text:?}");
        }
        for (bad, says) in [
            ("2 fortnights", "unknown unit \"fortnights\""),
            ("soon", "expected a number"),
            ("24", "needs a unit"),
            ("", "empty duration"),
            (
                "1 day 2 business days",
                "mixes wall-clock and business time",
            ),
            ("1.5 business days", "must be whole"),
        ] {
            let error = Duration::parse(bad).unwrap_err();
            assert!(error.contains(says), "{bad:?}: {error}");
        }
    }

    #[test]
    fn opening_closing_and_business_time() {
        let ny = new_york();
        // Friday 2026-11-20 18:00 EST is after closing: next opening is
        // Monday 09:00 EST.
        let friday_evening = ts("2026-11-20T23:00:00Z");
        assert!(!ny.is_open(friday_evening));
        assert_eq!(ny.next_opening(friday_evening), ts("2026-11-23T14:00:00Z"));
        assert!(ny.is_open(ts("2026-11-20T15:00:00Z")));
        // 8 business hours from Friday 15:00 EST: 2h on Friday, 6h Monday.
        assert_eq!(
            Duration::parse("8 business hours")
                .unwrap()
                .after(ts("2026-11-20T20:00:00Z"), &ny),
            ts("2026-11-23T20:00:00Z")
        );
        // 2 business days from Thursday: Monday's closing.
        assert_eq!(
            Duration::BusinessDays(2).after(ts("2026-11-19T15:00:00Z"), &ny),
            ts("2026-11-23T22:00:00Z")
        );
        // Closing follows the clock across the end of DST (1 Nov 2026).
        let date = jiff::civil::date(2026, 10, 30);
        assert_eq!(ny.closing(date), ts("2026-10-30T21:00:00Z"));
        assert_eq!(
            ny.closing(jiff::civil::date(2026, 11, 2)),
            ts("2026-11-02T22:00:00Z")
        );
    }

    #[test]
    fn human_durations() {
        assert_eq!(human_seconds(45), "45s");
        assert_eq!(human_seconds(185), "3m05s");
        assert_eq!(human_seconds(7800), "2h10m");
        assert_eq!(human_seconds(100_000), "1d3h");
        assert_eq!(Duration::Wall(86_400).to_string(), "1d");
        assert_eq!(Duration::Wall(7200).to_string(), "2h");
        assert_eq!(Duration::Wall(120).to_string(), "2m");
        assert_eq!(
            Duration::BusinessTime(28_800).to_string(),
            "8h of business time"
        );
    }
}
