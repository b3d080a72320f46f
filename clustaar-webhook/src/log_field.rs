//! Values taken from a request body, cut to a bounded length before they reach a log.
//!
//! A notification's topic or step id is whatever the sender wrote: a 1 MB topic must not become
//! a 1 MB log line. The bound is on characters, so a cut never splits one.

use std::fmt;

/// The most characters of a body value a log field shows.
pub(crate) const MAX_CHARS: usize = 128;

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
        // No more bytes than the bound: no more characters either.
        if self.0.len() <= MAX_CHARS {
            return (self.0, false);
        }
        match self.0.char_indices().nth(MAX_CHARS) {
            None => (self.0, false),
            Some((cut, _)) => (&self.0[..cut], true),
        }
    }
}

impl fmt::Display for LogField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.shown();
        f.write_str(shown)?;
        if cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for LogField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.shown();
        // Ids and topics are plain ASCII: written in one piece, not a character at a time
        // through the escaper, which costs a live log span thousands of instructions.
        let plain = shown
            .bytes()
            .all(|byte| matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\');
        if plain {
            f.write_str("\"")?;
            f.write_str(shown)?;
        } else {
            write!(f, "\"{}", shown.escape_debug())?;
        }
        if cut {
            f.write_str("…")?;
        }
        f.write_str("\"")
    }
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

    #[test]
    fn log_values_are_quoted_as_tracing_quotes_strings() {
        assert_eq!(
            format!("{:?}", LogField("a \"b\"")),
            format!("{:?}", "a \"b\"")
        );
        for text in [
            "5a8f1c2e9b1d4c0012345678",
            "tab\there",
            "back\\slash",
            "é",
            "",
        ] {
            assert_eq!(format!("{:?}", LogField(text)), format!("{text:?}"));
        }
        let long = "x".repeat(1_000);
        assert_eq!(
            format!("{:?}", LogField(&long)),
            format!("\"{}…\"", "x".repeat(MAX_CHARS))
        );
    }
}
