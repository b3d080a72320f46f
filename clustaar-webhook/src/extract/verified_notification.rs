//! `VerifiedNotification`: the webhook's checks as an extractor, for routes of your own.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;

use super::{FromNotification, Notification};
use crate::rejection::Rejection;
use crate::schemas::WebhookRequest;
use crate::security::SecurityConfig;

/// A notification that passed the security checks, for a plain axum handler on a route of
/// your own.
///
/// It runs what [`Webhook`](crate::Webhook) runs before routing: replay prevention, the
/// signature and basic authentication as the [`SecurityConfig`] of the app state says (reached
/// through [`FromRef`]), then reads the body as `T`: a [`WebhookRequest`] (the default), a
/// [`StepReached`](crate::schemas::StepReached), a `serde_json::Value`… It rejects with the
/// same JSON errors as the webhook. The body limit is axum's (`DefaultBodyLimit`, 2 MiB by
/// default), answered with `413`. It has no [replay store](crate::replay_store): a copy of a
/// request sent within the replay window reaches the handler again, so a handler with side
/// effects should use a [`Webhook`](crate::Webhook) route.
///
/// It fails closed, as [`Webhook`](crate::Webhook) refuses to build: a configuration without
/// a private key (and without [`allow_unsigned`](SecurityConfig::allow_unsigned)), or with a
/// blank key, refuses every request with
/// [`Rejection::Misconfigured`] (`500` JSON), and says why in the log, at error level, once.
///
/// ```
/// use axum::extract::FromRef;
/// use axum::routing::post;
/// use clustaar_webhook::extract::VerifiedNotification;
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
/// use clustaar_webhook::security::SecurityConfig;
///
/// #[derive(Clone, FromRef)]
/// struct AppState {
///     security: SecurityConfig,
/// }
///
/// async fn hook(VerifiedNotification(n): VerifiedNotification<StepReached>) -> StepReachedResponse {
///     StepReachedResponse::new().session(n.session)
/// }
///
/// let state = AppState { security: SecurityConfig::new().private_key("secret") };
/// let app: axum::Router = axum::Router::new().route("/clustaar", post(hook)).with_state(state);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedNotification<T = WebhookRequest>(pub T);

impl<S, T> FromRequest<S> for VerifiedNotification<T>
where
    S: Send + Sync,
    SecurityConfig: FromRef<S>,
    T: FromNotification,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        verify(request, state).await.inspect_err(Rejection::log)
    }
}

async fn verify<S, T>(request: Request, state: &S) -> Result<VerifiedNotification<T>, Rejection>
where
    S: Send + Sync,
    SecurityConfig: FromRef<S>,
    T: FromNotification,
{
    let security = SecurityConfig::from_ref(state);
    security.refuse_if_misconfigured()?;
    // As in the webhook: a stale request is refused before its body is buffered.
    let date = security.check_date(request.headers(), SystemTime::now())?;
    // The headers are moved out, not cloned: reading the body only needs the extensions, where
    // axum keeps the `DefaultBodyLimit`.
    let (mut parts, body) = request.into_parts();
    let headers = std::mem::take(&mut parts.headers);
    let request = Request::from_parts(parts, body);
    let body = Bytes::from_request(request, state)
        .await
        .map_err(|rejection| match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Rejection::PayloadTooLarge,
            _ => Rejection::from_body_error(&rejection),
        })?;
    // Checked again: the body may have come in long after the headers.
    if let Some(date) = date {
        date.recheck(SystemTime::now())?;
    }
    let bot = security.bot_secrets(&body).await?;
    security.check_signed_by(bot.as_deref(), &headers, &body)?;
    let mut notification = Notification::parse(body)?;
    T::from_notification(&mut notification).map(VerifiedNotification)
}
