//! The `Webhook` builder: security settings and routes, turned into an axum router.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tracing::Instrument;
use tracing::field::Empty;

use crate::extract::Notification;
use crate::rejection::Rejection;
use crate::response::ResponseValidation;
use crate::routing::{BoxResponseFuture, Handler, Route, RouteError, RouteTable};
use crate::security::SecurityConfig;

/// The default body limit: 2 MiB, as axum's.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

type RejectionHook = Arc<dyn Fn(&Rejection) + Send + Sync>;

/// A Clustaar webhook: security checks and routes, served as an [`axum::Router`].
///
/// Every request walks one straight line: body limit, replay prevention (the `Date` header),
/// signature (`X-Hub-Signature`), basic authentication, parsing, routing by topic and filters,
/// then the handler. The first failing step answers with its JSON error.
///
/// ```
/// use std::time::Duration;
/// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
/// use clustaar_webhook::{events, Webhook};
///
/// async fn hello(n: StepReached) -> StepReachedResponse {
///     let name = n.session.get_str("name").unwrap_or("there").to_owned();
///     StepReachedResponse::new().action(SendTextAction::new(format!("Hello {name}")))
/// }
///
/// let app: axum::Router = Webhook::new()
///     .private_key("my-private-key")
///     .basic_auth("bot", "s3cret")
///     .request_max_age(Some(Duration::from_secs(30)))
///     .on(events::CONVERSATION_STEP_REACHED, hello)
///     .into_router();
/// ```
pub struct Webhook<S = ()> {
    security: SecurityConfig,
    body_limit: usize,
    path: String,
    router: RouteTable<S>,
    on_rejection: Option<RejectionHook>,
    response_validation: ResponseValidation,
}

impl<S: Clone + Send + Sync + 'static> Default for Webhook<S> {
    fn default() -> Self {
        Webhook {
            security: SecurityConfig::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            path: "/".to_owned(),
            router: RouteTable::new(),
            on_rejection: None,
            response_validation: ResponseValidation::default(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Webhook<S> {
    /// A webhook with no private key, no basic authentication, replay prevention on (10 s) and
    /// no routes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the `X-Hub-Signature` of every request with this private key.
    ///
    /// Call it again to accept several keys at once while rotating them.
    pub fn private_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.security = self.security.private_key(key);
        self
    }

    /// Requires HTTP basic authentication with these credentials.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.security = self.security.basic_auth(username, password);
        self
    }

    /// Rejects requests whose `Date` is older than `max_age` (default 10 s); `None` turns replay
    /// prevention off.
    pub fn request_max_age(mut self, max_age: Option<Duration>) -> Self {
        self.security = match max_age {
            Some(max_age) => self.security.max_age(max_age),
            None => self.security.without_replay_prevention(),
        };
        self
    }

    /// Rejects requests whose `Date` is more than `skew` ahead of now (default: the max age).
    ///
    /// Has no effect while replay prevention is off.
    pub fn max_future_skew(mut self, skew: Duration) -> Self {
        if let Some(policy) = self.security.replay_policy().copied() {
            self.security = self
                .security
                .replay_prevention(policy.max_future_skew(skew));
        }
        self
    }

    /// Replaces all security settings at once.
    pub fn security(mut self, security: SecurityConfig) -> Self {
        self.security = security;
        self
    }

    /// Bodies larger than `bytes` get `413` before any check runs (default 2 MiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Serves the webhook on `path` instead of `/`.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Answers every notification of `event` (its `topic`) with `handler`.
    pub fn on<H: Handler<T, S>, T: 'static>(
        mut self,
        event: impl Into<String>,
        handler: H,
    ) -> Self {
        self.router = self.router.on(event, handler);
        self
    }

    /// Adds a route with filters.
    pub fn route(mut self, route: Route<S>) -> Self {
        self.router = self.router.route(route);
        self
    }

    /// Adds all the routes of a route table, after the ones already here.
    ///
    /// [`routes!`](crate::routes) builds one from handlers declared with [`#[on(...)]`](crate::on).
    pub fn routes(mut self, routes: RouteTable<S>) -> Self {
        self.router = self.router.merge(routes);
        self
    }

    /// Answers the notifications no route takes, instead of the `404` JSON error.
    pub fn fallback<H: Handler<T, S>, T: 'static>(mut self, handler: H) -> Self {
        self.router = self.router.fallback(handler);
        self
    }

    /// Calls `hook` with every rejection the webhook answers (for metrics).
    pub fn on_rejection(mut self, hook: impl Fn(&Rejection) + Send + Sync + 'static) -> Self {
        self.on_rejection = Some(Arc::new(hook));
        self
    }

    /// What to do with a handler's answer that breaks the platform's rules:
    /// [`ResponseValidation::Reject`] (the default) answers `500` with every violation and its
    /// path, `Warn` logs them and sends it, `Off` sends it unchecked.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, ResponseValidation, Webhook};
    ///
    /// async fn too_long(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::alternatives((0..11).map(|i| i.to_string())))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().on(events::CONVERSATION_STEP_REACHED, too_long);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(response.status(), 500);
    /// assert!(response.error().description.unwrap().contains("`actions.0.alternatives`"));
    ///
    /// let webhook = Webhook::new()
    ///     .response_validation(ResponseValidation::Warn)
    ///     .on(events::CONVERSATION_STEP_REACHED, too_long);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(response.status(), 200);
    /// # }
    /// ```
    pub fn response_validation(mut self, policy: ResponseValidation) -> Self {
        self.response_validation = policy;
        self
    }

    /// The security settings, which the test kit signs and authenticates its requests with.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn security_config(&self) -> &SecurityConfig {
        &self.security
    }

    /// The path the webhook is served on, which the test kit posts to.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn served_path(&self) -> &str {
        &self.path
    }

    /// The axum router serving the webhook, or why its routes cannot work.
    pub fn try_into_router(self) -> Result<axum::Router<S>, RouteError> {
        self.try_into_router_and_pipeline()
            .map(|(router, _)| router)
    }

    /// The router, and the pipeline it runs, which the test kit asks which route takes a body.
    fn try_into_router_and_pipeline(
        self,
    ) -> Result<(axum::Router<S>, Arc<Pipeline<S>>), RouteError> {
        self.router.check()?;
        let path = self.path.clone();
        let pipeline = Arc::new(Pipeline {
            security: self.security,
            body_limit: self.body_limit,
            router: self.router,
            on_rejection: self.on_rejection,
            response_validation: self.response_validation,
        });
        let serving = Arc::clone(&pipeline);
        let on_other_method = Arc::clone(&pipeline);
        let method_router = on(
            MethodFilter::POST,
            move |State(state): State<S>, request: Request| serving.handle(state, request),
        )
        // The `405` is a rejection too: the hook sees it.
        .fallback(move || {
            let pipeline = Arc::clone(&on_other_method);
            async move { pipeline.reject(Rejection::MethodNotAllowed) }
        });
        Ok((axum::Router::new().route(&path, method_router), pipeline))
    }

    /// The router, and a function naming the route that takes a request body: the test kit
    /// names it when an answer is not what a test expected. Nothing is added to the requests'
    /// path: the body is routed again, apart, only when asked.
    #[cfg(feature = "testing")]
    #[track_caller]
    pub(crate) fn into_router_and_route_finder(self) -> (axum::Router<S>, RouteFinder) {
        match self.try_into_router_and_pipeline() {
            Ok((router, pipeline)) => {
                let finder: RouteFinder = Arc::new(move |body: &Bytes| {
                    let mut notification = Notification::parse(body.clone()).ok()?;
                    let (_, route) = pipeline.router.find(&mut notification)?;
                    Some(route.label().to_owned())
                });
                (router, finder)
            }
            Err(error) => panic!("{error}"),
        }
    }

    /// The axum router serving the webhook.
    ///
    /// # Panics
    /// When a route can never match (see [`RouteTable::check`]); use
    /// [`try_into_router`](Self::try_into_router) to get the error instead.
    #[track_caller]
    pub fn into_router(self) -> axum::Router<S> {
        // A `match`, not `unwrap_or_else`: a closure would lose the caller's location.
        match self.try_into_router() {
            Ok(router) => router,
            Err(error) => panic!("{error}"),
        }
    }
}

impl<S> fmt::Debug for Webhook<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("security", &self.security)
            .field("body_limit", &self.body_limit)
            .field("path", &self.path)
            .field("router", &self.router)
            .field("response_validation", &self.response_validation)
            .finish_non_exhaustive()
    }
}

/// Names the route that takes a request body, if any (see
/// [`Webhook::into_router_and_route_finder`]).
#[cfg(feature = "testing")]
pub(crate) type RouteFinder = Arc<dyn Fn(&Bytes) -> Option<String> + Send + Sync>;

/// What a built webhook runs for each request.
struct Pipeline<S> {
    security: SecurityConfig,
    body_limit: usize,
    router: RouteTable<S>,
    on_rejection: Option<RejectionHook>,
    response_validation: ResponseValidation,
}

impl<S: Clone + Send + Sync + 'static> Pipeline<S> {
    /// The future answering one request.
    ///
    /// One `async` block behind a plain function, not nested `async fn`s: each of those would
    /// keep its own copy of the request parts, and axum allocates this future for every request.
    fn handle(
        self: &Arc<Self>,
        state: S,
        request: Request,
    ) -> impl Future<Output = Response> + Send + use<S> {
        let pipeline = Arc::clone(self);
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
            let started = match read_body(body, &parts.headers, pipeline.body_limit).await {
                Ok(body) => pipeline.start(parts, state, body),
                Err(rejection) => Err(rejection),
            };
            let outcome = match started {
                Ok(answer) => pipeline.response_validation.scope(answer).await,
                Err(rejection) => Err(rejection),
            };
            let response = outcome.unwrap_or_else(|rejection| pipeline.reject(rejection));
            tracing::Span::current().record("status", response.status().as_u16());
            response
        }
        .instrument(span)
    }

    /// Checks, reads and routes a request whose body is in: the handler's future, or why not.
    fn start(&self, parts: Parts, state: S, body: Bytes) -> Result<BoxResponseFuture, Rejection> {
        self.security
            .check(&parts.headers, &body, SystemTime::now())?;
        let notification = Notification::parse(body)?;
        record_notification(&notification);
        self.router.start(parts, state, notification)
    }

    fn reject(&self, rejection: Rejection) -> Response {
        rejection.log();
        if let Some(hook) = &self.on_rejection {
            hook(&rejection);
        }
        rejection.into_response()
    }
}

fn record_notification(notification: &Notification) {
    let span = tracing::Span::current();
    if span.is_disabled() {
        return;
    }
    span.record("topic", notification.topic());
    span.record("bot_id", notification.bot_id());
    span.record("step_id", notification.step_id());
}

/// Reads the body, refusing one over `limit` bytes before reading it when its length is known.
pub(crate) async fn read_body(
    body: Body,
    headers: &HeaderMap,
    limit: usize,
) -> Result<Bytes, Rejection> {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Rejection::PayloadTooLarge);
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<LengthLimitError>() => Err(Rejection::PayloadTooLarge),
        Err(error) => Err(Rejection::from_body_error(&*error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// axum allocates this future for every request: it stays under glibc's per-thread cache
    /// limit (1,032 bytes), above which allocations take a slower path.
    #[test]
    fn the_request_future_stays_small() {
        let pipeline: Arc<Pipeline<()>> = Arc::new(Pipeline {
            security: SecurityConfig::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            router: RouteTable::new(),
            on_rejection: None,
            response_validation: ResponseValidation::default(),
        });
        let future = pipeline.handle((), Request::new(Body::empty()));
        assert!(
            std::mem::size_of_val(&future) < 1024,
            "{} bytes",
            std::mem::size_of_val(&future)
        );
    }
}
