//! The in-memory replay store: one process, bounded in bytes, entries expiring with the window.

use std::fmt;
use std::time::{Duration, Instant};

use moka::Expiry;
use moka::ops::compute::Op;
use moka::policy::EvictionPolicy;
use moka::sync::Cache;

use super::{Claim, DeliveryId, ReplayStore, StoreFuture, StoredAnswer};

/// A delivery in the store: how long it is kept, and its answer once it has one.
#[derive(Clone)]
struct Slot {
    ttl: Duration,
    /// `None` while the delivery is claimed and not answered yet.
    answer: Option<StoredAnswer>,
}

/// What an entry is counted as beyond its answer's bytes: its key, the cache's own bookkeeping
/// and some slack, so that the bound is on real memory.
const ENTRY_OVERHEAD: u32 = 256;

/// Each entry lives for its claim's `ttl` from when it was claimed; answering it keeps the
/// claim's expiry.
struct ClaimExpiry;

impl Expiry<DeliveryId, Slot> for ClaimExpiry {
    fn expire_after_create(&self, _: &DeliveryId, slot: &Slot, _: Instant) -> Option<Duration> {
        Some(slot.ttl)
    }
}

/// The replay store of a single process, on [moka]'s concurrent cache: the default store of a
/// webhook with replay prevention on.
///
/// Each entry expires with its claim's `ttl` (the replay window). The store is bounded by
/// [`max_bytes`](Self::max_bytes) (64 MiB by default), each entry weighing its answer's bytes
/// plus 256: under a flood of distinct deliveries larger than the bound, the least recently
/// used entries are dropped first, and a copy of a dropped delivery would be handled again.
///
/// Cloning is cheap and shares the entries, so one store can serve several webhooks of one
/// process (their deliveries do not collide: each is known by its own signature).
///
/// ```
/// use clustaar_webhook::replay_store::MemoryStore;
///
/// let store = MemoryStore::new().max_bytes(8 * 1024 * 1024);
/// assert_eq!(store.entry_count(), 0);
/// ```
#[derive(Clone)]
pub struct MemoryStore {
    max_bytes: u64,
    cache: Cache<DeliveryId, Slot>,
}
impl Default for MemoryStore {
    /// A store of at most 64 MiB.
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("max_bytes", &self.max_bytes)
            .field("entries", &self.entry_count())
            .finish()
    }
}

impl MemoryStore {
    /// The default bound: 64 MiB.
    pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

    /// A store of at most [`DEFAULT_MAX_BYTES`](Self::DEFAULT_MAX_BYTES).
    ///
    /// ```
    /// use clustaar_webhook::replay_store::MemoryStore;
    /// let store = MemoryStore::new();
    /// # let _ = store;
    /// ```
    pub fn new() -> Self {
        Self::with_max_bytes(Self::DEFAULT_MAX_BYTES)
    }

    /// A new, empty store bounded to `bytes` instead (the entries of `self`, if any, are not
    /// kept).
    ///
    /// ```
    /// use clustaar_webhook::replay_store::MemoryStore;
    /// let store = MemoryStore::new().max_bytes(1024 * 1024);
    /// # let _ = store;
    /// ```
    #[must_use]
    pub fn max_bytes(self, bytes: u64) -> Self {
        Self::with_max_bytes(bytes)
    }

    fn with_max_bytes(max_bytes: u64) -> Self {
        let cache = Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|_, slot: &Slot| {
                let bytes = slot.answer.as_ref().map_or(0, StoredAnswer::len);
                u32::try_from(bytes)
                    .unwrap_or(u32::MAX)
                    .saturating_add(ENTRY_OVERHEAD)
            })
            // The newest deliveries are the ones whose copies may still come: with plain LRU a
            // new entry is always admitted, and the oldest go first.
            .eviction_policy(EvictionPolicy::lru())
            .expire_after(ClaimExpiry)
            .build();
        Self { max_bytes, cache }
    }

    /// How many deliveries the store holds now (entries past their window or over the bound
    /// may still be counted until the cache's next housekeeping).
    ///
    /// ```
    /// use clustaar_webhook::replay_store::MemoryStore;
    /// assert_eq!(MemoryStore::new().entry_count(), 0);
    /// ```
    pub fn entry_count(&self) -> u64 {
        self.cache.run_pending_tasks();
        self.cache.entry_count()
    }

    /// The weight of what the store holds now, in bytes, as counted against
    /// [`max_bytes`](Self::max_bytes).
    ///
    /// ```
    /// use clustaar_webhook::replay_store::MemoryStore;
    /// assert_eq!(MemoryStore::new().weighted_bytes(), 0);
    /// ```
    pub fn weighted_bytes(&self) -> u64 {
        self.cache.run_pending_tasks();
        self.cache.weighted_size()
    }
}

impl ReplayStore for MemoryStore {
    fn claim(&self, id: DeliveryId, ttl: Duration) -> StoreFuture<'_, Claim> {
        // Of concurrent claims of one key, moka runs one initializer: one copy gets `New`.
        let entry = self
            .cache
            .entry(id)
            .or_insert_with(|| Slot { ttl, answer: None });
        let claim = if entry.is_fresh() {
            Claim::New
        } else {
            match entry.into_value().answer {
                None => Claim::InProgress,
                Some(answer) => Claim::Answered(answer),
            }
        };
        Box::pin(std::future::ready(Ok(claim)))
    }

    fn complete(&self, id: DeliveryId, answer: StoredAnswer) -> StoreFuture<'_, ()> {
        // Only a pending claim: one the bound dropped stays dropped.
        self.cache.entry(id).and_compute_with(|entry| match entry {
            Some(entry) if entry.value().answer.is_none() => Op::Put(Slot {
                ttl: entry.value().ttl,
                answer: Some(answer),
            }),
            _ => Op::Nop,
        });
        Box::pin(std::future::ready(Ok(())))
    }

    fn release(&self, id: DeliveryId) -> StoreFuture<'_, ()> {
        // Only a pending claim: an answered delivery keeps its answer.
        self.cache.entry(id).and_compute_with(|entry| match entry {
            Some(entry) if entry.value().answer.is_none() => Op::Remove,
            _ => Op::Nop,
        });
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Bytes;
    use axum::http::StatusCode;

    use super::*;

    const TTL: Duration = Duration::from_secs(21);

    fn id(n: u32) -> DeliveryId {
        let mut bytes = [0; 20];
        bytes[..4].copy_from_slice(&n.to_be_bytes());
        DeliveryId::from_bytes(bytes)
    }

    fn answer(body: &'static [u8]) -> StoredAnswer {
        StoredAnswer::new(StatusCode::OK, None, Bytes::from_static(body))
    }

    async fn claim(store: &MemoryStore, n: u32) -> Claim {
        store.claim(id(n), TTL).await.unwrap()
    }

    #[tokio::test]
    async fn a_delivery_is_new_then_in_progress_then_answered() {
        let store = MemoryStore::new();
        assert_eq!(claim(&store, 1).await, Claim::New);
        assert_eq!(claim(&store, 1).await, Claim::InProgress);
        store.complete(id(1), answer(b"{}")).await.unwrap();
        assert_eq!(claim(&store, 1).await, Claim::Answered(answer(b"{}")));
        assert_eq!(claim(&store, 2).await, Claim::New);
    }

    #[tokio::test]
    async fn a_released_claim_is_new_again_but_an_answer_stays() {
        let store = MemoryStore::new();
        claim(&store, 1).await;
        store.release(id(1)).await.unwrap();
        assert_eq!(claim(&store, 1).await, Claim::New);
        store.complete(id(1), answer(b"a")).await.unwrap();
        store.release(id(1)).await.unwrap();
        assert_eq!(claim(&store, 1).await, Claim::Answered(answer(b"a")));
    }

    #[tokio::test]
    async fn an_answer_for_a_forgotten_claim_is_not_kept() {
        let store = MemoryStore::new();
        store.complete(id(1), answer(b"a")).await.unwrap();
        assert_eq!(claim(&store, 1).await, Claim::New);
    }

    #[tokio::test]
    async fn entries_expire_with_their_claim() {
        let store = MemoryStore::new();
        store.claim(id(1), Duration::from_millis(50)).await.unwrap();
        store.complete(id(1), answer(b"a")).await.unwrap();
        tokio::time::sleep(Duration::from_millis(120)).await;
        assert_eq!(claim(&store, 1).await, Claim::New);
    }

    #[test]
    fn concurrent_claims_of_one_delivery_make_one_new() {
        let store = MemoryStore::new();
        let news: usize = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        let runtime = tokio::runtime::Builder::new_current_thread()
                            .build()
                            .unwrap();
                        (0..200)
                            .filter(|n| runtime.block_on(claim(&store, *n)) == Claim::New)
                            .count()
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().unwrap()).sum()
        });
        assert_eq!(news, 200);
    }

    #[tokio::test]
    async fn the_bound_holds_under_a_flood_of_distinct_deliveries() {
        let max_bytes = 256 * 1024;
        let store = MemoryStore::new().max_bytes(max_bytes);
        for n in 0..20_000 {
            assert_eq!(claim(&store, n).await, Claim::New);
            store.complete(id(n), answer(&[b'x'; 200])).await.unwrap();
        }
        assert!(
            store.weighted_bytes() <= max_bytes,
            "{}",
            store.weighted_bytes()
        );
        // Each entry weighs 456 bytes: at most 574 fit, and the newest are kept.
        assert!(
            store.entry_count() <= max_bytes / 456,
            "{}",
            store.entry_count()
        );
        assert!(store.entry_count() > 0);
        assert!(matches!(claim(&store, 19_999).await, Claim::Answered(_)));
        assert_eq!(claim(&store, 0).await, Claim::New);
    }
}
