//! Extractors: how handlers receive a verified notification and its parts.
//!
//! - [`Notification`] and [`FromNotification`]: what the last argument of a webhook handler
//!   can be (`WebhookRequest`, `StepReached`, `serde_json::Value`, `Bytes`).
//! - [`Raw`]: a typed notification with the platform's strings exactly as sent (the load
//!   processors off).
//! - [`VerifiedNotification`] and [`BasicAuth`]: the webhook's checks as axum extractors, for
//!   plain axum handlers on routes of your own.

mod basic_auth;
mod notification;
mod raw;
mod verified_notification;

pub use basic_auth::BasicAuth;
pub use notification::{FromNotification, Notification};
pub use raw::Raw;
pub use verified_notification::VerifiedNotification;
