//! The baselines the webhook is measured against, shared by the `overhead` bench and the
//! `hand_written_baseline` example (which `scripts/load.sh` loads with wrk):
//! - [`Baseline::HandWritten`]: a hand-written axum handler doing by hand every check the webhook makes (HMAC,
//!   basic auth, replay window) and one JSON parse into the typed models, answering the same
//!   greeting written with serde_json;
//! - [`Baseline::Traced`]: the hand-written handler in a request span with the fields of the
//!   webhook's span, to compare the two with a live subscriber;
//! - [`Baseline::Floor`]: the same checks and a fixed answer, no JSON read or written: what a request
//!   costs before any of the framework's work.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;

use clustaar_webhook::schemas::{Event, SendTextAction, StepReachedResponse, WebhookRequest};
use clustaar_webhook::security::SIGNATURE_HEADER;

/// Which baseline [`router`] serves.
#[derive(Clone, Copy)]
pub(crate) enum Baseline {
    /// The checks, the typed parse and the answer written with serde_json.
    HandWritten,
    /// The same, the answer built in an INFO span with the topic, bot id, step id, route and
    /// status, as the webhook's.
    Traced,
    /// The checks, then [`FLOOR_ANSWER`]: the security-only floor.
    Floor,
}

/// A baseline on `/`: `Date` no older than `max_age` (`None`: not checked), signed with
/// `private_key`, basic authentication with `username` and `password`.
pub(crate) fn router(
    baseline: Baseline,
    private_key: &str,
    username: &str,
    password: &str,
    max_age: Option<Duration>,
) -> axum::Router {
    let route = match baseline {
        Baseline::HandWritten | Baseline::Traced => post(handle),
        Baseline::Floor => post(answer_fixed),
    };
    let traced = matches!(baseline, Baseline::Traced);
    axum::Router::new()
        .route("/", route)
        .with_state(HandWritten::new(
            private_key,
            username,
            password,
            max_age,
            traced,
        ))
}

/// The floor's answer: the greeting the others write for the sample, as fixed bytes.
pub(crate) const FLOOR_ANSWER: &str =
    r#"{"actions": [{"type": "send_text_action", "alternatives": ["Hello Tintin"]}]}"#;

/// What the hand-written handler is configured with, built once.
struct HandWritten {
    /// The HMAC keyed once, cloned for each request (as the crate does).
    mac: Hmac<Sha1>,
    /// The SHA-256 digest of `username:password`: compared digests take the same time
    /// whatever the lengths, as the crate compares credentials.
    credentials: [u8; 32],
    /// `None`: replay prevention off, the signature then covers the date `None`.
    max_age: Option<Duration>,
    /// Whether the answer is built in a request span.
    traced: bool,
}

impl HandWritten {
    fn new(
        private_key: &str,
        username: &str,
        password: &str,
        max_age: Option<Duration>,
        traced: bool,
    ) -> Arc<Self> {
        Arc::new(HandWritten {
            mac: Hmac::new_from_slice(private_key.as_bytes()).expect("any key length"),
            credentials: Sha256::digest(format!("{username}:{password}")).into(),
            max_age,
            traced,
        })
    }
}

fn error(status: StatusCode, title: &'static str) -> Response {
    (status, title).into_response()
}

/// The baseline: every check the webhook makes, written by hand, the answer built in a request
/// span when the baseline is traced.
async fn handle(
    State(config): State<Arc<HandWritten>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err((status, title)) = check(&config, &headers, &body) {
        return error(status, title);
    }
    // Parse once, answer.
    let request: WebhookRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => return error(StatusCode::BAD_REQUEST, "invalid notification"),
    };
    let Event::StepReached(notification) = request.event else {
        return error(StatusCode::NOT_FOUND, "no route");
    };
    let span = match config.traced {
        true => tracing::info_span!(
            "notification",
            topic = %request.topic,
            bot_id = %request.bot_id,
            step_id = %notification.step.id,
            route = "greet",
            status = tracing::field::Empty,
        ),
        false => tracing::Span::none(),
    };
    let _entered = span.enter();
    let text = format!(
        "Hello {}",
        notification.session.get_str("name").unwrap_or("there")
    );
    let response = StepReachedResponse::new()
        .action(SendTextAction::new(text))
        .session(notification.session);
    let response = match serde_json::to_vec(&response) {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    span.record("status", response.status().as_u16());
    response
}

/// The floor: the checks, then a fixed answer.
async fn answer_fixed(
    State(config): State<Arc<HandWritten>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match check(&config, &headers, &body) {
        Ok(()) => ([(header::CONTENT_TYPE, "application/json")], FLOOR_ANSWER).into_response(),
        Err((status, title)) => error(status, title),
    }
}

/// The status and title of the first check that fails, as [`error`] writes them.
type Refusal = (StatusCode, &'static str);

/// Every check the webhook makes before reading the notification, by hand.
fn check(config: &HandWritten, headers: &HeaderMap, body: &[u8]) -> Result<(), Refusal> {
    // Replay prevention.
    let date = headers.get(header::DATE);
    if let Some(max_age) = config.max_age {
        let Some(date) = date else {
            return Err((StatusCode::BAD_REQUEST, "missing date"));
        };
        let Some(sent) = date
            .to_str()
            .ok()
            .and_then(|date| httpdate::parse_http_date(date).ok())
        else {
            return Err((StatusCode::BAD_REQUEST, "invalid date"));
        };
        let seconds = |t: SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if seconds(SystemTime::now()).abs_diff(seconds(sent)) > max_age.as_secs() {
            return Err((StatusCode::BAD_REQUEST, "too old"));
        }
    }
    // Signature: HMAC-SHA1 over "date=<date>\n<body>", decoded digest compared in constant time.
    let mut digest = [0u8; 20];
    let decoded = headers
        .get(SIGNATURE_HEADER)
        .and_then(|value| value.as_bytes().strip_prefix(b"sha1="))
        .is_some_and(|hex_digest| hex::decode_to_slice(hex_digest, &mut digest).is_ok());
    if !decoded {
        return Err((StatusCode::BAD_REQUEST, "invalid signature"));
    }
    let mut mac = config.mac.clone();
    mac.update(b"date=");
    mac.update(date.map_or(&b"None"[..], |date| date.as_bytes()));
    mac.update(b"\n");
    mac.update(body);
    if mac.verify_slice(&digest).is_err() {
        return Err((StatusCode::BAD_REQUEST, "invalid signature"));
    }
    // Basic authentication: digests compared in constant time.
    let authenticated = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.as_bytes().strip_prefix(b"Basic "))
        .and_then(|token| base64::engine::general_purpose::STANDARD.decode(token).ok())
        .is_some_and(|decoded| bool::from(Sha256::digest(decoded).ct_eq(&config.credentials)));
    if !authenticated {
        return Err((StatusCode::FORBIDDEN, "invalid credentials"));
    }
    Ok(())
}
