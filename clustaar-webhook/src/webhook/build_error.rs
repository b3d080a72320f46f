//! Why a webhook cannot be built.

use crate::routing::RouteError;
use crate::schemas::ValidationErrors;
use crate::security::SecurityConfigError;

/// Why [`Webhook::try_into_router`](crate::Webhook::try_into_router) cannot build a webhook.
///
/// ```
/// use clustaar_webhook::security::SecurityConfigError;
/// use clustaar_webhook::{BuildError, Webhook};
///
/// // No private key, and no explicit opt-in to unsigned notifications.
/// let error = Webhook::<()>::new().try_into_router().unwrap_err();
/// assert!(matches!(error, BuildError::Security(SecurityConfigError::Unsigned)));
/// assert!(error.to_string().contains(".private_key("));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A route can never match, or two routes take the same step.
    #[error(transparent)]
    Route(#[from] RouteError),
    /// The security settings protect nothing: no private key and no
    /// [`allow_unsigned`](crate::Webhook::allow_unsigned), or a blank key.
    #[error(transparent)]
    Security(#[from] SecurityConfigError),
    /// The answer given to [`on_timeout`](crate::Webhook::on_timeout) breaks the platform's
    /// rules.
    #[error("the `on_timeout` answer breaks the platform's rules: {0}")]
    InvalidTimeoutAnswer(ValidationErrors),
    /// A replay store was given while replay prevention is off: without a window, the store
    /// would have to keep every delivery forever.
    #[error(
        "a replay store needs replay prevention, to know how long to keep a delivery: keep \
         `request_max_age` on (it is by default), or drop the replay store"
    )]
    ReplayStoreWithoutWindow,
}
