//! What a bot id can be: 1 to 64 ASCII letters, digits, `-` or `_` (the platform's are 24
//! letters or digits). Anything else names no bot: a route cannot ask for it, and a
//! notification naming it is refused before any secret is looked up.

use std::fmt;

/// The longest bot id, in characters.
const MAX_LEN: usize = 64;

/// A bot id, for the macros' help texts.
// The core crate writes no help text.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const EXAMPLE: &str = "5a8f1c2e9b1d4c0012345678";

/// Whether `id` can be a bot id.
pub(crate) fn is_bot_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_LEN && id.bytes().all(is_bot_id_byte)
}

fn is_bot_id_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// The message for a text that is not a bot id: it names the text, says what a bot id is and
/// what is wrong with this one.
pub(crate) struct NotABotId<'a>(pub(crate) &'a str);

impl fmt::Display for NotABotId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.0;
        write!(
            f,
            "`{id}` is not a bot id: a bot id is 1 to {MAX_LEN} ASCII letters, digits, `-` or \
             `_`, and "
        )?;
        let bad = id
            .char_indices()
            .find(|&(_, c)| !c.is_ascii() || !is_bot_id_byte(c as u8));
        match bad {
            Some((position, c)) => write!(f, "it has {c:?} at position {position}"),
            None => write!(f, "it has {} characters", id.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bot_ids_are_short_ascii_words() {
        assert!(is_bot_id(EXAMPLE));
        assert!(is_bot_id("shop-fr_2"));
        assert!(!is_bot_id(""));
        assert!(!is_bot_id(&"a".repeat(65)));
        assert!(!is_bot_id("a b"));
        assert_eq!(
            NotABotId("a b").to_string(),
            "`a b` is not a bot id: a bot id is 1 to 64 ASCII letters, digits, `-` or `_`, and \
             it has ' ' at position 1"
        );
        assert_eq!(
            NotABotId("").to_string(),
            "`` is not a bot id: a bot id is 1 to 64 ASCII letters, digits, `-` or `_`, and it \
             has 0 characters"
        );
    }
}
