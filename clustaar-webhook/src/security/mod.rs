//! The checks the webhook runs on a request before it reads it: replay prevention (the `Date`
//! header), the signature (`X-Hub-Signature`, an HMAC-SHA1 over the date and the raw body) and
//! HTTP basic authentication, in that order.
//!
//! [`SecurityConfig`] holds what is configured and runs the checks with
//! [`SecurityConfig::check`]; each check lives in its own module.
//!
//! ```
//! use std::time::SystemTime;
//! use axum::http::HeaderMap;
//! use clustaar_webhook::rejection::Rejection;
//! use clustaar_webhook::security::SecurityConfig;
//!
//! let security = SecurityConfig::new().private_key("the bot's key").without_replay_prevention();
//! let result = security.check(&HeaderMap::new(), b"{}", SystemTime::now());
//! assert_eq!(result, Err(Rejection::SignatureMissing));
//! ```

mod basic_auth;
mod bots;
mod config;
mod config_error;
#[cfg(test)]
mod properties;
mod replay;
mod signature;

pub use basic_auth::Credentials;
pub use bots::{BotSecretSource, BotSecrets, EnvBots, SecretLookup, SecretSourceError, StaticBots};
pub use config::SecurityConfig;
pub(crate) use config::date_header;
pub use config_error::SecurityConfigError;
pub(crate) use replay::AcceptedDate;
pub use replay::ReplayPolicy;
pub(crate) use signature::feed_signed_text;
pub use signature::{SIGNATURE_HEADER, SigningKey, sign};
