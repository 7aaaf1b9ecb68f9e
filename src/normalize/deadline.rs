//! Deadline expressions in agent messages ("by Thursday", "within 24
//! hours", "tomorrow morning", "by 3pm", "by 30/11") found in normalised
//! text and resolved to an instant in the business calendar, as DESIGN §5
//! defines them. Vague words ("soon", "ASAP") are not deadlines: the
//! vague-promise rule covers them.
//!
//! Where English is ambiguous the later reading wins, so a promise is never
//! judged missed before the customer could have thought it due: "next
//! Friday" is the Friday of next week, a range "24-48 hours" means 48, and a
//! date like 5/11 is read only when `[business] date_order` says which
//! number is the month.

use super::calendar::{Calendar, DateOrder, add_days, add_seconds};
use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use regex::{Captures, Regex, RegexSet};
use std::sync::LazyLock;

/// A part of a day someone names ("tomorrow morning").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayPart {
    /// Noon.
    Morning,
    /// The day's closing time.
    Close,
    /// 23:59.
    Night,
}

/// Which day an expression names, relative to the day it was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRef {
    Today,
    Tomorrow,
    /// The next such weekday after today; with `next_week`, the one in the
    /// next calendar week.
    Weekday {
        day: Weekday,
        next_week: bool,
    },
    /// A calendar date; without a year, the next one on or after today.
    Date {
        month: i8,
        day: i8,
        year: Option<i16>,
    },
    /// "the 30th": this month's, or next month's when it has passed.
    DayOfMonth(i8),
}

/// A deadline as said, before it is placed in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A day, and when in it ("by Thursday" closes, "Monday morning" is noon).
    Day(DayRef, DayPart),
    /// A clock time, on a named day or else the next time it comes round.
    Clock(Option<DayRef>, i32),
    /// Closing of this week's last business day.
    EndOfWeek,
    /// Closing of next week's last business day.
    NextWeek,
    /// Sunday night of this week ("over the weekend").
    Weekend,
    /// Closing of the month's last day.
    EndOfMonth,
    /// Wall-clock seconds after the message ("within 24 hours").
    After(i64),
    /// Closing of the Nth business day after.
    BusinessDays(u32),
    /// Seconds of open time after.
    BusinessTime(i64),
}

/// A deadline expression found in text: its byte span and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub when: When,
}

const NUMBER: &str = r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty-eight|forty eight|twenty-four|twenty four|seventy-two|seventy two|a couple of|a couple)";
const WEEKDAY: &str =
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|weds|thurs)";
const MONTH: &str = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?";
const CLOCK: &str =
    r"(?:\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon|midday|midnight)";
const PART: &str = r"(?:morning|afternoon|evening|night|eod|end of (?:the )?(?:business )?day|close of business|cob)";
const BY: &str = r"(?:by|before|on|until|till|no later than|at the latest by)";

/// What one kind of expression becomes.
type Reader = fn(&Captures, Option<DateOrder>) -> Option<When>;

/// The expressions, each a regex and its reader. Every regex runs on
/// normalised text (lower case, straight quotes, single spaces).
static EXPRESSIONS: LazyLock<Expressions> = LazyLock::new(|| {
    let table: Vec<(String, Reader)> = vec![
        (
            format!(r"\b(?:with)?in (?:the )?(?:next )?(?:(?P<from>{NUMBER}) ?(?:-|to|or) ?)?(?P<n>{NUMBER}) (?:business|working) (?P<unit>days?|hours?)\b"),
            |c, _| {
                let n = number(&c["n"])?;
                if c["unit"].starts_with('d') {
                    Some(When::BusinessDays(n.ceil() as u32))
                } else {
                    Some(When::BusinessTime((n * 3600.0) as i64))
                }
            },
        ),
        (
            format!(r"\b(?:with)?in (?:the )?(?:next )?(?:(?P<from>{NUMBER}) ?(?:-|to|or) ?)?(?P<n>{NUMBER}) (?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?)\b"),
            |c, _| {
                let unit = match &c["unit"][..1] {
                    "m" => 60.0,
                    "h" => 3600.0,
                    "d" => 86_400.0,
                    _ => 604_800.0,
                };
                Some(When::After((number(&c["n"])? * unit) as i64))
            },
        ),
        (
            r"\b(?:with)?in (?:the (?:next )?|half an |an )hour\b".to_string(),
            |c, _| {
                Some(When::After(if c[0].contains("half") { 1800 } else { 3600 }))
            },
        ),
        (
            format!(r"\b(?:(?P<first>first thing) (?:on )?)?(?:(?:by )?(?:the )?(?P<eod>{PART}) (?:on )?)?(?:(?P<qual>next|this|coming|this coming) )?(?P<day>tomorrow|{WEEKDAY})(?:'s)?(?: (?P<part>{PART}))?(?:,? (?:at|by|before|around) (?P<clock>{CLOCK}))?\b"),
            |c, _| {
                let day = match &c["day"] {
                    "tomorrow" => DayRef::Tomorrow,
                    name => DayRef::Weekday {
                        day: weekday(name)?,
                        next_week: c.name("qual").is_some_and(|q| q.as_str() == "next"),
                    },
                };
                if let Some(clock) = c.name("clock") {
                    return Some(When::Clock(Some(day), clock_seconds(clock.as_str())?));
                }
                let part = if c.name("first").is_some() {
                    DayPart::Morning
                } else {
                    c.name("part")
                        .or(c.name("eod"))
                        .map_or(DayPart::Close, |p| day_part(p.as_str()))
                };
                Some(When::Day(day, part))
            },
        ),
        (
            format!(r"\b(?:(?:later )?today|this (?P<part>morning|afternoon)|later on today|(?:(?:by|before) )?(?:the )?end of (?:the )?(?:business )?day|eod|cob|close of (?:business|play)|end of business)(?:,? (?:at|by|before|around) (?P<clock>{CLOCK}))?\b"),
            |c, _| {
                if let Some(clock) = c.name("clock") {
                    return Some(When::Clock(Some(DayRef::Today), clock_seconds(clock.as_str())?));
                }
                let part = match c.name("part").map(|p| p.as_str()) {
                    Some("morning") => DayPart::Morning,
                    _ => DayPart::Close,
                };
                Some(When::Day(DayRef::Today, part))
            },
        ),
        (
            r"\b(?:tonight|this evening|later tonight)\b".to_string(),
            |_, _| Some(When::Day(DayRef::Today, DayPart::Night)),
        ),
        (
            format!(r"\b(?:{BY}|at|around) (?P<clock>{CLOCK})\b"),
            |c, _| Some(When::Clock(None, clock_seconds(&c["clock"])?)),
        ),
        (
            r"\b(?:(?:by|before|until) )?(?:the )?end of next week\b|\b(?:early |sometime |some time |later |by |during |in |within )?next week\b".to_string(),
            |_, _| Some(When::NextWeek),
        ),
        (
            r"\b(?:(?:by|before|until) )?(?:the )?end of (?:the |this )?(?:working |business )?week\b|\b(?:by|before) the weekend\b|\b(?:later|sometime|some time) this week\b|\bthis week\b".to_string(),
            |_, _| Some(When::EndOfWeek),
        ),
        (
            r"\b(?:over|during) the weekend\b|\bthis weekend\b".to_string(),
            |_, _| Some(When::Weekend),
        ),
        (
            r"\b(?:(?:by|before) )?(?:the )?end of (?:the |this )?month\b|\bby month end\b".to_string(),
            |_, _| Some(When::EndOfMonth),
        ),
        (
            format!(r"\b{BY} (?:the )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<month>{MONTH})(?:,? (?P<year>\d{{4}}))?\b"),
            |c, _| date_when(month(&c["month"])?, c["day"].parse().ok()?, c.name("year")),
        ),
        (
            format!(r"\b{BY} (?P<month>{MONTH}) (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?\b"),
            |c, _| date_when(month(&c["month"])?, c["day"].parse().ok()?, c.name("year")),
        ),
        (
            format!(r"\b{BY} (?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?:/(?P<year>\d{{4}}|\d{{2}}))?\b"),
            |c, order| {
                let (a, b): (i8, i8) = (c["a"].parse().ok()?, c["b"].parse().ok()?);
                let (month, day) = match (a > 12, b > 12, order) {
                    (true, false, _) => (b, a),
                    (false, true, _) => (a, b),
                    (false, false, Some(DateOrder::DayMonth)) => (b, a),
                    (false, false, Some(DateOrder::MonthDay)) => (a, b),
                    // Both could be the month and nobody said which comes
                    // first: not a deadline anyone can be held to.
                    _ => return None,
                };
                let year = c.name("year").and_then(|y| {
                    let y: i16 = y.as_str().parse().ok()?;
                    Some(if y < 100 { 2000 + y } else { y })
                });
                Some(When::Day(DayRef::Date { month, day, year }, DayPart::Close))
            },
        ),
        (
            format!(r"\b{BY} the (?P<day>\d{{1,2}})(?:st|nd|rd|th)\b"),
            |c, _| Some(When::Day(DayRef::DayOfMonth(c["day"].parse().ok()?), DayPart::Close)),
        ),
    ];
    let any = RegexSet::new(table.iter().map(|(pattern, _)| pattern))
        .expect("deadline expressions are valid regexes");
    let each = table
        .into_iter()
        .map(|(pattern, reader)| {
            (
                Regex::new(&pattern).expect("deadline expressions are valid regexes"),
                reader,
            )
        })
        .collect();
    Expressions { any, each }
});

/// The expressions one by one, and all of them in one set: a text is
/// scanned once to learn which can match, and only those run with their
/// captures.
struct Expressions {
    any: RegexSet,
    each: Vec<(Regex, Reader)>,
}

/// Words before a day name that make it the past or a span, not a
/// deadline ("since Monday", "last Friday").
const PAST_MARKERS: &[&str] = &["since ", "last ", "from ", "until ", "till ", "ago "];

/// The first deadline expression in `text[from..]`: the earliest to start,
/// and of those the longest ("end of day tomorrow" over "end of day").
pub fn find(text: &str, from: usize, order: Option<DateOrder>) -> Option<Found> {
    let from = text.floor_char_boundary(from.min(text.len()));
    let haystack = &text[from..];
    let mut best: Option<Found> = None;
    let expressions = &*EXPRESSIONS;
    for at in expressions.any.matches(haystack).iter() {
        let (regex, reader) = &expressions.each[at];
        for captures in regex.captures_iter(haystack) {
            let whole = captures.get(0).expect("group 0 always matches");
            let start = from + whole.start();
            let end = from + whole.end();
            if best.is_some_and(|b| {
                (b.start, std::cmp::Reverse(b.end)) <= (start, std::cmp::Reverse(end))
            }) {
                break;
            }
            let before = &text[..start];
            if PAST_MARKERS.iter().any(|m| before.ends_with(m)) {
                continue;
            }
            if let Some(when) = reader(&captures, order) {
                best = Some(Found { start, end, when });
                break;
            }
        }
    }
    best
}

/// Places a deadline said at `said` in time. `None` when the expression
/// names no real date (31 November).
pub fn resolve(when: When, said: Timestamp, calendar: &Calendar) -> Option<Timestamp> {
    let today = calendar.local(said).date();
    let night = |date: Date| calendar.instant(date, 23 * 3600 + 59 * 60);
    let deadline = match when {
        When::Day(day, part) => {
            let date = day_date(day, today)?;
            let at = match part {
                DayPart::Morning => calendar.instant(date, 12 * 3600),
                DayPart::Close => calendar.closing(date),
                DayPart::Night => night(date),
            };
            // "End of day" said after closing means tonight.
            if at <= said && date == today {
                night(date)
            } else {
                at
            }
        }
        When::Clock(day, seconds) => match day {
            Some(day) => calendar.instant(day_date(day, today)?, seconds),
            None => {
                let at = calendar.instant(today, seconds);
                if at > said {
                    at
                } else {
                    calendar.instant(add_days(today, 1), seconds)
                }
            }
        },
        When::EndOfWeek => {
            let at = calendar.closing(calendar.last_business_day_of_week(today));
            if at > said {
                at
            } else {
                calendar.closing(calendar.last_business_day_of_week(add_days(today, 7)))
            }
        }
        When::NextWeek => calendar.closing(calendar.last_business_day_of_week(add_days(today, 7))),
        When::Weekend => {
            let offset = i64::from(today.weekday().to_monday_zero_offset());
            night(add_days(today, 6 - offset))
        }
        When::EndOfMonth => {
            let at = calendar.closing(today.last_of_month());
            if at > said {
                at
            } else {
                night(today.last_of_month())
            }
        }
        When::After(seconds) => add_seconds(said, seconds),
        When::BusinessDays(days) => calendar.closing(calendar.business_days_after(today, days)),
        When::BusinessTime(seconds) => calendar.add_open_time(said, seconds),
    };
    Some(deadline)
}

/// The date a day reference names, seen from `today`.
fn day_date(day: DayRef, today: Date) -> Option<Date> {
    match day {
        DayRef::Today => Some(today),
        DayRef::Tomorrow => Some(add_days(today, 1)),
        DayRef::Weekday { day, next_week } => {
            let today_offset = i64::from(today.weekday().to_monday_zero_offset());
            let target = i64::from(day.to_monday_zero_offset());
            if next_week {
                Some(add_days(today, 7 - today_offset + target))
            } else {
                // Strictly after today: a weekday named on that same day
                // is next week's.
                let ahead = (target - today_offset).rem_euclid(7);
                Some(add_days(today, if ahead == 0 { 7 } else { ahead }))
            }
        }
        DayRef::Date { month, day, year } => match year {
            Some(year) => Date::new(year, month, day).ok(),
            None => {
                let this_year = Date::new(today.year(), month, day).ok()?;
                if this_year >= today {
                    Some(this_year)
                } else {
                    Date::new(today.year().checked_add(1)?, month, day).ok()
                }
            }
        },
        DayRef::DayOfMonth(day) => {
            let this_month = Date::new(today.year(), today.month(), day).ok();
            match this_month {
                Some(date) if date >= today => Some(date),
                _ => {
                    let next = add_days(today.last_of_month(), 1);
                    Date::new(next.year(), next.month(), day).ok()
                }
            }
        }
    }
}

fn date_when(month: i8, day: i8, year: Option<regex::Match>) -> Option<When> {
    let year = year.and_then(|y| y.as_str().parse().ok());
    Some(When::Day(DayRef::Date { month, day, year }, DayPart::Close))
}

/// A number as written: digits, words, "a", "a couple".
fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<f64>() {
        return (n.is_finite() && n >= 0.0).then_some(n);
    }
    Some(match text {
        "a" | "an" | "one" => 1.0,
        "two" | "a couple" | "a couple of" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "twenty-four" | "twenty four" => 24.0,
        "forty-eight" | "forty eight" => 48.0,
        "seventy-two" | "seventy two" => 72.0,
        _ => return None,
    })
}

fn weekday(name: &str) -> Option<Weekday> {
    Some(match &name[..name.len().min(3)] {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

fn month(name: &str) -> Option<i8> {
    let name = name.trim_end_matches('.');
    let index = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| name.starts_with(m))?;
    Some(index as i8 + 1)
}

fn day_part(text: &str) -> DayPart {
    match text {
        "morning" => DayPart::Morning,
        "evening" | "night" => DayPart::Night,
        _ => DayPart::Close,
    }
}

/// `3pm`, `3:30 pm`, `15:00`, `noon`, `midnight` as seconds since midnight.
fn clock_seconds(text: &str) -> Option<i32> {
    let text = text.trim();
    match text {
        "noon" | "midday" => return Some(12 * 3600),
        "midnight" => return Some(23 * 3600 + 59 * 60),
        _ => {}
    }
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(text.len());
    let (clock, suffix) = text.split_at(digits_end);
    let suffix = suffix.trim().replace('.', "");
    let (hours, minutes) = match clock.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None => (clock.parse::<i32>().ok()?, 0),
    };
    if minutes >= 60 {
        return None;
    }
    let hours = match suffix.as_str() {
        "am" if (1..=12).contains(&hours) => hours % 12,
        "pm" if (1..=12).contains(&hours) => hours % 12 + 12,
        "" if (0..=23).contains(&hours) => hours,
        _ => return None,
    };
    Some(hours * 3600 + minutes * 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::calendar::WeeklyHours;
    use crate::normalize::normalize;

    fn new_york() -> Calendar {
        Calendar {
            zone: jiff::tz::TimeZone::get("America/New_York").unwrap(),
            hours: WeeklyHours::default(),
        }
    }

    fn deadline(said: &str, text: &str, order: Option<DateOrder>) -> Option<String> {
        let said: Timestamp = said.parse().unwrap();
        let text = normalize(text).text;
        let found = find(&text, 0, order)?;
        resolve(found.when, said, &new_york()).map(|t| t.to_string())
    }

    /// Monday 2026-11-16 10:00 EST.
    const MONDAY: &str = "2026-11-16T15:00:00Z";
    /// Friday 2026-11-20 16:00 EST, an hour before the weekend.
    const FRIDAY: &str = "2026-11-20T21:00:00Z";
    /// Friday 2026-11-20 18:00 EST, after closing.
    const FRIDAY_EVENING: &str = "2026-11-20T23:00:00Z";
    /// Friday 2026-10-30 10:00 EDT: DST ends on Sunday 1 November.
    const BEFORE_FALL_BACK: &str = "2026-10-30T14:00:00Z";
    /// Friday 2026-03-06 10:00 EST: DST starts on Sunday 8 March.
    const BEFORE_SPRING_FORWARD: &str = "2026-03-06T15:00:00Z";

    #[test]
    fn deadline_table() {
        // (said at, expression, deadline), in the New York business calendar
        // (Mon-Fri 09:00-17:00, so closing is 22:00Z in winter).
        let table: &[(&str, &str, Option<&str>)] = &[
            (MONDAY, "today", Some("2026-11-16T22:00:00Z")),
            (MONDAY, "by end of day", Some("2026-11-16T22:00:00Z")),
            (
                MONDAY,
                "by the end of the day",
                Some("2026-11-16T22:00:00Z"),
            ),
            (MONDAY, "EOD", Some("2026-11-16T22:00:00Z")),
            (MONDAY, "by COB", Some("2026-11-16T22:00:00Z")),
            (
                MONDAY,
                "before close of business",
                Some("2026-11-16T22:00:00Z"),
            ),
            (MONDAY, "later today", Some("2026-11-16T22:00:00Z")),
            (MONDAY, "this afternoon", Some("2026-11-16T22:00:00Z")),
            (MONDAY, "tonight", Some("2026-11-17T04:59:00Z")),
            (MONDAY, "this evening", Some("2026-11-17T04:59:00Z")),
            (MONDAY, "tomorrow", Some("2026-11-17T22:00:00Z")),
            (MONDAY, "by tomorrow", Some("2026-11-17T22:00:00Z")),
            (MONDAY, "tomorrow morning", Some("2026-11-17T17:00:00Z")),
            (MONDAY, "first thing tomorrow", Some("2026-11-17T17:00:00Z")),
            (
                MONDAY,
                "first thing tomorrow morning",
                Some("2026-11-17T17:00:00Z"),
            ),
            (MONDAY, "tomorrow afternoon", Some("2026-11-17T22:00:00Z")),
            (MONDAY, "tomorrow evening", Some("2026-11-18T04:59:00Z")),
            (MONDAY, "tomorrow at 3pm", Some("2026-11-17T20:00:00Z")),
            (MONDAY, "tomorrow by 10am", Some("2026-11-17T15:00:00Z")),
            (
                MONDAY,
                "by end of day tomorrow",
                Some("2026-11-17T22:00:00Z"),
            ),
            (MONDAY, "by Thursday", Some("2026-11-19T22:00:00Z")),
            (MONDAY, "on Thursday", Some("2026-11-19T22:00:00Z")),
            (
                MONDAY,
                "no later than Thursday",
                Some("2026-11-19T22:00:00Z"),
            ),
            (MONDAY, "Thursday morning", Some("2026-11-19T17:00:00Z")),
            (MONDAY, "by Thursday at 2pm", Some("2026-11-19T19:00:00Z")),
            (
                MONDAY,
                "on Thursday afternoon",
                Some("2026-11-19T22:00:00Z"),
            ),
            (MONDAY, "by EOD Wednesday", Some("2026-11-18T22:00:00Z")),
            (MONDAY, "by Monday", Some("2026-11-23T22:00:00Z")),
            (MONDAY, "next Thursday", Some("2026-11-26T22:00:00Z")),
            (MONDAY, "this Friday", Some("2026-11-20T22:00:00Z")),
            (MONDAY, "by Saturday", Some("2026-11-21T22:00:00Z")),
            (
                MONDAY,
                "by the end of the week",
                Some("2026-11-20T22:00:00Z"),
            ),
            (MONDAY, "end of this week", Some("2026-11-20T22:00:00Z")),
            (MONDAY, "before the weekend", Some("2026-11-20T22:00:00Z")),
            (MONDAY, "later this week", Some("2026-11-20T22:00:00Z")),
            (MONDAY, "over the weekend", Some("2026-11-23T04:59:00Z")),
            (MONDAY, "next week", Some("2026-11-27T22:00:00Z")),
            (MONDAY, "sometime next week", Some("2026-11-27T22:00:00Z")),
            (
                MONDAY,
                "by the end of next week",
                Some("2026-11-27T22:00:00Z"),
            ),
            (MONDAY, "within 24 hours", Some("2026-11-17T15:00:00Z")),
            (
                MONDAY,
                "within the next 48 hours",
                Some("2026-11-18T15:00:00Z"),
            ),
            (MONDAY, "in 2 hours", Some("2026-11-16T17:00:00Z")),
            (MONDAY, "in two hours", Some("2026-11-16T17:00:00Z")),
            (MONDAY, "within an hour", Some("2026-11-16T16:00:00Z")),
            (MONDAY, "within the hour", Some("2026-11-16T16:00:00Z")),
            (MONDAY, "in half an hour", Some("2026-11-16T15:30:00Z")),
            (MONDAY, "in 30 minutes", Some("2026-11-16T15:30:00Z")),
            (MONDAY, "within 24-48 hours", Some("2026-11-18T15:00:00Z")),
            (MONDAY, "within 2 days", Some("2026-11-18T15:00:00Z")),
            (MONDAY, "within a week", Some("2026-11-23T15:00:00Z")),
            (MONDAY, "in 3 business days", Some("2026-11-19T22:00:00Z")),
            (
                MONDAY,
                "within 2 working days",
                Some("2026-11-18T22:00:00Z"),
            ),
            (MONDAY, "in 3-5 business days", Some("2026-11-23T22:00:00Z")),
            (
                MONDAY,
                "within 8 business hours",
                Some("2026-11-17T15:00:00Z"),
            ),
            (MONDAY, "by 3pm", Some("2026-11-16T20:00:00Z")),
            (MONDAY, "by 3:30 pm", Some("2026-11-16T20:30:00Z")),
            (MONDAY, "by 15:00", Some("2026-11-16T20:00:00Z")),
            (MONDAY, "at 9am", Some("2026-11-17T14:00:00Z")),
            (MONDAY, "by noon", Some("2026-11-16T17:00:00Z")),
            (MONDAY, "before midday", Some("2026-11-16T17:00:00Z")),
            (MONDAY, "by Nov 30", Some("2026-11-30T22:00:00Z")),
            (MONDAY, "by November 30th", Some("2026-11-30T22:00:00Z")),
            (MONDAY, "by 30 November", Some("2026-11-30T22:00:00Z")),
            (MONDAY, "on the 30th", Some("2026-11-30T22:00:00Z")),
            (MONDAY, "by 30/11", Some("2026-11-30T22:00:00Z")),
            (MONDAY, "by 11/30", Some("2026-11-30T22:00:00Z")),
            (
                MONDAY,
                "by the end of the month",
                Some("2026-11-30T22:00:00Z"),
            ),
            (MONDAY, "by Jan 5", Some("2027-01-05T22:00:00Z")),
            (MONDAY, "by 5 January 2027", Some("2027-01-05T22:00:00Z")),
            // Both numbers could be the month and no order is configured.
            (MONDAY, "by 5/12", None),
            (MONDAY, "by 12/5", None),
            (MONDAY, "soon", None),
            (MONDAY, "shortly", None),
            (MONDAY, "as soon as possible", None),
            (MONDAY, "ASAP", None),
            (MONDAY, "since Monday", None),
            (MONDAY, "last Friday", None),
            (MONDAY, "in a few days", None),
            // Across a weekend.
            (FRIDAY, "by end of day", Some("2026-11-20T22:00:00Z")),
            (FRIDAY, "tomorrow", Some("2026-11-21T22:00:00Z")),
            (FRIDAY, "in 2 business days", Some("2026-11-24T22:00:00Z")),
            (
                FRIDAY,
                "within 1 business day",
                Some("2026-11-23T22:00:00Z"),
            ),
            (FRIDAY, "by Monday", Some("2026-11-23T22:00:00Z")),
            (FRIDAY, "within 24 hours", Some("2026-11-21T21:00:00Z")),
            (
                FRIDAY,
                "within 4 business hours",
                Some("2026-11-23T17:00:00Z"),
            ),
            (
                FRIDAY,
                "by the end of the week",
                Some("2026-11-20T22:00:00Z"),
            ),
            (FRIDAY, "next week", Some("2026-11-27T22:00:00Z")),
            (FRIDAY, "over the weekend", Some("2026-11-23T04:59:00Z")),
            // Said after closing.
            (
                FRIDAY_EVENING,
                "by end of day",
                Some("2026-11-21T04:59:00Z"),
            ),
            (
                FRIDAY_EVENING,
                "by the end of the week",
                Some("2026-11-27T22:00:00Z"),
            ),
            (FRIDAY_EVENING, "by 9am", Some("2026-11-21T14:00:00Z")),
            // Across the end of DST: closing moves with the clock, a wall-
            // clock span does not.
            (
                BEFORE_FALL_BACK,
                "by end of day",
                Some("2026-10-30T21:00:00Z"),
            ),
            (BEFORE_FALL_BACK, "tomorrow", Some("2026-10-31T21:00:00Z")),
            (BEFORE_FALL_BACK, "by Monday", Some("2026-11-02T22:00:00Z")),
            (
                BEFORE_FALL_BACK,
                "within 48 hours",
                Some("2026-11-01T14:00:00Z"),
            ),
            (
                BEFORE_FALL_BACK,
                "in 2 business days",
                Some("2026-11-03T22:00:00Z"),
            ),
            (
                BEFORE_FALL_BACK,
                "over the weekend",
                Some("2026-11-02T04:59:00Z"),
            ),
            // Across the start of DST.
            (
                BEFORE_SPRING_FORWARD,
                "by Monday",
                Some("2026-03-09T21:00:00Z"),
            ),
            (
                BEFORE_SPRING_FORWARD,
                "within 72 hours",
                Some("2026-03-09T15:00:00Z"),
            ),
            (
                BEFORE_SPRING_FORWARD,
                "Monday morning",
                Some("2026-03-09T16:00:00Z"),
            ),
        ];
        assert!(table.len() >= 80, "the table has {} rows", table.len());
        let mut wrong = Vec::new();
        for &(said, text, expected) in table {
            let got = deadline(said, text, None);
            if got.as_deref() != expected {
                wrong.push(format!(
                    "{said} {text:?}: expected {expected:?}, got {got:?}"
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} wrong:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn date_order_reads_ambiguous_dates() {
        let day_month = deadline(MONDAY, "by 5/12", Some(DateOrder::DayMonth));
        assert_eq!(day_month.as_deref(), Some("2026-12-05T22:00:00Z"));
        let month_day = deadline(MONDAY, "by 5/12", Some(DateOrder::MonthDay));
        assert_eq!(month_day.as_deref(), Some("2027-05-12T21:00:00Z"));
    }

    #[test]
    fn expressions_inside_sentences_keep_their_span() {
        let text = normalize("I'll email you by Thursday at 2pm with an update.").text;
        let found = find(&text, 0, None).unwrap();
        assert_eq!(&text[found.start..found.end], "thursday at 2pm");
        let text = normalize("I'll call you by end of day tomorrow.").text;
        let found = find(&text, 0, None).unwrap();
        assert_eq!(&text[found.start..found.end], "by end of day tomorrow");
    }

    /// Odd text never panics the finder or the resolver: numbers out of
    /// range, impossible dates, multi-byte characters next to matches.
    #[test]
    fn odd_text_never_panics() {
        const TOKENS: &[&str] = &[
            "by",
            "on",
            "the",
            "31st",
            "0/0",
            "13/13",
            "31/2",
            "29/2/2027",
            "99:99",
            "25:00",
            "0am",
            "13pm",
            "99999999999999999999 hours",
            "in",
            "within",
            "next",
            "é",
            "日本",
            "monday",
            "tomorrow",
            "eod",
            "end of",
            "day",
            "week",
            "month",
            "2147483648",
            "business days",
            "a couple of",
            "-",
            "/",
            "é/ü",
            "midnight",
            "noon",
            "\u{200b}",
            "fébruary 30",
            "feb 30",
            "by 31 november",
            "the 0th",
            "by 0 jan",
            "12.5 hours",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let calendar = new_york();
        for _ in 0..5000 {
            let mut words = Vec::new();
            for _ in 0..8 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                words.push(TOKENS[(state % TOKENS.len() as u64) as usize]);
            }
            let text = normalize(&words.join(" ")).text;
            for from in [0, 1, 3, text.len() / 2, text.len()] {
                if let Some(found) = find(&text, from, Some(DateOrder::DayMonth)) {
                    let _ = resolve(found.when, MONDAY.parse().unwrap(), &calendar);
                }
            }
        }
    }
}
