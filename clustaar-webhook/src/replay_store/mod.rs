//! Each delivery answered once: the store that remembers which notifications were answered,
//! and with what.
//!
//! Replay prevention alone is a time window: a validly signed request sent again within the
//! window would run its handler again. With a replay store (on by default, in memory, whenever
//! replay prevention is on) the webhook claims each delivery before it reads the notification:
//! - the first copy runs the handler, and its answer (a `2xx`) is stored;
//! - a copy that arrives once the first was answered gets **the same answer, byte for byte**
//!   (status, `Content-Type` and body), without running the handler again, so a platform retry
//!   is safe;
//! - a copy that arrives while the first is still being answered gets
//!   [`Rejection::DeliveryInProgress`](crate::Rejection::DeliveryInProgress) (`409` JSON);
//! - a refused request (any `4xx`, `5xx`, a panic or a deadline without fallback) is not
//!   stored: its claim is released, and a later copy is handled as new;
//! - a handler that started runs to its end even if its client goes away (bounded by
//!   [`handler_timeout`](crate::Webhook::handler_timeout) when set), and its answer is stored:
//!   the platform's retry gets it, and never runs a handler that half ran.
//!
//! A delivery is known by its [`DeliveryId`], and kept for the replay window (maximum age
//! plus future skew, plus one second for the whole-second dates) from its claim: past it, the
//! request's `Date` is too old anyway, so the store never holds more than one window of
//! traffic. The `Date` is checked when the headers come in, again once the body is in, and
//! again once the delivery is claimed: a copy whose body trickled in until the first copy's
//! claim expired is refused as too old, never handled as new.
//!
//! Two backends implement [`ReplayStore`]: [`MemoryStore`] (one process; feature
//! `memory-store`, on by default) and, with the feature `redis`, [`RedisStore`], which several
//! instances share: a delivery answered by one is answered with the same bytes by the others.
//!
//! ```
//! use clustaar_webhook::replay_store::MemoryStore;
//! use clustaar_webhook::Webhook;
//!
//! let webhook: Webhook = Webhook::new()
//!     .private_key("the bot's private key")
//!     .replay_store(MemoryStore::new().max_bytes(16 * 1024 * 1024));
//! # let _ = webhook.into_router();
//! ```
//!
//! Each claim, answer and release of [`RedisStore`] is one Lua script run in Redis, so that of
//! two instances that receive copies of one delivery at once, one runs the handler and the
//! other answers `409`, or the stored answer once there is one.
// Without the feature the store is not built, and its name is left without a link.
#![cfg_attr(not(feature = "redis"), allow(rustdoc::broken_intra_doc_links))]

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

mod answer;
mod delivery_id;
#[cfg(feature = "memory-store")]
mod memory;
#[cfg(feature = "redis")]
mod redis;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use self::redis::{RedisStore, RedisStoreBuilder};
pub use answer::StoredAnswer;
pub use delivery_id::DeliveryId;
#[cfg(feature = "memory-store")]
#[cfg_attr(docsrs, doc(cfg(feature = "memory-store")))]
pub use memory::MemoryStore;

/// What a store knew of a delivery when the webhook claimed it.
///
/// ```
/// # use std::time::Duration;
/// # use axum::{body::Bytes, http::StatusCode};
/// # use clustaar_webhook::replay_store::{Claim, DeliveryId, MemoryStore, ReplayStore};
/// # use clustaar_webhook::replay_store::StoredAnswer;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
/// let store = MemoryStore::new();
/// let id = DeliveryId::from_bytes([1; 20]);
/// let window = Duration::from_secs(21);
/// assert_eq!(store.claim(id, window).await?, Claim::New);
/// assert_eq!(store.claim(id, window).await?, Claim::InProgress);
/// let answer = StoredAnswer::new(StatusCode::OK, None, Bytes::from_static(b"{}"));
/// store.complete(id, answer.clone()).await?;
/// assert_eq!(store.claim(id, window).await?, Claim::Answered(answer));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The store had never seen it (or forgot it): it is now claimed, and the handler runs.
    New,
    /// Another copy claimed it and is still being answered.
    InProgress,
    /// Another copy was answered with this.
    Answered(StoredAnswer),
}

/// Why a store could not answer.
///
/// ```
/// use clustaar_webhook::replay_store::StoreError;
///
/// let error = StoreError::unavailable(std::io::Error::other("connection refused"));
/// assert_eq!(error.to_string(), "the replay store is unavailable: connection refused");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store could not be reached, or did not answer in time.
    #[error("the replay store is unavailable: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The store holds a value for the delivery that is not one of the webhook's.
    #[error("the replay store holds an unreadable value for a delivery")]
    Corrupt,
}

impl StoreError {
    /// An [`Unavailable`](Self::Unavailable) error with its cause.
    ///
    /// ```
    /// use clustaar_webhook::replay_store::StoreError;
    /// let error = StoreError::unavailable(std::io::Error::other("timed out"));
    /// assert!(matches!(error, StoreError::Unavailable(_)));
    /// ```
    pub fn unavailable(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Unavailable(cause.into())
    }
}

/// The future a [`ReplayStore`] method returns.
///
/// A boxed future, so that the trait can be used as `dyn ReplayStore`: a store that answers
/// at once returns a ready one.
///
/// ```
/// use clustaar_webhook::replay_store::{StoreError, StoreFuture};
///
/// fn unreachable_store() -> StoreFuture<'static, ()> {
///     Box::pin(async { Err(StoreError::unavailable("connection refused")) })
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let error = unreachable_store().await.unwrap_err();
/// assert_eq!(error.to_string(), "the replay store is unavailable: connection refused");
/// # }
/// ```
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Where the webhook remembers the deliveries it answered.
///
/// The three methods make a small protocol: [`claim`](Self::claim) a delivery before handling
/// it (atomically: of two copies claimed at once, one gets [`Claim::New`]), then either
/// [`complete`](Self::complete) it with its answer or [`release`](Self::release) it so that a
/// later copy is handled as new. An implementation keeps each entry for the `ttl` given at
/// claim time, and may forget entries sooner (to bound its memory): a forgotten delivery is
/// handled again if it comes back.
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Mutex;
/// use std::time::Duration;
/// use clustaar_webhook::replay_store::{Claim, DeliveryId, ReplayStore, StoreFuture, StoredAnswer};
///
/// /// A store that never forgets (a test double; use `MemoryStore` for real).
/// #[derive(Default)]
/// struct Forever(Mutex<HashMap<DeliveryId, Option<StoredAnswer>>>);
///
/// impl ReplayStore for Forever {
///     fn claim(&self, id: DeliveryId, _ttl: Duration) -> StoreFuture<'_, Claim> {
///         let mut map = self.0.lock().unwrap();
///         let claim = match map.get(&id) {
///             None => { map.insert(id, None); Claim::New }
///             Some(None) => Claim::InProgress,
///             Some(Some(answer)) => Claim::Answered(answer.clone()),
///         };
///         Box::pin(async move { Ok(claim) })
///     }
///     fn complete(&self, id: DeliveryId, answer: StoredAnswer) -> StoreFuture<'_, ()> {
///         self.0.lock().unwrap().insert(id, Some(answer));
///         Box::pin(async { Ok(()) })
///     }
///     fn release(&self, id: DeliveryId) -> StoreFuture<'_, ()> {
///         self.0.lock().unwrap().remove(&id);
///         Box::pin(async { Ok(()) })
///     }
/// }
///
/// let webhook: clustaar_webhook::Webhook = clustaar_webhook::Webhook::new()
///     .allow_unsigned()
///     .replay_store(Forever::default());
/// # let _ = webhook.into_router();
/// ```
pub trait ReplayStore: Send + Sync + 'static {
    /// Claims `id` for `ttl` unless it is known: [`Claim::New`] when this call claimed it.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot answer; the webhook then follows its
    /// [`StoreFailurePolicy`].
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use clustaar_webhook::replay_store::{Claim, DeliveryId, MemoryStore, ReplayStore};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// let store = MemoryStore::new();
    /// let id = DeliveryId::from_bytes([1; 20]);
    /// let window = Duration::from_secs(21);
    /// assert_eq!(store.claim(id, window).await?, Claim::New);
    /// // A second copy, while the first is being answered.
    /// assert_eq!(store.claim(id, window).await?, Claim::InProgress);
    /// # Ok(())
    /// # }
    /// ```
    fn claim(&self, id: DeliveryId, ttl: Duration) -> StoreFuture<'_, Claim>;

    /// Records the answer of a claimed delivery, for the rest of its claim's `ttl`.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot answer; the answer is still sent, and the claim
    /// stays until it expires (a copy gets `409` meanwhile).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use axum::{body::Bytes, http::StatusCode};
    /// # use clustaar_webhook::replay_store::{Claim, DeliveryId, MemoryStore, ReplayStore};
    /// # use clustaar_webhook::replay_store::StoredAnswer;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// let store = MemoryStore::new();
    /// let id = DeliveryId::from_bytes([1; 20]);
    /// let window = Duration::from_secs(21);
    /// store.claim(id, window).await?;
    /// let answer = StoredAnswer::new(StatusCode::OK, None, Bytes::from_static(b"{}"));
    /// store.complete(id, answer.clone()).await?;
    /// assert_eq!(store.claim(id, window).await?, Claim::Answered(answer));
    /// # Ok(())
    /// # }
    /// ```
    fn complete(&self, id: DeliveryId, answer: StoredAnswer) -> StoreFuture<'_, ()>;

    /// Forgets a claimed delivery that was not answered, so that a later copy is handled as
    /// new. Leaves an answered delivery as it is.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot answer; the claim then expires with its `ttl`.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use clustaar_webhook::replay_store::{Claim, DeliveryId, MemoryStore, ReplayStore};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), clustaar_webhook::replay_store::StoreError> {
    /// let store = MemoryStore::new();
    /// let id = DeliveryId::from_bytes([1; 20]);
    /// let window = Duration::from_secs(21);
    /// store.claim(id, window).await?;
    /// // The handler failed: the next copy is handled as new.
    /// store.release(id).await?;
    /// assert_eq!(store.claim(id, window).await?, Claim::New);
    /// # Ok(())
    /// # }
    /// ```
    fn release(&self, id: DeliveryId) -> StoreFuture<'_, ()>;
}

/// What the webhook does when its replay store cannot answer (Redis unreachable, say).
///
/// ```
/// use clustaar_webhook::replay_store::StoreFailurePolicy;
/// assert_eq!(StoreFailurePolicy::default(), StoreFailurePolicy::FailClosed);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StoreFailurePolicy {
    /// Refuses the notification with
    /// [`Rejection::ReplayStoreUnavailable`](crate::Rejection::ReplayStoreUnavailable)
    /// (`503` JSON), so that no delivery can run twice: the platform's conversation waits
    /// until the store is back. The default.
    #[default]
    FailClosed,
    /// Handles the notification as new, with a warning in the log: the bot keeps answering,
    /// but a copy sent while the store is down runs its handler again.
    FailOpen,
}
