//! Writes `fixtures/sample-week/`: one realistic week (Monday 2026-11-16 to
//! Sunday 2026-11-22) of a twelve-agent support team, the data set behind the
//! README walkthrough and the end-to-end tests.
//!
//! ```text
//! cargo run --example gen_sample_week [-- OUT_DIR] [--manifest FILE]
//! ```
//!
//! `OUT_DIR` defaults to `fixtures/sample-week`. `--manifest FILE` also writes
//! a TSV of what was planted in each conversation (id, file, agent, the rule
//! ids expected to fire, the look-alike that must not fire), for tests to
//! compare findings against. It is kept out of `OUT_DIR` because that
//! directory is itself an audit input.
//!
//! The generator is std-only on purpose: it never depends on the state of
//! `src/`, and also builds alone with
//! `rustc --edition 2024 -O examples/gen_sample_week.rs -o /tmp/gen`.
//! Output is byte-for-byte deterministic: one fixed-seed splitmix64 drives
//! every choice and only ordered collections (slices, `Vec`) are iterated.
//!
//! What it writes (DESIGN.md §3): `chat.jsonl` and `email.jsonl` (canonical
//! JSON Lines), `social.csv` (one row per message) and `chatlogs/*.txt`
//! (plain-text chat logs in local business time).
//!
//! About 55% of conversations are clean: the agent thanks the customer,
//! apologises for the trouble, says please when asking for something, uses
//! the customer's name, answers within the channel's SLA (chat 2 min, social
//! 1 h, email 24 h) and solves the problem. The rest carry mistakes from the
//! DESIGN.md §5 catalogue, dealt from a fixed deck ([`MISTAKE_DECK`]) and
//! steered towards the weaker agents so that agent scores differ. Clean
//! conversations also carry look-alikes ([`LOOK_ALIKE_DECK`]) that must NOT
//! produce findings: a customer quoting policy, an agent quoting the customer,
//! negations, a friendly "whatever", internal notes, bot acknowledgements,
//! kept and pending promises, nicknames and accents, and so on. Every phrase
//! comes from a pool of several wordings so that no planted mistake is one
//! template repeated verbatim. A tally of what was planted goes to stderr.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny and stable across platforms and Rust versions, which is
/// what a fixture generator needs (the same bytes on every machine).
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `lo..=hi` (the modulo bias is irrelevant here).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        assert!(lo <= hi, "empty range {lo}..={hi}");
        lo + (self.next_u64() % ((hi - lo) as u64 + 1)) as i64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p` percent.
    fn percent(&mut self, p: u64) -> bool {
        self.next_u64() % 100 < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// An index drawn with probability proportional to its weight.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        assert!(total > 0, "all weights are zero");
        let mut r = self.next_u64() % total;
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        unreachable!("r < total")
    }
}

// ---------------------------------------------------------------------------
// Time: Unix seconds, with the business calendar of America/New_York

const MIN: i64 = 60;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// Monday 2026-11-16 00:00 in New York, as Unix seconds. DST ended on
/// 1 November 2026, so the whole week is EST, a fixed UTC-5: no tz database
/// is needed.
const WEEK_START: i64 = days_from_civil(2026, 11, 16) * DAY + 5 * HOUR;
const UTC_OFFSET: i64 = -5 * HOUR;
/// Nothing is written after Sunday 23:00 local, so the data stays in the week.
const WEEK_END: i64 = WEEK_START + 6 * DAY + 23 * HOUR;
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `2026-11-16T14:02:11Z`
fn rfc3339(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(DAY));
    let s = ts.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / HOUR,
        s % HOUR / MIN,
        s % MIN
    )
}

/// `2026-11-16 09:02:11`, New York wall time, as chat logs print it.
fn local_stamp(ts: i64) -> String {
    let local = ts + UTC_OFFSET;
    let (y, m, d) = civil_from_days(local.div_euclid(DAY));
    let s = local.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / HOUR,
        s % HOUR / MIN,
        s % MIN
    )
}

/// Local day index: 0 is Monday the 16th, 6 is Sunday the 22nd.
fn day_of(ts: i64) -> i64 {
    (ts - WEEK_START).div_euclid(DAY)
}

/// Seconds since local midnight.
fn time_of_day(ts: i64) -> i64 {
    (ts - WEEK_START).rem_euclid(DAY)
}

/// A local wall-clock time on a day of the week.
fn at(day: i64, hour: i64, minute: i64) -> i64 {
    WEEK_START + day * DAY + hour * HOUR + minute * MIN
}

fn is_workday(day: i64) -> bool {
    day.rem_euclid(7) < 5
}

/// Mon-Fri 09:00-17:00, as in the project's example `tact.toml`.
fn in_business(ts: i64) -> bool {
    is_workday(day_of(ts)) && (9 * HOUR..17 * HOUR).contains(&time_of_day(ts))
}

/// The first business moment at or after `ts`.
fn next_opening(ts: i64) -> i64 {
    if in_business(ts) {
        return ts;
    }
    let mut day = day_of(ts);
    if is_workday(day) && time_of_day(ts) < 9 * HOUR {
        return at(day, 9, 0);
    }
    day += 1;
    while !is_workday(day) {
        day += 1;
    }
    at(day, 9, 0)
}

fn closing(day: i64) -> i64 {
    at(day, 17, 0)
}

/// Friday 17:00: the last moment an agent works this week.
fn last_closing() -> i64 {
    closing(4)
}

// ---------------------------------------------------------------------------
// Deadlines, resolved as DESIGN.md §5 defines them

/// A time an agent commits to. `Weekday` holds 0 = Monday.
#[derive(Clone, Copy, Debug)]
enum When {
    EndOfDay,
    Tomorrow,
    TomorrowMorning,
    Weekday(i64),
    WithinHours(i64),
    BusinessDays(i64),
    EndOfWeek,
    NextWeek,
}

impl When {
    fn deadline(self, said: i64) -> i64 {
        let day = day_of(said);
        match self {
            When::EndOfDay => closing(day),
            When::Tomorrow => closing(day + 1),
            When::TomorrowMorning => at(day + 1, 12, 0),
            When::Weekday(w) => {
                let mut d = day + 1;
                while d.rem_euclid(7) != w {
                    d += 1;
                }
                closing(d)
            }
            When::WithinHours(h) => said + h * HOUR,
            When::BusinessDays(n) => {
                let (mut d, mut left) = (day, n);
                while left > 0 {
                    d += 1;
                    if is_workday(d) {
                        left -= 1;
                    }
                }
                closing(d)
            }
            When::EndOfWeek => closing(day - day.rem_euclid(7) + 4),
            When::NextWeek => closing(day - day.rem_euclid(7) + 11),
        }
    }

    fn text(self, rng: &mut Rng) -> String {
        match self {
            When::EndOfDay => rng
                .pick(&[
                    "by end of day",
                    "by the end of the day",
                    "by EOD",
                    "before end of day",
                ])
                .to_string(),
            When::Tomorrow => rng.pick(&["tomorrow", "by tomorrow"]).to_string(),
            When::TomorrowMorning => rng
                .pick(&["tomorrow morning", "first thing tomorrow morning"])
                .to_string(),
            When::Weekday(w) => {
                let how = rng.pick(&["by", "on", "no later than"]);
                format!("{how} {}", WEEKDAYS[w as usize])
            }
            When::WithinHours(h) => {
                let how = rng.pick(&["within", "within the next"]);
                format!("{how} {h} hours")
            }
            When::BusinessDays(n) => {
                let how = rng.pick(&["in", "within"]);
                format!("{how} {n} business days")
            }
            When::EndOfWeek => rng
                .pick(&["by the end of the week", "before the end of the week"])
                .to_string(),
            When::NextWeek => rng.pick(&["next week", "sometime next week"]).to_string(),
        }
    }
}

// ---------------------------------------------------------------------------
// The team

struct Agent {
    name: &'static str,
    /// How error-prone the agent is, in percent. It weights the deal of
    /// mistakes, so Tom and Marcus end up with clearly lower scores.
    badness: u64,
    /// Can answer Spanish-speaking customers in Spanish.
    spanish: bool,
}

const AGENTS: [Agent; 12] = [
    Agent {
        name: "Dana Reyes",
        badness: 18,
        spanish: true,
    },
    Agent {
        name: "Omar Haddad",
        badness: 22,
        spanish: false,
    },
    Agent {
        name: "Priya Nair",
        badness: 10,
        spanish: false,
    },
    Agent {
        name: "Marcus Bell",
        badness: 70,
        spanish: false,
    },
    Agent {
        name: "Sofia Lindqvist",
        badness: 28,
        spanish: false,
    },
    Agent {
        name: "Tom Becker",
        badness: 90,
        spanish: false,
    },
    Agent {
        name: "Aisha Mensah",
        badness: 15,
        spanish: false,
    },
    Agent {
        name: "Kevin O'Brien",
        badness: 45,
        spanish: false,
    },
    Agent {
        name: "Mei Chen",
        badness: 25,
        spanish: false,
    },
    Agent {
        name: "Lucas Ferreira",
        badness: 30,
        spanish: true,
    },
    Agent {
        name: "Hannah Kowalski",
        badness: 35,
        spanish: false,
    },
    Agent {
        name: "Jamal Wright",
        badness: 40,
        spanish: false,
    },
];

/// Priya and Aisha are the team leads that escalations go to.
const TEAM_LEADS: [usize; 2] = [2, 6];
const TEAMS: &[&str] = &[
    "Billing",
    "Returns",
    "Shipping",
    "Tier 2 Support",
    "Accounts",
    "Warranty",
];
const BOT: &str = "Support Bot";

fn first_name(full: &str) -> &str {
    full.split(' ').next().unwrap_or(full)
}

/// "Kevin O'Brien" -> "KO": social teams sign public replies with initials.
fn initials(full: &str) -> String {
    full.split(' ').filter_map(|w| w.chars().next()).collect()
}

// ---------------------------------------------------------------------------
// Customers

/// Everyday given names. None is an agent's first name, so that a greeting can
/// never be mistaken for the agent naming themselves.
const GIVEN_F: &[&str] = &[
    "Maria",
    "Emily",
    "Jessica",
    "Rachel",
    "Laura",
    "Olivia",
    "Grace",
    "Natalie",
    "Brenda",
    "Tanya",
    "Keisha",
    "Yuki",
    "Ngozi",
    "Ingrid",
    "Fatima",
    "Chloe",
    "Amara",
    "Leah",
    "Nicole",
    "Jennifer",
    "Patricia",
    "Margaret",
    "Elizabeth",
    "Victoria",
    "Susan",
    "Deborah",
    "Rebecca",
    "Megan",
    "Sara",
    "Katherine",
    "Caitlin",
    "Helen",
    "Monique",
    "Anita",
];
const GIVEN_M: &[&str] = &[
    "Robert",
    "William",
    "Michael",
    "James",
    "Richard",
    "Christopher",
    "Daniel",
    "Anthony",
    "Joseph",
    "Steven",
    "Jon",
    "Aaron",
    "Ethan",
    "Noah",
    "Ravi",
    "Wei",
    "Kwame",
    "Hiroshi",
    "Dmitri",
    "Connor",
    "Tyler",
    "Andre",
    "Samuel",
    "Benjamin",
    "Gregory",
    "Trevor",
    "Malik",
    "Victor",
    "Jeffrey",
    "Peter",
];
/// Surnames; none is an agent's surname.
const SURNAMES: &[&str] = &[
    "Johnson", "Smith", "Nguyen", "Patel", "Okafor", "Kim", "Brooks", "Sullivan", "Tanaka",
    "Asante", "Novak", "Schmidt", "Rossi", "Walsh", "Murphy", "Bennett", "Carter", "Hughes",
    "Foster", "Price", "Zhang", "Singh", "Adeyemi", "Larsen", "Morgan", "Reed", "Hayes", "Coleman",
    "Park", "Campbell", "Greene", "Abbott", "Delgado", "Whitaker", "Yamamoto", "Baker",
];
/// Names that exercise Unicode and punctuation: (given, surname, female).
const SPECIAL_NAMES: &[(&str, &str, bool)] = &[
    ("José", "Álvarez", false),
    ("Zoë", "Martin", true),
    ("Renée", "Dubois", true),
    ("Chloé", "Bernard", true),
    ("Björn", "Larsson", false),
    ("Inês", "Costa", true),
    ("François", "Petit", false),
    ("Łukasz", "Nowak", false),
    ("Søren", "Holm", false),
    ("Noémie", "Girard", true),
    ("Anne-Marie", "Fischer", true),
    ("Jean-Luc", "Moreau", false),
    ("Sarah", "Harper-Lane", true),
    ("Emily", "Watson-Clarke", true),
    ("Dominic", "Ashby-Jones", false),
    ("Siobhan", "O'Connor", true),
    ("Liam", "O'Sullivan", false),
];
/// Accented given names and how a hurried agent types them without accents.
const ACCENT_DROPS: &[(&str, &str)] = &[
    ("José", "Jose"),
    ("Zoë", "Zoe"),
    ("Renée", "Renee"),
    ("Chloé", "Chloe"),
    ("Björn", "Bjorn"),
    ("Inês", "Ines"),
    ("François", "Francois"),
    ("Łukasz", "Lukasz"),
    ("Søren", "Soren"),
    ("Noémie", "Noemie"),
];
/// Given names with the nicknames their owners sign with.
const NICKNAMES: &[(&str, &str)] = &[
    ("Robert", "Bob"),
    ("Robert", "Rob"),
    ("Elizabeth", "Liz"),
    ("Elizabeth", "Beth"),
    ("William", "Bill"),
    ("Katherine", "Kate"),
    ("Michael", "Mike"),
    ("James", "Jim"),
    ("Christopher", "Chris"),
    ("Jennifer", "Jen"),
    ("Margaret", "Maggie"),
    ("Anthony", "Tony"),
    ("Rebecca", "Becky"),
    ("Patricia", "Trish"),
];
/// A given name and a wrong name an agent greets it with: misspellings and
/// plain copy-paste slips from the previous ticket.
const WRONG_NAMES: &[(&str, &str)] = &[
    ("Katherine", "Catherine"),
    ("Sara", "Sarah"),
    ("Jon", "John"),
    ("Steven", "Stephen"),
    ("Megan", "Meghan"),
    ("Aaron", "Arron"),
    ("Rebecca", "Rebekah"),
    ("Caitlin", "Katelyn"),
    ("Jeffrey", "Geoffrey"),
    ("Laura", "Lauren"),
    ("Nicole", "Jessica"),
    ("Peter", "Patrick"),
    ("Helen", "Ellen"),
];
const SPANISH_NAMES: &[(&str, &str, bool)] = &[
    ("Lucía", "Fernández", true),
    ("Javier", "Morales", false),
    ("Carmen", "Ruiz", true),
    ("Alejandro", "Gómez", false),
    ("Valentina", "Herrera", true),
    ("Andrés", "Castillo", false),
];
const AREA_CODES: &[&str] = &["617", "212", "415", "312", "404", "206", "512", "303"];

#[derive(Clone)]
struct Person {
    first: String,
    last: String,
}

impl Person {
    fn new(first: &str, last: &str) -> Person {
        Person {
            first: first.to_string(),
            last: last.to_string(),
        }
    }

    fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    /// An address derived from the name alone, so a returning customer keeps
    /// the same one: `jose.alvarez@example.net`, `kwame.asante7@example.org`.
    fn email(&self) -> String {
        let (first, last) = (ascii_fold(&self.first), ascii_fold(&self.last));
        let hash = fnv1a(&self.full());
        let domain = if hash.is_multiple_of(3) {
            "example.org"
        } else {
            "example.net"
        };
        match hash % 4 {
            0 => format!("{first}.{last}@{domain}"),
            1 => format!("{first}{}@{domain}", &last[..1]),
            2 => format!("{first}.{last}{}@{domain}", hash % 90 + 10),
            _ => format!("{first}_{last}@{domain}"),
        }
    }
}

/// Lower-case ASCII for email local parts: accents dropped, apostrophes and
/// spaces removed.
fn ascii_fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ł' => 'l',
            '\'' | ' ' => continue,
            c => c,
        };
        out.push(mapped);
    }
    out
}

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Customers seen so far, so that returning customers keep their id.
#[derive(Default)]
struct Registry {
    known: Vec<(String, String)>,
    people: Vec<Person>,
}

impl Registry {
    fn id_for(&mut self, person: &Person) -> String {
        let full = person.full();
        if let Some((_, id)) = self.known.iter().find(|(name, _)| *name == full) {
            return id.clone();
        }
        let id = format!("u-{}", 101 + self.known.len());
        self.known.push((full, id.clone()));
        self.people.push(person.clone());
        id
    }
}

// ---------------------------------------------------------------------------
// Topics: what customers write in about

/// What the agent needs from the customer to solve a topic.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    OrderNumber,
    AccountEmail,
    Photo,
    CardDigits,
}

struct AskText {
    soft: &'static [&'static str],
    bare: &'static [&'static str],
    social_soft: &'static [&'static str],
    social_bare: &'static [&'static str],
    provide: &'static [&'static str],
    /// How a customer states it unprompted, for "asked again".
    volunteered: &'static [&'static str],
}

fn ask_text(ask: Ask) -> &'static AskText {
    match ask {
        Ask::OrderNumber => &AskText {
            soft: &[
                "Could you send me the order number?",
                "Would you mind sharing the order number so I can pull it up?",
                "Please send over the order number and I'll take a look.",
                "Can you tell me the order number? It's in your confirmation email.",
                "If you could share the order number, I'll check on it right away.",
            ],
            bare: &[
                "Send us your order number.",
                "Send me the order number.",
                "Give me the order number from the confirmation email.",
                "Reply with your order number.",
            ],
            social_soft: &[
                "Could you DM us your order number so we can take a look?",
                "Please DM us the order number and we'll check on it.",
                "Would you mind sending us a DM with the order number?",
            ],
            social_bare: &[
                "DM us your order number.",
                "Send us a DM with the order number.",
            ],
            provide: &[
                "It's {order}.",
                "Sure, it's #{order}.",
                "Order number {order}.",
                "Here it is: {order}",
                "{order}, placed last week.",
            ],
            volunteered: &[
                "My order number is {order}.",
                "It's order #{order}.",
                "(Order {order}.)",
            ],
        },
        Ask::AccountEmail => &AskText {
            soft: &[
                "Could you confirm the email address on the account?",
                "Would you mind telling me which email the account is under?",
                "Please send me the email address you signed up with.",
                "Can you let me know the email on the account?",
            ],
            bare: &[
                "Confirm the email on the account.",
                "Send me the email address you signed up with.",
                "Provide the email on the account.",
            ],
            social_soft: &[
                "Could you DM us the email on the account?",
                "Please DM us the email address on the account.",
            ],
            social_bare: &[
                "DM us the email on the account.",
                "Send us the account email in a DM.",
            ],
            provide: &[
                "It's {email}.",
                "{email}",
                "The account is under {email}.",
                "Sure: {email}",
            ],
            volunteered: &[
                "My account email is {email}.",
                "The account is under {email}.",
            ],
        },
        Ask::Photo => &AskText {
            soft: &[
                "Could you send a photo of it?",
                "Would you mind replying with a photo of the label?",
                "If you could attach a photo of the item, that would help a lot.",
                "Please send a quick photo of the serial number label.",
            ],
            bare: &[
                "Reply with a photo of the label.",
                "Send a photo of the damage.",
                "Attach a picture of the item.",
            ],
            social_soft: &[
                "Could you DM us a photo of it?",
                "Please DM us a photo and we'll take it from there.",
            ],
            social_bare: &["DM us a photo.", "Send us a photo in a DM."],
            provide: &[
                "Just sent two photos.",
                "Photo attached, hope it's clear enough.",
                "Here you go, I've attached a picture.",
                "Attached a photo of it.",
            ],
            volunteered: &["I've attached a photo."],
        },
        Ask::CardDigits => &AskText {
            soft: &[
                "Could you tell me the last four digits of the card?",
                "Please confirm the last four digits of the card you used.",
                "Can you share the last four digits of the card so I can find the charge?",
            ],
            bare: &[
                "Confirm the last four digits of the card.",
                "Send me the last four digits of the card.",
                "Give me the last four of the card.",
            ],
            social_soft: &["Could you DM us the last four digits of the card?"],
            social_bare: &["DM us the last four digits of the card."],
            provide: &[
                "Ends in {digits}.",
                "Last four are {digits}.",
                "It's the Visa ending {digits}.",
            ],
            volunteered: &[
                "The card ends in {digits}.",
                "It's my Visa ending {digits}.",
            ],
        },
    }
}

struct Topic {
    subject: &'static str,
    /// What the agent apologises for: "I'm sorry about {trouble}."
    trouble: &'static str,
    openings: &'static [&'static str],
    ask: Ask,
    /// `{item}` must be something with a plug.
    electric: bool,
    /// A parcel is on its way at the end, so a carrier's estimate makes sense.
    ships: bool,
    fixes: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        subject: "Card declined at checkout",
        trouble: "the declined payments",
        openings: &[
            "Hi, my card keeps getting declined at checkout. My bank says there's no problem on their end.",
            "I've tried to pay three times and the site says my card was declined. What's going on?",
            "Checkout won't take my card, it just says \"payment declined\".",
        ],
        ask: Ask::CardDigits,
        electric: false,
        ships: false,
        fixes: &[
            "I found it: the billing ZIP code on your profile didn't match the card. I've cleared it, so the payment will go through now.",
            "Our payment processor had paused the card after several quick attempts. I've lifted that, and you're good to try again.",
            "The card on file had an old expiry date saved. I've removed it, so you can add it fresh at checkout.",
        ],
    },
    Topic {
        subject: "Refund for order {order}",
        trouble: "the missing refund",
        openings: &[
            "I returned order {order} two weeks ago and the refund still hasn't shown up.",
            "Hello, I sent back the {item} from order {order} and I haven't seen my money yet.",
        ],
        ask: Ask::CardDigits,
        electric: false,
        ships: false,
        fixes: &[
            "The return was scanned at our warehouse but the refund got stuck. I've pushed it through: {amount} back to the card ending {digits}.",
            "I've issued the refund of {amount} to the card ending {digits}, and a confirmation email with the reference is on its way to you.",
        ],
    },
    Topic {
        subject: "Parcel marked delivered but not here",
        trouble: "the missing parcel",
        openings: &[
            "Tracking says my parcel was delivered yesterday, but there's nothing here.",
            "My package is marked as delivered but I never got it. I was home all day.",
            "Tracking just says \"delivered, left at door\", but there's nothing at my door.",
        ],
        ask: Ask::OrderNumber,
        electric: false,
        ships: true,
        fixes: &[
            "I've opened a claim with the courier and shipped a replacement on express at no cost.",
            "The courier's GPS shows it was dropped two streets away. I've sent a replacement, and the courier is collecting the original.",
        ],
    },
    Topic {
        subject: "Wrong item in order {order}",
        trouble: "the mix-up",
        openings: &[
            "I ordered a blue {item} (order {order}) and got a red one.",
            "Order {order} arrived but it's the wrong item entirely, someone else's kettle I think.",
        ],
        ask: Ask::Photo,
        electric: false,
        ships: true,
        fixes: &[
            "I've sent the right one out, and there's a prepaid label in your inbox for the wrong one.",
            "I've shipped the correct {item}, and you can keep the other one; it isn't worth the trouble of a return.",
        ],
    },
    Topic {
        subject: "Damaged {item}",
        trouble: "the damage",
        openings: &[
            "My {item} arrived with a big crack down the side.",
            "The box was crushed and the {item} inside is broken.",
        ],
        ask: Ask::Photo,
        electric: false,
        ships: true,
        fixes: &[
            "I've sent a replacement and refunded the shipping. There's no need to return the broken one.",
            "I've processed a full refund of {amount}, and you can recycle the broken one rather than send it back.",
        ],
    },
    Topic {
        subject: "Cancel my subscription",
        trouble: "the unwanted charges",
        openings: &[
            "I'd like to cancel my subscription. I can't find the option anywhere in the app.",
            "How do I cancel? I've been charged for a plan I don't use.",
        ],
        ask: Ask::AccountEmail,
        electric: false,
        ships: false,
        fixes: &[
            "Your subscription is cancelled, and you won't be charged again. You keep access until the end of the current period.",
            "I've cancelled the plan and refunded this month's {amount}, since you hadn't used it.",
        ],
    },
    Topic {
        subject: "Change delivery address",
        trouble: "the address mix-up",
        openings: &[
            "I just moved and need to change the delivery address on my order.",
            "I put the wrong apartment number on my order. Can you fix it before it ships?",
        ],
        ask: Ask::OrderNumber,
        electric: false,
        ships: true,
        fixes: &[
            "The order hadn't shipped yet, so I've updated the address and it will go to the new one.",
            "I've corrected the apartment number, and the label will print with the right address.",
        ],
    },
    Topic {
        subject: "Locked out of my account",
        trouble: "being locked out",
        openings: &[
            "I'm locked out of my account after too many password attempts.",
            "The password reset email never arrives, and now I can't log in at all.",
        ],
        ask: Ask::AccountEmail,
        electric: false,
        ships: false,
        fixes: &[
            "I've unlocked the account and sent a fresh reset link to {email}.",
            "The reset emails were bouncing because of a typo in the address on file. I've fixed it and sent a new link.",
        ],
    },
    Topic {
        subject: "Charged twice",
        trouble: "the double charge",
        openings: &[
            "I was charged twice for the same order, {amount} both times.",
            "My statement shows two identical charges from you on Monday.",
        ],
        ask: Ask::CardDigits,
        electric: false,
        ships: false,
        fixes: &[
            "The second charge was a duplicate authorisation. I've voided it, so it will drop off your statement.",
            "I've refunded the duplicate charge of {amount} to the card ending {digits}.",
        ],
    },
    Topic {
        subject: "Promo code not working",
        trouble: "the code not working",
        openings: &[
            "The code WINTER15 isn't working at checkout.",
            "Your newsletter gave me a 15% code, but the site says it's invalid.",
        ],
        ask: Ask::AccountEmail,
        electric: false,
        ships: false,
        fixes: &[
            "The code was tied to a different email address. I've added the 15% discount to your account directly.",
            "I've applied the discount manually, so it shows in your basket now.",
        ],
    },
    Topic {
        subject: "Return label",
        trouble: "the fit",
        openings: &[
            "The jacket doesn't fit. Can I get a return label?",
            "I need to return a pair of boots. How do I get a label?",
        ],
        ask: Ask::OrderNumber,
        electric: false,
        ships: false,
        fixes: &[
            "I've emailed you a prepaid return label. You can drop the parcel at any post office.",
            "Your return label is ready in your account under Orders, and the refund starts once the parcel is scanned.",
        ],
    },
    Topic {
        subject: "Exchange for a different size",
        trouble: "the sizing",
        openings: &[
            "The shoes are a size too small. Can I swap them for a 9?",
            "Could I exchange my sweater for a large?",
        ],
        ask: Ask::OrderNumber,
        electric: false,
        ships: true,
        fixes: &[
            "I've reserved the bigger size for you and sent a prepaid label for the small pair.",
            "The larger size is on its way, and you can send the other one back with the label in the box.",
        ],
    },
    Topic {
        subject: "Warranty claim: {item} stopped working",
        trouble: "the broken {item}",
        openings: &[
            "My {item} stopped working after four months.",
            "The {item} won't turn on anymore. It's still under warranty.",
        ],
        ask: Ask::Photo,
        electric: true,
        ships: true,
        fixes: &[
            "It's covered. I've registered the warranty claim and a replacement is on the way.",
            "The photo confirmed the serial number, so a replacement {item} has shipped.",
        ],
    },
    Topic {
        subject: "Invoice shows the wrong company name",
        trouble: "the invoice error",
        openings: &[
            "The invoice in my account shows my old company name. I need it corrected for our accountant.",
            "Can you reissue my last invoice? The company name on it is wrong.",
        ],
        ask: Ask::AccountEmail,
        electric: false,
        ships: false,
        fixes: &[
            "I've updated the company name and reissued the invoice; the new PDF is in your account.",
            "The corrected invoice is attached to your account now, with the new company name.",
        ],
    },
    Topic {
        subject: "Delivery delayed",
        trouble: "the delay",
        openings: &[
            "My order was supposed to arrive on Monday and it's still not here.",
            "Where is my order? It's three days late.",
        ],
        ask: Ask::OrderNumber,
        electric: false,
        ships: true,
        fixes: &[
            "The parcel was held at the depot because of a damaged label. It's been relabelled and is out for delivery now.",
            "I've upgraded it to express at no charge, and it's back on the move.",
        ],
    },
    Topic {
        subject: "Missing loyalty points",
        trouble: "the missing points",
        openings: &[
            "I didn't get loyalty points for my last two orders.",
            "My points balance hasn't changed since October, even though I've ordered twice.",
        ],
        ask: Ask::AccountEmail,
        electric: false,
        ships: false,
        fixes: &[
            "I've added the 240 missing points, and they're in your balance now.",
            "The two orders weren't linked to your loyalty account. I've linked them and the points are showing.",
        ],
    },
    Topic {
        subject: "App crashes on login",
        trouble: "the crashes",
        openings: &[
            "The app crashes every time I try to log in on my phone.",
            "Since the last update the app closes itself as soon as I open it.",
            "The app says \"session expired, please try again\" every time I log in.",
        ],
        ask: Ask::AccountEmail,
        electric: false,
        ships: false,
        fixes: &[
            "A corrupted setting on your profile was crashing the new version. I've reset it, so the app will open normally now.",
            "I've cleared a stuck session on our side, so the next login will work.",
        ],
    },
    Topic {
        subject: "Item out of stock after payment",
        trouble: "the stock mix-up",
        openings: &[
            "I paid for the {item} and then got an email saying it's out of stock.",
            "You took my money for a {item} and now say it's out of stock?",
        ],
        ask: Ask::OrderNumber,
        electric: false,
        ships: true,
        fixes: &[
            "I found one in our other warehouse, reserved it for you and sent it out by express.",
            "I've refunded the {amount} in full and added a 10% code for when it's back.",
        ],
    },
];

const ITEMS: &[&str] = &[
    "blender",
    "desk lamp",
    "kettle",
    "coffee grinder",
    "backpack",
    "rain jacket",
    "phone case",
    "air fryer",
    "toaster",
    "bluetooth speaker",
    "wool sweater",
    "electric toothbrush",
];
const ELECTRIC_ITEMS: &[&str] = &[
    "blender",
    "desk lamp",
    "kettle",
    "coffee grinder",
    "air fryer",
    "toaster",
    "bluetooth speaker",
    "electric toothbrush",
];

// ---------------------------------------------------------------------------
// Phrase pools. Clean pools stay clear of every phrase a rule looks for.

const THANKS_OPEN: &[&str] = &[
    "Thanks for reaching out.",
    "Thank you for getting in touch.",
    "Thanks for contacting us.",
    "Thank you for letting us know.",
    "Thanks for flagging this.",
    "Thanks for writing in.",
];
const THANKS_SHORT: &[&str] = &[
    "Thanks for that.",
    "Thank you!",
    "Thanks, that helps.",
    "Thanks for sending that over.",
    "Perfect, thank you.",
];
/// What an agent who never thanks says instead.
const NO_THANKS_SHORT: &[&str] = &["Got it.", "OK.", "Right.", "Found it."];
const SORRY: &[&str] = &[
    "I'm sorry about {trouble}.",
    "Sorry for the trouble with {trouble}.",
    "I'm really sorry you've had to deal with {trouble}.",
    "Apologies for {trouble}.",
    "So sorry about {trouble}.",
];
const SORRY_WAIT: &[&str] = &[
    "I'm so sorry for the wait.",
    "Apologies for the slow reply.",
    "Sorry to keep you waiting.",
    "Thanks for your patience while we caught up.",
];
const CLOSINGS: &[&str] = &[
    "Let me know if there's anything else I can help with.",
    "If anything else comes up, I'm happy to help.",
    "Is there anything else I can do for you?",
    "Hope that helps!",
    "Let me know how it goes.",
];
const CUSTOMER_THANKS: &[&str] = &[
    "Perfect, thank you!",
    "Great, thanks so much.",
    "That's everything, thanks!",
    "Awesome, appreciate the help.",
    "Brilliant, thank you.",
    "Thanks! That's all I needed.",
];
/// Short customer closings after an unpleasant exchange.
const CUSTOMER_TERSE: &[&str] = &[
    "Fine.",
    "OK.",
    "Alright, thanks.",
    "Whatever, just send it.",
];
const AGENT_FINAL: &[&str] = &[
    "You're welcome, {name}! Have a great day.",
    "Happy to help, {name}. Have a good week!",
    "Anytime, {name}. Take care!",
    "Glad we got it sorted, {name}. Enjoy your day!",
    "My pleasure! Have a lovely rest of your day.",
];
/// Email goodbyes leave the name to the greeting above them.
const AGENT_FINAL_EMAIL: &[&str] = &[
    "You're very welcome, and have a great rest of your week.",
    "Glad it's sorted. Enjoy your day!",
    "My pleasure. Take care!",
    "Happy to help. Have a good one!",
];
const EMAIL_SIGNOFFS: &[&str] = &[
    "Best,",
    "Best regards,",
    "Kind regards,",
    "Warm regards,",
    "All the best,",
];
/// A customer putting a wrong name right.
const NAME_CORRECTIONS: &[&str] = &[
    "(It's {first}, by the way.)",
    "Also, my name is {first}.",
    "PS: it's {first}, not what you wrote.",
];
const CUSTOMER_EMAIL_GREETINGS: &[&str] = &[
    "Hello,",
    "Hi,",
    "Hi there,",
    "Hello support team,",
    "Dear Example Support,",
];
const CUSTOMER_EMAIL_SIGNOFFS: &[&str] = &[
    "Thanks,\n{first}",
    "Best,\n{full}",
    "Thank you,\n{first}\n{phone}",
    "{first}",
    "Regards,\n{full}",
    "Cheers,\n{first}",
    "{full}\nCell: {phone}",
];

/// Auto-acknowledgements. Bots are never charged, so their thanks, "shortly"
/// and "please do not reply" are look-alikes, not findings.
const CHAT_BOT: &[&str] = &[
    "Thanks for contacting us! An agent will be with you shortly.",
    "Hi! You're in the queue. An agent will join shortly.",
    "Thanks for your message. A member of our team will reply as soon as possible.",
    "Welcome to Example Support! We'll get back to you soon.",
];
const EMAIL_BOT: &[&str] = &[
    "Thank you for contacting Example Support. This is an automated confirmation that we received your message (ticket {ticket}). Please do not reply to this email; an agent will respond within one business day.",
    "We've received your email and created ticket {ticket}. Our team will get back to you as soon as possible. Please do not reply to this automated message.",
];
const SOCIAL_BOT: &[&str] = &[
    "Thanks for your message! Our team replies Monday to Friday, 9am to 5pm ET.",
    "Thanks for reaching out! An agent will reply shortly.",
];

/// Everyday internal notes.
const NOTES: &[&str] = &[
    "Checked order history: two earlier deliveries to this address were fine.",
    "Customer is on the VIP tier.",
    "Linked to the courier incident from this morning.",
    "Verified identity with the last four digits before discussing the account.",
    "Second contact this month about the same order, see earlier ticket.",
];
/// Internal notes with rude wording: rules skip notes, so these must not fire.
const NOTES_RUDE: &[&str] = &[
    "FYI this customer has written five times this week. Honestly not my problem, but flagging for the lead.",
    "Whatever. Refund approved, moving on.",
    "Customer said \"you people\" twice. Kept it polite.",
    "Wanted to tell them to calm down. Didn't. Resolved instead.",
];
/// Internal notes with policy wording, for the same reason.
const NOTES_POLICY: &[&str] = &[
    "Outside the 30-day window; company policy says no, but I approved a goodwill exception.",
    "Old macro says \"rules are rules\" here. Ignored it and waived the fee.",
    "Our policy doesn't allow reships over $500 without approval; Priya approved.",
    "Per policy this needs a photo first; got one.",
];

// Mistakes, each with several wordings.

const RUDE: &[&str] = &[
    "Calm down, I'm looking into it.",
    "That's not my problem, the courier lost it, not us.",
    "You people always leave things to the last minute.",
    "Whatever. I've sorted it.",
    "Obviously you can't be bothered to check your email.",
    "Look, calm down and let me do my job.",
    "OK, whatever.",
];
const FRUSTRATION: &[&str] = &[
    "This is ridiculous, I needed it for the weekend!",
    "Honestly, I'm fed up with this.",
    "Why is this so complicated?",
    "I've wasted my whole morning on this.",
];
const ABUSE: &[&str] = &[
    "You're useless.",
    "Are you all incompetent over there?",
    "What a joke of a company. Idiots.",
    "Stop wasting my time, you moron.",
    "This is a damn scam and you know it.",
];
const DEESCALATE: &[&str] = &[
    "I'm sorry this has been so frustrating. Let me fix it now.",
    "I hear you, and I'm sorry. Let's get this sorted.",
    "I understand why you're upset, and I want to make this right.",
];
const HIDING_BEHIND_POLICY: &[&str] = &[
    "I'm sorry, but that's our policy.",
    "Unfortunately it's company policy, so there's nothing more I can do.",
    "Our policy doesn't allow that, I'm afraid.",
    "Rules are rules, I'm afraid.",
    "That's our policy and I have to follow it.",
    "As per our policy, we cannot do that.",
];
const DO_IT_FOR_EVERYONE: &[&str] = &[
    "If I do it for you, I'd have to do it for everyone.",
    "We don't make exceptions, sorry.",
    "If I waive it for you, I'll have to waive it for everyone.",
    "I'm afraid we don't make exceptions for anyone.",
    "If I did that for you I'd have to do it for every customer.",
];
const UNEXPLAINED_REFUSAL: &[&str] = &[
    "We can't do that.",
    "That's not possible.",
    "I'm unable to do that.",
    "Sorry, we can't.",
    "No, that won't be possible.",
];
const LOOKING_INTO_IT: &[&str] = &[
    "Let me look into it.",
    "Let me check what happened.",
    "I'm looking at the order now.",
];
const CUSTOMER_UNHAPPY: &[&str] = &[
    "That seems really unfair.",
    "Wow. OK.",
    "I've been a customer for six years and this is the answer?",
    "That's disappointing.",
];
const AFTER_REFUSAL: &[&str] = &[
    "I understand. Is there anything else I can help with today?",
    "I hear you. Anything else I can help with?",
    "Understood. Is there anything else today?",
    "Anything else I can help with today?",
];
/// Form-letter stock phrases; `email_only` ones make no sense in a chat.
const STOCK_ANY: &[&str] = &[
    "Your feedback is important to us.",
    "We apologize for any inconvenience this may have caused.",
    "We apologise for any inconvenience caused.",
    "Your feedback is important to us and has been shared with the team.",
    "We value your feedback.",
];
const STOCK_EMAIL_ONLY: &[&str] = &[
    "Please do not reply to this email.",
    "Please do not reply to this email, as this mailbox is not monitored.",
];
const VAGUE_PROMISE: &[&str] = &[
    "We'll get back to you soon.",
    "Someone will be in touch shortly.",
    "I'll look into it and get back to you as soon as possible.",
    "We'll update you as soon as we can.",
    "I'll get back to you soon with more details.",
];
const DEADLINE_PROMISE: &[&str] = &[
    "I'll email you {when} with an update.",
    "You'll hear from us {when}.",
    "I'll get back to you {when} once I hear back.",
    "Expect an update from me {when}.",
    "I will follow up {when} with the details.",
    "We'll send you the tracking number {when}.",
];
const CHECKING: &[&str] = &[
    "I need to check this with another team.",
    "This needs a quick look from a colleague.",
    "I've raised it with the team that handles these.",
];
const FOLLOW_UP_VAGUE: &[&str] = &[
    "Thanks for waiting!",
    "Thanks for bearing with me.",
    "Update for you:",
];
const FOLLOW_UP_KEPT: &[&str] = &[
    "As promised, here's the update.",
    "Following up as promised.",
    "Here's the update I promised.",
];
const FOLLOW_UP_LATE: &[&str] = &[
    "Sorry this took longer than I said.",
    "Apologies for the delay in getting back to you.",
    "Sorry, this update is later than promised.",
    "Here's the update on your case.",
];
const NUDGES: &[&str] = &[
    "Still waiting for a reply...",
    "Hello? Is anyone there? No one is responding.",
    "This is the third time I'm asking about this.",
    "I'm still waiting to hear back.",
    "Still waiting. Anyone?",
];
const UNANSWERED_TAILS: &[&str] = &[
    "One more thing: can I change the delivery date too?",
    "Also, could you confirm the refund amount?",
    "Hello? Are you still there?",
    "Wait, does that include the shipping cost?",
    "Sorry, one last question. Will I get a confirmation email?",
];
const DONT_KNOW: &[&str] = &[
    "I don't know.",
    "No idea, sorry.",
    "Not sure, to be honest.",
    "I don't know, sorry. Anything else?",
    "Honestly, no idea.",
];
/// "I don't know" followed by a commitment to find out: not a finding.
const DONT_KNOW_CHECKS: &[&str] = &[
    "I'm not sure offhand, but let me check with the product team.",
    "I don't know off the top of my head. Give me a moment to find out.",
    "Good question! I'm not sure, so I'm asking our warehouse right now.",
];
const DONT_KNOW_AFTER: &[&str] = &["OK, never mind.", "Alright.", "Oh, OK."];
/// A customer's side question and the answer an agent can find out.
const SIDE_QUESTIONS: &[(&str, &str)] = &[
    (
        "Do you offer gift wrapping?",
        "gift wrapping is available at checkout for $4.",
    ),
    (
        "Will the {item} come back in other colours?",
        "grey and navy are due back in stock later this month.",
    ),
    (
        "Do you ship to Canada?",
        "we ship to Canada, and duties are included at checkout.",
    ),
    (
        "Can I pay with PayPal next time?",
        "PayPal is available at checkout on every order.",
    ),
    (
        "Do you have a student discount?",
        "we offer 10% off with a student email address.",
    ),
];
const FOUND_OUT: &[&str] = &[
    "I checked: {answer}",
    "Found out for you: {answer}",
    "Thanks for waiting! I checked, and {answer}",
];
const REDIRECT: &[&str] = &[
    "That's not my department, I'm afraid. You'll need to contact billing.",
    "You'll need to contact another department for that.",
    "You'll have to call our other number for that: 1-800-555-0177.",
    "I only handle orders, so that's not my department. Try accounts@example.com.",
    "You'll need to contact our warranty team directly; we don't handle that here.",
];
const REDIRECT_PUSHBACK: &[&str] = &[
    "So I have to start all over again?",
    "Can't you just pass it on?",
    "Seriously?",
];
const MANAGER_BEFORE: &[&str] = &[
    "That's not good enough.",
    "That doesn't solve anything.",
    "I've heard that before.",
];
const MANAGER_ASK: &[&str] = &[
    "I want to speak to a manager.",
    "Can I talk to your supervisor, please?",
    "Put me through to a manager.",
    "I'd like to escalate this to a supervisor.",
];
const MANAGER_REFUSE: &[&str] = &[
    "There's no manager available, and they'd tell you the same thing.",
    "I'm not going to escalate this; I've already given you the answer.",
    "Managers don't handle these requests.",
    "A supervisor would only tell you the same thing.",
];
const MANAGER_ESCALATE: &[&str] = &[
    "Of course. I'm bringing in my team lead, {lead}, right now.",
    "Absolutely, I'll loop in my supervisor, {lead}.",
];
const PARTIAL_ANSWER: &[&str] = &[
    "I've logged the issue, and the team that handles it will investigate from here.",
    "I've flagged this for review.",
    "I've added a note to your account so the team can see the history.",
];
const TRANSFER_OUT: &[&str] = &[
    "This one is for our {team} team, so I'm transferring you now.",
    "Our {team} team handles this, so I'm passing you over to them.",
    "Let me move you to {team}, they can sort this out.",
];
const TRANSFER_IN: &[&str] = &[
    "I'm {me} from {team}, thanks for waiting.",
    "{me} from {team} here. Thanks for your patience!",
];
const TRANSFER_ON: &[&str] = &[
    "Looking at this, it's actually handled by {team}, so I'm moving you over. Sorry for the back-and-forth.",
    "This turns out to be a {team} question, so I'm passing you on. Sorry about the extra hop.",
];
const TRANSFER_LAST: &[&str] = &[
    "Thanks for bearing with us.",
    "Thanks for your patience while we got you to the right place.",
];
const MISSED_THAT: &[&str] = &[
    "Sorry, I missed that.",
    "You're right, my apologies.",
    "Apologies, you did say that.",
    "Right, got it.",
];
const BURST_SECOND: &[&str] = &[
    "Just following up on my earlier message.",
    "Checking in on this one.",
    "Following up on my last email.",
];
const BURST_THIRD: &[&str] = &[
    "Checking in one more time, as we'd like to get this sorted for you.",
    "Just a final nudge on this.",
    "Following up again in case my earlier messages got buried.",
];
const BURST_CLOSING: &[&str] = &[
    "I'll keep the case open for you in the meantime.",
    "The case stays open until we hear from you.",
    "No rush, the case stays open.",
];
const BURST_CUSTOMER_BACK: &[&str] = &[
    "Sorry, I was travelling. {provide}",
    "Sorry for the slow reply! {provide}",
    "{provide}",
];
/// A macro sent as the only answer to a specific problem. Identical across
/// conversations apart from the name: the corpus-level template rule's target.
const TEMPLATE_BODY: &str = "Thank you for contacting Example Support, and we're sorry to hear about the trouble with your order. We have received your request and it has been passed to the relevant team for review. We appreciate your patience.";

// Look-alikes, each with several wordings.

const FRIENDLY_WHATEVER: &[&str] = &[
    "Whatever you need, I'm here.",
    "Whatever works best for you is fine with me.",
    "We'll sort it out, whatever it takes.",
];
const SHOULD_HAVE_RECEIVED: &[&str] = &[
    "You should have received a confirmation email a few minutes ago.",
    "You should have received a new tracking link by email.",
    "You should have received the details in your inbox.",
];
const NEGATED_POLICY: &[&str] = &[
    "This isn't company policy at all; it was a mistake on our side.",
    "To be clear, that's not our policy. It was a mistake on our side.",
    "There's no policy against this, so I've gone ahead and sorted it.",
];
/// (what the customer reports being told, how the agent quotes and retracts it)
const QUOTED_POLICY: &[(&str, &str)] = &[
    (
        "Last time I asked, someone told me \"that's our policy\" and closed the chat.",
        "You mentioned you were told \"that's our policy\". I'm sorry, that was the wrong answer.",
    ),
    (
        "Your colleague said \"it's company policy\" and that was it.",
        "I saw that someone told you \"it's company policy\" last time. That shouldn't have happened, and I'm sorry.",
    ),
    (
        "I was told \"rules are rules\" on the phone yesterday.",
        "When you were told \"rules are rules\", that wasn't good enough, and I apologise.",
    ),
];
const CUSTOMER_POLICY: &[&str] = &[
    "Or is that your policy?",
    "Let me guess, that's your policy?",
    "Is that your policy now?",
    "Is it company policy to charge people for your own mistakes?",
];

/// A customer asking for something outside the rules.
struct ExceptionAsk {
    subject: &'static str,
    trouble: &'static str,
    ask: &'static str,
    /// A refusal with a reason and an alternative: not `unexplained-refusal`.
    reasoned: &'static str,
    granted: &'static str,
}

const EXCEPTIONS: &[ExceptionAsk] = &[
    ExceptionAsk {
        subject: "Return after 30 days",
        trouble: "the split seam",
        ask: "I bought a rain jacket 40 days ago and the seam has already split. Can I still return it?",
        reasoned: "I can't accept it as a return because returns close after 30 days, but a seam splitting this early is a defect, so I've set up a free warranty replacement instead.",
        granted: "I've approved the return anyway and emailed you a prepaid label.",
    },
    ExceptionAsk {
        subject: "Cancellation fee",
        trouble: "the fee",
        ask: "I cancelled my plan two days into the new billing month and got charged a $25 fee. Can you waive it?",
        reasoned: "I can't remove the fee itself, because the invoice for the month had already closed, but I've added a $25 credit to your account so you're not out of pocket.",
        granted: "I've waived the $25 fee and refunded it to your card.",
    },
    ExceptionAsk {
        subject: "Price drop after purchase",
        trouble: "the price change",
        ask: "The TV I bought last week is now $80 cheaper. Can you refund the difference?",
        reasoned: "We're unable to adjust the price after 7 days, because the price match is tied to our supplier's terms, but I can offer a $40 store credit right now if that helps.",
        granted: "I've refunded the $80 difference to your card.",
    },
    ExceptionAsk {
        subject: "Free express shipping",
        trouble: "the late delivery",
        ask: "My delivery is late and I need it by Saturday for a birthday. Can you upgrade me to express for free?",
        reasoned: "It's not possible to upgrade a parcel once it's with the courier, since they won't re-route it, but I can send a second one by express at no charge and you can refuse the first.",
        granted: "I've upgraded it to express at no charge.",
    },
    ExceptionAsk {
        subject: "Add an item to order {order}",
        trouble: "the extra step",
        ask: "Can I add a second phone case to order {order}? It hasn't shipped yet.",
        reasoned: "I can't add items to an order once it's been packed, because the label is already printed, but I've created a new order for the case with free shipping.",
        granted: "I've added the second case to the order and kept the shipping free.",
    },
    ExceptionAsk {
        subject: "Late fee after autopay failure",
        trouble: "the late fee",
        ask: "I got a late fee because the autopay failed on your side. Can you remove it?",
        reasoned: "I'm unable to delete the fee line from a closed invoice, since it's already been reported, but I've refunded the full amount to your card.",
        granted: "I've removed the late fee and refunded it.",
    },
];

/// A dispute: the customer's claim, and how a blaming or contradicting agent
/// answers it before fixing the problem anyway.
struct Dispute {
    subject: &'static str,
    trouble: &'static str,
    opening: &'static str,
    claim: &'static str,
    blame: &'static str,
    contradiction: &'static str,
    fix: &'static str,
}

const DISPUTES: &[Dispute] = &[
    Dispute {
        subject: "Parcel sent to my old address",
        trouble: "the delivery",
        opening: "My parcel for order {order} went to my old address!",
        claim: "I changed my address in my profile weeks ago.",
        blame: "It's your fault the parcel went there, the address on the order was the old one.",
        contradiction: "That's not true, the profile still showed the old address when you ordered.",
        fix: "I've asked the courier to bring it back and sent a replacement to your new address.",
    },
    Dispute {
        subject: "Boots too small",
        trouble: "the fit",
        opening: "The boots I ordered are too small, even though I ordered my usual size.",
        claim: "I always wear a 9 and these are tiny.",
        blame: "You should have checked the size chart before ordering.",
        contradiction: "You're wrong about the sizing, these run true to size.",
        fix: "I've sent a prepaid label and reserved a 9.5 for you.",
    },
    Dispute {
        subject: "Discount not applied",
        trouble: "the discount",
        opening: "The 20% discount wasn't applied to my order {order}.",
        claim: "The banner on the homepage said 20% off everything.",
        blame: "You failed to enter the promo code at checkout.",
        contradiction: "Actually, you ordered the day after the sale ended.",
        fix: "I've refunded the 20% difference, {amount}, to your card.",
    },
    Dispute {
        subject: "Vase arrived broken",
        trouble: "the broken vase",
        opening: "The vase from order {order} was broken when I opened the box.",
        claim: "I only opened it yesterday, it was a gift.",
        blame: "As stated in our terms, damage has to be reported on the day of delivery.",
        contradiction: "That is incorrect, the driver's photo shows the box intact.",
        fix: "I've sent a replacement vase all the same.",
    },
    Dispute {
        subject: "Charged twice for order {order}",
        trouble: "the double charge",
        opening: "You charged my card twice for order {order}.",
        claim: "I can see both charges in my banking app.",
        blame: "You should have waited for the first payment to go through before trying again.",
        contradiction: "You're wrong, there's only one charge on our side.",
        fix: "I've found the pending authorisation and released it, so only one charge will remain.",
    },
    Dispute {
        subject: "No confirmation email",
        trouble: "the missing email",
        opening: "I never got a confirmation email for my order.",
        claim: "I've checked everywhere.",
        blame: "You should have checked your spam folder first.",
        contradiction: "That's not true, the system shows it was sent.",
        fix: "I've resent the confirmation to {email}.",
    },
];

/// A customer who has to say something twice because the agent missed it.
struct Repeat {
    subject: &'static str,
    trouble: &'static str,
    opening: &'static str,
    miss: &'static str,
    repeat: &'static str,
    fix: &'static str,
}

const REPEATS: &[Repeat] = &[
    Repeat {
        subject: "Card declined",
        trouble: "the declined card",
        opening: "My card is being declined at checkout. I've already tried a different card and get the same error.",
        miss: "Could you try a different card, please?",
        repeat: "As I said, I already tried a different card. Same error.",
        fix: "I found a fraud flag on the account and removed it, so both cards will work now.",
    },
    Repeat {
        subject: "Parcel not at my door",
        trouble: "the missing parcel",
        opening: "Tracking for order {order} says delivered, but it's not at my door and I've asked my neighbours.",
        miss: "Would you mind checking with your neighbours? Couriers sometimes leave parcels next door.",
        repeat: "I already told you, I asked the neighbours.",
        fix: "I've opened a lost-parcel claim and sent a replacement by express.",
    },
    Repeat {
        subject: "App keeps crashing",
        trouble: "the crashes",
        opening: "The app crashes as soon as I log in. I've reinstalled it and cleared the cache.",
        miss: "Could you try reinstalling the app, please?",
        repeat: "I already did that. You're not listening.",
        fix: "I've reset a corrupted setting on your profile, so the app will open normally now.",
    },
    Repeat {
        subject: "Replacement to my work address",
        trouble: "the mix-up",
        opening: "Please send the replacement to my work address, 200 Congress St, Boston, not my home.",
        miss: "Sure! Should it go to your home address on file?",
        repeat: "Like I said, my work address: 200 Congress St.",
        fix: "I've set the delivery to 200 Congress St, Boston.",
    },
    Repeat {
        subject: "Promo code expired",
        trouble: "the code",
        opening: "The code WINTER15 says it's expired, but your email said it's valid until the 30th.",
        miss: "Which code are you trying to use, please?",
        repeat: "As I said in my first message, WINTER15.",
        fix: "I've applied the 15% discount manually to your basket.",
    },
];

/// A Spanish-speaking customer's case, with the agent's lines in both
/// languages.
struct Spanish {
    subject: &'static str,
    opening: &'static str,
    ask_en: &'static str,
    ask_es: &'static str,
    provide: &'static str,
    fix_en: &'static str,
    fix_es: &'static str,
}

const SPANISH_CASES: &[Spanish] = &[
    Spanish {
        subject: "Pedido no recibido",
        opening: "Hola, hice un pedido hace diez días y todavía no ha llegado. ¿Me pueden ayudar?",
        ask_en: "Could you send me the order number?",
        ask_es: "¿Me podría dar el número de pedido, por favor?",
        provide: "Claro, es el {order}.",
        fix_en: "I've found it: the parcel was stuck at the depot, so I've sent a replacement by express at no cost.",
        fix_es: "Lo encontré: el paquete se quedó en el almacén de la transportista, así que le envié otro por envío exprés sin costo.",
    },
    Spanish {
        subject: "Cobro duplicado",
        opening: "Buenas tardes. Me cobraron dos veces el mismo pedido, {amount} cada vez.",
        ask_en: "Can you tell me the last four digits of the card?",
        ask_es: "¿Me puede indicar los últimos cuatro dígitos de la tarjeta, por favor?",
        provide: "Termina en {digits}.",
        fix_en: "I've refunded the duplicate charge of {amount} to the card ending {digits}.",
        fix_es: "Ya reembolsé el cargo duplicado de {amount} a la tarjeta terminada en {digits}.",
    },
    Spanish {
        subject: "Cambio de talla",
        opening: "Hola, quiero cambiar unas zapatillas por una talla más grande. Me quedan pequeñas.",
        ask_en: "Could you send me the order number?",
        ask_es: "¿Me podría dar el número de pedido, por favor?",
        provide: "Es el pedido {order}.",
        fix_en: "I've reserved the next size up and emailed you a prepaid return label for the small pair.",
        fix_es: "Le reservé la talla siguiente y le envié por correo una etiqueta de devolución prepagada.",
    },
    Spanish {
        subject: "No puedo entrar a mi cuenta",
        opening: "Hola, desde ayer no puedo entrar a mi cuenta. Me dice que la contraseña es incorrecta.",
        ask_en: "Could you confirm the email address on the account?",
        ask_es: "¿Me confirma el correo de la cuenta, por favor?",
        provide: "Es {email}.",
        fix_en: "I've unlocked your account and sent a reset link to {email}.",
        fix_es: "Desbloqueé su cuenta y le envié un enlace para cambiar la contraseña a {email}.",
    },
];
const ES_THANKS: &[&str] = &[
    "Gracias por escribirnos.",
    "Muchas gracias por contactarnos.",
];
const ES_SORRY: &[&str] = &[
    "Lamento mucho las molestias.",
    "Siento mucho el inconveniente.",
];
const ES_THANKS_SHORT: &[&str] = &["¡Gracias!", "Gracias por el dato."];
const ES_CLOSING: &[&str] = &[
    "Si necesita algo más, aquí estoy.",
    "¿Le puedo ayudar en algo más?",
];
const ES_FINAL: &[&str] = &[
    "¡De nada, {name}! Que tenga un buen día.",
    "Con mucho gusto, {name}. ¡Saludos!",
];
const ES_CUSTOMER_THANKS: &[&str] = &[
    "¡Muchas gracias!",
    "Perfecto, gracias.",
    "Genial, mil gracias.",
];
const ES_PLEASE_SPANISH: &str = "Perdón, no hablo bien inglés. ¿Me puede escribir en español?";

/// Sunday-evening messages nobody has answered yet: within the SLA of the
/// as-of time, so not (yet) unanswered.
const RECENT_EMAIL: &[&str] = &[
    "I'd like to change the size on order {order} before it ships. Can you swap the medium for a large?",
    "Could you tell me whether the {item} comes gift-boxed? Thinking of ordering two.",
];
const RECENT_SOCIAL: &[&str] = &[
    "hey, is the {item} coming back in stock before Black Friday?",
    "Quick one: does the holiday sale include the {item}? Asking for a friend, \"asking for a friend\" being me.",
];

// ---------------------------------------------------------------------------
// What gets planted

/// Mistakes, each meant to produce one finding of the rule in [`Mistake::rule`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mistake {
    NoThanks,
    NoPlease,
    NoApology,
    NoName,
    WrongName,
    Rude,
    HidingBehindPolicy,
    DoItForEveryone,
    UnexplainedRefusal,
    StockPhrase,
    TemplateReply,
    VaguePromise,
    /// A deadline passes with no follow-up at all.
    MissedDeadline,
    /// A deadline passes and the follow-up comes after it.
    MissedDeadlineLate,
    CustomerRepeats,
    AskedAgain,
    Transfers,
    Redirect,
    RefusedManager,
    Blame,
    Contradiction,
    DontKnow,
    Unanswered,
    SlowFirstResponse,
    LongWait,
    ReportsIgnored,
    OutOfHours,
    /// A weekday-evening social post answered promptly at the next opening.
    /// With wall-clock SLAs this is a slow first response; see the report.
    OvernightSocial,
    Burst,
    LanguageMismatch,
    CustomerAbuse,
}

impl Mistake {
    fn rule(self) -> &'static str {
        match self {
            Mistake::NoThanks => "courtesy/no-thanks",
            Mistake::NoPlease => "courtesy/no-please",
            Mistake::NoApology => "courtesy/no-apology",
            Mistake::NoName => "personal/no-name",
            Mistake::WrongName => "personal/wrong-name",
            Mistake::Rude => "courtesy/rude",
            Mistake::HidingBehindPolicy => "policy/hiding-behind-policy",
            Mistake::DoItForEveryone => "policy/do-it-for-everyone",
            Mistake::UnexplainedRefusal => "policy/unexplained-refusal",
            Mistake::StockPhrase => "form-letter/stock-phrase",
            Mistake::TemplateReply => "form-letter/template-reply",
            Mistake::VaguePromise => "promises/vague-promise",
            Mistake::MissedDeadline | Mistake::MissedDeadlineLate => "promises/missed-deadline",
            Mistake::CustomerRepeats => "listening/customer-repeats",
            Mistake::AskedAgain => "listening/asked-again",
            Mistake::Transfers => "runaround/transfers",
            Mistake::Redirect => "runaround/redirect",
            Mistake::RefusedManager => "escalation/refused-manager",
            Mistake::Blame => "argument/blame",
            Mistake::Contradiction => "argument/contradiction",
            Mistake::DontKnow => "knowledge/dont-know",
            Mistake::Unanswered => "responsiveness/unanswered",
            Mistake::SlowFirstResponse | Mistake::OvernightSocial => {
                "responsiveness/slow-first-response"
            }
            Mistake::LongWait => "responsiveness/long-wait",
            Mistake::ReportsIgnored => "responsiveness/customer-reports-ignored",
            Mistake::OutOfHours => "responsiveness/out-of-hours",
            Mistake::Burst => "over-contact/burst",
            Mistake::LanguageMismatch => "personal/language-mismatch",
            Mistake::CustomerAbuse => "abuse/customer-abuse",
        }
    }

    /// Rules that the same planted situation also satisfies by definition
    /// (a slow first reply is also a long wait, and so on).
    fn also(self) -> &'static [&'static str] {
        match self {
            Mistake::SlowFirstResponse | Mistake::OvernightSocial | Mistake::ReportsIgnored => {
                &["responsiveness/long-wait"]
            }
            Mistake::OutOfHours => &[
                "responsiveness/slow-first-response",
                "responsiveness/long-wait",
            ],
            _ => &[],
        }
    }

    /// Can this mistake be planted in that slot? Transfers need `events`,
    /// which only the JSONL files carry; bursts only count outside chat.
    fn fits(self, slot: &Slot) -> bool {
        let channel = slot.dest.channel();
        match self {
            Mistake::Transfers => slot.dest.has_events(),
            Mistake::TemplateReply => channel == Channel::Email,
            Mistake::Burst | Mistake::OutOfHours => channel != Channel::Chat,
            Mistake::OvernightSocial => channel == Channel::Social,
            Mistake::LanguageMismatch => !AGENTS[slot.agent].spanish,
            _ => true,
        }
    }

    /// How strongly the deal prefers error-prone agents. Attitude mistakes
    /// follow the agent's badness closely, process ones loosely, and what the
    /// agent cannot help (abuse, closed hours) not at all.
    fn weight(self, agent: &Agent) -> u64 {
        match self {
            Mistake::CustomerAbuse | Mistake::OvernightSocial | Mistake::OutOfHours => 50,
            Mistake::VaguePromise
            | Mistake::MissedDeadline
            | Mistake::MissedDeadlineLate
            | Mistake::Transfers
            | Mistake::Unanswered
            | Mistake::SlowFirstResponse
            | Mistake::LongWait
            | Mistake::ReportsIgnored
            | Mistake::Burst
            | Mistake::LanguageMismatch => 20 + agent.badness / 2,
            // Squared, so that the two worst agents stand clearly apart.
            _ => agent.badness * agent.badness / 10,
        }
    }
}

/// How many conversations carry each mistake as their main one. Kinds with
/// the narrowest slots come first so that the deal never runs out of room.
const MISTAKE_DECK: &[(Mistake, usize)] = &[
    (Mistake::Transfers, 5),
    (Mistake::TemplateReply, 6),
    (Mistake::Burst, 4),
    (Mistake::OutOfHours, 3),
    (Mistake::OvernightSocial, 3),
    (Mistake::LanguageMismatch, 3),
    (Mistake::WrongName, 5),
    (Mistake::NoThanks, 7),
    (Mistake::NoPlease, 8),
    (Mistake::NoApology, 5),
    (Mistake::NoName, 3),
    (Mistake::Rude, 8),
    (Mistake::HidingBehindPolicy, 8),
    (Mistake::DoItForEveryone, 4),
    (Mistake::UnexplainedRefusal, 5),
    (Mistake::StockPhrase, 6),
    (Mistake::VaguePromise, 5),
    (Mistake::MissedDeadline, 4),
    (Mistake::MissedDeadlineLate, 3),
    (Mistake::CustomerRepeats, 5),
    (Mistake::AskedAgain, 5),
    (Mistake::Redirect, 3),
    (Mistake::RefusedManager, 4),
    (Mistake::Blame, 5),
    (Mistake::Contradiction, 5),
    (Mistake::DontKnow, 3),
    (Mistake::Unanswered, 5),
    (Mistake::SlowFirstResponse, 5),
    (Mistake::LongWait, 3),
    (Mistake::ReportsIgnored, 3),
    (Mistake::CustomerAbuse, 3),
];

/// Situations that look like a mistake to a careless matcher but are not.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LookAlike {
    SingleTransfer,
    EscalatedManager,
    EveningEmail,
    RecentUnanswered,
    SpanishInSpanish,
    KeptDeadline,
    PendingDeadline,
    CustomerSaysPolicy,
    AgentQuotesPolicy,
    NegatedPolicy,
    ReasonedRefusal,
    FriendlyWhatever,
    NoteRude,
    NotePolicy,
    DontKnowThenChecks,
    Nickname,
    AccentDropped,
    TitleSurname,
    Hyphenated,
    ThirdPartyEstimate,
    ShouldHaveReceived,
}

impl LookAlike {
    /// The rule a careless implementation would wrongly fire.
    fn tempts(self) -> &'static str {
        match self {
            LookAlike::SingleTransfer => "runaround/transfers",
            LookAlike::EscalatedManager => "escalation/refused-manager",
            LookAlike::EveningEmail => "responsiveness/slow-first-response",
            LookAlike::RecentUnanswered => "responsiveness/unanswered",
            LookAlike::SpanishInSpanish => "courtesy/no-thanks",
            LookAlike::KeptDeadline | LookAlike::PendingDeadline => "promises/missed-deadline",
            LookAlike::CustomerSaysPolicy
            | LookAlike::AgentQuotesPolicy
            | LookAlike::NegatedPolicy => "policy/hiding-behind-policy",
            LookAlike::ReasonedRefusal => "policy/unexplained-refusal",
            LookAlike::FriendlyWhatever | LookAlike::NoteRude => "courtesy/rude",
            LookAlike::NotePolicy => "policy/hiding-behind-policy",
            LookAlike::DontKnowThenChecks => "knowledge/dont-know",
            LookAlike::Nickname
            | LookAlike::AccentDropped
            | LookAlike::TitleSurname
            | LookAlike::Hyphenated => "personal/wrong-name",
            LookAlike::ThirdPartyEstimate => "promises/missed-deadline",
            LookAlike::ShouldHaveReceived => "argument/blame",
        }
    }

    fn fits(self, slot: &Slot) -> bool {
        let channel = slot.dest.channel();
        match self {
            LookAlike::SingleTransfer | LookAlike::EscalatedManager => slot.dest.has_events(),
            LookAlike::EveningEmail => channel == Channel::Email,
            LookAlike::RecentUnanswered => channel != Channel::Chat,
            LookAlike::SpanishInSpanish => AGENTS[slot.agent].spanish,
            _ => true,
        }
    }
}

const LOOK_ALIKE_DECK: &[(LookAlike, usize)] = &[
    (LookAlike::SingleTransfer, 5),
    (LookAlike::EscalatedManager, 3),
    (LookAlike::EveningEmail, 4),
    (LookAlike::RecentUnanswered, 3),
    (LookAlike::SpanishInSpanish, 2),
    (LookAlike::KeptDeadline, 6),
    (LookAlike::PendingDeadline, 5),
    (LookAlike::CustomerSaysPolicy, 4),
    (LookAlike::AgentQuotesPolicy, 3),
    (LookAlike::NegatedPolicy, 3),
    (LookAlike::ReasonedRefusal, 4),
    (LookAlike::FriendlyWhatever, 4),
    (LookAlike::NoteRude, 4),
    (LookAlike::NotePolicy, 4),
    (LookAlike::DontKnowThenChecks, 3),
    (LookAlike::Nickname, 6),
    (LookAlike::AccentDropped, 4),
    (LookAlike::TitleSurname, 4),
    (LookAlike::Hyphenated, 3),
    (LookAlike::ThirdPartyEstimate, 4),
    (LookAlike::ShouldHaveReceived, 3),
];

/// Mistakes whose flows leave room for a second, courtesy mistake: the worst
/// agents often combine them.
const COMBINABLE: &[Mistake] = &[
    Mistake::Rude,
    Mistake::HidingBehindPolicy,
    Mistake::DoItForEveryone,
    Mistake::UnexplainedRefusal,
    Mistake::Redirect,
    Mistake::RefusedManager,
    Mistake::Blame,
    Mistake::Contradiction,
    Mistake::DontKnow,
    Mistake::NoPlease,
    Mistake::AskedAgain,
];

// ---------------------------------------------------------------------------
// The model written out

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Channel {
    Chat,
    Email,
    Social,
}

impl Channel {
    fn name(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Social => "social",
        }
    }

    /// DESIGN.md §6 defaults, used for both first response and wait.
    fn sla(self) -> i64 {
        match self {
            Channel::Chat => 2 * MIN,
            Channel::Social => HOUR,
            Channel::Email => 24 * HOUR,
        }
    }
}

/// Which file a conversation is written to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dest {
    ChatJsonl,
    Chatlog,
    EmailJsonl,
    SocialCsv,
}

impl Dest {
    fn channel(self) -> Channel {
        match self {
            Dest::ChatJsonl | Dest::Chatlog => Channel::Chat,
            Dest::EmailJsonl => Channel::Email,
            Dest::SocialCsv => Channel::Social,
        }
    }

    /// Only canonical JSONL has a place for transfer and status events.
    fn has_events(self) -> bool {
        matches!(self, Dest::ChatJsonl | Dest::EmailJsonl)
    }

    fn file(self) -> &'static str {
        match self {
            Dest::ChatJsonl => "chat.jsonl",
            Dest::Chatlog => "chatlogs/",
            Dest::EmailJsonl => "email.jsonl",
            Dest::SocialCsv => "social.csv",
        }
    }

    fn id(self, n: usize) -> String {
        match self {
            Dest::ChatJsonl => format!("C-{}", 1001 + n),
            Dest::EmailJsonl => format!("E-{}", 2001 + n),
            Dest::SocialCsv => format!("S-{}", 3001 + n),
            Dest::Chatlog => format!("L-{}", 4001 + n),
        }
    }
}

/// How many conversations each file gets.
const VOLUME: &[(Dest, usize)] = &[
    (Dest::ChatJsonl, 150),
    (Dest::Chatlog, 30),
    (Dest::EmailJsonl, 90),
    (Dest::SocialCsv, 52),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Customer,
    Agent,
    Bot,
    System,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Bot => "bot",
            Role::System => "system",
        }
    }
}

struct Message {
    author: String,
    role: Role,
    ts: i64,
    text: String,
    public: bool,
}

enum Event {
    Transfer { ts: i64, from: String, to: String },
    Assign { ts: i64, to: String },
    Status { ts: i64, status: &'static str },
}

/// A promise with a deadline, kept to check the deadline against the as-of
/// time once the whole week exists.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Promise {
    Vague,
    Kept,
    Missed,
    MissedLate,
    Pending,
}

struct Conversation {
    id: String,
    dest: Dest,
    subject: String,
    customer: Person,
    customer_id: String,
    agent: usize,
    messages: Vec<Message>,
    events: Vec<Event>,
    mistakes: Vec<Mistake>,
    look: Option<LookAlike>,
    deadline: Option<(Promise, i64)>,
}

/// One conversation to be: where it goes, who handles it, what it carries.
struct Slot {
    dest: Dest,
    agent: usize,
    mistakes: Vec<Mistake>,
    look: Option<LookAlike>,
}

impl Slot {
    fn is_free(&self) -> bool {
        self.mistakes.is_empty() && self.look.is_none()
    }
}

// ---------------------------------------------------------------------------
// Building one conversation

/// How agents address the customer.
enum Address {
    Name(String),
    /// "Hi there": never the name (`personal/no-name`).
    Generic,
}

/// Per-conversation values that texts refer to with `{placeholders}`.
struct Vars {
    order: String,
    item: &'static str,
    amount: String,
    digits: String,
    phone: String,
    email: String,
    trouble: String,
}

/// A conversation under construction: a clock, the cast, and the flags that
/// the planted mistakes set.
struct Script<'r> {
    rng: &'r mut Rng,
    bags: &'r mut Bags,
    channel: Channel,
    now: i64,
    customer: Person,
    /// The name the customer signs with (a nickname, sometimes).
    sign_name: String,
    address: Address,
    agent: usize,
    greeted: Vec<usize>,
    topic: &'static Topic,
    vars: Vars,
    subject: String,
    no_thanks: bool,
    no_please: bool,
    no_apology: bool,
    customer_spanish: bool,
    agent_spanish: bool,
    messages: Vec<Message>,
    events: Vec<Event>,
    /// Customer messages allowed to wait past the SLA (the planted ones).
    exempt: Vec<usize>,
    allow_burst: bool,
    /// Set by a flow that could not fit its timing; the attempt is redone.
    failed: bool,
    deadline: Option<(Promise, i64)>,
}

impl Script<'_> {
    // -- text helpers

    /// Fills `{placeholders}`. Without a name to use, ", {name}" vanishes, so
    /// "You're welcome, {name}!" becomes "You're welcome!".
    fn fill(&self, text: &str) -> String {
        let mut s = text
            .replace("{order}", &self.vars.order)
            .replace("{item}", self.vars.item)
            .replace("{amount}", &self.vars.amount)
            .replace("{digits}", &self.vars.digits)
            .replace("{phone}", &self.vars.phone)
            .replace("{email}", &self.vars.email)
            .replace("{trouble}", &self.vars.trouble)
            .replace("{first}", &self.sign_name)
            .replace("{full}", &self.customer.full())
            .replace("{me}", first_name(AGENTS[self.agent].name));
        s = match &self.address {
            Address::Name(name) => s.replace("{name}", name),
            Address::Generic => s
                .replace(", {name}", "")
                .replace(" {name}", "")
                .replace("{name}", ""),
        };
        s
    }

    /// An agent line from a pool, skipping lines that would break the
    /// conversation's flags (no thanks, no apology).
    fn line(&mut self, pool: &[&str]) -> String {
        let (no_thanks, no_apology) = (self.no_thanks, self.no_apology);
        let fits = |line: &str| {
            let low = line.to_lowercase();
            let thanks = low.contains("thank") || low.contains("appreciate");
            let apology = ["sorry", "apolog", "understand", "hear you"]
                .iter()
                .any(|w| low.contains(w));
            !((no_thanks && thanks) || (no_apology && apology))
        };
        let i = self.bags.draw(self.rng, pool, fits);
        self.fill(pool[i])
    }

    /// An index into a table of cases, drawn so that every case is used
    /// before any repeats; `keys` names the cases (their subjects, say).
    fn deal(&mut self, keys: &[&str]) -> usize {
        self.bags.draw(self.rng, keys, |_| true)
    }

    /// A customer line from a pool.
    fn cline(&mut self, pool: &[&str]) -> String {
        let i = self.bags.draw(self.rng, pool, |_| true);
        self.fill(pool[i])
    }

    fn thanks_open(&mut self) -> String {
        if self.no_thanks {
            String::new()
        } else {
            self.line(THANKS_OPEN)
        }
    }

    fn thanks_short(&mut self) -> String {
        if self.no_thanks {
            self.line(NO_THANKS_SHORT)
        } else {
            self.line(THANKS_SHORT)
        }
    }

    fn sorry(&mut self) -> String {
        if self.no_apology {
            String::new()
        } else {
            self.line(SORRY)
        }
    }

    fn request(&mut self, ask: Ask) -> String {
        let text = ask_text(ask);
        let pool = match (self.channel == Channel::Social, self.no_please) {
            (false, false) => text.soft,
            (false, true) => text.bare,
            (true, false) => text.social_soft,
            (true, true) => text.social_bare,
        };
        self.line(pool)
    }

    fn provide(&mut self, ask: Ask) -> String {
        self.cline(ask_text(ask).provide)
    }

    fn fix(&mut self) -> String {
        self.line(self.topic.fixes)
    }

    fn goodbye(&mut self) -> String {
        self.line(if self.channel == Channel::Email {
            AGENT_FINAL_EMAIL
        } else {
            AGENT_FINAL
        })
    }

    fn greeting(&mut self) -> String {
        let named = matches!(self.address, Address::Name(_));
        let pool: &[&str] = match (self.channel, self.agent_spanish, named) {
            (_, true, _) => &["¡Hola, {name}!", "Hola {name}:"],
            (Channel::Email, false, true) => &["Hi {name},", "Hello {name},", "Dear {name},"],
            (Channel::Email, false, false) => &["Hello,", "Hi there,", "Dear customer,"],
            (_, false, true) => &["Hi {name}!", "Hello {name}!", "Hey {name}!", "Hi {name}."],
            (_, false, false) => &["Hi there!", "Hello!", "Hey there!"],
        };
        self.line(pool)
    }

    fn signature(&mut self) -> String {
        let name = AGENTS[self.agent].name;
        if self.agent_spanish {
            return format!("Saludos cordiales,\n{name}\nExample Support");
        }
        let close = self.rng.pick(EMAIL_SIGNOFFS);
        if self.rng.percent(30) {
            format!(
                "{close}\n{}\nExample Support | support@example.com | 1-800-555-0142",
                first_name(name)
            )
        } else {
            format!("{close}\n{name}\nExample Support")
        }
    }

    // -- the clock

    /// When the agent answers the message just written.
    fn agent_wait(&mut self) {
        let t = self.now;
        self.now = match self.channel {
            Channel::Chat => t + self.rng.range(25, 100),
            Channel::Social => t + self.rng.range(4 * MIN, 40 * MIN),
            Channel::Email => {
                // Friday threads move faster: everyone wants them closed
                // before the weekend.
                let longest = if day_of(t) == 4 { 90 * MIN } else { 5 * HOUR };
                let candidate = t + self.rng.range(25 * MIN, longest);
                let close = closing(day_of(t));
                if in_business(candidate) {
                    candidate
                } else if in_business(t)
                    && close - t > 10 * MIN
                    && next_opening(candidate) - t > 20 * HOUR
                {
                    // A Friday-afternoon email gets its answer before the weekend.
                    t + self.rng.range(5 * MIN, close - t - MIN)
                } else {
                    next_opening(candidate) + self.rng.range(5 * MIN, 80 * MIN)
                }
            }
        };
    }

    /// When the customer writes back.
    fn customer_wait(&mut self) {
        let t = self.now;
        self.now = match self.channel {
            Channel::Chat => t + self.rng.range(15, 150),
            Channel::Social => t + self.rng.range(3 * MIN, 45 * MIN),
            Channel::Email => {
                let longest = if day_of(t) == 4 { 90 * MIN } else { 7 * HOUR };
                let candidate = t + self.rng.range(30 * MIN, longest);
                let awake = (7 * HOUR..22 * HOUR).contains(&time_of_day(candidate));
                if awake {
                    candidate
                } else {
                    t + self.rng.range(10 * MIN, 50 * MIN)
                }
            }
        };
    }

    /// Moves a planted late reply into business hours.
    fn business(&mut self, ts: i64) -> i64 {
        if in_business(ts) {
            ts
        } else {
            next_opening(ts) + self.rng.range(3 * MIN, 70 * MIN)
        }
    }

    /// Email agents only write in business hours; chat and social reply as
    /// the clock says.
    fn business_if_email(&mut self) -> i64 {
        if self.channel == Channel::Email {
            self.business(self.now)
        } else {
            self.now
        }
    }

    /// A late first reply: chat agents answer whenever they get to it,
    /// email and social ones wait for business hours.
    fn business_if_not_chat(&mut self, ts: i64) -> i64 {
        if self.channel == Channel::Chat {
            ts
        } else {
            self.business(ts)
        }
    }

    /// The planted internal note, or now and then an everyday one.
    fn note_after_reply(&mut self, planted: Option<&'static str>) {
        let note = planted.or_else(|| self.rng.percent(10).then(|| self.rng.pick(NOTES)));
        if let Some(note) = note {
            self.note(note);
        }
    }

    // -- writing messages

    fn push(&mut self, author: String, role: Role, text: String, public: bool) -> usize {
        if let Some(last) = self.messages.last() {
            assert!(
                self.now >= last.ts,
                "messages out of order in {:?}",
                self.subject
            );
        }
        self.messages.push(Message {
            author,
            role,
            ts: self.now,
            text,
            public,
        });
        self.messages.len() - 1
    }

    fn customer_says(&mut self, body: &str) -> usize {
        let text = match self.channel {
            Channel::Email => {
                // Chat-style openers ("Hi, my card...") lose their greeting:
                // the email adds its own.
                let opener = ["Hi, ", "Hello, ", "Hola, "]
                    .iter()
                    .find_map(|g| body.strip_prefix(g));
                let body = opener.map_or_else(|| body.to_string(), capitalize);
                let first_message = !self.messages.iter().any(|m| m.role == Role::Customer);
                let greeting = if self.customer_spanish {
                    "Hola,".to_string()
                } else if first_message {
                    self.rng.pick(CUSTOMER_EMAIL_GREETINGS).to_string()
                } else {
                    format!("Hi {},", first_name(AGENTS[self.agent].name))
                };
                let signoff = if self.customer_spanish {
                    self.fill("Saludos,\n{first}")
                } else {
                    self.cline(CUSTOMER_EMAIL_SIGNOFFS)
                };
                format!("{greeting}\n\n{body}\n\n{signoff}")
            }
            _ => body.to_string(),
        };
        let author = self.customer.full();
        self.push(author, Role::Customer, text, true)
    }

    /// The customer writes after their usual delay.
    fn customer_replies(&mut self, body: &str) -> usize {
        self.customer_wait();
        self.customer_says(body)
    }

    /// A message from the current agent at `self.now`. Paragraphs become
    /// blank-line separated in email and one line elsewhere; greetings and
    /// sign-offs follow each channel's habits.
    fn agent_says(&mut self, paragraphs: Vec<String>) -> usize {
        let paragraphs: Vec<String> = paragraphs.into_iter().filter(|p| !p.is_empty()).collect();
        let name = AGENTS[self.agent].name;
        let text = match self.channel {
            Channel::Email => {
                let greeting = self.greeting();
                let signature = self.signature();
                format!("{greeting}\n\n{}\n\n{signature}", paragraphs.join("\n\n"))
            }
            Channel::Chat | Channel::Social => {
                let mut text = paragraphs.join(" ");
                if !self.greeted.contains(&self.agent) {
                    self.greeted.push(self.agent);
                    text = format!("{} {text}", self.greeting());
                }
                if self.channel == Channel::Social {
                    // Social teams sign public replies with initials.
                    let _ = write!(text, " ^{}", initials(name));
                }
                text
            }
        };
        self.push(name.to_string(), Role::Agent, text, true)
    }

    /// The agent answers after their usual delay.
    fn agent_replies(&mut self, paragraphs: Vec<String>) -> usize {
        self.agent_wait();
        self.agent_says(paragraphs)
    }

    fn note(&mut self, text: &str) {
        self.now += self.rng.range(10, 50);
        let name = AGENTS[self.agent].name.to_string();
        self.push(name, Role::Agent, text.to_string(), false);
    }

    /// An auto-acknowledgement right after the customer's first message, on
    /// some conversations. It does not move the clock the agent answers by.
    fn bot_ack(&mut self) {
        let (chance, pool, delay) = match self.channel {
            Channel::Chat => (45, CHAT_BOT, self.rng.range(2, 8)),
            Channel::Email => (35, EMAIL_BOT, self.rng.range(20, 60)),
            Channel::Social => (10, SOCIAL_BOT, self.rng.range(5, 15)),
        };
        if self.rng.percent(chance) {
            let text = self.rng.pick(pool).to_string();
            let customer_ts = self.now;
            self.now += delay;
            self.push(BOT.to_string(), Role::Bot, text, true);
            self.now = customer_ts;
        }
    }

    fn system(&mut self, text: &str) {
        self.now += self.rng.range(20, 90);
        self.push("System".to_string(), Role::System, text.to_string(), true);
    }

    fn status(&mut self, status: &'static str) {
        self.now += self.rng.range(30, 300);
        self.events.push(Event::Status {
            ts: self.now,
            status,
        });
    }

    fn transfer(&mut self, to_team: &str, to_agent: usize) {
        let from = AGENTS[self.agent].name.to_string();
        self.now += self.rng.range(10, 25);
        self.events.push(Event::Transfer {
            ts: self.now,
            from,
            to: to_team.to_string(),
        });
        self.now += self.rng.range(15, 30);
        self.events.push(Event::Assign {
            ts: self.now,
            to: AGENTS[to_agent].name.to_string(),
        });
        self.agent = to_agent;
    }

    /// The opening problem in the customer's words.
    fn opening(&mut self) -> String {
        let mut text = self.cline(self.topic.openings);
        if self.sign_name != self.customer.first && self.channel != Channel::Email {
            text = format!("{} here. {text}", self.sign_name);
        }
        if self.channel == Channel::Social && text.contains(". ") && self.rng.percent(40) {
            // DMs often come in short lines: a newline for the CSV to quote.
            text = text.replacen(". ", ".\n", 1);
        }
        if self.channel == Channel::Social && self.rng.percent(12) {
            // A public mention: the text starts with '@', which a spreadsheet
            // would read as a formula unless the report neutralises it.
            text = format!("@ExampleCoHelp {text}");
        }
        text
    }

    // -- checks

    /// Every customer message not planted as slow gets an agent reply within
    /// 90% of the SLA, the over-contact rule is not tripped by accident, and
    /// everything happens inside the week.
    fn timing_ok(&self) -> bool {
        let sla = self.channel.sla() * 9 / 10;
        for (i, m) in self.messages.iter().enumerate() {
            if m.ts < WEEK_START || m.ts > WEEK_END {
                return false;
            }
            if m.role != Role::Customer || self.exempt.contains(&i) {
                continue;
            }
            let reply = self.messages[i + 1..]
                .iter()
                .find(|r| r.role == Role::Agent && r.public);
            match reply {
                Some(r) if r.ts - m.ts <= sla => {}
                _ => return false,
            }
        }
        if self.channel != Channel::Chat && !self.allow_burst {
            // Agent messages under 10 minutes apart are one contact.
            let mut contacts: Vec<i64> = Vec::new();
            let mut last_agent = i64::MIN / 2;
            for m in &self.messages {
                match m.role {
                    Role::Customer => contacts.clear(),
                    Role::Agent if m.public => {
                        if m.ts - last_agent >= 10 * MIN {
                            contacts.push(m.ts);
                        }
                        last_agent = m.ts;
                        if contacts.len() >= 3 && m.ts - contacts[contacts.len() - 3] <= DAY {
                            return false;
                        }
                    }
                    _ => {}
                }
            }
        }
        true
    }
}

/// One shuffled bag of line indices per pool, kept across conversations, so
/// that every wording of a pool is used before any repeats. Plain random
/// picks would hand three of eight rude replies the same line by chance.
#[derive(Default)]
struct Bags(Vec<(String, Vec<usize>)>);

impl Bags {
    /// Draws the next line of `pool` that `fits`, refilling the bag when no
    /// remaining line does. Pools are keyed by content, not address, so the
    /// output does not depend on how the compiler lays out constants.
    fn draw(&mut self, rng: &mut Rng, pool: &[&str], fits: impl Fn(&str) -> bool) -> usize {
        let key = pool.join("\u{1f}");
        let slot = match self.0.iter().position(|(k, _)| *k == key) {
            Some(slot) => slot,
            None => {
                self.0.push((key, Vec::new()));
                self.0.len() - 1
            }
        };
        let bag = &mut self.0[slot].1;
        for _ in 0..2 {
            if let Some(at) = bag.iter().position(|&i| fits(pool[i])) {
                return bag.remove(at);
            }
            let mut fresh: Vec<usize> = (0..pool.len()).collect();
            rng.shuffle(&mut fresh);
            bag.extend(fresh);
        }
        panic!("no line fits the flags in the pool starting {:?}", pool[0]);
    }
}

/// Optional twists on the standard flow.
#[derive(Default)]
struct Extras {
    opening_extra: Option<String>,
    /// The first agent reply comes at this time (slow or out-of-hours).
    first_reply_at: Option<i64>,
    force_request: bool,
    note: Option<&'static str>,
    /// A sentence appended to the fix.
    fix_extra: Option<String>,
    /// The customer's answer waits past the SLA; `true` adds a nudge.
    slow_answer: Option<bool>,
    stock_phrase: bool,
    unanswered_tail: bool,
    /// The customer corrects a wrong name in their answer.
    correct_name: bool,
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn sentences(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Customer thanks, agent goodbye, ticket solved.
fn wrap_up(s: &mut Script) {
    let thanks = if s.channel == Channel::Social && s.rng.percent(8) {
        // Starts with '=': another spreadsheet-formula trap for the reports.
        "=) Thanks, that's perfect!".to_string()
    } else {
        s.cline(CUSTOMER_THANKS)
    };
    s.customer_replies(&thanks);
    let bye = s.goodbye();
    s.agent_replies(vec![bye]);
    if s.channel == Channel::Chat && s.rng.percent(15) {
        s.system("Customer rated the conversation: Great");
    }
    s.status("solved");
}

/// The fix paragraphs: the fix, any extra sentence, a stock phrase, a closing.
fn resolution(s: &mut Script, x: &Extras, lead_in: String) -> Vec<String> {
    let fix = s.fix();
    let mut paragraphs = vec![sentences(&[
        lead_in,
        fix,
        x.fix_extra.clone().unwrap_or_default(),
    ])];
    if x.stock_phrase {
        let mut pool = STOCK_ANY.to_vec();
        if s.channel == Channel::Email {
            pool.extend_from_slice(STOCK_EMAIL_ONLY);
        }
        paragraphs.push(s.rng.pick(&pool).to_string());
    } else {
        paragraphs.push(s.line(CLOSINGS));
    }
    paragraphs
}

/// The backbone most conversations follow: the problem; thanks, an apology and
/// usually a request; the customer's answer; the fix; thanks and goodbye.
fn flow_standard(s: &mut Script, x: Extras) {
    let mut opening = s.opening();
    if let Some(extra) = &x.opening_extra {
        opening = format!("{opening} {extra}");
    }
    s.customer_says(&opening);
    s.bot_ack();
    let asks = x.force_request || s.no_please || x.slow_answer.is_some() || s.rng.percent(75);
    let late = x.first_reply_at.is_some();
    match x.first_reply_at {
        Some(t) => s.now = t,
        None => s.agent_wait(),
    }
    let wait_apology = if late {
        s.line(SORRY_WAIT)
    } else {
        String::new()
    };
    let thanks = s.thanks_open();
    let sorry = s.sorry();
    if asks {
        let request = s.request(s.topic.ask);
        s.agent_says(vec![sentences(&[wait_apology, thanks, sorry, request])]);
        s.note_after_reply(x.note);
        let mut answer = s.provide(s.topic.ask);
        if x.correct_name {
            let correction = s.cline(NAME_CORRECTIONS);
            answer = format!("{answer} {correction}");
            s.address = Address::Name(s.customer.first.clone());
        }
        let answer_index = s.customer_replies(&answer);
        let lead_in = match x.slow_answer {
            None => {
                s.agent_wait();
                s.thanks_short()
            }
            Some(nudge) => {
                s.exempt.push(answer_index);
                let (wait, quick) = match s.channel {
                    Channel::Chat => (s.rng.range(6 * MIN, 12 * MIN), s.rng.range(30, 90)),
                    Channel::Social => (
                        s.rng.range(90 * MIN, 4 * HOUR),
                        s.rng.range(5 * MIN, 20 * MIN),
                    ),
                    Channel::Email => (
                        s.rng.range(28 * HOUR, 36 * HOUR),
                        s.rng.range(20 * MIN, 90 * MIN),
                    ),
                };
                s.now += wait;
                if nudge {
                    let nudge_text = s.cline(NUDGES);
                    s.customer_says(&nudge_text);
                }
                s.now += quick;
                s.now = s.business_if_email();
                s.line(SORRY_WAIT)
            }
        };
        let paragraphs = resolution(s, &x, lead_in);
        s.agent_says(paragraphs);
    } else {
        let paragraphs = resolution(s, &x, sentences(&[wait_apology, thanks, sorry]));
        s.agent_says(paragraphs);
        s.note_after_reply(x.note);
    }
    if x.stock_phrase {
        // "Please do not reply": the thread ends with the form letter.
        s.status("solved");
        return;
    }
    if x.unanswered_tail {
        let tail = s.cline(UNANSWERED_TAILS);
        s.now += s.rng.range(20, 120);
        let index = s.customer_says(&tail);
        s.exempt.push(index);
        if s.channel == Channel::Chat && s.rng.percent(50) {
            s.now += 10 * MIN;
            s.system("Chat closed after 10 minutes of inactivity.");
        }
        return;
    }
    wrap_up(s);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Policy,
    Everyone,
    Unexplained,
    Reasoned,
    Negated,
    Quoted,
    CustomerPolicy,
}

/// A customer asks for an exception; the agent refuses badly, refuses well,
/// or grants it while policy words float around.
fn flow_exception(s: &mut Script, style: Refusal) {
    let keys: Vec<&str> = EXCEPTIONS.iter().map(|c| c.ask).collect();
    let case = &EXCEPTIONS[s.deal(&keys)];
    s.subject = s.fill(case.subject);
    s.vars.trouble = case.trouble.to_string();
    let mut opening = s.fill(case.ask);
    let keys: Vec<&str> = QUOTED_POLICY.iter().map(|q| q.0).collect();
    let quoted = QUOTED_POLICY[s.deal(&keys)];
    match style {
        Refusal::Quoted => opening = format!("{opening} {}", quoted.0),
        Refusal::CustomerPolicy => opening = format!("{opening} {}", s.cline(CUSTOMER_POLICY)),
        _ => {}
    }
    s.customer_says(&opening);
    s.bot_ack();
    s.agent_wait();
    let thanks = s.thanks_open();
    let sorry = s.sorry();
    let body = match style {
        Refusal::Policy => vec![thanks, sorry, s.line(HIDING_BEHIND_POLICY)],
        Refusal::Everyone => vec![thanks, sorry, s.line(DO_IT_FOR_EVERYONE)],
        Refusal::Unexplained => vec![thanks, sorry, s.line(UNEXPLAINED_REFUSAL)],
        Refusal::Reasoned => vec![thanks, sorry, s.fill(case.reasoned)],
        Refusal::Negated => vec![thanks, sorry, s.line(NEGATED_POLICY), s.fill(case.granted)],
        Refusal::Quoted => vec![thanks, quoted.1.to_string(), s.fill(case.granted)],
        Refusal::CustomerPolicy => vec![thanks, sorry, s.fill(case.granted)],
    };
    s.agent_says(vec![sentences(&body)]);
    if matches!(
        style,
        Refusal::Policy | Refusal::Everyone | Refusal::Unexplained
    ) {
        let unhappy = s.cline(CUSTOMER_UNHAPPY);
        s.customer_replies(&unhappy);
        let after = s.line(AFTER_REFUSAL);
        s.agent_replies(vec![after]);
        s.status("closed");
    } else {
        wrap_up(s);
    }
}

/// The agent needs time and promises an answer; the follow-up is on time,
/// late, missing, vague or not yet due.
fn flow_promise(s: &mut Script, kind: Promise) {
    let opening = s.opening();
    s.customer_says(&opening);
    s.bot_ack();
    let (thanks, sorry) = (s.thanks_open(), s.sorry());
    let request = s.request(s.topic.ask);
    s.agent_replies(vec![sentences(&[thanks, sorry, request])]);
    let answer = s.provide(s.topic.ask);
    s.customer_replies(&answer);
    s.agent_wait();
    let said = s.now;
    let (promise, deadline) = if kind == Promise::Vague {
        (s.line(VAGUE_PROMISE), None)
    } else {
        match pick_deadline(s.rng, kind, said) {
            Some((when, deadline)) => {
                let when_text = when.text(s.rng);
                (
                    s.line(DEADLINE_PROMISE).replace("{when}", &when_text),
                    Some(deadline),
                )
            }
            None => {
                s.failed = true;
                return;
            }
        }
    };
    let (short, checking) = (s.thanks_short(), s.line(CHECKING));
    s.agent_says(vec![sentences(&[short, checking, promise])]);
    s.status("pending");
    s.deadline = deadline.map(|d| (kind, d));
    let follow_up_at = match (kind, deadline) {
        (Promise::Vague, _) => {
            let gap = match s.channel {
                Channel::Chat => s.rng.range(60, 100),
                Channel::Social => s.rng.range(15 * MIN, 45 * MIN),
                Channel::Email => s.rng.range(2 * HOUR, 6 * HOUR),
            };
            s.now += gap;
            s.business_if_email()
        }
        (Promise::Kept, Some(d)) => match kept_follow_up(s.rng, said, d) {
            Some(t) => t,
            None => {
                s.failed = true;
                return;
            }
        },
        (Promise::MissedLate, Some(d)) => {
            let overdue = d + s.rng.range(HOUR, 20 * HOUR);
            let t = s.business(overdue);
            if t >= last_closing() {
                s.failed = true;
                return;
            }
            t
        }
        _ => return, // missed with no follow-up, or pending: the thread stops here
    };
    s.now = follow_up_at.max(s.now + MIN);
    let lead_in = match kind {
        Promise::Vague => s.line(FOLLOW_UP_VAGUE),
        Promise::Kept => s.line(FOLLOW_UP_KEPT),
        _ => s.line(FOLLOW_UP_LATE),
    };
    let paragraphs = resolution(s, &Extras::default(), lead_in);
    s.agent_says(paragraphs);
    wrap_up(s);
}

/// A deadline phrase that suits the planted outcome, with its deadline.
fn pick_deadline(rng: &mut Rng, kind: Promise, said: i64) -> Option<(When, i64)> {
    let day = day_of(said);
    let mut options: Vec<When> = match kind {
        Promise::Pending => vec![
            When::Weekday(0),
            When::Weekday(1),
            When::NextWeek,
            When::BusinessDays(2),
            When::BusinessDays(3),
        ],
        _ => vec![
            When::EndOfDay,
            When::Tomorrow,
            When::TomorrowMorning,
            When::Weekday((day + 2).min(4)),
            When::Weekday(4),
            When::WithinHours(24),
            When::WithinHours(48),
            When::BusinessDays(2),
            When::EndOfWeek,
        ],
    };
    rng.shuffle(&mut options);
    options
        .into_iter()
        .map(|w| (w, w.deadline(said)))
        .find(|&(when, d)| {
            let weekday_ok = !matches!(when, When::Weekday(w) if w <= day);
            match kind {
                // Due after the newest message of the week: pending, not missed.
                Promise::Pending => d > WEEK_END,
                // Room to follow up before (kept) or after (late) while agents work.
                _ => weekday_ok && d > said + 2 * HOUR && d <= last_closing() - HOUR,
            }
        })
}

/// A follow-up time safely before the deadline, in business hours.
fn kept_follow_up(rng: &mut Rng, said: i64, deadline: i64) -> Option<i64> {
    for _ in 0..20 {
        let mut t = said + rng.range(30 * MIN, (deadline - said - 30 * MIN).max(31 * MIN));
        if !in_business(t) {
            t = next_opening(t) + rng.range(5 * MIN, 60 * MIN);
        }
        if t > said && t < deadline - 10 * MIN {
            return Some(t);
        }
    }
    None
}

/// Hand-offs between teams: one is normal, two or more is the runaround.
fn flow_transfers(s: &mut Script, hops: usize) {
    let opening = s.opening();
    s.customer_says(&opening);
    s.bot_ack();
    let mut teams = TEAMS.to_vec();
    s.rng.shuffle(&mut teams);
    let mut others: Vec<usize> = (0..AGENTS.len()).filter(|&a| a != s.agent).collect();
    s.rng.shuffle(&mut others);
    let (thanks, sorry) = (s.thanks_open(), s.sorry());
    let out = s.line(TRANSFER_OUT).replace("{team}", teams[0]);
    s.agent_replies(vec![sentences(&[thanks, sorry, out])]);
    s.transfer(teams[0], others[0]);
    s.agent_wait();
    let intro = s.line(TRANSFER_IN).replace("{team}", teams[0]);
    let request = s.request(s.topic.ask);
    s.agent_says(vec![sentences(&[intro, request])]);
    let answer = s.provide(s.topic.ask);
    s.customer_replies(&answer);
    let lead_in = if hops >= 2 {
        let short = s.thanks_short();
        let on = s.line(TRANSFER_ON).replace("{team}", teams[1]);
        s.agent_replies(vec![sentences(&[short, on])]);
        s.transfer(teams[1], others[1]);
        s.agent_wait();
        s.line(TRANSFER_LAST)
    } else {
        s.agent_wait();
        s.thanks_short()
    };
    let paragraphs = resolution(s, &Extras::default(), lead_in);
    s.agent_says(paragraphs);
    wrap_up(s);
}

/// The customer asks for a manager; the agent escalates or refuses.
fn flow_manager(s: &mut Script, escalate: bool) {
    let opening = s.opening();
    s.customer_says(&opening);
    s.bot_ack();
    let (thanks, sorry, partial) = (s.thanks_open(), s.sorry(), s.line(PARTIAL_ANSWER));
    s.agent_replies(vec![sentences(&[thanks, sorry, partial])]);
    let demand = sentences(&[s.cline(MANAGER_BEFORE), s.cline(MANAGER_ASK)]);
    s.customer_replies(&demand);
    if escalate {
        let lead = if s.agent == TEAM_LEADS[0] {
            TEAM_LEADS[1]
        } else {
            TEAM_LEADS[0]
        };
        let line = s
            .line(MANAGER_ESCALATE)
            .replace("{lead}", AGENTS[lead].name);
        s.agent_replies(vec![line]);
        let from = AGENTS[s.agent].name.to_string();
        s.now += s.rng.range(10, 30);
        s.events.push(Event::Transfer {
            ts: s.now,
            from,
            to: AGENTS[lead].name.to_string(),
        });
        s.agent = lead;
        s.agent_wait();
        let (thanks, sorry) = (s.line(TRANSFER_LAST), s.line(SORRY));
        let paragraphs = resolution(s, &Extras::default(), sentences(&[thanks, sorry]));
        s.agent_says(paragraphs);
        wrap_up(s);
    } else {
        let refuse = sentences(&[s.line(MANAGER_REFUSE), s.line(AFTER_REFUSAL)]);
        s.agent_replies(vec![refuse]);
        s.status("closed");
    }
}

/// "That's not my department" and nothing else.
fn flow_redirect(s: &mut Script) {
    let opening = s.opening();
    s.customer_says(&opening);
    s.bot_ack();
    let (thanks, sorry, redirect) = (s.thanks_open(), s.sorry(), s.line(REDIRECT));
    s.agent_replies(vec![sentences(&[thanks, sorry, redirect])]);
    let pushback = s.cline(REDIRECT_PUSHBACK);
    s.customer_replies(&pushback);
    let after = s.line(AFTER_REFUSAL);
    s.agent_replies(vec![after]);
    s.status("closed");
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Friction {
    Blame,
    Contradiction,
    Rude,
    Abuse,
}

/// A heated exchange: the agent blames, contradicts or snaps, or the customer
/// insults the agent, and the problem still gets fixed.
fn flow_friction(s: &mut Script, friction: Friction) {
    let keys: Vec<&str> = DISPUTES.iter().map(|d| d.subject).collect();
    let dispute = &DISPUTES[s.deal(&keys)];
    let uses_dispute = matches!(friction, Friction::Blame | Friction::Contradiction);
    let opening = if uses_dispute {
        s.subject = s.fill(dispute.subject);
        s.vars.trouble = dispute.trouble.to_string();
        s.fill(dispute.opening)
    } else {
        s.opening()
    };
    s.customer_says(&opening);
    s.bot_ack();
    let (thanks, sorry) = (s.thanks_open(), s.sorry());
    // Dispute openings already name the order, so asking for it again would
    // plant an unintended "asked again".
    let request = if uses_dispute {
        s.line(LOOKING_INTO_IT)
    } else {
        s.request(s.topic.ask)
    };
    s.agent_replies(vec![sentences(&[thanks, sorry, request])]);
    let answer = if uses_dispute {
        String::new()
    } else {
        s.provide(s.topic.ask)
    };
    let heat = match friction {
        Friction::Blame | Friction::Contradiction => dispute.claim.to_string(),
        Friction::Rude => s.cline(FRUSTRATION),
        Friction::Abuse => s.cline(ABUSE),
    };
    s.customer_replies(&sentences(&[answer, heat]));
    s.agent_wait();
    let (line, fix) = match friction {
        Friction::Blame => (s.fill(dispute.blame), s.fill(dispute.fix)),
        Friction::Contradiction => (s.fill(dispute.contradiction), s.fill(dispute.fix)),
        Friction::Rude => (s.line(RUDE), s.fix()),
        Friction::Abuse => (s.line(DEESCALATE), s.fix()),
    };
    let closing = s.line(CLOSINGS);
    s.agent_says(vec![sentences(&[line, fix]), closing]);
    let terse = s.cline(CUSTOMER_TERSE);
    s.customer_replies(&terse);
    let bye = s.goodbye();
    s.agent_replies(vec![bye]);
    s.status("solved");
}

/// A side question the agent cannot answer: "I don't know", or a promise to
/// find out that is then kept.
fn flow_dont_know(s: &mut Script, checks: bool) {
    let opening = s.opening();
    s.customer_says(&opening);
    s.bot_ack();
    let (thanks, sorry) = (s.thanks_open(), s.sorry());
    let paragraphs = resolution(s, &Extras::default(), sentences(&[thanks, sorry]));
    s.agent_replies(paragraphs);
    let keys: Vec<&str> = SIDE_QUESTIONS.iter().map(|q| q.0).collect();
    let (question, answer) = SIDE_QUESTIONS[s.deal(&keys)];
    let question = s.fill(question);
    s.customer_replies(&question);
    if checks {
        let line = s.line(DONT_KNOW_CHECKS);
        s.agent_replies(vec![line]);
        let gap = match s.channel {
            Channel::Chat => s.rng.range(50, 110),
            Channel::Social => s.rng.range(10 * MIN, 30 * MIN),
            Channel::Email => s.rng.range(HOUR, 3 * HOUR),
        };
        s.now += gap;
        s.now = s.business_if_email();
        let found = s.line(FOUND_OUT).replace("{answer}", &s.fill(answer));
        s.agent_says(vec![found]);
        wrap_up(s);
    } else {
        let line = s.line(DONT_KNOW);
        s.agent_replies(vec![line]);
        let after = s.cline(DONT_KNOW_AFTER);
        s.customer_replies(&after);
        let bye = s.goodbye();
        s.agent_replies(vec![bye]);
        s.status("solved");
    }
}

/// The agent misses a detail and the customer has to say it again.
fn flow_repeats(s: &mut Script) {
    let keys: Vec<&str> = REPEATS.iter().map(|r| r.subject).collect();
    let case = &REPEATS[s.deal(&keys)];
    s.subject = s.fill(case.subject);
    s.vars.trouble = case.trouble.to_string();
    let opening = s.fill(case.opening);
    s.customer_says(&opening);
    s.bot_ack();
    let (thanks, sorry) = (s.thanks_open(), s.sorry());
    s.agent_replies(vec![sentences(&[thanks, sorry, case.miss.to_string()])]);
    let repeat = s.fill(case.repeat);
    s.customer_replies(&repeat);
    let (missed, fix, closing) = (s.line(MISSED_THAT), s.fill(case.fix), s.line(CLOSINGS));
    s.agent_replies(vec![sentences(&[missed, fix]), closing]);
    wrap_up(s);
}

/// Three agent contacts in a day with no customer reply in between.
fn flow_burst(s: &mut Script) {
    s.allow_burst = true;
    let opening = s.opening();
    s.customer_says(&opening);
    s.bot_ack();
    let email = s.channel == Channel::Email;
    s.now += if email {
        s.rng.range(20 * MIN, 60 * MIN)
    } else {
        s.rng.range(10 * MIN, 25 * MIN)
    };
    let (thanks, sorry, request) = (s.thanks_open(), s.sorry(), s.request(s.topic.ask));
    s.agent_says(vec![sentences(&[thanks, sorry, request])]);
    s.now += if email {
        s.rng.range(150 * MIN, 200 * MIN)
    } else {
        s.rng.range(60 * MIN, 90 * MIN)
    };
    let (second, request) = (s.line(BURST_SECOND), s.request(s.topic.ask));
    s.agent_says(vec![sentences(&[second, request])]);
    s.now += if email {
        s.rng.range(120 * MIN, 160 * MIN)
    } else {
        s.rng.range(60 * MIN, 90 * MIN)
    };
    let (third, closing) = (s.line(BURST_THIRD), s.line(BURST_CLOSING));
    s.agent_says(vec![third, closing]);
    s.now += if email {
        s.rng.range(16 * HOUR, 19 * HOUR)
    } else {
        s.rng.range(2 * HOUR, 4 * HOUR)
    };
    let answer = s.provide(s.topic.ask);
    let back = s.cline(BURST_CUSTOMER_BACK).replace("{provide}", &answer);
    s.customer_says(&back);
    s.agent_wait();
    let short = s.thanks_short();
    let paragraphs = resolution(s, &Extras::default(), short);
    s.agent_says(paragraphs);
    wrap_up(s);
}

/// The same macro as the only answer to a specific problem.
fn flow_template(s: &mut Script) {
    let opening = s.opening();
    s.customer_says(&opening);
    s.bot_ack();
    s.agent_wait();
    let name = AGENTS[s.agent].name;
    let first = s.customer.first.clone();
    let text = format!("Hi {first},\n\n{TEMPLATE_BODY}\n\nKind regards,\n{name}\nExample Support");
    s.push(name.to_string(), Role::Agent, text, true);
    s.status("pending");
}

/// A Spanish-speaking customer, answered in English (mismatch) or Spanish.
fn flow_spanish(s: &mut Script, agent_spanish: bool) {
    let keys: Vec<&str> = SPANISH_CASES.iter().map(|c| c.subject).collect();
    let case = &SPANISH_CASES[s.deal(&keys)];
    s.customer_spanish = true;
    s.agent_spanish = agent_spanish;
    s.subject = case.subject.to_string();
    let opening = s.fill(case.opening);
    s.customer_says(&opening);
    s.bot_ack();
    let first = if agent_spanish {
        sentences(&[s.line(ES_THANKS), s.line(ES_SORRY), case.ask_es.to_string()])
    } else {
        s.vars.trouble = "the trouble".to_string();
        sentences(&[s.thanks_open(), s.sorry(), case.ask_en.to_string()])
    };
    s.agent_replies(vec![first]);
    let provide = s.fill(case.provide);
    let answer = if !agent_spanish && s.rng.percent(50) {
        format!("{ES_PLEASE_SPANISH} {provide}")
    } else {
        provide
    };
    s.customer_replies(&answer);
    let paragraphs = if agent_spanish {
        vec![
            sentences(&[s.line(ES_THANKS_SHORT), s.fill(case.fix_es)]),
            s.line(ES_CLOSING),
        ]
    } else {
        vec![
            sentences(&[s.thanks_short(), s.fill(case.fix_en)]),
            s.line(CLOSINGS),
        ]
    };
    s.agent_replies(paragraphs);
    let thanks = s.cline(ES_CUSTOMER_THANKS);
    s.customer_replies(&thanks);
    let bye = if agent_spanish {
        s.line(ES_FINAL)
    } else {
        s.goodbye()
    };
    s.agent_replies(vec![bye]);
    s.status("solved");
}

/// A Sunday-evening message still waiting at the end of the data.
fn flow_recent_unanswered(s: &mut Script) {
    let pool = if s.channel == Channel::Email {
        RECENT_EMAIL
    } else {
        RECENT_SOCIAL
    };
    let text = s.cline(pool);
    s.subject = "Question before ordering".to_string();
    s.customer_says(&text);
    s.exempt.push(0);
    if s.channel == Channel::Email {
        s.bot_ack();
    }
}

/// A third-party estimate that names a day, never a first-person promise.
fn third_party_estimate(s: &mut Script) -> String {
    let next = (day_of(s.now) + s.rng.range(1, 3)).rem_euclid(7).min(4);
    let day = WEEKDAYS[next as usize];
    let pool = [
        format!("The carrier's tracking estimates delivery on {day}."),
        format!("The courier's app shows it arriving on {day}."),
        format!("The courier expects to deliver it by {day}."),
        format!("UPS lists the new delivery date as {day}."),
    ];
    pool[s.rng.below(pool.len())].clone()
}

/// Runs the flow that the slot's plan calls for.
fn run_flow(s: &mut Script, slot: &Slot, start: i64) {
    for &m in &slot.mistakes {
        match m {
            Mistake::NoThanks => s.no_thanks = true,
            Mistake::NoPlease => s.no_please = true,
            Mistake::NoApology => s.no_apology = true,
            _ => {}
        }
    }
    let main = slot.mistakes.first().copied();
    let mut x = Extras::default();
    match (main, slot.look) {
        (Some(Mistake::HidingBehindPolicy), _) => return flow_exception(s, Refusal::Policy),
        (Some(Mistake::DoItForEveryone), _) => return flow_exception(s, Refusal::Everyone),
        (Some(Mistake::UnexplainedRefusal), _) => return flow_exception(s, Refusal::Unexplained),
        (Some(Mistake::VaguePromise), _) => return flow_promise(s, Promise::Vague),
        (Some(Mistake::MissedDeadline), _) => return flow_promise(s, Promise::Missed),
        (Some(Mistake::MissedDeadlineLate), _) => return flow_promise(s, Promise::MissedLate),
        (Some(Mistake::Transfers), _) => return flow_transfers(s, 2),
        (Some(Mistake::RefusedManager), _) => return flow_manager(s, false),
        (Some(Mistake::Redirect), _) => return flow_redirect(s),
        (Some(Mistake::Blame), _) => return flow_friction(s, Friction::Blame),
        (Some(Mistake::Contradiction), _) => return flow_friction(s, Friction::Contradiction),
        (Some(Mistake::Rude), _) => return flow_friction(s, Friction::Rude),
        (Some(Mistake::CustomerAbuse), _) => return flow_friction(s, Friction::Abuse),
        (Some(Mistake::DontKnow), _) => return flow_dont_know(s, false),
        (Some(Mistake::CustomerRepeats), _) => return flow_repeats(s),
        (Some(Mistake::Burst), _) => return flow_burst(s),
        (Some(Mistake::TemplateReply), _) => return flow_template(s),
        (Some(Mistake::LanguageMismatch), _) => return flow_spanish(s, false),
        (Some(Mistake::AskedAgain), _) => {
            let volunteered = s.cline(ask_text(s.topic.ask).volunteered);
            x.opening_extra = Some(volunteered);
            x.force_request = true;
        }
        (Some(Mistake::StockPhrase), _) => x.stock_phrase = true,
        (Some(Mistake::Unanswered), _) => x.unanswered_tail = true,
        (Some(Mistake::SlowFirstResponse), _) => {
            let late = match s.channel {
                Channel::Chat => start + s.rng.range(5 * MIN, 14 * MIN),
                Channel::Social => start + s.rng.range(2 * HOUR, 6 * HOUR),
                Channel::Email => start + s.rng.range(27 * HOUR, 44 * HOUR),
            };
            x.first_reply_at = Some(s.business_if_not_chat(late));
            s.exempt.push(0);
        }
        (Some(Mistake::OutOfHours), _) => {
            let opening = next_opening(start);
            let late = match s.channel {
                Channel::Email => opening + DAY + s.rng.range(HOUR, 5 * HOUR),
                _ => opening + s.rng.range(90 * MIN, 5 * HOUR),
            };
            x.first_reply_at = Some(late);
            s.exempt.push(0);
        }
        (Some(Mistake::OvernightSocial), _) => {
            x.first_reply_at = Some(next_opening(start) + s.rng.range(2 * MIN, 40 * MIN));
            s.exempt.push(0);
        }
        (Some(Mistake::LongWait), _) => x.slow_answer = Some(false),
        (Some(Mistake::ReportsIgnored), _) => x.slow_answer = Some(true),
        (Some(Mistake::NoPlease), _) => x.force_request = true,
        (Some(Mistake::WrongName), _) => {
            x.correct_name = s.rng.percent(50);
            x.force_request = x.correct_name;
        }
        // The rest are flags set above or the name chosen in `build`.
        (Some(_), _) => {}
        (None, Some(look)) => match look {
            LookAlike::SingleTransfer => return flow_transfers(s, 1),
            LookAlike::EscalatedManager => return flow_manager(s, true),
            LookAlike::RecentUnanswered => return flow_recent_unanswered(s),
            LookAlike::SpanishInSpanish => return flow_spanish(s, true),
            LookAlike::KeptDeadline => return flow_promise(s, Promise::Kept),
            LookAlike::PendingDeadline => return flow_promise(s, Promise::Pending),
            LookAlike::CustomerSaysPolicy => return flow_exception(s, Refusal::CustomerPolicy),
            LookAlike::AgentQuotesPolicy => return flow_exception(s, Refusal::Quoted),
            LookAlike::NegatedPolicy => return flow_exception(s, Refusal::Negated),
            LookAlike::ReasonedRefusal => return flow_exception(s, Refusal::Reasoned),
            LookAlike::DontKnowThenChecks => return flow_dont_know(s, true),
            LookAlike::EveningEmail => {
                x.first_reply_at = Some(next_opening(start) + s.rng.range(5 * MIN, 90 * MIN));
            }
            LookAlike::FriendlyWhatever => x.fix_extra = Some(s.line(FRIENDLY_WHATEVER)),
            LookAlike::ShouldHaveReceived => x.fix_extra = Some(s.line(SHOULD_HAVE_RECEIVED)),
            LookAlike::ThirdPartyEstimate => x.fix_extra = Some(third_party_estimate(s)),
            LookAlike::NoteRude => x.note = Some(s.rng.pick(NOTES_RUDE)),
            LookAlike::NotePolicy => x.note = Some(s.rng.pick(NOTES_POLICY)),
            LookAlike::Nickname
            | LookAlike::AccentDropped
            | LookAlike::TitleSurname
            | LookAlike::Hyphenated => {}
        },
        (None, None) => {}
    }
    flow_standard(s, x);
}

/// When a conversation starts, by what it carries: promises need days left
/// in the week, pending ones need the week to end first, and so on.
fn pick_start(rng: &mut Rng, slot: &Slot) -> i64 {
    let channel = slot.dest.channel();
    let main = slot.mistakes.first().copied();
    // (first day, last day, earliest minute, latest minute) in local time.
    let business = match channel {
        Channel::Chat => (0, 4, 9 * 60, 16 * 60 + 30),
        Channel::Email => (0, 4, 7 * 60, 16 * 60),
        Channel::Social => (0, 4, 9 * 60, 16 * 60 + 30),
    };
    let (first_day, last_day, from, to) = match (main, slot.look) {
        (Some(Mistake::MissedDeadline | Mistake::MissedDeadlineLate), _)
        | (_, Some(LookAlike::KeptDeadline)) => (0, 2, 9 * 60, 14 * 60),
        (_, Some(LookAlike::PendingDeadline)) => (3, 4, 10 * 60, 15 * 60),
        (Some(Mistake::Burst), _) => (0, 3, 9 * 60, 10 * 60 + 30),
        (Some(Mistake::OutOfHours), _) => (0, 2, 18 * 60, 22 * 60 + 30),
        (Some(Mistake::OvernightSocial), _) | (_, Some(LookAlike::EveningEmail)) => {
            (0, 3, 18 * 60, 22 * 60 + 30)
        }
        (_, Some(LookAlike::RecentUnanswered)) => (6, 6, 20 * 60, 22 * 60 + 40),
        (
            Some(
                Mistake::VaguePromise
                | Mistake::Unanswered
                | Mistake::SlowFirstResponse
                | Mistake::LongWait
                | Mistake::ReportsIgnored,
            ),
            _,
        ) => (0, 3, business.2, business.3),
        _ => business,
    };
    // Mondays are busiest, Fridays quietest.
    let weights: Vec<u64> = (first_day..=last_day)
        .map(|d| [28, 23, 20, 16, 13, 4, 4][d as usize])
        .collect();
    let day = first_day + rng.weighted(&weights) as i64;
    at(day, 0, 0) + rng.range(from * MIN, to * MIN) + rng.range(0, 59)
}

/// Who writes in, chosen to suit the plan (a nickname-able name for the
/// nickname look-alike, a Spanish speaker for the language cases...).
fn pick_customer(rng: &mut Rng, slot: &Slot, registry: &Registry) -> (Person, Address, String) {
    let main = slot.mistakes.first().copied();
    let wants_no_name = slot.mistakes.contains(&Mistake::NoName);
    let surname = rng.pick(SURNAMES);
    let (person, address, sign) = if slot.mistakes.contains(&Mistake::WrongName) {
        let (given, wrong) = rng.pick(WRONG_NAMES);
        (
            Person::new(given, surname),
            Address::Name(wrong.to_string()),
            given.to_string(),
        )
    } else if matches!(main, Some(Mistake::LanguageMismatch))
        || slot.look == Some(LookAlike::SpanishInSpanish)
    {
        let (given, last, _) = rng.pick(SPANISH_NAMES);
        (
            Person::new(given, last),
            Address::Name(given.to_string()),
            given.to_string(),
        )
    } else {
        match slot.look {
            Some(LookAlike::Nickname) => {
                let (given, nick) = rng.pick(NICKNAMES);
                (
                    Person::new(given, surname),
                    Address::Name(nick.to_string()),
                    nick.to_string(),
                )
            }
            Some(LookAlike::AccentDropped) => {
                let (given, plain) = rng.pick(ACCENT_DROPS);
                let &(_, last, _) = SPECIAL_NAMES
                    .iter()
                    .find(|n| n.0 == given)
                    .expect("accented name listed");
                (
                    Person::new(given, last),
                    Address::Name(plain.to_string()),
                    given.to_string(),
                )
            }
            Some(LookAlike::Hyphenated) => {
                let hyphenated: Vec<_> = SPECIAL_NAMES
                    .iter()
                    .filter(|n| n.0.contains('-') || n.1.contains('-'))
                    .collect();
                let &&(given, last, female) = &hyphenated[rng.below(hyphenated.len())];
                let address = if given.contains('-') {
                    given.to_string()
                } else {
                    format!("{} {last}", if female { "Ms" } else { "Mr" })
                };
                (
                    Person::new(given, last),
                    Address::Name(address),
                    given.to_string(),
                )
            }
            Some(LookAlike::TitleSurname) => {
                let female = rng.percent(50);
                let given = rng.pick(if female { GIVEN_F } else { GIVEN_M });
                let title = if female {
                    rng.pick(&["Ms", "Ms.", "Mrs."])
                } else {
                    rng.pick(&["Mr", "Mr."])
                };
                (
                    Person::new(given, surname),
                    Address::Name(format!("{title} {surname}")),
                    given.to_string(),
                )
            }
            _ => {
                let roll = rng.below(100);
                let person = if roll < 6 && !registry.people.is_empty() {
                    // A returning customer, same id as before.
                    registry.people[rng.below(registry.people.len())].clone()
                } else if roll < 18 {
                    let (given, last, _) = rng.pick(SPECIAL_NAMES);
                    Person::new(given, last)
                } else {
                    let female = rng.percent(55);
                    let given = rng.pick(if female { GIVEN_F } else { GIVEN_M });
                    Person::new(given, surname)
                };
                let first = person.first.clone();
                (person, Address::Name(first.clone()), first)
            }
        }
    };
    let address = if wants_no_name {
        Address::Generic
    } else {
        address
    };
    (person, address, sign)
}

fn pick_topic(rng: &mut Rng, slot: &Slot) -> &'static Topic {
    // "Asked again" needs something a customer can volunteer in the opening.
    let needs_volunteer = slot.mistakes.first() == Some(&Mistake::AskedAgain);
    // A carrier's estimate needs a parcel on its way.
    let needs_parcel = slot.look == Some(LookAlike::ThirdPartyEstimate);
    loop {
        let topic = &TOPICS[rng.below(TOPICS.len())];
        if (!needs_volunteer || topic.ask != Ask::Photo) && (!needs_parcel || topic.ships) {
            return topic;
        }
    }
}

/// Builds the slot's conversation, retrying with a new start time and cast
/// until its timing is exactly what the plan says.
fn build(rng: &mut Rng, bags: &mut Bags, slot: &Slot, registry: &mut Registry) -> Conversation {
    for _attempt in 0..300 {
        let start = pick_start(rng, slot);
        let (customer, address, sign_name) = pick_customer(rng, slot, registry);
        let topic = pick_topic(rng, slot);
        let item = rng.pick(if topic.electric {
            ELECTRIC_ITEMS
        } else {
            ITEMS
        });
        let vars = Vars {
            order: rng.range(40_000, 69_999).to_string(),
            item,
            amount: format!("${}.{:02}", rng.range(12, 249), rng.range(0, 99)),
            digits: rng.range(1000, 9999).to_string(),
            phone: format!("({}) 555-01{:02}", rng.pick(AREA_CODES), rng.range(0, 99)),
            email: customer.email(),
            trouble: topic.trouble.replace("{item}", item),
        };
        let mut s = Script {
            rng: &mut *rng,
            bags: &mut *bags,
            channel: slot.dest.channel(),
            now: start,
            customer: customer.clone(),
            sign_name,
            address,
            agent: slot.agent,
            greeted: Vec::new(),
            topic,
            vars,
            subject: String::new(),
            no_thanks: false,
            no_please: false,
            no_apology: false,
            customer_spanish: false,
            agent_spanish: false,
            messages: Vec::new(),
            events: Vec::new(),
            exempt: Vec::new(),
            allow_burst: false,
            failed: false,
            deadline: None,
        };
        s.subject = s.fill(topic.subject);
        run_flow(&mut s, slot, start);
        if s.failed || !s.timing_ok() {
            continue;
        }
        let Script {
            subject,
            messages,
            events,
            deadline,
            ..
        } = s;
        let customer_id = registry.id_for(&customer);
        return Conversation {
            id: String::new(),
            dest: slot.dest,
            subject,
            customer,
            customer_id,
            agent: slot.agent,
            messages,
            events,
            mistakes: slot.mistakes.clone(),
            look: slot.look,
            deadline,
        };
    }
    panic!(
        "no timing fits {:?} / {:?} on {:?}",
        slot.mistakes, slot.look, slot.dest
    );
}

// ---------------------------------------------------------------------------
// Planning the week

fn plan_week(rng: &mut Rng) -> Vec<Slot> {
    let total: usize = VOLUME.iter().map(|v| v.1).sum();
    let mut agents: Vec<usize> = (0..total).map(|i| i % AGENTS.len()).collect();
    rng.shuffle(&mut agents);
    let mut slots: Vec<Slot> = VOLUME
        .iter()
        .flat_map(|&(dest, n)| std::iter::repeat_n(dest, n))
        .zip(agents)
        .map(|(dest, agent)| Slot {
            dest,
            agent,
            mistakes: Vec::new(),
            look: None,
        })
        .collect();

    for &(mistake, count) in MISTAKE_DECK {
        for _ in 0..count {
            let i = pick_slot(
                rng,
                &slots,
                |s| s.is_free() && mistake.fits(s),
                |s| mistake.weight(&AGENTS[s.agent]),
            )
            .unwrap_or_else(|| panic!("no slot left for {mistake:?}"));
            slots[i].mistakes.push(mistake);
        }
    }
    for &(look, count) in LOOK_ALIKE_DECK {
        for _ in 0..count {
            let i = pick_slot(rng, &slots, |s| s.is_free() && look.fits(s), |_| 1)
                .unwrap_or_else(|| panic!("no slot left for {look:?}"));
            slots[i].look = Some(look);
        }
    }
    // The two worst agents pile courtesy mistakes on top of their main one.
    for slot in &mut slots {
        let worst = AGENTS[slot.agent].badness >= 70;
        if worst
            && slot
                .mistakes
                .first()
                .is_some_and(|m| COMBINABLE.contains(m))
        {
            if slot.mistakes[0] != Mistake::NoThanks && rng.percent(50) {
                slot.mistakes.push(Mistake::NoThanks);
            }
            if rng.percent(30) {
                slot.mistakes.push(Mistake::NoApology);
            }
        }
    }
    slots
}

fn pick_slot(
    rng: &mut Rng,
    slots: &[Slot],
    ok: impl Fn(&Slot) -> bool,
    weight: impl Fn(&Slot) -> u64,
) -> Option<usize> {
    let candidates: Vec<usize> = (0..slots.len()).filter(|&i| ok(&slots[i])).collect();
    if candidates.is_empty() {
        return None;
    }
    let weights: Vec<u64> = candidates.iter().map(|&i| weight(&slots[i])).collect();
    Some(candidates[rng.weighted(&weights)])
}

fn generate() -> Vec<Conversation> {
    let mut rng = Rng(0x7AC7_2026_1116_0001);
    let slots = plan_week(&mut rng);
    let mut registry = Registry::default();
    let mut bags = Bags::default();
    let mut conversations: Vec<Conversation> = slots
        .iter()
        .map(|slot| build(&mut rng, &mut bags, slot, &mut registry))
        .collect();

    // Ids follow the time each conversation started, per file.
    for &(dest, _) in VOLUME {
        let mut order: Vec<usize> = (0..conversations.len())
            .filter(|&i| conversations[i].dest == dest)
            .collect();
        order.sort_by_key(|&i| (conversations[i].messages[0].ts, i));
        for (n, &i) in order.iter().enumerate() {
            let id = dest.id(n);
            for m in &mut conversations[i].messages {
                m.text = m.text.replace("{ticket}", &id);
            }
            conversations[i].id = id;
        }
    }
    conversations.sort_by(|a, b| (a.dest as u8, &a.id).cmp(&(b.dest as u8, &b.id)));
    verify(&conversations);
    conversations
}

/// Checks that only make sense once the whole week exists: the as-of time is
/// a still-fresh Sunday message, pending deadlines fall after it and missed
/// ones before it.
fn verify(conversations: &[Conversation]) {
    let newest = conversations
        .iter()
        .flat_map(|c| c.messages.iter().map(move |m| (m.ts, c)))
        .max_by_key(|&(ts, c)| (ts, c.id.clone()))
        .expect("some messages");
    let as_of = newest.0;
    assert_eq!(
        newest.1.look,
        Some(LookAlike::RecentUnanswered),
        "the newest message is not a fresh Sunday one"
    );
    for c in conversations {
        if let Some((kind, deadline)) = c.deadline {
            match kind {
                Promise::Pending => {
                    assert!(deadline > as_of, "{} pending deadline before as-of", c.id)
                }
                Promise::Missed | Promise::MissedLate => {
                    assert!(deadline < as_of, "{} missed deadline after as-of", c.id)
                }
                Promise::Kept | Promise::Vague => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Writers

/// A JSON string literal: quotes, backslashes and control characters escaped,
/// everything else written as UTF-8.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_field(out: &mut String, key: &str, value: &str) {
    json_str(out, key);
    out.push(':');
    json_str(out, value);
}

/// One canonical JSONL line (DESIGN.md §3). `public` is written only for
/// internal notes, as in the spec's example.
fn jsonl_line(c: &Conversation) -> String {
    let mut out = String::from("{");
    json_field(&mut out, "id", &c.id);
    out.push(',');
    json_field(&mut out, "channel", c.dest.channel().name());
    out.push(',');
    json_field(&mut out, "subject", &c.subject);
    out.push_str(",\"customer\":{");
    json_field(&mut out, "id", &c.customer_id);
    out.push(',');
    json_field(&mut out, "name", &c.customer.full());
    out.push(',');
    json_field(&mut out, "email", &c.customer.email());
    out.push_str("},\"messages\":[");
    for (i, m) in c.messages.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        json_field(&mut out, "id", &format!("m{}", i + 1));
        out.push(',');
        json_field(&mut out, "author", &m.author);
        out.push(',');
        json_field(&mut out, "role", m.role.name());
        out.push(',');
        json_field(&mut out, "ts", &rfc3339(m.ts));
        out.push(',');
        json_field(&mut out, "text", &m.text);
        if !m.public {
            out.push_str(",\"public\":false");
        }
        out.push('}');
    }
    out.push_str("],\"events\":[");
    for (i, e) in c.events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        match e {
            Event::Transfer { ts, from, to } => {
                json_field(&mut out, "ts", &rfc3339(*ts));
                out.push_str(",\"kind\":\"transfer\",");
                json_field(&mut out, "from", from);
                out.push(',');
                json_field(&mut out, "to", to);
            }
            Event::Assign { ts, to } => {
                json_field(&mut out, "ts", &rfc3339(*ts));
                out.push_str(",\"kind\":\"assign\",\"from\":null,");
                json_field(&mut out, "to", to);
            }
            Event::Status { ts, status } => {
                json_field(&mut out, "ts", &rfc3339(*ts));
                out.push_str(",\"kind\":\"status\",");
                json_field(&mut out, "status", status);
            }
        }
        out.push('}');
    }
    out.push_str("]}\n");
    out
}

/// RFC 4180: a field with a comma, quote, CR or LF is quoted, inner quotes
/// doubled.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn social_csv(conversations: &[&Conversation]) -> String {
    let mut out = String::from(
        "conversation_id,message_id,channel,customer_name,author,role,timestamp,text,public\r\n",
    );
    for c in conversations {
        for (i, m) in c.messages.iter().enumerate() {
            let row = [
                c.id.clone(),
                format!("m{}", i + 1),
                "social".to_string(),
                c.customer.full(),
                m.author.clone(),
                m.role.name().to_string(),
                rfc3339(m.ts),
                m.text.clone(),
                m.public.to_string(),
            ];
            let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// Breaks a long line at spaces into continuation lines, never letting one
/// start with `[` or `#`, which would read as a new message or header.
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let breakable = !word.starts_with(['[', '#']);
            if !line.is_empty() && line.len() + 1 + word.len() > width && breakable {
                lines.push(std::mem::take(&mut line));
            } else if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

fn chatlog(c: &Conversation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# conversation {}", c.id);
    out.push_str("# channel: chat\n");
    let _ = writeln!(out, "# customer: {}", c.customer.full());
    let _ = writeln!(out, "# subject: {}", c.subject);
    for m in &c.messages {
        let role = match (m.role, m.public) {
            (Role::Agent, false) => "agent note",
            (role, _) => role.name(),
        };
        let line = format!("[{}] {} ({role}): {}", local_stamp(m.ts), m.author, m.text);
        // Long messages wrap the way chat exports do, which exercises
        // continuation lines.
        let _ = writeln!(out, "{}", wrap(&line, 100));
    }
    out
}

/// Chat logs in files of three and two conversations, in time order.
fn write_chatlogs(dir: &Path, conversations: &[&Conversation]) -> io::Result<usize> {
    fs::create_dir_all(dir)?;
    // Clear files from an earlier run so a changed split leaves no stale logs.
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("chat-2026-11-") && name.ends_with(".txt") {
            fs::remove_file(&path)?;
        }
    }
    let mut files = 0;
    let mut rest = conversations;
    while !rest.is_empty() {
        let take = if files % 2 == 0 { 3 } else { 2 }.min(rest.len());
        let (chunk, tail) = rest.split_at(take);
        rest = tail;
        files += 1;
        let date = &local_stamp(chunk[0].messages[0].ts)[..10];
        let body: Vec<String> = chunk.iter().map(|c| chatlog(c)).collect();
        fs::write(
            dir.join(format!("chat-{date}-{files:02}.txt")),
            body.join("\n"),
        )?;
    }
    Ok(files)
}

fn manifest(conversations: &[Conversation]) -> String {
    let mut out = String::from("id\tfile\tagent\texpected\talso\tlook_alike\ttempts\n");
    for c in conversations {
        let expected: Vec<&str> = c.mistakes.iter().map(|m| m.rule()).collect();
        let mut also: Vec<&str> = c
            .mistakes
            .iter()
            .flat_map(|m| m.also().iter().copied())
            .collect();
        // A slow reply to a message sent before opening time is also an
        // out-of-hours wait when it comes after the opening plus the SLA.
        let out_of_hours = "responsiveness/out-of-hours";
        if waited_out_of_hours(c)
            && !expected.contains(&out_of_hours)
            && !also.contains(&out_of_hours)
        {
            also.push(out_of_hours);
        }
        let look = c.look.map(|l| format!("{l:?}")).unwrap_or_default();
        let tempts = c.look.map(LookAlike::tempts).unwrap_or_default();
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{look}\t{tempts}",
            c.id,
            c.dest.file(),
            AGENTS[c.agent].name,
            expected.join(","),
            also.join(",")
        );
    }
    out
}

/// Whether a customer message sent while the team was closed was answered
/// later than the next opening plus the channel's SLA.
fn waited_out_of_hours(c: &Conversation) -> bool {
    let sla = c.dest.channel().sla();
    c.messages.iter().enumerate().any(|(i, m)| {
        m.role == Role::Customer
            && !in_business(m.ts)
            && c.messages[i + 1..]
                .iter()
                .find(|r| r.role == Role::Agent && r.public)
                .is_some_and(|r| r.ts > next_opening(m.ts) + sla)
    })
}

fn tally(conversations: &[Conversation], chatlog_files: usize) {
    eprintln!(
        "wrote {} conversations ({chatlog_files} chat log files)",
        conversations.len()
    );
    for &(dest, n) in VOLUME {
        eprintln!("  {:<12} {n}", dest.file());
    }
    let clean = conversations
        .iter()
        .filter(|c| c.mistakes.is_empty())
        .count();
    eprintln!(
        "clean: {clean} ({}%), with mistakes: {}",
        clean * 100 / conversations.len(),
        conversations.len() - clean
    );
    eprintln!("mistakes planted (main + added courtesy ones):");
    for &(mistake, _) in MISTAKE_DECK {
        let main = conversations
            .iter()
            .filter(|c| c.mistakes.first() == Some(&mistake))
            .count();
        let added = conversations
            .iter()
            .filter(|c| c.mistakes.iter().skip(1).any(|m| *m == mistake))
            .count();
        eprintln!(
            "  {:<42} {:<20} {main} + {added}",
            mistake.rule(),
            format!("{mistake:?}")
        );
    }
    eprintln!("look-alikes (must not fire):");
    for &(look, _) in LOOK_ALIKE_DECK {
        let n = conversations
            .iter()
            .filter(|c| c.look == Some(look))
            .count();
        eprintln!(
            "  {:<20} {n}  (tempts {})",
            format!("{look:?}"),
            look.tempts()
        );
    }
    let messages = conversations.iter().flat_map(|c| &c.messages);
    let bots = messages.clone().filter(|m| m.role == Role::Bot).count();
    let notes = messages.clone().filter(|m| !m.public).count();
    let systems = messages.filter(|m| m.role == Role::System).count();
    eprintln!("bot messages: {bots}, internal notes: {notes}, system messages: {systems}");
    eprintln!("per agent: conversations / with mistakes / mistakes");
    for (a, agent) in AGENTS.iter().enumerate() {
        let mine: Vec<&Conversation> = conversations.iter().filter(|c| c.agent == a).collect();
        let bad = mine.iter().filter(|c| !c.mistakes.is_empty()).count();
        let count: usize = mine.iter().map(|c| c.mistakes.len()).sum();
        eprintln!(
            "  {:<16} {:>3} {:>3} {:>3}",
            agent.name,
            mine.len(),
            bad,
            count
        );
    }
}

fn main() -> io::Result<()> {
    let mut out_dir = PathBuf::from("fixtures/sample-week");
    let mut manifest_path = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--manifest" {
            manifest_path = args.next().map(PathBuf::from);
        } else {
            out_dir = PathBuf::from(arg);
        }
    }
    let conversations = generate();
    fs::create_dir_all(&out_dir)?;
    let of = |dest: Dest| -> Vec<&Conversation> {
        conversations.iter().filter(|c| c.dest == dest).collect()
    };
    let chat: String = of(Dest::ChatJsonl).iter().map(|c| jsonl_line(c)).collect();
    fs::write(out_dir.join("chat.jsonl"), chat)?;
    let email: String = of(Dest::EmailJsonl).iter().map(|c| jsonl_line(c)).collect();
    fs::write(out_dir.join("email.jsonl"), email)?;
    fs::write(out_dir.join("social.csv"), social_csv(&of(Dest::SocialCsv)))?;
    let files = write_chatlogs(&out_dir.join("chatlogs"), &of(Dest::Chatlog))?;
    if let Some(path) = manifest_path {
        fs::write(path, manifest(&conversations))?;
    }
    tally(&conversations, files);
    Ok(())
}
