//! `RedisStore` against a real Redis: a `redis-server` of each test's own on a free port of
//! 127.0.0.1, shared by two webhook instances, each with a connection of its own, as two
//! processes behind a load balancer would be.
//!
//! Without `redis-server` on the `PATH` the tests say they are skipped and pass, except under
//! CI (`CI` set), where they fail.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use clustaar_webhook::replay_store::{
    Claim, DeliveryId, RedisStore, ReplayStore, StoreError, StoreFailurePolicy, StoredAnswer,
};
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::testing::{ErrorBody, NotificationBuilder};
use clustaar_webhook::{Rejection, Webhook, events};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::common::{Harness, Req, Resp, TIMEOUT, http_date};

const KEY: &str = "the-redis-store-key";
/// How long the handler takes: long enough for copies sent together to overlap it.
const HANDLER_TIME: Duration = Duration::from_millis(200);
/// The bound on a whole test.
const TEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A `redis-server` process on a free port of 127.0.0.1, without persistence; killed on drop.
struct RedisServer {
    binary: PathBuf,
    port: u16,
    process: Option<Child>,
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

impl RedisServer {
    /// Starts one, or says the test is skipped (`None`) when `redis-server` is not installed.
    ///
    /// # Panics
    /// When it is not installed and `CI` is set: CI must run these tests.
    async fn start() -> Option<Self> {
        let Some(binary) = find_on_path("redis-server") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "redis-server not found, and CI must run the Redis tests: \
                 apt-get install redis-server"
            );
            eprintln!("skipped: redis-server not found (apt-get install redis-server)");
            return None;
        };
        let mut server = RedisServer {
            binary,
            port: free_port(),
            process: None,
        };
        server.restart().await;
        Some(server)
    }

    /// Starts the server (again) on its port, and waits until it answers `PING`.
    async fn restart(&mut self) {
        self.kill();
        let process = Command::new(&self.binary)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server could not be started");
        self.process = Some(process);
        self.wait_ready().await;
    }

    /// Waits (at most [`TIMEOUT`]) until the server answers `PING`.
    async fn wait_ready(&mut self) {
        let started = Instant::now();
        while started.elapsed() < TIMEOUT {
            if let Some(status) = self.process.as_mut().and_then(|p| p.try_wait().unwrap()) {
                panic!(
                    "redis-server exited at start ({status}): is port {} free?",
                    self.port
                );
            }
            if self.pings().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("redis-server did not answer PING within {TIMEOUT:?}");
    }

    /// Whether the server answers `PING` now.
    async fn pings(&self) -> bool {
        let exchange = async {
            let mut stream = tokio::net::TcpStream::connect(self.addr()).await.ok()?;
            stream.write_all(b"PING\r\n").await.ok()?;
            let mut answer = [0; 7];
            stream.read_exact(&mut answer).await.ok()?;
            Some(&answer == b"+PONG\r\n")
        };
        let answer = tokio::time::timeout(Duration::from_millis(500), exchange).await;
        answer.ok().flatten().unwrap_or(false)
    }

    /// Freezes (`SIGSTOP`) or thaws (`SIGCONT`) the server: a frozen one keeps its connections
    /// open and answers nothing, as an overloaded host would.
    fn signal(&self, signal: &str) {
        let pid = self.process.as_ref().expect("redis-server runs").id();
        let status = Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .expect("kill could not run");
        assert!(status.success(), "kill {signal} {pid}: {status}");
    }

    /// Kills the server (no shutdown: as a crash would) and waits for its end.
    fn kill(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }

    fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// A store of its own, with the default settings.
    async fn store(&self) -> RedisStore {
        RedisStore::connect(&self.url())
            .await
            .expect("Redis answers")
    }

    /// A plain connection, to look into the server.
    async fn connection(&self) -> redis::aio::MultiplexedConnection {
        let client = redis::Client::open(self.url()).unwrap();
        client.get_multiplexed_async_connection().await.unwrap()
    }

    /// Every key the server holds.
    async fn keys(&self) -> Vec<String> {
        let mut connection = self.connection().await;
        redis::cmd("KEYS")
            .arg("*")
            .query_async(&mut connection)
            .await
            .unwrap()
    }

    /// The one key the server holds, its value and its remaining time to live.
    async fn only_entry(&self) -> (String, Vec<u8>, Duration) {
        let keys = self.keys().await;
        let [key] = &keys[..] else {
            panic!("expected one key, found {keys:?}");
        };
        let mut connection = self.connection().await;
        let value: Vec<u8> = redis::cmd("GET")
            .arg(key)
            .query_async(&mut connection)
            .await
            .unwrap();
        let ttl: i64 = redis::cmd("PTTL")
            .arg(key)
            .query_async(&mut connection)
            .await
            .unwrap();
        let ttl = Duration::from_millis(u64::try_from(ttl).expect("the key expires"));
        (key.clone(), value, ttl)
    }
}

/// The path of `program` in a folder of `PATH`, if there is one.
fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|folder| folder.join(program))
        .find(|candidate| candidate.is_file())
}

/// A port nothing listens on now: the kernel's pick for a listener dropped at once.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// How many times the handler ran, shared by the instances as their state.
#[derive(Clone, Default)]
struct Calls(Arc<AtomicUsize>);

impl Calls {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// Answers with its call's number: a second run would answer other bytes.
async fn numbered(State(calls): State<Calls>, _: StepReached) -> StepReachedResponse {
    let call = calls.0.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::time::sleep(HANDLER_TIME).await;
    StepReachedResponse::new().action(SendTextAction::new(format!("call {call}")))
}

/// Refuses its first call with a `503`, then answers with its call's number.
async fn fails_once(State(calls): State<Calls>, _: StepReached) -> Result<String, StatusCode> {
    match calls.0.fetch_add(1, Ordering::SeqCst) + 1 {
        1 => Err(StatusCode::SERVICE_UNAVAILABLE),
        call => Ok(format!("call {call}")),
    }
}

/// A webhook instance over `store`, counting in `calls`, its settings changed by `configure`,
/// served over HTTP on 127.0.0.1:0 (and in-process).
async fn instance(
    store: RedisStore,
    calls: &Calls,
    configure: impl FnOnce(Webhook<Calls>) -> Webhook<Calls>,
) -> Harness {
    let webhook = Webhook::<Calls>::new()
        .private_key(KEY)
        .replay_store(store)
        .on(events::CONVERSATION_STEP_REACHED, numbered);
    let router: Router = configure(webhook).into_router().with_state(calls.clone());
    Harness::new(router).await
}

/// Two instances of one webhook, each with its own connection to `redis`.
async fn two_instances(redis: &RedisServer, calls: &Calls) -> (Harness, Harness) {
    let a = instance(redis.store().await, calls, |webhook| webhook).await;
    let b = instance(redis.store().await, calls, |webhook| webhook).await;
    (a, b)
}

/// One signed delivery of `notification` dated `date`: each send of it is a copy.
fn delivery(notification: NotificationBuilder, date: SystemTime) -> Req {
    Req::post(notification.into_body().to_vec())
        .date(&http_date(date))
        .signed(KEY)
}

/// A delivery of a notification of its own (a step id per `n`), dated now.
fn fresh_delivery(n: usize) -> Req {
    let notification = NotificationBuilder::new().step_id(format!("{n:024x}"));
    delivery(notification, SystemTime::now())
}

/// Checks that two answers are the same bytes: status, content type and body.
#[track_caller]
fn assert_same_answer(copy: &Resp, first: &Resp) {
    assert_eq!(
        (copy.status, copy.content_type(), copy.text()),
        (first.status, first.content_type(), first.text()),
        "a copy's answer differs from the first's"
    );
}

/// Checks a JSON error answer.
#[track_caller]
fn assert_json_error(response: &Resp, status: u16, title: &str) {
    assert_eq!(response.status.as_u16(), status, "{}", response.text());
    assert_eq!(response.content_type(), "application/json");
    let error: ErrorBody = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(error.title, title);
}

/// Runs a test's body within [`TEST_TIMEOUT`].
async fn bounded(test: impl Future<Output = ()>) {
    tokio::time::timeout(TEST_TIMEOUT, test)
        .await
        .expect("the test did not end in time");
}

#[tokio::test]
async fn one_delivery_sent_to_two_instances_runs_its_handler_once() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    bounded(async {
        let calls = Calls::default();
        let (a, b) = two_instances(&redis, &calls).await;
        let request = delivery(NotificationBuilder::new(), SystemTime::now());

        let first = a.over_http(&request).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.text());
        assert!(first.text().contains("call 1"), "{}", first.text());
        let copy = b.over_http(&request).await;
        assert_same_answer(&copy, &first);
        assert_same_answer(&b.in_process(&request).await, &first);
        assert_eq!(calls.count(), 1);

        // Redis holds the answer, until the window (10 s, the skew, one second) ends.
        let (key, value, ttl) = redis.only_entry().await;
        assert!(key.starts_with(RedisStore::DEFAULT_KEY_PREFIX), "{key}");
        let (marker, answer) = value.split_first().unwrap();
        assert_eq!(*marker, b'A');
        let answer = StoredAnswer::from_bytes(answer).unwrap();
        assert_eq!(
            (answer.status(), &answer.body()[..]),
            (first.status, &first.body[..])
        );
        assert!(
            ttl > Duration::ZERO && ttl <= Duration::from_secs(21),
            "{ttl:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_copies_over_two_instances_run_the_handler_once() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    bounded(async {
        let calls = Calls::default();
        let (a, b) = two_instances(&redis, &calls).await;
        let request = delivery(NotificationBuilder::new(), SystemTime::now());

        // Every transport of both instances at once: HTTP and in-process, on A and B.
        let copies = (0..50).map(|i| {
            let (instance, request) = (if i % 2 == 0 { &a } else { &b }, &request);
            async move {
                if i % 4 < 2 {
                    instance.over_http(request).await
                } else {
                    instance.in_process(request).await
                }
            }
        });
        let answers = futures_util::future::join_all(copies).await;

        assert_eq!(calls.count(), 1, "the handler ran more than once");
        let (answered, conflicts): (Vec<_>, Vec<_>) = answers
            .iter()
            .partition(|answer| answer.status == StatusCode::OK);
        let first = answered.first().expect("one copy was answered");
        assert!(first.text().contains("call 1"), "{}", first.text());
        for answer in &answered {
            assert_same_answer(answer, first);
        }
        for conflict in &conflicts {
            assert_json_error(conflict, 409, "409 Conflict");
        }
        assert_eq!(answered.len() + conflicts.len(), 50);
        // Once answered, a copy gets the answer on either instance.
        assert_same_answer(&a.over_http(&request).await, first);
        assert_same_answer(&b.over_http(&request).await, first);
    })
    .await;
}

#[tokio::test]
async fn a_copy_after_the_window_is_too_old_and_redis_forgot_it() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    bounded(async {
        let calls = Calls::default();
        // A one-second window: a key lives 1 s + 1 s of skew + 1 s.
        let window = Duration::from_secs(3);
        let short = |webhook: Webhook<Calls>| webhook.request_max_age(Some(Duration::from_secs(1)));
        let a = instance(redis.store().await, &calls, short).await;
        let b = instance(redis.store().await, &calls, short).await;
        let request = delivery(NotificationBuilder::new(), SystemTime::now());

        let first = a.over_http(&request).await;
        let answered_at = Instant::now();
        assert_eq!(first.status, StatusCode::OK, "{}", first.text());
        let (_, _, ttl) = redis.only_entry().await;
        assert!(ttl <= window, "{ttl:?}");

        let after_window =
            (window + Duration::from_millis(300)).saturating_sub(answered_at.elapsed());
        tokio::time::sleep(after_window).await;
        let late = b.over_http(&request).await;
        assert_eq!(late.status.as_u16(), 400);
        assert_eq!(late.body, Rejection::RequestTooOld.to_json().as_bytes());
        assert_eq!(
            redis.keys().await,
            Vec::<String>::new(),
            "the key outlived the window"
        );
        assert_eq!(calls.count(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_refused_delivery_leaves_no_key_and_its_copy_is_handled_again() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    bounded(async {
        let calls = Calls::default();
        let flaky = |webhook: Webhook<Calls>| webhook.on("conversation.flaky", fails_once);
        let a = instance(redis.store().await, &calls, flaky).await;
        let b = instance(redis.store().await, &calls, flaky).await;

        // No route takes it: 404, the claim released, and a copy is routed again.
        let unrouted = NotificationBuilder::new().topic("conversation.nobody");
        let request = delivery(unrouted, SystemTime::now());
        assert_eq!(a.over_http(&request).await.status.as_u16(), 404);
        assert_eq!(redis.keys().await, Vec::<String>::new());
        assert_eq!(b.over_http(&request).await.status.as_u16(), 404);
        assert_eq!(redis.keys().await, Vec::<String>::new());

        // The handler refuses it once: its copy runs the handler again, and that answer stays.
        let request = delivery(
            NotificationBuilder::new().topic("conversation.flaky"),
            SystemTime::now(),
        );
        assert_eq!(a.over_http(&request).await.status.as_u16(), 503);
        assert_eq!(redis.keys().await, Vec::<String>::new());
        let second = b.over_http(&request).await;
        assert_eq!(second.status, StatusCode::OK, "{}", second.text());
        assert_eq!(calls.count(), 2);
        assert_same_answer(&a.over_http(&request).await, &second);
        assert_eq!(calls.count(), 2);
        assert_eq!(redis.keys().await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_stopped_redis_fails_closed_or_open_promptly_and_comes_back() {
    let Some(mut redis) = RedisServer::start().await else {
        return;
    };
    bounded(async {
        let calls = Calls::default();
        let closed = instance(redis.store().await, &calls, |webhook| webhook).await;
        let open = instance(redis.store().await, &calls, |webhook| {
            webhook.on_store_failure(StoreFailurePolicy::FailOpen)
        })
        .await;
        for (n, instance) in [&closed, &open].into_iter().enumerate() {
            let answer = instance.over_http(&fresh_delivery(n)).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        }

        redis.kill();
        // Fail closed (the default): a 503 JSON, within the store's timeouts.
        for n in 10..13 {
            let started = Instant::now();
            let refused = closed.over_http(&fresh_delivery(n)).await;
            let took = started.elapsed();
            assert_json_error(&refused, 503, "503 Service Unavailable");
            assert_eq!(
                refused.body,
                Rejection::ReplayStoreUnavailable.to_json().as_bytes()
            );
            assert!(took < Duration::from_secs(2), "the 503 took {took:?}");
        }
        assert_eq!(calls.count(), 2);
        // Fail open: the handler runs.
        let started = Instant::now();
        let handled = open.over_http(&fresh_delivery(20)).await;
        assert_eq!(handled.status, StatusCode::OK, "{}", handled.text());
        assert!(started.elapsed() < Duration::from_secs(2) + HANDLER_TIME);
        assert_eq!(calls.count(), 3);

        // Redis back on its port: the connections come back by themselves, within a few
        // requests, and copies are answered from the store again.
        redis.restart().await;
        let request = fresh_delivery(30);
        let started = Instant::now();
        let first = loop {
            let answer = closed.over_http(&request).await;
            if answer.status == StatusCode::OK {
                break answer;
            }
            assert_json_error(&answer, 503, "503 Service Unavailable");
            assert!(started.elapsed() < TIMEOUT, "the store did not come back");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_same_answer(&open.over_http(&request).await, &first);
        assert_eq!(calls.count(), 4);
    })
    .await;
}

#[tokio::test]
async fn a_frozen_redis_costs_a_request_its_response_timeout() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    bounded(async {
        let calls = Calls::default();
        let (a, _b) = two_instances(&redis, &calls).await;
        assert_eq!(a.over_http(&fresh_delivery(0)).await.status, StatusCode::OK);

        redis.signal("-STOP");
        let started = Instant::now();
        let refused = a.over_http(&fresh_delivery(1)).await;
        let took = started.elapsed();
        redis.signal("-CONT");
        assert_json_error(&refused, 503, "503 Service Unavailable");
        // The default response timeout is 500 ms.
        assert!(took >= Duration::from_millis(450), "the 503 took {took:?}");
        assert!(took < Duration::from_secs(2), "the 503 took {took:?}");
        assert_eq!(calls.count(), 1);

        let answer = a.over_http(&fresh_delivery(2)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    })
    .await;
}

#[tokio::test]
async fn a_frozen_redis_costs_a_call_the_timeouts_its_store_was_given() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    bounded(async {
        let millis = Duration::from_millis;
        let store = RedisStore::builder()
            .response_timeout(millis(100))
            .connection_timeout(Duration::from_secs(3))
            .connect(&redis.url())
            .await
            .expect("Redis answers");
        let claim = |n| store.claim(DeliveryId::from_bytes([n; 20]), Duration::from_secs(5));
        assert_eq!(claim(1).await.unwrap(), Claim::New);

        redis.signal("-STOP");
        let started = Instant::now();
        let refused = claim(2).await;
        let took = started.elapsed();
        // A new store's connection: its handshake gets the connection timeout.
        let started = Instant::now();
        let connected = RedisStore::builder()
            .connection_timeout(millis(100))
            .response_timeout(millis(100))
            .connect(&redis.url())
            .await;
        let connecting_took = started.elapsed();
        redis.signal("-CONT");

        assert!(
            matches!(refused, Err(StoreError::Unavailable(_))),
            "{refused:?}"
        );
        // The defaults would take 500 ms; a deadline of connection plus response, 3.1 s.
        assert!(took < millis(450), "the refusal took {took:?}");
        assert!(connected.is_err());
        // With the default (1 s a try, three tries) it takes over 3 s.
        assert!(
            connecting_took < millis(2000),
            "connecting took {connecting_took:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_two_instances_example_runs_its_handler_once() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let output = tokio::process::Command::new(crate::examples::example("two_instances"))
        .env("REDIS_URL", redis.url())
        .env_remove("CLUSTAAR_PRIVATE_KEY")
        .output();
    let output = tokio::time::timeout(TEST_TIMEOUT, output)
        .await
        .expect("the example finishes")
        .expect("the example runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("the handler ran 1 time(s); the answers are identical"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("200 OK").count(), 6, "{stdout}");
}
