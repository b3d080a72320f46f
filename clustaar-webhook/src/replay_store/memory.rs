//! The in-memory replay store: one process, bounded in bytes, entries dropped with their window.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use quick_cache::Weighter;
use quick_cache::sync::{Cache, EntryAction, EntryResult};

use super::{Claim, DeliveryId, ReplayStore, StoreFuture, StoredAnswer};

/// A delivery in the store: until when it is kept, and its answer once it has one.
#[derive(Clone)]
struct Slot {
    expires: Instant,
    /// `None` while the delivery is claimed and not answered yet.
    answer: Option<StoredAnswer>,
}

/// What an entry is counted as beyond its answer's bytes: its key, the cache's own bookkeeping
/// and some slack, so that the bound is on real memory.
const ENTRY_OVERHEAD: u64 = 256;

/// Weighs an entry: its answer's bytes and [`ENTRY_OVERHEAD`].
#[derive(Clone)]
struct SlotWeight;

impl Weighter<DeliveryId, Slot> for SlotWeight {
    fn weight(&self, _: &DeliveryId, slot: &Slot) -> u64 {
        ENTRY_OVERHEAD + slot.answer.as_ref().map_or(0, |answer| answer.len() as u64)
    }
}

/// The replay store of a single process, on [quick_cache]'s concurrent cache: the default
/// store of a webhook with replay prevention on.
///
/// Each entry is kept for its claim's `ttl` (the replay window): a claim finding an expired
/// entry claims it anew, and about once a window the store drops every expired entry, so it
/// holds about one window of traffic. It is also bounded by [`max_bytes`](Self::max_bytes)
/// (64 MiB by default), each entry weighing its answer's bytes plus 256: under a flood of
/// distinct deliveries larger than the bound, the cache drops the entries least likely to be
/// asked for again first, and a copy of a dropped delivery would be handled again.
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
    inner: Arc<Inner>,
}

struct Inner {
    cache: Cache<DeliveryId, Slot, SlotWeight>,
    /// When the next sweep of expired entries is due, in milliseconds since `started`.
    next_sweep: AtomicU64,
    started: Instant,
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
    ///
    /// ```
    /// use clustaar_webhook::replay_store::MemoryStore;
    ///
    /// assert_eq!(MemoryStore::DEFAULT_MAX_BYTES, 64 * 1024 * 1024);
    /// // A quarter of the default, for a small container.
    /// let store = MemoryStore::new().max_bytes(MemoryStore::DEFAULT_MAX_BYTES / 4);
    /// # let _ = store;
    /// ```
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
        let inner = Inner {
            cache: Cache::with_weighter(estimated_entries(max_bytes), max_bytes, SlotWeight),
            next_sweep: AtomicU64::new(0),
            started: Instant::now(),
        };
        Self {
            max_bytes,
            inner: Arc::new(inner),
        }
    }

    /// How many deliveries the store holds now (expired ones included until the next sweep).
    ///
    /// ```
    /// use clustaar_webhook::replay_store::MemoryStore;
    /// assert_eq!(MemoryStore::new().entry_count(), 0);
    /// ```
    pub fn entry_count(&self) -> u64 {
        self.inner.cache.len() as u64
    }

    /// The weight of what the store holds now, in bytes, as counted against
    /// [`max_bytes`](Self::max_bytes).
    ///
    /// ```
    /// use clustaar_webhook::replay_store::MemoryStore;
    /// assert_eq!(MemoryStore::new().weighted_bytes(), 0);
    /// ```
    pub fn weighted_bytes(&self) -> u64 {
        self.inner.cache.weight()
    }

    /// Drops the expired entries when a sweep is due (once per `ttl`): the cost of a walk over
    /// the store, paid by one request a window.
    fn sweep_if_due(&self, now: Instant, ttl: Duration) {
        let inner = &*self.inner;
        let elapsed = now.saturating_duration_since(inner.started).as_millis() as u64;
        let due = inner.next_sweep.load(Ordering::Relaxed);
        let next = elapsed.saturating_add(ttl.as_millis() as u64);
        if elapsed >= due
            && inner
                .next_sweep
                .compare_exchange(due, next, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            inner.cache.retain(|_, slot| slot.expires > now);
        }
    }
}

/// How many entries the cache is sized for (its shards, and its list of keys evicted lately,
/// which is not weighed against the bound): a typical answer is under 1 KiB.
fn estimated_entries(max_bytes: u64) -> usize {
    usize::try_from(max_bytes / 1024)
        .unwrap_or(usize::MAX)
        .max(16)
}

impl ReplayStore for MemoryStore {
    fn claim(&self, id: DeliveryId, ttl: Duration) -> StoreFuture<'_, Claim> {
        let now = Instant::now();
        self.sweep_if_due(now, ttl);
        let pending = Slot {
            expires: now + ttl,
            answer: None,
        };
        // Atomic per key: of concurrent claims, one finds the key vacant; a claim that comes
        // while another holds the key's guard (for the instant of its insert) is in progress.
        let claim = match self
            .inner
            .cache
            .entry(&id, Some(Duration::ZERO), |_, slot| {
                if slot.expires <= now {
                    EntryAction::ReplaceWithGuard
                } else {
                    EntryAction::Retain(slot.answer.clone())
                }
            }) {
            EntryResult::Vacant(guard) | EntryResult::Replaced(guard, _) => {
                let _ = guard.insert(pending);
                Claim::New
            }
            EntryResult::Retained(None) | EntryResult::Timeout => Claim::InProgress,
            EntryResult::Retained(Some(answer)) => Claim::Answered(answer),
            EntryResult::Removed(..) => Claim::New,
        };
        Box::pin(std::future::ready(Ok(claim)))
    }

    fn complete(&self, id: DeliveryId, answer: StoredAnswer) -> StoreFuture<'_, ()> {
        // Only a pending claim: one the bound dropped stays dropped. The answer goes in by
        // `replace`, not by a change in place: the cache evicts to its bound when an entry is
        // written only, so an answer added in place would take the store past its bound.
        let pending = self
            .inner
            .cache
            .entry(&id, Some(Duration::ZERO), |_, slot| match slot.answer {
                None => EntryAction::Retain(Some(slot.expires)),
                Some(_) => EntryAction::Retain(None),
            });
        if let EntryResult::Retained(Some(expires)) = pending {
            let answered = Slot {
                expires,
                answer: Some(answer),
            };
            // Fails if the entry went meanwhile (evicted, or released): then it stays gone.
            let _ = self.inner.cache.replace(id, answered, false);
        }
        Box::pin(std::future::ready(Ok(())))
    }

    fn release(&self, id: DeliveryId) -> StoreFuture<'_, ()> {
        // Only a pending claim: an answered delivery keeps its answer.
        self.inner
            .cache
            .remove_if(&id, |slot| slot.answer.is_none());
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
    async fn debugs_with_its_bound_and_entries() {
        let store = MemoryStore::new().max_bytes(4096);
        claim(&store, 1).await;
        assert_eq!(
            format!("{store:?}"),
            "MemoryStore { max_bytes: 4096, entries: 1 }"
        );
    }

    #[tokio::test]
    async fn entries_expire_with_their_claim() {
        let store = MemoryStore::new();
        store.claim(id(1), Duration::from_millis(50)).await.unwrap();
        store.complete(id(1), answer(b"a")).await.unwrap();
        tokio::time::sleep(Duration::from_millis(120)).await;
        assert_eq!(claim(&store, 1).await, Claim::New);
    }

    #[tokio::test]
    async fn a_sweep_drops_what_expired_once_a_window() {
        let store = MemoryStore::new();
        let ttl = Duration::from_millis(50);
        for n in 0..100 {
            store.claim(id(n), ttl).await.unwrap();
        }
        // Claimed for longer: the sweep keeps it.
        store.claim(id(500), TTL).await.unwrap();
        assert_eq!(store.entry_count(), 101);
        tokio::time::sleep(Duration::from_millis(120)).await;
        store.claim(id(1000), ttl).await.unwrap();
        assert_eq!(store.entry_count(), 2);
        assert_eq!(claim(&store, 500).await, Claim::InProgress);
    }

    #[test]
    fn the_cache_is_sized_for_one_entry_a_kibibyte() {
        assert_eq!(estimated_entries(MemoryStore::DEFAULT_MAX_BYTES), 65_536);
        assert_eq!(estimated_entries(100 * 1024 + 1023), 100);
        assert_eq!(estimated_entries(0), 16);
    }

    #[tokio::test]
    async fn a_sweep_at_the_instant_an_entry_expires_drops_it() {
        // As a claim does: at its expiry instant, an entry has expired.
        let store = MemoryStore::new();
        claim(&store, 1).await;
        let expires = store.inner.cache.get(&id(1)).unwrap().expires;
        store.sweep_if_due(expires, TTL);
        assert_eq!(store.entry_count(), 0);
    }

    #[tokio::test]
    async fn no_sweep_before_its_window_ends() {
        let store = MemoryStore::new();
        // The first claim sweeps and sets the next sweep a window (21 s) later.
        claim(&store, 1).await;
        store.claim(id(2), Duration::from_millis(20)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(60)).await;
        claim(&store, 3).await;
        // The expired claim is still held: walking the store on every claim would cost each
        // request a walk over every delivery.
        assert_eq!(store.entry_count(), 3);
        assert_eq!(claim(&store, 2).await, Claim::New);
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
        // The bound holds after each step, answers included (an answer stored in place, without
        // the cache's eviction, took a shard past its share by up to the answer's bytes).
        for n in 0..20_000 {
            assert_eq!(claim(&store, n).await, Claim::New);
            store.complete(id(n), answer(&[b'x'; 200])).await.unwrap();
            let weight = store.weighted_bytes();
            assert!(weight <= max_bytes, "{weight} bytes after {n} deliveries");
        }
        // Each entry weighs 456 bytes: at most 574 fit, and the newest are kept.
        assert!(
            store.entry_count() <= max_bytes / 456,
            "{}",
            store.entry_count()
        );
        assert!(store.entry_count() > 0);
        assert_eq!(store.weighted_bytes(), store.entry_count() * 456);
        assert!(matches!(claim(&store, 19_999).await, Claim::Answered(_)));
        assert_eq!(claim(&store, 0).await, Claim::New);
    }
}
