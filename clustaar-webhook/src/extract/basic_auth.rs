//! `BasicAuth`: the webhook's basic-authentication check as an extractor.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::rejection::Rejection;
use crate::security::{Credentials, SecurityConfig};

/// The credentials of a request that passed basic authentication.
///
/// When the app state's [`SecurityConfig`] (reached through [`FromRef`]) has credentials, the
/// request's `Authorization` header must match them; otherwise any well-formed `Basic` header
/// passes and the handler decides. A missing, malformed or wrong header answers `403`
/// `{"title": "Invalid credentials", "description": "This call needs authentication"}`, as the
/// webhook does. `Debug` does not show the password.
///
/// ```
/// use axum::extract::FromRef;
/// use axum::routing::get;
/// use clustaar_webhook::extract::BasicAuth;
/// use clustaar_webhook::security::SecurityConfig;
///
/// #[derive(Clone, FromRef)]
/// struct AppState {
///     security: SecurityConfig,
/// }
///
/// async fn admin(BasicAuth(credentials): BasicAuth) -> String {
///     format!("hello {}", credentials.username)
/// }
///
/// let state = AppState { security: SecurityConfig::new().basic_auth("bot", "s3cret") };
/// let app: axum::Router = axum::Router::new().route("/admin", get(admin)).with_state(state);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicAuth(pub Credentials);

impl<S> FromRequestParts<S> for BasicAuth
where
    S: Send + Sync,
    SecurityConfig: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let header = parts.headers.get(AUTHORIZATION);
        let security = SecurityConfig::from_ref(state);
        let checked = match security.verify_credentials(header.map(|value| value.as_bytes())) {
            Some(verified) => verified.cloned(),
            None => header
                .ok_or(Rejection::InvalidCredentials)
                .and_then(Credentials::from_header),
        };
        checked.map(BasicAuth).inspect_err(Rejection::log)
    }
}
