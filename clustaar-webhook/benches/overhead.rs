//! What the framework costs over a hand-written axum handler doing the same work
//! (ARCHITECTURE.md, "Where the time goes").
//!
//! One group, `overhead`, two variants served in-process with `tower::ServiceExt::oneshot` on
//! the same signed sample notification, replay prevention, signature and basic authentication
//! on, the answer's body read back:
//! - `webhook`: a [`Webhook`] with one `conversation.step_reached` handler answering a
//!   `send_text_action` "Hello <name>" and the session;
//! - `hand_written`: an axum handler that reads the body as `Bytes`, checks the `Date` age with
//!   `httpdate`, the HMAC-SHA1 with `hmac`/`sha1` in constant time, the basic-auth credentials
//!   in constant time, parses the JSON once into the crate's typed `WebhookRequest`
//!   (`serde_json::from_slice`), builds the same `StepReachedResponse` and writes it with
//!   `serde_json::to_vec` as `application/json`.
//!
//! ```sh
//! cargo bench -p clustaar-webhook --bench overhead -- --warm-up-time 1 --measurement-time 3
//! ```

mod common;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use criterion::{criterion_group, Criterion};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

use clustaar_webhook::schemas::{Event, SendTextAction, StepReachedResponse, WebhookRequest};
use clustaar_webhook::security::SIGNATURE_HEADER;
use clustaar_webhook::{events, Webhook};

use common::{
    call, greet, runtime, Signed, EXPECTED_TEXT, MAX_AGE, PASSWORD, PRIVATE_KEY, USERNAME,
};

/// What the hand-written handler is configured with, built once.
struct HandWritten {
    /// The HMAC keyed once, cloned for each request (as the crate does).
    mac: Hmac<Sha1>,
    /// `username:password`.
    credentials: Vec<u8>,
    max_age: Duration,
}

fn error(status: StatusCode, title: &'static str) -> Response {
    (status, title).into_response()
}

/// The baseline: every check the webhook makes, written by hand.
async fn hand_written(
    State(config): State<Arc<HandWritten>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Replay prevention.
    let Some(date) = headers.get(header::DATE) else {
        return error(StatusCode::BAD_REQUEST, "missing date");
    };
    let Some(sent) = date
        .to_str()
        .ok()
        .and_then(|date| httpdate::parse_http_date(date).ok())
    else {
        return error(StatusCode::BAD_REQUEST, "invalid date");
    };
    let seconds = |t: SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    if seconds(SystemTime::now()).abs_diff(seconds(sent)) > config.max_age.as_secs() {
        return error(StatusCode::BAD_REQUEST, "too old");
    }
    // Signature: HMAC-SHA1 over "date=<date>\n<body>", decoded digest compared in constant time.
    let mut digest = [0u8; 20];
    let decoded = headers
        .get(SIGNATURE_HEADER)
        .and_then(|value| value.as_bytes().strip_prefix(b"sha1="))
        .is_some_and(|hex_digest| hex::decode_to_slice(hex_digest, &mut digest).is_ok());
    if !decoded {
        return error(StatusCode::BAD_REQUEST, "invalid signature");
    }
    let mut mac = config.mac.clone();
    mac.update(b"date=");
    mac.update(date.as_bytes());
    mac.update(b"\n");
    mac.update(&body);
    if mac.verify_slice(&digest).is_err() {
        return error(StatusCode::BAD_REQUEST, "invalid signature");
    }
    // Basic authentication, compared in constant time.
    let authenticated = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.as_bytes().strip_prefix(b"Basic "))
        .and_then(|token| base64::engine::general_purpose::STANDARD.decode(token).ok())
        .is_some_and(|decoded| bool::from(decoded.ct_eq(&config.credentials)));
    if !authenticated {
        return error(StatusCode::FORBIDDEN, "invalid credentials");
    }
    // Parse once, answer.
    let request: WebhookRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => return error(StatusCode::BAD_REQUEST, "invalid notification"),
    };
    let Event::StepReached(notification) = request.event else {
        return error(StatusCode::NOT_FOUND, "no route");
    };
    let text = format!(
        "Hello {}",
        notification.session.get_str("name").unwrap_or("there")
    );
    let response = StepReachedResponse::new()
        .action(SendTextAction::new(text))
        .session(notification.session);
    match serde_json::to_vec(&response) {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The two variants, by name, each checked to answer the signed sample.
fn variants(
    runtime: &tokio::runtime::Runtime,
    signed: &Signed,
) -> [(&'static str, axum::Router); 2] {
    let webhook = Webhook::new()
        .private_key(PRIVATE_KEY)
        .basic_auth(USERNAME, PASSWORD)
        .request_max_age(Some(MAX_AGE))
        .on(events::CONVERSATION_STEP_REACHED, greet)
        .into_router();
    let hand_written = axum::Router::new()
        .route("/", post(hand_written))
        .with_state(Arc::new(HandWritten {
            mac: Hmac::new_from_slice(PRIVATE_KEY.as_bytes()).expect("any key length"),
            credentials: format!("{USERNAME}:{PASSWORD}").into_bytes(),
            max_age: MAX_AGE,
        }));
    let variants = [("webhook", webhook), ("hand_written", hand_written)];
    for (name, app) in &variants {
        let (status, body) = runtime.block_on(call(app, signed));
        let text = String::from_utf8_lossy(&body);
        assert_eq!(status, 200, "{name}: {text}");
        assert!(text.contains(EXPECTED_TEXT), "{name}: {text}");
    }
    variants
}

fn overhead(c: &mut Criterion) {
    let runtime = runtime();
    let signed = Signed::sample();
    let mut group = c.benchmark_group("overhead");
    for (name, app) in variants(&runtime, &signed) {
        group.bench_function(name, |b| b.iter(|| runtime.block_on(call(&app, &signed))));
    }
    group.finish();
}

/// Runs one variant `iterations` times, for an instruction count under callgrind.
fn drive(variant: &str, iterations: usize) {
    let runtime = runtime();
    let signed = Signed::sample();
    let name = variant.strip_prefix("overhead/").unwrap_or(variant);
    let (_, app) = variants(&runtime, &signed)
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("unknown variant {variant}"));
    for _ in 0..iterations {
        std::hint::black_box(runtime.block_on(call(&app, &signed)));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = overhead
}

fn main() {
    if let Some((variant, iterations)) = common::driver_spec() {
        return drive(&variant, iterations);
    }
    if let Some(rounds) = common::paired_rounds() {
        let runtime = runtime();
        let signed = Signed::sample();
        let [(a, webhook), (b, hand_written)] = variants(&runtime, &signed);
        let serve = |app: &axum::Router| {
            std::hint::black_box(runtime.block_on(call(app, &signed)));
        };
        common::paired(
            (a, || serve(&webhook)),
            (b, || serve(&hand_written)),
            50,
            rounds,
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
