//! The webhook's own faults and limits: a handler that panics or is late, a webhook built
//! without a key, a stale request whose body is never read, and the hooks that watch them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use clustaar_webhook::routing::Route;
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::security::SecurityConfigError;
use clustaar_webhook::{BuildError, Outcome, Rejection, Webhook, events};

use crate::common::{Harness, Req, SAMPLE, STEP_REACHED, date_in, now_date, sample_with_step};

const KEY: &str = "the-private-key";
const PANIC_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a01";
const SLOW_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a02";

async fn greet(_: StepReached) -> StepReachedResponse {
    greet_answer()
}

async fn panics(_: StepReached) -> StepReachedResponse {
    panic!("a bug in the handler")
}

async fn slow(_: StepReached) -> StepReachedResponse {
    tokio::time::sleep(Duration::from_secs(30)).await;
    greet_answer()
}

fn greet_answer() -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::new("hello"))
}

/// A webhook with a panicking route, a slow route and a greeting for every other step.
fn faulty() -> Webhook {
    Webhook::new()
        .private_key(KEY)
        .handler_timeout(Duration::from_millis(100))
        .route(
            Route::new(STEP_REACHED, panics)
                .name("panics")
                .filter(clustaar_webhook::filters::StepId::new(PANIC_STEP)),
        )
        .route(
            Route::new(STEP_REACHED, slow)
                .name("slow")
                .filter(clustaar_webhook::filters::StepId::new(SLOW_STEP)),
        )
        .route(Route::new(STEP_REACHED, greet).name("greet"))
}

fn signed(body: impl Into<Vec<u8>>) -> Req {
    Req::post(body).date(&now_date()).signed(KEY)
}

const GREETING: &str = r#"{"actions": [{"type": "send_text_action", "alternatives": ["hello"]}], "session": null, "interlocutor": null}"#;

#[tokio::test]
async fn a_panicking_handler_answers_500_json_and_the_server_goes_on() {
    let harness = Harness::new(faulty().into_router()).await;
    for _ in 0..3 {
        let response = harness
            .expect(
                signed(sample_with_step(PANIC_STEP)),
                500,
                r#"{"title": "500 Internal Server Error"}"#,
            )
            .await;
        assert_eq!(response.content_type(), "application/json");
        // The next request, on the same server, is answered.
        harness.expect(signed(SAMPLE), 200, GREETING).await;
    }
}

#[tokio::test]
async fn a_panicking_filter_answers_500_json() {
    let webhook = Webhook::new().private_key(KEY).route(
        Route::new(STEP_REACHED, greet)
            .filter(|_: &serde_json::Value| -> bool { panic!("a bug in the filter") }),
    );
    let harness = Harness::new(webhook.into_router()).await;
    harness
        .expect(
            signed(SAMPLE),
            500,
            r#"{"title": "500 Internal Server Error"}"#,
        )
        .await;
}

#[tokio::test]
async fn a_late_handler_gets_504_at_its_deadline() {
    let harness = Harness::new(faulty().into_router()).await;
    let started = std::time::Instant::now();
    harness
        .expect(
            signed(sample_with_step(SLOW_STEP)),
            504,
            r#"{"title": "504 Gateway Timeout", "description": "The webhook did not answer in time."}"#,
        )
        .await;
    // Both transports answered, each at the deadline, not after the handler's 30 s.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    harness.expect(signed(SAMPLE), 200, GREETING).await;
}

#[tokio::test]
async fn a_late_handler_gets_the_fallback_answer() {
    let webhook = faulty()
        .on_timeout(StepReachedResponse::new().action(SendTextAction::new("One moment please")));
    let harness = Harness::new(webhook.into_router()).await;
    let response = harness
        .expect(
            signed(sample_with_step(SLOW_STEP)),
            200,
            r#"{"actions": [{"type": "send_text_action", "alternatives": ["One moment please"]}], "session": null, "interlocutor": null}"#,
        )
        .await;
    assert_eq!(response.content_type(), "application/json");
}

#[test]
fn an_invalid_fallback_answer_does_not_build() {
    let eleven = SendTextAction::alternatives((0..11).map(|i| i.to_string()));
    let error = faulty()
        .on_timeout(StepReachedResponse::new().action(eleven))
        .try_into_router()
        .unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidTimeoutAnswer(_)),
        "{error}"
    );
    assert!(
        error.to_string().contains("`actions.0.alternatives`"),
        "{error}"
    );
}

#[test]
fn a_webhook_without_a_key_does_not_build_unless_told() {
    let error = Webhook::<()>::new()
        .on(events::CONVERSATION_STEP_REACHED, greet)
        .try_into_router()
        .unwrap_err();
    assert!(matches!(
        error,
        BuildError::Security(SecurityConfigError::Unsigned)
    ));
    let message = error.to_string();
    assert!(message.contains(".private_key(key)") && message.contains(".allow_unsigned()"));
    // Basic authentication alone is not a signature.
    let error = Webhook::<()>::new()
        .basic_auth("bot", "secret")
        .try_into_router()
        .unwrap_err();
    assert!(matches!(
        error,
        BuildError::Security(SecurityConfigError::Unsigned)
    ));
    assert!(
        Webhook::<()>::new()
            .allow_unsigned()
            .try_into_router()
            .is_ok()
    );
    assert!(
        Webhook::<()>::new()
            .private_key(KEY)
            .try_into_router()
            .is_ok()
    );
}

#[test]
#[should_panic(expected = "the webhook has no private key")]
fn into_router_panics_with_the_same_message() {
    let _ = Webhook::<()>::new().into_router();
}

#[tokio::test]
async fn a_stale_request_is_refused_before_its_body_is_read() {
    let harness = Harness::new(faulty().into_router()).await;
    let stale = date_in(-3_600);
    let too_old = r#"{"title": "400 Bad Request", "description": "Request is too old"}"#;
    // Stale and over the limit: the age decides, whatever the body (declared or streamed).
    let huge = vec![b'x'; 3 * 1024 * 1024];
    harness
        .expect(Req::post(huge).date(&stale), 400, too_old)
        .await;
    // A stale request whose body never ends is answered all the same: nothing waits for it.
    let answer = harness
        .raw(
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nDate: {stale}\r\nContent-Length: 1000\r\n\r\n{{"
            )
            .as_bytes(),
        )
        .await;
    let (status, _, body) = crate::common::parse_raw(&answer);
    assert_eq!((status, body.as_str()), (400, too_old));
    // Fresh and over the limit: 413, from the header, before reading.
    harness
        .expect(
            Req::post(vec![b'x'; 3 * 1024 * 1024]).date(&now_date()),
            413,
            r#"{"title": "413 Payload Too Large", "description": "The request body is larger than the size limit."}"#,
        )
        .await;
}

#[tokio::test]
async fn a_large_list_body_is_refused_without_building_it() {
    let webhook = Webhook::new()
        .allow_unsigned()
        .request_max_age(None)
        .on(STEP_REACHED, greet);
    let harness = Harness::new(webhook.into_router()).await;
    let mut list = "[1".to_owned();
    list.push_str(&",1".repeat(900_000));
    list.push(']');
    harness
        .expect(
            Req::post(list),
            400,
            r#"{"title": "400 Bad Request", "description": "The request body is not a JSON object."}"#,
        )
        .await;
}

/// What the hooks saw: (route, status, rejection) per answered request.
type Seen = Arc<Mutex<Vec<(Option<String>, u16, Option<Rejection>, bool)>>>;

#[tokio::test]
async fn the_outcome_and_rejection_hooks_see_every_answer() {
    let outcomes: Seen = Arc::default();
    let rejections: Arc<Mutex<Vec<Rejection>>> = Arc::default();
    let timed_out: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let (seen, refused, slow) = (
        Arc::clone(&outcomes),
        Arc::clone(&rejections),
        Arc::clone(&timed_out),
    );
    let webhook = faulty()
        .on_outcome(move |outcome: &Outcome<'_>| {
            assert!(outcome.elapsed() < Duration::from_secs(10));
            if outcome.rejection() == Some(&Rejection::HandlerTimeout) {
                slow.lock().unwrap().push(outcome.elapsed());
            }
            seen.lock().unwrap().push((
                outcome.route().map(str::to_owned),
                outcome.status().as_u16(),
                outcome.rejection().cloned(),
                outcome.replayed(),
            ));
        })
        .on_rejection(move |rejection| refused.lock().unwrap().push(rejection.clone()));
    let harness = Harness::new(webhook.into_router()).await;

    harness.send(&signed(SAMPLE)).await;
    harness.send(&signed(sample_with_step(PANIC_STEP))).await;
    harness.send(&signed(sample_with_step(SLOW_STEP))).await;
    harness.send(&Req::post(SAMPLE).date(&now_date())).await;
    harness
        .send(&Req::method(axum::http::Method::GET).date(&now_date()))
        .await;

    // Each request went through both transports, in order: every answer is seen twice. The
    // answered delivery's copy gets its stored answer (its handler did not run again); the
    // failed ones were not stored, so their copies ran again.
    let expected = [
        (Some("greet"), 200, None),
        (Some("panics"), 500, Some(Rejection::HandlerPanicked)),
        (Some("slow"), 504, Some(Rejection::HandlerTimeout)),
        (None, 400, Some(Rejection::SignatureMissing)),
        (None, 405, Some(Rejection::MethodNotAllowed)),
    ];
    let outcomes = outcomes.lock().unwrap().clone();
    let expected: Vec<_> = expected
        .iter()
        .flat_map(|(route, status, rejection)| {
            let seen = (route.map(str::to_owned), *status, rejection.clone(), false);
            let copy = match status {
                200 => (seen.0.clone(), 200, None, true),
                _ => seen.clone(),
            };
            [seen, copy]
        })
        .collect();
    assert_eq!(outcomes, expected);
    let rejections = rejections.lock().unwrap().clone();
    let expected_rejections: Vec<_> = expected
        .iter()
        .filter_map(|(_, _, r, _)| r.clone())
        .collect();
    assert_eq!(rejections, expected_rejections);
    // The slow handler's requests took at least their timeout (100 ms), and the hook saw it.
    let timed_out = timed_out.lock().unwrap().clone();
    assert_eq!(timed_out.len(), 2);
    assert!(
        timed_out
            .iter()
            .all(|took| *took >= Duration::from_millis(100)),
        "{timed_out:?}"
    );
}

#[tokio::test]
async fn an_invalid_answer_reaches_the_rejection_hook() {
    async fn eleven(_: StepReached) -> StepReachedResponse {
        StepReachedResponse::new()
            .action(SendTextAction::alternatives((0..11).map(|i| i.to_string())))
    }
    let rejections: Arc<Mutex<Vec<StatusCode>>> = Arc::default();
    let refused = Arc::clone(&rejections);
    let webhook = Webhook::new()
        .private_key(KEY)
        .on(STEP_REACHED, eleven)
        .on_rejection(move |rejection| refused.lock().unwrap().push(rejection.status()));
    let harness = Harness::new(webhook.into_router()).await;
    assert_eq!(harness.send(&signed(SAMPLE)).await.status, 500);
    assert_eq!(
        *rejections.lock().unwrap(),
        [StatusCode::INTERNAL_SERVER_ERROR; 2]
    );
}

#[test]
fn a_blank_private_key_does_not_build() {
    // `CLUSTAAR_PRIVATE_KEY=`: set but empty. Anyone could sign with such a key.
    for blank in ["", " ", "\n", "\u{a0}\t"] {
        let error = Webhook::<()>::new()
            .private_key(blank)
            .on(events::CONVERSATION_STEP_REACHED, greet)
            .try_into_router()
            .unwrap_err();
        assert!(
            matches!(
                error,
                BuildError::Security(SecurityConfigError::BlankPrivateKey { position: 0 })
            ),
            "{blank:?}: {error}"
        );
        assert!(
            error.to_string().contains("empty or only whitespace"),
            "{error}"
        );
        // The opt-in to unsigned notifications does not make a blank key acceptable.
        assert!(
            Webhook::<()>::new()
                .allow_unsigned()
                .private_key(blank)
                .try_into_router()
                .is_err()
        );
    }
    // A rotation list with a blank key among good ones names it.
    let error = Webhook::<()>::new()
        .private_key(KEY)
        .private_key("")
        .try_into_router()
        .unwrap_err();
    assert!(
        error.to_string().starts_with("private key number 2 "),
        "{error}"
    );
}
