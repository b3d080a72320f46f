//! Several bots on one webhook: each bot's own keys and credentials, found by the `botID` its
//! notification names.
//!
//! Each bot's webhook settings on the platform hold its own private key and credentials. With
//! [`SecurityConfig::bots`](crate::security::SecurityConfig::bots), a notification is verified
//! with the secrets of the bot it names, and only those: bot B's notification signed with bot
//! A's key is refused. The secrets come from a [`BotSecretSource`] ([`StaticBots`],
//! [`EnvBots`], or your own over a database or a secrets manager), looked up once per bot and
//! kept in a cache of bounded size and lifetime.
//!
//! The `botID` is read from the body before the signature is checked (the signature is what
//! makes the body trustworthy): it only picks which keys to check the signature with, and the
//! signature, made over the whole body, then covers it. A notification that names bot B but was
//! signed with A's key fails B's check; one whose `botID` was changed in transit fails every
//! check. Reading it costs one pass over a body already held within the body limit.

mod bot_id;
mod env_bots;
mod lookup;
mod secrets;
mod source;
mod static_bots;

pub(crate) use bot_id::read_bot_id;
pub use env_bots::EnvBots;
pub(crate) use lookup::BotLookup;
pub use secrets::BotSecrets;
pub use source::{BotSecretSource, SecretLookup, SecretSourceError};
pub use static_bots::StaticBots;
