//! A chat page that plays the platform against a webhook: [`Playground`].
#![doc = include_str!("../docs/playground.md")]

mod error;
mod loopback;
mod page;
mod recorder;
mod target;
mod turn;

use std::fmt;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use tokio::net::TcpListener;

pub use error::PlaygroundError;

use crate::Webhook;
use crate::serve::Server;
use crate::testing::{ConversationState, NotificationBuilder, TestClient};
use recorder::Recorder;
use target::Target;
use turn::{InvalidState, Turn};

/// A local web page to chat with a webhook as a visitor of the bot would, and to see every
/// exchange underneath.
///
/// It plays the platform: each message typed, or button clicked, becomes a signed
/// `conversation.step_reached` notification, and the answer is drawn as the chat widget would
/// draw it. See the [module's documentation](self) for what the page shows.
///
/// ```no_run
/// use clustaar_webhook::playground::Playground;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// // A webhook served elsewhere on this machine, with its key and credentials.
/// let playground = Playground::for_url("http://127.0.0.1:8000/")?
///     .private_key("my-key")
///     .basic_auth("bot", "s3cret");
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:7000").await?;
/// println!("Open http://{}/", listener.local_addr()?);
/// playground.serve(listener)?.await;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Playground {
    target: Target,
    /// Dates, signs and authenticates each turn's request as the platform does.
    client: TestClient,
    start: NotificationBuilder,
    /// The conversation so far, as a transcript: one per playground, shared by its clones.
    recorder: Recorder,
}

impl fmt::Debug for Playground {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Playground")
            .field("target", &self.describe_target())
            // The client's `Debug` hides the key and the password.
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl Playground {
    /// A playground of `webhook`, run in this process, with its key and credentials.
    ///
    /// Each turn is a delivery of its own: the webhook's default replay store is left out, as
    /// in [`TestClient::new`](crate::testing::TestClient::new). The page names the route that
    /// took each turn.
    ///
    /// ```
    /// use clustaar_webhook::playground::Playground;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::{Webhook, events};
    ///
    /// async fn hello(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// }
    ///
    /// let webhook = Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, hello);
    /// let app: axum::Router = Playground::new(webhook).into_router();
    /// # let _ = app;
    /// ```
    ///
    /// # Panics
    /// When the webhook cannot be built (see [`BuildError`](crate::BuildError)).
    #[track_caller]
    pub fn new(webhook: Webhook) -> Self {
        Self::with_state(webhook, ())
    }

    /// A playground of `webhook`, whose handlers get `state`, run in this process.
    ///
    /// ```
    /// use axum::extract::State;
    /// use clustaar_webhook::playground::Playground;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::{Webhook, events};
    ///
    /// async fn greet(State(greeting): State<&'static str>, _: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new(greeting))
    /// }
    ///
    /// let webhook = Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, greet);
    /// let app: axum::Router = Playground::with_state(webhook, "Bonjour").into_router();
    /// # let _ = app;
    /// ```
    ///
    /// # Panics
    /// When the webhook cannot be built (see [`BuildError`](crate::BuildError)).
    #[track_caller]
    pub fn with_state<S: Clone + Send + Sync + 'static>(webhook: Webhook<S>, state: S) -> Self {
        Self::of(Target::InProcess, TestClient::with_state(webhook, state))
    }

    /// A playground of the webhook served at `url`, over HTTP: a webhook on this machine, in
    /// any language, or one reached through a tunnel. Set its key and credentials with
    /// [`private_key`](Self::private_key) and [`basic_auth`](Self::basic_auth).
    ///
    /// ```
    /// use clustaar_webhook::playground::Playground;
    ///
    /// let playground = Playground::for_url("http://127.0.0.1:8000/").unwrap().private_key("key");
    /// # let _ = playground;
    /// ```
    ///
    /// # Errors
    /// [`PlaygroundError::UnsupportedUrl`] when `url` is not an `http://` URL with a host
    /// (`https://` is not supported).
    pub fn for_url(url: &str) -> Result<Self, PlaygroundError> {
        let (target, uri) = Target::url(url)?;
        // The client only prepares the requests, for this absolute URI: they go out over HTTP.
        let client = TestClient::from_router(axum::Router::new()).path(uri.to_string());
        Ok(Self::of(target, client))
    }

    fn of(target: Target, client: TestClient) -> Self {
        Playground {
            target,
            client,
            start: NotificationBuilder::new(),
            recorder: Recorder::default(),
        }
    }

    /// What the page shows as the target.
    fn describe_target(&self) -> String {
        let path = self.client.target_path();
        match self.target {
            Target::Url(_) => path.to_owned(),
            Target::InProcess => format!("the webhook in this process, at {path}"),
        }
    }

    /// Signs the notifications with this private key (instead of the webhook's).
    ///
    /// ```
    /// use clustaar_webhook::playground::Playground;
    ///
    /// let playground = Playground::for_url("http://127.0.0.1:8000/").unwrap().private_key("key");
    /// assert!(!format!("{playground:?}").contains("\"key\""));
    /// ```
    pub fn private_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.client = self.client.private_key(key);
        self
    }

    /// Plays the bot `bot_id` of a webhook that serves several
    /// ([`Webhook::bots`](crate::Webhook::bots)): every notification names it and is signed
    /// with `key`, the bot's.
    ///
    /// ```
    /// use clustaar_webhook::playground::Playground;
    /// use clustaar_webhook::security::{BotSecrets, StaticBots};
    /// use clustaar_webhook::Webhook;
    ///
    /// let bots = StaticBots::new().bot("shop", BotSecrets::new().private_key("shop's key"));
    /// let playground = Playground::new(Webhook::new().bots(bots)).as_bot("shop", "shop's key");
    /// assert!(!format!("{playground:?}").contains("shop's key"));
    /// ```
    pub fn as_bot(mut self, bot_id: impl Into<String>, key: impl AsRef<[u8]>) -> Self {
        self.start = self.start.bot_id(bot_id);
        self.private_key(key)
    }

    /// Authenticates the notifications with these credentials (instead of the webhook's).
    ///
    /// ```
    /// use clustaar_webhook::playground::Playground;
    ///
    /// let playground = Playground::for_url("http://127.0.0.1:8000/")
    ///     .unwrap()
    ///     .basic_auth("bot", "s3cret");
    /// assert!(!format!("{playground:?}").contains("s3cret"));
    /// ```
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.client = self.client.basic_auth(username, password);
        self
    }

    /// Where the conversation starts: the step, session, interlocutor, bot id and channel of
    /// the first notification (by default [`NotificationBuilder::new`]'s). The page can change
    /// the step, the session and the interlocutor at any time.
    ///
    /// ```
    /// use clustaar_webhook::playground::Playground;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let playground = Playground::for_url("http://127.0.0.1:8000/")
    ///     .unwrap()
    ///     .starting_at(NotificationBuilder::new().step_id("5f0c1d2e3a4b5c6d7e8f9a0b").first_name("Tintin"));
    /// # let _ = playground;
    /// ```
    pub fn starting_at(mut self, notification: NotificationBuilder) -> Self {
        self.start = notification;
        self
    }

    /// The playground's router: the page on `/` and its API under `/api/`. Nest it anywhere
    /// in a development server.
    ///
    /// It answers this machine only: anyone who reaches it can have any notification signed
    /// with the webhook's key (a signing oracle). So it needs each request's peer address,
    /// which axum gives as [`ConnectInfo<SocketAddr>`](axum::extract::ConnectInfo): serve the
    /// app with [`into_make_service_with_connect_info`]`::<SocketAddr>()`, as below.
    /// A request from another machine is refused (`403`), and so is a request without a peer
    /// address (`500`, saying what to write): the playground fails closed. It also answers
    /// requests naming a loopback host only, and takes turns from its own page only (see the
    /// [module's documentation](self#safe-by-default)).
    ///
    /// ```no_run
    /// use std::net::SocketAddr;
    /// use clustaar_webhook::playground::Playground;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let playground = Playground::for_url("http://127.0.0.1:8000/")?;
    /// // The page on /playground, the API on /playground/api/…
    /// let dev_server = axum::Router::new().nest("/playground", playground.into_router());
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:7000").await?;
    /// // Each request carries its peer's address: the playground answers this machine only.
    /// let app = dev_server.into_make_service_with_connect_info::<SocketAddr>();
    /// axum::serve(listener, app).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// [`into_make_service_with_connect_info`]: axum::Router::into_make_service_with_connect_info
    pub fn into_router(self) -> axum::Router {
        axum::Router::new()
            .route("/", get(page::index))
            .route("/api/config", get(config))
            .route("/api/turn", post(play_turn))
            .route(
                "/api/transcript",
                get(transcript).delete(restart_transcript),
            )
            .layer(axum::middleware::from_fn(loopback::same_machine_only))
            .with_state(self)
    }

    /// Serves the playground on `listener`, which must be bound to a loopback address;
    /// `.await` the [`Server`] to run it.
    ///
    /// The system delivers a loopback listener's connections from this machine only: its
    /// requests need no [`ConnectInfo`](axum::extract::ConnectInfo), unlike those of
    /// [`into_router`](Self::into_router) in an app of your own.
    ///
    /// ```
    /// use clustaar_webhook::playground::{Playground, PlaygroundError};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let playground = Playground::for_url("http://127.0.0.1:8000/")?;
    /// let everywhere = tokio::net::TcpListener::bind("0.0.0.0:0").await?;
    /// let refused = playground.clone().serve(everywhere).unwrap_err();
    /// assert!(matches!(refused, PlaygroundError::NotLoopback(_)));
    ///
    /// let here = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// let server = playground.serve(here)?; // `.await` it to serve
    /// # drop(server);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`PlaygroundError::NotLoopback`] when the listener is bound to another address (such
    /// as `0.0.0.0`): the page signs notifications with the webhook's key, and would let
    /// anyone who reaches it make the bot talk.
    pub fn serve(self, listener: TcpListener) -> Result<Server<axum::Router>, PlaygroundError> {
        let address = listener.local_addr()?;
        if !address.ip().is_loopback() {
            return Err(PlaygroundError::NotLoopback(address));
        }
        // `crate::serve` gives no peer address: the listener's check stands for the peer's.
        let app = self
            .into_router()
            .layer(axum::Extension(loopback::LoopbackListener));
        Ok(crate::serve(listener, app))
    }
}

/// What the page starts from: the target, how requests are secured, and the first turn's
/// state. Never the key or the password.
async fn config(State(playground): State<Playground>) -> Json<serde_json::Value> {
    let notification = playground.start.to_value();
    Json(json!({
        "target": playground.describe_target(),
        "signed": playground.client.signs(),
        "basicAuthUsername": playground.client.username(),
        "notification": notification,
    }))
}

/// Plays one turn: `200` with the exchange's report, or a JSON error when the page's state is
/// not what the platform sends.
async fn play_turn(
    State(playground): State<Playground>,
    turn: Result<Json<Turn>, JsonRejection>,
) -> Response {
    let turn = match turn {
        Ok(Json(turn)) => turn,
        Err(rejection) => return error(rejection.status(), &rejection.body_text()),
    };
    match turn.play(&playground).await {
        Ok(report) => Json(report).into_response(),
        Err(InvalidState { part, errors }) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("The {part} is not what the platform sends: {errors}"),
        ),
    }
}

fn error(status: StatusCode, description: &str) -> Response {
    let body = json!({ "title": status.to_string(), "description": description });
    (status, Json(body)).into_response()
}

/// The conversation so far, as a transcript of the test kit, to download as a file.
async fn transcript(State(playground): State<Playground>) -> Response {
    let transcript = playground
        .recorder
        .transcript(|| start_state(&playground.start));
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"conversation.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        transcript.to_json(),
    )
        .into_response()
}

/// The page started a new conversation: so does the transcript.
async fn restart_transcript(State(playground): State<Playground>) -> StatusCode {
    playground.recorder.restart();
    StatusCode::NO_CONTENT
}

/// The state of the playground's first turn, as a transcript starts from it.
fn start_state(start: &NotificationBuilder) -> ConversationState {
    let notification = start.step_reached();
    ConversationState {
        step_id: notification.step.id,
        step_name: notification.step.name,
        session: notification.session.values,
        interlocutor: notification.interlocutor,
    }
}
