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
    pub(super) status: StatusCode,
    pub(super) elapsed: Duration,
    pub(super) rejection: Option<&'a Rejection>,
    pub(super) replayed: bool,
}

impl<'a> Outcome<'a> {
    /// The label of the route that took the notification (the handler's name for `#[on]`
    /// routes, `fallback` for the fallback handler), or `None` when no route was reached (a
    /// rejected request, a notification no route takes).
    pub fn route(&self) -> Option<&'a str> {
        self.route
    }

    /// The answer's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// From the request's arrival to its answer being ready (its body written out is not
    /// counted).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// Why the request was refused, when it was: a check that failed, a handler that panicked
    /// or timed out, an answer that breaks the platform's rules.
    pub fn rejection(&self) -> Option<&'a Rejection> {
        self.rejection
    }

    /// Whether the answer is a stored one: the request was a copy of a delivery answered
    /// before, and its handler did not run again (see [`replay_store`](crate::replay_store)).
    pub fn replayed(&self) -> bool {
        self.replayed
    }
}

pub(super) type OutcomeHook = Arc<dyn Fn(&Outcome<'_>) + Send + Sync>;
pub(super) type RejectionHook = Arc<dyn Fn(&Rejection) + Send + Sync>;
