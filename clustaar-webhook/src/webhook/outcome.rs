//! What the webhook tells a metrics hook about each request it answered.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;

use crate::rejection::Rejection;

/// One answered request, as [`Webhook::on_outcome`](crate::Webhook::on_outcome) sees it: enough
/// to feed Prometheus or OpenTelemetry (a counter by route and status, a latency histogram).
///
/// ```
/// use clustaar_webhook::{Outcome, Webhook};
///
/// let webhook: Webhook = Webhook::new().on_outcome(|outcome: &Outcome<'_>| {
///     println!(
///         "{} {} in {:?}",
///         outcome.route().unwrap_or("-"),
///         outcome.status(),
///         outcome.elapsed(),
///     );
/// });
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Outcome<'a> {
    pub(super) route: Option<&'a str>,
    pub(super) bot_id: Option<&'a str>,
    pub(super) status: StatusCode,
    pub(super) elapsed: Duration,
    pub(super) rejection: Option<&'a Rejection>,
    pub(super) replayed: bool,
}

impl<'a> Outcome<'a> {
    /// The label of the route that took the notification (the handler's name for `#[on]`
    /// routes, `fallback` for the fallback handler), or `None` when no route was reached (a
    /// rejected request, a notification no route takes).
    ///
    /// ```
    /// # use std::sync::{Arc, Mutex};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// # use clustaar_webhook::testing::TestClient;
    /// # use clustaar_webhook::{on, routes, Webhook};
    /// # #[on]
    /// # async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .routes(routes![greet])
    ///     .on_outcome(move |outcome| {
    ///         log.lock().unwrap().push(outcome.route().map(str::to_owned));
    ///     });
    /// let client = TestClient::new(webhook);
    /// client.request().send().await;
    /// client.request().signed_with("wrong key").send().await;
    /// assert_eq!(*seen.lock().unwrap(), [Some("greet".to_owned()), None]);
    /// # }
    /// ```
    pub fn route(&self) -> Option<&'a str> {
        self.route
    }

    /// The bot the notification names (its `botID`), once its signature passed and it was
    /// read: `None` for a request refused before (a bad signature, a stale `Date`) or a
    /// notification without one. For a webhook serving several bots, what its metrics
    /// are split by.
    ///
    /// ```
    /// # use std::sync::{Arc, Mutex};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// # use clustaar_webhook::testing::TestClient;
    /// # use clustaar_webhook::{on, routes, Webhook};
    /// # #[on]
    /// # async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .routes(routes![greet])
    ///     .on_outcome(move |outcome| {
    ///         log.lock().unwrap().push(outcome.bot_id().map(str::to_owned));
    ///     });
    /// let client = TestClient::new(webhook);
    /// client.request().send().await;
    /// assert_eq!(*seen.lock().unwrap(), [Some("5a8f1c2e9b1d4c0012345678".to_owned())]);
    /// # }
    /// ```
    pub fn bot_id(&self) -> Option<&'a str> {
        self.bot_id
    }

    /// The answer's status.
    ///
    /// ```
    /// # use std::sync::{Arc, Mutex};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// # use clustaar_webhook::testing::TestClient;
    /// # use clustaar_webhook::{on, routes, Webhook};
    /// # #[on]
    /// # async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .routes(routes![greet])
    ///     .on_outcome(move |outcome| log.lock().unwrap().push(outcome.status().as_u16()));
    /// let client = TestClient::new(webhook);
    /// client.request().send().await;
    /// client.request().without_signature().send().await;
    /// assert_eq!(*seen.lock().unwrap(), [200, 400]);
    /// # }
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// From the request's arrival to its answer being ready (its body written out is not
    /// counted).
    ///
    /// ```
    /// # use std::time::Instant;
    /// # use std::sync::{Arc, Mutex};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// # use clustaar_webhook::testing::TestClient;
    /// # use clustaar_webhook::{on, routes, Webhook};
    /// # #[on]
    /// # async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .routes(routes![greet])
    ///     .on_outcome(move |outcome| log.lock().unwrap().push(outcome.elapsed()));
    /// let started = Instant::now();
    /// TestClient::new(webhook).request().send().await;
    /// assert!(seen.lock().unwrap()[0] <= started.elapsed());
    /// # }
    /// ```
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// Why the request was refused, when it was: a check that failed, a handler that panicked
    /// or timed out, an answer that breaks the platform's rules.
    ///
    /// ```
    /// # use clustaar_webhook::Rejection;
    /// # use std::sync::{Arc, Mutex};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// # use clustaar_webhook::testing::TestClient;
    /// # use clustaar_webhook::{on, routes, Webhook};
    /// # #[on]
    /// # async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .routes(routes![greet])
    ///     .on_outcome(move |outcome| {
    ///         log.lock().unwrap().push(outcome.rejection().map(Rejection::name));
    ///     });
    /// let client = TestClient::new(webhook);
    /// client.request().send().await;
    /// client.request().signed_with("wrong key").send().await;
    /// assert_eq!(*seen.lock().unwrap(), [None, Some("SignatureInvalid")]);
    /// # }
    /// ```
    pub fn rejection(&self) -> Option<&'a Rejection> {
        self.rejection
    }

    /// Whether the answer is a stored one: the request was a copy of a delivery answered
    /// before, and its handler did not run again (see [`replay_store`](crate::replay_store)).
    ///
    /// ```
    /// # use std::time::SystemTime;
    /// # use clustaar_webhook::replay_store::MemoryStore;
    /// # use std::sync::{Arc, Mutex};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// # use clustaar_webhook::testing::TestClient;
    /// # use clustaar_webhook::{on, routes, Webhook};
    /// # #[on]
    /// # async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .routes(routes![greet])
    ///     .replay_store(MemoryStore::new())
    ///     .on_outcome(move |outcome| log.lock().unwrap().push(outcome.replayed()));
    /// // One request sent twice: the same date, body and signature.
    /// let request = TestClient::new(webhook).request().date_at(SystemTime::now());
    /// request.clone().send().await;
    /// request.send().await;
    /// assert_eq!(*seen.lock().unwrap(), [false, true]);
    /// # }
    /// ```
    pub fn replayed(&self) -> bool {
        self.replayed
    }
}

pub(super) type OutcomeHook = Arc<dyn Fn(&Outcome<'_>) + Send + Sync>;
pub(super) type RejectionHook = Arc<dyn Fn(&Rejection) + Send + Sync>;

/// What the `on_outcome` hook is told of a request besides its answer, gathered while it is
/// answered: kept only when the webhook has the hook.
pub(super) struct Watch {
    /// When the request arrived.
    pub(super) arrived: std::time::Instant,
    /// The bot its notification names, once read.
    pub(super) bot_id: Option<Box<str>>,
}

impl Watch {
    /// A request arriving now.
    pub(super) fn now() -> Self {
        Watch {
            arrived: std::time::Instant::now(),
            bot_id: None,
        }
    }
}
