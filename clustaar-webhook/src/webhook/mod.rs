//! The `Webhook` builder: security settings and routes, turned into an axum router.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "testing")]
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::routing::{MethodFilter, on};

#[cfg(feature = "testing")]
use crate::extract::Notification;
use crate::rejection::Rejection;
use crate::replay_store::{ReplayStore, StoreFailurePolicy};
use crate::response::ResponseValidation;
use crate::routing::{Handler, Route, RouteTable};
use crate::schemas::StepReachedResponse;
use crate::security::SecurityConfig;

mod body;
mod build_error;
mod deadline;
mod deliveries;
mod outcome;
mod pipeline;
mod run_to_end;
mod span;

pub use build_error::BuildError;
use deadline::Deadline;
use deliveries::Deliveries;
pub use outcome::Outcome;
use outcome::{OutcomeHook, RejectionHook};
use pipeline::Pipeline;

/// The default body limit: 2 MiB, as axum's.
///
/// ```
/// use clustaar_webhook::{DEFAULT_BODY_LIMIT, Webhook};
///
/// assert_eq!(DEFAULT_BODY_LIMIT, 2 * 1024 * 1024);
/// // Twice the default, for bots whose sessions carry large values.
/// let webhook: Webhook = Webhook::new().private_key("key").body_limit(2 * DEFAULT_BODY_LIMIT);
/// # let _ = webhook.into_router();
/// ```
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

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
    on_outcome: Option<OutcomeHook>,
    response_validation: ResponseValidation,
    handler_timeout: Option<Duration>,
    on_timeout: Option<StepReachedResponse>,
    replay_store: StoreChoice,
    store_failure: StoreFailurePolicy,
}

/// Which replay store a webhook uses.
#[derive(Clone)]
enum StoreChoice {
    /// A new [`MemoryStore`](crate::replay_store::MemoryStore) when replay prevention is on.
    Default,
    /// The user's.
    Given(Arc<dyn ReplayStore>),
    /// None: replay prevention is the time window alone.
    Off,
}

impl<S: Clone + Send + Sync + 'static> Default for Webhook<S> {
    fn default() -> Self {
        Webhook {
            security: SecurityConfig::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            path: "/".to_owned(),
            router: RouteTable::new(),
            on_rejection: None,
            on_outcome: None,
            response_validation: ResponseValidation::default(),
            handler_timeout: None,
            on_timeout: None,
            replay_store: StoreChoice::Default,
            store_failure: StoreFailurePolicy::default(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Webhook<S> {
    /// A webhook with no private key, no basic authentication, replay prevention on (10 s) and
    /// no routes.
    ///
    /// It does not build until it has a [`private_key`](Self::private_key), or
    /// [`allow_unsigned`](Self::allow_unsigned) says that unsigned notifications are meant.
    ///
    /// ```
    /// use clustaar_webhook::security::SecurityConfigError;
    /// use clustaar_webhook::{BuildError, Webhook};
    ///
    /// let webhook: Webhook = Webhook::new();
    /// let error = webhook.try_into_router().unwrap_err();
    /// assert!(matches!(error, BuildError::Security(SecurityConfigError::Unsigned)));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Accepts notifications without a signature when no private key is set.
    ///
    /// Without a private key, anyone who finds the webhook's address can make the bot say
    /// anything, so a webhook with neither refuses to build
    /// ([`SecurityConfigError::Unsigned`](crate::security::SecurityConfigError::Unsigned)):
    /// this says it is meant (local development, tests, a webhook behind another
    /// authenticating proxy). It changes nothing once a key is set. It is part of the security
    /// settings: [`security`](Self::security) replaces it with the given configuration's.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    ///
    /// assert!(Webhook::<()>::new().try_into_router().is_err());
    /// assert!(Webhook::<()>::new().allow_unsigned().try_into_router().is_ok());
    /// assert!(Webhook::<()>::new().private_key("key").try_into_router().is_ok());
    /// ```
    pub fn allow_unsigned(mut self) -> Self {
        self.security = self.security.allow_unsigned();
        self
    }

    /// Checks the `X-Hub-Signature` of every request with this private key.
    ///
    /// Call it again to accept several keys at once while rotating them. An empty key, or one
    /// made only of whitespace, does not build
    /// ([`SecurityConfigError::BlankPrivateKey`](crate::security::SecurityConfigError::BlankPrivateKey));
    /// a key under 16 bytes builds, with a warning in the log.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// // The old key and the new one, while the bot's settings change.
    /// let client = TestClient::new(Webhook::new().private_key("old").private_key("new"));
    /// assert_eq!(client.request().signed_with("new").send().await.status(), 404);
    /// assert_eq!(client.request().signed_with("old").send().await.status(), 404);
    /// let response = client.request().signed_with("other").send().await;
    /// response.assert_rejected(&Rejection::SignatureInvalid);
    /// # }
    /// ```
    pub fn private_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.security = self.security.private_key(key);
        self
    }

    /// Serves several bots, each notification checked with the secrets of the bot it names
    /// (its `botID`), found in `source`: see
    /// [`SecurityConfig::bots`](crate::security::SecurityConfig::bots). The webhook then has no
    /// private key of its own.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::security::{BotSecrets, StaticBots};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let bots = StaticBots::new()
    ///     .bot("shop", BotSecrets::new().private_key("shop's key"))
    ///     .bot("bank", BotSecrets::new().private_key("bank's key"));
    /// let client = TestClient::new(Webhook::new().bots(bots));
    /// let shop = NotificationBuilder::new().bot_id("shop").to_json();
    /// let from_shop = |key: &str| client.request().body(shop.clone()).signed_with(key);
    /// assert_eq!(from_shop("shop's key").send().await.status(), 404);
    /// from_shop("bank's key").send().await.assert_rejected(&Rejection::SignatureInvalid);
    /// # }
    /// ```
    pub fn bots(mut self, source: impl crate::security::BotSecretSource) -> Self {
        self.security = self.security.bots(source);
        self
    }

    /// Requires HTTP basic authentication with these credentials.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key").basic_auth("bot", "s3cret"));
    /// let response = client.request().basic_auth("bot", "wrong").send().await;
    /// response.assert_rejected(&Rejection::InvalidCredentials);
    /// # }
    /// ```
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.security = self.security.basic_auth(username, password);
        self
    }

    /// Rejects requests whose `Date` is older than `max_age` (default 10 s); `None` turns replay
    /// prevention off.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use clustaar_webhook::rejection::Rejection;
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let a_minute_ago = SystemTime::now() - Duration::from_secs(60);
    /// let strict = TestClient::new(Webhook::new().private_key("key"));
    /// let response = strict.request().date_at(a_minute_ago).send().await;
    /// response.assert_rejected(&Rejection::RequestTooOld);
    ///
    /// let off = TestClient::new(Webhook::new().private_key("key").request_max_age(None));
    /// let response = off.request().date_at(a_minute_ago).send().await;
    /// assert_eq!(response.error().title, "404 Not Found"); // past the checks: no route here
    /// # }
    /// ```
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
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use clustaar_webhook::rejection::Rejection;
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").max_future_skew(Duration::from_secs(2));
    /// let in_a_minute = SystemTime::now() + Duration::from_secs(60);
    /// let response = TestClient::new(webhook).request().date_at(in_a_minute).send().await;
    /// response.assert_rejected(&Rejection::DateInFuture);
    /// # }
    /// ```
    pub fn max_future_skew(mut self, skew: Duration) -> Self {
        if let Some(policy) = self.security.replay_policy().copied() {
            self.security = self
                .security
                .replay_prevention(policy.max_future_skew(skew));
        }
        self
    }

    /// Replaces all security settings at once.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::security::SecurityConfig;
    /// use clustaar_webhook::Webhook;
    ///
    /// let security = SecurityConfig::new()
    ///     .private_keys(["old key", "new key"])
    ///     .basic_auth("bot", "s3cret")
    ///     .max_age(Duration::from_secs(30));
    /// let webhook: Webhook = Webhook::new().security(security);
    /// assert!(webhook.try_into_router().is_ok());
    /// ```
    pub fn security(mut self, security: SecurityConfig) -> Self {
        self.security = security;
        self
    }

    /// Bodies larger than `bytes` get `413` before any check runs (default 2 MiB).
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key").body_limit(16));
    /// let response = client.post(r#"{"topic": "conversation.step_reached"}"#).await;
    /// response.assert_rejected(&Rejection::PayloadTooLarge);
    /// # }
    /// ```
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Serves the webhook on `path` instead of `/`.
    ///
    /// ```
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key").path("/clustaar"));
    /// // The test client posts to the webhook's path; nothing is served on `/`.
    /// assert_eq!(client.request().send().await.error().title, "404 Not Found");
    /// assert!(client.request().path("/").send().await.body().is_empty());
    /// # }
    /// ```
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Answers every notification of `event` (its `topic`) with `handler`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn hello(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(response.texts(), ["Hello"]);
    /// # }
    /// ```
    pub fn on<H: Handler<T, S>, T: 'static>(
        mut self,
        event: impl Into<String>,
        handler: H,
    ) -> Self {
        self.router = self.router.on(event, handler);
        self
    }

    /// Adds a route with filters.
    ///
    /// ```
    /// use clustaar_webhook::filters::StepId;
    /// use clustaar_webhook::routing::Route;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn order(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("Your order is on its way"))
    /// }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// const STEP: &str = "507f191e810c19729de860ea";
    /// let route = Route::new(events::CONVERSATION_STEP_REACHED, order).filter(StepId::new(STEP));
    /// let client = TestClient::new(Webhook::new().private_key("key").route(route));
    /// let response = client.send(NotificationBuilder::new().step_id(STEP)).await;
    /// assert_eq!(response.texts(), ["Your order is on its way"]);
    /// assert_eq!(client.send(NotificationBuilder::new()).await.status(), 404);
    /// # }
    /// ```
    pub fn route(mut self, route: Route<S>) -> Self {
        self.router = self.router.route(route);
        self
    }

    /// Adds all the routes of a route table, after the ones already here.
    ///
    /// [`routes!`](crate::routes) builds one from handlers declared with [`#[on(...)]`](crate::on).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on(step_id = "507f191e810c19729de860ea")]
    /// async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// #[on]
    /// async fn anything_else(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").routes(routes![order, anything_else]);
    /// let client = TestClient::new(webhook);
    /// let order_step = NotificationBuilder::new().step_id("507f191e810c19729de860ea");
    /// assert_eq!(client.send(order_step).await.route(), Some("order"));
    /// assert_eq!(client.send(NotificationBuilder::new()).await.route(), Some("anything_else"));
    /// # }
    /// ```
    pub fn routes(mut self, routes: RouteTable<S>) -> Self {
        self.router = self.router.merge(routes);
        self
    }

    /// Answers the notifications no route takes, instead of the `404` JSON error.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReachedResponse, WebhookRequest};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::Webhook;
    ///
    /// async fn sorry(_: WebhookRequest) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("Sorry, I cannot help here"))
    /// }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key").fallback(sorry));
    /// let response = client.send(NotificationBuilder::new()).await;
    /// assert_eq!(response.texts(), ["Sorry, I cannot help here"]);
    /// # }
    /// ```
    pub fn fallback<H: Handler<T, S>, T: 'static>(mut self, handler: H) -> Self {
        self.router = self.router.fallback(handler);
        self
    }

    /// Calls `hook` with every rejection the webhook answers: a failed check, a notification
    /// no route takes, an extractor's refusal, a handler that panicked or timed out, an answer
    /// that breaks the platform's rules.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&seen);
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on_rejection(move |rejection| log.lock().unwrap().push(rejection.name()));
    /// let client = TestClient::new(webhook);
    /// client.request().signed_with("wrong key").send().await;
    /// client.request().send().await; // no route takes it
    /// assert_eq!(*seen.lock().unwrap(), ["SignatureInvalid", "NotFound"]);
    /// # }
    /// ```
    pub fn on_rejection(mut self, hook: impl Fn(&Rejection) + Send + Sync + 'static) -> Self {
        self.on_rejection = Some(Arc::new(hook));
        self
    }

    /// Calls `hook` once for every request the webhook answers, with its route, status and
    /// duration: what a Prometheus or OpenTelemetry exporter needs (see the `metrics`
    /// example).
    ///
    /// The hook runs on the request's task, before the answer is sent: keep it short (update
    /// a counter, record a histogram).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::sync::Arc;
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn answer(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let answered = Arc::new(AtomicU64::new(0));
    /// let counter = Arc::clone(&answered);
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, answer)
    ///     .on_outcome(move |outcome| {
    ///         assert_eq!(outcome.status(), 200);
    ///         counter.fetch_add(1, Ordering::Relaxed);
    ///     });
    /// TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(answered.load(Ordering::Relaxed), 1);
    /// # }
    /// ```
    pub fn on_outcome(mut self, hook: impl Fn(&Outcome<'_>) + Send + Sync + 'static) -> Self {
        self.on_outcome = Some(Arc::new(hook));
        self
    }

    /// Gives each handler at most `timeout` to answer. Past it, the handler's future is dropped
    /// and the platform gets the [`on_timeout`](Self::on_timeout) answer, or without one a
    /// `504` JSON error ([`Rejection::HandlerTimeout`]); a warning names the route.
    ///
    /// Off by default. It needs tokio's timer, which `#[tokio::main]` turns on.
    ///
    /// A handler runs in a task of its own once it started: a client that goes away does not
    /// cancel it halfway through its side effects, and its answer is kept in the replay store
    /// for the platform's retry. This timeout is what bounds such a task.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn slow(_: StepReached) -> StepReachedResponse {
    ///     tokio::time::sleep(Duration::from_secs(60)).await;
    ///     StepReachedResponse::new()
    /// }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .handler_timeout(Duration::from_millis(50))
    ///     .on_timeout(StepReachedResponse::new().action(SendTextAction::new("One moment please")))
    ///     .on(events::CONVERSATION_STEP_REACHED, slow);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(response.status(), 200);
    /// assert_eq!(response.texts(), ["One moment please"]);
    /// # }
    /// ```
    pub fn handler_timeout(mut self, timeout: Duration) -> Self {
        self.handler_timeout = Some(timeout);
        self
    }

    /// Answers each delivery once, remembering the answered ones in `store` (instead of the
    /// default in-memory one): a copy of a delivery answered before gets the same answer
    /// without running its handler, a copy that arrives while the first is being answered gets
    /// `409` JSON ([`Rejection::DeliveryInProgress`]). See [`replay_store`](crate::replay_store).
    ///
    /// By default a webhook with replay prevention on keeps its deliveries in a new
    /// [`MemoryStore`](crate::replay_store::MemoryStore) (feature `memory-store`); give a
    /// shared store (`RedisStore`, feature `redis`) when several instances serve one bot. A
    /// store needs replay prevention: without a window, a delivery would have to be kept
    /// forever, so building fails ([`BuildError::ReplayStoreWithoutWindow`]).
    ///
    /// ```
    /// use clustaar_webhook::replay_store::MemoryStore;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// static CALLS: AtomicUsize = AtomicUsize::new(0);
    ///
    /// async fn count(_: StepReached) -> StepReachedResponse {
    ///     let n = CALLS.fetch_add(1, Ordering::SeqCst) + 1;
    ///     StepReachedResponse::new().action(SendTextAction::new(format!("call {n}")))
    /// }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .replay_store(MemoryStore::new())
    ///     .on(events::CONVERSATION_STEP_REACHED, count);
    /// let client = TestClient::new(webhook);
    /// // One request sent twice: the same date, body and signature.
    /// let request = client.request().date_at(std::time::SystemTime::now());
    /// let first = request.clone().send().await;
    /// let copy = request.send().await;
    /// assert_eq!(first.texts(), ["call 1"]);
    /// assert_eq!(copy.body(), first.body()); // the same bytes, and the handler ran once
    /// assert_eq!(CALLS.load(Ordering::SeqCst), 1);
    /// # }
    /// ```
    pub fn replay_store(mut self, store: impl ReplayStore) -> Self {
        self.replay_store = StoreChoice::Given(Arc::new(store));
        self
    }

    /// Uses no replay store: replay prevention is then the time window alone, and a copy of a
    /// request sent within the window runs its handler again.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// let webhook: Webhook = Webhook::new().allow_unsigned().without_replay_store();
    /// # let _ = webhook.into_router();
    /// ```
    pub fn without_replay_store(mut self) -> Self {
        self.replay_store = StoreChoice::Off;
        self
    }

    /// What to do when the replay store cannot answer: refuse the notification with `503`
    /// JSON ([`StoreFailurePolicy::FailClosed`], the default) or handle it as new, with a
    /// warning ([`StoreFailurePolicy::FailOpen`]).
    ///
    /// ```
    /// use clustaar_webhook::replay_store::StoreFailurePolicy;
    /// use clustaar_webhook::Webhook;
    /// let webhook: Webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on_store_failure(StoreFailurePolicy::FailOpen);
    /// # let _ = webhook.into_router();
    /// ```
    pub fn on_store_failure(mut self, policy: StoreFailurePolicy) -> Self {
        self.store_failure = policy;
        self
    }

    /// What to answer when a handler passes its [`handler_timeout`](Self::handler_timeout):
    /// a message such as "One moment please" keeps the conversation going. It is checked
    /// against the platform's rules and written once, when the webhook is built.
    ///
    /// ```
    /// use std::time::Duration;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReachedResponse};
    /// use clustaar_webhook::{BuildError, Webhook};
    ///
    /// let webhook: Webhook = Webhook::new()
    ///     .private_key("key")
    ///     .handler_timeout(Duration::from_secs(2))
    ///     .on_timeout(StepReachedResponse::new().action(SendTextAction::new("One moment")));
    /// assert!(webhook.try_into_router().is_ok());
    ///
    /// // Eleven alternatives are more than a text may have: the webhook does not build.
    /// let too_many = SendTextAction::alternatives((0..11).map(|i| i.to_string()));
    /// let webhook: Webhook = Webhook::new()
    ///     .private_key("key")
    ///     .handler_timeout(Duration::from_secs(2))
    ///     .on_timeout(StepReachedResponse::new().action(too_many));
    /// assert!(matches!(webhook.try_into_router(), Err(BuildError::InvalidTimeoutAnswer(_))));
    /// ```
    pub fn on_timeout(mut self, answer: StepReachedResponse) -> Self {
        self.on_timeout = Some(answer);
        self
    }

    /// What to do with a handler's answer that breaks the platform's rules:
    /// [`ResponseValidation::Reject`] (the default) answers `500` with every violation and its
    /// path, `Warn` logs them and sends it, `Off` sends it unchecked.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, ResponseValidation, Webhook};
    ///
    /// async fn too_long(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::alternatives((0..11).map(|i| i.to_string())))
    /// }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, too_long);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(response.status(), 500);
    /// assert!(response.error().description.unwrap().contains("`actions.0.alternatives`"));
    ///
    /// let webhook = Webhook::new()
    ///     .private_key("key")
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

    /// The axum router serving the webhook, or why it cannot be built: a route that can never
    /// match, no private key without [`allow_unsigned`](Self::allow_unsigned), an invalid
    /// [`on_timeout`](Self::on_timeout) answer.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// use clustaar_webhook::routing::RouteError;
    /// use clustaar_webhook::{events, BuildError, Webhook};
    ///
    /// async fn a(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// // The first route takes every notification of its event: the second never gets one.
    /// let webhook: Webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, a)
    ///     .on(events::CONVERSATION_STEP_REACHED, a);
    /// let error = webhook.try_into_router().unwrap_err();
    /// assert!(matches!(error, BuildError::Route(RouteError::Unreachable { .. })));
    /// ```
    pub fn try_into_router(self) -> Result<axum::Router<S>, BuildError> {
        self.try_into_router_and_pipeline()
            .map(|(router, _)| router)
    }

    /// The router, and the pipeline it runs, which the test kit asks which route takes a body.
    /// The replay store the built webhook uses, with its window.
    fn deliveries(&self) -> Result<Option<Deliveries>, BuildError> {
        let store = match (&self.replay_store, self.security.replay_policy()) {
            (StoreChoice::Off, _) | (StoreChoice::Default, None) => return Ok(None),
            (StoreChoice::Given(_), None) => return Err(BuildError::ReplayStoreWithoutWindow),
            (StoreChoice::Given(store), Some(_)) => Arc::clone(store),
            #[cfg(feature = "memory-store")]
            (StoreChoice::Default, Some(_)) => Arc::new(crate::replay_store::MemoryStore::new()),
            #[cfg(not(feature = "memory-store"))]
            (StoreChoice::Default, Some(_)) => return Ok(None),
        };
        Ok(self
            .security
            .replay_policy()
            .map(|policy| Deliveries::new(store, policy, self.store_failure)))
    }

    fn try_into_router_and_pipeline(
        self,
    ) -> Result<(axum::Router<S>, Arc<Pipeline<S>>), BuildError> {
        self.router.check()?;
        self.security.validate()?;
        self.security.warn_of_short_keys();
        let deadline = self
            .handler_timeout
            .map(|timeout| Deadline::new(timeout, self.on_timeout.as_ref()))
            .transpose()?;
        let deliveries = self.deliveries()?;
        let path = self.path.clone();
        let pipeline = Arc::new(Pipeline {
            security: self.security,
            body_limit: self.body_limit,
            router: self.router,
            on_rejection: self.on_rejection,
            on_outcome: self.on_outcome,
            response_validation: self.response_validation,
            deadline,
            deliveries,
        });
        let serving = Arc::clone(&pipeline);
        let on_other_method = Arc::clone(&pipeline);
        let method_router = on(
            MethodFilter::POST,
            // Boxed here, so that axum's own future around it stays small and both allocations
            // keep to the allocator's per-thread cache (see the size test below).
            move |State(state): State<S>, request: Request| {
                Box::pin(serving.handle(state, request))
            },
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
    pub(crate) fn into_router_and_route_finder(mut self) -> (axum::Router<S>, RouteFinder) {
        // A test sends one notification as often as it likes: each send is a delivery of its
        // own unless the test gave a store on purpose.
        if matches!(self.replay_store, StoreChoice::Default) {
            self.replay_store = StoreChoice::Off;
        }
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
    /// When the webhook cannot be built (see [`BuildError`]); use
    /// [`try_into_router`](Self::try_into_router) to get the error instead.
    ///
    /// ```
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook: axum::Router = Webhook::new().private_key("key").into_router();
    /// // A router like any other: nested here under `/hooks`, next to the app's own routes.
    /// let app = axum::Router::new().nest("/hooks", webhook);
    /// let client = TestClient::from_router(app).path("/hooks").private_key("key");
    /// assert_eq!(client.request().send().await.error().title, "404 Not Found");
    /// # }
    /// ```
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
            .field("handler_timeout", &self.handler_timeout)
            .finish_non_exhaustive()
    }
}

/// Names the route that takes a request body, if any (see
/// [`Webhook::into_router_and_route_finder`]).
#[cfg(feature = "testing")]
pub(crate) type RouteFinder = Arc<dyn Fn(&Bytes) -> Option<String> + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The webhook boxes this future for every request: it stays under glibc's per-thread cache
    /// limit (1,032 bytes), above which allocations take a slower path (measured: some 5,000
    /// instructions a request).
    #[test]
    fn the_request_future_stays_small() {
        let pipeline = pipeline();
        let future = pipeline.handle((), Request::new(axum::body::Body::empty()));
        assert!(
            std::mem::size_of_val(&future) < 1024,
            "{} bytes",
            std::mem::size_of_val(&future)
        );
    }

    /// A pipeline with every stage that has a state: a deadline and a replay store.
    pub(super) fn pipeline() -> Arc<Pipeline<()>> {
        Arc::new(Pipeline {
            security: SecurityConfig::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            router: RouteTable::new(),
            on_rejection: None,
            on_outcome: None,
            response_validation: ResponseValidation::default(),
            deadline: Some(Deadline::new(Duration::from_secs(1), None).unwrap()),
            deliveries: Some(Deliveries::new(
                Arc::new(crate::replay_store::MemoryStore::new()),
                &crate::security::ReplayPolicy::default(),
                StoreFailurePolicy::default(),
            )),
        })
    }
}
