//! Checking a handler's answer against the platform's rules before it is sent.
//!
//! The answer is checked where it becomes an HTTP response (`IntoResponse` for
//! [`StepReachedResponse`](crate::schemas::StepReachedResponse)), so every handler's return type (the response, a `Result` of one)
//! goes through it: an answer that breaks the rules becomes a `500` carrying the refused answer
//! ([`RefusedAnswer`]). The webhook then applies its policy to the handler's response
//! ([`ResponseValidation::apply`]): it keeps the `500`, or sends the answer anyway.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;

use super::step_reached::json_body;
use crate::schemas::ValidationErrors;

/// What the webhook does with a handler's answer that breaks the platform's rules (eleven
/// alternatives for a text, eleven quick replies, a step id that is not one…), which the bot would
/// otherwise fail on silently, on the platform.
///
/// ```
/// use clustaar_webhook::{ResponseValidation, Webhook};
///
/// // Log the violations and send the answer anyway.
/// let webhook: Webhook = Webhook::new().response_validation(ResponseValidation::Warn);
/// assert_eq!(ResponseValidation::default(), ResponseValidation::Reject);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseValidation {
    /// Answer `500` with a JSON error listing every violation with its path, and log an error
    /// in the request's span (which names the route). The default, and what a
    /// `StepReachedResponse` returned outside a webhook gets.
    #[default]
    Reject,
    /// Log a warning listing the violations, and send the answer as it is.
    Warn,
    /// Send the answer as it is, without a log (the check still runs where the answer becomes
    /// an HTTP response; its result is dropped).
    Off,
}

/// The answer the check refused, carried by the `500` that a [`StepReachedResponse`](crate::schemas::StepReachedResponse) gives as
/// an HTTP response when it breaks the rules: what the webhook's policy needs to log why, or to
/// send the answer anyway.
#[derive(Debug, Clone)]
pub(crate) struct RefusedAnswer {
    /// The answer, written as it would have been sent.
    pub(crate) body: Bytes,
    /// Why it was refused.
    pub(crate) violations: ValidationErrors,
}

impl ResponseValidation {
    /// Applies this policy to a handler's answer: an answer the check refused stays a `500` and
    /// is logged as an error (`Reject`), or is sent after all, with a warning (`Warn`) or without
    /// (`Off`).
    pub(crate) fn apply(self, mut response: Response) -> Response {
        let Some(refused) = response.extensions_mut().remove::<RefusedAnswer>() else {
            return response;
        };
        // The answer can echo anything the notification held: the log cuts each path and
        // message (which can quote a value), the 500's body keeps them whole.
        match self {
            ResponseValidation::Reject => {
                tracing::error!(
                    violations = %refused.violations.logged(),
                    "the handler's answer breaks the platform's rules; answered 500"
                );
                return response;
            }
            ResponseValidation::Warn => tracing::warn!(
                violations = %refused.violations.logged(),
                "the handler's answer breaks the platform's rules; sent anyway"
            ),
            ResponseValidation::Off => {}
        }
        json_body(StatusCode::OK, refused.body)
    }
}
