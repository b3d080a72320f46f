//! What a step id is: exactly 24 ASCII letters or digits, as the platform's object ids.

use std::fmt;

/// The length of a step id, in characters.
const LEN: usize = 24;

/// A step id, for the macros' help texts.
// The core crate writes no help text.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const EXAMPLE: &str = "507f191e810c19729de860ea";

/// Whether `id` is a step id: exactly 24 ASCII letters or digits (not only hex, any case).
pub(crate) fn is_step_id(id: &str) -> bool {
    id.len() == LEN && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The message for a text that is not a step id: it names the text, says what a step id is and
/// what is wrong with this one. Writes nothing useful for a step id.
///
/// "`507f191e810c19729de860e` is not a step id: a step id is exactly 24 ASCII letters or
/// digits, and it has 23 characters"
pub(crate) struct NotAStepId<'a>(pub(crate) &'a str);

impl fmt::Display for NotAStepId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.0;
        write!(
            f,
            "`{id}` is not a step id: a step id is exactly {LEN} ASCII letters or digits, and "
        )?;
        match id
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            Some((position, c)) => write!(f, "it has {c:?} at position {position}"),
            None => write!(f, "it has {} characters", id.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_ids_are_24_ascii_letters_or_digits() {
        assert!(is_step_id(EXAMPLE));
        assert!(is_step_id("ABCDEFGHIJKLMNOPQRSTUVWX"));
        assert!(is_step_id("zzzzzzzzzzzzzzzzzzzzzzzz"));
        for not in [
            "",
            "s1",
            "507f191e810c19729de860e",
            "507f191e810c19729de860eaa",
        ] {
            assert!(!is_step_id(not), "{not:?}");
        }
        // 24 bytes, not 24 letters.
        assert!(!is_step_id("507f191e810c19729de860é"));
        assert!(!is_step_id("507f191e810c19729de860e-"));
    }

    #[test]
    fn the_message_says_what_is_wrong() {
        let message = |id| NotAStepId(id).to_string();
        let rule = "is not a step id: a step id is exactly 24 ASCII letters or digits, and";
        assert_eq!(
            message("507f191e810c19729de860e"),
            format!("`507f191e810c19729de860e` {rule} it has 23 characters")
        );
        assert_eq!(
            message("507f191e810c19729de860e-"),
            format!("`507f191e810c19729de860e-` {rule} it has '-' at position 23")
        );
        assert_eq!(
            message("507f191e810c19729de860eé"),
            format!("`507f191e810c19729de860eé` {rule} it has 'é' at position 23")
        );
        assert_eq!(message(""), format!("`` {rule} it has 0 characters"));
    }
}
