//! A test kit for webhooks: sign requests, build realistic notifications, post them to a
//! [`Webhook`](crate::Webhook) in-process and read its answers.
//!
//! Enabled by the `testing` cargo feature, off by default: add the crate to your
//! `[dev-dependencies]` with it,
//!
//! ```toml
//! [dev-dependencies]
//! clustaar-webhook = { version = "0.1", features = ["testing"] }
//! ```
//!
//! A complete test of a handler, through the whole request pipeline (replay prevention,
//! signature, basic authentication, routing):
//!
//! ```
//! use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
//! use clustaar_webhook::testing::{NotificationBuilder, TestClient};
//! use clustaar_webhook::{events, Webhook};
//!
//! async fn hello(n: StepReached) -> StepReachedResponse {
//!     let name = n.session.get_str("name").unwrap_or("there").to_owned();
//!     StepReachedResponse::new().action(SendTextAction::new(format!("Hello {name}")))
//! }
//!
//! // In your tests: `#[tokio::test] async fn greets_the_user_by_name() { … }`
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let webhook = Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, hello);
//! let client = TestClient::new(webhook);
//! let response = client.send(NotificationBuilder::new().session_value("name", "Tintin")).await;
//! assert_eq!(response.texts(), ["Hello Tintin"]);
//! # }
//! ```
//!
//! - [`NotificationBuilder`]: a notification as the platform sends it, with realistic defaults
//!   and a setter for each part (step, session, input, interlocutor…).
//! - [`TestClient`]: posts notifications with a fresh `Date`, the signature and the basic
//!   authentication the webhook expects; [`TestClient::request`] changes any of them to test
//!   what the webhook refuses.
//! - [`TestResponse`]: the answer, with typed readers: [`step_reached`](TestResponse::step_reached),
//!   [`texts`](TestResponse::texts), [`error`](TestResponse::error),
//!   [`assert_rejected`](TestResponse::assert_rejected)…
//! - [`Conversation`]: several turns in a row, the session and the step carried from one answer
//!   to the next as the platform does, with assertions that print the whole exchange.
//! - [`Transcript`]: a conversation as a JSON file, replayed by a test in one line
//!   ([`assert_replays`]); a changed answer fails with a [`ReplayDiff`] naming the turn and the
//!   field ([`changes`] compares two answers, for a replay of your own).
//! - [`security::sign`](crate::security::sign) (not in this module: senders use it too): the
//!   `X-Hub-Signature` of a body.
//!
//! A handler is also a plain async function: it can be called directly with
//! [`NotificationBuilder::step_reached`].
//!
//! ```
//! # use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
//! # use clustaar_webhook::testing::NotificationBuilder;
//! # async fn hello(n: StepReached) -> StepReachedResponse {
//! #     let name = n.session.get_str("name").unwrap_or("there").to_owned();
//! #     StepReachedResponse::new().action(SendTextAction::new(format!("Hello {name}")))
//! # }
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let answer = hello(NotificationBuilder::new().session_value("name", "Tintin").step_reached()).await;
//! assert_eq!(answer, StepReachedResponse::new().action(SendTextAction::new("Hello Tintin")));
//! # }
//! ```

mod conversation;
mod conversation_state;
mod notification_builder;
mod played_turn;
mod recorded_answer;
mod replay_diff;
mod test_client;
mod transcript;
mod transcript_error;
mod visitor_action;

pub use conversation::Conversation;
pub use conversation_state::ConversationState;
#[cfg(feature = "playground")]
pub(crate) use notification_builder::unix_now;
pub use notification_builder::{
    DEFAULT_BOT_ID, DEFAULT_INTERLOCUTOR_ID, DEFAULT_STEP_ID, NotificationBuilder,
};
pub use recorded_answer::RecordedAnswer;
pub use replay_diff::{FieldChange, ReplayDiff, changes};
pub use test_client::{ErrorBody, TestClient, TestRequest, TestResponse};
pub use transcript::{Transcript, TranscriptTurn, assert_replays};
pub use transcript_error::TranscriptError;
pub use visitor_action::{Click, VisitorAction};
