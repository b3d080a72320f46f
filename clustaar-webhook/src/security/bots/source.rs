//! Where bots' secrets come from: a trait to implement over any store.

use std::future::Future;
use std::pin::Pin;

use super::BotSecrets;

/// What a [`BotSecretSource`] gives: the bot's secrets, `None` for a bot it does not know, or
/// why it could not tell.
///
/// ```
/// use clustaar_webhook::security::{BotSecrets, SecretLookup};
///
/// /// A lookup that knows every bot, all signing with one key.
/// fn same_key_for_all(_bot_id: &str) -> SecretLookup<'_> {
///     Box::pin(async { Ok(Some(BotSecrets::new().private_key("shared key"))) })
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// assert!(same_key_for_all("support-bot").await.unwrap().is_some());
/// # }
/// ```
pub type SecretLookup<'a> =
    Pin<Box<dyn Future<Output = Result<Option<BotSecrets>, SecretSourceError>> + Send + 'a>>;

/// Looks up a bot's secrets at run time: a map in memory ([`StaticBots`](super::StaticBots)),
/// environment variables ([`EnvBots`](super::EnvBots)), or a database, a secrets manager, Redis.
///
/// The webhook caches what it finds (its size and lifetime are
/// [`SecurityConfig::bots_with_cache`](crate::security::SecurityConfig::bots_with_cache)), so a source is
/// asked about a bot once per lifetime, whatever the traffic; concurrent requests for the same
/// bot wait for one lookup. A lookup that fails is answered `503` (fail closed) and retried with
/// the next request.
///
/// ```
/// use clustaar_webhook::security::{BotSecretSource, BotSecrets, SecretLookup, SecretSourceError};
///
/// /// Bots whose key is their id reversed (an example: use a real store).
/// struct Reversed;
///
/// impl BotSecretSource for Reversed {
///     fn secrets<'a>(&'a self, bot_id: &'a str) -> SecretLookup<'a> {
///         Box::pin(async move {
///             if bot_id.starts_with("unknown") {
///                 return Ok(None);
///             }
///             let key: String = bot_id.chars().rev().collect();
///             Ok(Some(BotSecrets::new().private_key(key)))
///         })
///     }
/// }
/// ```
pub trait BotSecretSource: Send + Sync + 'static {
    /// The secrets of `bot_id`, `None` when this source knows no such bot.
    ///
    /// ```
    /// use clustaar_webhook::security::{BotSecretSource, StaticBots};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let bots = StaticBots::from_keys("support-bot=key-a,sales-bot=key-b").unwrap();
    /// assert!(bots.secrets("support-bot").await.unwrap().is_some());
    /// assert!(bots.secrets("another-bot").await.unwrap().is_none());
    /// # }
    /// ```
    fn secrets<'a>(&'a self, bot_id: &'a str) -> SecretLookup<'a>;
}

/// Why a [`BotSecretSource`] could not tell a bot's secrets: its store is unreachable, say.
///
/// ```
/// use clustaar_webhook::security::SecretSourceError;
///
/// let error = SecretSourceError::new(std::io::Error::other("vault sealed"));
/// assert_eq!(error.to_string(), "the bots' secrets could not be read: vault sealed");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("the bots' secrets could not be read: {source}")]
pub struct SecretSourceError {
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl SecretSourceError {
    /// Wraps the store's own error.
    ///
    /// ```
    /// use clustaar_webhook::security::SecretSourceError;
    ///
    /// let error = SecretSourceError::new("timed out");
    /// assert!(error.to_string().ends_with("timed out"));
    /// ```
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        SecretSourceError {
            source: source.into(),
        }
    }
}
