//! The input as HTML's tokenizer reads it, as the events the tree builder takes: allowed tags as
//! tags, every other tag as text made of its own source, comments and doctypes dropped.
//!
//! html5ever's tokenizer reads the same states, but it does not say where a token lies in the
//! input (a disallowed tag is written back from its source) and it compares each new attribute
//! with all the earlier ones. So the states are followed here, with html5ever's transitions;
//! the tests check that both give the same tokens.
//!
//! Character references are not decoded: text and attribute values stay as written (the
//! reference keeps them, and the links are decided on the bytes written, see `links`).

use std::borrow::Cow;

use super::names::{Event, Name};
use super::normalize_newlines;
use super::tag;

/// Reads `source`, handing each event to `sink` as it comes; stops early, with `None`, when the
/// sink answers `None`. Adjacent pieces of text are handed as one event.
pub(super) fn tokenize(source: &str, sink: impl FnMut(Event) -> Option<()>) -> Option<()> {
    (!run(source, sink).stopped).then_some(())
}

fn run<F: FnMut(Event) -> Option<()>>(source: &str, sink: F) -> Tokenizer<'_, F> {
    let mut tokenizer = Tokenizer {
        source,
        at: 0,
        text: String::new(),
        sink,
        stopped: false,
    };
    while tokenizer.at < source.len() && !tokenizer.stopped {
        tokenizer.step();
    }
    tokenizer.flush_text();
    tokenizer
}

struct Tokenizer<'s, F> {
    source: &'s str,
    /// Where the tokenizer is, in the data state.
    at: usize,
    /// Text read since the last tag.
    text: String,
    sink: F,
    /// Whether the sink asked to stop.
    stopped: bool,
}

impl<F: FnMut(Event) -> Option<()>> Tokenizer<'_, F> {
    /// Reads the text up to the next `<`, or the markup at it.
    fn step(&mut self) {
        let rest = &self.source[self.at..];
        match rest.find('<') {
            Some(0) => self.markup(),
            Some(text) => {
                self.data_text(&rest[..text]);
                self.at += text;
            }
            None => {
                self.data_text(rest);
                self.at = self.source.len();
            }
        }
    }

    /// At a `<`.
    fn markup(&mut self) {
        let start = self.at;
        let after = &self.source[start + 1..];
        match after.chars().next() {
            Some('!') => self.at = markup_declaration_end(self.source, start),
            Some('/') => self.end_tag_open(),
            Some(c) if c.is_ascii_alphabetic() => self.tag(start, start + 1),
            // A processing instruction, read as a bogus comment: dropped.
            Some('?') => self.at = after_next_gt(self.source, start + 2),
            // A `<` that starts nothing is text; what follows is read again as data.
            _ => {
                self.push_text("<");
                self.at += 1;
            }
        }
    }

    /// At `</`.
    fn end_tag_open(&mut self) {
        let start = self.at;
        match self.source[start + 2..].chars().next() {
            None => {
                self.push_text("</");
                self.at = self.source.len();
            }
            // `</>` is dropped.
            Some('>') => self.at = start + 3,
            Some(c) if c.is_ascii_alphabetic() => self.tag(start, start + 2),
            // A bogus comment. The reference keeps it as text unless it names an allowed tag.
            Some(_) => {
                let end = after_next_gt(self.source, start + 2);
                let raw = &self.source[start..end];
                let data = raw[2..].strip_suffix('>').unwrap_or(&raw[2..]);
                if Name::allowed(data.to_lowercase().trim()).is_none() {
                    self.source_text(raw);
                }
                self.at = end;
            }
        }
    }

    /// At a tag starting at `start` (its `<`), whose name starts at `name`.
    fn tag(&mut self, start: usize, name: usize) {
        let is_end = name == start + 2;
        let Some(allowed) = tag::allowed_name(self.source, name) else {
            return self.disallowed_tag(start, name);
        };
        let tag = tag::read(self.source, name);
        if !tag.extent.closed {
            return self.unfinished(start, tag.extent.state);
        }
        self.emit(if is_end {
            Event::End(allowed)
        } else {
            Event::Start(allowed, tag.attributes)
        });
        self.at = tag.extent.end;
    }

    /// A tag that is not allowed: text made of its source.
    fn disallowed_tag(&mut self, start: usize, name: usize) {
        let extent = tag::skip(self.source, name);
        if !extent.closed {
            return self.unfinished(start, extent.state);
        }
        self.source_text(&self.source[start..extent.end]);
        self.at = extent.end;
    }

    /// A tag that the end of the input cut short: text or dropped, depending on where. As text,
    /// it is written from the tag's name as the tokenizer read it (a NUL read as U+FFFD).
    fn unfinished(&mut self, start: usize, state: tag::TagState) {
        if state.unfinished_is_text() {
            let raw = &self.source[start..];
            self.source_text(&raw.replace('\0', "\u{fffd}"));
        }
        self.at = self.source.len();
    }

    /// Text of the data state: NULs are dropped (after line ends are read: `\r\0\n` is two).
    fn data_text(&mut self, text: &str) {
        let text = normalize_newlines(text);
        let text = if text.contains('\0') {
            Cow::Owned(text.replace('\0', ""))
        } else {
            text
        };
        self.push_text(&text);
    }

    /// A piece of markup written back as text, as it was written (NULs kept).
    fn source_text(&mut self, raw: &str) {
        self.push_text(&normalize_newlines(raw));
    }

    fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Hands the text read so far to the sink, as one event.
    fn flush_text(&mut self) {
        if !self.text.is_empty() && !self.stopped {
            let text = std::mem::take(&mut self.text);
            self.stopped = (self.sink)(Event::Text(text)).is_none();
        }
    }

    /// Hands the text read so far, then `event`, to the sink.
    fn emit(&mut self, event: Event) {
        self.flush_text();
        if !self.stopped {
            self.stopped = (self.sink)(event).is_none();
        }
    }
}

/// Where the markup declaration at `start` (`<!`) ends: a comment, a doctype or a bogus
/// comment, all dropped.
fn markup_declaration_end(source: &str, start: usize) -> usize {
    let rest = &source.as_bytes()[start + 2..];
    if rest.starts_with(b"--") {
        comment_end(source, start + 4)
    } else if rest
        .get(..7)
        .is_some_and(|word| word.eq_ignore_ascii_case(b"doctype"))
    {
        // Every state of a doctype ends at `>`.
        after_next_gt(source, start + 9)
    } else {
        after_next_gt(source, start + 2)
    }
}

/// After the first `>` from `from`, or the end of the input.
fn after_next_gt(source: &str, from: usize) -> usize {
    source
        .get(from..)
        .and_then(|rest| rest.find('>'))
        .map_or(source.len(), |at| from + at + 1)
}

/// Where the comment whose data starts at `from` (after `<!--`) ends: after `-->`, `--!>`, or
/// the `>` of `<!-->` and `<!--->`; the end of the input otherwise. (The tokenizer's states
/// after a `<` in a comment change its data, never where it ends.)
fn comment_end(source: &str, from: usize) -> usize {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Start,
        StartDash,
        Comment,
        EndDash,
        End,
        EndBang,
    }
    let mut state = State::Start;
    for (at, c) in source.as_bytes()[from..].iter().enumerate() {
        state = match (state, c) {
            (State::Start | State::StartDash | State::End | State::EndBang, b'>') => {
                return from + at + 1;
            }
            (State::Start, b'-') => State::StartDash,
            (State::StartDash | State::EndDash, b'-') => State::End,
            (State::Comment | State::EndBang, b'-') => State::EndDash,
            (State::End, b'!') => State::EndBang,
            (State::End, b'-') => State::End,
            _ => State::Comment,
        };
    }
    source.len()
}

#[cfg(test)]
mod tests {
    use crate::schemas::processors::sanitize::html_sanitize;
    use crate::schemas::processors::sanitize::tests::assert_cleans;

    #[test]
    fn comments_and_doctypes_are_dropped_up_to_where_they_end() {
        assert_cleans(&[
            ("a<!---->b", "ab"),
            ("a<!-->b", "ab"),
            ("a<!--->b", "ab"),
            ("a<!-- x --!>b", "ab"),
            ("a<!-- x --!-->b", "ab"),
            ("a<!-- x ---->b", "ab"),
            ("a<!-- <!-- -->b", "ab"),
            ("a<!-->-->b", "a--&gt;b"),
            ("a<!--->->b", "a-&gt;b"),
            // A `>` after `-- ` or `--!x` is part of the comment.
            ("a<!-- x -- >b<!-- -->c", "ac"),
            ("a<!-- x --!x>b-->c", "ac"),
            ("abc<!--x>y-->z", "abcz"),
            ("abc<!--x-->y>z", "abcy&gt;z"),
            ("a<!--x", "a"),
            // Doctypes and bogus comments end at the first `>`, after their `<!` and keyword.
            ("a<!DOCTYPE html>b", "ab"),
            ("a<!doctypex>b", "ab"),
            ("abc<!doctype x>y>z", "abcy&gt;z"),
            ("a<!DOCTYPE", "a"),
            ("a<!DOCTYP>x", "ax"),
            ("abcd<!>x>y", "abcdx&gt;y"),
            ("a<!-x>b", "ab"),
        ]);
    }

    #[test]
    fn a_disallowed_tag_is_text_whole_whatever_its_parse_errors() {
        assert_cleans(&[
            // A `<` in an attribute's name, in an unquoted value or after a quoted one.
            ("<y <b>x", "&lt;y &lt;b&gt;x"),
            ("<y a <b x>y", "&lt;y a &lt;b x&gt;y"),
            ("<y a=b<b>x>", "&lt;y a=b&lt;b&gt;x&gt;"),
            ("<y a='b'<b>x>", "&lt;y a='b'&lt;b&gt;x&gt;"),
            // A `>` in a quoted value does not end the tag.
            ("<y a='>'>x", "&lt;y a='&gt;'&gt;x"),
        ]);
    }

    #[test]
    fn a_tag_cut_short_by_the_end_is_text_only_in_its_name() {
        assert_cleans(&[
            ("a<unclosed", "a&lt;unclosed"),
            ("a<y\0z\0", "a&lt;y\u{fffd}z\u{fffd}"),
            ("<b>a<y", "<b>a&lt;y</b>"),
            ("a<b", "a&lt;b"),
            // The reference writes `&lt;y`: it loses the `/`.
            ("a</y", "a&lt;/y"),
            ("a</", "a&lt;/"),
            ("a<", "a&lt;"),
            // Further in, the tag is dropped, allowed or not.
            ("a<y ", "a"),
            ("a<y b", "a"),
            ("a<a b", "a"),
            ("a<y b ", "a"),
            ("a<y b=", "a"),
            ("a<y b=c", "a"),
            ("a<a b='c", "a"),
            ("a<y b=\"c\"", "a"),
            ("a<y/", "a"),
            ("<b>a<img <img ", "<b>a</b>"),
        ]);
    }

    #[test]
    fn a_lt_before_anything_but_a_letter_is_text_and_a_processing_instruction_is_dropped() {
        // Not a tag: `< a=` would drop its end as a tag cut short after its `=`.
        assert_eq!(html_sanitize("x < a=".into()), "x &lt; a=");
        assert_eq!(html_sanitize("1 <2> 3".into()), "1 &lt;2&gt; 3");
        // A processing instruction ends at the first `>` after its `<?`.
        assert_eq!(html_sanitize("a>b<?>c>d".into()), "a&gt;bc&gt;d");
        assert_eq!(html_sanitize("a<?php echo 1 ?>b".into()), "ab");
        assert_eq!(html_sanitize("a<?x".into()), "a");
    }

    #[test]
    fn a_bogus_end_tag_ends_at_its_first_gt_and_is_text_unless_it_names_an_allowed_tag() {
        assert_eq!(html_sanitize("abcdef</ b>x>y".into()), "abcdefx&gt;y");
        assert_eq!(
            html_sanitize("abcdef</ y>x>y".into()),
            "abcdef&lt;/ y&gt;x&gt;y"
        );
        assert_eq!(html_sanitize("</1>2".into()), "&lt;/1&gt;2");
    }
}
