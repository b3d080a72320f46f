//! Why a security configuration would protect nothing, and the shortest key that builds
//! without a warning.

/// Keys shorter than this (in bytes) are accepted with a warning: an HMAC key is as strong as
/// it is hard to guess, and a short one can be guessed by trying.
pub(crate) const SHORT_KEY_BYTES: usize = 16;

/// Why a [`SecurityConfig`](crate::security::SecurityConfig) is refused: by
/// [`Webhook::try_into_router`](crate::Webhook::try_into_router) (as a
/// [`BuildError`](crate::BuildError)), and, request by request, by
/// [`SecurityConfig::check`](crate::security::SecurityConfig::check) and the
/// [`VerifiedNotification`](crate::extract::VerifiedNotification) extractor, which answer
/// [`Rejection::Misconfigured`](crate::rejection::Rejection::Misconfigured) (`500`) rather
/// than let anything through.
///
/// ```
/// use clustaar_webhook::security::{SecurityConfig, SecurityConfigError};
///
/// assert_eq!(SecurityConfig::new().validate(), Err(SecurityConfigError::Unsigned));
/// assert_eq!(
///     SecurityConfig::new().private_key("  ").validate(),
///     Err(SecurityConfigError::BlankPrivateKey { position: 0 }),
/// );
/// assert_eq!(SecurityConfig::new().allow_unsigned().validate(), Ok(()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecurityConfigError {
    /// No private key is set, so anyone could send notifications, and no explicit opt-in
    /// (`allow_unsigned`) says that this is meant.
    #[error(
        "the webhook has no private key, so it would accept notifications from anyone: call \
         `.private_key(key)` with the key of the bot's webhook settings, or `.allow_unsigned()` \
         to accept unsigned notifications on purpose (local development, tests)"
    )]
    Unsigned,
    /// A private key is empty or made only of whitespace: anyone could sign with it. An
    /// environment variable that is set but empty gives one.
    #[error(
        "private key number {} is empty or only whitespace, so anyone could sign with it: \
         give the key of the bot's webhook settings (is its environment variable set but \
         empty?)",
        position + 1
    )]
    BlankPrivateKey {
        /// Where the key is among the keys given, from 0.
        position: usize,
    },
    /// The webhook serves several bots, each checked with its own keys
    /// ([`SecurityConfig::bots`](crate::security::SecurityConfig::bots)), and has keys of its
    /// own too: any bot's notification signed with them would pass.
    ///
    /// ```
    /// use clustaar_webhook::security::{SecurityConfig, SecurityConfigError, StaticBots};
    ///
    /// let security = SecurityConfig::new().private_key("shared").bots(StaticBots::new());
    /// assert_eq!(security.validate(), Err(SecurityConfigError::SharedKeysWithBots));
    /// ```
    #[error(
        "the webhook checks each bot with its own keys (`.bots(…)`) and has private keys of its \
         own too, which would let any bot's notification through: give every key to its bot \
         (`BotSecrets::private_key`) and remove `.private_key(…)`"
    )]
    SharedKeysWithBots,
}

/// Whether a key protects nothing: empty, or only whitespace (which a copy and paste or a
/// template can leave, and which an attacker tries first).
pub(crate) fn is_blank(key: &[u8]) -> bool {
    match std::str::from_utf8(key) {
        // Unicode whitespace too: a no-break space is as easy to guess as a space.
        Ok(text) => text.trim().is_empty(),
        Err(_) => key.trim_ascii().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_keys() {
        for blank in ["", " ", "\t\n\r ", "\u{a0}", "\u{3000} \u{2003}"] {
            assert!(is_blank(blank.as_bytes()), "{blank:?}");
        }
        for key in ["k", " k ", "\u{a0}k"] {
            assert!(!is_blank(key.as_bytes()), "{key:?}");
        }
        assert!(!is_blank(b"\xff"));
        assert!(is_blank(b"\xff"[..0].as_ref()));
    }

    #[test]
    fn the_message_counts_from_one() {
        let error = SecurityConfigError::BlankPrivateKey { position: 0 };
        assert!(
            error.to_string().starts_with("private key number 1 "),
            "{error}"
        );
    }
}
