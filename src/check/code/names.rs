//! `personal/wrong-name` and `personal/no-name`: the customer's name on
//! record against the names agents greet them by. A greeting name matches
//! when it is a part of the recorded name (first, middle, last, either half
//! of a hyphenated name), a common nickname of it, the same name without
//! its accents, or a name the customer used for themselves in the
//! conversation ("this is Sarah, Tom's wife").

use super::Hit;
use super::language::has_distinctive_word;
use crate::model::{Conversation, Message, Role};
use regex::Regex;
use std::sync::LazyLock;
use whatlang::Lang;

/// A greeting or thanks followed by a capitalised name and the end of the
/// phrase: "Hi Jon,", "Dear Ms Jonson", "Thanks, Marie!". The name must be
/// followed by punctuation or the end of the line, so "Thanks So much" and
/// "Hi Support team" are not read as names. The greeting word ends at a
/// space, a tab or a comma: what a word boundary would allow there, since
/// a name must follow, written so that the regex's fast automaton runs on
/// text with accents and emoji (a Unicode `\b` stops it).
static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?:^|[.!?]\s+|\n)\s*(?i:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|greetings|thanks|thank\s+you|thx|welcome\s+back|sorry)(?:[ \t]+,?|,)[ \t]*(?P<title>(?i:mr|mrs|ms|miss|mx|dr|sr|sra|srta)\.?[ \t]+)?(?P<name>\p{Lu}[\p{L}'’]*(?:-\p{Lu}[\p{L}'’]*)?)[ \t]*(?:[,!.:;\n—–-]|$)",
    )
    .expect("a valid constant regex")
});

/// The names greeted in `text`, in order. Each search restarts right after
/// the last name, so the punctuation that ends one greeting can start the
/// next ("Thanks, Marie! Hi Jon,").
fn greeting_names(text: &str) -> Vec<regex::Match<'_>> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(caps) = GREETING.captures_at(text, at) {
        let Some(name) = caps.name("name") else {
            break;
        };
        names.push(name);
        at = name.end();
    }
    names
}

/// Capitalised words after a greeting that are not names.
const NOT_NAMES: &[&str] = &[
    "there",
    "all",
    "team",
    "everyone",
    "everybody",
    "again",
    "so",
    "folks",
    "guys",
    "friend",
    "friends",
    "sir",
    "madam",
    "customer",
    "valued",
    "support",
    "both",
    "mate",
    "buddy",
    "love",
    "for",
    "very",
    "much",
    "once",
    "and",
    "you",
    "y'all",
    "yall",
    "in",
    "back",
    "to",
    "from",
    "the",
    "a",
    "an",
    "ok",
    "okay",
    "yes",
    "no",
    "anyway",
    "indeed",
    "kindly",
    "hello",
    "hi",
    "hey",
    "thanks",
    "dear",
    "gents",
    "ladies",
    "sirs",
    "colleague",
    "colleagues",
    "member",
    "user",
    "client",
    "guest",
    "traveller",
    "traveler",
    "shopper",
    "neighbour",
    "neighbor",
    "partner",
    "also",
    "everyone's",
    "morning",
    "afternoon",
    "evening",
    "today",
    "tonight",
    "sorry",
    "welcome",
    "anyone",
    "someone",
    "pal",
    // Titles and terms of address said on their own: "Thank you, Ma'am".
    "maam",
    "madame",
    "doctor",
    "doc",
    "dr",
    "mister",
    "mr",
    "mrs",
    "ms",
    "miss",
    "professor",
    "prof",
    "officer",
    "captain",
    "chief",
    "boss",
    "darling",
    "hun",
    "hon",
    "sweetie",
    "gentlemen",
];

/// Nickname families: any two names of one family match each other.
const NICKNAMES: &[&[&str]] = &[
    &["robert", "rob", "bob", "bobby", "robbie", "bert"],
    &[
        "elizabeth",
        "liz",
        "lizzie",
        "beth",
        "betty",
        "eliza",
        "libby",
        "lisa",
        "betsy",
    ],
    &["william", "will", "bill", "billy", "willy", "liam"],
    &["james", "jim", "jimmy", "jamie"],
    &["michael", "mike", "mikey", "mick", "mickey"],
    &["richard", "rick", "ricky", "rich", "richie", "dick"],
    &["thomas", "tom", "tommy"],
    &["anthony", "tony", "antonio", "toni"],
    &[
        "katherine",
        "catherine",
        "kathryn",
        "kate",
        "katie",
        "kathy",
        "cathy",
        "kat",
        "kay",
    ],
    &["jennifer", "jen", "jenny", "jenn"],
    &["samuel", "sam", "sammy"],
    &["samantha", "sam", "sammy"],
    &["alexander", "alex", "alec", "sasha", "xander"],
    &[
        "alexandra",
        "alex",
        "alexa",
        "sasha",
        "sandra",
        "sandy",
        "lexi",
    ],
    &["christopher", "chris", "kit"],
    &[
        "christine",
        "christina",
        "cristina",
        "chris",
        "tina",
        "kristina",
        "kristine",
    ],
    &["david", "dave", "davey"],
    &["daniel", "dan", "danny"],
    &["edward", "ed", "eddie", "ted", "ned"],
    &["joseph", "joe", "joey"],
    &["josephine", "jo", "josie"],
    &["joanne", "joanna", "jo"],
    &["patrick", "pat", "paddy"],
    &["patricia", "pat", "patty", "tricia", "trish"],
    &["stephen", "steven", "steve", "stevie"],
    &["susan", "suzanne", "sue", "susie", "suzy"],
    &["margaret", "maggie", "meg", "peggy", "marge", "greta"],
    &["nicholas", "nick", "nicky", "nico"],
    &["nicola", "nicole", "nikki", "nicky"],
    &["andrew", "andy", "drew"],
    &["matthew", "matt", "matty"],
    &["benjamin", "ben", "benny"],
    &["gregory", "greg"],
    &["jonathan", "jon", "jonny", "nathan"],
    &["john", "johnny", "jack"],
    &["peter", "pete"],
    &["philip", "phillip", "phil"],
    &["ronald", "ron", "ronnie"],
    &["donald", "don", "donnie"],
    &["raymond", "ray"],
    &["frederick", "fred", "freddie", "freddy"],
    &["charles", "charlie", "chuck", "chaz"],
    &["henry", "harry", "hank", "hal"],
    &["harold", "harry", "hal"],
    &["abigail", "abby", "abbie", "gail"],
    &["rebecca", "becky", "becca", "bex"],
    &["deborah", "debra", "debbie", "deb"],
    &["jessica", "jess", "jessie"],
    &["victoria", "vicky", "vicki", "tori"],
    &["amanda", "mandy", "manda"],
    &["manuel", "manny", "manolo"],
    &["jose", "pepe"],
    &["francisco", "paco", "pancho", "frank"],
    &["francis", "frances", "fran", "frank", "frankie"],
    &["guadalupe", "lupe"],
    &["ignacio", "nacho"],
    &["timothy", "tim", "timmy"],
    &["lawrence", "laurence", "larry", "laurie"],
    &["gerald", "gerry", "jerry"],
    &["terence", "terrence", "terry"],
    &["kenneth", "ken", "kenny"],
    &["leonard", "len", "lenny", "leo"],
    &["albert", "al", "bert"],
    &["alan", "allan", "allen", "al"],
    &["alfred", "alf", "alfie", "fred"],
    &["gabriel", "gabe"],
    &["gabriela", "gabriella", "gabby", "gabi"],
    &["joshua", "josh"],
    &["zachary", "zach", "zack"],
    &["nathaniel", "nate", "nathan", "nat"],
    &["natalie", "natalia", "nat", "nata"],
    &["jacob", "jake"],
    &["isabel", "isabella", "isabelle", "izzy", "bella"],
    &["alejandro", "alex", "ale"],
    &["eduardo", "edu", "lalo"],
    &["roberto", "beto", "rob"],
    &["mohammed", "muhammad", "mohamed", "mohammad", "mo"],
    &["aleksandr", "alexander", "sasha", "sanya"],
    &["dmitri", "dmitry", "dima"],
    &["vladimir", "vlad", "volodya"],
    &["yekaterina", "ekaterina", "katya", "katia"],
    &["giuseppe", "beppe", "peppe"],
    &["wolfgang", "wolf"],
    &["johannes", "hans", "jo"],
    &["margarita", "rita"],
    &["dolores", "lola"],
    &["concepcion", "concha", "conchita"],
    &["rosario", "charo"],
    &["mercedes", "merche"],
    &["beatrice", "beatriz", "bea", "trixie", "bee"],
    &["theodore", "theo", "ted", "teddy"],
    &["eleanor", "ellie", "nora", "nell"],
    &["daniela", "dani"],
    &["oliver", "ollie"],
    &["maximilian", "max"],
    &["maxwell", "max"],
    &["penelope", "penny"],
    &["dorothy", "dot", "dottie"],
    &["jacqueline", "jackie"],
    &["cynthia", "cindy"],
    &["lucinda", "lucy", "cindy"],
    &["lucille", "lucy"],
    &["louise", "lou"],
    &["louis", "lou"],
    &["virginia", "ginny"],
];

/// Folds a name for comparison: lower case, accents dropped, apostrophes
/// and dashes kept out.
fn fold(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let base = match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã'
                | 'Ä' | 'Å' | 'Ā' => 'a',
                'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => {
                    'e'
                }
                'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
                'ñ' | 'ń' | 'ň' | 'Ñ' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö'
                | 'Ø' => 'o',
                'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
                'ý' | 'ÿ' | 'Ý' => 'y',
                'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => 's',
                'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
                'ł' | 'Ł' => 'l',
                'ß' => 's',
                'đ' | 'ď' | 'Đ' => 'd',
                'ř' | 'Ř' => 'r',
                'ť' | 'ţ' => 't',
                '\'' | '’' | '-' | '.' => return None,
                c => c,
            };
            Some(base.to_lowercase().next().unwrap_or(base))
        })
        .collect()
}

/// The customer's name as a set of folded parts, when it looks like a
/// person's name: letters only, at least one capitalised part. A handle
/// ("user8812", "@jm") or an email address is not a name.
struct RecordName {
    full: String,
    parts: Vec<String>,
}

impl RecordName {
    fn of(conversation: &Conversation) -> Option<RecordName> {
        let full = conversation.customer_name()?.trim();
        if full.is_empty()
            || full.contains(['@', '_', '#'])
            || full.chars().any(|c| c.is_ascii_digit())
            || !full.chars().next().is_some_and(char::is_uppercase)
        {
            return None;
        }
        // A handle: written "@name" in the thread, or CamelCase run
        // together ("JstoneGaming", "JustinD").
        let handle = format!("@{full}");
        if conversation
            .messages
            .iter()
            .any(|m| m.text.contains('@') && m.text.contains(&handle))
            // One word only: McDonald and DiCaprio are surnames.
            || (!full.contains(char::is_whitespace)
                && full
                    .chars()
                    .zip(full.chars().skip(1))
                    .any(|(a, b)| a.is_lowercase() && b.is_uppercase()))
        {
            return None;
        }
        let mut parts = Vec::new();
        // "Reyes, Robert" is surname first: read it as "Robert Reyes", so
        // the first part is the first name that nicknames are checked on.
        let ordered = match full.split_once(',') {
            Some((last, first)) if !first.trim().is_empty() => {
                format!("{} {}", first.trim(), last.trim())
            }
            _ => full.to_string(),
        };
        for word in ordered.split(|c: char| c.is_whitespace() || c == ',') {
            let word = word.trim_matches(|c: char| !c.is_alphabetic());
            if word.is_empty() {
                continue;
            }
            if !word
                .chars()
                .all(|c| c.is_alphabetic() || "'’-.".contains(c))
            {
                return None;
            }
            parts.push(fold(word));
            if word.contains('-') {
                parts.extend(word.split('-').map(fold));
            }
        }
        parts.retain(|p| p.chars().count() >= 2);
        (!parts.is_empty()).then(|| RecordName {
            full: full.to_string(),
            parts,
        })
    }

    /// Whether `name` (folded) is this person: a part, or a nickname of a
    /// given name ("Tina" for Maria Cristina; "Tom" is not Sarah Thomas).
    fn matches(&self, name: &str) -> bool {
        if self.parts.iter().any(|p| same_letters(p, name)) {
            return true;
        }
        NICKNAMES.iter().any(|family| {
            family.contains(&name)
                && self
                    .given_names()
                    .iter()
                    .any(|p| family.contains(&p.as_str()))
        })
    }

    /// Whether `word` (folded) may be a part of this name with a case
    /// ending: an agent writing Polish or Czech addresses Anna as "Anno",
    /// Piotr as "Piotrze", Jana as "Jano", and has used the name.
    fn inflected_as(&self, word: &str) -> bool {
        self.parts.iter().any(|part| inflects(part, word))
    }

    /// The given names: every part but the surname, which comes last (a
    /// name of one part is its own given name).
    fn given_names(&self) -> &[String] {
        &self.parts[..self.parts.len().saturating_sub(1).max(1)]
    }
}

/// True when `word` may be `name` with another case ending: it keeps all
/// of the name but its last letter ("Giorgo" for Giorgos), or, when it
/// adds an ending of its own, all but the last two in a name of six or
/// more ("Konstantine" for Konstantinos). It keeps at least three letters
/// and adds at most three. "Jose" is not Joseph, and Finnish stem changes
/// ("Matille" for Matti) are not read.
fn inflects(name: &str, word: &str) -> bool {
    let name: Vec<char> = name.chars().collect();
    let word: Vec<char> = word.chars().collect();
    let kept = name.iter().zip(&word).take_while(|(n, w)| n == w).count();
    let dropped = if name.len() >= 6 && word.len() > kept {
        2
    } else {
        1
    };
    name.len() >= 3 && kept >= 3 && kept + dropped >= name.len() && word.len() <= name.len() + 3
}

/// True when `written` is `record` with any letter the accent table does
/// not know (Vietnamese "ễ", say) written as some plain letter: "Nguyen"
/// for "Nguyễn".
fn same_letters(record: &str, written: &str) -> bool {
    record.chars().count() == written.chars().count()
        && record
            .chars()
            .zip(written.chars())
            .all(|(r, w)| r == w || (!r.is_ascii() && w.is_ascii_alphabetic()))
}

/// Optimal string alignment distance, for telling a misspelling ("Jon"
/// for John) from another name.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// Folded first names of everyone who wrote in the conversation.
fn known_other_names(conversation: &Conversation) -> Vec<String> {
    let mut names = Vec::new();
    // Everyone's first name: agents greet colleagues, and a customer
    // writing from someone else's account is greeted by their own name.
    for message in &conversation.messages {
        if let Some(first) = message.author.split_whitespace().next() {
            names.push(fold(first));
        }
    }
    names
}

/// True when the customer used `name` for someone in their own messages:
/// a capitalised word, such as a signature or an introduction ("this is
/// Sarah"), not "I will be home" for Will.
fn customer_wrote(conversation: &Conversation, name: &str) -> bool {
    conversation
        .messages
        .iter()
        .filter(|m| m.role == Role::Customer)
        .any(|m| {
            m.text
                .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
                .any(|w| w.chars().next().is_some_and(char::is_uppercase) && fold(w) == name)
        })
}

/// A wrong or misspelled name in one agent message: the span and detail.
fn wrong_in(
    message: &Message,
    record: &RecordName,
    conversation: &Conversation,
    others: &[String],
) -> Option<((usize, usize), String)> {
    for found in greeting_names(&message.text) {
        let folded = fold(found.as_str());
        if folded.chars().count() < 2
            || NOT_NAMES.contains(&folded.as_str())
            || record.matches(&folded)
            || others.contains(&folded)
            || customer_wrote(conversation, &folded)
        {
            continue;
        }
        // A title is read past, not judged: "Ms Johnson" and "Mr Johnson"
        // both match Maria Johnson's surname.
        let close = record
            .parts
            .iter()
            .any(|p| edit_distance(p, &folded) <= 2 && p.chars().count() >= 3);
        let detail = if close {
            format!(
                "'{}' misspells the name on record ({})",
                found.as_str(),
                record.full
            )
        } else {
            format!(
                "'{}' is not the name on record ({})",
                found.as_str(),
                record.full
            )
        };
        return Some(((found.start(), found.end()), detail));
    }
    None
}

/// Agents who greeted the customer by a wrong name, with where.
pub fn wrong_names(conversation: &Conversation) -> Vec<Hit> {
    let Some(record) = RecordName::of(conversation) else {
        return Vec::new();
    };
    let others = known_other_names(conversation);
    let mut hits: Vec<Hit> = Vec::new();
    for (index, message) in conversation.messages.iter().enumerate() {
        if !message.is_public_agent() {
            continue;
        }
        if let Some((span, detail)) = wrong_in(message, &record, conversation, &others) {
            hits.push(Hit {
                due: None,
                template: None,
                index,
                span: Some(span),
                agent: Some(message.author.clone()),
                detail,
            });
        }
    }
    hits
}

/// True when `text` uses the customer's name: a capitalised word that
/// matches it ("I will check" does not name William), and not a sentence's
/// first word running on into the sentence ("Hope that helps!" does not
/// name Hope; "Hope, your order…" does).
fn names_customer(text: &str, record: &RecordName) -> bool {
    // Case endings are read only in a message with no distinctive English
    // word: in English, "Billing" is not Bill, "Market" not Mark, "May"
    // not Maya.
    let mut inflections = None;
    let mut names = |word: &str| {
        let folded = fold(word);
        record.matches(&folded)
            || (record.inflected_as(&folded)
                && *inflections.get_or_insert_with(|| !has_distinctive_word(text, Lang::Eng)))
    };
    let mut sentence_start = true;
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c.is_alphabetic()) {
        if rest[..at].contains(['.', '!', '?', '\n']) {
            sentence_start = true;
        }
        let word_len = rest[at..]
            .find(|c: char| !c.is_alphabetic() && c != '\'' && c != '’' && c != '-')
            .unwrap_or(rest.len() - at);
        let word = &rest[at..at + word_len];
        let after = &rest[at + word_len..];
        if word.chars().next().is_some_and(char::is_uppercase) && names(word) {
            let runs_on =
                after.starts_with(' ') && after[1..].starts_with(|c: char| c.is_alphabetic());
            if !(sentence_start && runs_on) {
                return true;
            }
        }
        sentence_start = false;
        rest = after;
    }
    false
}

/// Agents who write at least `min_messages` public messages (the rule's
/// setting; 2 in the default pack) are expected to use the customer's name
/// once; a single quick reply is not.
pub fn no_name(conversation: &Conversation, min_messages: usize) -> Vec<Hit> {
    let Some(record) = RecordName::of(conversation) else {
        return Vec::new();
    };
    if !conversation
        .messages
        .iter()
        .any(|m| m.role == Role::Customer && m.public)
    {
        return Vec::new();
    }
    // An agent greeting the customer by a wrong name has a bigger problem
    // than not using the right one: one coaching point, not two. This
    // holds whether or not wrong-name is enabled, so a rule's verdict never
    // depends on which other rules run. Read only when someone would be
    // flagged, which is rare.
    let mut wrong: Option<Vec<String>> = None;
    let mut agents: Vec<(&str, Vec<usize>)> = Vec::new();
    for (index, message) in conversation.messages.iter().enumerate() {
        if !message.is_public_agent() {
            continue;
        }
        match agents.iter_mut().find(|(a, _)| *a == message.author) {
            Some((_, said)) => said.push(index),
            None => agents.push((&message.author, vec![index])),
        }
    }
    let mut hits = Vec::new();
    for (agent, indices) in agents {
        if indices.len() < min_messages.max(1) {
            continue;
        }
        let used = indices.iter().any(|&i| {
            let greeted_as_introduced = greeting_names(&conversation.messages[i].text)
                .into_iter()
                .map(|name| fold(name.as_str()))
                .any(|name| {
                    name.chars().count() >= 2
                        && !NOT_NAMES.contains(&name.as_str())
                        && customer_wrote(conversation, &name)
                });
            greeted_as_introduced || names_customer(&conversation.messages[i].text, &record)
        });
        let greeted_wrongly = || -> Vec<String> {
            wrong_names(conversation)
                .into_iter()
                .filter_map(|h| h.agent)
                .collect()
        };
        if !used
            && !wrong
                .get_or_insert_with(greeted_wrongly)
                .iter()
                .any(|w| w == agent)
        {
            let last = *indices.last().expect("an agent has a message");
            hits.push(Hit {
                due: None,
                template: None,
                index: last,
                span: None,
                agent: Some(agent.to_string()),
                detail: String::new(),
            });
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_measures_distance() {
        assert_eq!(fold("José"), "jose");
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(edit_distance("john", "jon"), 1);
        assert_eq!(edit_distance("maria", "mraia"), 1);
        assert_eq!(edit_distance("maria", "robert"), 6);
        assert!(same_letters(&fold("Nguyễn"), "nguyen"));
        // A plain letter stands for an accented one, but a word in another
        // script is not a name of the same length ("Ευχαριστούμε" is not
        // Konstantinos).
        assert!(!same_letters(&fold("Κωνσταντίνος"), &fold("Ευχαριστούμε")));
        assert!(!same_letters(&fold("Алексей"), &fold("Спасибо")));
    }

    #[test]
    fn a_name_is_used_where_it_names_someone() {
        let record = RecordName {
            full: "Hope Williams".into(),
            parts: vec!["hope".into(), "williams".into()],
        };
        assert!(!names_customer("Hope that helps!", &record));
        assert!(names_customer("Hope, your order has shipped.", &record));
        assert!(names_customer("Thanks, Hope. It ships today.", &record));
        assert!(names_customer("Dear Ms Williams, thank you.", &record));
    }

    #[test]
    fn an_inflected_name_is_the_name() {
        let record = |full: &str| RecordName {
            full: full.into(),
            parts: full.split_whitespace().map(fold).collect(),
        };
        let anna = record("Anna Kowalska");
        assert!(names_customer("Dzień dobry Pani Anno, przepraszam.", &anna));
        assert!(names_customer("Dobrý den, paní Kowalská.", &anna));
        assert!(names_customer(
            "Cześć Piotrze, już sprawdzam.",
            &record("Piotr Nowak")
        ));
        assert!(names_customer(
            "Dobrý den, Jano, omlouvám se.",
            &record("Jana Dvořáková")
        ));
        let konstantinos = record("Κωνσταντίνος Αλεξίου");
        assert!(names_customer(
            "Γεια σου, Κωνσταντίνε, ευχαριστούμε!",
            &konstantinos
        ));
        assert!(names_customer(
            "Καλημέρα Γιώργο!",
            &record("Γιώργος Παπαδόπουλος")
        ));
        assert!(names_customer(
            "κύριε Παπαδόπουλε, ευχαριστούμε.",
            &record("Γιώργος Παπαδόπουλος")
        ));
        // A nickname of a second given name.
        assert!(names_customer(
            "Hello po Ma'am Tina!",
            &record("Maria Cristina Reyes")
        ));
        // Nicknames of given names only: "Tom" is a wrong name for Sarah
        // Thomas.
        assert!(record("Maria Cristina Reyes").matches("tina"));
        assert!(!record("Sarah Thomas").matches("tom"));
        assert!(!record("Karen James").matches("jim"));
        // In English, a word that looks inflected is another word.
        assert!(!names_customer(
            "I've passed this to our Billing team; they will email you.",
            &record("Bill Jones")
        ));
        assert!(!names_customer(
            "Your parcel left the Market Street depot.",
            &record("Mark Ellis")
        ));
        assert!(!names_customer(
            "It has been on back order since May, sorry.",
            &record("Maya Patel")
        ));
        // Not the name: a name cut short by two, too short a name to
        // inflect, too long an ending.
        assert!(!names_customer(
            "Kind regards, Jose",
            &record("Joseph Yilmaz")
        ));
        assert!(!names_customer(
            "Our Wuhan office will call.",
            &record("Mei Wu")
        ));
        assert!(!names_customer("See the Annotation tab.", &anna));
        assert!(!names_customer("Hi there, Annabelle.", &anna));
    }

    /// The greeting regex before it lost its word boundary, for the test
    /// below.
    const GREETING_WITH_BOUNDARY: &str = r"(?m)(?:^|[.!?]\s+|\n)\s*(?i:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|greetings|thanks|thank\s+you|thx|welcome\s+back|sorry)\b[ \t]*,?[ \t]*(?P<title>(?i:mr|mrs|ms|miss|mx|dr|sr|sra|srta)\.?[ \t]+)?(?P<name>\p{Lu}[\p{L}'’]*(?:-\p{Lu}[\p{L}'’]*)?)[ \t]*(?:[,!.:;\n—–-]|$)";

    #[test]
    fn the_greeting_reads_the_same_names_as_with_a_word_boundary() {
        let old = Regex::new(GREETING_WITH_BOUNDARY).unwrap();
        let texts = [
            "Hi Jon, thanks",
            "HiJon, no",
            "Hiya Zoë!",
            "Hi,José.",
            "Hi\\tMs Ñúñez,",
            "Thanks, Marie! Hi Jon,",
            "Thank you Søren.",
            "Thank  you\\tŁukasz;",
            "Hi! Anna,",
            "Hi 😀 Anna,",
            "hi ana,",
            "Dear Mr. O'Brien:",
            "Good   morning Siobhán—",
            "Sorry Ümit, the order",
            "Thanks So much",
            "Hello\\nJon,",
            "thx Jon-Paul!",
            "welcome back Thảo.",
            "Hiß Jon,",
            "HiÉmile,",
            "",
        ];
        for text in texts {
            let names = |re: &Regex| -> Vec<(usize, usize)> {
                let mut found = Vec::new();
                let mut at = 0;
                while let Some(caps) = re.captures_at(text, at) {
                    let Some(name) = caps.name("name") else { break };
                    found.push((name.start(), name.end()));
                    at = name.end();
                }
                found
            };
            assert_eq!(names(&GREETING), names(&old), "{text:?}");
        }
    }

    #[test]
    fn greeting_names_are_read() {
        let names = |s: &str| {
            greeting_names(s)
                .iter()
                .map(|m| m.as_str().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("Hi Jon, thanks for waiting."), vec!["Jon"]);
        assert_eq!(names("Dear Ms Jonson,\nYour refund"), vec!["Jonson"]);
        assert_eq!(names("Thanks, Marie!"), vec!["Marie"]);
        assert!(names("Thanks So much for waiting").is_empty());
        assert!(names("Hi there, how can I help?").is_empty());
        assert_eq!(
            names("Thanks, Marie! Hi Jon, welcome."),
            vec!["Marie", "Jon"]
        );
    }
}
