//! One tag, from just after its `<` (or `</`) to its `>`: the states of HTML's tokenizer inside
//! a tag, read in two ways.
//! - [`read`]: an allowed tag, with its name and attributes.
//! - [`Rereads::walk`]: a tag that is not allowed, for where it ends and the last parse error in
//!   it (which decides whether the reference reads it again, see [`reread_split`]), remembering
//!   the walk so that a later walk over the same bytes can stop where it joins it.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use super::names::{Attributes, Name};
use crate::schemas::processors::strip::is_python_whitespace;

/// Where a tag's source leaves the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagState {
    TagName,
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    DoubleQuoted,
    SingleQuoted,
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

impl TagState {
    /// Whether a tag that the end of the input cuts short in this state is kept as text (in
    /// its name, an attribute's name, after an attribute's name or in an unquoted value) or
    /// dropped (after a space, after `=`, in a quoted value, after `/`), as the reference does.
    pub(super) fn unfinished_is_text(self) -> bool {
        matches!(
            self,
            TagState::TagName | TagState::Name | TagState::AfterName | TagState::Unquoted
        )
    }

    fn code(self) -> u8 {
        self as u8 + 1
    }
}

/// The parse errors of a tag that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagError {
    /// A quote or `<` in or after an attribute's name (or `=` starting one).
    BadName,
    Other,
}

/// What a character does to the tag being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    None,
    TagNameChar,
    NewAttribute,
    NameChar,
    ValueChar,
}

/// One character's transition: the next state (`None`: the tag ends), what the character
/// adds, and the last parse error it raises.
#[derive(Debug, Clone, Copy)]
struct Step {
    next: Option<TagState>,
    effect: Effect,
    error: Option<TagError>,
}

fn is_space(c: char) -> bool {
    // `\r` is read as `\n` by the tokenizer.
    matches!(c, '\t' | '\n' | '\x0c' | ' ' | '\r')
}

/// The transition of `c` in `state`, as html5ever's tokenizer makes it.
fn step(state: TagState, c: char) -> Step {
    use TagState::*;
    let to = |next| Step {
        next: Some(next),
        effect: Effect::None,
        error: None,
    };
    let mut result = match state {
        _ if c == '>' && !matches!(state, DoubleQuoted | SingleQuoted) => Step {
            next: None,
            effect: Effect::None,
            error: (state == BeforeValue).then_some(TagError::Other),
        },
        TagName if is_space(c) => to(BeforeName),
        TagName if c == '/' => to(SelfClosing),
        TagName => Step {
            next: Some(TagName),
            effect: Effect::TagNameChar,
            error: None,
        },
        BeforeName | AfterName if is_space(c) => to(state),
        Name if is_space(c) => to(AfterName),
        BeforeName | Name | AfterName if c == '/' => to(SelfClosing),
        Name | AfterName if c == '=' => to(BeforeValue),
        BeforeName | Name | AfterName => {
            let bad = matches!(c, '"' | '\'' | '<') || (state == BeforeName && c == '=');
            Step {
                next: Some(Name),
                effect: if state == Name {
                    Effect::NameChar
                } else {
                    Effect::NewAttribute
                },
                error: bad.then_some(TagError::BadName),
            }
        }
        BeforeValue if is_space(c) => to(BeforeValue),
        BeforeValue if c == '"' => to(DoubleQuoted),
        BeforeValue if c == '\'' => to(SingleQuoted),
        DoubleQuoted if c == '"' => to(AfterQuoted),
        SingleQuoted if c == '\'' => to(AfterQuoted),
        DoubleQuoted | SingleQuoted => Step {
            next: Some(state),
            effect: Effect::ValueChar,
            error: None,
        },
        Unquoted if is_space(c) => to(BeforeName),
        BeforeValue | Unquoted => Step {
            next: Some(Unquoted),
            effect: Effect::ValueChar,
            error: matches!(c, '"' | '\'' | '<' | '=' | '`').then_some(TagError::Other),
        },
        AfterQuoted if is_space(c) => to(BeforeName),
        AfterQuoted if c == '/' => to(SelfClosing),
        AfterQuoted | SelfClosing => {
            // A parse error, and the character read again before an attribute's name.
            let again = step(BeforeName, c);
            Step {
                error: again.error.or(Some(TagError::Other)),
                ..again
            }
        }
    };
    if c == '\0' && result.error.is_none() {
        result.error = Some(TagError::Other);
    }
    result
}

/// An allowed tag as read.
#[derive(Debug)]
pub(super) struct Tag {
    /// Where the tag ends: after its `>`, or the end of the input.
    pub(super) end: usize,
    /// Whether a `>` ended it (rather than the end of the input).
    pub(super) closed: bool,
    /// The state the end of the input left it in, when it did.
    pub(super) state: TagState,
    pub(super) attributes: Attributes,
}

/// The allowed tag whose name starts at `from`, if it is one. The name is read as the tokenizer
/// builds it (ASCII lowercased), up to one character longer than the longest allowed name.
pub(super) fn allowed_name(source: &str, from: usize) -> Option<Name> {
    const LONGEST: usize = "blockquote".len();
    let mut name = [0u8; LONGEST];
    let mut len = 0;
    for &byte in &source.as_bytes()[from..] {
        if byte == b'/' || byte == b'>' || is_space(char::from(byte)) {
            break;
        }
        // Allowed names are ASCII letters: anything else (a longer name too) is another tag.
        if len == LONGEST || !byte.is_ascii_alphabetic() {
            return None;
        }
        name[len] = byte.to_ascii_lowercase();
        len += 1;
    }
    Name::allowed(std::str::from_utf8(&name[..len]).ok()?)
}

/// Reads the tag whose name starts at `from`, with its attributes.
pub(super) fn read(source: &str, from: usize) -> Tag {
    let mut attributes = AttributeList::default();
    let mut state = TagState::TagName;
    let mut previous = '\0';
    let mut at = from;
    while let Some(c) = source[at..].chars().next() {
        if let Some(run) = quoted_run(source, at, state).filter(|_| previous != '\r') {
            // A quoted value's plain characters, copied at once.
            attributes.value.push_str(run);
            at += run.len();
            previous = '\0';
            continue;
        }
        let step = step(state, c);
        // The tokenizer reads `\r\n` and a lone `\r` as `\n`, and a NUL as U+FFFD; names are
        // lowercased.
        let stored = match c {
            '\0' => Some('\u{fffd}'),
            '\n' if previous == '\r' => None,
            '\r' => Some('\n'),
            c if step.effect == Effect::ValueChar => Some(c),
            c => Some(c.to_ascii_lowercase()),
        };
        previous = c;
        at += c.len_utf8();
        match (step.effect, stored) {
            (Effect::NewAttribute, Some(c)) => attributes.start(c),
            (Effect::NameChar, Some(c)) => attributes.name.push(c),
            (Effect::ValueChar, Some(c)) => attributes.value.push(c),
            _ => {}
        }
        match step.next {
            Some(next) => state = next,
            None => {
                return Tag {
                    end: at,
                    closed: true,
                    state,
                    attributes: attributes.finish(),
                };
            }
        }
    }
    Tag {
        end: source.len(),
        closed: false,
        state,
        attributes: attributes.finish(),
    }
}

/// In a quoted value, the characters from `at` that the value takes as they are: up to its
/// closing quote, a `\r` or a NUL. `None` elsewhere, or when there are none.
fn quoted_run(source: &str, at: usize, state: TagState) -> Option<&str> {
    let quote = match state {
        TagState::DoubleQuoted => b'"',
        TagState::SingleQuoted => b'\'',
        _ => return None,
    };
    let rest = &source.as_bytes()[at..];
    let len = rest
        .iter()
        .position(|&b| b == quote || b == b'\r' || b == 0)
        .unwrap_or(rest.len());
    // The bytes that stop a run are ASCII: `at + len` is a character boundary.
    (len > 0).then(|| &source[at..at + len])
}

/// The attributes of the tag being read: each name once, the first one kept. Past a few
/// attributes an index finds duplicates, so that a tag with thousands of attributes is read in
/// linear time (html5ever compares each new attribute with all the earlier ones).
#[derive(Debug, Default)]
struct AttributeList {
    attributes: Attributes,
    /// The hash of each name to the first attribute with that hash, once there are many. The
    /// names are not copied: a hit is checked against the attribute it points to.
    index: Option<(RandomState, HashMap<u64, usize>)>,
    name: String,
    value: String,
    open: bool,
}

impl AttributeList {
    const SCAN_UP_TO: usize = 16;

    fn start(&mut self, first: char) {
        self.close();
        self.open = true;
        self.name.push(first);
    }

    fn close(&mut self) {
        if !std::mem::take(&mut self.open) {
            return;
        }
        if self.has(&self.name) {
            self.name.clear();
            self.value.clear();
            return;
        }
        let name = std::mem::take(&mut self.name);
        let value = std::mem::take(&mut self.value);
        if self.index.is_none() && self.attributes.len() == Self::SCAN_UP_TO {
            let hasher = RandomState::new();
            let index = self
                .attributes
                .iter()
                .enumerate()
                .map(|(at, (name, _))| (hasher.hash_one(name), at))
                .collect();
            self.index = Some((hasher, index));
        }
        if let Some((hasher, index)) = &mut self.index {
            index
                .entry(hasher.hash_one(&name))
                .or_insert(self.attributes.len());
        }
        self.attributes.push((name, value));
    }

    /// Whether an attribute named `name` is in the list.
    fn has(&self, name: &str) -> bool {
        let scan = || self.attributes.iter().any(|(other, _)| other == name);
        match &self.index {
            None => scan(),
            Some((hasher, index)) => match index.get(&hasher.hash_one(name)) {
                None => false,
                Some(&first) if self.attributes[first].0 == name => true,
                // Another name with the same hash: rare, and unpredictable (random keys).
                Some(_) => scan(),
            },
        }
    }

    fn finish(mut self) -> Attributes {
        self.close();
        self.attributes
    }
}

/// How a walk over a disallowed tag ended.
#[derive(Debug, Clone, Copy)]
pub(super) struct Walk {
    pub(super) end: usize,
    pub(super) closed: bool,
    pub(super) state: TagState,
    /// The last parse error and where it was raised.
    last_error: Option<(usize, TagError)>,
    /// How many characters this walk read itself (not those of the walk it joined).
    read: usize,
}

impl Walk {
    pub(super) fn last_error(&self) -> Option<TagError> {
        self.last_error.map(|(_, error)| error)
    }
}

/// The walks over disallowed tags of one input, remembered byte by byte.
///
/// A tag read again starts inside the previous one, so its walk covers the same bytes. The
/// state machine is deterministic: once a walk reaches a byte in the state that the latest walk
/// over that byte had there, everything after is the same, and the walk takes that walk's
/// outcome instead of reading on. Walks that never join (crafted to stay out of step) draw on a
/// budget; [`Rereads::may_reread`] says when it is spent.
#[derive(Debug)]
pub(super) struct Rereads {
    /// Per byte of the input (and its end), the latest walk there and its state then:
    /// `(walk + 1) << 4 | state code`, or 0. Four bytes a byte, allocated once per input.
    visits: Vec<u32>,
    walks: Vec<StoredWalk>,
    budget: usize,
    /// Characters read by all the walks.
    read: usize,
}

/// A walk as remembered, in 12 bytes.
#[derive(Debug, Clone, Copy)]
struct StoredWalk {
    end: u32,
    /// Where its last error was raised (meaningless without one).
    error_at: u32,
    error: Option<TagError>,
    closed: bool,
    state: TagState,
}

impl Rereads {
    /// The most walks (and bytes) that a visit's 28 bits can name.
    const MAX_INPUT: usize = (1 << 28) - 2;

    pub(super) fn new(input_len: usize) -> Self {
        // A longer input is read without tags read again (they stay text): see `may_reread`.
        let remembered = if input_len <= Self::MAX_INPUT {
            input_len + 1
        } else {
            0
        };
        Rereads {
            visits: vec![0; remembered],
            walks: Vec::new(),
            budget: if remembered > 0 {
                1024 + 3 * input_len
            } else {
                0
            },
            read: 0,
        }
    }

    /// Whether a tag may still be read again: the walks so far stayed within the budget.
    pub(super) fn may_reread(&self) -> bool {
        self.budget > 0
    }

    /// How many characters the walks have read.
    #[cfg(test)]
    pub(super) fn characters_read(&self) -> usize {
        self.read
    }

    /// Walks the disallowed tag whose name starts at `from`.
    pub(super) fn walk(&mut self, source: &str, from: usize) -> Walk {
        let walk = if self.visits.is_empty() {
            read_walk(source, from, |_, _| None)
        } else {
            let id = self.walks.len() as u32;
            let (visits, walks) = (&mut self.visits, &self.walks);
            read_walk(source, from, |at, state| {
                let visit = (id + 1) << 4 | u32::from(state.code());
                let previous = std::mem::replace(&mut visits[at], visit);
                (previous & 0xf == u32::from(state.code())).then(|| {
                    // Joined: `at` is visited again, with the walk's own state there.
                    visits[at] = previous;
                    let joined = walks[(previous >> 4) as usize - 1];
                    let error = joined
                        .error
                        .filter(|_| joined.error_at as usize >= at)
                        .map(|error| (joined.error_at as usize, error));
                    (joined, error)
                })
            })
        };
        self.read += walk.read;
        self.budget = self.budget.saturating_sub(walk.read);
        if !self.visits.is_empty() {
            self.walks.push(StoredWalk {
                end: walk.end as u32,
                error_at: walk.last_error.map_or(0, |(at, _)| at as u32),
                error: walk.last_error.map(|(_, error)| error),
                closed: walk.closed,
                state: walk.state,
            });
        }
        walk
    }
}

/// Walks the tag whose name starts at `from`; before each character, `join` may end the walk
/// with another walk's outcome (and the last error raised after that point, if any).
fn read_walk(
    source: &str,
    from: usize,
    mut join: impl FnMut(usize, TagState) -> Option<(StoredWalk, Option<(usize, TagError)>)>,
) -> Walk {
    let mut state = TagState::TagName;
    let mut last_error = None;
    let mut at = from;
    let mut read = 0;
    loop {
        if let Some((joined, later_error)) = join(at, state) {
            return Walk {
                end: joined.end as usize,
                closed: joined.closed,
                state: joined.state,
                last_error: later_error.or(last_error),
                read,
            };
        }
        let Some(c) = source[at..].chars().next() else {
            return Walk {
                end: at,
                closed: false,
                state,
                last_error,
                read,
            };
        };
        read += 1;
        let step = step(state, c);
        if let Some(error) = step.error {
            last_error = Some((at, error));
        }
        at += c.len_utf8();
        match step.next {
            Some(next) => state = next,
            None => {
                return Walk {
                    end: at,
                    closed: true,
                    state,
                    last_error,
                    read,
                };
            }
        }
    }
}

/// Where the reference splits a disallowed tag (`raw`, from its `<` to its `>`) whose last
/// parse error was a bad attribute name: when what follows the tag's first space starts with
/// `<`, it keeps the part up to that space as text and reads the rest again (`<y <b>x` →
/// `&lt;y ` and a bold `x`).
pub(super) fn reread_split(raw: &str) -> Option<usize> {
    let space = raw.find(' ')?;
    let rest = &raw[space + 1..];
    rest.trim_start_matches(is_python_whitespace)
        .starts_with('<')
        .then_some(space + 1)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::links::first_tag_attributes as html5ever_attributes;
    use super::{Name, Rereads, allowed_name, quoted_run, read, reread_split};

    /// A tag's inside, from the characters that move its states (no `&`: html5ever decodes
    /// references, the tokenizer here keeps them).
    fn tag_inside() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(" "),
                Just("\t"),
                Just("\r\n"),
                Just("\r"),
                Just("\0"),
                Just("/"),
                Just("="),
                Just("\""),
                Just("'"),
                Just("<"),
                Just("`"),
                Just("a"),
                Just("B"),
                Just("title"),
                Just("é"),
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn reads_attributes_as_html5ever_does(inside in tag_inside()) {
            let html = format!("<a {inside}>");
            let ours = read(&html, 1);
            if let Some(theirs) = html5ever_attributes(&html) {
                prop_assert!(ours.closed);
                prop_assert_eq!(ours.attributes, theirs);
            }
        }

        #[test]
        fn a_walk_that_joins_another_ends_as_a_walk_alone(inside in tag_inside()) {
            let html = format!("<y {inside}>");
            let mut shared = Rereads::new(html.len());
            for (at, _) in html.match_indices('<') {
                if !html[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                    continue;
                }
                let joined = shared.walk(&html, at + 1);
                let alone = Rereads::new(html.len()).walk(&html, at + 1);
                prop_assert_eq!(
                    (joined.end, joined.closed, joined.state, joined.last_error()),
                    (alone.end, alone.closed, alone.state, alone.last_error())
                );
            }
        }
    }

    #[test]
    fn a_quoted_run_ends_at_its_quote_a_carriage_return_or_a_nul() {
        use super::TagState::{DoubleQuoted, SingleQuoted, Unquoted};
        let value = "é'x\"y\rz\0";
        assert_eq!(quoted_run(value, 0, DoubleQuoted), Some("é'x"));
        assert_eq!(quoted_run(value, 0, SingleQuoted), Some("é"));
        assert_eq!(quoted_run(value, 5, DoubleQuoted), Some("y"));
        assert_eq!(quoted_run(value, 7, SingleQuoted), Some("z"));
        // Nothing to copy at a stop, at the end, or outside a quoted value.
        for at in [4, 6, 8, 9] {
            assert_eq!(quoted_run(value, at, DoubleQuoted), None, "{at}");
        }
        assert_eq!(quoted_run(value, 0, Unquoted), None);
    }

    #[test]
    fn an_allowed_name_is_read_whole_and_lowercased() {
        assert_eq!(allowed_name("Blockquote>", 0), Some(Name::Blockquote));
        assert_eq!(allowed_name("x<b/>", 2), Some(Name::B));
        assert_eq!(allowed_name("STRONG class=x", 0), Some(Name::Strong));
        // One letter more than the longest allowed name, a digit, or nothing: another tag.
        for other in ["blockquotes>", "blockquotee", "b1>", "strong2", ">", ""] {
            assert_eq!(allowed_name(other, 0), None, "{other:?}");
        }
    }

    #[test]
    fn walks_count_the_characters_they_read_until_they_join() {
        // From `y`, the letters `aaa…` are an attribute's name; from the first of them, a tag's
        // name: that walk joins nothing and reads on to the `>`. From the second letter, the
        // walk is where the one before was: it joins it before reading.
        let source = format!("y {}>", "a".repeat(1_000));
        let mut rereads = Rereads::new(source.len());
        for from in [0, 2, 3] {
            let walk = rereads.walk(&source, from);
            assert_eq!((walk.end, walk.closed), (source.len(), true), "{from}");
        }
        assert_eq!(rereads.characters_read(), 2 * source.len() - 2);
        // Within the budget of a few times the input.
        assert!(rereads.may_reread());
    }

    #[test]
    fn the_last_parse_error_decides_between_a_bad_name_and_another() {
        use super::TagError::{BadName, Other};
        // Each after a `<` in an attribute's name (a bad name), then:
        let cases = [
            // an unquoted value's quote, then a name after a space: no error;
            ("y <b a=x\" c>", Other),
            // the same, but the name starts with `=`;
            ("y <b a=x\" =c>", BadName),
            // after a quoted value, a space or a `/`: no error;
            ("y <b a=\"1\" c>", BadName),
            ("y <b a=\"1\"/>", BadName),
            // after a quoted value, a name without a space.
            ("y <b a=\"1\"c>", Other),
        ];
        for (tag, error) in cases {
            let walk = Rereads::new(tag.len()).walk(tag, 0);
            assert_eq!(
                (walk.closed, walk.last_error()),
                (true, Some(error)),
                "{tag}"
            );
        }
    }

    #[test]
    fn a_text_over_256_mib_is_read_without_rereads() {
        // Zeroed memory the test never touches: the kernel hands it out without writing it.
        assert!(Rereads::new((1 << 28) - 2).may_reread());
        // No budget: a tag is never read again.
        assert!(!Rereads::new((1 << 28) - 1).may_reread());
    }

    #[test]
    fn a_tag_is_read_again_after_its_first_space_when_a_lt_follows() {
        assert_eq!(reread_split("<y <b>"), Some(3));
        assert_eq!(reread_split("<y \t\n<b>"), Some(3));
        assert_eq!(reread_split("<yy <b>"), Some(4));
        for not in ["<y>", "<y b <c>", "<y\t<b>", "<y "] {
            assert_eq!(reread_split(not), None, "{not:?}");
        }
    }

    #[test]
    fn finds_duplicates_among_many_attributes() {
        let many: String = (0..100).map(|i| format!(" x{i}=1")).collect();
        let html = format!("<a title=first{many} title=second x7=2>");
        let tag = read(&html, 1);
        assert_eq!(tag.attributes.len(), 101);
        assert_eq!(tag.attributes[0], ("title".into(), "first".into()));
        assert_eq!(tag.attributes[8], ("x7".into(), "1".into()));
        assert_eq!(Some(tag.attributes), html5ever_attributes(&html));
    }
}
