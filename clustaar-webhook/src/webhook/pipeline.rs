//! What a built webhook runs for each request: one straight line from the headers to the
//! answer, and the bookkeeping around it (span, hooks, panics).

use std::future::{Future, poll_fn};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use tracing::{Instrument, Span};

use super::body::read_body;
use super::deadline::Deadline;
use super::deliveries::{Admission, Claimed, Deliveries, Delivery, Replayed};
use super::outcome::{Outcome, OutcomeHook, RejectionHook, Watch};
use super::run_to_end::RunToEnd;
use super::span::SpanFields;
use crate::extract::Notification;
use crate::rejection::Rejection;
use crate::replay_store::DeliveryId;
use crate::response::ResponseValidation;
use crate::routing::{BoxResponseFuture, RouteTable};
use crate::security::BotSecrets;
use crate::security::{AcceptedDate, SecurityConfig};

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
type Routed<'a> = (BoxResponseFuture, Option<Delivery<'a>>);

/// A request's body once in, with what the checks before it found: the accepted date (when
/// replay prevention is on) and the secrets of the bot it names (when the webhook serves
/// several).
struct Received {
    body: Bytes,
    date: Option<AcceptedDate>,
    bot: Option<Arc<BotSecrets>>,
}

/// What the pipeline notes of a request as it starts it: which route took it, its span once
/// its notification is read, and what the `on_outcome` hook will be told.
struct Seen<'a> {
    reached: &'a mut Reached,
    span: &'a mut Option<Span>,
    watch: &'a mut Option<Watch>,
}

/// Where a checked request goes: to a handler (with its claim, when there is a replay store),
/// or, for a copy of an answered delivery, back with the stored answer.
enum Started {
    Handler(BoxResponseFuture, Option<Claimed>),
    Answered(Response),
}

impl<S: Clone + Send + Sync + 'static> Pipeline<S> {
    /// The future answering one request.
    ///
    /// The webhook boxes this future for every request, so it is kept small (under the
    /// allocator's per-thread cache limit, a unit test checks it): one `async` block behind a
    /// plain function, the synchronous steps in plain functions, the rare or large steps (the
    /// replay store's) boxed, and the part run in the request's span (from the claim to the
    /// report) boxed on its own. A nested `async fn` taking the request would keep a second
    /// copy of its parts in this future.
    pub(super) fn handle(
        self: &Arc<Self>,
        state: S,
        request: Request,
    ) -> impl Future<Output = Response> + Send + use<S> {
        let pipeline = Arc::clone(self);
        let mut watch = pipeline.on_outcome.is_some().then(Watch::now);
        let (parts, body) = request.into_parts();
        async move {
            let mut reached = Reached::Nothing;
            let mut span = None;
            // The replay check needs only the headers: a stale request is refused before the
            // server buffers its body. (Plain `match`es, not an inner `async` block: that
            // would hold a second copy of the request's parts in this future.)
            let routed = match pipeline
                .security
                .check_date(&parts.headers, SystemTime::now())
            {
                Ok(date) => match read_body(body, &parts.headers, pipeline.body_limit).await {
                    Ok(body) => {
                        // Only a webhook serving several bots waits here (boxed: its lookup's
                        // room is not kept in every request's future).
                        let bot = match pipeline.security.serves_bots() {
                            true => Box::pin(pipeline.security.bot_secrets(&body)).await,
                            false => Ok(None),
                        };
                        match bot {
                            Ok(bot) => {
                                let received = Received { body, date, bot };
                                let seen = Seen {
                                    reached: &mut reached,
                                    span: &mut span,
                                    watch: &mut watch,
                                };
                                pipeline.start(parts, state, received, seen)
                            }
                            Err(rejection) => Err(rejection),
                        }
                    }
                    Err(rejection) => Err(rejection),
                },
                Err(rejection) => Err(rejection),
            };
            // A request refused before its notification was read has a span without fields.
            let span = span.unwrap_or_else(|| SpanFields::default().open());
            // Boxed: a nested future in this one would keep room for both its arguments and
            // this future's own (the request's parts).
            let mut answer = Box::pin(pipeline.answer(routed, reached, watch, &span));
            // Entered at each poll, as `Instrument` does, without a second handle to the span.
            poll_fn(|cx| span.in_scope(|| answer.as_mut().poll(cx))).await
        }
    }

    /// Checks the date (again: the body may have come long after the headers), the signature
    /// and the credentials of a request whose body is in, then parses and routes it, noting in `reached` which route took it and opening its `span`: the
    /// handler's future (not polled yet) and, with a replay store, the delivery to claim
    /// before running it.
    ///
    /// Claimed once routed: a request the webhook refuses (an unreadable body, no route) never
    /// reaches the store.
    fn start(
        &self,
        parts: Parts,
        state: S,
        received: Received,
        seen: Seen<'_>,
    ) -> Result<Routed<'_>, Rejection> {
        let Received { body, date, bot } = received;
        let Seen {
            reached,
            span,
            watch,
        } = seen;
        guard_panics(|| {
            if let Some(date) = date {
                date.recheck(SystemTime::now())?;
            }
            let digest = self
                .security
                .check_signed_by(bot.as_deref(), &parts.headers, &body)?;
            let delivery = self.deliveries.as_ref().map(|deliveries| Delivery {
                deliveries,
                id: DeliveryId::of_request(digest, &parts.headers, &body),
                date,
            });
            let mut notification = Notification::parse(body)?;
            if let Some(watch) = watch {
                watch.bot_id = notification.bot_id().map(Box::from);
            }
            let routed = self.router.handler_for(&mut notification);
            let index = routed.as_ref().ok().map(|(index, _)| *index);
            *span = Some(self.span_fields(&notification, index).open());
            let (index, handler) = routed?;
            *reached = index.map_or(Reached::Fallback, Reached::Route);
            Ok((handler.call(parts, state, notification), delivery))
        })
    }

    /// What the span shows of a read notification, and of its route once it has one.
    fn span_fields<'a>(
        &'a self,
        notification: &'a Notification,
        routed: Option<Option<usize>>,
    ) -> SpanFields<'a> {
        let mut fields = SpanFields::of(notification);
        fields.route = routed.map(|index| self.router.label(index));
        fields
    }

    /// Answers a request that its checks and routing took to a handler, or refused: claims
    /// its delivery, then runs the handler (see [`finish`](Self::finish)), or reports the
    /// refusal or the stored answer of a copy.
    async fn answer(
        self: &Arc<Self>,
        routed: Result<Routed<'_>, Rejection>,
        reached: Reached,
        watch: Option<Watch>,
        span: &Span,
    ) -> Response {
        let started = match routed {
            Ok((handler, Some(delivery))) => {
                match delivery.deliveries.admit(delivery.id, delivery.date).await {
                    Ok(Admission::Handle(claimed)) => Ok(Started::Handler(handler, claimed)),
                    Ok(Admission::Answered(response)) => Ok(Started::Answered(response)),
                    Err(rejection) => Err(rejection),
                }
            }
            Ok((handler, None)) => Ok(Started::Handler(handler, None)),
            Err(rejection) => Err(rejection),
        };
        let response = match started {
            Ok(Started::Handler(handler, claimed)) => {
                return self.finish(handler, claimed, reached, watch, span).await;
            }
            Ok(Started::Answered(response)) => response,
            Err(rejection) => rejection.into_response(),
        };
        self.report(&response, reached, watch, span);
        response
    }

    /// Runs a handler that started to its end, keeps its answer for the copies, and reports.
    ///
    /// A client that goes away (its connection closed, its request dropped) does not cancel
    /// the handler halfway through its side effects: the run goes on as a task of its own
    /// (see [`RunToEnd`]), and its answer is still stored for the platform's retry. The
    /// webhook's [`handler_timeout`](crate::Webhook::handler_timeout), when set, bounds it.
    fn finish(
        self: &Arc<Self>,
        handler: BoxResponseFuture,
        claimed: Option<Claimed>,
        reached: Reached,
        watch: Option<Watch>,
        span: &Span,
    ) -> RunToEnd {
        let run = Arc::clone(self)
            .run_to_end(handler, claimed, reached, watch, span.clone())
            .instrument(span.clone());
        RunToEnd::new(run)
    }

    /// What [`finish`](Self::finish) runs: the handler, the store, the report. It is
    /// allocated for every request, so it is kept small (a unit test checks it).
    async fn run_to_end(
        self: Arc<Self>,
        handler: BoxResponseFuture,
        claimed: Option<Claimed>,
        reached: Reached,
        watch: Option<Watch>,
        span: Span,
    ) -> Response {
        let answered = self.run_guarded(handler, reached).await;
        let response = match claimed {
            // Boxed: storing an answer needs more room than the rest of this future.
            Some(claimed) => Box::pin(Claimed::settle(claimed, answered)).await,
            None => answered.unwrap_or_else(IntoResponse::into_response),
        };
        self.report(&response, reached, watch, &span);
        response
    }

    /// Runs the handler's future under the webhook's response check and deadline, its panics
    /// (like the routing's) answered with a 500.
    async fn run_guarded(
        &self,
        handler: BoxResponseFuture,
        reached: Reached,
    ) -> Result<Response, Rejection> {
        let answered = AssertUnwindSafe(self.run_handler(handler, reached))
            .catch_unwind()
            .await
            .unwrap_or(Err(Rejection::HandlerPanicked));
        if matches!(answered, Err(Rejection::HandlerPanicked)) {
            // The panic's message may quote the notification: only the route is logged.
            tracing::error!(
                route = self.label(reached),
                "the handler panicked; answered 500"
            );
        }
        answered
    }

    /// Runs the handler's future under the webhook's response check and deadline.
    async fn run_handler(
        &self,
        handler: BoxResponseFuture,
        reached: Reached,
    ) -> Result<Response, Rejection> {
        let answered = match &self.deadline {
            Some(deadline) => deadline.run(handler, self.label(reached)).await,
            None => handler.await,
        };
        answered.map(|response| self.response_validation.apply(response))
    }

    /// The answer to a request refused before it reached the pipeline (a `405`).
    pub(super) fn reject(&self, rejection: Rejection) -> Response {
        let watch = self.on_outcome.is_some().then(Watch::now);
        let response = rejection.into_response();
        let span = SpanFields::default().open();
        span.in_scope(|| self.report(&response, Reached::Nothing, watch, &span));
        response
    }

    /// Records the answer's status in the span and tells the hooks about it.
    fn report(&self, response: &Response, reached: Reached, watch: Option<Watch>, span: &Span) {
        let status = response.status();
        span.record("status", status.as_u16());
        // Every rejection's response carries it, whoever answered it: a check, the route
        // table, an extractor, the response check or the panic guard above.
        let rejection = response.extensions().get::<Rejection>();
        if let Some(rejection) = rejection {
            rejection.log();
            if let Some(hook) = &self.on_rejection {
                hook(rejection);
            }
        }
        if let (Some(hook), Some(watch)) = (&self.on_outcome, watch) {
            hook(&Outcome {
                route: match reached {
                    Reached::Nothing => None,
                    _ => Some(self.label(reached)),
                },
                status,
                elapsed: watch.arrived.elapsed(),
                bot_id: watch.bot_id.as_deref(),
                rejection,
                replayed: response.extensions().get::<Replayed>().is_some(),
            });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The run of a handler is boxed for every request: it stays under glibc's per-thread
    /// cache limit (1,032 bytes), above which allocations take a slower path, with room left
    /// for the task it becomes when its client goes away (tokio adds some 130 bytes and
    /// aligns the cell to 128).
    #[test]
    fn the_handler_run_stays_small() {
        let handler: BoxResponseFuture = Box::pin(async { Ok(Response::new(().into())) });
        let span = Span::none();
        let run = crate::webhook::tests::pipeline()
            .run_to_end(handler, None, Reached::Nothing, None, span.clone())
            .instrument(span);
        let size = std::mem::size_of_val(&run);
        assert!(size <= 768, "{size} bytes");
    }
}
