//! One bot's secrets: its signing keys and its basic-authentication credentials.

use std::fmt;

use axum::http::HeaderMap;

use crate::rejection::Rejection;
use crate::security::{SecurityConfig, SecurityConfigError};

/// The secrets of one bot, as its webhook settings on the platform hold them: its private keys
/// (several while one is rotated) and, optionally, its basic-authentication credentials.
///
/// A bot needs a key, as a webhook does; `Debug` never shows the keys or the password.
///
/// ```
/// use clustaar_webhook::security::BotSecrets;
///
/// let secrets = BotSecrets::new()
///     .private_key("the bot's current key")
///     .private_key("its previous key")
///     .basic_auth("bot", "secret");
/// assert!(!format!("{secrets:?}").contains("current"));
/// ```
#[derive(Clone)]
pub struct BotSecrets {
    /// The bot's keys and credentials, checked as a webhook's own (its replay policy unused:
    /// the webhook's applies to every bot).
    checks: SecurityConfig,
}

impl Default for BotSecrets {
    fn default() -> Self {
        BotSecrets {
            checks: SecurityConfig::new().without_replay_prevention(),
        }
    }
}

impl fmt::Debug for BotSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BotSecrets")
            .field("private_keys", &self.checks.signing_keys().len())
            .field("basic_auth", &self.checks.credentials())
            .finish()
    }
}

impl BotSecrets {
    /// No key yet: add the bot's with [`private_key`](Self::private_key).
    ///
    /// ```
    /// use clustaar_webhook::security::BotSecrets;
    ///
    /// let secrets = BotSecrets::new().private_key("k");
    /// assert!(format!("{secrets:?}").contains("private_keys: 1"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one of the bot's private keys: a notification signed with any of them is accepted
    /// as this bot's.
    ///
    /// ```
    /// use clustaar_webhook::security::BotSecrets;
    ///
    /// let rotating = BotSecrets::new().private_key("new key").private_key("old key");
    /// assert!(format!("{rotating:?}").contains("private_keys: 2"));
    /// ```
    #[must_use]
    pub fn private_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.checks = self.checks.private_key(key);
        self
    }

    /// Adds several private keys.
    ///
    /// ```
    /// use clustaar_webhook::security::BotSecrets;
    ///
    /// let secrets = BotSecrets::new().private_keys(["a key", "another"]);
    /// assert!(format!("{secrets:?}").contains("private_keys: 2"));
    /// ```
    #[must_use]
    pub fn private_keys<K: AsRef<[u8]>>(self, keys: impl IntoIterator<Item = K>) -> Self {
        keys.into_iter().fold(self, Self::private_key)
    }

    /// Requires `Authorization: Basic` with these credentials on the bot's notifications.
    ///
    /// ```
    /// use clustaar_webhook::security::BotSecrets;
    ///
    /// let secrets = BotSecrets::new().private_key("k").basic_auth("bot", "secret");
    /// assert!(format!("{secrets:?}").contains("bot"));
    /// assert!(!format!("{secrets:?}").contains("secret"));
    /// ```
    #[must_use]
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.checks = self.checks.basic_auth(username, password);
        self
    }

    /// Why these secrets protect nothing: no key, or a blank one.
    pub(crate) fn validate(&self) -> Result<(), SecurityConfigError> {
        self.checks.validate()
    }

    /// The signature (with the bot's keys only), then the bot's credentials. Gives the verified
    /// signature's digest.
    pub(crate) fn check_signed(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Option<[u8; 20]>, Rejection> {
        self.checks.check_signed(headers, body)
    }
}
