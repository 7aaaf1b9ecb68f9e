//! Generates a large, realistic benchmark corpus of support conversations in
//! canonical JSON Lines, for timing `tact audit` at scale (`bench/run`).
//!
//! ```text
//! cargo run --release --example gen_bench_corpus -- --size 1GB [--seed 42] [--out FILE]
//! ```
//!
//! Sizes are decimal (`10MB` = 10,000,000 bytes; `B`, `KB`, `MB`, `GB`, `TB`).
//! Output goes to stdout unless `--out` is given; generation stops after the
//! first whole line that reaches the size. A one-line summary (conversations,
//! messages, bytes, seconds, language mix) goes to stderr.
//!
//! This is a development tool, not part of the `tact` binary. It is std-only
//! on purpose, so it never depends on the state of `src/`, and it also builds
//! alone with `rustc --edition 2024 -O examples/gen_bench_corpus.rs`.
//!
//! Properties the benchmark relies on:
//!
//! - Byte-for-byte deterministic from the seed: every conversation draws from
//!   its own splitmix64 stream derived from the seed and its index, so the
//!   size only decides where the output stops (a 10MB corpus is a prefix of
//!   the 1GB corpus with the same seed).
//! - Streaming in constant memory: one reused line buffer and a `BufWriter`.
//! - Realistic text: about 17 messages per conversation (mostly 8 to 30,
//!   about 3.3 KB a line), chat, email and social channels, 300 agents,
//!   customers with accented names, 75% English and 10/5/5/5%
//!   Spanish/French/German/Portuguese, emoji, curly quotes and dashes, bot
//!   acknowledgements, internal notes and status events, timestamps in
//!   2026-07-01..2026-09-30. Messages are assembled from combinatorial pools
//!   per topic and language, so conversations are not one template repeated.
//! - Findings to find: about a third of all conversations (nearly half of
//!   the English ones, more for weaker agents) carry one or two classic
//!   mistakes (hiding behind policy, "calm down", a missed promise, a
//!   runaround of transfers, a refused manager, the customer repeating
//!   themselves, no thanks or no apology...), and clean ones carry friendly
//!   look-alikes that must not fire. Agents also send a few canned macros
//!   verbatim, for template detection. `tact audit --as-of
//!   2026-10-01T00:00:00Z` finds about 0.5 findings per conversation.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny and stable across platforms and Rust versions (the same
/// bytes on every machine).
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    /// The stream of one conversation (or customer): independent of how many
    /// others came before, which keeps outputs of different sizes prefixes
    /// of each other.
    fn derive(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.0 ^= r.next_u64() ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        r.next_u64();
        r
    }

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
// Time: Unix seconds, UTC. The desk is in New York (EDT, UTC-4, all quarter).

const MIN: i64 = 60;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// 2026-07-01 00:00 UTC.
const START_DAY: i64 = days_from_civil(2026, 7, 1);
/// Days from 2026-07-01 to 2026-09-30 inclusive.
const QUARTER_DAYS: i64 = 92;
/// New York is UTC-4 in July to September.
const NY_OFFSET: i64 = -4 * HOUR;
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

/// Monday is 0. 1970-01-01 was a Thursday.
fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

fn push_2(out: &mut String, n: i64) {
    out.push((b'0' + (n / 10) as u8) as char);
    out.push((b'0' + (n % 10) as u8) as char);
}

/// `2026-07-16T14:02:11Z`
fn push_rfc3339(out: &mut String, ts: i64) {
    let (y, m, d) = civil_from_days(ts.div_euclid(DAY));
    let s = ts.rem_euclid(DAY);
    push_2(out, y / 100);
    push_2(out, y % 100);
    out.push('-');
    push_2(out, m);
    out.push('-');
    push_2(out, d);
    out.push('T');
    push_2(out, s / HOUR);
    out.push(':');
    push_2(out, s % HOUR / MIN);
    out.push(':');
    push_2(out, s % MIN);
    out.push('Z');
}

fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(b as char);
    }
}

/// `n` zero-padded to `width` digits.
fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = 1;
    let mut m = n;
    while m >= 10 {
        m /= 10;
        digits += 1;
    }
    for _ in digits..width {
        out.push('0');
    }
    push_u64(out, n);
}

// ---------------------------------------------------------------------------
// JSON

/// Appends `s` as the inside of a JSON string: quotes, backslashes and
/// control characters escaped, everything else (non-ASCII too) raw UTF-8.
fn push_json_str(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => {
                out.push_str(&s[start..i]);
                out.push_str("\\u00");
                for nibble in [b >> 4, b & 0xf] {
                    out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
                }
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        // Only ASCII bytes are escaped, so `i` is always a char boundary.
        out.push_str(&s[start..i]);
        out.push_str(esc);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

// ---------------------------------------------------------------------------
// People

const AGENT_COUNT: usize = 300;
/// Agents per language, in `Lang` order; they add up to `AGENT_COUNT`.
const AGENTS_PER_LANG: [usize; 5] = [225, 30, 15, 15, 15];
/// Distinct customers conversations are drawn from.
const CUSTOMER_COUNT: u64 = 400_000;
const COMPANY: &str = "Lumen Store";
const BOT_NAME: &str = "Lumen Assistant";

const AGENT_FIRST: &str = "José|Zoë|Łukasz|Søren|Siobhán|Thảo|Dana|Mei|Jamal|Priya|Chloé|Björn|\
    Ana|Marcus|Aisha|Tomás|Ingrid|Kwame|Hana|Oliver|Sofia|Mateus|Amélie|\
    Rahul|Elif|Noah|Grace|Yusuf|Lena|Diego|Nadia|Kenji|Fatima|Liam|\
    Camille|Jonas|Aoife|Ravi|Carmen|Emeka|Wei|Jing|Olga|Pablo|Renée|Sami|\
    Tanvi|Hugo|Maja|Seán";
const AGENT_LAST: &str = "García|Chen|陈|Nguyễn|Kowalski|Sørensen|O'Connor|Ó Briain|Müller|\
    Dubois|Silva|Patel|Okafor|Reyes|Wright|Johansson|Novák|Rossi|Kim|\
    Haddad|Mendes|Fischer|Walsh|Andersen|Yılmaz|Ortiz|Brennan|Tanaka|\
    Lindqvist|Adeyemi|Hughes|Bianchi|Costa|Fernández|Zieliński|Murphy|\
    Schäfer|Lefèvre|Ahmed|Park";
/// Given names for agents whose family name is 陈, written family-first.
const CJK_GIVEN: &[&str] = &["静", "伟", "芳", "磊", "敏", "杰", "丽", "强", "洁", "涛"];

struct Agent {
    /// Display name, the `author` of their messages.
    name: String,
    /// What customers call them and how they sign.
    first: String,
    /// Chance in percent that one of their English conversations carries a
    /// mistake: agents differ, so that agent scores differ.
    mistake_pct: u64,
}

fn make_agents(seed: u64) -> (Vec<Agent>, [Vec<u16>; 5]) {
    let mut rng = Rng::derive(seed, 1, 0);
    let firsts: Vec<&str> = AGENT_FIRST.split('|').collect();
    let lasts: Vec<&str> = AGENT_LAST.split('|').collect();
    let mut combos: Vec<(usize, usize)> = (0..firsts.len())
        .flat_map(|f| (0..lasts.len()).map(move |l| (f, l)))
        .collect();
    rng.shuffle(&mut combos);
    let mut agents: Vec<Agent> = Vec::with_capacity(AGENT_COUNT);
    for &(f, l) in &combos {
        if agents.len() == AGENT_COUNT {
            break;
        }
        let (name, first) = if lasts[l] == "陈" {
            let full = format!("陈{}", rng.pick(CJK_GIVEN));
            (full.clone(), full)
        } else {
            (format!("{} {}", firsts[f], lasts[l]), firsts[f].to_string())
        };
        if agents.iter().any(|a| a.name == name) {
            continue;
        }
        let mistake_pct = [30, 50, 80][rng.weighted(&[40, 40, 20])];
        agents.push(Agent {
            name,
            first,
            mistake_pct,
        });
    }
    let mut order: Vec<u16> = (0..AGENT_COUNT as u16).collect();
    rng.shuffle(&mut order);
    let mut by_lang: [Vec<u16>; 5] = Default::default();
    let mut at = 0;
    for (lang, &n) in AGENTS_PER_LANG.iter().enumerate() {
        by_lang[lang] = order[at..at + n].to_vec();
        at += n;
    }
    (agents, by_lang)
}

/// Customer names by language: (given names, family names), `|`-separated.
const CUSTOMER_NAMES: [(&str, &str); 5] = [
    (
        "James|Mary|Robert|Patricia|Michael|Jennifer|Linda|David|Elizabeth|\
        William|Barbara|Richard|Susan|Joseph|Jessica|Thomas|Sarah|Aisha|\
        Mohammed|Priya|Raj|Chloé|Renée|Zoë|Noémie|André|Björn|Åsa|Øystein|\
        Łukasz|Małgorzata|Siobhán|Seán|Niamh|Aoife|Thảo|Kenji|Yuki|Mei|Wei|\
        Olumide|Chidi|Fatima|Omar|Emma|Olivia|Liam|Noah|Ava|Isabella|Sophia|\
        Mia|Lucas|Ethan|Grace|Hannah|Dmitri|Anastasia|İlker|Şebnem|Brenda|\
        Kevin|Karen|Tyler|Ashley|Brandon|Nicole|Jorge|Lucía",
        "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|\
        Martinez|Hernández|López|González|Wilson|Anderson|Taylor|Thomas|Moore|\
        Jackson|Martin|Lee|Thompson|White|Harris|Clark|Lewis|Robinson|Walker|\
        Young|Allen|King|Wright|Scott|Nguyễn|Trần|Patel|Shah|Kowalski|Nowak|\
        Wiśniewski|O'Brien|Ó Súilleabháin|Müller|Ødegaard|Sørensen|Kim|Park|\
        Tanaka|Okafor|Adeyemi|Dubois|Çelik|Yılmaz|Larsen|Bergström",
    ),
    (
        "José|María|Jesús|Ángel|Sofía|Lucía|Martín|Andrés|Raúl|Inés|Begoña|\
        Íñigo|Nuria|Pilar|Javier|Carmen|Álvaro|Mónica|Héctor|Verónica",
        "García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|\
        Gómez|Martín|Jiménez|Ruiz|Hernández|Díaz|Muñoz|Álvarez|Romero|Núñez|\
        Ibáñez|Peña",
    ),
    (
        "Léa|Chloé|Zoé|Théo|Hélène|Élodie|François|Jérôme|Gaëlle|Anaïs|Benoît|\
        Céline|Loïc|Margaux|Mathis|Noël|Amélie|Clément|Inès|Raphaël",
        "Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|\
        Lefèvre|Fournier|Girard|Bonnet|Dupont|Lambert|Fontaine|Rousseau|\
        Mercier|Béranger",
    ),
    (
        "Jürgen|Jörg|Björn|Käthe|Lena|Lukas|Maximilian|Sören|Uwe|Anja|Katrin|\
        Ute|Günter|Sabine|Jan|Mia|Felix|Hannah|Tobias|Jörn",
        "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|\
        Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|\
        Krüger|Weiß",
    ),
    (
        "João|Conceição|Gonçalo|Inês|Tânia|Márcio|Lúcia|Antônio|Sebastião|\
        Vitória|Thiago|Mariana|Letícia|Rafael|Beatriz|Caio|Fábio|Júlia|Luís|\
        Simão",
        "Silva|Santos|Oliveira|Souza|Rodrigues|Ferreira|Alves|Pereira|Lima|\
        Gomes|Ribeiro|Carvalho|Araújo|Gonçalves|Magalhães|Simões|Brandão|\
        Assunção|Guimarães|Falcão",
    ),
];
/// A few English-speaking customers write their name in Chinese characters.
const CJK_CUSTOMERS: &[&str] = &["陈静", "王芳", "李伟", "张敏", "刘洋"];
const EMAIL_DOMAINS: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "mail.example",
    "inbox.example",
];

/// The ASCII spelling of a lower-case letter for email addresses; `None`
/// drops it.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'a'..='z' | '0'..='9' => return None,
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'ả' | 'ầ' | 'ạ' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ễ' | 'ế' => "e",
        'í' | 'ì' | 'î' | 'ï' | 'ı' => "i",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ő' => "o",
        'ú' | 'ù' | 'û' | 'ü' => "u",
        'ç' | 'ć' | 'č' => "c",
        'ñ' | 'ń' => "n",
        'ś' | 'š' | 'ş' => "s",
        'ł' => "l",
        'ß' => "ss",
        'æ' => "ae",
        'ğ' => "g",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    })
}

/// Appends the lower-case ASCII form of a name (letters only).
fn push_ascii(out: &mut String, name: &str) {
    for c in name.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            None => out.push(c),
            Some(s) => out.push_str(s),
        }
    }
}

// ---------------------------------------------------------------------------
// Text pools

const EN: usize = 0;
const LANG_WEIGHTS: [u64; 5] = [75, 10, 5, 5, 5];
const LANG_NAMES: [&str; 5] = ["en", "es", "fr", "de", "pt"];

const TOPICS: usize = 6;
/// Kinds of detail an agent asks for: order number, card digits, account
/// email, tracking number, a photo.
const KINDS: usize = 5;
const K_PHOTO: usize = 4;
/// Which details suit each topic, best first.
const ASK_PREF: [&[usize]; TOPICS] = [
    &[0, 4, 2],
    &[1, 0, 2],
    &[0, 4, 2],
    &[2, 4],
    &[3, 0, 2],
    &[2, 0, 4],
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    Chat,
    Email,
    Social,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Social => "social",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Customer,
    Agent,
    Bot,
    Note,
}

#[derive(Clone, Copy)]
enum DateFmt {
    /// July 14
    MonthDay,
    /// 14 de julio
    DayDeMonth,
    /// 14 juillet
    DayMonth,
    /// 14. Juli
    DayDotMonth,
}

#[derive(Clone, Copy)]
enum Money {
    /// $49.99
    Dollar,
    /// 49,99 €
    Euro,
    /// R$ 49,99
    Real,
}

type Pool = &'static [&'static str];

/// Everything one language needs. Per-topic pools are indexed by topic:
/// orders, billing, refunds, login, shipping, subscriptions. `ask_what` and
/// `details` are indexed by the kind of detail asked for (see `ASK_PREF`).
/// `followups` pair up with `answers`, and `gen_followups` with
/// `gen_answers`, by index.
struct Pack {
    subjects: [Pool; TOPICS],
    cust_hi: Pool,
    problems: [Pool; TOPICS],
    extra: Pool,
    ask_what: [&'static str; KINDS],
    ask: Pool,
    details: [Pool; KINDS],
    followups: [Pool; TOPICS],
    answers: [Pool; TOPICS],
    gen_followups: Pool,
    gen_answers: Pool,
    updates: [Pool; TOPICS],
    cust_lead: Pool,
    cust_tail: Pool,
    agent_lead: Pool,
    agent_tail: Pool,
    fixes: [Pool; TOPICS],
    checking: Pool,
    clarify: Pool,
    clarify_reply: Pool,
    cust_ack: Pool,
    cust_nudge: Pool,
    cust_thanks: Pool,
    closings: Pool,
    thanks: Pool,
    sorry: [Pool; TOPICS],
    agent_hi: Pool,
    bot: Pool,
    sign_off: Pool,
    months: [&'static str; 12],
    date_fmt: DateFmt,
    items: Pool,
    money: Money,
}

const EN_PACK: Pack = Pack {
    subjects: [
        &[
            "Wrong item in my order",
            "Order {order} missing an item",
            "Can I change my order?",
            "Order stuck in processing",
        ],
        &[
            "Charged twice",
            "Question about my invoice",
            "Unexpected charge on my card",
            "Payment declined",
        ],
        &[
            "Refund not received",
            "Return and refund",
            "Refund request for {order}",
            "Damaged item – refund?",
        ],
        &[
            "Can't log in",
            "Password reset not working",
            "Account locked",
            "Two-factor code never arrives",
        ],
        &[
            "Where is my parcel?",
            "Delivery delayed",
            "Tracking not updating",
            "Package marked delivered but not here",
        ],
        &[
            "Cancel my subscription",
            "Subscription renewed without notice",
            "Change my plan",
            "Pause my membership",
        ],
    ],
    cust_hi: &[
        "Hi,",
        "Hello,",
        "Hi there,",
        "Hey,",
        "Good morning,",
        "Good afternoon,",
        "Hello team,",
        "Hi {company},",
    ],
    problems: [
        &[
            "I ordered a {item} on {date} (order {order}) but received something completely different.",
            "My order {order} arrived today and the {item} is missing from the box.",
            "I placed order {order} yesterday and I'd like to change the delivery address before it ships.",
            "Order {order} has been stuck on “processing” since {date}. Is something wrong?",
            "I accidentally ordered two of the same {item}. Can you cancel one of them before it ships?",
            "The {item} I ordered on {date} came in the wrong colour — I picked black and got white.",
        ],
        &[
            "I was charged {amount} twice for order {order}. Can you please check?",
            "There's a charge of {amount} on my card ending in {last4} that I don't recognise.",
            "My invoice from {date} shows {amount} but the price on your website was lower.",
            "My payment keeps getting declined even though my card ending in {last4} works everywhere else.",
            "I was billed {amount} after I downgraded my plan. That doesn't look right.",
            "I need a proper VAT invoice for order {order}; the one I downloaded is missing my company details.",
        ],
        &[
            "I returned the {item} two weeks ago and still haven't received my refund of {amount}.",
            "The {item} from order {order} arrived broken. I'd like a refund, please.",
            "You confirmed my refund of {amount} on {date} but nothing has shown up on my card.",
            "I cancelled order {order} within an hour but I was still charged {amount}. When will I get the money back?",
            "Only part of my refund came through — I got {amount2} instead of {amount}.",
            "The {item} doesn't fit. How do I return it and get my money back?",
        ],
        &[
            "I can't log in to my account. It keeps saying my password is wrong, even after I reset it.",
            "The password reset email never arrives. I've checked spam too.",
            "My account got locked after a few attempts and now I can't get in at all.",
            "I'm not getting the two-factor code by SMS anymore, so I'm stuck at the login screen.",
            "I changed my email address last week and now I can't log in with either address.",
            "The desktop app shows \"Error 0x80070005\" when I sign in, and the log in C:\\Users\\me\\AppData\\Lumen says \"token expired\".",
        ],
        &[
            "My parcel {track} was supposed to arrive on {date} and it still isn't here.",
            "Tracking for order {order} hasn't updated in {days} days.",
            "The tracking says “delivered” but there's nothing at my door or with my neighbours.",
            "My order {order} was sent to my old address. Can you redirect it?",
            "The courier left a card but there's no option to rebook the delivery for parcel {track}.",
            "It's been {days} days and my {item} hasn't even shipped yet.",
        ],
        &[
            "I want to cancel my {plan} subscription but I can't find the option anywhere.",
            "My {plan} plan renewed yesterday for {amount} without any reminder email.",
            "I'd like to switch from {plan} to the monthly plan. How does that work?",
            "Can I pause my subscription for a couple of months while I'm travelling?",
            "I cancelled on {date} but I was still charged {amount} this month.",
            "I was promised a discount on my {plan} renewal but got charged the full {amount}.",
        ],
    ],
    extra: &[
        "Also, I need this sorted before the weekend if possible.",
        "I've been a customer for years and this has never happened before.",
        "Just to add: I already tried logging out and back in.",
        "The order number is {order}, in case you need it.",
        "Sorry, forgot to say — my email is {email}.",
        "This is the second time this month, honestly.",
        "Any help would be really appreciated 🙏",
        "I'm on my phone so sorry for typos.",
    ],
    ask_what: [
        "the order number",
        "the last four digits of the card you used",
        "the email address on your account",
        "the tracking number",
        "a photo or screenshot of the problem",
    ],
    ask: &[
        "Could you please share {ask}?",
        "Would you mind sending me {ask}, please?",
        "Please could you confirm {ask} so I can look this up?",
        "Can you please send over {ask}? Then I'll take a look.",
        "To get started, could you please tell me {ask}?",
    ],
    details: [
        &[
            "Sure, it's {order}.",
            "Order number {order}, placed on {date}.",
            "It's {order}. I ordered it for my sister's birthday, so it matters.",
            "{order} — the receipt was sent to {email}.",
        ],
        &[
            "The card ends in {last4}.",
            "Card ending {last4}; the charges are from {date}.",
            "It's the card ending in {last4}. I can send a screenshot of the statement if that helps.",
        ],
        &[
            "It's {email}.",
            "My login is {email}, same one I'm writing from.",
            "The account email is {email}, I've had it for years.",
        ],
        &[
            "Tracking number {track}.",
            "Here you go: {track}. It was shipped on {date} according to the email.",
            "It's {track}, with the usual courier.",
        ],
        &[
            "Photo attached — the box was crushed too 📦",
            "Here's a screenshot of what I see.",
            "Sure, I've attached two photos.",
        ],
    ],
    gen_followups: &[
        "Will I get an email confirming this?",
        "Is there a reference number I can keep for this?",
        "Do I need to do anything else on my side?",
        "How will I know when it's done?",
        "Can I come back to this conversation later if something goes wrong?",
        "Is this going to happen again with my next order?",
    ],
    gen_answers: &[
        "Yes, I've just sent a confirmation email to {email}.",
        "Your reference is {ticket}; just quote it if you ever need to get back to us.",
        "Nothing else is needed from you — I'll take it from here.",
        "You'll get an email the moment it's done, and you can also see it under My Account.",
        "Of course, just reply here any time and it comes straight back to our team with the full history.",
        "It shouldn't. I've flagged your account so your next order gets an extra check.",
    ],
    followups: [
        &[
            "How long will the replacement take?",
            "Do I need to send the wrong item back?",
            "Will I be charged again for the replacement?",
            "Can you make sure it's the right size this time?",
        ],
        &[
            "When will the duplicate charge disappear from my statement?",
            "Will I get an email confirming the refund?",
            "Can you send me the corrected invoice as a PDF?",
            "Why did this happen in the first place?",
        ],
        &[
            "How many business days does the refund usually take?",
            "Do I have to pay for the return shipping?",
            "Will the refund go back to the same card?",
            "Can I get store credit instead?",
        ],
        &[
            "Will I lose my saved items?",
            "Can you turn off two-factor for now so I can get in?",
            "Is my account safe? Could someone have accessed it?",
            "Do I need to update the app as well?",
        ],
        &[
            "Can you tell me where the parcel actually is right now?",
            "What happens if it doesn't turn up by Friday?",
            "Can I pick it up from the depot instead?",
            "Will you resend it if it's lost?",
        ],
        &[
            "Will I still have access until the end of the month?",
            "Can I get a refund for the renewal?",
            "Is there a cheaper plan for students?",
            "What happens to my data if I cancel?",
        ],
    ],
    answers: [
        &[
            "The replacement ships today by express and should be with you in 2–3 business days, {name}.",
            "No need to send it back — please keep or donate the wrong item.",
            "You won't be charged anything for the replacement; it's fully covered.",
            "I've added a note to the order so the warehouse double-checks the size before packing.",
        ],
        &[
            "Duplicate charges usually drop off within 3–5 business days, depending on your bank.",
            "Yes, the confirmation email is already on its way to you.",
            "I've emailed the corrected invoice as a PDF to {email}.",
            "It looks like the payment page timed out and retried, which created a second authorisation.",
        ],
        &[
            "Refunds usually take 5–7 business days to show up, depending on your bank.",
            "Return shipping is free — the label I sent is prepaid.",
            "Yes, the refund goes back to the original payment method.",
            "Of course, I can issue {amount} as store credit instead if you prefer.",
        ],
        &[
            "Your saved items and order history are all still there.",
            "I've sent a one-time login link to {email} so you can get in and update your two-factor settings.",
            "I've checked the sign-in log and there are no logins from unknown devices.",
            "Yes, please update to the latest version — it fixes the logout loop.",
        ],
        &[
            "The parcel is at the local depot and is out for delivery tomorrow morning.",
            "If it isn't there by Friday, I'll send a replacement straight away — no need to wait for the investigation.",
            "Yes, you can collect it from the depot with your ID and the tracking number {track}.",
            "If the courier confirms it's lost, we'll resend it or refund you, whichever you prefer.",
        ],
        &[
            "Yes, you keep full access until the end of the current billing period.",
            "I've refunded the renewal of {amount} since you didn't get a reminder.",
            "We do have a student plan at half price — I can switch you over now.",
            "Your data stays available for 30 days after cancelling, so you can export it.",
        ],
    ],
    updates: [
        &[
            "Quick update: the warehouse confirmed the {item} was mixed up at packing.",
            "The warehouse has found the right {item} and it's being packed now.",
            "I can see order {order} left the warehouse on {date}, so it's the last step that went wrong.",
        ],
        &[
            "Quick update: the payment provider shows two authorisations of {amount} on {date}.",
            "I can see the charge of {amount}, and it isn't linked to any order on your account.",
            "The billing system shows the downgrade went through, but the old price was still applied.",
        ],
        &[
            "Quick update: the return was scanned at our warehouse on {date}.",
            "I can see the refund of {amount} was approved but never sent to the bank.",
            "Our returns team has confirmed the {item} arrived back with us.",
        ],
        &[
            "Quick update: your account was locked after five failed attempts this morning.",
            "I can see the reset emails were sent but bounced back from your mail provider.",
            "The sign-in log shows the two-factor SMS failing on the carrier's side.",
        ],
        &[
            "Quick update: the courier says parcel {track} is at the local depot.",
            "I can see the last scan for {track} was on {date} at the sorting centre.",
            "The courier has confirmed the parcel was left with a neighbour at number 12.",
        ],
        &[
            "Quick update: the renewal of {amount} went through on {date} as an automatic payment.",
            "I can see the {plan} plan is still active and set to renew monthly.",
            "The cancellation request from {date} never reached our billing system.",
        ],
    ],
    cust_lead: &[
        "OK, that makes sense.",
        "Thanks for checking.",
        "One more question.",
        "Sorry, another question.",
        "Right, understood.",
        "Got it.",
        "Alright, good to know.",
    ],
    cust_tail: &[
        "I need it for a trip next week.",
        "It's a gift, so timing matters.",
        "I just want to be sure before I do anything.",
        "My bank says they can't see anything yet.",
        "I'd rather not have to chase this again.",
        "It's been a really busy week, so I'd like this off my list.",
    ],
    agent_lead: &[
        "Good question, {name}.",
        "Sure thing.",
        "Of course, {name}.",
        "Absolutely.",
        "Happy to explain.",
        "Let me clarify.",
    ],
    agent_tail: &[
        "Let me know if that works for you.",
        "I've also added a note to your account so any colleague can see the history.",
        "If anything looks off, just reply here and we'll pick it up.",
        "You'll get an email as soon as it's done.",
        "That should cover it, but do tell me if not.",
    ],
    fixes: [
        &[
            "I've sent a replacement {item} by express delivery — it should arrive within 2–3 business days, and you'll get tracking by email.",
            "I've updated the delivery address on order {order}; the confirmation is on its way to {email}.",
            "I've cancelled the extra {item} and refunded {amount} to your original payment method.",
            "The order was stuck on a payment check. I've released it and it ships today.",
        ],
        &[
            "I've refunded the duplicate charge of {amount}. You'll see it back on the card ending {last4} within 3–5 business days.",
            "That charge was a pre-authorisation that expires on its own, but I've released it manually so it disappears sooner.",
            "I've corrected the invoice and emailed the new version to {email}.",
            "I've applied the website price and refunded the difference to your card.",
        ],
        &[
            "I've issued the refund of {amount} today. It usually shows up within 5–7 business days.",
            "I've emailed you a prepaid return label; once the parcel is scanned, the refund goes out automatically.",
            "The refund was stuck at our payment provider. I've pushed it through and you'll get a confirmation email shortly.",
            "I've refunded the missing {amount2} as well, so you now have the full amount back.",
        ],
        &[
            "I've unlocked your account and sent a fresh reset link to {email}. It's valid for 24 hours.",
            "I've switched your two-factor method to email for now, so you can log in straight away.",
            "I've merged your old and new email addresses, so you can log in with {email} from now on.",
            "I've cleared the stuck session on our side; please log in again and it should stay signed in.",
        ],
        &[
            "I've opened an investigation with the courier and sent a replacement by express delivery, tracking {track}.",
            "I've redirected the parcel to your new address; it should arrive on {date}.",
            "I've rebooked the delivery for tomorrow between 8am and 1pm.",
            "The parcel was held at the depot because of a damaged label. It's been relabelled and goes out today.",
        ],
        &[
            "I've cancelled your {plan} subscription. You'll keep access until the end of the billing period and won't be charged again.",
            "I've refunded the renewal of {amount} and turned on renewal reminders for your account.",
            "I've switched you to the monthly plan; the change takes effect on your next billing date.",
            "I've paused your subscription for two months — it restarts automatically on {date}.",
        ],
    ],
    checking: &[
        "Let me look into that for you. Bear with me, it'll take a minute or two.",
        "One moment while I pull up order {order} and check what happened.",
        "I'm checking this with the warehouse now — it may take a few minutes.",
        "Please give me a moment to check the payment logs for your account.",
        "Let me have a look at your account and the history of this order.",
        "I'm going to check with our courier team, so bear with me for a moment.",
    ],
    clarify: &[
        "Just to confirm, is {email} still the best address to reach you?",
        "Could you please tell me when you first noticed this?",
        "Have you tried it in a different browser, by any chance?",
        "Is the delivery address on the order still correct?",
        "Did you get any error message at all?",
    ],
    clarify_reply: &[
        "Yes, that's right.",
        "I first noticed it on {date}.",
        "Yes, same thing in Firefox and Chrome.",
        "Yes, nothing has changed there.",
        "No, nothing, it just sits there loading.",
    ],
    cust_ack: &[
        "OK, sure. I'll keep an eye on my inbox.",
        "Sure, no problem, take your time.",
        "Alright, that's good to know. I was starting to worry.",
        "OK 👍",
        "Got it, I'll wait to hear from you.",
        "Sounds good to me. I appreciate you explaining it properly.",
        "Okay, I'll wait. No rush, I'm at my desk anyway.",
    ],
    cust_nudge: &[
        "Any news? I've been waiting a while now.",
        "Hello? Are you still there? I've got a meeting in ten minutes.",
        "So what happens now? I'd like to get this sorted today if possible.",
        "Any update on this? I'm keen to get it sorted.",
        "Is there anything else you need from me to move this forward?",
        "OK, so what's the next step? I'd like to know what to expect.",
    ],
    cust_thanks: &[
        "Thank you so much, that's a huge help!",
        "Great, thanks for sorting it out 🙏",
        "Perfect, that's all I needed. Thanks!",
        "Thanks {agent}, much appreciated.",
        "Brilliant, thank you 😀",
        "That's great news, thanks for your help.",
    ],
    closings: &[
        "You're welcome, {name}! Have a great day.",
        "Happy to help, {name}. Take care!",
        "Glad we got that sorted, {name}. Enjoy the rest of your week!",
        "My pleasure, {name}. If anything else comes up, just reply here.",
        "Anytime, {name} — have a lovely evening.",
        "You're very welcome, {name}. I've closed this conversation, but you can reopen it by replying here.",
        "Glad I could help, {name}. Have a lovely weekend when it comes!",
    ],
    thanks: &[
        "thank you for reaching out.",
        "thanks for getting in touch.",
        "thanks for letting us know.",
        "thank you for contacting us about this.",
        "thanks for your message.",
    ],
    sorry: [
        &[
            "I'm sorry for the trouble with your order.",
            "So sorry about the mix-up with your order.",
            "I'm really sorry about this.",
        ],
        &[
            "I'm really sorry about the confusion with the charge.",
            "Apologies for the billing trouble.",
            "I'm sorry about this — I know unexpected charges are worrying.",
        ],
        &[
            "I'm sorry the refund is taking so long.",
            "So sorry the {item} arrived in that state.",
            "I'm really sorry about this.",
        ],
        &[
            "I'm sorry you're locked out — that's frustrating.",
            "Apologies for the trouble logging in.",
            "I'm really sorry about this.",
        ],
        &[
            "I'm sorry your parcel is late.",
            "So sorry the delivery hasn't gone smoothly.",
            "I'm really sorry about the wait.",
        ],
        &[
            "I'm sorry about the unexpected renewal.",
            "Apologies for the hassle with your subscription.",
            "I'm really sorry about this.",
        ],
    ],
    agent_hi: &[
        "Hi {name},",
        "Hello {name},",
        "Hi {name}!",
        "Good morning {name},",
        "Hey {name},",
    ],
    bot: &[
        "Thanks for contacting {company}! An agent will be with you shortly.",
        "We've received your message and will reply within 24 hours. Your ticket number is {ticket}.",
        "You're number {q} in the queue. Average wait time is under 2 minutes.",
    ],
    sign_off: &[
        "Best,\n{agent}",
        "Kind regards,\n{agent}",
        "All the best,\n{agent}",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date_fmt: DateFmt::MonthDay,
    items: &[
        "desk lamp",
        "rain jacket",
        "coffee grinder",
        "phone case",
        "backpack",
        "smart watch",
        "blender",
        "yoga mat",
        "bluetooth speaker",
        "travel mug",
        "winter coat",
        "keyboard",
    ],
    money: Money::Dollar,
};

const ES_SORRY: Pool = &[
    "Siento mucho las molestias.",
    "Lamento lo ocurrido con tu pedido.",
    "Disculpa el problema, vamos a solucionarlo.",
];

const ES_UPDATES: Pool = &[
    "Te cuento: ya he localizado el pedido {order} en el sistema.",
    "El almacén me confirma que revisará el caso hoy mismo.",
    "He visto que hubo un error por nuestra parte el {date}.",
    "He revisado el historial de tu cuenta y coincide con lo que me cuentas.",
];

const ES_PACK: Pack = Pack {
    subjects: [
        &["Pedido equivocado", "Problema con mi pedido {order}"],
        &["Cobro duplicado", "Duda sobre mi factura"],
        &["Reembolso pendiente", "Devolución del pedido {order}"],
        &["No puedo iniciar sesión", "Cuenta bloqueada"],
        &["¿Dónde está mi paquete?", "Retraso en la entrega"],
        &["Cancelar suscripción", "Renovación no solicitada"],
    ],
    cust_hi: &["Hola,", "Buenos días,", "Buenas tardes,", "Hola, ¿qué tal?"],
    problems: [
        &[
            "Pedí un {item} el {date} (pedido {order}) y me ha llegado otra cosa completamente distinta.",
            "En el pedido {order} falta el {item}. ¿Qué ha pasado?",
        ],
        &[
            "Me habéis cobrado {amount} dos veces por el pedido {order}.",
            "Hay un cargo de {amount} en mi tarjeta acabada en {last4} que no reconozco.",
        ],
        &[
            "Devolví el {item} hace dos semanas y todavía no he recibido el reembolso de {amount}.",
            "El {item} llegó roto. Quiero que me devolváis el dinero.",
        ],
        &[
            "No puedo entrar en mi cuenta: dice que la contraseña es incorrecta aunque la he cambiado.",
            "El correo para restablecer la contraseña nunca llega; ya he mirado en spam.",
        ],
        &[
            "Mi paquete {track} debía llegar el {date} y todavía no ha llegado.",
            "El seguimiento del pedido {order} no se actualiza desde hace {days} días.",
        ],
        &[
            "Quiero cancelar mi suscripción {plan} pero no encuentro la opción.",
            "Se renovó mi plan {plan} por {amount} sin ningún aviso.",
        ],
    ],
    extra: &[
        "Además, lo necesito antes del fin de semana.",
        "Es la segunda vez que me pasa este mes.",
        "Gracias de antemano 🙏",
    ],
    ask_what: [
        "el número de pedido",
        "los últimos cuatro dígitos de la tarjeta",
        "el correo electrónico de tu cuenta",
        "el número de seguimiento",
        "una foto o captura del problema",
    ],
    ask: &[
        "¿Podrías indicarme {ask}, por favor?",
        "Por favor, envíame {ask} para revisarlo.",
    ],
    details: [
        &["Claro, es {order}.", "Sí: {order}, del {date}."],
        &["La tarjeta termina en {last4}."],
        &[
            "Mi correo es {email}.",
            "Es {email}, el mismo desde el que escribo.",
        ],
        &["El número de seguimiento es {track}."],
        &[
            "Te adjunto una foto del problema.",
            "Ahí va la captura de pantalla.",
        ],
    ],
    followups: [&[]; TOPICS],
    answers: [&[]; TOPICS],
    gen_followups: &[
        "¿Cuánto tardará en resolverse?",
        "¿Recibiré un correo de confirmación?",
        "¿Tengo que hacer algo más por mi parte?",
        "¿Hay algún número de referencia?",
        "¿Me pasará lo mismo con el próximo pedido?",
    ],
    gen_answers: &[
        "Normalmente tarda entre 3 y 5 días hábiles.",
        "Sí, te llegará un correo de confirmación a {email} en unos minutos.",
        "No, no tienes que hacer nada más; yo me encargo de todo.",
        "Sí, tu referencia es {ticket}.",
        "No debería; he marcado tu cuenta para revisar el próximo pedido.",
    ],
    updates: [ES_UPDATES; TOPICS],
    cust_lead: &[
        "Vale, entendido.",
        "Una pregunta más.",
        "De acuerdo.",
        "Perfecto, gracias por mirarlo.",
    ],
    cust_tail: &[
        "Lo necesito para un viaje la semana que viene.",
        "Es un regalo, así que me corre prisa.",
        "No quiero tener que volver a escribir por esto.",
        "Esta semana voy muy liado, así que prefiero dejarlo cerrado.",
    ],
    agent_lead: &["¡Claro, {name}!", "Buena pregunta.", "Por supuesto."],
    agent_tail: &[
        "Si necesitas algo más, aquí estoy.",
        "Te avisaré por correo en cuanto esté listo.",
        "He dejado una nota en tu cuenta para que cualquier compañero vea el historial.",
        "Si algo no cuadra, responde aquí y lo miramos.",
    ],
    fixes: [
        &[
            "Te he enviado un {item} nuevo por mensajería urgente; llegará en 2–3 días hábiles.",
            "He corregido el pedido {order} y el artículo correcto sale hoy mismo.",
        ],
        &[
            "He reembolsado el cargo duplicado de {amount}. Lo verás en tu tarjeta en 3–5 días hábiles.",
            "He anulado el cargo de {amount} y te he enviado la factura corregida.",
        ],
        &[
            "He tramitado hoy el reembolso de {amount}; aparecerá en 5–7 días hábiles.",
            "Te he enviado una etiqueta de devolución prepagada y el reembolso saldrá en cuanto recibamos el paquete.",
        ],
        &[
            "He desbloqueado tu cuenta y te he enviado un nuevo enlace a {email}.",
            "He cambiado la verificación en dos pasos a correo electrónico para que puedas entrar ya.",
        ],
        &[
            "He abierto una reclamación con la empresa de transporte y te he enviado un paquete nuevo por urgente.",
            "He reprogramado la entrega para mañana por la mañana.",
        ],
        &[
            "He cancelado tu suscripción {plan}; no se te volverá a cobrar.",
            "Te he devuelto los {amount} de la renovación y he activado los avisos.",
        ],
    ],
    checking: &[
        "Déjame revisarlo, tardo un par de minutos.",
        "Un momento, estoy consultando el pedido {order}.",
        "Lo estoy comprobando con el almacén, dame unos minutos.",
    ],
    clarify: &[
        "¿Sigue siendo {email} el mejor correo para contactarte?",
        "¿Desde cuándo te pasa esto?",
        "¿La dirección de entrega del pedido sigue siendo correcta?",
    ],
    clarify_reply: &[
        "Sí, correcto.",
        "Desde el {date}, más o menos.",
        "Sí, no ha cambiado nada.",
    ],
    cust_ack: &["Vale, perfecto.", "De acuerdo.", "Sí, claro."],
    cust_nudge: &[
        "¿Alguna novedad? Llevo un rato esperando.",
        "¿Hola? ¿Sigues ahí?",
        "¿Y ahora qué pasa? Me gustaría dejarlo resuelto hoy.",
    ],
    cust_thanks: &[
        "¡Muchísimas gracias!",
        "Perfecto, gracias por la ayuda 🙏",
        "Genial, muchas gracias, {agent}.",
    ],
    closings: &[
        "¡De nada, {name}! Que tengas un buen día.",
        "Un placer ayudarte, {name}. ¡Hasta pronto!",
        "Para lo que necesites, {name}.",
    ],
    thanks: &[
        "gracias por escribirnos.",
        "gracias por contactar con nosotros.",
        "gracias por avisarnos.",
    ],
    sorry: [ES_SORRY, ES_SORRY, ES_SORRY, ES_SORRY, ES_SORRY, ES_SORRY],
    agent_hi: &["Hola, {name}:", "Hola {name},", "Buenos días, {name}:"],
    bot: &[
        "¡Gracias por contactar con {company}! Un agente te atenderá en breve.",
        "Hemos recibido tu mensaje. Tu número de caso es {ticket}.",
    ],
    sign_off: &["Un saludo,\n{agent}", "Saludos cordiales,\n{agent}"],
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    date_fmt: DateFmt::DayDeMonth,
    items: &[
        "abrigo",
        "portátil",
        "altavoz",
        "reloj",
        "bolso",
        "cargador",
        "jersey",
        "teclado",
    ],
    money: Money::Euro,
};

const FR_SORRY: Pool = &[
    "Je suis vraiment désolé pour ce désagrément.",
    "Toutes nos excuses pour ce problème.",
    "Désolée pour la gêne occasionnée.",
];

const FR_UPDATES: Pool = &[
    "Petite mise à jour : j’ai retrouvé la commande {order} dans le système.",
    "L’entrepôt me confirme qu’il traite le dossier aujourd’hui.",
    "Je vois qu’il y a eu une erreur de notre côté le {date}.",
    "J’ai vérifié l’historique de votre compte, il correspond à ce que vous décrivez.",
];

const FR_PACK: Pack = Pack {
    subjects: [
        &["Erreur de commande", "Commande {order} incomplète"],
        &["Double prélèvement", "Question sur ma facture"],
        &["Remboursement non reçu", "Retour de la commande {order}"],
        &["Impossible de me connecter", "Compte bloqué"],
        &["Où est mon colis ?", "Livraison en retard"],
        &["Résiliation de l’abonnement", "Renouvellement non prévu"],
    ],
    cust_hi: &["Bonjour,", "Bonsoir,", "Bonjour à toute l’équipe,"],
    problems: [
        &[
            "J’ai commandé un {item} le {date} (commande {order}) et j’ai reçu tout autre chose.",
            "Il manque le {item} dans ma commande {order}.",
        ],
        &[
            "J’ai été débité deux fois de {amount} pour la commande {order}.",
            "Je vois un prélèvement de {amount} sur ma carte se terminant par {last4} que je ne reconnais pas.",
        ],
        &[
            "J’ai renvoyé le {item} il y a deux semaines et je n’ai toujours pas reçu le remboursement de {amount}.",
            "Le {item} est arrivé cassé. Je souhaite être remboursé.",
        ],
        &[
            "Je n’arrive plus à me connecter : le mot de passe est refusé même après réinitialisation.",
            "L’e-mail de réinitialisation n’arrive jamais, même dans les spams.",
        ],
        &[
            "Mon colis {track} devait arriver le {date} et je ne l’ai toujours pas reçu.",
            "Le suivi de la commande {order} n’a pas bougé depuis {days} jours.",
        ],
        &[
            "Je veux résilier mon abonnement {plan} mais je ne trouve pas l’option.",
            "Mon abonnement {plan} a été renouvelé pour {amount} sans aucun rappel.",
        ],
    ],
    extra: &[
        "J’en ai besoin avant le week-end si possible.",
        "C’est la deuxième fois ce mois-ci.",
        "Merci d’avance 🙏",
    ],
    ask_what: [
        "le numéro de commande",
        "les quatre derniers chiffres de la carte",
        "l’adresse e-mail du compte",
        "le numéro de suivi",
        "une photo ou une capture d’écran du problème",
    ],
    ask: &[
        "Pourriez-vous m’indiquer {ask}, s’il vous plaît ?",
        "Pouvez-vous m’envoyer {ask} afin que je vérifie ?",
    ],
    details: [
        &[
            "Bien sûr, c’est {order}.",
            "Oui : {order}, passée le {date}.",
        ],
        &["La carte se termine par {last4}."],
        &[
            "Mon adresse est {email}.",
            "C’est {email}, celle d’où je vous écris.",
        ],
        &["Le numéro de suivi est {track}."],
        &[
            "Je vous joins une photo du problème.",
            "Voici la capture d’écran.",
        ],
    ],
    followups: [&[]; TOPICS],
    answers: [&[]; TOPICS],
    gen_followups: &[
        "Combien de temps cela va-t-il prendre ?",
        "Vais-je recevoir un e-mail de confirmation ?",
        "Dois-je faire quelque chose de mon côté ?",
        "Y a-t-il un numéro de référence ?",
        "Est-ce que cela risque de se reproduire ?",
    ],
    gen_answers: &[
        "En général, cela prend 3 à 5 jours ouvrés.",
        "Oui, vous recevrez une confirmation à {email} dans quelques minutes.",
        "Non, vous n’avez rien à faire ; je m’occupe de tout.",
        "Oui, votre référence est {ticket}.",
        "Normalement non ; j’ai signalé votre compte pour vérifier la prochaine commande.",
    ],
    updates: [FR_UPDATES; TOPICS],
    cust_lead: &[
        "D’accord, je comprends.",
        "Encore une question.",
        "Très bien.",
        "Parfait, merci d’avoir vérifié.",
    ],
    cust_tail: &[
        "J’en ai besoin pour un voyage la semaine prochaine.",
        "C’est un cadeau, donc c’est un peu urgent.",
        "Je préfère ne pas avoir à relancer.",
        "La semaine est chargée, j’aimerais que ce soit réglé.",
    ],
    agent_lead: &["Bien sûr, {name}.", "Bonne question.", "Tout à fait."],
    agent_tail: &[
        "N’hésitez pas si vous avez d’autres questions.",
        "Je vous préviens par e-mail dès que c’est fait.",
        "J’ai ajouté une note à votre compte pour que mes collègues voient l’historique.",
        "Si quelque chose ne va pas, répondez simplement ici.",
    ],
    fixes: [
        &[
            "Je vous ai envoyé un nouveau {item} en express ; il arrivera sous 2 à 3 jours ouvrés.",
            "J’ai corrigé la commande {order} et le bon article part aujourd’hui.",
        ],
        &[
            "J’ai remboursé le prélèvement en double de {amount}. Il apparaîtra sous 3 à 5 jours ouvrés.",
            "J’ai annulé le débit de {amount} et envoyé la facture corrigée.",
        ],
        &[
            "J’ai lancé le remboursement de {amount} aujourd’hui ; comptez 5 à 7 jours ouvrés.",
            "Je vous ai envoyé une étiquette de retour prépayée ; le remboursement partira dès réception du colis.",
        ],
        &[
            "J’ai débloqué votre compte et envoyé un nouveau lien à {email}.",
            "J’ai basculé la double authentification sur l’e-mail pour que vous puissiez vous connecter.",
        ],
        &[
            "J’ai ouvert une enquête auprès du transporteur et renvoyé un colis en express.",
            "J’ai reprogrammé la livraison pour demain matin.",
        ],
        &[
            "J’ai résilié votre abonnement {plan} ; vous ne serez plus débité.",
            "Je vous ai remboursé les {amount} du renouvellement et activé les rappels.",
        ],
    ],
    checking: &[
        "Je regarde cela tout de suite.",
        "Un instant, je consulte la commande {order}.",
        "Je vérifie auprès de l’entrepôt, cela peut prendre quelques minutes.",
    ],
    clarify: &[
        "L’adresse {email} est-elle toujours la bonne ?",
        "Depuis quand rencontrez-vous ce problème ?",
        "L’adresse de livraison de la commande est-elle toujours correcte ?",
    ],
    clarify_reply: &[
        "Oui, c’est bien ça.",
        "Depuis le {date} environ.",
        "Oui, rien n’a changé.",
    ],
    cust_ack: &["D’accord.", "Très bien.", "Oui, bien sûr."],
    cust_nudge: &[
        "Des nouvelles ? J’attends depuis un moment.",
        "Vous êtes toujours là ?",
        "Et maintenant, que se passe-t-il ? J’aimerais régler ça aujourd’hui.",
    ],
    cust_thanks: &[
        "Merci beaucoup !",
        "Parfait, merci pour votre aide 🙏",
        "Super, merci {agent} !",
    ],
    closings: &[
        "Avec plaisir, {name} ! Bonne journée.",
        "Je vous en prie, {name}. À bientôt !",
        "N’hésitez pas à revenir vers nous, {name}.",
    ],
    thanks: &[
        "merci de nous avoir contactés.",
        "merci pour votre message.",
        "merci de nous avoir prévenus.",
    ],
    sorry: [FR_SORRY, FR_SORRY, FR_SORRY, FR_SORRY, FR_SORRY, FR_SORRY],
    agent_hi: &["Bonjour {name},", "Bonsoir {name},"],
    bot: &[
        "Merci d’avoir contacté {company} ! Un conseiller va vous répondre.",
        "Nous avons bien reçu votre message. Votre numéro de dossier est {ticket}.",
    ],
    sign_off: &["Cordialement,\n{agent}", "Bien à vous,\n{agent}"],
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    date_fmt: DateFmt::DayMonth,
    items: &[
        "manteau",
        "ordinateur portable",
        "casque",
        "sac",
        "chargeur",
        "pull",
        "clavier",
        "réveil",
    ],
    money: Money::Euro,
};

const DE_SORRY: Pool = &[
    "Das tut mir wirklich leid.",
    "Entschuldigen Sie bitte die Unannehmlichkeiten.",
    "Es tut mir leid, dass das passiert ist.",
];

const DE_UPDATES: Pool = &[
    "Kurzes Update: Ich habe die Bestellung {order} im System gefunden.",
    "Das Lager bestätigt, dass der Fall heute bearbeitet wird.",
    "Ich sehe, dass am {date} bei uns ein Fehler passiert ist.",
    "Ich habe den Verlauf Ihres Kontos geprüft, er passt zu Ihrer Beschreibung.",
];

const DE_PACK: Pack = Pack {
    subjects: [
        &[
            "Falscher Artikel geliefert",
            "Bestellung {order} unvollständig",
        ],
        &["Doppelte Abbuchung", "Frage zu meiner Rechnung"],
        &["Erstattung fehlt", "Rücksendung Bestellung {order}"],
        &["Login funktioniert nicht", "Konto gesperrt"],
        &["Wo ist mein Paket?", "Lieferung verspätet"],
        &["Abo kündigen", "Ungewollte Verlängerung"],
    ],
    cust_hi: &[
        "Hallo,",
        "Guten Tag,",
        "Sehr geehrte Damen und Herren,",
        "Moin,",
    ],
    problems: [
        &[
            "Ich habe am {date} einen {item} bestellt (Bestellung {order}) und etwas völlig anderes bekommen.",
            "In meiner Bestellung {order} fehlt der {item}.",
        ],
        &[
            "Mir wurden für die Bestellung {order} zweimal {amount} abgebucht.",
            "Auf meiner Karte mit der Endung {last4} ist eine Abbuchung über {amount}, die ich nicht kenne.",
        ],
        &[
            "Ich habe den {item} vor zwei Wochen zurückgeschickt und noch immer keine Erstattung über {amount} erhalten.",
            "Der {item} kam kaputt an. Ich möchte mein Geld zurück.",
        ],
        &[
            "Ich kann mich nicht mehr anmelden, das Passwort wird trotz Zurücksetzen abgelehnt.",
            "Die E-Mail zum Zurücksetzen des Passworts kommt nie an, auch nicht im Spam.",
        ],
        &[
            "Mein Paket {track} sollte am {date} ankommen und ist immer noch nicht da.",
            "Die Sendungsverfolgung für {order} hat sich seit {days} Tagen nicht geändert.",
        ],
        &[
            "Ich möchte mein {plan}-Abo kündigen, finde aber die Option nicht.",
            "Mein {plan}-Abo wurde ohne Erinnerung für {amount} verlängert.",
        ],
    ],
    extra: &[
        "Ich brauche das bitte vor dem Wochenende.",
        "Das ist schon das zweite Mal diesen Monat.",
        "Vielen Dank im Voraus 🙏",
    ],
    ask_what: [
        "die Bestellnummer",
        "die letzten vier Ziffern der Karte",
        "die E-Mail-Adresse Ihres Kontos",
        "die Sendungsnummer",
        "ein Foto oder einen Screenshot des Problems",
    ],
    ask: &[
        "Könnten Sie mir bitte {ask} schicken?",
        "Bitte nennen Sie mir {ask}, dann schaue ich nach.",
    ],
    details: [
        &["Klar, das ist {order}.", "Ja: {order}, bestellt am {date}."],
        &["Die Karte endet auf {last4}."],
        &[
            "Meine E-Mail ist {email}.",
            "Es ist {email}, dieselbe, von der ich schreibe.",
        ],
        &["Die Sendungsnummer ist {track}."],
        &["Ich habe ein Foto angehängt.", "Hier ist der Screenshot."],
    ],
    followups: [&[]; TOPICS],
    answers: [&[]; TOPICS],
    gen_followups: &[
        "Wie lange wird das dauern?",
        "Bekomme ich eine Bestätigung per E-Mail?",
        "Muss ich noch etwas tun?",
        "Gibt es eine Referenznummer?",
        "Passiert das beim nächsten Mal wieder?",
    ],
    gen_answers: &[
        "Das dauert in der Regel 3–5 Werktage.",
        "Ja, die Bestätigung kommt in wenigen Minuten an {email}.",
        "Nein, Sie müssen nichts weiter tun – ich kümmere mich darum.",
        "Ja, Ihre Referenz ist {ticket}.",
        "Eigentlich nicht – ich habe Ihr Konto für eine zusätzliche Prüfung markiert.",
    ],
    updates: [DE_UPDATES; TOPICS],
    cust_lead: &[
        "Okay, verstanden.",
        "Noch eine Frage.",
        "Alles klar.",
        "Gut, danke fürs Nachsehen.",
    ],
    cust_tail: &[
        "Ich brauche es für eine Reise nächste Woche.",
        "Es ist ein Geschenk, deshalb ist es etwas dringend.",
        "Ich möchte nicht noch einmal nachfragen müssen.",
        "Die Woche ist sehr voll, ich hätte das gern erledigt.",
    ],
    agent_lead: &["Natürlich, {name}.", "Gute Frage.", "Selbstverständlich."],
    agent_tail: &[
        "Melden Sie sich gern, wenn noch etwas ist.",
        "Sie bekommen eine E-Mail, sobald alles erledigt ist.",
        "Ich habe eine Notiz in Ihrem Konto hinterlegt, damit alle Kollegen den Verlauf sehen.",
        "Falls etwas nicht passt, antworten Sie einfach hier.",
    ],
    fixes: [
        &[
            "Ich habe Ihnen einen neuen {item} per Express geschickt; er kommt in 2–3 Werktagen an.",
            "Ich habe die Bestellung {order} korrigiert, der richtige Artikel geht heute raus.",
        ],
        &[
            "Ich habe die doppelte Abbuchung über {amount} erstattet. Sie sehen sie in 3–5 Werktagen auf Ihrer Karte.",
            "Ich habe die Abbuchung über {amount} storniert und Ihnen die korrigierte Rechnung geschickt.",
        ],
        &[
            "Ich habe die Erstattung über {amount} heute veranlasst; das dauert 5–7 Werktage.",
            "Ich habe Ihnen ein frankiertes Rücksendeetikett geschickt; die Erstattung erfolgt, sobald das Paket bei uns ist.",
        ],
        &[
            "Ich habe Ihr Konto entsperrt und einen neuen Link an {email} geschickt.",
            "Ich habe die Zwei-Faktor-Anmeldung auf E-Mail umgestellt, damit Sie sich sofort anmelden können.",
        ],
        &[
            "Ich habe einen Nachforschungsauftrag beim Paketdienst gestellt und Ersatz per Express verschickt.",
            "Ich habe die Zustellung auf morgen Vormittag verschoben.",
        ],
        &[
            "Ich habe Ihr {plan}-Abo gekündigt; es wird nichts mehr abgebucht.",
            "Ich habe die {amount} der Verlängerung erstattet und Erinnerungen aktiviert.",
        ],
    ],
    checking: &[
        "Ich schaue mir das sofort an.",
        "Einen Moment, ich prüfe die Bestellung {order}.",
        "Ich frage kurz im Lager nach, das kann ein paar Minuten dauern.",
    ],
    clarify: &[
        "Ist {email} noch die richtige Adresse für Sie?",
        "Seit wann tritt das Problem auf?",
        "Stimmt die Lieferadresse der Bestellung noch?",
    ],
    clarify_reply: &[
        "Ja, genau.",
        "Seit dem {date} ungefähr.",
        "Ja, da hat sich nichts geändert.",
    ],
    cust_ack: &["Okay.", "Alles klar.", "Ja, gern."],
    cust_nudge: &[
        "Gibt es schon etwas Neues? Ich warte schon eine Weile.",
        "Hallo? Sind Sie noch da?",
        "Und wie geht es jetzt weiter? Ich hätte das gern heute geklärt.",
    ],
    cust_thanks: &[
        "Vielen Dank!",
        "Super, danke für die Hilfe 🙏",
        "Perfekt, danke {agent}!",
    ],
    closings: &[
        "Gern geschehen, {name}! Einen schönen Tag noch.",
        "Sehr gern, {name}. Bis bald!",
        "Melden Sie sich jederzeit wieder, {name}.",
    ],
    thanks: &[
        "danke für Ihre Nachricht.",
        "vielen Dank, dass Sie sich gemeldet haben.",
        "danke für den Hinweis.",
    ],
    sorry: [DE_SORRY, DE_SORRY, DE_SORRY, DE_SORRY, DE_SORRY, DE_SORRY],
    agent_hi: &["Hallo {name},", "Guten Tag {name},"],
    bot: &[
        "Danke, dass Sie {company} kontaktieren! Gleich meldet sich jemand aus dem Team.",
        "Wir haben Ihre Nachricht erhalten. Ihre Ticketnummer lautet {ticket}.",
    ],
    sign_off: &["Viele Grüße\n{agent}", "Freundliche Grüße\n{agent}"],
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    date_fmt: DateFmt::DayDotMonth,
    items: &[
        "Mantel",
        "Laptop",
        "Kopfhörer",
        "Rucksack",
        "Ladeadapter",
        "Pullover",
        "Wecker",
        "Toaster",
    ],
    money: Money::Euro,
};

const PT_SORRY: Pool = &[
    "Sinto muito pelo transtorno.",
    "Peço desculpas pelo problema.",
    "Lamento muito o ocorrido.",
];

const PT_UPDATES: Pool = &[
    "Atualização rápida: encontrei o pedido {order} no sistema.",
    "O estoque confirmou que vai resolver o caso hoje.",
    "Vi que houve um erro do nosso lado no dia {date}.",
    "Conferi o histórico da sua conta e bate com o que você descreveu.",
];

const PT_PACK: Pack = Pack {
    subjects: [
        &["Pedido errado", "Problema com o pedido {order}"],
        &["Cobrança em dobro", "Dúvida sobre a fatura"],
        &["Reembolso não recebido", "Devolução do pedido {order}"],
        &["Não consigo entrar", "Conta bloqueada"],
        &["Cadê minha encomenda?", "Entrega atrasada"],
        &["Cancelar assinatura", "Renovação sem aviso"],
    ],
    cust_hi: &["Olá,", "Oi,", "Bom dia,", "Boa tarde,"],
    problems: [
        &[
            "Comprei um {item} no dia {date} (pedido {order}) e recebi outra coisa.",
            "No pedido {order} está faltando o {item}.",
        ],
        &[
            "Fui cobrado duas vezes em {amount} pelo pedido {order}.",
            "Tem uma cobrança de {amount} no meu cartão final {last4} que eu não reconheço.",
        ],
        &[
            "Devolvi o {item} há duas semanas e ainda não recebi o reembolso de {amount}.",
            "O {item} chegou quebrado. Quero meu dinheiro de volta.",
        ],
        &[
            "Não consigo entrar na minha conta: diz que a senha está errada mesmo depois de redefinir.",
            "O e-mail para redefinir a senha nunca chega, já olhei no spam.",
        ],
        &[
            "Minha encomenda {track} deveria chegar no dia {date} e ainda não chegou.",
            "O rastreamento do pedido {order} não atualiza há {days} dias.",
        ],
        &[
            "Quero cancelar minha assinatura {plan}, mas não encontro a opção.",
            "Minha assinatura {plan} foi renovada por {amount} sem nenhum aviso.",
        ],
    ],
    extra: &[
        "Preciso disso resolvido antes do fim de semana.",
        "É a segunda vez que isso acontece este mês.",
        "Obrigado desde já 🙏",
    ],
    ask_what: [
        "o número do pedido",
        "os quatro últimos dígitos do cartão",
        "o e-mail da sua conta",
        "o código de rastreamento",
        "uma foto ou captura de tela do problema",
    ],
    ask: &[
        "Você poderia me informar {ask}, por favor?",
        "Por favor, me envie {ask} para eu verificar.",
    ],
    details: [
        &["Claro, é {order}.", "Sim: {order}, feito no dia {date}."],
        &["O cartão termina em {last4}."],
        &[
            "Meu e-mail é {email}.",
            "É {email}, o mesmo de onde estou escrevendo.",
        ],
        &["O código de rastreamento é {track}."],
        &[
            "Segue uma foto do problema.",
            "Mandei a captura de tela em anexo.",
        ],
    ],
    followups: [&[]; TOPICS],
    answers: [&[]; TOPICS],
    gen_followups: &[
        "Quanto tempo isso vai levar?",
        "Vou receber um e-mail de confirmação?",
        "Preciso fazer mais alguma coisa?",
        "Tem algum número de protocolo?",
        "Isso vai acontecer de novo no próximo pedido?",
    ],
    gen_answers: &[
        "Normalmente leva de 3 a 5 dias úteis.",
        "Sim, a confirmação chega em {email} em poucos minutos.",
        "Não, não precisa fazer mais nada — eu cuido de tudo.",
        "Sim, o protocolo é {ticket}.",
        "Não deve; marquei sua conta para uma verificação extra.",
    ],
    updates: [PT_UPDATES; TOPICS],
    cust_lead: &[
        "Certo, entendi.",
        "Mais uma pergunta.",
        "Beleza.",
        "Perfeito, obrigado por verificar.",
    ],
    cust_tail: &[
        "Preciso disso para uma viagem na semana que vem.",
        "É um presente, então tenho um pouco de pressa.",
        "Não queria ter que cobrar isso de novo.",
        "A semana está corrida, queria deixar isso resolvido.",
    ],
    agent_lead: &["Claro, {name}!", "Boa pergunta.", "Com certeza."],
    agent_tail: &[
        "Se precisar de mais alguma coisa, é só falar.",
        "Você vai receber um e-mail assim que estiver pronto.",
        "Deixei uma nota na sua conta para qualquer colega ver o histórico.",
        "Se algo não estiver certo, é só responder aqui.",
    ],
    fixes: [
        &[
            "Enviei um novo {item} por entrega expressa; ele chega em 2 a 3 dias úteis.",
            "Corrigi o pedido {order} e o produto certo sai hoje mesmo.",
        ],
        &[
            "Estornei a cobrança duplicada de {amount}. Ela aparece no cartão em 3 a 5 dias úteis.",
            "Cancelei a cobrança de {amount} e enviei a fatura corrigida.",
        ],
        &[
            "Solicitei hoje o reembolso de {amount}; ele aparece em 5 a 7 dias úteis.",
            "Enviei uma etiqueta de devolução pré-paga; o reembolso sai assim que recebermos o pacote.",
        ],
        &[
            "Desbloqueei sua conta e enviei um novo link para {email}.",
            "Mudei a verificação em duas etapas para e-mail, assim você já consegue entrar.",
        ],
        &[
            "Abri uma reclamação com a transportadora e enviei uma nova encomenda por expresso.",
            "Reagendei a entrega para amanhã de manhã.",
        ],
        &[
            "Cancelei sua assinatura {plan}; você não será mais cobrado.",
            "Devolvi os {amount} da renovação e ativei os lembretes.",
        ],
    ],
    checking: &[
        "Vou verificar isso agora mesmo.",
        "Um momento, estou consultando o pedido {order}.",
        "Estou confirmando com o estoque, pode levar alguns minutos.",
    ],
    clarify: &[
        "O e-mail {email} ainda é o melhor para falar com você?",
        "Desde quando isso acontece?",
        "O endereço de entrega do pedido continua o mesmo?",
    ],
    clarify_reply: &[
        "Sim, isso mesmo.",
        "Desde o dia {date}, mais ou menos.",
        "Sim, nada mudou.",
    ],
    cust_ack: &["Tá bom.", "Certo.", "Sim, claro."],
    cust_nudge: &[
        "Alguma novidade? Estou esperando faz um tempo.",
        "Oi? Você ainda está aí?",
        "E agora, o que acontece? Queria resolver isso hoje.",
    ],
    cust_thanks: &[
        "Muito obrigado!",
        "Perfeito, obrigada pela ajuda 🙏",
        "Ótimo, valeu {agent}!",
    ],
    closings: &[
        "Por nada, {name}! Tenha um ótimo dia.",
        "Foi um prazer ajudar, {name}. Até mais!",
        "Qualquer coisa, é só chamar, {name}.",
    ],
    thanks: &[
        "obrigado por entrar em contato.",
        "obrigada pela mensagem.",
        "obrigado por avisar.",
    ],
    sorry: [PT_SORRY, PT_SORRY, PT_SORRY, PT_SORRY, PT_SORRY, PT_SORRY],
    agent_hi: &["Olá {name},", "Oi {name},"],
    bot: &[
        "Obrigado por falar com a {company}! Um atendente já vai te responder.",
        "Recebemos sua mensagem. O número do seu atendimento é {ticket}.",
    ],
    sign_off: &["Abraço,\n{agent}", "Atenciosamente,\n{agent}"],
    months: [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    date_fmt: DateFmt::DayDeMonth,
    items: &[
        "notebook",
        "fone de ouvido",
        "casaco",
        "relógio",
        "carregador",
        "teclado",
        "liquidificador",
        "ventilador",
    ],
    money: Money::Real,
};

const PACKS: [&Pack; 5] = [&EN_PACK, &ES_PACK, &FR_PACK, &DE_PACK, &PT_PACK];

const PLANS: &[&str] = &["Basic", "Plus", "Premium", "Family", "Pro"];
const EMOJI_HAPPY: &[&str] = &["😀", "🙏", "📦", "🙂"];
const EMOJI_ANGRY: &[&str] = &["😡", "😤", "🙄"];

/// Internal notes (English everywhere: the team's working language).
const NOTES: Pool = &[
    "Customer confirmed identity via email. Order {order} verified.",
    "Checked the warehouse system: {item} scanned at packing but not at dispatch.",
    "Refund approved by team lead, ticket {ticket}.",
    "Possible duplicate-charge bug — linked to incident INC-{n}.",
    "Long-time customer, 40+ orders. Be generous with the goodwill credit.",
    "FYI: the courier has delays in this region this week.",
    "Logged as bug {n} for the app team; workaround sent to the customer.",
];

// Canned macros, sent verbatim (only the name changes): form-letter and
// template detection need something real to find.
const MACRO_ACK: &str = "Hi {name}, thank you for contacting Lumen Store Support. We have received your request and passed it to the relevant team for review. We appreciate your patience.";
const MACRO_TOPIC: [&str; TOPICS] = [
    "Hi {name}, I've checked your order and arranged a replacement at no cost to you. You'll receive a confirmation email with the new tracking number within 24 hours.",
    "Hi {name}, I've reviewed the charges on your account and refunded the duplicate payment. Refunds take 3–5 business days to appear on your statement, depending on your bank.",
    "Hi {name}, I've emailed you a prepaid return label. Once the parcel reaches our warehouse, your refund is issued within 3–5 business days to the original payment method.",
    "Hi {name}, you can reset your password from Settings > Security > Reset password. We'll email you a link that is valid for 24 hours; if it doesn't arrive, please check your spam folder.",
    "Hi {name}, you can follow your parcel at any time from My Orders > Track package. Tracking updates can take up to 24 hours to appear after dispatch.",
    "Hi {name}, you can cancel or change your plan at any time from Account > Subscription. Changes take effect at the end of the current billing period.",
];
const MACRO_ANYTHING_ELSE: &str = "Is there anything else I can help you with today, {name}?";
/// After the customer's thanks, sometimes (English).
const THANKS_TAIL: Pool = &[
    "You've been really helpful.",
    "That's a weight off my mind.",
    "Have a good rest of your day!",
    "I'll definitely shop with you again.",
    "Much better experience than last time.",
];
const NOTHING_ELSE: Pool = &[
    "No, that's everything.",
    "Nope, all good now.",
    "No, that was it.",
];

// English mistakes and look-alikes.
const EXCEPTION_ASK: Pool = &[
    "Can you make an exception and refund the shipping this once?",
    "Could you waive the fee? It really wasn't my fault.",
    "Is there any way you could extend the return window by a few days?",
    "Can you just refund me now instead of waiting for the parcel to come back?",
];
const POLICY: Pool = &[
    "I'm afraid that's our policy.",
    "Sorry, but that's company policy and I can't change it.",
    "That's our policy, there's nothing I can do about it.",
    "Unfortunately it's against our policy.",
];
const EVERYONE: Pool = &[
    "If I do it for you, I have to do it for everyone.",
    "If I make an exception for you I'd have to do it for everyone else.",
    "I can't do that — if I did it for you, I'd have to do it for every customer.",
];
const DISAPPOINTED: Pool = &[
    "That's really disappointing.",
    "Seriously? {angry}",
    "Wow. OK then.",
    "I don't think that's fair at all.",
];
const ANGRY: Pool = &[
    "This is ridiculous! I've been waiting {days} days and nobody tells me anything {angry}",
    "I'm so fed up with this. It's the third time I'm contacting you!",
    "Honestly, this is the worst service I've had in years {angry}",
    "I can't believe I'm still dealing with this.",
];
const CALM_DOWN: Pool = &[
    "Please calm down, {name}. I'm trying to help.",
    "You need to calm down so I can look into this.",
    "Calm down, please — it's just a delay.",
];
const TRANSFER: Pool = &[
    "I'll transfer you to billing.",
    "Let me transfer you to our billing team, they'll handle this.",
    "I'm going to transfer you to the shipping department.",
    "I'll transfer you to the returns team now.",
];
const TRANSFER_AGAIN: Pool = &[
    "Hi {name}, {agent} from billing here. This is really a returns question, so I'll transfer you to the returns team.",
    "Hello {name}, I've picked up your chat, but this needs our shipping department, so let me transfer you to them.",
    "Hi {name}, {agent} here. I'm not the right person for this one — I'm transferring you to our accounts team now.",
];
const PASSED_AROUND: Pool = &[
    "Seriously? That's the second time I'm being passed around.",
    "Please, I just want one person to sort this out.",
    "OK... who am I talking to now?",
];
const TAKE_OVER: Pool = &[
    "Hi {name}, {agent} here, thanks for bearing with us. I've read through the whole conversation, so there's no need to repeat anything.",
    "Hello {name}, I'm {agent} and I'll take it from here — thank you for your patience. I can see everything you've told my colleagues.",
];
const TAKE_OVER_NO_THANKS: Pool = &[
    "Hi {name}, {agent} here. I've read through the whole conversation, so there's no need to repeat anything.",
    "Hello {name}, I'm {agent} and I'll take it from here — I can see everything you've told my colleagues.",
];
const MANAGER_ASK: Pool = &[
    "Can I speak to a manager, please?",
    "I want to talk to your supervisor.",
    "Please escalate this to a manager.",
];
const MANAGER_REFUSE: Pool = &[
    "There's no need for a manager, I can handle this.",
    "A manager will tell you the same thing.",
    "My manager isn't available, and they'd say the same.",
];
const ASK_AGAIN: Pool = &[
    "Could you please send me {ask} again?",
    "Sorry, what was {ask} again?",
    "Can you please confirm {ask}?",
];
/// The customer giving the same detail again, by kind of detail.
const REPEATS: [Pool; KINDS] = [
    &[
        "As I said before, the order number is {order}.",
        "Like I already told you, it's {order}. It's in my earlier message.",
    ],
    &[
        "As I said before, the card ends in {last4}.",
        "I already told you: the card ending {last4}.",
    ],
    &[
        "As I said before, it's {email}.",
        "I already explained this: my login is {email}.",
    ],
    &[
        "As I said before, the tracking number is {track}.",
        "Like I already told you, it's {track}.",
    ],
    &[
        "As I said before, the photo is attached to my earlier message.",
        "I already sent the screenshot, it's further up.",
    ],
];
const DONT_KNOW: Pool = &[
    "I don't know, sorry.",
    "I have no idea why that happened.",
    "No idea, that's not something I can see.",
];
const BLAME: Pool = &[
    "You must have entered the wrong address when ordering.",
    "You should have read the instructions before using it.",
    "That's because you didn't check your spam folder.",
];
const VAGUE: Pool = &[
    "I'll get back to you soon.",
    "Someone will be in touch shortly.",
    "We'll look into it and get back to you.",
];
const PROMISE: Pool = &[
    "I'll get back to you by {day}.",
    "I'll update you by {day} at the latest.",
    "You'll hear from me by {day}.",
];
const TALK_SOON: Pool = &[
    "Talk soon, {name}.",
    "Speak soon, {name}, and have a good evening.",
    "I'll be in touch, {name}.",
];
const PROMISE_LEAD: Pool = &[
    "I need to check this with our warehouse team.",
    "This needs a look from our payments team.",
    "I've raised it with the courier.",
];
const STOCK: Pool = &[
    "We apologize for any inconvenience this may have caused.",
    "Your feedback is important to us.",
    "We value your business.",
];
const ASK_RUDE: Pool = &[
    "What's {ask}?",
    "Send me {ask}.",
    "I need {ask}.",
    "Give me {ask} first.",
];
const AGENT_HI_NO_NAME: Pool = &["Hi there,", "Hello,", "Hi,"];
const KEPT_FOLLOW: Pool = &[
    "Hi {name}, as promised, here's an update.",
    "Hi {name}, following up as promised.",
    "Good news, {name} — I've heard back.",
];

// Look-alikes: friendly texts that share words with the mistakes above.
const LA_CUST_POLICY: Pool = &[
    "What's your policy on returns for opened items?",
    "Is it your policy to charge for exchanges? Just asking before I send it.",
];
const LA_POLICY_ANSWER: Pool = &[
    "Opened items can be returned within 30 days as long as they're undamaged, so you're covered.",
    "Exchanges are free, so there's nothing to pay.",
];
const LA_NO_TRANSFER: Pool = &[
    "No need to transfer you to billing — I can fix the charge myself right here.",
    "I won't transfer you anywhere; I can sort this out myself.",
];
const LA_MANAGER: Pool = &[
    "My manager needs the invoice for expenses, could you send it as a PDF?",
    "My line manager asked me to order this for the office, so I need it to be right.",
];
const LA_MANAGER_ANSWER: Pool = &[
    "Of course. I've emailed the PDF invoice for order {order} to {email}.",
    "Understood, I'll make sure the replacement is exactly the same model.",
];
const LA_EVERYONE: Pool = &[
    "Good news: we've rolled out the fix for everyone, so you shouldn't see this again.",
    "The courier delays are affecting everyone in your area this week, but your parcel is moving again.",
];
const LA_CALM: Pool = &[
    "Sorry for ranting earlier, and thanks for staying so calm about it.",
    "Thanks for being so patient with me, I was stressed.",
];
const LA_CALM_ANSWER: Pool = &[
    "No worries at all, {name} — it was a fair thing to be annoyed about.",
    "Not at all, {name}. I'd have been annoyed too.",
];

// ---------------------------------------------------------------------------
// Mistakes planted per conversation (bit flags)

const M_POLICY: u32 = 1;
const M_EVERYONE: u32 = 1 << 1;
const M_CALM: u32 = 1 << 2;
const M_NO_THANKS: u32 = 1 << 3;
const M_NO_APOLOGY: u32 = 1 << 4;
const M_PROMISE: u32 = 1 << 5;
const M_TRANSFER: u32 = 1 << 6;
const M_MANAGER: u32 = 1 << 7;
const M_REPEAT: u32 = 1 << 8;
const M_STOCK: u32 = 1 << 9;
const M_NO_PLEASE: u32 = 1 << 10;
const M_NO_NAME: u32 = 1 << 11;
const M_SLOW: u32 = 1 << 12;
const M_DONT_KNOW: u32 = 1 << 13;
const M_BLAME: u32 = 1 << 14;
const M_VAGUE: u32 = 1 << 15;
const M_TEMPLATE_ONLY: u32 = 1 << 16;

/// (flag, weight) of the mistake deck.
const MISTAKES: &[(u32, u64)] = &[
    (M_POLICY, 10),
    (M_EVERYONE, 7),
    (M_CALM, 7),
    (M_NO_THANKS, 8),
    (M_NO_APOLOGY, 8),
    (M_PROMISE, 8),
    (M_TRANSFER, 7),
    (M_MANAGER, 6),
    (M_REPEAT, 8),
    (M_STOCK, 7),
    (M_NO_PLEASE, 5),
    (M_NO_NAME, 4),
    (M_SLOW, 5),
    (M_DONT_KNOW, 4),
    (M_BLAME, 4),
    (M_VAGUE, 5),
    (M_TEMPLATE_ONLY, 2),
];

/// Steps that interrupt the ordinary back-and-forth.
#[derive(Clone, Copy)]
enum Special {
    Policy,
    Everyone,
    Calm,
    Transfer,
    Manager,
    Repeat,
    DontKnow,
    Blame,
    Vague,
    LaPolicy,
    LaTransfer,
    LaManager,
    LaEveryone,
    LaCalm,
    Note,
}

// ---------------------------------------------------------------------------
// The generator

/// Per-conversation facts that templates refer to.
struct Ctx {
    lang: usize,
    topic: usize,
    channel: Channel,
    agent: usize,
    cust_id: u64,
    first: String,
    full: String,
    email: String,
    order: u64,
    amount: u64,
    amount2: u64,
    order_day: i64,
    item: &'static str,
    track: u64,
    last4: u64,
    plan: &'static str,
    ticket: u64,
    days: u64,
    promise_day: usize,
    /// Details (bits by kind) the customer has already given.
    mentioned: u32,
    /// When the customer's oldest unanswered message was sent.
    waiting_since: Option<i64>,
    /// The detail the agent asked for.
    ask_kind: usize,
    flags: u32,
    ts: i64,
    msg_no: u64,
    last_role: Role,
}

struct Gen {
    seed: u64,
    agents: Vec<Agent>,
    by_lang: [Vec<u16>; 5],
    /// The weights of `MISTAKES`.
    mistake_weights: Vec<u64>,
    /// `CUSTOMER_NAMES`, split.
    names: Vec<(Vec<&'static str>, Vec<&'static str>)>,
    rng: Rng,
    c: Ctx,
    line: String,
    text: String,
    events: Vec<(i64, &'static str)>,
    specials: Vec<Special>,
    /// Entries used per pool in this conversation: (first entry, bit mask).
    used: Vec<(&'static str, u32)>,
    // Totals for the summary.
    conversations: u64,
    messages: u64,
    lang_counts: [u64; 5],
}

/// Expands `{placeholders}` of `tpl` onto `out`.
fn expand(
    out: &mut String,
    tpl: &str,
    c: &mut Ctx,
    agent_first: &str,
    rng: &mut Rng,
    hide_name: bool,
) {
    let p = PACKS[c.lang];
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').expect("unclosed placeholder");
        let key = &after[..close];
        rest = &after[close + 1..];
        match key {
            "name" if hide_name => {
                if let Some(r) = rest.strip_prefix(", ") {
                    // "{name}, I've checked" opens the sentence: drop it.
                    rest = r;
                } else if out.ends_with(", ") {
                    out.truncate(out.len() - 2);
                } else if out.ends_with(' ') {
                    out.truncate(out.len() - 1);
                }
            }
            "name" => out.push_str(&c.first),
            "full" => out.push_str(&c.full),
            "agent" => out.push_str(agent_first),
            "email" => {
                c.mentioned |= 1 << 2;
                out.push_str(&c.email);
            }
            "company" => out.push_str(COMPANY),
            "order" => {
                c.mentioned |= 1;
                out.push('#');
                push_u64(out, c.order);
            }
            "amount" | "amount2" => {
                let cents = if key == "amount" { c.amount } else { c.amount2 };
                push_money(out, p.money, cents);
            }
            "date" => push_date(out, p, c.order_day),
            "item" => out.push_str(c.item),
            "track" => {
                c.mentioned |= 1 << 3;
                out.push_str("1Z");
                push_padded(out, c.track, 12);
            }
            "last4" => {
                c.mentioned |= 1 << 1;
                push_padded(out, c.last4, 4);
            }
            "plan" => out.push_str(c.plan),
            "ticket" => {
                out.push_str("T-");
                push_padded(out, c.ticket, 6);
            }
            "days" => push_u64(out, c.days),
            "day" => out.push_str(WEEKDAYS[c.promise_day]),
            "ask" => out.push_str(p.ask_what[c.ask_kind]),
            "n" => push_u64(out, rng.range(1000, 9999) as u64),
            "q" => push_u64(out, rng.range(2, 9) as u64),
            "angry" => out.push_str(rng.pick(EMOJI_ANGRY)),
            _ => panic!("unknown placeholder {{{key}}}"),
        }
    }
    out.push_str(rest);
}

fn push_money(out: &mut String, money: Money, cents: u64) {
    let (units, frac) = (cents / 100, cents % 100);
    match money {
        Money::Dollar => {
            out.push('$');
            push_u64(out, units);
            out.push('.');
            push_padded(out, frac, 2);
        }
        Money::Euro => {
            push_u64(out, units);
            out.push(',');
            push_padded(out, frac, 2);
            out.push_str(" €");
        }
        Money::Real => {
            out.push_str("R$ ");
            push_u64(out, units);
            out.push(',');
            push_padded(out, frac, 2);
        }
    }
}

fn push_date(out: &mut String, p: &Pack, days: i64) {
    let (_, m, d) = civil_from_days(days);
    let month = p.months[(m - 1) as usize];
    match p.date_fmt {
        DateFmt::MonthDay => {
            out.push_str(month);
            out.push(' ');
            push_u64(out, d as u64);
        }
        DateFmt::DayDeMonth => {
            push_u64(out, d as u64);
            out.push_str(" de ");
            out.push_str(month);
        }
        DateFmt::DayMonth => {
            push_u64(out, d as u64);
            out.push(' ');
            out.push_str(month);
        }
        DateFmt::DayDotMonth => {
            push_u64(out, d as u64);
            out.push_str(". ");
            out.push_str(month);
        }
    }
}

/// How long before the next message, by who writes it.
#[derive(Clone, Copy)]
enum Gap {
    /// An agent answering the customer.
    Reply,
    /// The customer answering the agent.
    Customer,
    /// The customer writing again.
    Again,
    /// The agent writing again: within minutes, so that a thought finished
    /// in a second message is one contact, not nagging.
    AgentAgain,
    /// A bot, right after the customer.
    Bot,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        for p in PACKS {
            assert_eq!(p.clarify.len(), p.clarify_reply.len(), "clarify pairs");
            assert_eq!(p.gen_followups.len(), p.gen_answers.len(), "followup pairs");
            for t in 0..TOPICS {
                assert_eq!(p.followups[t].len(), p.answers[t].len(), "followup pairs");
            }
        }
        let (agents, by_lang) = make_agents(seed);
        Gen {
            seed,
            agents,
            by_lang,
            mistake_weights: MISTAKES.iter().map(|m| m.1).collect(),
            names: CUSTOMER_NAMES
                .iter()
                .map(|(f, l)| (f.split('|').collect(), l.split('|').collect()))
                .collect(),
            rng: Rng(0),
            c: Ctx {
                lang: 0,
                topic: 0,
                channel: Channel::Chat,
                agent: 0,
                cust_id: 0,
                first: String::new(),
                full: String::new(),
                email: String::new(),
                order: 0,
                amount: 0,
                amount2: 0,
                order_day: 0,
                item: "",
                track: 0,
                last4: 0,
                plan: "",
                ticket: 0,
                days: 0,
                promise_day: 0,
                mentioned: 0,
                waiting_since: None,
                ask_kind: 0,
                flags: 0,
                ts: 0,
                msg_no: 0,
                last_role: Role::Customer,
            },
            line: String::with_capacity(16 * 1024),
            text: String::with_capacity(1024),
            events: Vec::with_capacity(4),
            specials: Vec::with_capacity(8),
            used: Vec::with_capacity(32),
            conversations: 0,
            messages: 0,
            lang_counts: [0; 5],
        }
    }

    fn pack(&self) -> &'static Pack {
        PACKS[self.c.lang]
    }

    fn has(&self, flag: u32) -> bool {
        self.c.flags & flag != 0
    }

    /// Appends one template to the text being built, space-separated.
    fn add(&mut self, tpl: &str) {
        let Gen {
            text,
            c,
            rng,
            agents,
            ..
        } = self;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push(' ');
        }
        let hide = c.flags & M_NO_NAME != 0;
        let at = text.len();
        let after_comma = text.ends_with(", ");
        expand(text, tpl, c, &agents[c.agent].first, rng, hide);
        // "Hi, my parcel..." rather than "Hi, My parcel...", but "Hi, I...".
        if after_comma {
            let mut chars = text[at..].chars();
            if let (Some(first), Some(second)) = (chars.next(), chars.next())
                && first.is_uppercase()
                && (second.is_lowercase() || (first != 'I' && (second == '’' || second == '\'')))
            {
                let lower: String = first.to_lowercase().collect();
                text.replace_range(at..at + first.len_utf8(), &lower);
            }
        }
    }

    /// Appends an entry of `pool` not yet used in this conversation (any
    /// entry once all have been used), so that texts do not repeat.
    fn add_pick(&mut self, pool: Pool) {
        let i = self.fresh_index(pool);
        self.add(pool[i]);
    }

    /// Index of an entry of `pool` not yet used in this conversation. Pools
    /// are told apart by their first entry (by content, not address, so that
    /// every build of this file writes the same bytes).
    fn fresh_index(&mut self, pool: Pool) -> usize {
        let n = pool.len().min(32);
        let start = self.rng.below(n);
        let slot = match self.used.iter().position(|u| u.0 == pool[0]) {
            Some(slot) => slot,
            None => {
                self.used.push((pool[0], 0));
                self.used.len() - 1
            }
        };
        let mask = self.used[slot].1;
        let i = (0..n)
            .map(|k| (start + k) % n)
            .find(|&i| mask & (1 << i) == 0)
            .unwrap_or(start);
        self.used[slot].1 |= 1 << i;
        i
    }

    /// Ends an email reply with a signature (real newlines, escaped in JSON).
    fn sign(&mut self) {
        if self.c.channel == Channel::Email {
            let tpl = self.rng.pick(self.pack().sign_off);
            self.text.push_str("\n\n");
            let Gen {
                text,
                c,
                rng,
                agents,
                ..
            } = self;
            expand(text, tpl, c, &agents[c.agent].first, rng, false);
        }
    }

    fn gap(&mut self, gap: Gap) -> i64 {
        let r = &mut self.rng;
        match (self.c.channel, gap) {
            (_, Gap::Bot) => r.range(2, 12),
            (Channel::Chat, Gap::Reply) => r.range(15, 100),
            (Channel::Chat, Gap::Customer) => r.range(20, 240),
            (Channel::Chat, Gap::Again) => r.range(10, 60),
            (Channel::Chat, Gap::AgentAgain) => r.range(25, 110),
            (Channel::Email, Gap::Reply) => r.range(20 * MIN, 8 * HOUR),
            (Channel::Email, Gap::Customer) => r.range(30 * MIN, 10 * HOUR),
            (Channel::Email, Gap::Again) => r.range(10 * MIN, 3 * HOUR),
            (_, Gap::AgentAgain) => r.range(MIN, 8 * MIN),
            (Channel::Social, Gap::Reply) => r.range(2 * MIN, 40 * MIN),
            (Channel::Social, Gap::Customer) => r.range(3 * MIN, 60 * MIN),
            (Channel::Social, Gap::Again) => r.range(MIN, 15 * MIN),
        }
    }

    /// Writes the text built so far as the next message and clears it.
    fn emit(&mut self, role: Role, gap: i64) {
        let c = &mut self.c;
        c.ts += gap;
        c.msg_no += 1;
        let line = &mut self.line;
        if c.msg_no > 1 {
            line.push(',');
        }
        line.push_str("{\"id\":\"m");
        push_u64(line, c.msg_no);
        line.push_str("\",\"author\":\"");
        let author: &str = match role {
            Role::Customer => &c.full,
            Role::Agent | Role::Note => &self.agents[c.agent].name,
            Role::Bot => BOT_NAME,
        };
        push_json_str(line, author);
        line.push_str("\",\"role\":\"");
        line.push_str(match role {
            Role::Customer => "customer",
            Role::Agent | Role::Note => "agent",
            Role::Bot => "bot",
        });
        line.push_str("\",\"ts\":\"");
        push_rfc3339(line, c.ts);
        line.push_str("\",\"text\":\"");
        push_json_str(line, &self.text);
        line.push('"');
        if role == Role::Note {
            line.push_str(",\"public\":false");
        }
        line.push('}');
        self.text.clear();
        match role {
            Role::Customer if c.waiting_since.is_none() => c.waiting_since = Some(c.ts),
            Role::Agent => c.waiting_since = None,
            _ => {}
        }
        if role != Role::Note {
            c.last_role = role;
        }
    }

    fn customer(&mut self, tpl_pool: Pool) {
        self.add_pick(tpl_pool);
        self.customer_emit();
    }

    /// Emits the built text as a customer message after the usual delay.
    fn customer_emit(&mut self) {
        let gap = if self.c.last_role == Role::Customer {
            self.gap(Gap::Again)
        } else {
            self.gap(Gap::Customer)
        };
        self.emit(Role::Customer, gap);
    }

    /// Emits the built text as an agent message after the usual delay.
    fn agent_emit(&mut self) {
        let gap = if self.c.last_role == Role::Agent {
            self.gap(Gap::AgentAgain)
        } else {
            self.gap(Gap::Reply)
        };
        let gap = self.within_sla(gap);
        self.emit(Role::Agent, gap);
    }

    /// Shortens an agent's delay so that the customer's oldest unanswered
    /// message waits less than the channel's SLA (chat 2 min, social 1 h,
    /// email 24 h): only planted mistakes are slow.
    fn within_sla(&self, gap: i64) -> i64 {
        let Some(since) = self.c.waiting_since else {
            return gap;
        };
        let limit = match self.c.channel {
            Channel::Chat => 2 * MIN,
            Channel::Social => HOUR,
            Channel::Email => DAY,
        } - 15;
        gap.min((limit - (self.c.ts - since)).max(5))
    }

    fn agent(&mut self, tpl_pool: Pool) {
        self.add_pick(tpl_pool);
        self.agent_emit();
    }

    fn note(&mut self) {
        self.add_pick(NOTES);
        let gap = match self.c.channel {
            Channel::Chat => self.rng.range(5, 30),
            _ => self.rng.range(MIN, 6 * MIN),
        };
        let gap = self.within_sla(gap) / 2;
        self.emit(Role::Note, gap);
    }

    fn setup(&mut self, idx: u64) {
        self.rng = Rng::derive(self.seed, 2, idx);
        let cust_id = self.rng.next_u64() % CUSTOMER_COUNT;
        self.c.cust_id = cust_id;
        self.customer_identity(cust_id);
        let rng = &mut self.rng;
        let c = &mut self.c;
        c.topic = rng.below(TOPICS);
        c.channel = [Channel::Chat, Channel::Email, Channel::Social][rng.weighted(&[55, 30, 15])];
        let agents = &self.by_lang[c.lang];
        c.agent = usize::from(agents[rng.below(agents.len())]);
        let p = PACKS[c.lang];
        c.order = rng.range(1_000_000, 9_999_999) as u64;
        c.amount = rng.range(999, 39_999) as u64;
        c.amount2 = c.amount * rng.range(20, 70) as u64 / 100;
        c.item = rng.pick(p.items);
        c.track = rng.next_u64() % 1_000_000_000_000;
        c.last4 = rng.range(0, 9999) as u64;
        c.plan = rng.pick(PLANS);
        c.ticket = rng.range(100_000, 999_999) as u64;
        c.days = rng.range(3, 12) as u64;
        c.msg_no = 0;
        c.mentioned = 0;
        c.waiting_since = None;
        c.last_role = Role::Bot;
        c.flags = 0;
        if c.lang == EN && rng.percent(self.agents[c.agent].mistake_pct) {
            let weights = &self.mistake_weights;
            c.flags |= MISTAKES[rng.weighted(weights)].0;
            if rng.percent(40) {
                c.flags |= MISTAKES[rng.weighted(weights)].0;
            }
        }
        if c.flags & M_TEMPLATE_ONLY != 0 {
            // A macro by email, and macros always carry the name.
            c.channel = Channel::Email;
            c.flags &= !M_NO_NAME;
        }
        // Start: chats and social mostly in business hours on weekdays
        // (09:00-16:30 New York); email any time. Long threads start early
        // enough to end inside the quarter.
        let last_day = match c.channel {
            Channel::Chat => QUARTER_DAYS - 2,
            Channel::Social => QUARTER_DAYS - 4,
            Channel::Email => QUARTER_DAYS - 10,
        };
        let mut day = rng.range(0, last_day);
        let office = c.channel != Channel::Email && rng.percent(85);
        if office {
            for _ in 0..4 {
                if weekday(START_DAY + day) < 5 {
                    break;
                }
                day = rng.range(0, last_day);
            }
        }
        let tod = if office {
            rng.range(9 * HOUR, 16 * HOUR + 30 * MIN) - NY_OFFSET
        } else {
            rng.range(0, DAY - 1)
        };
        c.ts = (START_DAY + day) * DAY + tod;
        c.order_day = START_DAY + day - rng.range(2, 20);
    }

    /// Name, email and language of a customer, the same every time they
    /// write in.
    fn customer_identity(&mut self, cust_id: u64) {
        let mut r = Rng::derive(self.seed, 3, cust_id);
        let c = &mut self.c;
        c.lang = r.weighted(&LANG_WEIGHTS);
        c.first.clear();
        c.full.clear();
        c.email.clear();
        let cjk = c.lang == EN && r.percent(2);
        if cjk {
            let name = r.pick(CJK_CUSTOMERS);
            c.first.push_str(name);
            c.full.push_str(name);
        } else {
            let (firsts, lasts) = &self.names[c.lang];
            let first = r.pick(firsts);
            let last = r.pick(lasts);
            c.first.push_str(first);
            c.full.push_str(first);
            c.full.push(' ');
            c.full.push_str(last);
            let style = r.below(4);
            push_ascii(&mut c.email, first);
            match style {
                0 => {
                    c.email.push('.');
                    push_ascii(&mut c.email, last);
                }
                1 => {
                    c.email.push('_');
                    push_ascii(&mut c.email, last);
                    push_u64(&mut c.email, r.range(1, 99) as u64);
                }
                2 => {
                    c.email.truncate(1);
                    push_ascii(&mut c.email, last);
                }
                _ => push_u64(&mut c.email, r.range(1, 1999) as u64),
            }
            c.email
                .retain(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '_');
        }
        if c.email.len() < 3 {
            c.email.clear();
            c.email.push_str("customer");
            push_u64(&mut c.email, cust_id);
        }
        c.email.push('@');
        c.email.push_str(r.pick(EMAIL_DOMAINS));
    }

    /// How many messages this conversation aims for.
    fn target_messages(&mut self) -> u64 {
        let r = &mut self.rng;
        let n = match self.c.channel {
            Channel::Chat => 10 + r.range(0, 9) + r.range(0, 9),
            Channel::Email => 6 + r.range(0, 6) + r.range(0, 6),
            Channel::Social => 6 + r.range(0, 7) + r.range(0, 7),
        };
        n as u64
    }

    /// Writes conversation `idx` (0-based) as one JSON line into `self.line`.
    fn conversation(&mut self, idx: u64) {
        self.setup(idx);
        self.line.clear();
        self.events.clear();
        self.used.clear();
        let p = self.pack();
        let target = self.target_messages();
        self.conversations += 1;
        self.lang_counts[self.c.lang] += 1;

        let line = &mut self.line;
        line.push_str("{\"id\":\"B-");
        push_padded(line, idx + 1, 6);
        line.push_str("\",\"channel\":\"");
        line.push_str(self.c.channel.as_str());
        line.push_str("\",\"subject\":\"");
        let subject = self.rng.pick(p.subjects[self.c.topic]);
        expand(
            &mut self.text,
            subject,
            &mut self.c,
            "",
            &mut self.rng,
            false,
        );
        push_json_str(&mut self.line, &self.text);
        self.text.clear();
        let line = &mut self.line;
        line.push_str("\",\"customer\":{\"id\":\"u-");
        push_padded(line, self.c.cust_id, 6);
        line.push_str("\",\"name\":\"");
        push_json_str(line, &self.c.full);
        line.push_str("\",\"email\":\"");
        push_json_str(line, &self.c.email);
        line.push_str("\"},\"messages\":[");

        self.body(target);

        let line = &mut self.line;
        line.push_str("],\"events\":[");
        for (i, &(ts, status)) in self.events.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str("{\"ts\":\"");
            push_rfc3339(line, ts);
            line.push_str("\",\"kind\":\"status\",\"status\":\"");
            line.push_str(status);
            line.push_str("\"}");
        }
        line.push_str("]}\n");
        self.messages += self.c.msg_no;
    }

    fn body(&mut self, target: u64) {
        let p = self.pack();
        let en = self.c.lang == EN;
        let topic = self.c.topic;

        // The customer opens.
        if self.rng.percent(60) {
            self.add_pick(p.cust_hi);
        }
        self.add_pick(p.problems[topic]);
        if self.rng.percent(35) {
            self.add_pick(p.extra);
        }
        if self.rng.percent(15) {
            let e = if self.rng.percent(50) {
                self.rng.pick(EMOJI_ANGRY)
            } else {
                self.rng.pick(EMOJI_HAPPY)
            };
            self.text.push(' ');
            self.text.push_str(e);
        }
        self.emit(Role::Customer, 0);
        if self.rng.percent(20) {
            self.customer(p.extra);
        }
        if self.c.channel != Channel::Social && self.rng.percent(30) {
            self.add_pick(p.bot);
            let gap = self.gap(Gap::Bot);
            self.emit(Role::Bot, gap);
        }

        // The agent's first reply.
        let slow = self.has(M_SLOW);
        let first_gap = match (self.c.channel, slow) {
            (_, false) => {
                let gap = self.gap(Gap::Reply);
                self.within_sla(gap)
            }
            (Channel::Chat, true) => self.rng.range(4 * MIN, 15 * MIN),
            (Channel::Email, true) => self.rng.range(28 * HOUR, 50 * HOUR),
            (Channel::Social, true) => self.rng.range(2 * HOUR, 6 * HOUR),
        };
        if self.has(M_TEMPLATE_ONLY) {
            self.add(MACRO_ACK);
            self.emit(Role::Agent, first_gap);
            self.events.push((self.c.ts + 5, "pending"));
            let kind = ASK_PREF[self.c.topic][0];
            self.add_pick(p.details[kind]);
            self.add_pick(p.cust_tail);
            self.customer_emit();
            let n = self.rng.range(1, 2);
            for _ in 0..n {
                self.customer(p.cust_nudge);
            }
            return;
        }
        let macro_ok = en && !self.has(M_NO_NAME | M_NO_THANKS);
        if macro_ok && self.c.channel == Channel::Email && self.rng.percent(15) {
            // The acknowledgement macro, then a personal answer.
            self.add(MACRO_ACK);
            self.emit(Role::Agent, first_gap);
            let gap = self.gap(Gap::AgentAgain);
            self.first_reply(false);
            self.emit(Role::Agent, gap);
        } else {
            self.first_reply(true);
            self.emit(Role::Agent, first_gap);
        }
        self.add_pick(p.details[self.c.ask_kind]);
        if self.rng.percent(50) {
            self.add_pick(p.cust_tail);
        }
        self.customer_emit();

        // Specials, in a random order.
        self.specials.clear();
        let f = self.c.flags;
        for (flag, special) in [
            (M_POLICY, Special::Policy),
            (M_EVERYONE, Special::Everyone),
            (M_CALM, Special::Calm),
            (M_TRANSFER, Special::Transfer),
            (M_MANAGER, Special::Manager),
            (M_REPEAT, Special::Repeat),
            (M_DONT_KNOW, Special::DontKnow),
            (M_BLAME, Special::Blame),
            (M_VAGUE, Special::Vague),
        ] {
            if f & flag != 0 {
                self.specials.push(special);
            }
        }
        if en && f == 0 && self.rng.percent(40) {
            let la = [
                Special::LaPolicy,
                Special::LaTransfer,
                Special::LaManager,
                Special::LaEveryone,
                Special::LaCalm,
            ];
            let pick = self.rng.pick(&la);
            self.specials.push(pick);
        }
        if self.rng.percent(12) {
            self.specials.push(Special::Note);
        }
        self.rng.shuffle(&mut self.specials);

        // The middle: back and forth until it is time to close.
        let closing = 3;
        let topic_n = p.followups[topic].len();
        let n_followups = topic_n + p.gen_followups.len();
        let mut used: u64 = 0;
        let mut pending = false;
        while self.c.msg_no + closing < target || !self.specials.is_empty() {
            let room = target.saturating_sub(self.c.msg_no + closing);
            if !self.specials.is_empty()
                && (room <= 3 * self.specials.len() as u64 || self.rng.percent(35))
            {
                let s = self.specials.pop().expect("not empty");
                self.special(s);
                continue;
            }
            let free = n_followups as u32 - used.count_ones();
            if self.c.last_role != Role::Customer && free > 0 {
                // The customer asks something new; the agent answers it.
                let mut i = self.rng.below(n_followups);
                while used & (1 << i) != 0 {
                    i = (i + 1) % n_followups;
                }
                used |= 1 << i;
                let (question, answer) = if i < topic_n {
                    (p.followups[topic][i], p.answers[topic][i])
                } else {
                    (p.gen_followups[i - topic_n], p.gen_answers[i - topic_n])
                };
                if self.rng.percent(70) {
                    self.add_pick(p.cust_lead);
                }
                self.add(question);
                if self.rng.percent(60) {
                    self.add_pick(p.cust_tail);
                }
                self.customer_emit();
                if self.has(M_DONT_KNOW) && self.rng.percent(30) {
                    self.agent(DONT_KNOW);
                    self.customer(p.cust_nudge);
                }
                if self.rng.percent(60) {
                    self.add_pick(p.agent_lead);
                }
                self.add(answer);
                if self.rng.percent(60) {
                    self.add_pick(p.agent_tail);
                }
                self.agent_emit();
                continue;
            }
            if self.c.last_role != Role::Customer {
                // Nothing left to ask: the customer checks in.
                self.customer(p.cust_nudge);
            }
            let step = self.rng.below(100);
            if step < 45 {
                // The agent checks, then comes back with news.
                self.agent(p.checking);
                if !pending && self.rng.percent(40) {
                    pending = true;
                    let ts = self.c.ts + self.rng.range(5, 60);
                    self.events.push((ts, "pending"));
                }
                self.add_pick(p.updates[topic]);
                if self.rng.percent(70) {
                    self.add_pick(p.agent_tail);
                }
                self.agent_emit();
            } else if step < 85 {
                // A clarifying question and its answer.
                let i = self.fresh_index(p.clarify);
                self.add_pick(p.updates[topic]);
                self.add(p.clarify[i]);
                self.agent_emit();
                self.add(p.clarify_reply[i]);
                if self.rng.percent(80) {
                    self.add_pick(p.cust_tail);
                }
                self.customer_emit();
            } else {
                // News, and the customer acknowledges.
                self.add_pick(p.updates[topic]);
                self.add_pick(p.agent_tail);
                self.agent_emit();
                self.customer(p.cust_ack);
            }
        }

        // The end.
        if self.has(M_PROMISE) {
            if self.c.last_role == Role::Agent {
                self.customer(p.cust_nudge);
            }
            // The promise is the last word: nothing follows it.
            self.promise();
            self.add_pick(TALK_SOON);
            self.sign();
            self.agent_emit();
            if !pending {
                self.events.push((self.c.ts + 30, "pending"));
            }
            return;
        }
        if self.c.last_role == Role::Agent && self.rng.percent(50) {
            self.customer(p.cust_nudge);
        }
        let kept =
            en && self.c.channel == Channel::Email && self.c.flags == 0 && self.rng.percent(10);
        if kept {
            self.promise();
            self.sign();
            self.agent_emit();
            self.customer(p.cust_ack);
            self.add_pick(KEPT_FOLLOW);
            let gap = self.rng.range(3 * HOUR, 20 * HOUR);
            self.add_pick(p.fixes[topic]);
            self.sign();
            self.emit(Role::Agent, gap);
        } else if macro_ok && self.rng.percent(30) {
            self.add(MACRO_TOPIC[topic]);
            self.agent_emit();
        } else {
            self.add_pick(p.fixes[topic]);
            if self.has(M_STOCK) {
                self.add_pick(STOCK);
            }
            self.sign();
            self.agent_emit();
        }
        if macro_ok && self.c.channel == Channel::Chat && self.rng.percent(25) {
            self.add(MACRO_ANYTHING_ELSE);
            self.agent_emit();
            self.add_pick(NOTHING_ELSE);
        }
        self.add_pick(p.cust_thanks);
        if en && self.rng.percent(60) {
            self.add_pick(THANKS_TAIL);
        }
        self.customer_emit();
        self.agent(p.closings);
        if self.rng.percent(75) {
            self.events
                .push((self.c.ts + self.rng.range(30, 600), "solved"));
        }
    }

    /// Another agent of the conversation's language, neither `a` nor `b`.
    fn other_agent(&mut self, a: usize, b: usize) -> usize {
        let list = &self.by_lang[self.c.lang];
        loop {
            let pick = usize::from(list[self.rng.below(list.len())]);
            if pick != a && pick != b {
                return pick;
            }
        }
    }

    /// Greeting, thanks, apology and a question for the details.
    fn first_reply(&mut self, greet: bool) {
        let p = self.pack();
        if greet {
            if self.has(M_NO_NAME) {
                self.add_pick(AGENT_HI_NO_NAME);
            } else {
                self.add_pick(p.agent_hi);
            }
            if !self.has(M_NO_THANKS) {
                let at = self.text.len() + 1;
                self.add_pick(p.thanks);
                capitalise_at(&mut self.text, at);
            }
        }
        if !self.has(M_NO_APOLOGY) {
            self.add_pick(p.sorry[self.c.topic]);
        }
        // Ask for a detail the customer has not given yet.
        let mentioned = self.c.mentioned;
        self.c.ask_kind = ASK_PREF[self.c.topic]
            .iter()
            .copied()
            .find(|&k| mentioned & (1 << k) == 0)
            .unwrap_or(K_PHOTO);
        if self.has(M_NO_PLEASE) {
            self.add_pick(ASK_RUDE);
        } else {
            self.add_pick(p.ask);
        }
        self.sign();
    }

    /// "I'll get back to you by Thursday", two to four days ahead.
    fn promise(&mut self) {
        let local_day = (self.c.ts + NY_OFFSET).div_euclid(DAY);
        self.c.promise_day = weekday(local_day + self.rng.range(2, 4));
        self.add_pick(PROMISE_LEAD);
        self.add_pick(PROMISE);
    }

    fn special(&mut self, s: Special) {
        let p = self.pack();
        match s {
            Special::Policy | Special::Everyone => {
                self.customer(EXCEPTION_ASK);
                self.add_pick(if matches!(s, Special::Policy) {
                    POLICY
                } else {
                    EVERYONE
                });
                self.agent_emit();
                self.customer(DISAPPOINTED);
            }
            Special::Calm => {
                self.customer(ANGRY);
                self.agent(CALM_DOWN);
                self.customer(p.cust_ack);
            }
            Special::Transfer => {
                if self.c.last_role == Role::Agent {
                    self.customer(p.cust_nudge);
                }
                self.agent(TRANSFER);
                self.customer(p.cust_ack);
                if self.rng.percent(70) {
                    // The runaround: a second agent passes the customer on
                    // again, and a third finally takes over.
                    let first = self.c.agent;
                    self.c.agent = self.other_agent(first, first);
                    self.agent(TRANSFER_AGAIN);
                    self.customer(PASSED_AROUND);
                    let second = self.c.agent;
                    self.c.agent = self.other_agent(first, second);
                    if self.has(M_NO_THANKS) {
                        self.agent(TAKE_OVER_NO_THANKS);
                    } else {
                        self.agent(TAKE_OVER);
                    }
                }
            }
            Special::Manager => {
                self.customer(MANAGER_ASK);
                self.agent(MANAGER_REFUSE);
            }
            Special::Repeat => {
                if self.c.last_role == Role::Agent {
                    self.customer(p.cust_ack);
                }
                self.agent(ASK_AGAIN);
                self.customer(REPEATS[self.c.ask_kind]);
            }
            Special::DontKnow => {
                if self.c.last_role == Role::Agent {
                    self.customer(p.cust_nudge);
                }
                self.agent(DONT_KNOW);
            }
            Special::Blame => {
                if self.c.last_role == Role::Agent {
                    self.customer(p.cust_nudge);
                }
                self.agent(BLAME);
                self.customer(DISAPPOINTED);
            }
            Special::Vague => {
                if self.c.last_role == Role::Agent {
                    self.customer(p.cust_nudge);
                }
                self.agent(VAGUE);
                self.customer(p.cust_ack);
            }
            Special::LaPolicy => {
                let i = self.rng.below(LA_CUST_POLICY.len());
                self.customer(&LA_CUST_POLICY[i..=i]);
                self.agent(&LA_POLICY_ANSWER[i..=i]);
            }
            Special::LaTransfer => {
                if self.c.last_role == Role::Agent {
                    self.customer(p.cust_nudge);
                }
                self.agent(LA_NO_TRANSFER);
            }
            Special::LaManager => {
                let i = self.rng.below(LA_MANAGER.len());
                self.customer(&LA_MANAGER[i..=i]);
                self.agent(&LA_MANAGER_ANSWER[i..=i]);
            }
            Special::LaEveryone => {
                if self.c.last_role == Role::Agent {
                    self.customer(p.cust_nudge);
                }
                self.agent(LA_EVERYONE);
            }
            Special::LaCalm => {
                self.customer(LA_CALM);
                self.agent(LA_CALM_ANSWER);
            }
            Special::Note => self.note(),
        }
    }
}

/// Upper-cases the letter at byte `at` when the text before it ends a
/// sentence or a letter-style greeting ("Hi Ana! Thanks", "Hola, Ana: Gracias").
fn capitalise_at(text: &mut String, at: usize) {
    let before = text[..at].trim_end();
    if !(before.ends_with(':') || before.ends_with('!') || before.ends_with('.')) {
        return;
    }
    if let Some(ch) = text[at..].chars().next()
        && ch.is_lowercase()
    {
        let upper: String = ch.to_uppercase().collect();
        text.replace_range(at..at + ch.len_utf8(), &upper);
    }
}

// ---------------------------------------------------------------------------
// Command line

struct Args {
    size: u64,
    seed: u64,
    out: Option<String>,
}

const USAGE: &str = "usage: gen_bench_corpus --size SIZE [--seed N] [--out FILE]   (SIZE: 10MB, 500MB, 1GB, 4GB; decimal units)";

fn parse_size(s: &str) -> Result<u64, String> {
    let upper = s.trim().to_ascii_uppercase();
    let split = upper
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(upper.len());
    let (num, unit) = upper.split_at(split);
    let mult: u64 = match unit.trim() {
        "" | "B" => 1,
        "K" | "KB" => 1_000,
        "M" | "MB" => 1_000_000,
        "G" | "GB" => 1_000_000_000,
        "T" | "TB" => 1_000_000_000_000,
        other => return Err(format!("unknown size unit {other:?} in {s:?}")),
    };
    let value: f64 = num
        .parse()
        .map_err(|_| format!("bad size {s:?} (expected e.g. 10MB, 1GB)"))?;
    if !value.is_finite() || value <= 0.0 {
        return Err(format!("size must be positive: {s:?}"));
    }
    Ok((value * mult as f64).round() as u64)
}

fn parse_args() -> Result<Args, String> {
    let mut size = None;
    let mut seed = 42;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--size" => size = Some(parse_size(&value("--size")?)?),
            "--seed" => {
                let v = value("--seed")?;
                seed = v.parse().map_err(|_| format!("bad seed {v:?}"))?;
            }
            "--out" | "-o" => out = Some(value("--out")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let size = size.ok_or_else(|| format!("--size is required\n{USAGE}"))?;
    Ok(Args { size, seed, out })
}

fn run(args: &Args) -> io::Result<(Gen, u64)> {
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(File::create(path)?),
        None => Box::new(io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let mut g = Gen::new(args.seed);
    let mut bytes = 0u64;
    let mut idx = 0u64;
    while bytes < args.size {
        g.conversation(idx);
        w.write_all(g.line.as_bytes())?;
        bytes += g.line.len() as u64;
        idx += 1;
    }
    w.flush()?;
    Ok((g, bytes))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_bench_corpus: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match run(&args) {
        Ok((g, bytes)) => {
            let secs = started.elapsed().as_secs_f64();
            let mut langs = String::new();
            for (i, n) in g.lang_counts.iter().enumerate() {
                let pct = 100.0 * *n as f64 / g.conversations.max(1) as f64;
                let _ = write!(langs, " {}={pct:.1}%", LANG_NAMES[i]);
            }
            eprintln!(
                "gen_bench_corpus: {} conversations, {} messages ({:.1}/conversation), {} bytes in {:.2} s ({:.0} MB/s); languages{}",
                g.conversations,
                g.messages,
                g.messages as f64 / g.conversations.max(1) as f64,
                bytes,
                secs,
                bytes as f64 / 1e6 / secs.max(1e-9),
                langs
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_bench_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
