//! Each delivery answered once: the webhook claims a delivery in its replay store before
//! handling it, then stores its answer, or releases the claim when it was not answered.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::rejection::Rejection;
use crate::replay_store::{
    Claim, DeliveryId, ReplayStore, StoreError, StoreFailurePolicy, StoredAnswer,
};
use crate::security::ReplayPolicy;

/// The replay store of a built webhook, with how long it keeps a delivery.
pub(super) struct Deliveries {
    store: Arc<dyn ReplayStore>,
    ttl: Duration,
    on_failure: StoreFailurePolicy,
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
        }
    }

    /// Claims a delivery: handle it, or answer it with what its first copy got.
    ///
    /// Boxed, so that the request's future (which axum allocates, and which stays small to
    /// keep to the allocator's fast path) holds a pointer, not the store's round trip.
    pub(super) fn admit(
        &self,
        id: DeliveryId,
    ) -> Pin<Box<dyn Future<Output = Result<Admission, Rejection>> + Send + '_>> {
        Box::pin(async move { self.decide(id, self.store.claim(id, self.ttl).await) })
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
