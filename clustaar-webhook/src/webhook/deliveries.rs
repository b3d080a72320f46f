//! Each delivery answered once: the webhook claims a delivery in its replay store before
//! handling it, then stores its answer, or releases the claim when it was not answered.
//!
//! A claim is kept for one window (the maximum age, the future skew and a second) from the
//! moment it is made, and a request is claimed only while its `Date` is good: so a copy that
//! finds no claim has a `Date` older than the maximum age, and is refused when its date is
//! checked again, after the claim. (Kept from the claim rather than from the `Date`: a store
//! sweeps its expired entries once per lifetime given, and a lifetime cut short by a crafted
//! `Date` would make it sweep at every request.)

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::rejection::Rejection;
use crate::replay_store::{
    Claim, DeliveryId, ReplayStore, StoreError, StoreFailurePolicy, StoredAnswer,
};
use crate::security::{AcceptedDate, ReplayPolicy};

/// The replay store of a built webhook, with how long it keeps a delivery.
pub(super) struct Deliveries {
    store: Arc<dyn ReplayStore>,
    ttl: Duration,
    on_failure: StoreFailurePolicy,
    /// The time after a claim: the system clock, or a test's.
    clock: fn() -> SystemTime,
}

/// A request to claim before its handler runs: which delivery it is, and its `Date`, to check
/// again once claimed.
pub(super) struct Delivery<'a> {
    pub(super) deliveries: &'a Deliveries,
    pub(super) id: DeliveryId,
    pub(super) date: Option<AcceptedDate>,
}

/// What the store said of a delivery.
pub(super) enum Admission {
    /// Handle it; the claim (none when the store failed open) awaits its answer.
    Handle(Option<Claimed>),
    /// Another copy was answered: this is its answer again.
    Answered(Response),
}

/// Marks the response of a copy answered from the store, for the hooks.
#[derive(Debug, Clone, Copy)]
pub(super) struct Replayed;

impl Deliveries {
    /// A store keeping each delivery for as long as `policy` accepts its `Date`: the maximum
    /// age, the future skew, and a second since dates are in whole seconds.
    pub(super) fn new(
        store: Arc<dyn ReplayStore>,
        policy: &ReplayPolicy,
        on_failure: StoreFailurePolicy,
    ) -> Self {
        let ttl = policy.max_age + policy.max_future_skew + Duration::from_secs(1);
        Self {
            store,
            ttl,
            on_failure,
            clock: SystemTime::now,
        }
    }

    /// Claims a delivery: handle it, or answer it with what its first copy got.
    ///
    /// The date is checked once more after a new claim: the store may have answered after the
    /// first copy's claim expired, and only a stale copy can find it expired.
    ///
    /// Boxed, so that the request's future (which axum allocates, and which stays small to
    /// keep to the allocator's fast path) holds a pointer, not the store's round trip.
    pub(super) fn admit(
        &self,
        id: DeliveryId,
        date: Option<AcceptedDate>,
    ) -> Pin<Box<dyn Future<Output = Result<Admission, Rejection>> + Send + '_>> {
        Box::pin(async move {
            let admission = self.decide(id, self.store.claim(id, self.ttl).await)?;
            let Some(Err(rejection)) = date.map(|date| date.recheck((self.clock)())) else {
                return Ok(admission);
            };
            if let Admission::Handle(Some(claimed)) = admission {
                claimed.release(rejection.clone().into_response()).await;
            }
            Err(rejection)
        })
    }

    /// What the store's answer to a claim means for the request.
    fn decide(
        &self,
        id: DeliveryId,
        claim: Result<Claim, StoreError>,
    ) -> Result<Admission, Rejection> {
        match claim {
            Ok(Claim::New) => Ok(Admission::Handle(Some(Claimed {
                store: Arc::clone(&self.store),
                id,
                settled: false,
            }))),
            Ok(Claim::InProgress) => Err(Rejection::DeliveryInProgress),
            Ok(Claim::Answered(answer)) => {
                tracing::debug!("a copy of an answered notification: its answer sent again");
                let mut response = answer.to_response();
                response.extensions_mut().insert(Replayed);
                Ok(Admission::Answered(response))
            }
            Err(error) => match self.on_failure {
                StoreFailurePolicy::FailClosed => {
                    tracing::error!(%error, "the replay store failed; answered 503");
                    Err(Rejection::ReplayStoreUnavailable)
                }
                StoreFailurePolicy::FailOpen => {
                    tracing::warn!(%error, "the replay store failed; handled as a new delivery");
                    Ok(Admission::Handle(None))
                }
            },
        }
    }
}

/// A delivery this request claimed: stored with its answer, or released, once answered. A
/// request dropped before (its client went away) releases it, so a retry is handled.
pub(super) struct Claimed {
    store: Arc<dyn ReplayStore>,
    id: DeliveryId,
    settled: bool,
}

impl Claimed {
    /// Stores a `2xx` answer, or releases the claim of any other.
    pub(super) async fn settle(mut self, answer: Result<Response, Rejection>) -> Response {
        let response = match answer {
            Ok(response) if response.status().is_success() => response,
            Ok(response) => return self.release(response).await,
            Err(rejection) => return self.release(rejection.into_response()).await,
        };
        let (parts, body) = response.into_parts();
        // The handler's body is in memory already (the models write to a buffer).
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            let rejection = Rejection::InvalidResponse {
                violations: "the answer's body could not be read".to_owned(),
            };
            tracing::error!("the handler's answer could not be read; answered 500");
            return self.release(rejection.into_response()).await;
        };
        let content_type = parts.headers.get(header::CONTENT_TYPE).cloned();
        let stored = StoredAnswer::new(parts.status, content_type, Bytes::clone(&bytes));
        if let Err(error) = self.store.complete(self.id, stored).await {
            // The answer still goes out; the claim expires with its window.
            tracing::warn!(%error, "the replay store could not keep an answer");
        }
        self.settled = true;
        Response::from_parts(parts, Body::from(bytes))
    }

    async fn release(mut self, response: Response) -> Response {
        if let Err(error) = self.store.release(self.id).await {
            tracing::warn!(%error, "the replay store could not release a claim");
        }
        self.settled = true;
        response
    }
}

impl Drop for Claimed {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (store, id) = (Arc::clone(&self.store), self.id);
            runtime.spawn(async move { store.release(id).await });
        }
    }
}

// Two attributes, not `all(test, …)`: tools that skip test code (cargo-mutants) know `cfg(test)`.
#[cfg(test)]
#[cfg(feature = "memory-store")]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::replay_store::MemoryStore;

    /// Thu, 13 Sep 2018 11:48:13 GMT: the requests' `Date`.
    const T: u64 = 1_536_839_293;

    /// The last instant at which a request dated `T` is good under the default policy (10 s).
    fn last_good_instant() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(T + 10) + Duration::from_millis(999)
    }

    /// The first instant at which it is too old.
    fn first_stale_instant() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(T + 11)
    }

    fn deliveries(clock: fn() -> SystemTime) -> Deliveries {
        let policy = ReplayPolicy::default();
        let store = Arc::new(MemoryStore::new());
        Deliveries {
            clock,
            ..Deliveries::new(store, &policy, StoreFailurePolicy::FailClosed)
        }
    }

    /// The `Date` accepted when the headers came in, at `T`.
    fn accepted() -> Option<AcceptedDate> {
        let date = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(T));
        let now = UNIX_EPOCH + Duration::from_secs(T);
        Some(
            ReplayPolicy::default()
                .accept(Some(date.as_bytes()), now)
                .unwrap(),
        )
    }

    #[tokio::test]
    async fn a_copy_claimed_once_its_date_is_stale_is_refused_and_released() {
        // The store knows nothing of the delivery (its first copy's claim expired, say): the
        // copy is new to it, but its date went stale while its body trickled in.
        let id = DeliveryId::from_bytes([7; 20]);
        let stale = deliveries(first_stale_instant);
        let refused = stale.admit(id, accepted()).await;
        assert!(matches!(refused, Err(Rejection::RequestTooOld)));
        // Its claim was released: the store holds nothing of it.
        let claim = stale.store.claim(id, stale.ttl).await.unwrap();
        assert_eq!(claim, Claim::New);
    }

    #[tokio::test]
    async fn a_copy_claimed_while_its_date_is_good_is_handled() {
        let id = DeliveryId::from_bytes([8; 20]);
        let good = deliveries(last_good_instant);
        let admission = good.admit(id, accepted()).await;
        assert!(matches!(admission, Ok(Admission::Handle(Some(_)))));
    }

    #[tokio::test]
    async fn a_claim_dropped_before_its_answer_is_released() {
        // The request's future was dropped (its client went away): a retry must be handled.
        let id = DeliveryId::from_bytes([9; 20]);
        let good = deliveries(last_good_instant);
        let Ok(Admission::Handle(Some(claimed))) = good.admit(id, accepted()).await else {
            panic!("the delivery was not claimed");
        };
        assert_eq!(
            good.store.claim(id, good.ttl).await.unwrap(),
            Claim::InProgress
        );
        drop(claimed);
        // The release runs as a task of its own.
        let mut claim = Claim::InProgress;
        for _ in 0..100 {
            tokio::task::yield_now().await;
            claim = good.store.claim(id, good.ttl).await.unwrap();
            if claim == Claim::New {
                break;
            }
        }
        assert_eq!(claim, Claim::New);
    }
}
