//! Each delivery answered once, with the default in-memory replay store: copies get the first
//! answer byte for byte, copies in flight get `409`, refused deliveries are not kept, and a
//! store that fails follows the webhook's policy.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use clustaar_webhook::replay_store::{
    Claim, DeliveryId, MemoryStore, ReplayStore, StoreError, StoreFailurePolicy, StoreFuture,
    StoredAnswer,
};
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::{BuildError, Outcome, Rejection, Webhook};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::common::{
    Harness, Req, SAMPLE, STEP_REACHED, TIMEOUT, now_date, parse_raw, sample_with_step,
};

const KEY: &str = "replay key";
/// A step whose handler waits until the test lets it go.
const GATED_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a01";
/// A step whose handler panics.
const PANIC_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a02";

/// What the handlers share with the test: how often they started and ran to their end, and
/// the gate.
#[derive(Clone, Default)]
struct Calls {
    started: Arc<AtomicUsize>,
    count: Arc<AtomicUsize>,
    gate: Arc<tokio::sync::Notify>,
}

/// Answers "call <n>", n counting the calls: two runs of one delivery answer differently.
async fn counted(
    axum::extract::State(calls): axum::extract::State<Calls>,
    notification: StepReached,
) -> StepReachedResponse {
    calls.started.fetch_add(1, Ordering::SeqCst);
    if notification.step.id == GATED_STEP {
        calls.gate.notified().await;
    }
    if notification.step.id == PANIC_STEP {
        calls.count.fetch_add(1, Ordering::SeqCst);
        panic!("the handler failed");
    }
    let n = calls.count.fetch_add(1, Ordering::SeqCst) + 1;
    StepReachedResponse::new().action(SendTextAction::new(format!("call {n}")))
}

fn webhook(calls: &Calls) -> axum::Router {
    served(Webhook::new().private_key(KEY), calls)
}

/// `webhook` with the counted handler, serving with `calls`.
fn served(webhook: Webhook<Calls>, calls: &Calls) -> axum::Router {
    webhook
        .on(STEP_REACHED, counted)
        .into_router()
        .with_state(calls.clone())
}

fn signed(body: impl Into<Vec<u8>>) -> Req {
    Req::post(body).date(&now_date()).signed(KEY)
}

#[tokio::test]
async fn a_copy_gets_the_first_answer_byte_for_byte_over_both_transports() {
    let calls = Calls::default();
    let harness = Harness::new(webhook(&calls)).await;
    let request = signed(SAMPLE);
    let first = harness.in_process(&request).await;
    let over_http = harness.over_http(&request).await;
    let again = harness.in_process(&request).await;
    assert_eq!(first.status, 200);
    assert!(first.text().contains("call 1"), "{}", first.text());
    for copy in [&over_http, &again] {
        assert_eq!(copy.status, first.status);
        assert_eq!(copy.body, first.body);
        assert_eq!(copy.content_type(), "application/json");
    }
    assert_eq!(calls.count.load(Ordering::SeqCst), 1);
    // Another delivery (the same body, a byte more) is handled.
    let other = harness.in_process(&signed(format!("{SAMPLE} "))).await;
    assert!(other.text().contains("call 2"), "{}", other.text());
}

#[tokio::test]
async fn copies_sent_together_run_the_handler_once() {
    let calls = Calls::default();
    let harness = Arc::new(Harness::new(webhook(&calls)).await);
    let request = Arc::new(signed(sample_with_step(GATED_STEP)));
    let copies: Vec<_> = (0..50)
        .map(|i| {
            let (harness, request) = (Arc::clone(&harness), Arc::clone(&request));
            tokio::spawn(async move {
                if i % 2 == 0 {
                    harness.in_process(&request).await
                } else {
                    harness.over_http(&request).await
                }
            })
        })
        .collect();
    // Let the first copy's handler go once the others had their chance to arrive.
    tokio::time::sleep(Duration::from_millis(300)).await;
    calls.gate.notify_one();
    let mut answered = Vec::new();
    for copy in copies {
        let answer = copy.await.unwrap();
        match answer.status.as_u16() {
            200 => answered.push(answer.body),
            409 => assert_eq!(
                answer.text(),
                r#"{"title": "409 Conflict", "description": "Another copy of this notification is being answered."}"#
            ),
            status => panic!("{status}: {}", answer.text()),
        }
    }
    assert_eq!(calls.count.load(Ordering::SeqCst), 1);
    assert!(!answered.is_empty());
    assert!(answered.iter().all(|body| *body == answered[0]));
    // Once answered, every copy gets the answer.
    let late = harness.over_http(&request).await;
    assert_eq!((late.status.as_u16(), &late.body), (200, &answered[0]));
}

#[tokio::test]
async fn refused_deliveries_are_not_kept() {
    let calls = Calls::default();
    let harness = Harness::new(webhook(&calls)).await;
    // A handler that panics: 500, and its copy runs again.
    let panics = signed(sample_with_step(PANIC_STEP));
    for run in 1..=2 {
        assert_eq!(harness.in_process(&panics).await.status, 500);
        assert_eq!(calls.count.load(Ordering::SeqCst), run);
    }
    // A body no route takes: refused before the store, the same answer each time.
    let unrouted = signed(r#"{"topic": 1}"#);
    let first = harness.in_process(&unrouted).await;
    assert!(first.status.is_client_error(), "{}", first.text());
    assert_eq!(harness.in_process(&unrouted).await.body, first.body);
}

/// The raw HTTP/1.1 bytes of `req` (its head, then its body), closing the connection after.
fn raw_request(req: &Req) -> (Vec<u8>, Vec<u8>) {
    let mut head = format!(
        "POST {} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\ncontent-length: {}\r\n",
        req.path,
        req.body.len()
    );
    for (name, value) in &req.headers {
        head += &format!("{name}: {}\r\n", value.to_str().unwrap());
    }
    head += "\r\n";
    (head.into_bytes(), req.body.clone())
}

/// Retries `request` until it is no longer `409` (its first copy still being answered).
async fn retry_until_answered(harness: &Harness, request: &Req) -> crate::common::Resp {
    for _ in 0..250 {
        let retry = harness.over_http(request).await;
        if retry.status != StatusCode::CONFLICT {
            return retry;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the first copy was never answered");
}

#[tokio::test]
async fn a_handler_whose_client_went_away_finishes_and_its_answer_is_kept() {
    let calls = Calls::default();
    let harness = Harness::new(webhook(&calls)).await;
    let request = signed(sample_with_step(GATED_STEP));
    // Over real HTTP: the client sends the request, then closes its connection while the
    // handler waits.
    let (head, body) = raw_request(&request);
    let mut stream = tokio::net::TcpStream::connect(harness.addr())
        .await
        .unwrap();
    stream.write_all(&[head, body].concat()).await.unwrap();
    for _ in 0..250 {
        if calls.started.load(Ordering::SeqCst) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        calls.started.load(Ordering::SeqCst),
        1,
        "the handler started"
    );
    drop(stream);
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The handler still runs: a retry meanwhile is told its first copy is being answered.
    let meanwhile = harness.over_http(&request).await;
    assert_eq!(
        meanwhile.status,
        StatusCode::CONFLICT,
        "{}",
        meanwhile.text()
    );
    // Let the handler finish: the retry gets its answer, and the handler ran once.
    calls.gate.notify_one();
    let answer = retry_until_answered(&harness, &request).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(answer.text().contains("call 1"), "{}", answer.text());
    assert_eq!(calls.started.load(Ordering::SeqCst), 1);
    assert_eq!(calls.count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_handler_whose_request_was_dropped_in_process_finishes_too() {
    let calls = Calls::default();
    let harness = Harness::new(webhook(&calls)).await;
    let request = signed(sample_with_step(GATED_STEP));
    // The caller gives up while the handler waits: the request's future is dropped.
    let gave_up = tokio::time::timeout(Duration::from_millis(200), harness.in_process(&request));
    assert!(gave_up.await.is_err());
    calls.gate.notify_one();
    let answer = retry_until_answered(&harness, &request).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(answer.text().contains("call 1"), "{}", answer.text());
    assert_eq!(calls.started.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_copy_whose_body_trickles_in_past_its_date_is_refused() {
    // A one-second window, no future skew: the first copy's claim lives two seconds.
    let calls = Calls::default();
    let router = served(
        Webhook::new()
            .private_key(KEY)
            .request_max_age(Some(Duration::from_secs(1)))
            .max_future_skew(Duration::ZERO),
        &calls,
    );
    let harness = Harness::new(router).await;
    let request = signed(SAMPLE);
    let first = harness.over_http(&request).await;
    assert_eq!(first.status, 200, "{}", first.text());
    // A captured copy: its headers sent while its `Date` is fresh, its last byte once the
    // first copy's claim has expired.
    let (head, body) = raw_request(&request);
    let (start, last) = body.split_at(body.len() - 1);
    let mut stream = tokio::net::TcpStream::connect(harness.addr())
        .await
        .unwrap();
    stream
        .write_all(&[head.as_slice(), start].concat())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(3_200)).await;
    stream.write_all(last).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut answer))
        .await
        .expect("answered")
        .unwrap();
    let (status, _, body) = parse_raw(&answer);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("Request is too old"), "{body}");
    assert_eq!(calls.started.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn unsigned_deliveries_are_known_by_their_date_and_body() {
    let calls = Calls::default();
    let router = served(Webhook::new().allow_unsigned(), &calls);
    let harness = Harness::new(router).await;
    let request = Req::post(SAMPLE).date(&now_date());
    let first = harness.in_process(&request).await;
    assert_eq!(harness.over_http(&request).await.body, first.body);
    assert_eq!(calls.count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn without_a_store_a_copy_runs_again() {
    let calls = Calls::default();
    let router = served(
        Webhook::new().private_key(KEY).without_replay_store(),
        &calls,
    );
    let harness = Harness::new(router).await;
    let request = signed(SAMPLE);
    harness.in_process(&request).await;
    let copy = harness.in_process(&request).await;
    assert!(copy.text().contains("call 2"), "{}", copy.text());
}

#[test]
fn a_store_without_replay_prevention_does_not_build() {
    let built = Webhook::<()>::new()
        .private_key(KEY)
        .request_max_age(None)
        .replay_store(MemoryStore::new())
        .try_into_router();
    let error = built.unwrap_err();
    assert!(matches!(error, BuildError::ReplayStoreWithoutWindow));
    assert!(error.to_string().contains("request_max_age"), "{error}");
    // Without replay prevention and no store given, there is simply no store.
    assert!(
        Webhook::<()>::new()
            .private_key(KEY)
            .request_max_age(None)
            .try_into_router()
            .is_ok()
    );
}

#[tokio::test]
async fn the_outcome_hook_tells_a_stored_answer() {
    type Seen = Arc<std::sync::Mutex<Vec<(Option<String>, u16, bool)>>>;
    let seen: Seen = Arc::default();
    let recorded = Arc::clone(&seen);
    let calls = Calls::default();
    let router = Webhook::new()
        .private_key(KEY)
        .on(STEP_REACHED, counted)
        .on_outcome(move |outcome: &Outcome<'_>| {
            recorded.lock().unwrap().push((
                outcome.route().map(str::to_owned),
                outcome.status().as_u16(),
                outcome.replayed(),
            ))
        })
        .into_router()
        .with_state(calls);
    let harness = Harness::new(router).await;
    let request = signed(SAMPLE);
    harness.in_process(&request).await;
    harness.in_process(&request).await;
    let route = Some("route #0".to_owned());
    assert_eq!(
        *seen.lock().unwrap(),
        [(route.clone(), 200, false), (route, 200, true)]
    );
}

/// A store that cannot be reached.
struct Unreachable;

impl ReplayStore for Unreachable {
    fn claim(&self, _: DeliveryId, _: Duration) -> StoreFuture<'_, Claim> {
        Box::pin(async { Err(StoreError::unavailable(std::io::Error::other("refused"))) })
    }
    fn complete(&self, _: DeliveryId, _: StoredAnswer) -> StoreFuture<'_, ()> {
        Box::pin(async { Err(StoreError::unavailable(std::io::Error::other("refused"))) })
    }
    fn release(&self, _: DeliveryId) -> StoreFuture<'_, ()> {
        Box::pin(async { Err(StoreError::unavailable(std::io::Error::other("refused"))) })
    }
}

#[tokio::test]
async fn a_failing_store_fails_closed_by_default_or_open_on_request() {
    for (policy, status) in [
        (None, 503),
        (Some(StoreFailurePolicy::FailClosed), 503),
        (Some(StoreFailurePolicy::FailOpen), 200),
    ] {
        let calls = Calls::default();
        let mut webhook = Webhook::new()
            .private_key(KEY)
            .replay_store(Unreachable)
            .on(STEP_REACHED, counted);
        if let Some(policy) = policy {
            webhook = webhook.on_store_failure(policy);
        }
        let harness = Harness::new(webhook.into_router().with_state(calls.clone())).await;
        let request = signed(SAMPLE);
        let answer = harness.in_process(&request).await;
        assert_eq!(harness.over_http(&request).await.status, answer.status);
        assert_eq!(
            answer.status.as_u16(),
            status,
            "{policy:?}: {}",
            answer.text()
        );
        if status == 503 {
            assert_eq!(answer.text(), Rejection::ReplayStoreUnavailable.to_json());
            assert_eq!(calls.count.load(Ordering::SeqCst), 0);
        } else {
            // Failing open: both copies ran.
            assert_eq!(calls.count.load(Ordering::SeqCst), 2);
        }
    }
}
