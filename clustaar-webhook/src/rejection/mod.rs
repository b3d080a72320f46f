//! The errors the webhook itself answers with, and their JSON bodies.
//!
//! Every error is answered as JSON, `{"title": "…", "description": "…"}` (`description` left out
//! when there is none), written byte for byte as the reference (Python's `json.dumps`, so with the
//! separators `", "` and `": "`) writes it. The bodies of the fixed rejections are rendered at
//! compile time: answering one of them allocates nothing but the response itself.
//!
//! ```
//! use axum::response::IntoResponse;
//! use clustaar_webhook::rejection::Rejection;
//!
//! let response = Rejection::InvalidCredentials.into_response();
//! assert_eq!(response.status(), 403);
//! assert_eq!(response.headers()["content-type"], "application/json");
//! ```

use std::borrow::Cow;
use std::fmt;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::log_field::{LogDisplay, LogField, Quoted};
use crate::schemas::error_path;

mod json;
mod macros;
#[cfg(test)]
mod tests;

/// The description of a signature failure: the common sentence, then `$reason`.
macro_rules! signature {
    ($reason:literal) => {
        concat!(
            "The value provided for the \"X-Hub-Signature\" header is invalid. ",
            $reason
        )
    };
}

// Every rejection, once: its docs, fields, status, title and description.
macros::rejections! {
    /// An error the webhook answers with before (or instead of) calling a handler.
    ///
    /// Each variant has a status code ([`status`](Self::status)), a title
    /// ([`title`](Self::title)) and maybe a description ([`description`](Self::description));
    /// as an axum response it is the JSON error body with `Content-Type: application/json`.
    /// Its `Display` is the description, or the title when there is none.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    ///
    /// let rejection = Rejection::RequestTooOld;
    /// assert_eq!(rejection.status(), 400);
    /// assert_eq!(rejection.title(), "400 Bad Request");
    /// assert_eq!(rejection.description().as_deref(), Some("Request is too old"));
    /// assert_eq!(rejection.to_string(), "Request is too old");
    /// assert_eq!(
    ///     rejection.to_json(),
    ///     r#"{"title": "400 Bad Request", "description": "Request is too old"}"#
    /// );
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub enum Rejection {
        /// `400`: a signing key is configured and the request has no `X-Hub-Signature` header.
        SignatureMissing => {
            status: BAD_REQUEST,
            title: "Invalid header value",
            description: signature!("The request's signature is missing."),
        },
        /// `400`: the `X-Hub-Signature` value does not have exactly one `=`.
        SignatureFormatInvalid => {
            status: BAD_REQUEST,
            title: "Invalid header value",
            description: signature!("The request's signature format is invalid."),
        },
        /// `400`: the `X-Hub-Signature` names another hash function than `sha1`
        /// (case-sensitive).
        SignatureHashFunctionInvalid => {
            status: BAD_REQUEST,
            title: "Invalid header value",
            description: signature!(
                "The request's signature hash function is invalid (should be one of ['sha1'])."
            ),
        },
        /// `400`: the `X-Hub-Signature` digest is not the HMAC of the request for any configured
        /// key.
        SignatureInvalid => {
            status: BAD_REQUEST,
            title: "Invalid header value",
            description: signature!("The request's signature is invalid."),
        },
        /// `403`: basic authentication is configured and the request's `Authorization` is
        /// missing, malformed or wrong.
        InvalidCredentials => {
            status: FORBIDDEN,
            title: "Invalid credentials",
            description: "This call needs authentication",
        },
        /// `400`: the webhook serves several bots and the notification names none (no
        /// top-level string `botID`).
        BotMissing => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            description: "The notification does not name its bot (`botID`).",
        },
        /// `403`: the webhook serves several bots and none is the bot the notification names.
        UnknownBot => {
            status: FORBIDDEN,
            title: "Unknown bot",
            description: "This webhook does not serve the bot this notification names.",
        },
        /// `503`: the webhook serves several bots and could not look up the secrets of the bot
        /// the notification names (its [`BotSecretSource`](crate::security::BotSecretSource)
        /// failed): refused rather than let through unchecked.
        BotSecretsUnavailable => {
            status: SERVICE_UNAVAILABLE,
            title: "503 Service Unavailable",
            description: "The webhook cannot look up the secrets of this notification's bot.",
        },
        /// `400`: replay prevention is on and the request's `Date` is older than the maximum age.
        RequestTooOld => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            description: "Request is too old",
        },
        /// `400`: replay prevention is on and the request has no `Date` header.
        DateMissing => {
            status: BAD_REQUEST,
            title: "Missing header value",
            description: "The \"Date\" header is required to check the request's age.",
        },
        /// `400`: replay prevention is on and the `Date` header is empty or not an HTTP date.
        DateInvalid => {
            status: BAD_REQUEST,
            title: "Invalid header value",
            description: "The value provided for the \"Date\" header is invalid. \
                          The request's date is not a valid HTTP date.",
        },
        /// `400`: replay prevention is on and the `Date` is further in the future than the
        /// allowed clock skew.
        DateInFuture => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            description: "Request date is too far in the future",
        },
        /// `413`: the request body is larger than the configured limit.
        PayloadTooLarge => {
            status: PAYLOAD_TOO_LARGE,
            title: "413 Payload Too Large",
            description: "The request body is larger than the size limit.",
        },
        /// `400`: the request body is not UTF-8.
        BodyNotUtf8 => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            description: "The request body is not valid UTF-8.",
        },
        /// `400`: the request body is not JSON; `reason` is the parser's message.
        BodyNotJson {
            /// What the JSON parser found wrong, with its position.
            reason: String,
        } => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            display: ("The request body is not valid JSON: {reason}"),
        },
        /// `400`: the request body is JSON but not a JSON object.
        BodyNotObject => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            description: "The request body is not a JSON object.",
        },
        /// `400`: the body is a JSON object the notification models cannot read.
        UnreadableNotification {
            /// The JSON path of the value that could not be read (`data.step.id`); empty for the
            /// document itself.
            path: String,
            /// Why it could not be read (`invalid type: integer, expected a string`).
            reason: String,
        } => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            display: ("{}", unreadable_description(path, reason)),
        },
        /// `400`: the handler takes an event of another type than the notification carries (a
        /// `StepReached` handler on a route of another topic).
        UnexpectedEvent {
            /// The `data.type` the handler takes.
            expected: &'static str,
        } => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            display: ("The notification's event is not a {expected}."),
        },
        /// `400`: the request body could not be read to its end (the client went away).
        BodyUnreadable => {
            status: BAD_REQUEST,
            title: "400 Bad Request",
            description: "The request body could not be read.",
        },
        /// `408`: the request body did not arrive within the server's body timeout (see
        /// [`serve::Server::body_timeout`](crate::serve::Server::body_timeout)): a client that
        /// sends its body too slowly is told so rather than held.
        BodyTimeout => {
            status: REQUEST_TIMEOUT,
            title: "408 Request Timeout",
            description: "The request body did not arrive in time.",
        },
        /// `409`: another copy of this delivery (the same signed request) is being answered
        /// right now; see [`replay_store`](crate::replay_store). Once it is answered, a copy
        /// gets its answer.
        DeliveryInProgress => {
            status: CONFLICT,
            title: "409 Conflict",
            description: "Another copy of this notification is being answered.",
        },
        /// `503`: the webhook's replay store cannot tell whether this delivery was answered
        /// already, and its [`StoreFailurePolicy`](crate::replay_store::StoreFailurePolicy) is
        /// to fail closed.
        ReplayStoreUnavailable => {
            status: SERVICE_UNAVAILABLE,
            title: "503 Service Unavailable",
            description: "The webhook cannot check whether this notification was already \
                          answered.",
        },
        /// `404`: no route handles the notification.
        NotFound => {
            status: NOT_FOUND,
            title: "404 Not Found",
        },
        /// `405`: the request's method is not `POST`. Its response carries `Allow: POST`.
        MethodNotAllowed => {
            status: METHOD_NOT_ALLOWED,
            title: "405 Method Not Allowed",
        },
        /// `500`: the handler's answer breaks the platform's rules, and the webhook's
        /// [`ResponseValidation`](crate::ResponseValidation) policy is to refuse it rather than
        /// let the bot fail on the platform.
        InvalidResponse {
            /// Every violation, one a line, each with its path in the answer.
            violations: String,
        } => {
            status: INTERNAL_SERVER_ERROR,
            title: "500 Internal Server Error",
            display: ("The webhook's answer breaks the platform's rules: {violations}"),
        },
        /// `500`: the security configuration protects nothing (no private key and no explicit
        /// opt-in to unsigned notifications, or a blank key; see
        /// [`SecurityConfigError`](crate::security::SecurityConfigError)), so every request is
        /// refused rather than let through. The client is not told which setting is wrong; the
        /// log says it, at error level, the first time.
        Misconfigured => {
            status: INTERNAL_SERVER_ERROR,
            title: "500 Internal Server Error",
            description: "The webhook is misconfigured.",
        },
        /// `500`: the handler panicked. Nothing of the panic reaches the client, and the server
        /// goes on serving.
        HandlerPanicked => {
            status: INTERNAL_SERVER_ERROR,
            title: "500 Internal Server Error",
        },
        /// `504`: the handler did not answer within the webhook's
        /// [`handler_timeout`](crate::Webhook::handler_timeout), and no
        /// [`on_timeout`](crate::Webhook::on_timeout) answer is set.
        HandlerTimeout => {
            status: GATEWAY_TIMEOUT,
            title: "504 Gateway Timeout",
            description: "The webhook did not answer in time.",
        },
    }
}

/// The description of an unreadable notification: where (unless at the root), and why.
fn unreadable_description(path: &str, reason: &str) -> String {
    if path.is_empty() || path == "." {
        format!("The notification could not be read: {reason}")
    } else {
        format!("The notification could not be read at {path}: {reason}")
    }
}

impl Rejection {
    /// The exact JSON body, as the reference writes it.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// assert_eq!(Rejection::NotFound.to_json(), r#"{"title": "404 Not Found"}"#);
    /// ```
    pub fn to_json(&self) -> Cow<'static, str> {
        match self.static_body() {
            Some(body) => Cow::Borrowed(body),
            None => Cow::Owned(json::render(self.title(), self.description().as_deref())),
        }
    }

    /// A notification that cannot be read: the path of the value at fault and the JSON error.
    ///
    /// The reason is the error's message without its line and column; a path the message
    /// carries (see [`error_path`]) is added to `path`.
    pub(crate) fn unreadable_notification(
        path: impl fmt::Display,
        err: &serde_json::Error,
    ) -> Self {
        let (path, reason) = error_path::read(&path.to_string(), err);
        Self::UnreadableNotification { path, reason }
    }

    /// The rejection of a body that a JSON parser refused: [`BodyNotJson`](Self::BodyNotJson)
    /// for a syntax error or a truncated body, otherwise
    /// [`UnreadableNotification`](Self::UnreadableNotification) at the document's root.
    pub(crate) fn from_json_error(err: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        match err.classify() {
            Category::Syntax | Category::Eof | Category::Io => Self::BodyNotJson {
                reason: err.to_string(),
            },
            Category::Data => Self::unreadable_notification("", err),
        }
    }

    /// The rejection of a notification that a model could not read, as found by
    /// `serde_path_to_error`: [`BodyNotJson`](Self::BodyNotJson) for a syntax error, otherwise
    /// [`UnreadableNotification`](Self::UnreadableNotification) with the whole path, written
    /// with dots between keys and list indexes (`data.step.actions.0.type`), as the reference
    /// writes error paths.
    pub(crate) fn from_path_error(err: &serde_path_to_error::Error<serde_json::Error>) -> Self {
        if !err.inner().is_data() {
            return Self::from_json_error(err.inner());
        }
        let (path, reason) = error_path::read_tracked(err);
        Self::UnreadableNotification { path, reason }
    }

    /// The rejection of a body that could not be read to its end:
    /// [`BodyTimeout`](Self::BodyTimeout) when it timed out (an `io::Error` of kind `TimedOut`
    /// among the error's sources, which is what the server's body timeout gives, so that a
    /// timeout of the transport reads the same), otherwise [`BodyUnreadable`](Self::BodyUnreadable).
    pub(crate) fn from_body_error(error: &(dyn std::error::Error + 'static)) -> Self {
        let timed_out = std::iter::successors(Some(error), |error| error.source()).any(|error| {
            error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|error| error.kind() == std::io::ErrorKind::TimedOut)
        });
        if timed_out {
            Self::BodyTimeout
        } else {
            Self::BodyUnreadable
        }
    }

    /// Logs the rejection at debug level: its status and texts, never a header or the body.
    ///
    /// Only the values of the request are cut (see [`LoggedDescription`]); the client still gets
    /// the whole description.
    pub(crate) fn log(&self) {
        match self {
            // Logged where they happen, at error or warn level with their route: once is enough.
            Self::InvalidResponse { .. }
            | Self::HandlerPanicked
            | Self::HandlerTimeout
            | Self::Misconfigured
            | Self::ReplayStoreUnavailable => return,
            _ => {}
        }
        // The fields are written only when a subscriber records the event: nothing is
        // formatted or allocated otherwise.
        tracing::debug!(
            status = self.status().as_u16(),
            title = self.title(),
            description = self
                .has_description()
                .then(|| tracing::field::debug(Quoted(LoggedDescription(self)))),
            "request rejected"
        );
    }

    /// Whether the JSON body has a `description`, found without writing it: a description
    /// written from the fields always exists, a fixed one is at hand.
    fn has_description(&self) -> bool {
        self.static_body().is_none() || self.description().is_some()
    }
}

/// A rejection's description as its log shows it, with the values of the request cut as
/// [`LogField`] cuts them.
///
/// The reason of an unreadable notification can quote a value of the body (`invalid type:
/// string "…"`), so only its path is shown, which can hold a key of the body. A description
/// written from other fields (the parser's message of a body that is not JSON) is cut as a
/// whole. The fixed descriptions are the crate's own texts, shown whole.
struct LoggedDescription<'a>(&'a Rejection);

impl fmt::Display for LoggedDescription<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Rejection::UnreadableNotification { path, .. } => write!(
                f,
                "The notification could not be read at `{}`",
                LogField(path)
            ),
            rejection if rejection.static_body().is_some() => fmt::Display::fmt(rejection, f),
            rejection => fmt::Display::fmt(&LogDisplay(rejection), f),
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let body = match self.to_json() {
            Cow::Borrowed(body) => Body::from(Bytes::from_static(body.as_bytes())),
            Cow::Owned(body) => Body::from(body),
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self == Self::MethodNotAllowed {
            headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
        }
        // The response carries its rejection, so that whoever sees the response (the webhook's
        // hooks, a tower layer around it) knows why without parsing the body.
        response.extensions_mut().insert(self);
        response
    }
}
