//! Posting notifications to a webhook in-process, as the platform would, and reading the answer.

use std::fmt;
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tower::ServiceExt;

use super::NotificationBuilder;
use crate::Webhook;
use crate::rejection::Rejection;
use crate::schemas::{Action, StepReachedResponse};
use crate::security::{Credentials, SIGNATURE_HEADER, SigningKey};
use crate::webhook::RouteFinder;

/// Posts requests to a webhook in-process (no socket), signed and authenticated as the platform
/// does.
///
/// Built over a [`Webhook`] ([`new`](Self::new), [`with_state`](Self::with_state)), it signs
/// with the webhook's first private key and authenticates with its credentials, if any; built
/// over any axum router ([`from_router`](Self::from_router)), it uses the key and credentials
/// given with [`private_key`](Self::private_key) and [`basic_auth`](Self::basic_auth). Every
/// request carries a fresh `Date`.
///
/// ```
/// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
/// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
/// use clustaar_webhook::{events, Webhook};
///
/// async fn hello(_: StepReached) -> StepReachedResponse {
///     StepReachedResponse::new().action(SendTextAction::new("Hello"))
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let webhook = Webhook::new()
///     .private_key("key")
///     .basic_auth("bot", "secret")
///     .on(events::CONVERSATION_STEP_REACHED, hello);
/// let client = TestClient::new(webhook);
/// let response = client.send(NotificationBuilder::new()).await;
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.texts(), ["Hello"]);
/// # }
/// ```
#[derive(Clone)]
pub struct TestClient {
    router: axum::Router,
    route_finder: Option<RouteFinder>,
    path: String,
    signing_key: Option<SigningKey>,
    credentials: Option<Credentials>,
    /// The bot its default notifications come from, when set.
    bot_id: Option<String>,
}

impl fmt::Debug for TestClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestClient")
            .field("path", &self.path)
            .field("signing_key", &self.signing_key)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl TestClient {
    /// A client of `webhook`, with its security settings.
    ///
    /// Each request it sends is a delivery of its own: the webhook's default in-memory replay
    /// store is left out, so sending one notification twice runs its handler twice. To test
    /// how copies of one delivery are answered, give the webhook a store
    /// ([`Webhook::replay_store`]) and send one request twice (with a fixed
    /// [`date_at`](TestRequest::date_at)).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let client = TestClient::new(webhook);
    /// let notification = NotificationBuilder::new();
    /// assert_eq!(client.send(&notification).await.texts(), ["Hello"]);
    /// // The same notification again: a new delivery, answered again.
    /// assert_eq!(client.send(&notification).await.texts(), ["Hello"]);
    /// # }
    /// ```
    ///
    /// # Panics
    /// When a route of the webhook can never match (as [`Webhook::into_router`]).
    #[track_caller]
    pub fn new(webhook: Webhook) -> Self {
        Self::with_state(webhook, ())
    }

    /// A client of `webhook`, whose handlers get `state`, with its security settings.
    ///
    /// ```
    /// use axum::extract::State;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn greet(State(greeting): State<&'static str>, _: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new(greeting))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, greet);
    /// let client = TestClient::with_state(webhook, "Bonjour");
    /// assert_eq!(client.send(NotificationBuilder::new()).await.texts(), ["Bonjour"]);
    /// # }
    /// ```
    ///
    /// # Panics
    /// When a route of the webhook can never match (as [`Webhook::into_router`]).
    #[track_caller]
    pub fn with_state<S: Clone + Send + Sync + 'static>(webhook: Webhook<S>, state: S) -> Self {
        let security = webhook.security_config();
        let signing_key = security.signing_keys().first().cloned();
        let credentials = security.credentials().cloned();
        let path = webhook.served_path().to_owned();
        let (router, route_finder) = webhook.into_router_and_route_finder();
        TestClient {
            router: router.with_state(state),
            route_finder: Some(route_finder),
            path,
            signing_key,
            credentials,
            bot_id: None,
        }
    }

    /// A client of any axum router serving a webhook on `/`: no signature and no basic
    /// authentication unless set with [`private_key`](Self::private_key) and
    /// [`basic_auth`](Self::basic_auth).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn hello(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let app = axum::Router::new().nest("/hooks", webhook.into_router());
    /// let client = TestClient::from_router(app).path("/hooks").private_key("key");
    /// assert_eq!(client.send(NotificationBuilder::new()).await.status(), 200);
    /// # }
    /// ```
    pub fn from_router(router: axum::Router) -> Self {
        TestClient {
            router,
            route_finder: None,
            path: "/".to_owned(),
            signing_key: None,
            credentials: None,
            bot_id: None,
        }
    }

    /// Signs the requests with this private key (instead of the webhook's).
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let router = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello)
    ///     .into_router();
    /// let unsigned = TestClient::from_router(router.clone());
    /// let response = unsigned.send(NotificationBuilder::new()).await;
    /// response.assert_rejected(&Rejection::SignatureMissing);
    /// let signed = TestClient::from_router(router).private_key("key");
    /// assert_eq!(signed.send(NotificationBuilder::new()).await.texts(), ["Hello"]);
    /// # }
    /// ```
    pub fn private_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.signing_key = Some(SigningKey::new(key));
        self
    }

    /// Sends as the bot `bot_id` of a webhook that serves several
    /// ([`Webhook::bots`](crate::Webhook::bots)): [`request`](Self::request)'s notification
    /// names the bot, and every request is signed with `key`, the bot's.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::security::{BotSecrets, StaticBots};
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let bots = StaticBots::new().bot("shop", BotSecrets::new().private_key("shop's key"));
    /// let client = TestClient::new(Webhook::new().bots(bots));
    /// assert_eq!(client.clone().as_bot("shop", "shop's key").request().send().await.status(), 404);
    /// let forged = client.as_bot("shop", "bank's key").request().send().await;
    /// forged.assert_rejected(&Rejection::SignatureInvalid);
    /// # }
    /// ```
    pub fn as_bot(mut self, bot_id: impl Into<String>, key: impl AsRef<[u8]>) -> Self {
        self.bot_id = Some(bot_id.into());
        self.private_key(key)
    }

    /// The notification [`request`](Self::request) sends: the sample, from this client's bot.
    fn notification(&self) -> NotificationBuilder {
        match &self.bot_id {
            Some(bot_id) => NotificationBuilder::new().bot_id(bot_id),
            None => NotificationBuilder::new(),
        }
    }

    /// Authenticates the requests with these credentials (instead of the webhook's).
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new().private_key("key").basic_auth("bot", "secret");
    /// let client = TestClient::new(webhook).basic_auth("bot", "guess");
    /// let response = client.send(NotificationBuilder::new()).await;
    /// response.assert_rejected(&Rejection::InvalidCredentials);
    /// # }
    /// ```
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::new(username, password));
        self
    }

    /// Posts the requests to `path` (default: the webhook's path, or `/`).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .path("/hooks/clustaar")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let client = TestClient::new(webhook);
    /// assert_eq!(client.send(NotificationBuilder::new()).await.status(), 200);
    /// let elsewhere = client.path("/hooks/other");
    /// assert_eq!(elsewhere.send(NotificationBuilder::new()).await.status(), 404);
    /// # }
    /// ```
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Whether the requests are signed.
    #[cfg(feature = "playground")]
    pub(crate) fn signs(&self) -> bool {
        self.signing_key.is_some()
    }

    /// The user name of the requests' basic authentication, if they have one.
    #[cfg(feature = "playground")]
    pub(crate) fn username(&self) -> Option<&str> {
        Some(&self.credentials.as_ref()?.username)
    }

    /// The path (or, outside a router, the URL) the requests are posted to.
    #[cfg(feature = "playground")]
    pub(crate) fn target_path(&self) -> &str {
        &self.path
    }

    /// A request to change before sending it: by default a `POST` of
    /// [`NotificationBuilder::new`]'s notification, dated now, signed and authenticated as the
    /// client is.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::Webhook;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let response = client.request().signed_with("wrong key").send().await;
    /// response.assert_rejected(&Rejection::SignatureInvalid);
    /// # }
    /// ```
    pub fn request(&self) -> TestRequest {
        TestRequest {
            router: self.router.clone(),
            route_finder: self.route_finder.clone(),
            method: Method::POST,
            path: self.path.clone(),
            body: self.notification().into_body(),
            date: DateHeader::Now,
            signature: SignatureHeader::Key(self.signing_key.clone()),
            authorization: AuthorizationHeader::Credentials(self.credentials.clone()),
            headers: HeaderMap::new(),
        }
    }

    /// Posts `notification` (a [`NotificationBuilder`], a
    /// [`WebhookRequest`](crate::schemas::WebhookRequest), any JSON value) as JSON.
    ///
    /// # Panics
    /// When `notification` cannot be written as JSON.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let client = TestClient::new(webhook);
    /// assert_eq!(client.send(NotificationBuilder::new()).await.texts(), ["Hello"]);
    /// let json = NotificationBuilder::new().to_value();
    /// assert_eq!(client.send(json).await.texts(), ["Hello"]);
    /// # }
    /// ```
    pub async fn send(&self, notification: impl Serialize) -> TestResponse {
        self.request().json(notification).send().await
    }

    /// Posts `body` as it is, signed and authenticated as the client is.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// client.post("[1, 2]").await.assert_rejected(&Rejection::BodyNotObject);
    /// # }
    /// ```
    pub async fn post(&self, body: impl Into<Bytes>) -> TestResponse {
        self.request().body(body).send().await
    }
}

#[derive(Debug, Clone)]
enum DateHeader {
    Now,
    At(SystemTime),
    Raw(String),
    Omitted,
}

#[derive(Debug, Clone)]
enum SignatureHeader {
    /// Signed with this key; left out for `None`.
    Key(Option<SigningKey>),
    Raw(String),
}

#[derive(Debug, Clone)]
enum AuthorizationHeader {
    /// Basic authentication with these credentials; left out for `None`.
    Credentials(Option<Credentials>),
    Raw(String),
}

/// A client of the webhook, as [`TestClient::new`]: so that what replays a transcript takes a
/// webhook or a client alike.
///
/// ```
/// use clustaar_webhook::Webhook;
/// use clustaar_webhook::testing::TestClient;
///
/// let client = TestClient::from(Webhook::new().private_key("key"));
/// assert!(format!("{client:?}").starts_with("TestClient"));
/// ```
impl From<Webhook> for TestClient {
    #[track_caller]
    fn from(webhook: Webhook) -> Self {
        TestClient::new(webhook)
    }
}

/// A request being prepared by a [`TestClient`]; [`send`](Self::send) posts it.
///
/// Every part can be changed, to test what the webhook answers to requests the platform would
/// not send: another body, date, signature or `Authorization`.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use clustaar_webhook::rejection::Rejection;
/// use clustaar_webhook::testing::TestClient;
/// use clustaar_webhook::Webhook;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let client = TestClient::new(Webhook::new().private_key("key").basic_auth("bot", "secret"));
///
/// let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
/// client.request().date_at(an_hour_ago).send().await.assert_rejected(&Rejection::RequestTooOld);
/// client.request().without_date().send().await.assert_rejected(&Rejection::DateMissing);
/// client.request().without_signature().send().await.assert_rejected(&Rejection::SignatureMissing);
/// client.request().signature("sha1=nope").send().await.assert_rejected(&Rejection::SignatureInvalid);
/// client.request().basic_auth("bot", "wrong").send().await.assert_rejected(&Rejection::InvalidCredentials);
/// let error = client.request().body("not json").send().await.error();
/// assert!(error.description.unwrap().starts_with("The request body is not valid JSON"));
/// # }
/// ```
#[must_use = "a request does nothing until it is sent"]
#[derive(Clone)]
pub struct TestRequest {
    router: axum::Router,
    route_finder: Option<RouteFinder>,
    method: Method,
    path: String,
    body: Bytes,
    date: DateHeader,
    signature: SignatureHeader,
    authorization: AuthorizationHeader,
    headers: HeaderMap,
}

impl fmt::Debug for TestRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("date", &self.date)
            .field("signature", &self.signature)
            .field("authorization", &self.authorization)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl TestRequest {
    /// Sends `body` as it is (still signed, unless the signature is changed).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let client = TestClient::new(webhook);
    /// // Indented JSON: the signature covers these very bytes.
    /// let body = serde_json::to_string_pretty(&NotificationBuilder::new()).unwrap();
    /// assert_eq!(client.request().body(body).send().await.texts(), ["Hello"]);
    /// # }
    /// ```
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sends `value` written as JSON.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn echo(n: StepReached) -> StepReachedResponse {
    /// #     let text = n.input.text().unwrap_or_default();
    /// #     StepReachedResponse::new().action(SendTextAction::new(text))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, echo);
    /// let client = TestClient::new(webhook);
    /// let notification = NotificationBuilder::new().input_text("Bonjour");
    /// assert_eq!(client.request().json(notification).send().await.texts(), ["Bonjour"]);
    /// # }
    /// ```
    ///
    /// # Panics
    /// When `value` cannot be written as JSON.
    pub fn json(mut self, value: impl Serialize) -> Self {
        let body = serde_json::to_vec(&value).expect("the body must serialize to JSON");
        self.body = Bytes::from(body);
        self
    }

    /// Dates the request at `time` (default: now).
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let in_an_hour = SystemTime::now() + Duration::from_secs(3600);
    /// let response = client.request().date_at(in_an_hour).send().await;
    /// response.assert_rejected(&Rejection::DateInFuture);
    /// # }
    /// ```
    pub fn date_at(mut self, time: SystemTime) -> Self {
        self.date = DateHeader::At(time);
        self
    }

    /// Sends this raw `Date` header value, valid or not.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let response = client.request().date("yesterday").send().await;
    /// response.assert_rejected(&Rejection::DateInvalid);
    /// # }
    /// ```
    pub fn date(mut self, value: impl Into<String>) -> Self {
        self.date = DateHeader::Raw(value.into());
        self
    }

    /// Sends no `Date` header (then the signature covers `date=None`).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// // With replay prevention off, an undated request is accepted.
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .request_max_age(None)
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let client = TestClient::new(webhook);
    /// assert_eq!(client.request().without_date().send().await.texts(), ["Hello"]);
    /// # }
    /// ```
    pub fn without_date(mut self) -> Self {
        self.date = DateHeader::Omitted;
        self
    }

    /// Signs with this key instead of the client's.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// // While keys are rotated, the webhook accepts both; the client signs with the first.
    /// let webhook = Webhook::new()
    ///     .private_key("old key")
    ///     .private_key("new key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let client = TestClient::new(webhook);
    /// assert_eq!(client.request().signed_with("new key").send().await.texts(), ["Hello"]);
    /// # }
    /// ```
    pub fn signed_with(mut self, key: impl AsRef<[u8]>) -> Self {
        self.signature = SignatureHeader::Key(Some(SigningKey::new(key)));
        self
    }

    /// Sends this raw `X-Hub-Signature` value instead of signing.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let request = client.request().signature("md5=d41d8cd98f00b204e9800998ecf8427e");
    /// let response = request.send().await;
    /// response.assert_rejected(&Rejection::SignatureHashFunctionInvalid);
    /// # }
    /// ```
    pub fn signature(mut self, value: impl Into<String>) -> Self {
        self.signature = SignatureHeader::Raw(value.into());
        self
    }

    /// Sends no `X-Hub-Signature` header.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let response = client.request().without_signature().send().await;
    /// response.assert_rejected(&Rejection::SignatureMissing);
    /// # }
    /// ```
    pub fn without_signature(mut self) -> Self {
        self.signature = SignatureHeader::Key(None);
        self
    }

    /// Authenticates with these credentials instead of the client's.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key").basic_auth("bot", "secret"));
    /// let response = client.request().basic_auth("bot", "guess").send().await;
    /// response.assert_rejected(&Rejection::InvalidCredentials);
    /// # }
    /// ```
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.authorization =
            AuthorizationHeader::Credentials(Some(Credentials::new(username, password)));
        self
    }

    /// Sends this raw `Authorization` value.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key").basic_auth("bot", "secret"));
    /// let response = client.request().authorization("Bearer abc").send().await;
    /// response.assert_rejected(&Rejection::InvalidCredentials);
    /// # }
    /// ```
    pub fn authorization(mut self, value: impl Into<String>) -> Self {
        self.authorization = AuthorizationHeader::Raw(value.into());
        self
    }

    /// Sends no `Authorization` header.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key").basic_auth("bot", "secret"));
    /// let response = client.request().without_auth().send().await;
    /// response.assert_rejected(&Rejection::InvalidCredentials);
    /// # }
    /// ```
    pub fn without_auth(mut self) -> Self {
        self.authorization = AuthorizationHeader::Credentials(None);
        self
    }

    /// Adds a header, replacing any of the same name set so far (including `Date`,
    /// `X-Hub-Signature` and `Authorization`).
    ///
    /// # Panics
    /// When `name` or `value` is not a valid header name or value.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// // Replaces the signature the client computed.
    /// let response = client.request().header("X-Hub-Signature", "sha1=0000").send().await;
    /// response.assert_rejected(&Rejection::SignatureInvalid);
    /// # }
    /// ```
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = HeaderName::try_from(name.as_ref()).expect("a valid header name");
        let value = HeaderValue::try_from(value.as_ref()).expect("a valid header value");
        self.headers.insert(name, value);
        self
    }

    /// Uses another method than `POST`.
    ///
    /// ```
    /// use axum::http::Method;
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let response = client.request().method(Method::GET).send().await;
    /// assert_eq!(response.status(), 405);
    /// # }
    /// ```
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sends to another path than the client's.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let response = client.request().path("/elsewhere").send().await;
    /// assert_eq!(response.status(), 404);
    /// # }
    /// ```
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// The request as it will be sent.
    ///
    /// # Panics
    /// When a header value set raw is not a valid header value.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// let client = TestClient::new(Webhook::new().private_key("key").basic_auth("bot", "secret"));
    /// let request = client.request().without_date().into_request();
    /// assert_eq!(request.method(), "POST");
    /// assert_eq!(request.headers()["content-type"], "application/json");
    /// assert!(request.headers()["x-hub-signature"].to_str().unwrap().starts_with("sha1="));
    /// assert_eq!(request.headers()["authorization"], "Basic Ym90OnNlY3JldA==");
    /// assert!(!request.headers().contains_key("date"));
    /// ```
    pub fn into_request(self) -> Request<Body> {
        let date = match self.date {
            DateHeader::Now => Some(httpdate::fmt_http_date(SystemTime::now())),
            DateHeader::At(time) => Some(httpdate::fmt_http_date(time)),
            DateHeader::Raw(value) => Some(value),
            DateHeader::Omitted => None,
        };
        let signature = match self.signature {
            SignatureHeader::Key(key) => key.map(|key| key.sign(date.as_deref(), &self.body)),
            SignatureHeader::Raw(value) => Some(value),
        };
        let authorization = match self.authorization {
            AuthorizationHeader::Credentials(credentials) => {
                credentials.map(|credentials| credentials.to_header_value())
            }
            AuthorizationHeader::Raw(value) => Some(value),
        };
        let mut request = Request::builder()
            .method(self.method)
            .uri(self.path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(self.body))
            .expect("a valid request");
        let headers = request.headers_mut();
        let value = |text: String| HeaderValue::try_from(text).expect("a valid header value");
        if let Some(date) = date {
            headers.insert(header::DATE, value(date));
        }
        if let Some(signature) = signature {
            headers.insert(SIGNATURE_HEADER, value(signature));
        }
        if let Some(authorization) = authorization {
            headers.insert(header::AUTHORIZATION, value(authorization));
        }
        for (name, value) in self.headers {
            if let Some(name) = name {
                headers.insert(name, value);
            }
        }
        request
    }

    /// Sends the request to the router, in-process, and reads the whole answer.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::TestClient;
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let client = TestClient::new(webhook);
    /// let response = client.request().send().await;
    /// assert_eq!(response.status(), 200);
    /// assert_eq!(response.texts(), ["Hello"]);
    /// # }
    /// ```
    pub async fn send(self) -> TestResponse {
        let router = self.router.clone();
        let route = self.route_finder.as_ref().and_then(|find| find(&self.body));
        let response = match router.oneshot(self.into_request()).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .expect("the webhook's answer must be readable")
            .to_bytes();
        TestResponse {
            status: parts.status,
            headers: parts.headers,
            body,
            route,
        }
    }
}

/// A JSON error body, `{"title": …, "description": …}`, as the webhook answers it.
///
/// It equals a [`Rejection`] with the same title and description.
///
/// ```
/// use clustaar_webhook::rejection::Rejection;
/// use clustaar_webhook::testing::ErrorBody;
///
/// let error: ErrorBody = serde_json::from_str(&Rejection::RequestTooOld.to_json()).unwrap();
/// assert_eq!(error.title, "400 Bad Request");
/// assert_eq!(error.description.as_deref(), Some("Request is too old"));
/// assert_eq!(error, Rejection::RequestTooOld);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error's title, such as `Invalid header value`.
    pub title: String,
    /// What went wrong, when told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl PartialEq<Rejection> for ErrorBody {
    fn eq(&self, rejection: &Rejection) -> bool {
        self.title == rejection.title()
            && self.description.as_deref() == rejection.description().as_deref()
    }
}

/// The webhook's answer to a [`TestRequest`]: status, headers and raw body, with typed readers.
///
/// The readers panic with the status, the body and the route that takes the notification in
/// the message when the answer is not what they read, so that a failing test shows what the
/// webhook said and which handler said it.
///
/// ```
/// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
/// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
/// use clustaar_webhook::{events, Webhook};
///
/// # async fn hello(_: StepReached) -> StepReachedResponse {
/// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let webhook = Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, hello);
/// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.header("content-type"), Some("application/json"));
/// assert_eq!(response.texts(), ["Hello"]);
/// # }
/// ```
#[derive(Clone)]
pub struct TestResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    route: Option<String>,
}

impl fmt::Debug for TestResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.text())
            .field("route", &self.route)
            .finish()
    }
}

impl TestResponse {
    /// The status code.
    ///
    /// ```
    /// use axum::http::StatusCode;
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// // No route takes the notification.
    /// let response = client.send(NotificationBuilder::new()).await;
    /// assert_eq!(response.status(), StatusCode::NOT_FOUND);
    /// # }
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(response.headers()["content-type"], "application/json");
    /// # }
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of the header `name`, when present and text.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(response.header("Content-Type"), Some("application/json"));
    /// assert_eq!(response.header("x-missing"), None);
    /// # }
    /// ```
    pub fn header(&self, name: impl AsRef<str>) -> Option<&str> {
        self.headers.get(name.as_ref())?.to_str().ok()
    }

    /// The raw body.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// // No route takes the notification.
    /// let response = client.send(NotificationBuilder::new()).await;
    /// assert_eq!(response.body(), Rejection::NotFound.to_json().as_bytes());
    /// # }
    /// ```
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// // No route takes the notification.
    /// let response = client.send(NotificationBuilder::new()).await;
    /// assert_eq!(response.text(), r#"{"title": "404 Not Found"}"#);
    /// # }
    /// ```
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The name of the route that takes the notification sent (the handler's name for an
    /// `#[on]` handler), or `None` when no route takes it or the client was built with
    /// [`TestClient::from_router`]. It is the route the body is routed to, even when the webhook
    /// refused the request before routing it (a wrong signature, for one).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{on, routes, Webhook};
    ///
    /// #[on]
    /// async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key").routes(routes![greet]));
    /// let response = client.send(NotificationBuilder::new()).await;
    /// assert_eq!(response.route(), Some("greet"));
    /// let unrouted = client.send(NotificationBuilder::new().topic("conversation.other")).await;
    /// assert_eq!(unrouted.route(), None);
    /// # }
    /// ```
    pub fn route(&self) -> Option<&str> {
        self.route.as_deref()
    }

    /// What a failing reader says of the answer: its status, its body and who answered.
    fn describe(&self) -> String {
        let route = match &self.route {
            Some(route) => format!("the route `{route}`"),
            None => "no route".to_owned(),
        };
        format!(
            "the webhook answered {}; the notification goes to {route}\nbody: {}",
            self.status,
            self.text()
        )
    }

    /// The body read as JSON into `T`.
    ///
    /// # Panics
    /// When the body is not a JSON `T`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// let json: serde_json::Value = response.json();
    /// assert_eq!(json["actions"][0]["type"], "send_text_action");
    /// # }
    /// ```
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "the answer is not the JSON expected: {error}\n{}",
                self.describe()
            )
        })
    }

    /// The answer to a step reached.
    ///
    /// # Panics
    /// When the status is not `200` or the body is not a step-reached response.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # async fn hello(_: StepReached) -> StepReachedResponse {
    /// #     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, hello);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// let answer = response.step_reached();
    /// assert_eq!(answer, StepReachedResponse::new().action(SendTextAction::new("Hello")));
    /// # }
    /// ```
    pub fn step_reached(&self) -> StepReachedResponse {
        assert!(
            self.status == StatusCode::OK,
            "expected 200 OK, {}",
            self.describe()
        );
        self.json()
    }

    /// The alternatives of every `send_text_action` of the answer, in order.
    ///
    /// # Panics
    /// As [`step_reached`](Self::step_reached).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     SendTextAction, StepReached, StepReachedResponse, WaitAction,
    /// };
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn steps(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    ///         .action(SendTextAction::alternatives(["Hello", "Hi"]))
    ///         .action(WaitAction::new(1.0))
    ///         .action(SendTextAction::new("Bye"))
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let webhook = Webhook::new()
    ///     .private_key("key")
    ///     .on(events::CONVERSATION_STEP_REACHED, steps);
    /// let response = TestClient::new(webhook).send(NotificationBuilder::new()).await;
    /// assert_eq!(response.texts(), ["Hello", "Hi", "Bye"]);
    /// # }
    /// ```
    pub fn texts(&self) -> Vec<String> {
        self.step_reached()
            .actions
            .into_iter()
            .filter_map(|action| match action {
                Action::SendText(text) => Some(text.alternatives),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The JSON error the webhook answered.
    ///
    /// # Panics
    /// When the status is a success or the body is not a JSON error.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let error = client.request().date("yesterday").send().await.error();
    /// assert_eq!(error.title, "Invalid header value");
    /// assert_eq!(error, Rejection::DateInvalid);
    /// # }
    /// ```
    pub fn error(&self) -> ErrorBody {
        assert!(
            !self.status.is_success(),
            "expected an error, {}",
            self.describe()
        );
        self.json()
    }

    /// Checks that the webhook answered `rejection`: its status and its exact body.
    ///
    /// # Panics
    /// When it answered anything else.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::TestClient;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let response = client.request().signed_with("other key").send().await;
    /// assert_eq!(response.assert_rejected(&Rejection::SignatureInvalid).status(), 400);
    /// # }
    /// ```
    pub fn assert_rejected(&self, rejection: &Rejection) -> &Self {
        assert!(
            self.status == rejection.status() && self.body == rejection.to_json().as_bytes(),
            "expected {} {}, {}",
            rejection.status(),
            rejection.to_json(),
            self.describe()
        );
        self
    }
}
