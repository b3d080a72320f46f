//! What a built webhook runs for each request: one straight line from the headers to the
//! answer, and the bookkeeping around it (span, hooks, panics).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use tracing::Instrument;
use tracing::field::Empty;

use super::body::read_body;
use super::deadline::Deadline;
use super::deliveries::{Admission, Claimed, Deliveries, Replayed};
use super::outcome::{Outcome, OutcomeHook, RejectionHook};
use crate::extract::Notification;
use crate::log_field::LogField;
use crate::rejection::Rejection;
use crate::replay_store::DeliveryId;
use crate::response::ResponseValidation;
use crate::routing::{BoxResponseFuture, RouteTable};
use crate::security::SecurityConfig;

/// What a built webhook runs for each request.
pub(super) struct Pipeline<S> {
    pub(super) security: SecurityConfig,
    pub(super) body_limit: usize,
    pub(super) router: RouteTable<S>,
    pub(super) on_rejection: Option<RejectionHook>,
    pub(super) on_outcome: Option<OutcomeHook>,
    pub(super) response_validation: ResponseValidation,
    pub(super) deadline: Option<Deadline>,
    /// The replay store, when each delivery is to be answered once.
    pub(super) deliveries: Option<Deliveries>,
}

/// Runs `step`, answering a panic in it (a filter's, an extractor's) with a 500.
fn guard_panics<T>(step: impl FnOnce() -> Result<T, Rejection>) -> Result<T, Rejection> {
    std::panic::catch_unwind(AssertUnwindSafe(step)).unwrap_or(Err(Rejection::HandlerPanicked))
}

/// How far a request went into the route table, for the logs and hooks once it is answered.
#[derive(Clone, Copy)]
enum Reached {
    /// Refused before a route was chosen.
    Nothing,
    /// The route at this index of the route table.
    Route(usize),
    /// The fallback handler.
    Fallback,
}

/// A routed request: its handler's future, and the delivery to claim before running it.
type Routed<'a> = (BoxResponseFuture, Option<(&'a Deliveries, DeliveryId)>);

/// Where a checked request goes: to a handler, or, for a copy of an answered delivery, back
/// with the stored answer.
enum Started {
    Handler(BoxResponseFuture),
    Answered(Response),
}

impl<S: Clone + Send + Sync + 'static> Pipeline<S> {
    /// The future answering one request.
    ///
    /// The webhook boxes this future for every request, so it is kept small (under the
    /// allocator's per-thread cache limit, a unit test checks it): one `async` block behind a
    /// plain function, the synchronous steps in plain functions, the rare or large steps (the
    /// replay store's) boxed. A nested `async fn` taking the request would keep a second copy
    /// of its parts in this future.
    pub(super) fn handle(
        self: &Arc<Self>,
        state: S,
        request: Request,
    ) -> impl Future<Output = Response> + Send + use<S> {
        let pipeline = Arc::clone(self);
        let arrived = pipeline.on_outcome.is_some().then(Instant::now);
        let (parts, body) = request.into_parts();
        let span = tracing::info_span!(
            "clustaar_notification",
            topic = Empty,
            bot_id = Empty,
            step_id = Empty,
            route = Empty,
            route_index = Empty,
            status = Empty,
        );
        async move {
            let mut reached = Reached::Nothing;
            let mut claimed = None;
            // The replay check needs only the headers: a stale request is refused before the
            // server buffers its body. (Plain `match`es, not an inner `async` block: that
            // would hold a second copy of the request's parts in this future.)
            let started = match pipeline
                .security
                .check_date(&parts.headers, SystemTime::now())
            {
                Ok(()) => match read_body(body, &parts.headers, pipeline.body_limit).await {
                    Ok(body) => match pipeline.start(parts, state, body, &mut reached) {
                        Ok((handler, Some((deliveries, id)))) => match deliveries.admit(id).await {
                            Ok(Admission::Handle(claim)) => {
                                claimed = claim;
                                Ok(Started::Handler(handler))
                            }
                            Ok(Admission::Answered(response)) => Ok(Started::Answered(response)),
                            Err(rejection) => Err(rejection),
                        },
                        Ok((handler, None)) => Ok(Started::Handler(handler)),
                        Err(rejection) => Err(rejection),
                    },
                    Err(rejection) => Err(rejection),
                },
                Err(rejection) => Err(rejection),
            };
            let answered = match started {
                Ok(Started::Handler(handler)) => {
                    let answer = pipeline.run_handler(handler, reached);
                    // The handler's panics, like the routing's, become a 500 JSON answer.
                    AssertUnwindSafe(answer)
                        .catch_unwind()
                        .await
                        .unwrap_or(Err(Rejection::HandlerPanicked))
                }
                Ok(Started::Answered(response)) => Ok(response),
                Err(rejection) => Err(rejection),
            };
            if matches!(answered, Err(Rejection::HandlerPanicked)) {
                // The panic's message may quote the notification: only the route is logged.
                tracing::error!(
                    route = pipeline.label(reached),
                    "the handler panicked; answered 500"
                );
            }
            let response = match claimed {
                // Boxed: storing an answer needs more room than the rest of this future.
                Some(claimed) => Box::pin(Claimed::settle(claimed, answered)).await,
                None => answered.unwrap_or_else(IntoResponse::into_response),
            };
            pipeline.report(&response, reached, arrived);
            response
        }
        .instrument(span)
    }

    /// Checks the signature and credentials of a request whose body is in, then parses and
    /// routes it, noting in `reached` which route took it: the handler's future (not polled
    /// yet) and, with a replay store, the delivery to claim before running it.
    ///
    /// Claimed once routed: a request the webhook refuses (an unreadable body, no route) never
    /// reaches the store.
    fn start(
        &self,
        parts: Parts,
        state: S,
        body: Bytes,
        reached: &mut Reached,
    ) -> Result<Routed<'_>, Rejection> {
        guard_panics(|| {
            let digest = self.security.check_signed(&parts.headers, &body)?;
            let delivery = self.deliveries.as_ref().map(|deliveries| {
                (
                    deliveries,
                    DeliveryId::of_request(digest, &parts.headers, &body),
                )
            });
            let notification = Notification::parse(body)?;
            let span = tracing::Span::current();
            record_notification(&span, &notification);
            let (index, handler) = self.router.start(parts, state, notification)?;
            *reached = index.map_or(Reached::Fallback, Reached::Route);
            self.record_route(&span, index);
            Ok((handler, delivery))
        })
    }

    /// Runs the handler's future under the webhook's response check and deadline.
    async fn run_handler(
        &self,
        handler: BoxResponseFuture,
        reached: Reached,
    ) -> Result<Response, Rejection> {
        let answer = self.response_validation.scope(handler);
        match &self.deadline {
            Some(deadline) => deadline.run(answer, self.label(reached)).await,
            None => answer.await,
        }
    }

    /// The answer to a request refused before it reached the pipeline (a `405`).
    pub(super) fn reject(&self, rejection: Rejection) -> Response {
        let arrived = self.on_outcome.is_some().then(Instant::now);
        let response = rejection.into_response();
        self.report(&response, Reached::Nothing, arrived);
        response
    }

    /// Records the answer's status in the span and tells the hooks about it.
    fn report(&self, response: &Response, reached: Reached, arrived: Option<Instant>) {
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        // Every rejection's response carries it, whoever answered it: a check, the route
        // table, an extractor, the response check or the panic guard above.
        let rejection = response.extensions().get::<Rejection>();
        if let Some(rejection) = rejection {
            rejection.log();
            if let Some(hook) = &self.on_rejection {
                hook(rejection);
            }
        }
        if let (Some(hook), Some(arrived)) = (&self.on_outcome, arrived) {
            hook(&Outcome {
                route: match reached {
                    Reached::Nothing => None,
                    _ => Some(self.label(reached)),
                },
                status,
                elapsed: arrived.elapsed(),
                rejection,
                replayed: response.extensions().get::<Replayed>().is_some(),
            });
        }
    }

    /// Notes in the request's span the route that took it: its name, and its index among the
    /// routes when it has no name (its label alone would not tell it from other unnamed ones).
    fn record_route(&self, span: &tracing::Span, index: Option<usize>) {
        let Some(index) = index else { return };
        if span.is_disabled() {
            return;
        }
        let label = self.router.label(Some(index));
        span.record("route", label);
        if !self.router.is_named(index) {
            span.record("route_index", index);
        }
    }

    fn label(&self, reached: Reached) -> &str {
        match reached {
            Reached::Nothing => "none",
            Reached::Route(index) => self.router.label(Some(index)),
            Reached::Fallback => self.router.label(None),
        }
    }
}

/// Notes the notification's identity in the request's span, each value cut to a bounded length.
fn record_notification(span: &tracing::Span, notification: &Notification) {
    if span.is_disabled() {
        return;
    }
    let fields = [
        ("topic", notification.topic()),
        ("bot_id", notification.bot_id()),
        ("step_id", notification.step_id()),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            span.record(name, LogField(value).value());
        }
    }
}
