//! Bots whose secrets are in environment variables, one set per bot.

use super::{BotSecretSource, BotSecrets, SecretLookup};

/// Bots whose secrets are environment variables named after them, read when a bot is first
/// looked up: `{prefix}{botID}_PRIVATE_KEYS` (its keys, separated by commas) and, optionally,
/// `{prefix}{botID}_BASIC_AUTH` (`username:password`). A bot without a keys variable is unknown.
///
/// ```
/// use clustaar_webhook::security::EnvBots;
///
/// // CLUSTAAR_BOT_5a8f1c2e9b1d4c0012345678_PRIVATE_KEYS=key-1,key-2
/// let bots = EnvBots::new("CLUSTAAR_BOT_");
/// assert_eq!(bots.prefix(), "CLUSTAAR_BOT_");
/// ```
#[derive(Debug, Clone)]
pub struct EnvBots {
    prefix: String,
}

impl EnvBots {
    /// Bots whose variables start with `prefix`.
    ///
    /// ```
    /// use clustaar_webhook::security::EnvBots;
    ///
    /// let bots = EnvBots::new("BOT_");
    /// assert_eq!(bots.prefix(), "BOT_");
    /// ```
    pub fn new(prefix: impl Into<String>) -> Self {
        EnvBots {
            prefix: prefix.into(),
        }
    }

    /// The variables' prefix.
    ///
    /// ```
    /// use clustaar_webhook::security::EnvBots;
    ///
    /// assert_eq!(EnvBots::new("X_").prefix(), "X_");
    /// ```
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn read(&self, bot_id: &str) -> Option<BotSecrets> {
        let keys = std::env::var(format!("{}{bot_id}_PRIVATE_KEYS", self.prefix)).ok()?;
        let secrets = BotSecrets::new().private_keys(keys.split(',').map(str::trim));
        match std::env::var(format!("{}{bot_id}_BASIC_AUTH", self.prefix)) {
            Ok(credentials) => match credentials.split_once(':') {
                Some((username, password)) => Some(secrets.basic_auth(username, password)),
                // Credentials written wrong protect nothing: the bot is refused.
                None => Some(BotSecrets::new()),
            },
            Err(_) => Some(secrets),
        }
    }
}

impl BotSecretSource for EnvBots {
    fn secrets<'a>(&'a self, bot_id: &'a str) -> SecretLookup<'a> {
        Box::pin(std::future::ready(Ok(self.read(bot_id))))
    }
}
