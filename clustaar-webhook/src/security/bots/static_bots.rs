//! Bots whose secrets are known when the webhook starts.

use std::collections::HashMap;

use super::{BotSecretSource, BotSecrets, SecretLookup};

/// A fixed set of bots and their secrets, held in memory.
///
/// ```
/// use clustaar_webhook::security::{BotSecrets, StaticBots};
///
/// let bots = StaticBots::new()
///     .bot("5a8f1c2e9b1d4c0012345678", BotSecrets::new().private_key("key of the shop's bot"))
///     .bot("5a8f1c2e9b1d4c0087654321", BotSecrets::new().private_key("key of the bank's bot"));
/// assert_eq!(bots.len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct StaticBots {
    bots: HashMap<String, BotSecrets>,
}

impl StaticBots {
    /// No bot yet.
    ///
    /// ```
    /// use clustaar_webhook::security::StaticBots;
    ///
    /// assert!(StaticBots::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the bot `bot_id` with its secrets.
    ///
    /// ```
    /// use clustaar_webhook::security::{BotSecrets, StaticBots};
    ///
    /// let bots = StaticBots::new().bot("shop", BotSecrets::new().private_key("k"));
    /// assert_eq!(bots.len(), 1);
    /// ```
    #[must_use]
    pub fn bot(mut self, bot_id: impl Into<String>, secrets: BotSecrets) -> Self {
        self.bots.insert(bot_id.into(), secrets);
        self
    }

    /// Bots and their one key each, written `botA=keyA,botB=keyB` (the form of the examples'
    /// `BOTS` variable); `None` when an entry has no `=`, an empty bot id or an empty key.
    ///
    /// ```
    /// use clustaar_webhook::security::StaticBots;
    ///
    /// let bots = StaticBots::from_keys("shop=k1, bank=k2").unwrap();
    /// assert_eq!(bots.len(), 2);
    /// assert!(StaticBots::from_keys("shop").is_none());
    /// ```
    pub fn from_keys(list: &str) -> Option<Self> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .try_fold(StaticBots::new(), |bots, entry| {
                let (bot_id, key) = entry.split_once('=')?;
                let (bot_id, key) = (bot_id.trim(), key.trim());
                if bot_id.is_empty() || key.is_empty() {
                    return None;
                }
                Some(bots.bot(bot_id, BotSecrets::new().private_key(key)))
            })
    }

    /// How many bots it holds.
    ///
    /// ```
    /// use clustaar_webhook::security::StaticBots;
    ///
    /// assert_eq!(StaticBots::from_keys("a=1,b=2,c=3").unwrap().len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.bots.len()
    }

    /// Whether it holds no bot.
    ///
    /// ```
    /// use clustaar_webhook::security::StaticBots;
    ///
    /// assert!(!StaticBots::from_keys("a=1").unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.bots.is_empty()
    }
}

impl BotSecretSource for StaticBots {
    fn secrets<'a>(&'a self, bot_id: &'a str) -> SecretLookup<'a> {
        let found = self.bots.get(bot_id).cloned();
        Box::pin(std::future::ready(Ok(found)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_keys_takes_complete_entries_only() {
        for incomplete in [
            "shop",
            "=k1",
            "shop=",
            " = ",
            "shop=k1,=k2",
            "shop=k1,bank=",
        ] {
            assert!(
                StaticBots::from_keys(incomplete).is_none(),
                "{incomplete:?}"
            );
        }
        let bots = StaticBots::from_keys(" shop = k1 ,, bank=k2,").unwrap();
        assert_eq!(bots.len(), 2);
        assert!(StaticBots::from_keys("").unwrap().is_empty());
        assert!(StaticBots::from_keys(" , ").unwrap().is_empty());
    }
}
