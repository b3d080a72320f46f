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
//! Throughout these docs, *the reference* is the platform's own webhook library, written in
//! Python (`clustaar.webhook`, with its models in `clustaar.schemas`): this crate answers as it
//! does, byte for byte on the wire, except where it is unsafe or crashes, and each such place
//! says so.
//!
//! ```no_run
//! use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
//! use clustaar_webhook::{events, shutdown_signal, Webhook};
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
//!     clustaar_webhook::serve(listener, app)
//!         .with_graceful_shutdown(shutdown_signal())
//!         .await;
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
//! | [`serve`](mod@serve) | serving on the open internet: timeouts, a connection cap, graceful shutdown |
//!
//! # Cargo features
//!
//! - `serve` (on by default): [`serve()`] and [`shutdown_signal`], an HTTP server with the
//!   timeouts, connection cap and bounded graceful shutdown a webhook on the open internet needs.
//!   Without it (`default-features = false`), serve the router with `axum::serve` or your own
//!   server; the crate then needs no more of hyper and tokio than axum does.
//! - `testing` (off by default; turn it on in your `[dev-dependencies]`): the `testing` module
//!   builds realistic notifications and posts them to a [`Webhook`] in-process, signed and
//!   authenticated, to test handlers in a few lines.
//! - `memory-store` (on by default): `replay_store::MemoryStore`, the in-memory replay store
//!   that answers each delivery once per process.
//! - `redis` (off by default): `replay_store::RedisStore`, a replay store in Redis that several
//!   instances of a webhook share.
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod events;
pub mod extract;
pub mod filters;
#[cfg(feature = "playground")]
#[cfg_attr(docsrs, doc(cfg(feature = "playground")))]
pub mod playground;
pub mod rejection;
pub mod replay_store;
mod response;
pub mod routing;
// The grammar and rules shared with the macro crate: a symlink to its `src/rules` folder.
mod log_field;
mod rules;
pub mod schemas;
pub mod security;
#[cfg(feature = "serve")]
#[cfg_attr(docsrs, doc(cfg(feature = "serve")))]
pub mod serve;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod webhook;

/// The README's examples, compiled and run as doctests so that it stays true. Two of them use
/// the test kit, so they run with the `testing` feature (on in the workspace, through the
/// crate's dev-dependency on itself, which packaging drops).
#[cfg(all(doctest, feature = "testing"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use rejection::Rejection;
pub use response::ResponseValidation;
pub use webhook::{BuildError, DEFAULT_BODY_LIMIT, Outcome, Webhook};

#[cfg(feature = "serve")]
#[cfg_attr(docsrs, doc(cfg(feature = "serve")))]
pub use serve::{serve, shutdown_signal};

// Documented in the macro crate, whose docs rustdoc shows here.
pub use clustaar_webhook_macros::{on, routes, try_routes};
// The models' declarations (`schemas`): one attribute per model, for this crate only.
use clustaar_webhook_macros::model;

/// What the code the macros generate refers to; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use axum::extract::FromRequestParts;
    pub use axum::response::IntoResponse;
    pub use serde_json;

    pub use crate::routing::on_route::{with_bot_ids, with_step_ids};
}
