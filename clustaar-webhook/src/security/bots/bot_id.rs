//! The `botID` a notification names, read before anything in it is trusted.

use std::borrow::Cow;

use serde::Deserialize;

use crate::rejection::Rejection;
use crate::rules::bot_id::is_bot_id;

/// The top-level `botID` of a notification, every other key skipped.
#[derive(Deserialize)]
struct Named<'a> {
    #[serde(rename = "botID", borrow, default)]
    bot_id: Option<Cow<'a, str>>,
}

/// Reads the `botID` of `body`: a notification that names no bot, or a bot id no platform gives
/// (too long, or other characters than letters, digits, `-` and `_`), is refused before any
/// secret is looked up.
pub(crate) fn read_bot_id(body: &[u8]) -> Result<Cow<'_, str>, Rejection> {
    let named: Named<'_> =
        serde_json::from_slice(body).map_err(|error| Rejection::from_json_error(&error))?;
    let bot_id = named.bot_id.ok_or(Rejection::BotMissing)?;
    if is_bot_id(&bot_id) {
        Ok(bot_id)
    } else {
        Err(Rejection::UnknownBot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bot_id_is_the_top_level_one() {
        let body = br#"{"data":{"botID":"inner"},"botID":"5a8f1c2e9b1d4c0012345678"}"#;
        assert_eq!(read_bot_id(body).unwrap(), "5a8f1c2e9b1d4c0012345678");
    }

    #[test]
    fn a_body_without_a_plausible_bot_id_is_refused() {
        assert_eq!(read_bot_id(br#"{"topic":"x"}"#), Err(Rejection::BotMissing));
        assert_eq!(
            read_bot_id(br#"{"botID":null}"#),
            Err(Rejection::BotMissing)
        );
        for id in ["", "a b", "bot/../x", &"a".repeat(65)] {
            let body = serde_json::json!({ "botID": id }).to_string();
            assert_eq!(
                read_bot_id(body.as_bytes()),
                Err(Rejection::UnknownBot),
                "{id:?}"
            );
        }
        // Two bots named: which one signed is ambiguous, so neither is looked up.
        assert!(matches!(
            read_bot_id(br#"{"botID":"a","botID":"b"}"#),
            Err(Rejection::UnreadableNotification { .. })
        ));
        assert!(matches!(
            read_bot_id(br#"{"botID":7}"#),
            Err(Rejection::UnreadableNotification { .. })
        ));
        assert!(matches!(
            read_bot_id(b"not json"),
            Err(Rejection::BodyNotJson { .. })
        ));
    }
}
