//! One tag, from just after its `<` (or `</`) to its `>`: the states of HTML's tokenizer inside
//! a tag, read in two ways.
//! - [`read`]: an allowed tag, with its name and attributes.
//! - [`skip`]: a tag that is not allowed, for where it ends (it is written back as text).

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use super::names::{Attributes, Name};

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
    /// Whether a tag that the end of the input cuts short in this state is kept as text: only
    /// in its name (`<b` stays `&lt;b`); anywhere further (`<b title`) it is dropped, as the
    /// reference does.
    pub(super) fn unfinished_is_text(self) -> bool {
        self == TagState::TagName
    }
}

/// What a character does to the tag being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    None,
    NewAttribute,
    NameChar,
    ValueChar,
}

/// One character's transition: the next state (`None`: the tag ends) and what the character
/// adds.
#[derive(Debug, Clone, Copy)]
struct Step {
    next: Option<TagState>,
    effect: Effect,
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
    };
    match state {
        _ if c == '>' && !matches!(state, DoubleQuoted | SingleQuoted) => Step {
            next: None,
            effect: Effect::None,
        },
        TagName if is_space(c) => to(BeforeName),
        TagName if c == '/' => to(SelfClosing),
        // The name itself is read by `allowed_name`.
        TagName => to(TagName),
        BeforeName | AfterName if is_space(c) => to(state),
        Name if is_space(c) => to(AfterName),
        BeforeName | Name | AfterName if c == '/' => to(SelfClosing),
        Name | AfterName if c == '=' => to(BeforeValue),
        BeforeName | Name | AfterName => Step {
            next: Some(Name),
            effect: if state == Name {
                Effect::NameChar
            } else {
                Effect::NewAttribute
            },
        },
        BeforeValue if is_space(c) => to(BeforeValue),
        BeforeValue if c == '"' => to(DoubleQuoted),
        BeforeValue if c == '\'' => to(SingleQuoted),
        DoubleQuoted if c == '"' => to(AfterQuoted),
        SingleQuoted if c == '\'' => to(AfterQuoted),
        DoubleQuoted | SingleQuoted => Step {
            next: Some(state),
            effect: Effect::ValueChar,
        },
        Unquoted if is_space(c) => to(BeforeName),
        BeforeValue | Unquoted => Step {
            next: Some(Unquoted),
            effect: Effect::ValueChar,
        },
        // Read as before an attribute's name (a parse error but for a space or a `/` after a
        // quoted value).
        AfterQuoted | SelfClosing => step(BeforeName, c),
    }
}

/// Where a tag's source ends, and how.
#[derive(Debug, Clone, Copy)]
pub(super) struct Extent {
    /// After its `>`, or the end of the input.
    pub(super) end: usize,
    /// Whether a `>` ended it (rather than the end of the input).
    pub(super) closed: bool,
    /// The state the end of the input left it in, when it did.
    pub(super) state: TagState,
}

/// An allowed tag as read.
#[derive(Debug)]
pub(super) struct Tag {
    pub(super) extent: Extent,
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

/// A piece of a tag, as [`walk`] hands it.
enum Piece<'s> {
    /// Plain characters of a quoted value (see [`quoted_run`]).
    Run(&'s str),
    /// Any other character, and what it adds to the tag.
    Char(char, Effect),
}

/// Walks the tag whose name starts at `from` through the states of the tokenizer, handing
/// `visit` each piece read.
fn walk<'s>(source: &'s str, from: usize, mut visit: impl FnMut(Piece<'s>)) -> Extent {
    let mut state = TagState::TagName;
    let mut at = from;
    while let Some(c) = source[at..].chars().next() {
        if let Some(run) = quoted_run(source, at, state) {
            visit(Piece::Run(run));
            at += run.len();
            continue;
        }
        let step = step(state, c);
        visit(Piece::Char(c, step.effect));
        at += c.len_utf8();
        match step.next {
            Some(next) => state = next,
            None => {
                return Extent {
                    end: at,
                    closed: true,
                    state,
                };
            }
        }
    }
    Extent {
        end: source.len(),
        closed: false,
        state,
    }
}

/// Where the disallowed tag whose name starts at `from` ends: the reference writes it back
/// from its source, as text.
pub(super) fn skip(source: &str, from: usize) -> Extent {
    walk(source, from, |_| {})
}

/// Reads the tag whose name starts at `from`, with its attributes.
pub(super) fn read(source: &str, from: usize) -> Tag {
    let mut attributes = AttributeList::default();
    let mut previous = '\0';
    let extent = walk(source, from, |piece| match piece {
        Piece::Run(run) => {
            // A run stops at a `\r`: the `\n` of a `\r\n` starts the next one.
            let run = match run.strip_prefix('\n') {
                Some(rest) if previous == '\r' => rest,
                _ => run,
            };
            attributes.value.push_str(run);
            previous = '\0';
        }
        Piece::Char(c, effect) => {
            previous = c;
            // The tokenizer reads a `\r` as `\n` (the `\n` of a `\r\n` is dropped with the runs:
            // elsewhere a line end is a space, which adds nothing) and a NUL as U+FFFD; names
            // are lowercased.
            let stored = match c {
                '\0' => '\u{fffd}',
                '\r' => '\n',
                c if effect == Effect::ValueChar => c,
                c => c.to_ascii_lowercase(),
            };
            match effect {
                Effect::NewAttribute => attributes.start(stored),
                Effect::NameChar => attributes.name.push(stored),
                Effect::ValueChar => attributes.value.push(stored),
                Effect::None => {}
            }
        }
    });
    Tag {
        extent,
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::links::first_tag_attributes as html5ever_attributes;
    use std::hash::BuildHasher;

    use super::{AttributeList, Name, allowed_name, quoted_run, read};

    /// A tag's inside, from the characters that move its states (no `&`: html5ever decodes
    /// references, the tokenizer here keeps them).
    fn tag_inside() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(" "),
                Just("\t"),
                Just("\r\n"),
                Just("\r"),
                Just("\n"),
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
                prop_assert!(ours.extent.closed);
                prop_assert_eq!(ours.attributes, theirs);
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
    fn a_quoted_value_keeps_its_line_ends_as_the_tokenizer_reads_them() {
        // `\r\n` and a lone `\r` read as `\n`; a `\n` right after the quote or a NUL kept.
        let html = "<a title=\"\nx\r\ny\rz\0\nw\" href='\n'>";
        let tag = read(html, 1);
        let expected = vec![
            ("title".to_owned(), "\nx\ny\nz\u{fffd}\nw".to_owned()),
            ("href".to_owned(), "\n".to_owned()),
        ];
        assert_eq!(tag.attributes, expected);
        assert_eq!(Some(expected), html5ever_attributes(html));
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
    fn finds_duplicates_among_many_attributes() {
        let many: String = (0..100).map(|i| format!(" x{i}=1")).collect();
        let html = format!("<a title=first{many} title=second x7=2>");
        let tag = read(&html, 1);
        assert_eq!(tag.attributes.len(), 101);
        assert_eq!(tag.attributes[0], ("title".into(), "first".into()));
        assert_eq!(tag.attributes[8], ("x7".into(), "1".into()));
        assert_eq!(Some(tag.attributes), html5ever_attributes(&html));
    }

    /// A list of the attributes `names`, as the reader adds them.
    fn list_of(names: &[&str]) -> AttributeList {
        let mut list = AttributeList::default();
        for name in names {
            let mut chars = name.chars();
            list.start(chars.next().expect("a name"));
            list.name.extend(chars);
        }
        list.close();
        list
    }

    #[test]
    fn the_index_of_attribute_names_is_built_once_a_tag_has_sixteen() {
        let names: Vec<String> = (0..17).map(|i| format!("x{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let list = list_of(&names[..16]);
        assert!(list.index.is_none());
        let list = list_of(&names);
        let (_, index) = list.index.as_ref().expect("an index");
        assert_eq!(index.len(), 17);
        assert!(list.has("x16") && list.has("x0") && !list.has("x17"));
    }

    #[test]
    fn a_name_whose_hash_points_to_another_name_is_looked_for_among_all() {
        let names: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut list = list_of(&names);
        // Two names with one hash: `y` (absent) and `x19` (present) point to `x3`.
        let (hasher, index) = list.index.as_mut().expect("an index");
        let (y, x19) = (hasher.hash_one("y"), hasher.hash_one("x19"));
        index.insert(y, 3);
        index.insert(x19, 3);
        assert!(!list.has("y"));
        assert!(list.has("x19"));
        assert!(list.has("x3"));
    }
}
