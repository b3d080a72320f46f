//! `clustaar_webhook::serve` over real sockets on 127.0.0.1: the attacks it must survive (slow
//! or silent clients, idle connections, trickled bodies, too many connections, a client that
//! holds a request over a shutdown), each with timeouts short enough for a test, and the server
//! still serving a valid request afterwards.

use std::future::IntoFuture as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::{Extension, Router};
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::serve::Server;
use clustaar_webhook::testing::NotificationBuilder;
use clustaar_webhook::{Webhook, events};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

use crate::common::{TIMEOUT, now_date, sign};

const KEY: &str = "the-serve-key";
/// The timeout each test sets for the limit it tries.
const SHORT: Duration = Duration::from_millis(300);
/// The settings a test does not try: out of its way.
const LONG: Duration = Duration::from_secs(8);
/// How late a limit may act, on a loaded machine.
const SLACK: Duration = Duration::from_millis(1500);

async fn hello(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::new("hello"))
}

/// The webhook every test serves.
fn app() -> Router {
    Webhook::new()
        .private_key(KEY)
        .on(events::CONVERSATION_STEP_REACHED, hello)
        .into_router()
}

/// A server on 127.0.0.1:0, stopped (gracefully) by [`Running::stop`], aborted when dropped.
struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Running {
    /// Serves `app` with the settings `configure` gives; every limit it does not set is [`LONG`].
    async fn start(app: Router, configure: impl FnOnce(Server<Router>) -> Server<Router>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = clustaar_webhook::serve(listener, app)
            .header_read_timeout(LONG)
            .idle_timeout(LONG)
            .body_timeout(LONG)
            .shutdown_timeout(LONG);
        let server = configure(server);
        let addr = server.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = server.with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        Running {
            addr,
            stop: Some(stop),
            task: tokio::spawn(server.into_future()),
        }
    }

    /// Sends the shutdown signal and waits for the server's future; how long it took.
    async fn stop(mut self) -> Duration {
        let started = Instant::now();
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(TIMEOUT, &mut self.task)
            .await
            .expect("the server did not stop")
            .unwrap();
        started.elapsed()
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.unwrap()
    }

    /// A valid signed request on a new connection gets the handler's answer.
    async fn assert_serves(&self) {
        let mut stream = self.connect().await;
        stream.write_all(&signed_request()).await.unwrap();
        assert_hello(&mut stream).await;
    }
}

/// A signed notification, as the platform posts it (keep-alive: HTTP/1.1's default).
fn signed_request() -> Vec<u8> {
    let body = NotificationBuilder::new().into_body();
    let date = now_date();
    let signature = sign(KEY, Some(&date), &body);
    let mut request = head(body.len(), &date, &signature).into_bytes();
    request.extend_from_slice(&body);
    request
}

/// A request's head for a body of `length` bytes.
fn head(length: usize, date: &str, signature: &str) -> String {
    format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Date: {date}\r\nX-Hub-Signature: {signature}\r\nContent-Length: {length}\r\n\r\n"
    )
}

/// Reads one answer (with a `Content-Length`): its status, head and body.
async fn read_answer(stream: &mut TcpStream) -> (u16, String, String) {
    let read = async {
        let mut bytes = Vec::new();
        let mut chunk = [0; 4096];
        loop {
            if let Some(end) = find(&bytes, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
                let length = content_length(&head);
                if bytes.len() >= end + 4 + length {
                    let body = String::from_utf8_lossy(&bytes[end + 4..end + 4 + length]);
                    let status = head[9..12].parse().unwrap();
                    return (status, head, body.into_owned());
                }
            }
            let read = stream.read(&mut chunk).await.expect("the answer");
            assert!(read > 0, "closed before a whole answer: {bytes:?}");
            bytes.extend_from_slice(&chunk[..read]);
        }
    };
    tokio::time::timeout(TIMEOUT, read)
        .await
        .expect("no answer")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().unwrap())
        })
        .unwrap_or(0)
}

#[track_caller]
fn assert_hello_answer((status, _, body): &(u16, String, String)) {
    assert_eq!(*status, 200, "{body}");
    assert!(body.contains(r#""alternatives": ["hello"]"#), "{body}");
}

async fn assert_hello(stream: &mut TcpStream) {
    assert_hello_answer(&read_answer(stream).await);
}

/// Waits until the server closes `stream` (end of file or reset); how long it took.
async fn closed(stream: &mut TcpStream) -> Duration {
    let started = Instant::now();
    let wait = async {
        let mut chunk = [0; 1024];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(TIMEOUT, wait)
        .await
        .expect("the server never closed the connection");
    started.elapsed()
}

/// Took about `expected`: not before, and not much after.
#[track_caller]
fn assert_about(elapsed: Duration, expected: Duration) {
    let early = expected.saturating_sub(Duration::from_millis(50));
    assert!(
        elapsed >= early && elapsed <= expected + SLACK,
        "took {elapsed:?}, expected about {expected:?}"
    );
}

/// Writes `bytes` one a `every`, until they run out or the server closes the connection.
fn trickle(mut writer: tokio::net::tcp::OwnedWriteHalf, bytes: Vec<u8>, every: Duration) {
    tokio::spawn(async move {
        for byte in bytes {
            if writer.write_all(&[byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(every).await;
        }
    });
}

#[tokio::test]
async fn a_head_sent_slowly_is_closed_within_the_header_timeout() {
    let server = Running::start(app(), |s| s.header_read_timeout(SHORT)).await;
    let stream = server.connect().await;
    let started = Instant::now();
    let (mut reader, writer) = stream.into_split();
    // A slowloris: the head, a byte every 20 ms, for far longer than the timeout.
    let header = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".to_owned() + &"a".repeat(500);
    trickle(writer, header.into_bytes(), Duration::from_millis(20));
    let wait = async {
        let mut chunk = [0; 64];
        while let Ok(1..) = reader.read(&mut chunk).await {}
    };
    tokio::time::timeout(TIMEOUT, wait).await.unwrap();
    assert_about(started.elapsed(), SHORT);
    server.assert_serves().await;
}

#[tokio::test]
async fn a_connection_that_never_sends_a_byte_is_closed() {
    let server = Running::start(app(), |s| s.header_read_timeout(SHORT)).await;
    let mut stream = server.connect().await;
    assert_about(closed(&mut stream).await, SHORT);
    server.assert_serves().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    // The header read timeout is long: the idle timeout is what closes the connection.
    let server = Running::start(app(), |s| s.idle_timeout(SHORT)).await;
    let mut stream = server.connect().await;
    stream.write_all(&signed_request()).await.unwrap();
    assert_hello(&mut stream).await;
    // Kept alive, and a second request within the timeout is served on it.
    tokio::time::sleep(SHORT / 3).await;
    stream.write_all(&signed_request()).await.unwrap();
    assert_hello(&mut stream).await;
    assert_about(closed(&mut stream).await, SHORT);
    server.assert_serves().await;
}

#[tokio::test]
async fn a_body_sent_slowly_gets_a_408_within_the_body_timeout() {
    let server = Running::start(app(), |s| s.body_timeout(SHORT)).await;
    let body = NotificationBuilder::new().into_body();
    let date = now_date();
    let signature = sign(KEY, Some(&date), &body);
    let stream = server.connect().await;
    let (mut reader, mut writer) = stream.into_split();
    writer
        .write_all(head(body.len(), &date, &signature).as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    // A byte every 20 ms: never a pause as long as the timeout, yet the whole body would take
    // many times it.
    trickle(writer, body.to_vec(), Duration::from_millis(20));
    let read = async {
        let mut bytes = Vec::new();
        let mut chunk = [0; 1024];
        while let Ok(read @ 1..) = reader.read(&mut chunk).await {
            bytes.extend_from_slice(&chunk[..read]);
        }
        String::from_utf8(bytes).unwrap()
    };
    let answer = tokio::time::timeout(TIMEOUT, read).await.unwrap();
    assert_about(started.elapsed(), SHORT);
    let (head, body) = answer.split_once("\r\n\r\n").expect("an answer");
    assert!(
        head.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{head}"
    );
    assert!(head.contains("content-type: application/json"), "{head}");
    assert_eq!(
        body,
        r#"{"title": "408 Request Timeout", "description": "The request body did not arrive in time."}"#
    );
    server.assert_serves().await;
}

#[tokio::test]
async fn at_the_connection_cap_the_next_connection_waits_until_one_leaves() {
    let server = Running::start(app(), |s| s.max_connections(2)).await;
    // Two connections served and kept open: the cap is reached.
    let mut first = server.connect().await;
    first.write_all(&signed_request()).await.unwrap();
    assert_hello(&mut first).await;
    let mut second = server.connect().await;
    second.write_all(&signed_request()).await.unwrap();
    assert_hello(&mut second).await;
    // The third connects (the kernel's backlog takes it) but is not served...
    let mut third = server.connect().await;
    third.write_all(&signed_request()).await.unwrap();
    let mut byte = [0; 1];
    let early = tokio::time::timeout(SHORT, third.read(&mut byte)).await;
    assert!(early.is_err(), "served above the cap: {early:?}");
    // ...until one of the two leaves.
    drop(first);
    assert_hello(&mut third).await;
    drop(second);
    drop(third);
    server.assert_serves().await;
}

#[tokio::test]
async fn shutdown_ends_within_its_deadline_while_clients_hold_unfinished_requests() {
    let server = Running::start(app(), |s| s.shutdown_timeout(SHORT)).await;
    // One client stops in the middle of its head, another in the middle of its body.
    let mut in_head = server.connect().await;
    in_head
        .write_all(b"POST / HTTP/1.1\r\nHost: x")
        .await
        .unwrap();
    let mut in_body = server.connect().await;
    in_body
        .write_all(head(100, &now_date(), "sha1=00").as_bytes())
        .await
        .unwrap();
    in_body.write_all(b"{\"bot").await.unwrap();
    // A client served before the shutdown.
    server.assert_serves().await;
    let stopped = server.stop().await;
    assert_about(stopped, SHORT);
    // Both connections were closed by then.
    assert!(closed(&mut in_head).await < SLACK);
    assert!(closed(&mut in_body).await < SLACK);
}

/// Takes its time, and says when it has started.
async fn slow(Extension(started): Extension<Arc<Notify>>, _: StepReached) -> StepReachedResponse {
    started.notify_one();
    tokio::time::sleep(SHORT).await;
    StepReachedResponse::new().action(SendTextAction::new("hello"))
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish_and_answer() {
    let started = Arc::new(Notify::new());
    let app = Webhook::new()
        .private_key(KEY)
        .on(events::CONVERSATION_STEP_REACHED, slow)
        .into_router()
        .layer(Extension(Arc::clone(&started)));
    let server = Running::start(app, |s| s).await;
    let addr = server.addr;
    let mut stream = server.connect().await;
    stream.write_all(&signed_request()).await.unwrap();
    tokio::time::timeout(TIMEOUT, started.notified())
        .await
        .expect("the handler started");
    let stopping = tokio::spawn(server.stop());
    // The request in flight gets its whole answer, then the connection closes.
    let answer = read_answer(&mut stream).await;
    assert_hello_answer(&answer);
    assert!(closed(&mut stream).await < SLACK);
    // The server stopped as soon as it was answered, well before its deadline (LONG)...
    let stopped = tokio::time::timeout(TIMEOUT, stopping)
        .await
        .unwrap()
        .unwrap();
    assert!(stopped < SHORT + SLACK, "took {stopped:?}");
    // ...and listens no more.
    assert!(TcpStream::connect(addr).await.is_err());
}
