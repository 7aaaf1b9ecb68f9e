//! `listening/asked-again`: the agent asks for an order number, email
//! address, phone number, account id or tracking number that the customer
//! already gave. The customer's values are taken from their public
//! messages; an agent sentence asking for the same kind of value later is
//! a finding, unless the agent quotes the value back to confirm it, asks
//! for a different one, or has said the first one did not work.

use super::Hit;
use crate::check::context::own_words;
use crate::check::pattern::{ascii_stand_in, slice_chars};
use crate::model::{Conversation, Role};
use regex::Regex;
use std::sync::LazyLock;

/// The kinds of identifier a customer gives and an agent asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Order,
    /// A support case or ticket: not the same thing as an order number.
    Case,
    Tracking,
    Account,
    Email,
    Phone,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Order => "order or reference number",
            Kind::Case => "case or ticket number",
            Kind::Tracking => "tracking number",
            Kind::Account => "account number",
            Kind::Email => "email address",
            Kind::Phone => "phone number",
        }
    }

    /// The kind a keyword names ("booking" is an order, "mobile" a phone).
    fn of_keyword(word: &str) -> Option<Kind> {
        let word = word.to_lowercase();
        let word = word.trim_end_matches(['.', '#']);
        Some(match word {
            "order" | "booking" | "reservation" | "reference" | "ref" | "confirmation"
            | "invoice" | "receipt" | "transaction" => Kind::Order,
            "case" | "ticket" | "claim" => Kind::Case,
            "tracking" => Kind::Tracking,
            "account" | "acct" | "member" | "membership" | "customer" | "policy"
            | "customer id" | "loyalty" | "subscriber" => Kind::Account,
            "email" | "e-mail" | "mail" => Kind::Email,
            "phone" | "mobile" | "cell" | "telephone" | "contact" => Kind::Phone,
            _ => return None,
        })
    }
}

const KEYWORDS: &str = r"order|booking|reservation|reference|ref|confirmation|invoice|case|ticket|receipt|transaction|claim|tracking|account|acct|member(?:ship)?|customer|policy|loyalty|subscriber";

/// A value the customer gave after a keyword: "order #A-55123", "my
/// account number is 0099-1234", "tracking: 1Z999AA1".
static GIVEN_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<kind>{KEYWORDS})\b(?:\s+(?:number|no\.?|num|#|id|code|ref))?\s*(?:is|was|:|=|-)?\s*#?\s*(?P<value>[a-z0-9-]*\d[a-z0-9-]*(?: [a-z0-9-]*\d[a-z0-9-]*)*)"
    ))
    .expect("a valid constant regex")
});

/// A bare "#55123" is an order or ticket number.
static HASH_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)#(?P<value>\d{4,})\b").expect("a valid constant regex"));

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b").expect("a valid constant regex")
});

/// A phone number: seven or more digits with the usual separators.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w])(?P<value>\+?\(?\d[\d\s().-]{5,}\d)(?:$|[^\w])")
        .expect("a valid constant regex")
});

/// A date written with dashes or dots, which has the digits of a phone.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}[.-]\d{1,2}[.-]\d{1,2}|\d{1,2}[.-]\d{1,2}[.-]\d{2,4})$")
        .expect("a valid constant regex")
});

/// The agent naming a kind of identifier: "your order number", "the email
/// on the account", "a phone number".
static ASKED_KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:your|the|an?|that|its)\s+(?:(?P<id>{KEYWORDS})\s+(?:number|no\b\.?|num\b|#|id\b|code|ref\b|reference)|(?P<email>e-?mail(?:\s+address)?|email)\b|(?P<phone>phone|mobile|cell|telephone|contact)\s+(?:number|no\b))"
    ))
    .expect("a valid constant regex")
});

/// Words that make a sentence a request for something.
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\?|\b(?:send|provide|share|give|confirm|dm|tell|type|enter|reply with|let (?:me|us) know|let (?:me|us) have|i(?:'ll| will)? need|we(?:'ll| will)? need|may i (?:have|get)|can i (?:have|get)|could i (?:have|get)|what(?:'s| is)|which)\b")
        .expect("a valid constant regex")
});

/// Words that ask for another value than the one given: "a different
/// email", "the full order number" (not "right away").
static DIFFERENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:another|any other|(?:a|the|your|an) (?:different|other|second|new|alternative|correct|right|full|whole|complete|old|previous|original|backup|secondary))\b")
        .expect("a valid constant regex")
});

/// The agent saying the value given did not work: asking again is right.
static DID_NOT_WORK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:can't|cannot|can not|couldn't|could not|unable to|not able to|wasn't able to|am not able to|struggling to)\s+(?:\w+\s+){0,2}(?:find|locate|see|pull up|match|verify|access|bring up|track down)\b|\b(?:doesn't|does not|didn't|did not|don't|do not)\s+(?:seem to\s+)?(?:match|exist|work|show|come up|bring)\b|\bnot (?:valid|recognised|recognized|found|showing|coming up|matching|linked)\b|\binvalid\b|\bno (?:order|account|booking|record|match)s?\b|\b(?:a typo|missing a digit|(?:is|looks|seems) (?:incomplete|too short|too long))\b")
        .expect("a valid constant regex")
});

/// Words just before a phone number or address that make it someone
/// else's: "the courier's number 0800…", "an email from orders@shop…".
/// It reads the ASCII stand-in, so its word classes are ASCII ones (the
/// same there as Unicode's): Unicode `\w` and `\W` six times over, read
/// backwards from the end, made an automaton too large to stay built.
static THIRD_PARTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:courier|driver|shop|store|seller|company|sender|bank|landlord|office|helpline|hotline|their|his|her|(?:your|the|a|an) (?:courier|driver|shop|store|seller|company|bank|office|team|support|helpline|hotline|website|site)|from (?:the|your|their|a|an|our)|number for|email from|emailed from)[^0-9A-Za-z_]+(?:[0-9A-Za-z_]+[^0-9A-Za-z_]+){0,6}$")
        .expect("a valid constant regex")
});

/// Whether the words just before a value (its last 80 bytes are plenty for
/// six words) make it someone else's.
fn third_party(before: &str) -> bool {
    let from = before.floor_char_boundary(before.len().saturating_sub(80));
    THIRD_PARTY.is_match(&before[from..])
}

/// A sentence where the agent gives or promises a value, not asks for one.
static GIVING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:i|we)(?:'ll| will|'ve| have|'m going to| am going to)? (?:send|give|share|email|text|forward|provide|sent|given|shared|emailed|texted|forwarded|provided) (?:you|it|them|the|a|an|your|over)\b")
        .expect("a valid constant regex")
});

/// A value the customer gave: its kind, its text folded for comparison,
/// and the message it came in.
struct Given {
    kind: Kind,
    value: String,
    index: usize,
}

/// A value as compared: letters and digits (with `@` and `.` for email
/// addresses), lower case, so "#A-55123" and "a55123" are the same order.
fn fold_value(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '@' || *c == '.')
        .flat_map(char::to_lowercase)
        .collect()
}

fn given_values(original: &str, index: usize, out: &mut Vec<Given>) {
    // Every value read here has a digit or an `@`: most messages have
    // neither, and skip the regexes.
    if !original.bytes().any(|b| b.is_ascii_digit() || b == b'@') {
        return;
    }
    // Values and keywords are ASCII; the regexes search the stand-in (fast
    // automaton) and what is kept is sliced from the real text.
    let text = &*ascii_stand_in(original);
    let real = |m: regex::Match<'_>| slice_chars(original, m.start(), m.end());
    // The plain match runs on the fast automaton; captures only on a hit.
    for caps in GIVEN_ID
        .is_match(text)
        .then(|| GIVEN_ID.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let (Some(kind_word), Some(value)) = (caps.name("kind"), caps.name("value")) else {
            continue;
        };
        let Some(kind) = Kind::of_keyword(kind_word.as_str()) else {
            continue;
        };
        let mut value = real(value);
        // Only tracking numbers are written in spaced groups; "order 55123
        // 3 days late" is order 55123.
        if kind != Kind::Tracking {
            value = value.split(' ').next().unwrap_or(value);
        }
        // "order 2" is a quantity; "QX7R2M" or "55123" is an identifier.
        let digits = value.chars().filter(char::is_ascii_digit).count();
        if digits < 3 && !(digits >= 1 && value.len() >= 5) {
            continue;
        }
        out.push(Given {
            kind,
            value: fold_value(value),
            index,
        });
    }
    // Each scan below needs what most messages lack: a '#', an '@', the
    // seven digits of a phone number.
    if text.contains('#') {
        for caps in HASH_ID.captures_iter(text) {
            if let Some(value) = caps.name("value") {
                out.push(Given {
                    kind: Kind::Order,
                    value: fold_value(real(value)),
                    index,
                });
            }
        }
    }
    if text.contains('@') {
        for found in EMAIL.find_iter(text) {
            if third_party(&text[..found.start()]) {
                continue;
            }
            out.push(Given {
                kind: Kind::Email,
                value: fold_value(real(found)),
                index,
            });
        }
    }
    if text.bytes().filter(u8::is_ascii_digit).count() >= 7 {
        for caps in PHONE.captures_iter(text) {
            let Some(found) = caps.name("value") else {
                continue;
            };
            let value = found.as_str();
            let digits = value.chars().filter(char::is_ascii_digit).count();
            // A phone number has 7 to 15 digits; a value already read as an
            // order or account id is not a phone number too.
            let folded = fold_value(value);
            if (7..=15).contains(&digits)
                && !DATE.is_match(value.trim())
                && !third_party(&text[..found.start()])
                && !out.iter().any(|g| g.value.contains(&folded))
            {
                out.push(Given {
                    kind: Kind::Phone,
                    value: folded,
                    index,
                });
            }
        }
    }
}

/// The kinds an agent sentence asks for.
fn asked_kinds(sentence: &str) -> Vec<(Kind, usize, usize)> {
    let mut kinds = Vec::new();
    for caps in ASKED_KIND.captures_iter(sentence) {
        let whole = caps.get(0).expect("group 0 always matches");
        let kind = if let Some(id) = caps.name("id") {
            Kind::of_keyword(id.as_str())
        } else if caps.name("email").is_some() {
            // "send us an email" asks for a message, not an address: only
            // "your email", "an email address" or "the email on the
            // account" ask for the address.
            let after = sentence[whole.end()..].trim_start().to_lowercase();
            let address = whole.as_str().to_lowercase();
            (address.starts_with("your")
                || address.contains("address")
                || [
                    "on ",
                    "for ",
                    "linked",
                    "associated",
                    "attached",
                    "registered",
                    "tied",
                    "you used",
                    "you signed",
                    "you registered",
                ]
                .iter()
                .any(|w| after.starts_with(w)))
            .then_some(Kind::Email)
        } else {
            Some(Kind::Phone)
        };
        if let Some(kind) = kind {
            kinds.push((kind, whole.start(), whole.end()));
        }
    }
    kinds
}

/// Splits text into sentences with their byte offsets.
fn sentences(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let ends = matches!(c, '?' | '!' | '\n')
            || (c == '.' && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()));
        if ends {
            out.push((start, &text[start..=i]));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out.into_iter()
}

pub fn check(conversation: &Conversation) -> Vec<Hit> {
    let mut given: Vec<Given> = Vec::new();
    // An agent who said a value did not work ("I can't find order 55123")
    // is right to ask again. Only agent messages after the first value
    // count, and the (costly) check runs only when there is an ask to
    // excuse, over the messages not read yet.
    let mut doubted = false;
    let mut read_up_to = 0;
    for (index, message) in conversation.messages.iter().enumerate() {
        if !message.public {
            continue;
        }
        match message.role {
            Role::Customer => {
                let had_values = !given.is_empty();
                // Values in quoted history were given in an earlier message.
                given_values(&own_words(&message.text), index, &mut given);
                if !had_values && !given.is_empty() {
                    read_up_to = index + 1;
                }
            }
            Role::Agent => {
                if given.is_empty()
                    || !ASKED_KIND.is_match(&ascii_stand_in(&own_words(&message.text)))
                {
                    continue;
                }
                for earlier in &conversation.messages[read_up_to..=index] {
                    doubted |= earlier.is_public_agent()
                        && DID_NOT_WORK.is_match(&ascii_stand_in(&earlier.text));
                }
                read_up_to = index + 1;
                if doubted {
                    return Vec::new();
                }
                if let Some(hit) = ask_again(conversation, index, &given) {
                    return vec![hit];
                }
            }
            Role::Bot | Role::System => {}
        }
    }
    Vec::new()
}

/// The first sentence of agent message `index` that asks for a kind of
/// value the customer already gave, without quoting it back.
fn ask_again(conversation: &Conversation, index: usize, given: &[Given]) -> Option<Hit> {
    let message = &conversation.messages[index];
    let folded_message = fold_value(&message.text);
    let own = own_words(&message.text);
    let text = ascii_stand_in(&own);
    for (offset, sentence) in sentences(&text) {
        if !REQUEST.is_match(sentence) || DIFFERENT.is_match(sentence) || GIVING.is_match(sentence)
        {
            continue;
        }
        for (kind, start, end) in asked_kinds(sentence) {
            let Some(earlier) = given.iter().find(|g| g.kind == kind) else {
                continue;
            };
            // Quoting the value back is confirming, not asking.
            if given
                .iter()
                .any(|g| g.kind == kind && folded_message.contains(&g.value))
            {
                continue;
            }
            let customer_message = &conversation.messages[earlier.index];
            return Some(Hit {
                due: None,
                template: None,
                index,
                span: Some((offset + start, offset + end)),
                agent: Some(message.author.clone()),
                detail: format!(
                    "asks for the {} the customer gave in {}",
                    kind.name(),
                    customer_message.id
                ),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_given(text: &str) -> Vec<(Kind, String)> {
        let mut out = Vec::new();
        given_values(text, 0, &mut out);
        out.into_iter().map(|g| (g.kind, g.value)).collect()
    }

    #[test]
    fn reads_the_values_customers_give() {
        assert_eq!(
            kinds_given("My order number is #A-55123, thanks"),
            vec![(Kind::Order, "a55123".into())]
        );
        assert_eq!(
            kinds_given("it's maria.j@example.net"),
            vec![(Kind::Email, "maria.j@example.net".into())]
        );
        assert_eq!(
            kinds_given("call me on +44 7700 900123"),
            vec![(Kind::Phone, "447700900123".into())]
        );
        assert_eq!(
            kinds_given("Tracking: 1Z999AA10123456784"),
            vec![(Kind::Tracking, "1z999aa10123456784".into())]
        );
        assert_eq!(
            kinds_given("tracking 1Z 999 AA1 01 2345 678 4"),
            vec![(Kind::Tracking, "1z999aa10123456784".into())]
        );
        assert_eq!(
            kinds_given("add a bag to booking QX7R2M please"),
            vec![(Kind::Order, "qx7r2m".into())]
        );
        assert!(kinds_given("I ordered 2 weeks ago").is_empty());
        assert_eq!(
            kinds_given("my order 55123 3 days late"),
            vec![(Kind::Order, "55123".into())]
        );
        assert_eq!(
            kinds_given("write to josé@correo.es"),
            vec![(Kind::Email, "josé@correo.es".into())]
        );
        assert_eq!(
            kinds_given("You can reach me on 07700 900123"),
            vec![(Kind::Phone, "07700900123".into())]
        );
        assert!(kinds_given("the courier's number is 0800 123 4567").is_empty());
        assert!(kinds_given("I got an email from orders@shop.example").is_empty());
        assert_eq!(
            kinds_given("my case number is 88123"),
            vec![(Kind::Case, "88123".into())]
        );
        assert!(kinds_given("my order from last week").is_empty());
    }

    #[test]
    fn reads_what_agents_ask_for() {
        let asked = |s: &str| asked_kinds(s).into_iter().map(|k| k.0).collect::<Vec<_>>();
        assert_eq!(
            asked("Could you send your order number?"),
            vec![Kind::Order]
        );
        assert_eq!(asked("What's the email on the account?"), vec![Kind::Email]);
        assert_eq!(asked("What is your mobile number"), vec![Kind::Phone]);
        assert!(asked("Your order has shipped.").is_empty());
        assert!(asked("Please send us an email at https://example.com/help").is_empty());
        assert_eq!(asked("Could you send an email address?"), vec![Kind::Email]);
    }
}
