//! The Redis replay store: the deliveries of several instances of a webhook, in one Redis.
//!
//! Each delivery is one string key, the prefix followed by the [`DeliveryId`] in hex, holding
//! `P` while it is claimed and `A` followed by [`StoredAnswer::to_bytes`] once it is answered.
//! It expires with its claim's `ttl`. Each of the three calls is one Lua script, so that two
//! instances claiming one delivery at once cannot both win.

use std::fmt;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{FromRedisValue, Script, ScriptInvocation};

use super::{Claim, DeliveryId, ReplayStore, StoreError, StoreFuture, StoredAnswer};

/// The value of a claimed delivery that is not answered yet.
const PENDING: u8 = b'P';
/// The first byte of an answered delivery's value; the answer's bytes follow.
const ANSWERED: u8 = b'A';

/// Claims `KEYS[1]` for `ARGV[1]` milliseconds: nil when this call claimed it, else the value
/// the key holds (`?` for a key that is not a string, so not one of ours).
const CLAIM_LUA: &str = r"
if redis.call('SET', KEYS[1], 'P', 'NX', 'PX', ARGV[1]) then
  return nil
end
local value = redis.pcall('GET', KEYS[1])
if type(value) == 'table' then
  return '?'
end
if not value then
  -- It expired between the two calls: claim it now, still within this one script.
  redis.call('SET', KEYS[1], 'P', 'PX', ARGV[1])
  return nil
end
return value
";

/// Stores the answer `ARGV[1]` of a pending `KEYS[1]`, keeping its claim's expiry.
const COMPLETE_LUA: &str = r"
if redis.call('GET', KEYS[1]) == 'P' then
  redis.call('SET', KEYS[1], ARGV[1], 'XX', 'KEEPTTL')
  return 1
end
return 0
";

/// Deletes `KEYS[1]` if it is still pending: an answered delivery keeps its answer.
const RELEASE_LUA: &str = r"
if redis.call('GET', KEYS[1]) == 'P' then
  return redis.call('DEL', KEYS[1])
end
return 0
";

// Built once: a script's SHA-1 is computed when it is made, and Redis caches it by that.
static CLAIM: LazyLock<Script> = LazyLock::new(|| Script::new(CLAIM_LUA));
static COMPLETE: LazyLock<Script> = LazyLock::new(|| Script::new(COMPLETE_LUA));
static RELEASE: LazyLock<Script> = LazyLock::new(|| Script::new(RELEASE_LUA));

/// How many times a lost connection is tried again before the manager gives up until the next
/// call: few, since a request waits for them (within its deadline) while Redis is down.
const RECONNECT_RETRIES: usize = 2;

/// A replay store in Redis (6.0 or newer), which several instances of a webhook share: a
/// delivery answered by one instance is answered with the same bytes by all of them, and its
/// handler runs once.
///
/// It talks to Redis over a [`ConnectionManager`], which reconnects by itself after a lost
/// connection. Each call waits at most the connection timeout plus the response timeout (1.5 s
/// by default), so that an unreachable Redis costs a request that long at worst; the webhook
/// then follows its [`StoreFailurePolicy`](super::StoreFailurePolicy). A call that times out
/// after Redis ran it may leave a claim behind: its copies get `409` until it expires.
///
/// Cloning is cheap and shares the connection. `Debug` shows the key prefix, never the URL
/// (which may hold a password).
///
/// ```no_run
/// use clustaar_webhook::replay_store::RedisStore;
/// use clustaar_webhook::Webhook;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let store = RedisStore::connect("redis://127.0.0.1:6379/").await?;
/// let webhook: Webhook = Webhook::new()
///     .private_key("the bot's private key")
///     .replay_store(store);
/// # let _ = webhook.into_router();
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    manager: ConnectionManager,
    prefix: Arc<str>,
    /// The longest a call waits, a reconnection included.
    deadline: Duration,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// What each delivery's key starts with, by default.
    ///
    /// ```
    /// use clustaar_webhook::replay_store::RedisStore;
    /// assert_eq!(RedisStore::DEFAULT_KEY_PREFIX, "clustaar-webhook:delivery:");
    /// ```
    pub const DEFAULT_KEY_PREFIX: &str = "clustaar-webhook:delivery:";
    /// How long a command waits for Redis's answer, by default.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::replay_store::RedisStore;
    /// assert_eq!(RedisStore::DEFAULT_RESPONSE_TIMEOUT, Duration::from_millis(500));
    /// ```
    pub const DEFAULT_RESPONSE_TIMEOUT: Duration = Duration::from_millis(500);
    /// How long a connection attempt waits, by default.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::replay_store::RedisStore;
    /// assert_eq!(RedisStore::DEFAULT_CONNECTION_TIMEOUT, Duration::from_secs(1));
    /// ```
    pub const DEFAULT_CONNECTION_TIMEOUT: Duration = Duration::from_secs(1);

    /// Connects to the Redis at `url` (`redis://[:password@]host[:port][/db]`) with the
    /// default settings.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the URL is not a Redis URL or Redis cannot be reached.
    ///
    /// ```no_run
    /// use clustaar_webhook::replay_store::RedisStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// let store = RedisStore::connect("redis://:secret@redis.internal:6379/0").await?;
    /// assert_eq!(format!("{store:?}"), r#"RedisStore { prefix: "clustaar-webhook:delivery:", .. }"#);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::builder().connect(url).await
    }

    /// A builder, to set the timeouts or the key prefix.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use clustaar_webhook::replay_store::RedisStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// let store = RedisStore::builder()
    ///     .key_prefix("my-bot:delivery:")
    ///     .response_timeout(Duration::from_millis(200))
    ///     .connect("redis://127.0.0.1/")
    ///     .await?;
    /// # let _ = store;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder() -> RedisStoreBuilder {
        RedisStoreBuilder::new()
    }

    /// A store over a connection manager of your own, with the default key prefix. Its calls
    /// are bounded by the default timeouts; the manager's own settings apply within them.
    ///
    /// ```no_run
    /// use clustaar_webhook::replay_store::RedisStore;
    /// use redis::aio::ConnectionManager;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> redis::RedisResult<()> {
    /// let client = redis::Client::open("redis://127.0.0.1/")?;
    /// let store = RedisStore::from_manager(ConnectionManager::new(client).await?);
    /// # let _ = store;
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_manager(manager: ConnectionManager) -> Self {
        Self::builder().build(manager)
    }

    /// What each delivery's key starts with.
    ///
    /// ```no_run
    /// # use clustaar_webhook::replay_store::RedisStore;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// let store = RedisStore::connect("redis://127.0.0.1/").await?;
    /// assert_eq!(store.key_prefix(), RedisStore::DEFAULT_KEY_PREFIX);
    /// # Ok(())
    /// # }
    /// ```
    pub fn key_prefix(&self) -> &str {
        &self.prefix
    }

    /// The Redis key of a delivery: the prefix, then the id in hex.
    ///
    /// ```no_run
    /// # use clustaar_webhook::replay_store::{DeliveryId, RedisStore};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// let store = RedisStore::connect("redis://127.0.0.1/").await?;
    /// let key = store.key(DeliveryId::from_bytes([0xab; 20]));
    /// assert_eq!(key, format!("clustaar-webhook:delivery:{}", "ab".repeat(20)));
    /// # Ok(())
    /// # }
    /// ```
    pub fn key(&self, id: DeliveryId) -> String {
        format!("{}{id}", self.prefix)
    }

    /// Runs a script within the deadline; its errors and its timeout make the store
    /// unavailable.
    async fn run<T: FromRedisValue>(
        &self,
        invocation: ScriptInvocation<'static>,
    ) -> Result<T, StoreError> {
        // A clone shares the connection: the manager is a handle.
        let mut connection = self.manager.clone();
        let call = invocation.invoke_async(&mut connection);
        match tokio::time::timeout(self.deadline, call).await {
            Ok(result) => result.map_err(StoreError::unavailable),
            Err(_) => Err(StoreError::unavailable(TimedOut(self.deadline))),
        }
    }
}

/// A call to Redis that passed its deadline.
#[derive(Debug, thiserror::Error)]
#[error("Redis did not answer within {0:?}")]
struct TimedOut(Duration);

impl ReplayStore for RedisStore {
    fn claim(&self, id: DeliveryId, ttl: Duration) -> StoreFuture<'_, Claim> {
        let mut invocation = CLAIM.prepare_invoke();
        invocation.key(self.key(id)).arg(ttl_millis(ttl));
        Box::pin(async move { read_claim(self.run(invocation).await?) })
    }

    fn complete(&self, id: DeliveryId, answer: StoredAnswer) -> StoreFuture<'_, ()> {
        let mut value = vec![ANSWERED];
        value.extend_from_slice(&answer.to_bytes());
        let mut invocation = COMPLETE.prepare_invoke();
        invocation.key(self.key(id)).arg(value);
        Box::pin(async move { self.run::<i64>(invocation).await.map(drop) })
    }

    fn release(&self, id: DeliveryId) -> StoreFuture<'_, ()> {
        let mut invocation = RELEASE.prepare_invoke();
        invocation.key(self.key(id));
        Box::pin(async move { self.run::<i64>(invocation).await.map(drop) })
    }
}

/// A TTL in whole milliseconds, as `PX` takes it: at least one (`PX 0` is an error), at most
/// what Redis accepts.
fn ttl_millis(ttl: Duration) -> u64 {
    let max = u64::try_from(i64::MAX).unwrap_or(u64::MAX);
    u64::try_from(ttl.as_millis()).unwrap_or(max).clamp(1, max)
}

/// What the claim script's answer says of the delivery.
fn read_claim(value: Option<Vec<u8>>) -> Result<Claim, StoreError> {
    match value.as_deref() {
        None => Ok(Claim::New),
        Some([PENDING]) => Ok(Claim::InProgress),
        Some([ANSWERED, answer @ ..]) => StoredAnswer::from_bytes(answer).map(Claim::Answered),
        Some(_) => Err(StoreError::Corrupt),
    }
}

/// Sets up a [`RedisStore`]: its timeouts and key prefix, then its connection.
///
/// ```no_run
/// use std::time::Duration;
/// use clustaar_webhook::replay_store::RedisStoreBuilder;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
/// let store = RedisStoreBuilder::new()
///     .connection_timeout(Duration::from_millis(300))
///     .connect("redis://127.0.0.1/")
///     .await?;
/// # let _ = store;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct RedisStoreBuilder {
    prefix: String,
    response_timeout: Duration,
    connection_timeout: Duration,
}

impl Default for RedisStoreBuilder {
    /// The default settings, as [`new`](Self::new).
    fn default() -> Self {
        Self::new()
    }
}

impl RedisStoreBuilder {
    /// The default settings: the key prefix [`RedisStore::DEFAULT_KEY_PREFIX`], the timeouts
    /// [`RedisStore::DEFAULT_RESPONSE_TIMEOUT`] and [`RedisStore::DEFAULT_CONNECTION_TIMEOUT`].
    ///
    /// ```
    /// use clustaar_webhook::replay_store::RedisStoreBuilder;
    /// let builder = RedisStoreBuilder::new();
    /// # let _ = builder;
    /// ```
    pub fn new() -> Self {
        Self {
            prefix: RedisStore::DEFAULT_KEY_PREFIX.to_owned(),
            response_timeout: RedisStore::DEFAULT_RESPONSE_TIMEOUT,
            connection_timeout: RedisStore::DEFAULT_CONNECTION_TIMEOUT,
        }
    }

    /// Starts each delivery's key with `prefix` instead, to keep two bots (or two
    /// environments) apart in one Redis.
    ///
    /// ```
    /// use clustaar_webhook::replay_store::RedisStore;
    /// let builder = RedisStore::builder().key_prefix("staging:delivery:");
    /// # let _ = builder;
    /// ```
    #[must_use]
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long a command waits for Redis's answer.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::replay_store::RedisStore;
    /// let builder = RedisStore::builder().response_timeout(Duration::from_millis(250));
    /// # let _ = builder;
    /// ```
    #[must_use]
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// How long a connection attempt waits.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::replay_store::RedisStore;
    /// let builder = RedisStore::builder().connection_timeout(Duration::from_millis(500));
    /// # let _ = builder;
    /// ```
    #[must_use]
    pub fn connection_timeout(mut self, timeout: Duration) -> Self {
        self.connection_timeout = timeout;
        self
    }

    /// Connects to the Redis at `url`, and waits until it answers.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the URL is not a Redis URL or Redis cannot be reached
    /// (after a few attempts, each within the connection timeout).
    ///
    /// ```no_run
    /// use clustaar_webhook::replay_store::RedisStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// let store = RedisStore::builder().connect("redis://127.0.0.1/").await?;
    /// # let _ = store;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect(self, url: &str) -> Result<RedisStore, StoreError> {
        let client = redis::Client::open(url).map_err(StoreError::unavailable)?;
        let manager = ConnectionManager::new_with_config(client, self.manager_config())
            .await
            .map_err(StoreError::unavailable)?;
        Ok(self.build(manager))
    }

    /// A store for the Redis at `url` that connects on its first call, so that a webhook can
    /// start while Redis is down (its requests then follow the
    /// [`StoreFailurePolicy`](super::StoreFailurePolicy) until Redis answers).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the URL is not a Redis URL.
    ///
    /// # Panics
    /// Outside a Tokio runtime: the manager starts a task.
    ///
    /// ```
    /// use clustaar_webhook::replay_store::RedisStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// // Nothing is sent yet: this works without a Redis.
    /// let store = RedisStore::builder().connect_lazy("redis://:secret@127.0.0.1:6379/")?;
    /// assert!(!format!("{store:?}").contains("secret"));
    /// assert!(RedisStore::builder().connect_lazy("http://127.0.0.1/").is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect_lazy(self, url: &str) -> Result<RedisStore, StoreError> {
        let client = redis::Client::open(url).map_err(StoreError::unavailable)?;
        let manager = ConnectionManager::new_lazy_with_config(client, self.manager_config())
            .map_err(StoreError::unavailable)?;
        Ok(self.build(manager))
    }

    /// A store over a connection manager of your own, with this builder's key prefix; its
    /// calls are bounded by this builder's timeouts (their sum), the manager's own settings
    /// applying within them.
    ///
    /// ```no_run
    /// use clustaar_webhook::replay_store::RedisStore;
    /// use redis::aio::ConnectionManager;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> redis::RedisResult<()> {
    /// let manager = ConnectionManager::new(redis::Client::open("redis://127.0.0.1/")?).await?;
    /// let store = RedisStore::builder().key_prefix("my-bot:").build(manager);
    /// assert_eq!(store.key_prefix(), "my-bot:");
    /// # Ok(())
    /// # }
    /// ```
    pub fn build(self, manager: ConnectionManager) -> RedisStore {
        RedisStore {
            manager,
            prefix: self.prefix.into(),
            deadline: self.connection_timeout + self.response_timeout,
        }
    }

    /// The connection manager's settings: this builder's timeouts, and few reconnection
    /// attempts, each soon after the last.
    fn manager_config(&self) -> ConnectionManagerConfig {
        ConnectionManagerConfig::new()
            .set_response_timeout(Some(self.response_timeout))
            .set_connection_timeout(Some(self.connection_timeout))
            .set_number_of_retries(RECONNECT_RETRIES)
            .set_max_delay(self.connection_timeout)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use axum::body::Bytes;
    use axum::http::StatusCode;

    use super::*;

    #[test]
    fn the_claim_scripts_answers_read_as_claims() {
        assert_eq!(read_claim(None).unwrap(), Claim::New);
        assert_eq!(read_claim(Some(b"P".to_vec())).unwrap(), Claim::InProgress);
        let answer = StoredAnswer::new(StatusCode::OK, None, Bytes::from_static(b"{}"));
        let mut value = b"A".to_vec();
        value.extend_from_slice(&answer.to_bytes());
        assert_eq!(read_claim(Some(value)).unwrap(), Claim::Answered(answer));
    }

    #[test]
    fn foreign_values_are_corrupt() {
        for value in [&b""[..], b"?", b"PP", b"A", b"A\x00", b"{}"] {
            assert!(
                matches!(read_claim(Some(value.to_vec())), Err(StoreError::Corrupt)),
                "{value:?}"
            );
        }
    }

    #[test]
    fn a_ttl_is_whole_milliseconds_redis_accepts() {
        assert_eq!(ttl_millis(Duration::from_secs(301)), 301_000);
        assert_eq!(ttl_millis(Duration::ZERO), 1);
        assert_eq!(ttl_millis(Duration::MAX), i64::MAX as u64);
    }

    #[tokio::test]
    async fn debug_shows_the_prefix_and_never_the_password() {
        let store = RedisStore::builder()
            .key_prefix("bot:")
            .connect_lazy("redis://user:hunter2@127.0.0.1:6379/3")
            .unwrap();
        let shown = format!("{store:?}");
        assert_eq!(shown, r#"RedisStore { prefix: "bot:", .. }"#);
        assert_eq!(store.key_prefix(), "bot:");
        assert_eq!(
            store.key(DeliveryId::from_bytes([1; 20])),
            format!("bot:{}", "01".repeat(20))
        );
    }

    #[tokio::test]
    async fn a_call_has_time_to_connect_then_to_get_its_answer() {
        let store = RedisStore::builder()
            .connection_timeout(Duration::from_millis(300))
            .response_timeout(Duration::from_millis(200))
            .connect_lazy("redis://127.0.0.1:1/")
            .unwrap();
        assert_eq!(store.deadline, Duration::from_millis(500));
    }

    #[tokio::test]
    async fn an_unreachable_redis_fails_within_the_deadline() {
        // Nothing listens on port 1: each call fails, and promptly.
        let store = RedisStore::builder()
            .connection_timeout(Duration::from_millis(200))
            .response_timeout(Duration::from_millis(200))
            .connect_lazy("redis://127.0.0.1:1/")
            .unwrap();
        let started = Instant::now();
        let claim = store.claim(DeliveryId::from_bytes([0; 20]), Duration::from_secs(1));
        assert!(matches!(claim.await, Err(StoreError::Unavailable(_))));
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert!(RedisStore::connect("redis://127.0.0.1:1/").await.is_err());
    }
}
