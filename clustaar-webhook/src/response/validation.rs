//! Checking a handler's answer against the platform's rules before it is sent.
//!
//! The answer is checked where it becomes an HTTP response (`IntoResponse` for
//! [`StepReachedResponse`]), so every handler's return type (the response, a `Result` of one)
//! goes through it. The webhook says which policy applies through a task-local value set
//! around the handler's future: a handler cannot forget it, and nothing is passed by hand.

use crate::rejection::Rejection;
use crate::schemas::{StepReachedResponse, Validate};

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
    /// Send the answer unchecked.
    Off,
}

tokio::task_local! {
    /// The policy of the webhook whose handler is running.
    static POLICY: ResponseValidation;
}

impl ResponseValidation {
    /// Runs `answer` (a handler's future) under this policy.
    pub(crate) async fn scope<F: Future>(self, answer: F) -> F::Output {
        POLICY.scope(self, answer).await
    }

    /// The policy `answer` is written under: its webhook's, or the default outside a webhook.
    fn current() -> Self {
        POLICY.try_with(|policy| *policy).unwrap_or_default()
    }

    /// The rejection to answer instead of `answer`, when the policy refuses it.
    pub(crate) fn check_current(answer: &StepReachedResponse) -> Option<Rejection> {
        let policy = Self::current();
        if policy == ResponseValidation::Off {
            return None;
        }
        let violations = answer.validate().err()?;
        // The answer can echo anything the notification held: the log cuts each path and
        // message (which can quote a value), the 500's body keeps them whole.
        if policy == ResponseValidation::Warn {
            tracing::warn!(
                violations = %violations.logged(),
                "the handler's answer breaks the platform's rules; sent anyway"
            );
            return None;
        }
        tracing::error!(
            violations = %violations.logged(),
            "the handler's answer breaks the platform's rules; answered 500"
        );
        Some(Rejection::InvalidResponse {
            violations: violations.to_string(),
        })
    }
}
