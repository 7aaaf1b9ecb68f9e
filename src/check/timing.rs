//! The `timing` kind: how long customers waited, measured against the
//! channel's SLA (or the rule's own `limit`) in the business calendar.
//! Only public messages of human agents stop a wait clock: a bot's
//! auto-acknowledgement is not an answer (DESIGN §3).
//!
//! Each measure gives at most one finding per conversation, the worst
//! case, so a QA lead reads one coaching point per conversation:
//! - `first-response`: the first agent reply to a conversation the
//!   customer opened came after `first_response` (wall clock unless the
//!   SLA is written in business time);
//! - `wait`: a customer message waited longer than `wait` for the next
//!   agent reply (the first wait too: a slow first reply is a long wait);
//! - `unanswered`: the customer's last substantive message got no agent
//!   reply; due `wait` after it (counted from the next opening when sent
//!   while closed), so a message newer than the SLA is not yet unanswered;
//! - `out-of-hours`: a message sent while the team was closed was answered
//!   later than the next opening plus the SLA (for staffing: no agent is
//!   charged);
//! - `burst`: `min_messages` agent contacts within `limit` (default 24h)
//!   with no customer message between; agent messages under 10 minutes
//!   apart are one contact. Chat is exempt unless `channels` names it.

use super::{CompiledRule, finding_at};
use crate::model::{Conversation, EventKind, Finding, Message, Role};
use crate::normalize::calendar::{ChannelSla, Duration, TimeSettings, human_seconds};
use crate::normalize::normalize;
use crate::pack::Measure;
use jiff::Timestamp;
use regex::Regex;
use std::sync::LazyLock;

/// Agent messages closer together than this are one contact.
const CONTACT_GAP_SECONDS: i64 = 600;
/// The default window of a burst.
const BURST_WINDOW: Duration = Duration::Wall(86_400);
/// Channels whose bursts count when a rule names none: chat is a
/// conversation in real time, where several messages in a row are normal.
const BURST_CHANNELS: &[&str] = &["email", "social"];

/// Judges one conversation for a `timing` rule.
pub fn verdict(
    conversation: &Conversation,
    rule: &CompiledRule,
    time: &TimeSettings,
) -> Vec<Finding> {
    let channel = conversation.channel.as_deref().map(str::to_ascii_lowercase);
    let judged_channels: &[String] = &rule.spec.channels;
    let judged = match (judged_channels.is_empty(), channel.as_deref()) {
        (false, channel) => channel.is_some_and(|c| judged_channels.iter().any(|j| j == c)),
        (true, channel) if rule.spec.measure == Some(Measure::Burst) => {
            channel.is_some_and(|c| BURST_CHANNELS.contains(&c))
        }
        (true, _) => true,
    };
    let Some(measure) = rule.spec.measure.filter(|_| judged) else {
        return Vec::new();
    };
    let judge = Judge {
        conversation,
        rule,
        time,
        sla: time.sla_for(channel.as_deref()),
        channel: channel.as_deref().unwrap_or("unknown channel"),
    };
    let found = match measure {
        Measure::FirstResponse => judge.first_response(),
        Measure::Wait => judge.longest_wait(),
        Measure::Unanswered => judge.unanswered(),
        Measure::OutOfHours => judge.out_of_hours(),
        Measure::Burst => judge.burst(),
    };
    found.into_iter().collect()
}

fn is_customer(message: &Message) -> bool {
    message.role == Role::Customer && message.public
}

/// A customer message and the agent reply that ended its wait.
struct AnsweredWait<'a> {
    index: usize,
    asked: Timestamp,
    reply: &'a Message,
    replied: Timestamp,
}

/// One timing rule judging one conversation.
struct Judge<'a> {
    conversation: &'a Conversation,
    rule: &'a CompiledRule,
    time: &'a TimeSettings,
    sla: ChannelSla,
    channel: &'a str,
}

impl<'a> Judge<'a> {
    /// The rule's own limit, else this part of the channel's SLA.
    fn limit(&self, sla_part: Duration) -> Duration {
        self.rule.spec.limit.unwrap_or(sla_part)
    }

    /// A finding on message `index`, its detail after the rule's message.
    fn finding(&self, index: usize, agent: Option<String>, detail: String) -> Finding {
        let message = format!("{}: {detail}", self.rule.spec.message);
        finding_at(self.conversation, self.rule, index, None, agent, message)
    }

    /// `10m13s (limit 2m for chat)`.
    fn waited(&self, seconds: i64, limit: Duration) -> String {
        format!(
            "{} (limit {limit} for {})",
            human_seconds(seconds),
            self.channel
        )
    }

    /// Every timed customer message with the first public human agent
    /// reply after it, in order.
    fn answered_waits(&self) -> impl Iterator<Item = AnsweredWait<'a>> + 'a {
        let messages = &self.conversation.messages;
        // The next public agent message after each position, found in one
        // backward pass: a long run of customer messages stays linear.
        let mut next_reply: Vec<Option<usize>> = vec![None; messages.len()];
        let mut upcoming = None;
        for (index, message) in messages.iter().enumerate().rev() {
            next_reply[index] = upcoming;
            if message.is_public_agent() {
                upcoming = Some(index);
            }
        }
        messages
            .iter()
            .enumerate()
            .filter_map(move |(index, message)| {
                if !is_customer(message) {
                    return None;
                }
                let reply = &messages[next_reply[index]?];
                Some(AnsweredWait {
                    index,
                    asked: message.ts?,
                    reply,
                    replied: reply.ts?,
                })
            })
    }

    /// The customer's opening message, when the customer opened the
    /// conversation: a conversation the team opened has no first response.
    fn customer_opening(&self) -> Option<usize> {
        let messages = &self.conversation.messages;
        let first = messages.iter().position(is_customer)?;
        (!messages[..first].iter().any(Message::is_public_agent)).then_some(first)
    }

    fn first_response(&self) -> Option<Finding> {
        let opening = self.customer_opening()?;
        let wait = self.answered_waits().find(|w| w.index == opening)?;
        let limit = self.limit(self.sla.first_response);
        if wait.replied <= limit.after(wait.asked, &self.time.calendar) {
            return None;
        }
        let seconds = wait.replied.duration_since(wait.asked).as_secs();
        let detail = format!(
            "first reply ({}) after {}",
            wait.reply.id,
            self.waited(seconds, limit)
        );
        Some(self.finding(opening, Some(wait.reply.author.clone()), detail))
    }

    fn longest_wait(&self) -> Option<Finding> {
        let limit = self.limit(self.sla.wait);
        let worst = self
            .answered_waits()
            .filter(|w| w.replied > limit.after(w.asked, &self.time.calendar))
            .map(|w| (w.replied.duration_since(w.asked).as_secs(), w))
            // The first of equal waits, so the result does not depend on
            // how the maximum breaks ties.
            .reduce(|best, next| if next.0 > best.0 { next } else { best })?;
        let (seconds, wait) = worst;
        let detail = format!(
            "answered ({}) after {}",
            wait.reply.id,
            self.waited(seconds, limit)
        );
        Some(self.finding(wait.index, Some(wait.reply.author.clone()), detail))
    }

    fn unanswered(&self) -> Option<Finding> {
        let messages = &self.conversation.messages;
        let last_agent = messages.iter().rposition(Message::is_public_agent);
        let after = last_agent.map_or(0, |i| i + 1);
        let trailing = || {
            messages
                .iter()
                .enumerate()
                .skip(after)
                .filter(|(_, m)| is_customer(m))
        };
        // A customer whose last word is a closing ("ignore that, found
        // it, thanks!") has closed the thread themselves.
        if trailing()
            .next_back()
            .is_some_and(|(_, m)| is_pleasantry(&m.text))
        {
            return None;
        }
        let (index, message) = trailing().find(|(_, m)| !is_pleasantry(&m.text))?;
        let asked = message.ts?;
        // A message sent while the team is closed starts waiting at the
        // next opening: nobody could have answered it before.
        let clock_starts = self.time.calendar.next_opening(asked);
        let limit = self.limit(self.sla.wait);
        // Whoever holds the thread: the person it was last handed to when
        // the hand-off came after the last agent message, else the agent
        // who wrote last. A bot is never charged.
        let last_reply_at = last_agent.and_then(|i| messages[i].ts);
        let handed_to = last_handoff(self.conversation)
            .filter(|&(at, _)| {
                last_agent.is_none() || at.zip(last_reply_at).is_some_and(|(h, r)| h > r)
            })
            .map(|(_, to)| to);
        let bots: Vec<&str> = messages
            .iter()
            .filter(|m| m.role == Role::Bot)
            .map(|m| m.author.as_str())
            .collect();
        let agent = handed_to
            .or_else(|| last_agent.map(|i| messages[i].author.clone()))
            .filter(|name| !bots.contains(&name.as_str()));
        let detail = format!(
            "no agent reply after it (limit {limit} for {})",
            self.channel
        );
        let mut finding = self.finding(index, agent, detail);
        finding.due = Some(limit.after(clock_starts, &self.time.calendar));
        Some(finding)
    }

    fn out_of_hours(&self) -> Option<Finding> {
        let opening_message = self.customer_opening();
        let calendar = &self.time.calendar;
        self.answered_waits()
            .filter(|w| !calendar.is_open(w.asked))
            .find_map(|wait| {
                let opening = calendar.next_opening(wait.asked);
                let limit = self.limit(if Some(wait.index) == opening_message {
                    self.sla.first_response
                } else {
                    self.sla.wait
                });
                if wait.replied <= limit.after(opening, calendar) {
                    return None;
                }
                let seconds = wait.replied.duration_since(opening).as_secs();
                let detail = format!(
                    "answered ({}) {} after the next opening",
                    wait.reply.id,
                    self.waited(seconds, limit)
                );
                // For staffing: nobody is charged.
                Some(self.finding(wait.index, None, detail))
            })
    }

    fn burst(&self) -> Option<Finding> {
        let window = self.rule.spec.limit.unwrap_or(BURST_WINDOW);
        let needed = self.rule.spec.min_messages.max(2);
        let mut contacts: Vec<Timestamp> = Vec::new();
        let mut last_agent: Option<Timestamp> = None;
        for (index, message) in self.conversation.messages.iter().enumerate() {
            if is_customer(message) {
                // The customer answered: the next agent message starts a
                // new contact, however soon it comes.
                contacts.clear();
                last_agent = None;
                continue;
            }
            if !message.is_public_agent() {
                continue;
            }
            let Some(ts) = message.ts else { continue };
            let new_contact = last_agent
                .is_none_or(|last| ts.duration_since(last).as_secs() >= CONTACT_GAP_SECONDS);
            last_agent = Some(ts);
            if !new_contact {
                continue;
            }
            contacts.push(ts);
            let Some(&first) = contacts.len().checked_sub(needed).map(|i| &contacts[i]) else {
                continue;
            };
            if ts <= window.after(first, &self.time.calendar) {
                let detail = format!(
                    "{needed} contacts in {} with no reply from the customer",
                    human_seconds(ts.duration_since(first).as_secs())
                );
                return Some(self.finding(index, Some(message.author.clone()), detail));
            }
        }
        None
    }
}

/// The last hand-off of a conversation (assignment or transfer): when it
/// happened, and to whom.
fn last_handoff(conversation: &Conversation) -> Option<(Option<Timestamp>, String)> {
    conversation
        .events
        .iter()
        .rev()
        .find_map(|event| match &event.kind {
            EventKind::Assign { to, .. } | EventKind::Transfer { to, .. } => {
                Some((event.ts, to.clone()?))
            }
            EventKind::Status { .. } => None,
        })
}

/// Thanks or an acknowledgement, in the languages customers close in:
/// English first, then the languages the language check knows, each with
/// its thanks, goodbyes and "works now" (normalised text: lower case).
/// Words that are English words or names too ("tack", "prima", "vale",
/// "ciao", "genial") are left out or taken only in a phrase ("tack så
/// mycket"): "The tack strip is missing" is a complaint.
static ACKNOWLEDGEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:thanks?|thank you|thx|ty|cheers|appreciated?|",
        r"perfect|great|awesome|brilliant|excellent|lovely|wonderful|fantastic|yay|",
        r"works? now|worked|working now|all sorted|sorted|got it|received|that's all|bye|goodbye|",
        r"ok|okay|sounds good|will do|noted|understood|i see|makes sense|that's clear|",
        // Spanish, French, German, Portuguese, Italian, Dutch
        r"gracias|adiós|perfecto|merci|parfait|au revoir|d'accord|danke|",
        r"vielen dank|perfekt|tschüss|alles klar|obrigad[oa]|valeu|perfeito|ótimo|tchau|",
        r"grazie|perfetto|ottimo|bedankt|dank je|dank u|",
        // Swedish, Danish, Norwegian, Finnish
        r"tack så mycket|tusen tack|tack för|hej då|tak|farvel|takk|ha det|kiitos|kiitti|",
        r"hei hei|moikka|",
        // Polish, Czech, Turkish, Romanian, Hungarian
        r"dziękuję|dziękujemy|dzięki|do widzenia|świetnie|działa|děkuji|děkuju|díky|",
        r"výborně|na shledanou|funguje|teşekkürler|teşekkür ederim|sağ ol|sağolun|harika|",
        r"mulțumesc|mulţumesc|mulțumim|mersi|o zi bună|köszönöm|köszönjük|köszi|szuper|",
        // Indonesian, Tagalog, Vietnamese, Greek, Russian, Ukrainian, Hindi
        r"terima kasih|makasih|salamat|cảm ơn|cám ơn|ευχαριστώ|ευχαριστούμε|τέλεια|",
        r"спасибо|благодарю|отлично|дякую|धन्यवाद|शुक्रिया|",
        // "OK" and "understood", in the same languages and a few more
        r"entendido|de acuerdo|compris|entendu|verstanden|in ordnung|entendi|combinado|",
        r"capito|va bene|d'accordo|begrepen|duidelijk|oké|okej|förstått|uppfattat|forstået|",
        r"forstått|selvä|okei|rozumiem|jasne|dobrze|rozumím|jasně|dobře|anladım|am înțeles|",
        r"în regulă|értem|oke|mengerti|sige po|vâng|hiểu rồi|εντάξει|κατάλαβα|хорошо|",
        r"понятно|ладно|понял|поняла|добре|гаразд|зрозуміло|зрозумів|зрозуміла|ठीक है|",
        r"समझ गया|समझ गई|בסדר|הבנתי|אוקיי)\b",
        // Scripts written without spaces between words, and the Arabic and
        // Hebrew thanks (a word boundary does not suit them all): "شكر"
        // is in every spelling of shukran.
        r"|ありがとう|わかりました|分かりました|了解|承知|감사합니다|고맙습니다|알겠습니다|",
        r"알겠어요|넵|谢谢|謝謝|好的|明白|收到|ขอบคุณ|โอเค|เข้าใจแล้ว|شكر|مشكور|تمام|حسنا|תודה",
        r"|[\u{1f44d}\u{1f44c}\u{1f64f}\u{1f60a}\u{1f642}\u{2705}\u{2764}]"
    ))
    .expect("the acknowledgement regex is valid")
});

/// What keeps a message open even with thanks in it: a question (the
/// full-width and Arabic question marks too), trouble that goes on, a
/// contrast, a request. In English, and "but", "still not" and "does not
/// work" in the languages whose thanks [`ACKNOWLEDGEMENT`] reads, so
/// "Dzięki, ale nadal nie działa" stays open. Words that also start a
/// thanks ("mais uma vez", "grazie ancora") are left out or taken only
/// with a "not".
static NEEDS_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[?？؟]|\b(?:still (?:not|no|nothing|doesn't|don't|can't|isn't|won't|haven't|hasn't|waiting|broken|the same|happening|getting|having|seeing|shows?|says?)|",
        r"doesn't|does not|don't|didn't|did not|isn't|is not|won't|can't|cannot|",
        r"not working|broken|error|wrong|problem|issue|but|however|although|please|",
        r"can you|could you|would you|can i|could i|i need|we need|i want|we want|let me know|",
        r"unfortunately|",
        r"pero|todavía no|sigue sin|no funciona|toujours pas|ne marche pas|ne fonctionne pas|",
        r"aber|immer noch|noch nicht|funktioniert nicht|geht nicht|ainda não|não funciona|",
        r"però|non funziona|maar|nog steeds|werkt niet|fungerar inte|fortfarande|virker ikke|",
        r"stadig|fortsatt|fungerer ikke|mutta|ei toimi|vieläkään|ale|nadal|nie działa|",
        r"nefunguje|pořád|hâlâ|çalışmıyor|değil|dar|nu merge|încă nu|nem működik|még mindig|",
        // "understood" and "OK" negated: "Nie rozumiem", "Ich habe das
        // nicht verstanden", "Не понятно"
        r"nie rozumiem|nerozumím|nicht verstanden|verstehe nicht|pas compris|comprends pas|",
        r"não entendi|não entendo|non ho capito|non capisco|niet begrepen|niet duidelijk|",
        r"no entiendo|no he entendido|inte förstått|förstår inte|forstår ikke|ikke forstået|",
        r"ikke forstått|en ymmärrä|nem értem|nu am înțeles|nu înțeleg|tidak mengerti|",
        r"δεν κατάλαβα|не понял|не поняла|не понятно|не зрозумів|не зрозуміла|не зрозуміло|",
        r"не добре|не хорошо|समझ नहीं|ठीक नहीं|לא הבנתי|לא בסדר|مش|لم|",
        r"tapi|belum|masih|pero po|hindi pa|nhưng|vẫn chưa|αλλά|ακόμα|но|всё ещё|до сих пор|не работает)\b",
        // Scripts without spaces: "not", "not yet", "not received"
        r"|不明白|没明白|不好|没收到|没有收到|未收到|还没|まだ|ไม่"
    ))
    .expect("the needs-answer regex is valid")
});

/// How mailbox auto-replies begin.
const AUTO_REPLY: &[&str] = &[
    "automatic reply",
    "auto-reply",
    "autoreply",
    "auto reply",
    "out of office",
    "ooo:",
];

/// Phrases with a trouble word or a question mark that close a thread.
const CLOSING_LOOK_ALIKES: &[&str] = &[
    "no problem",
    "not a problem",
    "no problems",
    "no worries",
    "no issue",
    "no issues",
    "who knew?",
    "who'd have thought?",
    "who would have thought?",
    "how about that?",
    "go figure",
];

/// A closing message needs no answer: thanks or an acknowledgement with no
/// question, complaint or request in it ("It's back now, thanks.", "OK,
/// we'll pick it up this afternoon.", "¡Gracias!").
fn is_pleasantry(text: &str) -> bool {
    let normalized = normalize(text);
    let text = normalized.text.as_str();
    // An out-of-office reply from the customer's mailbox asks nothing.
    if AUTO_REPLY.iter().any(|start| text.starts_with(start)) {
        return true;
    }
    // Phrases that look like trouble or a question but close a thread:
    // "no problem", "who knew?".
    let mut text = text.to_string();
    for phrase in CLOSING_LOOK_ALIKES {
        text = text.replace(phrase, " ");
    }
    let text = text.as_str();
    if text.trim().is_empty() || NEEDS_ANSWER.is_match(text) {
        return false;
    }
    if ACKNOWLEDGEMENT.is_match(text) {
        return true;
    }
    // Nothing but emoji and punctuation: a thumbs-up.
    !text.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::is_pleasantry;

    #[test]
    fn pleasantries_need_no_answer() {
        for closing in [
            "Thanks!",
            "ok great, thank you so much",
            "Perfect, thanks Dana 👍",
            "Thank you for your help, have a nice day!",
            "Cheers, bye",
            "Got it. Will do.",
            "🙏",
            "It's back now, thanks.",
            "OK, we'll pick up the loan unit this afternoon.",
            "¡Gracias!",
            "I see, I missed that email. Thanks for explaining.",
            "Sorry, was still in a meeting. Wednesday's fine, thanks.",
            "No problem, that covers it. Thanks Tom.",
            "Automatic reply: Thank you for your email. I am out of the office, please contact my colleague.",
            "It's been solid all day. Who knew? 😂 Cheers for the help.",
            "Installed, syncing again 👍",
            "Kiitos paljon, hyvää päivänjatkoa!",
            "Działa, dzięki!",
            "Výborně, díky!",
            "Super, tak for hjælpen!",
            "Nå fungerte det. Takk!",
            "Harika, teşekkür ederim.",
            "Köszönöm, nagyon kedves!",
            "Τέλεια, ευχαριστώ πολύ!",
            "Спасибо большое!",
            "Mulțumesc, o zi bună!",
            "Terima kasih!",
            "Salamat po!",
            "Thanks! Heading to the AMA now.",
            "Tack så mycket!",
            "Sige po, salamat.",
            "Cảm ơn shop!",
            "Tack, hej då!",
            "Obrigado mais uma vez!",
            "Grazie ancora!",
            "ありがとうございます！",
            "добре. чекаю дзвінка",
            "تمام مشكور 🌹",
            "わかりました、電話待ってます",
            "넵 알겠습니다",
            "好的，等你们电话",
            "Rozumiem, czekam na telefon.",
            "Entendido, espero la llamada.",
        ] {
            assert!(is_pleasantry(closing), "{closing:?}");
        }
        for question in [
            "Thanks, but when will it arrive?",
            "Thanks. Also, can I change the address",
            "ok but it still doesn't work",
            "Hello? Anyone there",
            "I'd like to change the size on order 5512 before it ships.",
            "That link gives a 404",
            "Thanks, but I still can't log in",
            "thanks, still not working though",
            "ok, please cancel it then",
            "Dzięki, ale nadal nie działa.",
            "Kiitos, mutta se ei toimi vieläkään.",
            "Tack, men det fungerar inte fortfarande.",
            "Danke, aber es geht immer noch nicht.",
            "Gracias, pero sigue sin funcionar.",
            "Merci, mais ça ne marche toujours pas.",
            "Obrigado, mas ainda não funciona.",
            "Mulțumesc, dar nu merge.",
            "Terima kasih, tapi masih belum bisa.",
            "Спасибо, но всё ещё не работает.",
            "Добре, але коли?",
            "わかりました。でも、いつ届きますか？",
            "Nie rozumiem.",
            "Ich habe das nicht verstanden.",
            "Je n'ai pas compris.",
            "Não entendi.",
            "Non ho capito.",
            "Het is niet duidelijk.",
            "Nem értem.",
            "Я не понял.",
            "Не понятно.",
            "我不明白",
            "我还没有收到包裹",
            "مش تمام",
            "The tack strip in the carpet kit is missing.",
            "My order of Prima coffee pods arrived crushed.",
            "The courier left it at the Vale Road depot and it never arrived here.",
            "The agent was genial enough, yet nothing has changed.",
            "My Ciao Bella gelato maker arrived without the lid.",
            "",
        ] {
            assert!(!is_pleasantry(question), "{question:?}");
        }
    }
}
