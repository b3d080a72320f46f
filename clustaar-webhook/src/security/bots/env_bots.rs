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

    /// The secrets of `bot_id`, from the variables `var` reads.
    fn read(&self, bot_id: &str, var: impl Fn(&str) -> Option<String>) -> Option<BotSecrets> {
        let keys = var(&format!("{}{bot_id}_PRIVATE_KEYS", self.prefix))?;
        let secrets = BotSecrets::new().private_keys(keys.split(',').map(str::trim));
        match var(&format!("{}{bot_id}_BASIC_AUTH", self.prefix)) {
            Some(credentials) => match credentials.split_once(':') {
                Some((username, password)) => Some(secrets.basic_auth(username, password)),
                // Credentials written wrong protect nothing: the bot is refused (no key).
                None => Some(BotSecrets::new()),
            },
            None => Some(secrets),
        }
    }
}

impl BotSecretSource for EnvBots {
    fn secrets<'a>(&'a self, bot_id: &'a str) -> SecretLookup<'a> {
        let found = self.read(bot_id, |name| std::env::var(name).ok());
        Box::pin(std::future::ready(Ok(found)))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use axum::http::{HeaderMap, HeaderValue};

    use super::*;
    use crate::rejection::Rejection;
    use crate::security::sign;

    /// Reads the bot `bot_id` from these variables, and checks a body signed with `key`.
    fn check(vars: &[(&str, &str)], bot_id: &str, key: &str) -> Option<Result<(), Rejection>> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let secrets = EnvBots::new("BOT_").read(bot_id, |name| vars.get(name).cloned())?;
        if secrets.validate().is_err() {
            return Some(Err(Rejection::Misconfigured));
        }
        let mut headers = HeaderMap::new();
        let signature = HeaderValue::from_str(&sign(key, None, b"{}")).unwrap();
        headers.insert("x-hub-signature", signature);
        headers.insert(
            "authorization",
            HeaderValue::from_static("Basic Ym90OnNlY3JldA=="),
        );
        Some(secrets.check_signed(&headers, b"{}").map(drop))
    }

    #[test]
    fn each_bot_has_its_keys_and_credentials_in_its_variables() {
        let vars = [
            ("BOT_shop_PRIVATE_KEYS", "new key, old key"),
            ("BOT_bank_PRIVATE_KEYS", "bank key"),
            ("BOT_bank_BASIC_AUTH", "bot:secret"),
            ("BOT_broken_PRIVATE_KEYS", "k"),
            ("BOT_broken_BASIC_AUTH", "no colon"),
        ];
        assert_eq!(check(&vars, "shop", "old key"), Some(Ok(())));
        assert_eq!(
            check(&vars, "shop", "bank key"),
            Some(Err(Rejection::SignatureInvalid))
        );
        assert_eq!(check(&vars, "bank", "bank key"), Some(Ok(())));
        assert_eq!(
            check(&vars, "nobody", "k"),
            None,
            "no variable: an unknown bot"
        );
        assert_eq!(
            check(&vars, "broken", "k"),
            Some(Err(Rejection::Misconfigured))
        );
    }
}
