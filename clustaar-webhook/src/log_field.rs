//! Values taken from a request body or a handler's answer, cut to a bounded length before they
//! reach a log.
//!
//! A notification's topic or step id is whatever the sender wrote, and a handler's answer may
//! echo anything the notification held: a 1 MB topic, key name or answer text must not become a
//! 1 MB log line. The bound is on characters, so a cut never splits one.
//!
//! The rule is written once ([`head`]) and applied two ways: [`LogField`] to a value that is one
//! string, and [`LogDisplay`] to one written by its `Display` (a message that quotes a value, an
//! error), whose output is cut as it is written, so formatting stops at the bound.

use std::fmt::{self, Write as _};

/// The most characters of a body value a log field shows.
pub(crate) const MAX_CHARS: usize = 128;

/// The most items of a list taken from a body or an answer (an answer's violations) a log line
/// shows, the rest counted: an answer with a million violations must not become a million
/// lines.
pub(crate) const MAX_ITEMS: usize = 20;

/// What follows a value that was cut.
const CUT_MARK: &str = "…";

/// The rule: the first `max` characters of `text`, and whether any were left out.
fn head(text: &str, max: usize) -> (&str, bool) {
    // No more bytes than the bound: no more characters either.
    if text.len() <= max {
        return (text, false);
    }
    match text.char_indices().nth(max) {
        None => (text, false),
        Some((cut, _)) => (&text[..cut], true),
    }
}

/// A body value as a log field: at most [`MAX_CHARS`] characters, then `…` when cut.
///
/// Formatting writes slices of the value: nothing is allocated, and nothing at all is done when
/// no subscriber records the field.
#[derive(Clone, Copy)]
pub(crate) struct LogField<'a>(pub(crate) &'a str);

impl<'a> LogField<'a> {
    /// The value as a `tracing` field value: quoted and escaped, as `tracing` shows a string.
    pub(crate) fn value(self) -> tracing::field::DebugValue<Self> {
        tracing::field::debug(self)
    }

    /// The part of the value that is shown, and whether anything was cut.
    fn shown(self) -> (&'a str, bool) {
        head(self.0, MAX_CHARS)
    }
}

impl fmt::Display for LogField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.shown();
        f.write_str(shown)?;
        if cut {
            f.write_str(CUT_MARK)?;
        }
        Ok(())
    }
}

impl fmt::Debug for LogField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.shown();
        f.write_str("\"")?;
        Escaped(f).write_str(shown)?;
        if cut {
            f.write_str(CUT_MARK)?;
        }
        f.write_str("\"")
    }
}

/// A value written by its `Display` as a log field, cut by the same rule as [`LogField`]: at
/// most [`MAX_CHARS`] characters of what it writes, then `…` when cut.
///
/// For a text that quotes a body's or an answer's value (a violation's message, an error).
/// Nothing is allocated: the output goes straight to the log's writer, and formatting stops
/// at the bound, so a 1 MB value is not formatted past its first characters.
#[derive(Clone, Copy)]
pub(crate) struct LogDisplay<T>(pub(crate) T);

impl<T: fmt::Display> fmt::Display for LogDisplay<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Bounded {
            out: f,
            left: MAX_CHARS,
            cut: false,
        };
        let written = write!(out, "{}", self.0);
        if out.cut {
            // The error that stopped the writing was ours.
            f.write_str(CUT_MARK)
        } else {
            written
        }
    }
}

/// Quoted and escaped, as `tracing` shows a string.
impl<T: fmt::Display> fmt::Debug for LogDisplay<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&Quoted(self), f)
    }
}

/// A `Display` value written quoted and escaped, as `Debug` writes a string (and `tracing` shows
/// one), without building the string first.
#[derive(Clone, Copy)]
pub(crate) struct Quoted<T>(pub(crate) T);

impl<T: fmt::Display> fmt::Debug for Quoted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        write!(Escaped(f), "{}", self.0)?;
        f.write_str("\"")
    }
}

/// Writes through to `out` until [`MAX_CHARS`] characters are written, then stops the writing
/// with an error and notes the cut.
struct Bounded<'a, 'f> {
    out: &'a mut fmt::Formatter<'f>,
    /// The characters that may still be written.
    left: usize,
    cut: bool,
}

impl fmt::Write for Bounded<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.cut {
            return Err(fmt::Error);
        }
        let (shown, cut) = head(text, self.left);
        self.out.write_str(shown)?;
        if cut {
            self.cut = true;
            return Err(fmt::Error);
        }
        // At most `left` characters: a short count.
        self.left -= shown.chars().count();
        Ok(())
    }
}

/// Writes text escaped as `Debug` escapes a string's characters (`"`, `\`, controls, and the
/// characters it writes as `\u{…}`), without the quotes.
struct Escaped<'a, 'f>(&'a mut fmt::Formatter<'f>);

impl fmt::Write for Escaped<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        // Ids and topics are plain ASCII: written in one piece, not a character at a time
        // through the escaper, which costs a live log span thousands of instructions.
        let plain = |byte: u8| matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\';
        if text.bytes().all(plain) {
            return self.0.write_str(text);
        }
        let mut rest = text;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| is_escaped(c)) {
            self.0.write_str(&rest[..at])?;
            write!(self.0, "{}", c.escape_debug())?;
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

/// Whether `Debug` escapes `c` inside a string: as `char::escape_debug` does, but for `'`, which
/// a string's `Debug` leaves as it is.
fn is_escaped(c: char) -> bool {
    c != '\'' && c.escape_debug().len() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_shown_whole() {
        assert_eq!(
            LogField("conversation.step_reached").to_string(),
            "conversation.step_reached"
        );
        let exact = "é".repeat(MAX_CHARS);
        assert_eq!(LogField(&exact).to_string(), exact);
    }

    #[test]
    fn long_values_are_cut_on_a_character() {
        let long = "é".repeat(1_000_000);
        let shown = LogField(&long).to_string();
        assert_eq!(shown.chars().count(), MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert!(shown.starts_with(&"é".repeat(MAX_CHARS)));
    }

    /// Strings `Debug` writes in every way it has: plain, escaped, quoted, `\u{…}`.
    const TEXTS: [&str; 11] = [
        "5a8f1c2e9b1d4c0012345678",
        "a \"b\"",
        "tab\there",
        "back\\slash",
        "it's",
        "é",
        "e\u{301}\u{301} and \u{301}",
        "\u{0}\u{7f}\u{200b}\u{feff}\u{2028}",
        "🦀 漢字",
        "\r\n",
        "",
    ];

    #[test]
    fn log_values_are_quoted_as_tracing_quotes_strings() {
        for text in TEXTS {
            assert_eq!(format!("{:?}", LogField(text)), format!("{text:?}"));
            assert_eq!(format!("{:?}", LogDisplay(text)), format!("{text:?}"));
            assert_eq!(format!("{:?}", Quoted(text)), format!("{text:?}"));
        }
        let long = "x".repeat(1_000);
        assert_eq!(
            format!("{:?}", LogField(&long)),
            format!("\"{}…\"", "x".repeat(MAX_CHARS))
        );
    }

    /// A `Display` of many pieces: a prefix, a value, and a suffix.
    struct Message<'a>(&'a str);

    impl fmt::Display for Message<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "got `{}`", self.0)?;
            f.write_str(", expected less")
        }
    }

    #[test]
    fn displayed_values_are_cut_by_the_same_rule() {
        assert_eq!(
            LogDisplay(Message("short")).to_string(),
            "got `short`, expected less"
        );
        let long = "é".repeat(1_000_000);
        let shown = LogDisplay(Message(&long)).to_string();
        assert_eq!(shown.chars().count(), MAX_CHARS + 1);
        assert_eq!(shown, LogField(&format!("got `{long}`")).to_string());
        // Exactly the bound, over several writes: whole, with no mark.
        let exact = "a".repeat(MAX_CHARS - "got `".len() - "`, expected less".len());
        let message = Message(&exact).to_string();
        assert_eq!(message.chars().count(), MAX_CHARS);
        assert_eq!(LogDisplay(Message(&exact)).to_string(), message);
        // One more character: cut, in the last piece.
        let over = format!("{exact}a");
        let shown = LogDisplay(Message(&over)).to_string();
        assert_eq!(
            shown,
            format!("{}…", &Message(&over).to_string()[..MAX_CHARS])
        );
        assert_eq!(
            format!("{:?}", LogDisplay(Message(&long))),
            format!("\"got `{}…\"", "é".repeat(MAX_CHARS - 5))
        );
    }

    /// A `Display` that fails: its error is kept, not taken for a cut.
    struct Failing;

    impl fmt::Display for Failing {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("partial")?;
            Err(fmt::Error)
        }
    }

    #[test]
    fn a_failing_display_still_fails() {
        use std::fmt::Write as _;
        let mut out = String::new();
        assert!(write!(out, "{}", LogDisplay(Failing)).is_err());
    }
}
