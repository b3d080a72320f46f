//! Why a playground cannot be built or served.

use std::io;
use std::net::SocketAddr;

/// Why a [`Playground`](super::Playground) cannot be built or served.
///
/// ```
/// use clustaar_webhook::playground::{Playground, PlaygroundError};
///
/// let error = Playground::for_url("https://bot.example.com/hook").unwrap_err();
/// assert!(matches!(error, PlaygroundError::UnsupportedUrl { .. }));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlaygroundError {
    /// The target is not a plain `http://` URL with a host.
    #[error("the playground's target must be an http:// URL with a host, not `{url}`: {reason}")]
    UnsupportedUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The listener is bound to an address other machines can reach.
    #[error(
        "the playground signs notifications with the webhook's key and must only be reachable \
         from this machine: bind it to 127.0.0.1 or [::1], not {0}"
    )]
    NotLoopback(SocketAddr),
    /// The listener's address could not be read.
    #[error("the playground's listener: {0}")]
    Io(#[from] io::Error),
}
