//! The bots' secrets as the webhook finds them: through its source, then from a cache of
//! bounded size and lifetime.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;

use super::{BotSecretSource, BotSecrets};
use crate::rejection::Rejection;

/// What the cache keeps of a bot: its secrets, or that the source knows no such bot (so that
/// a flood of notifications naming one unknown bot asks the source once per lifetime).
#[derive(Clone)]
struct Found {
    at: Instant,
    secrets: Option<Arc<BotSecrets>>,
}

/// A source and its cache.
pub(crate) struct BotLookup {
    source: Box<dyn BotSecretSource>,
    cache: Cache<String, Found>,
    lifetime: Duration,
}

impl fmt::Debug for BotLookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BotLookup")
            .field("cached_bots", &self.cache.len())
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

impl BotLookup {
    /// Looks up bots in `source`, keeping up to `capacity` of them for `lifetime` each.
    pub(crate) fn new(source: impl BotSecretSource, capacity: usize, lifetime: Duration) -> Self {
        BotLookup {
            source: Box::new(source),
            cache: Cache::new(capacity.max(1)),
            lifetime,
        }
    }

    /// The secrets of `bot_id`: `UnknownBot` when the source knows no such bot,
    /// `BotSecretsUnavailable` when it could not tell, `Misconfigured` when the bot has no key.
    pub(crate) async fn find(&self, bot_id: &str) -> Result<Arc<BotSecrets>, Rejection> {
        let found = loop {
            match self.cache.get_value_or_guard_async(bot_id).await {
                Ok(found) if found.at.elapsed() < self.lifetime => break found,
                // Stale: dropped, then looked up again (by this request or a concurrent one).
                Ok(_) => {
                    self.cache.remove(bot_id);
                }
                Err(guard) => {
                    let secrets = self.source.secrets(bot_id).await.map_err(|error| {
                        tracing::warn!(%error, "a bot's secrets could not be looked up; answered 503");
                        Rejection::BotSecretsUnavailable
                    })?;
                    let found = Found {
                        at: Instant::now(),
                        secrets: secrets.map(Arc::new),
                    };
                    let _ = guard.insert(found.clone());
                    break found;
                }
            }
        };
        let secrets = found.secrets.ok_or(Rejection::UnknownBot)?;
        if let Err(error) = secrets.validate() {
            tracing::error!(%error, "a bot's secrets protect nothing; answered 500");
            return Err(Rejection::Misconfigured);
        }
        Ok(secrets)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::security::{SecretLookup, StaticBots};

    struct Counted(StaticBots, Arc<AtomicUsize>);

    impl BotSecretSource for Counted {
        fn secrets<'a>(&'a self, bot_id: &'a str) -> SecretLookup<'a> {
            self.1.fetch_add(1, Ordering::SeqCst);
            self.0.secrets(bot_id)
        }
    }

    fn lookup(lifetime: Duration) -> (BotLookup, Arc<AtomicUsize>) {
        let asked = Arc::new(AtomicUsize::new(0));
        let bots = StaticBots::new()
            .bot("shop", BotSecrets::new().private_key("a key"))
            .bot("keyless", BotSecrets::new());
        let source = Counted(bots, Arc::clone(&asked));
        (BotLookup::new(source, 10, lifetime), asked)
    }

    #[tokio::test]
    async fn a_bot_is_asked_again_once_its_lifetime_is_over() {
        let (bots, asked) = lookup(Duration::from_secs(3600));
        for _ in 0..3 {
            assert!(bots.find("shop").await.is_ok());
        }
        assert_eq!(asked.load(Ordering::SeqCst), 1);

        let (bots, asked) = lookup(Duration::ZERO);
        for _ in 0..3 {
            assert!(bots.find("shop").await.is_ok());
        }
        assert_eq!(asked.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn debug_shows_how_many_bots_are_cached_and_for_how_long() {
        let (bots, _) = lookup(Duration::from_secs(3600));
        assert!(bots.find("shop").await.is_ok());
        assert_eq!(
            format!("{bots:?}"),
            "BotLookup { cached_bots: 1, lifetime: 3600s, .. }"
        );
    }

    #[tokio::test]
    async fn a_bot_without_a_key_is_misconfigured_and_an_unknown_one_unknown() {
        let (bots, _) = lookup(Duration::from_secs(3600));
        assert_eq!(
            bots.find("keyless").await.err(),
            Some(Rejection::Misconfigured)
        );
        assert_eq!(bots.find("nobody").await.err(), Some(Rejection::UnknownBot));
    }
}
