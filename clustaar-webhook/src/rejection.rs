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
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Builds the description of a signature failure from its reason, at compile time.
macro_rules! concat_sig {
    ($reason:literal) => {
        concat!(
            "The value provided for the \"X-Hub-Signature\" header is invalid. ",
            $reason
        )
    };
}

/// An error the webhook answers with before (or instead of) calling a handler.
///
/// Each variant has a status code ([`status`](Self::status)), a title ([`title`](Self::title))
/// and maybe a description ([`description`](Self::description)); as an axum response it is the
/// JSON error body with `Content-Type: application/json`.
///
/// ```
/// use clustaar_webhook::rejection::Rejection;
///
/// let rejection = Rejection::RequestTooOld;
/// assert_eq!(rejection.status(), 400);
/// assert_eq!(rejection.title(), "400 Bad Request");
/// assert_eq!(rejection.description().as_deref(), Some("Request is too old"));
/// assert_eq!(
///     rejection.to_json(),
///     r#"{"title": "400 Bad Request", "description": "Request is too old"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// `400`: a signing key is configured and the request has no `X-Hub-Signature` header.
    #[error(
        "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is missing."
    )]
    SignatureMissing,
    /// `400`: the `X-Hub-Signature` value does not have exactly one `=`.
    #[error(
        "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature format is invalid."
    )]
    SignatureFormatInvalid,
    /// `400`: the `X-Hub-Signature` names another hash function than `sha1` (case-sensitive).
    #[error(
        "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature hash function is invalid (should be one of ['sha1'])."
    )]
    SignatureHashFunctionInvalid,
    /// `400`: the `X-Hub-Signature` digest is not the HMAC of the request for any configured key.
    #[error(
        "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is invalid."
    )]
    SignatureInvalid,
    /// `403`: basic authentication is configured and the request's `Authorization` is missing,
    /// malformed or wrong.
    #[error("This call needs authentication")]
    InvalidCredentials,
    /// `400`: replay prevention is on and the request's `Date` is older than the maximum age.
    #[error("Request is too old")]
    RequestTooOld,
    /// `400`: replay prevention is on and the request has no `Date` header.
    #[error("The \"Date\" header is required to check the request's age.")]
    DateMissing,
    /// `400`: replay prevention is on and the `Date` header is empty or not an HTTP date.
    #[error(
        "The value provided for the \"Date\" header is invalid. The request's date is not a valid HTTP date."
    )]
    DateInvalid,
    /// `400`: replay prevention is on and the `Date` is further in the future than the allowed
    /// clock skew.
    #[error("Request date is too far in the future")]
    DateInFuture,
    /// `413`: the request body is larger than the configured limit.
    #[error("The request body is larger than the size limit.")]
    PayloadTooLarge,
    /// `400`: the request body is not UTF-8.
    #[error("The request body is not valid UTF-8.")]
    BodyNotUtf8,
    /// `400`: the request body is not JSON; `reason` is the parser's message.
    #[error("The request body is not valid JSON: {reason}")]
    BodyNotJson {
        /// What the JSON parser found wrong, with its position.
        reason: String,
    },
    /// `400`: the request body is JSON but not a JSON object.
    #[error("The request body is not a JSON object.")]
    BodyNotObject,
    /// `400`: the body is a JSON object the notification models cannot read.
    #[error("{}", unreadable_description(path, reason))]
    UnreadableNotification {
        /// The JSON path of the value that could not be read (`data.step.id`); empty for the
        /// document itself.
        path: String,
        /// Why it could not be read (`invalid type: integer, expected a string`).
        reason: String,
    },
    /// `400`: the handler takes an event of another type than the notification carries (a
    /// `StepReached` handler on a route of another topic).
    #[error("The notification's event is not a {expected}.")]
    UnexpectedEvent {
        /// The `data.type` the handler takes.
        expected: &'static str,
    },
    /// `400`: the request body could not be read to its end (the client went away).
    #[error("The request body could not be read.")]
    BodyUnreadable,
    /// `404`: no route handles the notification.
    #[error("404 Not Found")]
    NotFound,
    /// `405`: the request's method is not `POST`. Its response carries `Allow: POST`.
    #[error("405 Method Not Allowed")]
    MethodNotAllowed,
}

fn unreadable_description(path: &str, reason: &str) -> String {
    if path.is_empty() || path == "." {
        format!("The notification could not be read: {reason}")
    } else {
        format!("The notification could not be read at {path}: {reason}")
    }
}

/// The serde_json message without its ` at line L column C` suffix.
fn message_without_position(err: &serde_json::Error) -> String {
    let message = err.to_string();
    if err.line() == 0 {
        return message;
    }
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match message.strip_suffix(&suffix) {
        Some(stripped) => stripped.to_owned(),
        None => message,
    }
}

impl Rejection {
    /// The HTTP status code of the answer.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// assert_eq!(Rejection::InvalidCredentials.status(), 403);
    /// assert_eq!(Rejection::PayloadTooLarge.status(), 413);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidCredentials => StatusCode::FORBIDDEN,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::SignatureMissing
            | Self::SignatureFormatInvalid
            | Self::SignatureHashFunctionInvalid
            | Self::SignatureInvalid
            | Self::RequestTooOld
            | Self::DateMissing
            | Self::DateInvalid
            | Self::DateInFuture
            | Self::BodyNotUtf8
            | Self::BodyNotJson { .. }
            | Self::BodyNotObject
            | Self::BodyUnreadable
            | Self::UnexpectedEvent { .. }
            | Self::UnreadableNotification { .. } => StatusCode::BAD_REQUEST,
        }
    }

    /// The `title` of the JSON body.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// assert_eq!(Rejection::SignatureInvalid.title(), "Invalid header value");
    /// ```
    pub fn title(&self) -> &'static str {
        match self {
            Self::SignatureMissing
            | Self::SignatureFormatInvalid
            | Self::SignatureHashFunctionInvalid
            | Self::SignatureInvalid
            | Self::DateInvalid => "Invalid header value",
            Self::DateMissing => "Missing header value",
            Self::InvalidCredentials => "Invalid credentials",
            Self::RequestTooOld
            | Self::DateInFuture
            | Self::BodyNotUtf8
            | Self::BodyNotJson { .. }
            | Self::BodyNotObject
            | Self::BodyUnreadable
            | Self::UnexpectedEvent { .. }
            | Self::UnreadableNotification { .. } => "400 Bad Request",
            Self::PayloadTooLarge => "413 Payload Too Large",
            Self::NotFound => "404 Not Found",
            Self::MethodNotAllowed => "405 Method Not Allowed",
        }
    }

    /// The `description` of the JSON body, if it has one.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// assert_eq!(
    ///     Rejection::SignatureMissing.description().as_deref(),
    ///     Some("The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is missing."),
    /// );
    /// assert_eq!(Rejection::NotFound.description(), None);
    /// ```
    pub fn description(&self) -> Option<Cow<'static, str>> {
        match self {
            Self::NotFound | Self::MethodNotAllowed => None,
            Self::BodyNotJson { .. }
            | Self::UnexpectedEvent { .. }
            | Self::UnreadableNotification { .. } => Some(Cow::Owned(self.to_string())),
            _ => self
                .static_parts()
                .map(|(_, description, _)| Cow::Borrowed(description)),
        }
    }

    /// The exact JSON body, as the reference writes it.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// assert_eq!(Rejection::NotFound.to_json(), r#"{"title": "404 Not Found"}"#);
    /// ```
    pub fn to_json(&self) -> Cow<'static, str> {
        match self.static_body() {
            Some(body) => Cow::Borrowed(body),
            None => Cow::Owned(render_json(self.title(), self.description().as_deref())),
        }
    }

    /// A notification that cannot be read: the path of the value at fault and the JSON error.
    ///
    /// The reason is the error's message without its line and column.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    ///
    /// let err = serde_json::from_str::<String>("1").unwrap_err();
    /// let rejection = Rejection::unreadable_notification("data.step.id", &err);
    /// assert_eq!(
    ///     rejection.description().as_deref(),
    ///     Some("The notification could not be read at data.step.id: invalid type: integer `1`, expected a string"),
    /// );
    /// ```
    pub fn unreadable_notification(path: impl fmt::Display, err: &serde_json::Error) -> Self {
        Self::UnreadableNotification {
            path: path.to_string(),
            reason: message_without_position(err),
        }
    }

    /// The rejection of a body that a JSON parser refused: [`BodyNotJson`](Self::BodyNotJson)
    /// for a syntax error or a truncated body, otherwise
    /// [`UnreadableNotification`](Self::UnreadableNotification) at the document's root.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    ///
    /// let err = serde_json::from_slice::<serde_json::Value>(b"{").unwrap_err();
    /// assert_eq!(
    ///     Rejection::from_json_error(&err).description().as_deref(),
    ///     Some("The request body is not valid JSON: EOF while parsing an object at line 1 column 1"),
    /// );
    /// ```
    pub fn from_json_error(err: &serde_json::Error) -> Self {
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
    /// [`UnreadableNotification`](Self::UnreadableNotification) with the path written with dots
    /// between keys and list indexes (`data.step.actions.0.type`), as the reference writes error
    /// paths.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    ///
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Step { id: String }
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Data { steps: Vec<Step> }
    ///
    /// let json = r#"{"steps": [{"id": "a"}, {"id": 1}]}"#;
    /// let err = serde_path_to_error::deserialize::<_, Data>(
    ///     &mut serde_json::Deserializer::from_str(json),
    /// ).unwrap_err();
    /// assert_eq!(
    ///     Rejection::from_path_error(&err).description().as_deref(),
    ///     Some("The notification could not be read at steps.1.id: invalid type: integer `1`, expected a string"),
    /// );
    /// ```
    pub fn from_path_error(err: &serde_path_to_error::Error<serde_json::Error>) -> Self {
        let inner = err.inner();
        if !inner.is_data() {
            return Self::from_json_error(inner);
        }
        // A polymorphic model reports the part of the path below it in its message.
        let message = message_without_position(inner);
        let (path, reason) = nested_path(err.path(), &message);
        Self::UnreadableNotification {
            path,
            reason: reason.to_owned(),
        }
    }

    /// Logs the rejection at debug level: its status and texts, never a header or the body.
    ///
    /// The reason of an unreadable notification can quote a value of the body (`invalid type:
    /// string "…"`), so only its path is logged; the client still gets the whole description.
    pub(crate) fn log(&self) {
        let description = match self {
            Self::UnreadableNotification { path, .. } => Some(Cow::Owned(format!(
                "The notification could not be read at `{path}`"
            ))),
            _ => self.description(),
        };
        tracing::debug!(
            status = self.status().as_u16(),
            title = self.title(),
            description = description.as_deref(),
            "request rejected"
        );
    }

    /// `(title, description, body)` of the variants whose texts are fixed.
    fn static_parts(&self) -> Option<(&'static str, &'static str, &'static str)> {
        Some(match self {
            Self::SignatureMissing => (
                "Invalid header value",
                concat_sig!("The request's signature is missing."),
                r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is missing."}"#,
            ),
            Self::SignatureFormatInvalid => (
                "Invalid header value",
                concat_sig!("The request's signature format is invalid."),
                r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature format is invalid."}"#,
            ),
            Self::SignatureHashFunctionInvalid => (
                "Invalid header value",
                concat_sig!(
                    "The request's signature hash function is invalid (should be one of ['sha1'])."
                ),
                r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature hash function is invalid (should be one of ['sha1'])."}"#,
            ),
            Self::SignatureInvalid => (
                "Invalid header value",
                concat_sig!("The request's signature is invalid."),
                r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is invalid."}"#,
            ),
            Self::InvalidCredentials => (
                "Invalid credentials",
                "This call needs authentication",
                r#"{"title": "Invalid credentials", "description": "This call needs authentication"}"#,
            ),
            Self::RequestTooOld => (
                "400 Bad Request",
                "Request is too old",
                r#"{"title": "400 Bad Request", "description": "Request is too old"}"#,
            ),
            Self::DateMissing => (
                "Missing header value",
                "The \"Date\" header is required to check the request's age.",
                r#"{"title": "Missing header value", "description": "The \"Date\" header is required to check the request's age."}"#,
            ),
            Self::DateInvalid => (
                "Invalid header value",
                "The value provided for the \"Date\" header is invalid. The request's date is not a valid HTTP date.",
                r#"{"title": "Invalid header value", "description": "The value provided for the \"Date\" header is invalid. The request's date is not a valid HTTP date."}"#,
            ),
            Self::DateInFuture => (
                "400 Bad Request",
                "Request date is too far in the future",
                r#"{"title": "400 Bad Request", "description": "Request date is too far in the future"}"#,
            ),
            Self::PayloadTooLarge => (
                "413 Payload Too Large",
                "The request body is larger than the size limit.",
                r#"{"title": "413 Payload Too Large", "description": "The request body is larger than the size limit."}"#,
            ),
            Self::BodyNotUtf8 => (
                "400 Bad Request",
                "The request body is not valid UTF-8.",
                r#"{"title": "400 Bad Request", "description": "The request body is not valid UTF-8."}"#,
            ),
            Self::BodyNotObject => (
                "400 Bad Request",
                "The request body is not a JSON object.",
                r#"{"title": "400 Bad Request", "description": "The request body is not a JSON object."}"#,
            ),
            Self::BodyUnreadable => (
                "400 Bad Request",
                "The request body could not be read.",
                r#"{"title": "400 Bad Request", "description": "The request body could not be read."}"#,
            ),
            Self::NotFound
            | Self::MethodNotAllowed
            | Self::UnexpectedEvent { .. }
            | Self::BodyNotJson { .. }
            | Self::UnreadableNotification { .. } => return None,
        })
    }

    fn static_body(&self) -> Option<&'static str> {
        match self {
            Self::NotFound => Some(r#"{"title": "404 Not Found"}"#),
            Self::MethodNotAllowed => Some(r#"{"title": "405 Method Not Allowed"}"#),
            _ => self.static_parts().map(|(_, _, body)| body),
        }
    }
}

/// A path written with dots between keys and list indexes (`data.step.actions.0.type`), as the
/// reference writes error paths.
fn dotted_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    use std::fmt::Write as _;

    let mut dotted = String::new();
    for segment in path {
        if !dotted.is_empty() {
            dotted.push('.');
        }
        match segment {
            Segment::Seq { index } => {
                let _ = write!(dotted, "{index}");
            }
            Segment::Map { key } => dotted.push_str(key),
            Segment::Enum { variant } => dotted.push_str(variant),
            Segment::Unknown => dotted.push('?'),
        }
    }
    dotted
}

/// The error of a value read out of sight of the outer path tracking (a buffered polymorphic
/// model): the path below that point travels in the message as ``at `a.b`: reason``, which
/// [`nested_path`] reads back.
pub(crate) fn nested_error<E: serde::de::Error>(path: &str, reason: impl fmt::Display) -> E {
    if path.is_empty() {
        E::custom(reason)
    } else {
        E::custom(format_args!("at `{path}`: {reason}"))
    }
}

/// The whole path of a failure found at `path` with `message`, and its reason: `path` followed
/// by the path a [`nested_error`] message carries, if any.
pub(crate) fn nested_path<'m>(
    path: &serde_path_to_error::Path,
    message: &'m str,
) -> (String, &'m str) {
    let (nested, reason) = message
        .strip_prefix("at `")
        .and_then(|rest| rest.split_once("`: "))
        .unwrap_or(("", message));
    let outer = dotted_path(path);
    let path = match (outer.is_empty(), nested.is_empty()) {
        (_, true) => outer,
        (true, false) => nested.to_owned(),
        (false, false) => format!("{outer}.{nested}"),
    };
    (path, reason)
}

/// `{"title": …, "description": …}` with `json.dumps`'s separators and serde_json's escaping.
fn render_json(title: &str, description: Option<&str>) -> String {
    // Serializing a `&str` into a `String` cannot fail.
    let quote = |text: &str| serde_json::to_string(text).unwrap_or_default();
    match description {
        Some(description) => format!(
            "{{\"title\": {}, \"description\": {}}}",
            quote(title),
            quote(description)
        ),
        None => format!("{{\"title\": {}}}", quote(title)),
    }
}

impl From<serde_path_to_error::Error<serde_json::Error>> for Rejection {
    /// See [`Rejection::from_path_error`].
    fn from(err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        Self::from_path_error(&err)
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
        response
    }
}

/// The `405` answer, with `Allow: POST`: an axum handler to use as the webhook path's
/// method fallback.
///
/// ```
/// use axum::{routing::post, Router};
/// use clustaar_webhook::rejection::method_not_allowed;
///
/// async fn webhook() -> &'static str { "{}" }
/// let app: Router = Router::new().route("/", post(webhook).fallback(method_not_allowed));
/// ```
pub async fn method_not_allowed() -> Response {
    Rejection::MethodNotAllowed.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNATURE_PREFIX: &str =
        "The value provided for the \"X-Hub-Signature\" header is invalid. ";

    const ALL_STATIC: [Rejection; 14] = [
        Rejection::SignatureMissing,
        Rejection::SignatureFormatInvalid,
        Rejection::SignatureHashFunctionInvalid,
        Rejection::SignatureInvalid,
        Rejection::InvalidCredentials,
        Rejection::RequestTooOld,
        Rejection::DateMissing,
        Rejection::DateInvalid,
        Rejection::DateInFuture,
        Rejection::PayloadTooLarge,
        Rejection::BodyNotUtf8,
        Rejection::BodyNotObject,
        Rejection::NotFound,
        Rejection::MethodNotAllowed,
    ];

    async fn body_of(response: Response) -> Vec<u8> {
        use axum::body::to_bytes;
        to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    #[test]
    fn signature_prefix_has_the_trailing_space() {
        assert!(SIGNATURE_PREFIX.ends_with("invalid. "));
        for rejection in &ALL_STATIC[..4] {
            let description = rejection.description().unwrap();
            assert!(description.starts_with(SIGNATURE_PREFIX), "{description}");
        }
    }

    #[test]
    fn exact_reference_bodies() {
        let expected = [
            (
                Rejection::SignatureMissing,
                400,
                r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is missing."}"#,
            ),
            (
                Rejection::SignatureFormatInvalid,
                400,
                r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature format is invalid."}"#,
            ),
            (
                Rejection::SignatureHashFunctionInvalid,
                400,
                r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature hash function is invalid (should be one of ['sha1'])."}"#,
            ),
            (
                Rejection::SignatureInvalid,
                400,
                r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is invalid."}"#,
            ),
            (
                Rejection::InvalidCredentials,
                403,
                r#"{"title": "Invalid credentials", "description": "This call needs authentication"}"#,
            ),
            (
                Rejection::RequestTooOld,
                400,
                r#"{"title": "400 Bad Request", "description": "Request is too old"}"#,
            ),
            (Rejection::NotFound, 404, r#"{"title": "404 Not Found"}"#),
            (
                Rejection::MethodNotAllowed,
                405,
                r#"{"title": "405 Method Not Allowed"}"#,
            ),
            (
                Rejection::DateMissing,
                400,
                r#"{"title": "Missing header value", "description": "The \"Date\" header is required to check the request's age."}"#,
            ),
            (
                Rejection::DateInvalid,
                400,
                r#"{"title": "Invalid header value", "description": "The value provided for the \"Date\" header is invalid. The request's date is not a valid HTTP date."}"#,
            ),
            (
                Rejection::DateInFuture,
                400,
                r#"{"title": "400 Bad Request", "description": "Request date is too far in the future"}"#,
            ),
            (
                Rejection::PayloadTooLarge,
                413,
                r#"{"title": "413 Payload Too Large", "description": "The request body is larger than the size limit."}"#,
            ),
            (
                Rejection::BodyNotUtf8,
                400,
                r#"{"title": "400 Bad Request", "description": "The request body is not valid UTF-8."}"#,
            ),
            (
                Rejection::BodyNotObject,
                400,
                r#"{"title": "400 Bad Request", "description": "The request body is not a JSON object."}"#,
            ),
        ];
        assert_eq!(expected.len(), ALL_STATIC.len());
        for (rejection, status, body) in expected {
            assert_eq!(rejection.status().as_u16(), status, "{rejection:?}");
            assert_eq!(rejection.to_json(), body, "{rejection:?}");
        }
    }

    /// The hand-written static bodies are what the general renderer writes.
    #[test]
    fn static_bodies_match_the_renderer() {
        for rejection in ALL_STATIC {
            assert!(matches!(rejection.to_json(), Cow::Borrowed(_)));
            let rendered = render_json(rejection.title(), rejection.description().as_deref());
            assert_eq!(rejection.to_json(), rendered, "{rejection:?}");
            // And is valid JSON with the same fields.
            let value: serde_json::Value = serde_json::from_str(&rendered).unwrap();
            assert_eq!(value["title"], rejection.title());
            match rejection.description() {
                Some(d) => assert_eq!(value["description"], *d),
                None => assert!(value.get("description").is_none()),
            }
        }
    }

    #[test]
    fn display_is_the_description_or_title() {
        for rejection in ALL_STATIC {
            let expected = rejection
                .description()
                .unwrap_or(Cow::Borrowed(rejection.title()));
            assert_eq!(rejection.to_string(), expected);
        }
    }

    #[tokio::test]
    async fn responses_are_json_with_status() {
        for rejection in ALL_STATIC {
            let body = rejection.to_json().into_owned();
            let status = rejection.status();
            let response = rejection.clone().into_response();
            assert_eq!(response.status(), status);
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
            if rejection == Rejection::MethodNotAllowed {
                assert_eq!(response.headers()[header::ALLOW], "POST");
            } else {
                assert!(response.headers().get(header::ALLOW).is_none());
            }
            assert_eq!(body_of(response).await, body.as_bytes());
        }
    }

    #[tokio::test]
    async fn method_not_allowed_helper() {
        let response = method_not_allowed().await;
        assert_eq!(response.status(), 405);
        assert_eq!(response.headers()[header::ALLOW], "POST");
        assert_eq!(
            body_of(response).await,
            br#"{"title": "405 Method Not Allowed"}"#
        );
    }

    #[tokio::test]
    async fn unreadable_notification_body() {
        let err = serde_json::from_str::<String>("1").unwrap_err();
        let rejection = Rejection::unreadable_notification("data.step.id", &err);
        assert_eq!(rejection.status(), 400);
        assert_eq!(rejection.title(), "400 Bad Request");
        let expected = r#"{"title": "400 Bad Request", "description": "The notification could not be read at data.step.id: invalid type: integer `1`, expected a string"}"#;
        assert_eq!(rejection.to_json(), expected);
        assert_eq!(
            body_of(rejection.into_response()).await,
            expected.as_bytes()
        );
    }

    #[test]
    fn unreadable_notification_as_in_the_brief() {
        let rejection = Rejection::UnreadableNotification {
            path: "data.step.id".into(),
            reason: "invalid type: integer, expected a string".into(),
        };
        assert_eq!(
            rejection.description().as_deref(),
            Some(
                "The notification could not be read at data.step.id: invalid type: integer, expected a string"
            )
        );
    }

    #[test]
    fn unreadable_notification_at_the_root_has_no_path() {
        let err = serde_json::from_str::<std::collections::BTreeMap<String, u8>>(r#"{"a": "x"}"#)
            .unwrap_err();
        assert!(err.line() != 0);
        for path in ["", "."] {
            let rejection = Rejection::unreadable_notification(path, &err);
            assert_eq!(
                rejection.description().as_deref(),
                Some("The notification could not be read: invalid type: string \"x\", expected u8")
            );
        }
    }

    #[test]
    fn path_errors() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Step {
            id: String,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Data {
            step: Step,
            steps: Option<Vec<Step>>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Notification {
            data: Data,
        }
        fn read(json: &str) -> Rejection {
            serde_path_to_error::deserialize::<_, Notification>(
                &mut serde_json::Deserializer::from_str(json),
            )
            .unwrap_err()
            .into()
        }
        assert_eq!(
            read(r#"{"data": {"step": {"id": 1}}}"#),
            Rejection::UnreadableNotification {
                path: "data.step.id".into(),
                reason: "invalid type: integer `1`, expected a string".into(),
            }
        );
        assert_eq!(
            read(r#"{"data": {"step": {"id": "a"}, "steps": [{"id": "a"}, {}]}}"#)
                .description()
                .as_deref(),
            Some("The notification could not be read at data.steps.1: missing field `id`")
        );
        assert_eq!(
            read(r#"{}"#).description().as_deref(),
            Some("The notification could not be read: missing field `data`")
        );
        assert!(matches!(
            read(r#"{"data": "#),
            Rejection::BodyNotJson { .. }
        ));
    }

    #[tokio::test]
    async fn method_not_allowed_as_an_axum_fallback() {
        use axum::routing::post;
        use tower::ServiceExt as _;

        let app =
            axum::Router::new().route("/", post(|| async { "ok" }).fallback(method_not_allowed));
        let request = axum::http::Request::get("/").body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), 405);
        let allow: Vec<_> = response.headers().get_all(header::ALLOW).iter().collect();
        assert_eq!(allow, ["POST"]);
        assert_eq!(
            body_of(response).await,
            br#"{"title": "405 Method Not Allowed"}"#
        );
    }

    #[test]
    fn dynamic_texts_are_escaped() {
        let rejection = Rejection::UnreadableNotification {
            path: "data.\"odd\\key\"".into(),
            reason: "bad\nline é".into(),
        };
        let json = rejection.to_json();
        assert_eq!(
            json,
            r#"{"title": "400 Bad Request", "description": "The notification could not be read at data.\"odd\\key\": bad\nline é"}"#
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["description"], *rejection.description().unwrap());
    }

    #[test]
    fn json_errors_are_classified() {
        let syntax = serde_json::from_slice::<serde_json::Value>(b"not json").unwrap_err();
        assert!(matches!(
            Rejection::from_json_error(&syntax),
            Rejection::BodyNotJson { .. }
        ));
        assert_eq!(
            Rejection::from_json_error(&syntax).to_json(),
            r#"{"title": "400 Bad Request", "description": "The request body is not valid JSON: expected ident at line 1 column 2"}"#
        );
        let eof = serde_json::from_slice::<serde_json::Value>(b"").unwrap_err();
        assert!(matches!(
            Rejection::from_json_error(&eof),
            Rejection::BodyNotJson { .. }
        ));
        let data = serde_json::from_slice::<String>(b"[]").unwrap_err();
        assert!(matches!(
            Rejection::from_json_error(&data),
            Rejection::UnreadableNotification { .. }
        ));
    }
}
