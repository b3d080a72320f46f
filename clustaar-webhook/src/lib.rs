//! Write webhooks for the [Clustaar](https://clustaar.com) chatbot platform, on axum.
//!
//! The platform POSTs a signed JSON *notification* to a bot's webhook each time a conversation
//! reaches a step; the webhook answers with the actions the bot takes next. This crate checks
//! the request (signature, basic authentication, replay), reads the notification into typed
//! models, routes it by topic, step id and JSON filters to your handler, and writes your typed
//! answer back as the platform expects it.
//!
//! Routes are added at run time ([`Webhook::on`], [`Webhook::route`]) or declared on the handler
//! with the [`on`] attribute and listed with [`routes!`].
//!
//! ```no_run
//! use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
//! use clustaar_webhook::{events, Webhook};
//!
//! async fn hello(n: StepReached) -> StepReachedResponse {
//!     let name = n.session.get_str("name").unwrap_or("there").to_owned();
//!     StepReachedResponse::new().action(SendTextAction::new(format!("Hello {name}")))
//! }
//!
//! #[tokio::main]
//! async fn main() {
//!     let app = Webhook::new()
//!         .private_key("the key of your bot's webhook settings")
//!         .on(events::CONVERSATION_STEP_REACHED, hello)
//!         .into_router();
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await.unwrap();
//!     axum::serve(listener, app).await.unwrap();
//! }
//! ```
//!
//! # Where things are
//!
//! | module | what |
//! |---|---|
//! | [`Webhook`] | the builder: security settings and routes, turned into an `axum::Router` |
//! | [`on`], [`routes!`] | handlers declared with their route, listed in order |
//! | [`routing`] | the route table, routes, the [`Handler`](routing::Handler) trait |
//! | [`filters`] | step-id, JSON-key and closure filters, and their combinators |
//! | [`schemas`] | the typed models of everything the platform sends and accepts |
//! | [`security`] | signature, basic authentication and replay prevention |
//! | [`extract`] | the notification argument, and the checks as axum extractors |
//! | [`Rejection`] | every JSON error the webhook answers |
//! | [`events`] | topic names |
//!
//! # Cargo features
//!
//! - `testing` (off by default; turn it on in your `[dev-dependencies]`): the `testing` module
//!   builds realistic notifications and posts them to a [`Webhook`] in-process, signed and
//!   authenticated, to test handlers in a few lines.
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod events;
pub mod extract;
pub mod filters;
pub mod rejection;
mod response;
pub mod routing;
// The grammar and rules shared with the macro crate: a symlink to its `src/rules` folder.
mod rules;
pub mod schemas;
pub mod security;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod webhook;

/// The README's examples, compiled and run as doctests so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use rejection::Rejection;
pub use webhook::{DEFAULT_BODY_LIMIT, Webhook};

/// Declares an async function as the handler of a route.
///
/// The function stays a plain function; the attribute adds a hidden struct of the same name
/// that implements [`routing::OnRoute`], so [`routes!`] can list it. The full syntax is below.
///
/// ```
/// use axum::extract::State;
/// use clustaar_webhook::filters::JsonKeyExists;
/// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
/// use clustaar_webhook::{on, routes, Webhook};
///
/// /// One step, on the web channel only, when the session holds an order.
/// #[on(
///     step_id = "507f191e810c19729de860ea",
///     json(key = "data.channel", equals = "web"),
///     filter = JsonKeyExists::new("data.session.values.order"),
/// )]
/// async fn order_status(n: StepReached) -> StepReachedResponse {
///     StepReachedResponse::new().action(SendTextAction::new("On its way"))
/// }
///
/// /// Every other step (`event` defaults to `conversation.step_reached`).
/// #[on(event = "conversation.step_reached")]
/// async fn greet(State(greeting): State<&'static str>, _: StepReached) -> StepReachedResponse {
///     StepReachedResponse::new().action(SendTextAction::new(greeting))
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // Still a plain function: unit tests call it directly.
/// let n: StepReached = serde_json::from_value(serde_json::json!({
///     "channel": "web", "interlocutor": { "id": "5a8f1c2e9b1d4c0012340001", "userID": "u1", "customAttributes": {} },
///     "session": { "values": {} }, "step": { "id": "507f191e810c19729de860ea", "name": "Order", "userData": "", "actions": [] },
///     "input": { "type": "message", "text": "hi", "attachments": [] }
/// })).unwrap();
/// let _answer: StepReachedResponse = order_status(n).await;
///
/// let app: axum::Router = Webhook::new()
///     .routes(routes![order_status, greet])
///     .into_router()
///     .with_state("Hello");
/// # }
/// ```
pub use clustaar_webhook_macros::on;

/// The routes of `#[on(...)]` handlers, in order, as a [`routing::RouteTable`].
///
/// `routes![a, b, c]` is `RouteTable::from_routes([a's route, b's route, c's route])`: pass it to
/// [`Webhook::routes`], before or after routes added with [`Webhook::on`] and
/// [`Webhook::route`]; the first registered route that matches answers. Handlers may be named
/// by path (`routes![handlers::greet]`).
///
/// # Panics
///
/// When two handlers of the list take the same step id of the same event and the first has no
/// other condition, as the second would silently never get it (see
/// [`RouteTable::from_routes`](routing::RouteTable::from_routes)), and when a step id given as a
/// constant (`#[on(step_id = ORDER)]`) is not a step id, naming the handler and the id (see
/// [`OnRoute::route`](routing::OnRoute::route)); [`try_routes!`] returns the error instead.
///
/// ```
/// use clustaar_webhook::filters::JsonKeyEquals;
/// use clustaar_webhook::routing::Route;
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
/// use clustaar_webhook::{events, on, routes, Webhook};
///
/// #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
/// async fn order_status(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// #[on]
/// async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// async fn special(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// let router: clustaar_webhook::routing::RouteTable = routes![order_status, greet];
/// assert_eq!(router.routes()[0].label(), "order_status");
///
/// // Runtime routes go before or after the list; the first registered route that matches wins.
/// let app: axum::Router = Webhook::new()
///     .request_max_age(None)
///     .route(Route::new(events::CONVERSATION_STEP_REACHED, special)
///         .filter(JsonKeyEquals::new("data.channel", "sms")))
///     .routes(routes![order_status, greet])
///     .into_router();
/// ```
///
/// The same step twice panics, naming both handlers and the step:
///
/// ```should_panic
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
/// use clustaar_webhook::{on, routes, routing::RouteTable};
///
/// #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
/// async fn order_status(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// #[on(step_id = ["5f0c1d2e3a4b5c6d7e8f9a0b", "507f191e810c19729de860ea"])]
/// async fn order_again(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// let _: RouteTable = routes![order_status, order_again];
/// ```
pub use clustaar_webhook_macros::routes;

/// [`routes!`] that returns `Result<RouteTable<S>, RouteError>` instead of panicking when two
/// handlers take the same step, or when a step id given as a constant is not one
/// (`RouteError::InvalidStepId`).
///
/// ```
/// use clustaar_webhook::routing::{RouteError, RouteTable};
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
/// use clustaar_webhook::{on, try_routes};
///
/// #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
/// async fn first(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
/// async fn second(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// let result: Result<RouteTable, RouteError> = try_routes![first, second];
/// assert!(matches!(result, Err(RouteError::DuplicateStepId { .. })));
/// let result: Result<RouteTable, RouteError> = try_routes![first];
/// assert!(result.is_ok());
/// ```
pub use clustaar_webhook_macros::try_routes;

/// What the code the macros generate refers to; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use axum::extract::FromRequestParts;
    pub use axum::response::IntoResponse;
    pub use serde_json;

    pub use crate::routing::on_route::with_step_ids;
}
