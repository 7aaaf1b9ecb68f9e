//! Email in: `.eml` files, mbox and Maildir, threaded into conversations.
//!
//! Threads cross files (a Maildir holds one message per file), so the
//! reader takes every email input of a run at once: it parses each message
//! (MIME, charsets and transfer encodings by mail-parser), keeps only what a
//! conversation needs (the new text, not the quoted history), threads by
//! Message-ID / In-Reply-To / References, and falls back to the subject for
//! replies whose client dropped the references. Memory grows with the new
//! text of the mail read, which is a small part of a mailbox's size.

pub mod mbox;
pub mod reply;

use super::{InputProblem, Item, ReadOptions};
use crate::model::{Conversation, Customer, Message, Origin, Role};
use crate::normalize::html::html_to_text;
use jiff::Timestamp;
use mail_parser::{HeaderValue, MessageParser, PartType};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// How a mail file holds its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MailKind {
    /// One message per file: `.eml`, a Maildir entry.
    Message,
    /// Many messages, each starting with a `From ` line.
    Mbox,
}

/// One file of an email input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MailFile {
    pub display: String,
    /// `None` is standard input.
    pub path: Option<PathBuf>,
    pub kind: MailKind,
}

/// What a conversation needs of one email.
#[derive(Debug, Clone)]
struct Mail {
    origin: Origin,
    id: Option<String>,
    /// In-Reply-To, then References, without angle brackets.
    parents: Vec<String>,
    subject: Option<String>,
    from_name: Option<String>,
    from_address: Option<String>,
    to_addresses: Vec<String>,
    ts: Option<Timestamp>,
    automatic: bool,
    text: String,
}

/// Reads every email file of a run and yields its threads.
pub struct MailReader {
    items: std::vec::IntoIter<Item>,
}

impl MailReader {
    pub fn new(files: &[MailFile], options: &ReadOptions) -> Self {
        let mut problems = Vec::new();
        let mut mails = Vec::new();
        for file in files {
            read_file(file, &mut mails, &mut problems);
        }
        Self::finish(files, mails, problems, options)
    }

    /// One email file already in memory (standard input).
    pub fn from_bytes(file: &MailFile, bytes: Vec<u8>, options: &ReadOptions) -> Self {
        let mut problems = Vec::new();
        let mut mails = Vec::new();
        read_bytes(file, &bytes, &mut mails, &mut problems);
        Self::finish(std::slice::from_ref(file), mails, problems, options)
    }

    fn finish(
        files: &[MailFile],
        mails: Vec<Mail>,
        mut problems: Vec<InputProblem>,
        options: &ReadOptions,
    ) -> Self {
        if options.agent_domains.is_empty() && !mails.is_empty() {
            let origin = Origin::file(files[0].display.clone());
            problems.push(InputProblem::warning(
                origin,
                "no [agents] domains in tact.toml, so every email sender is read as a customer",
            ));
        }
        let mut items: Vec<Item> = problems.into_iter().map(Item::Problem).collect();
        items.extend(
            thread(mails, options)
                .into_iter()
                .map(|c| Item::Conversation(Box::new(c))),
        );
        MailReader {
            items: items.into_iter(),
        }
    }
}

impl Iterator for MailReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        self.items.next()
    }
}

fn read_file(file: &MailFile, mails: &mut Vec<Mail>, problems: &mut Vec<InputProblem>) {
    let origin = Origin::file(file.display.clone());
    let bytes = match &file.path {
        Some(path) => std::fs::read(path),
        None => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
        }
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.push(InputProblem::skipped(
                origin,
                format!("cannot read: {error}"),
            ));
            return;
        }
    };
    read_bytes(file, &bytes, mails, problems);
}

fn read_bytes(
    file: &MailFile,
    bytes: &[u8],
    mails: &mut Vec<Mail>,
    problems: &mut Vec<InputProblem>,
) {
    let origin = Origin::file(file.display.clone());
    match file.kind {
        MailKind::Message => match parse_mail(bytes, origin.clone()) {
            Ok(mail) => push_mail(mail, mails, problems),
            Err(message) => problems.push(InputProblem::skipped(origin, message)),
        },
        MailKind::Mbox => {
            let entries = mbox::split(bytes);
            if entries.is_empty() && !bytes.iter().all(u8::is_ascii_whitespace) {
                problems.push(InputProblem::skipped(
                    origin,
                    "not an mbox file: no line starts with \"From \"",
                ));
            }
            for entry in entries {
                let origin = Origin::at_line(file.display.clone(), entry.line);
                match parse_mail(&entry.bytes, origin.clone()) {
                    Ok(mail) => push_mail(mail, mails, problems),
                    Err(message) => problems.push(InputProblem::skipped(origin, message)),
                }
            }
        }
    }
}

/// Keeps a parsed mail, warning when it has no usable date: it is then
/// placed after the dated messages of its thread, never at its root.
fn push_mail(mail: Mail, mails: &mut Vec<Mail>, problems: &mut Vec<InputProblem>) {
    if mail.ts.is_none() {
        problems.push(InputProblem::warning(
            mail.origin.clone(),
            "no usable Date header; placed after the dated messages of its thread",
        ));
    }
    mails.push(mail);
}

/// Parses one message. Only a message with neither a sender nor a body is
/// an error: everything else is read as far as it goes.
fn parse_mail(bytes: &[u8], origin: Origin) -> Result<Mail, String> {
    let Some(message) = MessageParser::default().parse(bytes) else {
        return Err("not an email message (no headers)".into());
    };
    let from = message.from().and_then(|address| address.first());
    let from_address = from
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase());
    let from_name = from
        .and_then(|a| a.name())
        .map(|n| n.trim().trim_matches('"').trim().to_string())
        .filter(|n| !n.is_empty());
    let body = match message.text_part(0).map(|part| &part.body) {
        Some(PartType::Text(text)) => text.to_string(),
        Some(PartType::Html(html)) => html_to_text(html),
        _ => match message.html_part(0).map(|part| &part.body) {
            Some(PartType::Html(html)) => html_to_text(html),
            _ => String::new(),
        },
    };
    if from_address.is_none() && body.trim().is_empty() {
        return Err("not an email message (no From header and no text body)".into());
    }
    let mut parents = ids(message.in_reply_to());
    // References run oldest first; the nearest ancestor matters most.
    let mut references = ids(message.references());
    references.reverse();
    parents.extend(references);
    let automatic = message
        .header_raw("Auto-Submitted")
        .is_some_and(|value| !value.trim().eq_ignore_ascii_case("no"))
        || message.header_raw("X-Autoreply").is_some()
        || message.header_raw("X-Autorespond").is_some();
    let to_addresses = message
        .to()
        .into_iter()
        .flat_map(|to| to.iter())
        .filter_map(|a| a.address())
        .map(str::to_lowercase)
        .collect();
    Ok(Mail {
        origin,
        id: message
            .message_id()
            .map(bare_id)
            .filter(|id| !id.is_empty()),
        parents,
        subject: message.subject().map(|s| s.trim().to_string()),
        from_name,
        from_address,
        to_addresses,
        ts: message
            .date()
            .and_then(|date| Timestamp::from_second(date.to_timestamp()).ok()),
        automatic,
        text: reply::new_text(&body),
    })
}

fn ids(value: &HeaderValue) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![bare_id(id)],
        HeaderValue::TextList(list) => list.iter().map(|id| bare_id(id)).collect(),
        _ => Vec::new(),
    }
}

fn bare_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

/// Subjects without reply and forward prefixes, for the fallback.
fn normal_subject(subject: &str) -> (bool, String) {
    let mut rest = subject.trim();
    let mut prefixed = false;
    loop {
        let lower = rest.to_lowercase();
        let prefix = [
            "re:", "aw:", "sv:", "antw:", "r:", "fw:", "fwd:", "wg:", "tr:",
        ]
        .iter()
        .find(|p| lower.starts_with(*p));
        match prefix {
            Some(p) => {
                rest = rest[p.len()..].trim_start();
                prefixed = true;
            }
            None => break,
        }
    }
    (prefixed, rest.to_lowercase())
}

/// A cheap hash of a text, to tell a copy from a different message.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// Union-find over message indices.
struct Groups(Vec<usize>);

impl Groups {
    fn find(&mut self, mut node: usize) -> usize {
        while self.0[node] != node {
            self.0[node] = self.0[self.0[node]];
            node = self.0[node];
        }
        node
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller index stays root, so the result does not depend on
        // the order of unions.
        if a != b {
            let (keep, drop) = if a < b { (a, b) } else { (b, a) };
            self.0[drop] = keep;
        }
    }
}

/// Threads the mails into conversations, oldest thread first.
fn thread(mut mails: Vec<Mail>, options: &ReadOptions) -> Vec<Conversation> {
    // Oldest first, so a thread's first message is its root whatever order
    // the files were read in; the same message in two files counts once.
    mails.sort_by(|a, b| (a.ts.is_none(), a.ts, &a.origin).cmp(&(b.ts.is_none(), b.ts, &b.origin)));
    // The same message found twice (an mbox and a Maildir of the same
    // mailbox) counts once; two different messages that share an id (a
    // broken client) both stay.
    let mut seen: HashMap<String, (Option<String>, u64)> = HashMap::new();
    mails.retain(|mail| {
        let Some(id) = &mail.id else { return true };
        let content = (mail.from_address.clone(), fingerprint(&mail.text));
        match seen.get(id) {
            Some(first) => *first != content,
            None => {
                seen.insert(id.clone(), content);
                true
            }
        }
    });

    // Nodes are the mails, then ids referenced but not read (a thread whose
    // middle message is missing still holds together through them).
    let mut node_of: HashMap<String, usize> = HashMap::new();
    for (index, mail) in mails.iter().enumerate() {
        if let Some(id) = &mail.id {
            node_of.insert(id.clone(), index);
        }
    }
    let mut next = mails.len();
    let mut links = Vec::new();
    for (index, mail) in mails.iter().enumerate() {
        for parent in &mail.parents {
            let node = *node_of.entry(parent.clone()).or_insert_with(|| {
                next += 1;
                next - 1
            });
            links.push((index, node));
        }
    }
    let mut groups = Groups((0..next).collect());
    for (a, b) in links {
        groups.union(a, b);
    }
    subject_fallback(&mails, &mut groups);

    let mut threads: BTreeMap<usize, Vec<Mail>> = BTreeMap::new();
    for (index, mail) in mails.into_iter().enumerate() {
        let root = groups.find(index);
        threads.entry(root).or_default().push(mail);
    }
    let mut conversations: Vec<Conversation> = threads
        .into_values()
        .map(|thread| conversation(thread, options))
        .collect();
    conversations.sort_by(|a, b| a.origin.cmp(&b.origin));
    conversations
}

/// A reply without references ("Re: Refund" from a client that dropped
/// them) joins the earlier thread with the same subject that shares a
/// participant with it. Both conditions, so two customers who both wrote
/// "Re: Help" are not merged.
fn subject_fallback(mails: &[Mail], groups: &mut Groups) {
    // The latest mail with each (subject, participant): one lookup per
    // participant, so a mailbox of ten thousand "Re: Help" stays linear.
    let mut latest: HashMap<(String, String), usize> = HashMap::new();
    for (index, mail) in mails.iter().enumerate() {
        let Some(subject) = &mail.subject else {
            continue;
        };
        let (prefixed, normal) = normal_subject(subject);
        if normal.is_empty() {
            continue;
        }
        let participants: Vec<&String> = mail
            .from_address
            .iter()
            .chain(mail.to_addresses.iter())
            .collect();
        if prefixed && mail.parents.is_empty() {
            let earlier = participants
                .iter()
                .filter_map(|p| latest.get(&(normal.clone(), (*p).clone())).copied())
                .max();
            if let Some(other) = earlier {
                groups.union(index, other);
            }
        }
        for participant in participants {
            latest.insert((normal.clone(), participant.clone()), index);
        }
    }
}

fn role(mail: &Mail, options: &ReadOptions) -> Role {
    let address = mail.from_address.as_deref().unwrap_or("");
    let name = mail.from_name.as_deref().unwrap_or("").to_lowercase();
    if mail.automatic
        || options
            .ignore
            .iter()
            .any(|ignored| ignored == address || (!name.is_empty() && *ignored == name))
    {
        return Role::Bot;
    }
    let domain = address.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    let is_agent = options.agent_domains.iter().any(|agent_domain| {
        domain == agent_domain
            || domain
                .strip_suffix(agent_domain.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
    });
    if is_agent {
        Role::Agent
    } else {
        Role::Customer
    }
}

fn conversation(thread: Vec<Mail>, options: &ReadOptions) -> Conversation {
    let first = &thread[0];
    let origin = first.origin.clone();
    let id = first
        .id
        .clone()
        .unwrap_or_else(|| format!("{}:{}", origin.path, origin.line));
    let subject = first.subject.clone().filter(|s| !s.is_empty());
    let mut customer = None;
    let mut messages = Vec::with_capacity(thread.len());
    for (index, mail) in thread.into_iter().enumerate() {
        let role = role(&mail, options);
        if role == Role::Customer && customer.is_none() {
            customer = Some(Customer {
                id: None,
                name: mail.from_name.clone(),
                email: mail.from_address.clone(),
            });
        }
        let author = mail
            .from_name
            .clone()
            .or_else(|| mail.from_address.clone())
            .unwrap_or_else(|| "unknown sender".into());
        messages.push(Message {
            id: mail.id.unwrap_or_else(|| format!("m{}", index + 1)),
            author,
            role,
            ts: mail.ts,
            text: mail.text,
            public: true,
            meta: BTreeMap::new(),
        });
    }
    Conversation {
        id,
        channel: Some("email".into()),
        subject,
        customer,
        messages,
        events: Vec::new(),
        meta: BTreeMap::new(),
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{InputFormat, drain};

    fn options() -> ReadOptions {
        let mut options = ReadOptions::new(InputFormat::Auto, jiff::tz::TimeZone::UTC);
        options.agent_domains = vec!["acme.example".into()];
        options
    }

    fn eml(id: &str, parents: &str, from: &str, date: &str, subject: &str, body: &str) -> String {
        format!(
            "Message-ID: <{id}>\r\n{parents}From: {from}\r\nTo: someone@example.net\r\nDate: {date}\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        )
    }

    fn read(files: &[(&str, String)]) -> (Vec<Conversation>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let mut list = Vec::new();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            list.push(MailFile {
                display: name.to_string(),
                path: Some(path),
                kind: if name.ends_with(".mbox") {
                    MailKind::Mbox
                } else {
                    MailKind::Message
                },
            });
        }
        drain(MailReader::new(&list, &options()))
    }

    #[test]
    fn threads_by_references_whatever_the_file_order() {
        let (conversations, problems) = read(&[
            (
                "b.eml",
                eml(
                    "2@acme.example",
                    "In-Reply-To: <1@x.net>\r\nReferences: <1@x.net>\r\n",
                    "Dana Reyes <dana@acme.example>",
                    "Mon, 16 Nov 2026 09:40:00 -0500",
                    "Re: Refund",
                    "Hello Maria, done.\r\n\r\nOn Mon, Nov 16, 2026 at 9:02 AM Maria <maria@x.net> wrote:\r\n> I want a refund",
                ),
            ),
            (
                "a.eml",
                eml(
                    "1@x.net",
                    "",
                    "Maria Johnson <maria@x.net>",
                    "Mon, 16 Nov 2026 15:02:11 +0100",
                    "Refund",
                    "I want a refund",
                ),
            ),
            (
                "c.eml",
                eml(
                    "3@y.net",
                    "",
                    "Other <o@y.net>",
                    "Tue, 17 Nov 2026 10:00:00 +0000",
                    "Re: Refund",
                    "A different thread",
                )
                .replace("To: someone@example.net", "To: sales@acme.example"),
            ),
        ]);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(conversations.len(), 2);
        let refund = &conversations[0];
        assert_eq!(refund.id, "1@x.net");
        assert_eq!(refund.subject.as_deref(), Some("Refund"));
        assert_eq!(refund.messages.len(), 2);
        assert_eq!(refund.messages[0].role, Role::Customer);
        assert_eq!(
            refund.messages[0].ts.unwrap().to_string(),
            "2026-11-16T14:02:11Z"
        );
        assert_eq!(refund.messages[1].role, Role::Agent);
        assert_eq!(refund.messages[1].author, "Dana Reyes");
        assert_eq!(refund.messages[1].text, "Hello Maria, done.");
        assert_eq!(
            refund.customer.as_ref().unwrap().email.as_deref(),
            Some("maria@x.net")
        );
        // "Re: Refund" from a stranger, without references, is its own thread.
        assert_eq!(conversations[1].id, "3@y.net");
    }

    #[test]
    fn a_reply_without_references_joins_by_subject_and_participant() {
        let (conversations, _) = read(&[
            (
                "a.eml",
                eml(
                    "1@x.net",
                    "",
                    "Maria <maria@x.net>",
                    "Mon, 16 Nov 2026 09:00:00 +0000",
                    "Broken lid",
                    "It broke",
                ),
            ),
            (
                "b.eml",
                eml(
                    "2@acme.example",
                    "",
                    "Dana <dana@acme.example>",
                    "Mon, 16 Nov 2026 10:00:00 +0000",
                    "RE: Broken lid",
                    "Sorry, a new one is on its way.",
                )
                .replace("To: someone@example.net", "To: maria@x.net"),
            ),
        ]);
        assert_eq!(conversations.len(), 1);
        assert_eq!(conversations[0].messages.len(), 2);
    }

    #[test]
    fn auto_replies_and_ignored_senders_are_bots() {
        let auto = eml(
            "2@acme.example",
            "In-Reply-To: <1@x.net>\r\nAuto-Submitted: auto-replied\r\n",
            "Acme <support@acme.example>",
            "Mon, 16 Nov 2026 09:00:05 +0000",
            "Re: Help",
            "We got your message.",
        );
        let (conversations, _) = read(&[
            (
                "a.eml",
                eml(
                    "1@x.net",
                    "",
                    "Maria <maria@x.net>",
                    "Mon, 16 Nov 2026 09:00:00 +0000",
                    "Help",
                    "Help",
                ),
            ),
            ("b.eml", auto),
        ]);
        assert_eq!(conversations[0].messages[1].role, Role::Bot);
    }

    #[test]
    fn mbox_messages_are_numbered_by_line_and_bad_ones_skipped() {
        let mbox = format!(
            "From maria@x.net Mon Nov 16 09:00:00 2026\n{}\nFrom nobody Mon Nov 16 09:01:00 2026\n\nFrom dana@acme.example Mon Nov 16 10:00:00 2026\n{}",
            eml(
                "1@x.net",
                "",
                "Maria <maria@x.net>",
                "Mon, 16 Nov 2026 09:00:00 +0000",
                "Help",
                ">From the start it failed."
            ),
            eml(
                "2@acme.example",
                "In-Reply-To: <1@x.net>\r\n",
                "Dana <dana@acme.example>",
                "Mon, 16 Nov 2026 10:00:00 +0000",
                "Re: Help",
                "Fixed."
            ),
        );
        let (conversations, problems) = read(&[("box.mbox", mbox)]);
        assert_eq!(conversations.len(), 1, "{problems:?}");
        assert_eq!(conversations[0].origin.line, 1);
        assert_eq!(
            conversations[0].messages[0].text,
            "From the start it failed."
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("box.mbox:"), "{problems:?}");
    }

    #[test]
    fn garbage_is_a_clear_problem_not_a_panic() {
        let (conversations, problems) = read(&[
            ("x.eml", "\u{0}\u{1}garbage".into()),
            ("e.eml", String::new()),
        ]);
        assert!(conversations.is_empty());
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
