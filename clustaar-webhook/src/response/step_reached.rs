//! `StepReachedResponse` as an HTTP answer.

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::json;
use super::validation::RefusedAnswer;
use crate::log_field::LogDisplay;
use crate::rejection::Rejection;
use crate::schemas::{StepReachedResponse, Validate, ValidationErrors};

/// `200` with `Content-Type: application/json` and the response written as the reference does,
/// once it is checked against the platform's rules: an answer that breaks them is a `500`
/// listing the violations, unless the webhook's [`ResponseValidation`](crate::ResponseValidation) says otherwise.
///
/// ```
/// use axum::response::IntoResponse;
/// use clustaar_webhook::schemas::{SendTextAction, StepReachedResponse};
///
/// let response = StepReachedResponse::new().action(SendTextAction::new("Hi")).into_response();
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["content-type"], "application/json");
///
/// // A text the platform would refuse: eleven alternatives, ten at most.
/// let response = StepReachedResponse::new().action(SendTextAction::alternatives((0..11).map(|i| i.to_string()))).into_response();
/// assert_eq!(response.status(), 500);
/// ```
impl IntoResponse for StepReachedResponse {
    fn into_response(self) -> Response {
        match self.validate() {
            Ok(()) => json_response(StatusCode::OK, &self),
            Err(violations) => refused(&self, violations),
        }
    }
}

/// The `500` for an answer that breaks the rules, carrying the answer for the webhook's policy.
fn refused(answer: &StepReachedResponse, violations: ValidationErrors) -> Response {
    let mut response = Rejection::InvalidResponse {
        violations: violations.to_string(),
    }
    .into_response();
    if let Ok(body) = json::to_vec(answer) {
        response.extensions_mut().insert(RefusedAnswer {
            body: Bytes::from(body),
            violations,
        });
    }
    response
}

/// `status` with a JSON body already written.
pub(crate) fn json_body(status: StatusCode, body: Bytes) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// A JSON answer with the reference's separators.
pub(crate) fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match json::to_vec(value) {
        Ok(body) => json_body(status, Bytes::from(body)),
        // The models write JSON values only, so this is out of reach today; should a model
        // ever fail to write, the platform still gets a JSON error, and the hooks see it.
        Err(error) => {
            // The error's message may quote a value of the answer: cut, as in every log.
            tracing::error!(
                error = %LogDisplay(&error),
                "the handler's answer could not be written as JSON"
            );
            Rejection::InvalidResponse {
                violations: format!("it could not be written as JSON: {error}"),
            }
            .into_response()
        }
    }
}
