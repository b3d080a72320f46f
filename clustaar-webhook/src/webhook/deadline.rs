//! The handler's deadline: past it, the platform gets a fallback answer or a `504`.
//!
//! The platform's conversation waits on the webhook's answer; a handler stuck on a slow service
//! must not hold it. The deadline covers the handler only (the body is in by then, and the
//! server's own timeouts cover reading it).

use std::future::Future;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::rejection::Rejection;
use crate::response::json;
use crate::schemas::{StepReachedResponse, Validate};

use super::BuildError;

/// How long a handler has, and what to answer when it takes longer.
#[derive(Debug, Clone)]
pub(super) struct Deadline {
    timeout: Duration,
    /// The `on_timeout` answer, written once when the webhook is built.
    fallback: Option<Bytes>,
}

impl Deadline {
    /// Checks and writes the fallback answer once, so a timeout costs no serialization.
    pub(super) fn new(
        timeout: Duration,
        fallback: Option<&StepReachedResponse>,
    ) -> Result<Self, BuildError> {
        let fallback = match fallback {
            Some(answer) => {
                answer
                    .validate()
                    .map_err(BuildError::InvalidTimeoutAnswer)?;
                // The models always write: their maps have string keys.
                Some(Bytes::from(json::to_vec(answer).unwrap_or_default()))
            }
            None => None,
        };
        Ok(Deadline { timeout, fallback })
    }

    /// Runs `answer` until the deadline; `route` names it in the log when it is late.
    pub(super) async fn run(
        &self,
        answer: impl Future<Output = Result<Response, Rejection>>,
        route: &str,
    ) -> Result<Response, Rejection> {
        let Ok(answered) = tokio::time::timeout(self.timeout, answer).await else {
            tracing::warn!(
                route,
                timeout_ms = self.timeout.as_millis() as u64,
                fallback = self.fallback.is_some(),
                "the handler did not answer in time"
            );
            return self.fallback_response().ok_or(Rejection::HandlerTimeout);
        };
        answered
    }

    fn fallback_response(&self) -> Option<Response> {
        let mut response = Response::new(self.fallback.clone()?.into());
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Some(response)
    }
}
