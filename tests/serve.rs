//! `clustaar_webhook::serve` over real sockets on 127.0.0.1: the attacks it must survive (slow
//! or silent clients, idle connections, trickled bodies, too many connections, one client that
//! takes every connection, a client that holds a request over a shutdown), each with timeouts
//! short enough for a test, and the server still serving a valid request afterwards.

use std::future::IntoFuture as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::{Extension, Router};
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::serve::Server;
use clustaar_webhook::testing::NotificationBuilder;
use clustaar_webhook::{Webhook, events};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpSocket, TcpStream};
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
/// A second client address: on Linux, all of 127.0.0.0/8 is the loopback interface, so a client
/// socket bound to it reaches the server on 127.0.0.1 as another peer.
const OTHER_CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

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

    async fn connect_from(&self, from: IpAddr) -> TcpStream {
        connect_from(self.addr, from).await
    }

    /// A valid signed request on a new connection gets the handler's answer.
    async fn assert_serves(&self) {
        let mut stream = self.connect().await;
        stream.write_all(&signed_request()).await.unwrap();
        assert_hello(&mut stream).await;
    }
}

/// A connection to `addr` from the client address `from`.
async fn connect_from(addr: SocketAddr, from: IpAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    socket.connect(addr).await.unwrap()
}

/// A signed notification, as the platform posts it (keep-alive: HTTP/1.1's default). Each is a
/// new one: the replay store answers copies in flight with a `409` and closes their connection.
fn signed_request() -> Vec<u8> {
    static SENT: AtomicUsize = AtomicUsize::new(0);
    let sent = SENT.fetch_add(1, Ordering::Relaxed);
    let body = NotificationBuilder::new()
        .input_text(format!("request {sent}"))
        .into_body();
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
    try_read_answer(stream)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Reads one answer, or says why there is none: the connection failed or was closed first.
async fn try_read_answer(stream: &mut TcpStream) -> Result<(u16, String, String), String> {
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
                    return Ok((status, head, body.into_owned()));
                }
            }
            match stream.read(&mut chunk).await {
                Ok(0) => return Err(format!("closed before a whole answer: {bytes:?}")),
                Ok(read) => bytes.extend_from_slice(&chunk[..read]),
                Err(error) => return Err(format!("no answer: {error}")),
            }
        }
    };
    tokio::time::timeout(TIMEOUT, read)
        .await
        .expect("no answer")
}

/// Sends a signed request on `stream`: whether the handler's answer came back, rather than the
/// connection being closed.
async fn is_served(stream: &mut TcpStream) -> bool {
    if stream.write_all(&signed_request()).await.is_err() {
        return false;
    }
    match try_read_answer(stream).await {
        Ok(answer) => {
            assert_hello_answer(&answer);
            true
        }
        Err(_) => false,
    }
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

/// Sends a notification on `stream` and checks that no answer comes within [`SHORT`]: the
/// connection waits in the kernel's backlog.
async fn assert_not_served_yet(stream: &mut TcpStream) {
    stream.write_all(&signed_request()).await.unwrap();
    let mut byte = [0; 1];
    let early = tokio::time::timeout(SHORT, stream.read(&mut byte)).await;
    assert!(early.is_err(), "served above the cap: {early:?}");
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
    assert_not_served_yet(&mut third).await;
    // ...until one of the two leaves.
    drop(first);
    assert_hello(&mut third).await;
    drop(second);
    drop(third);
    server.assert_serves().await;
}

/// The connection cap per address the tests set, and how many more connections a client tries.
const PER_IP: usize = 3;
const EXCESS: usize = 2;

/// Opens `count` connections from 127.0.0.1 and sends nothing on them yet.
async fn open_idle(server: &Running, count: usize) -> Vec<TcpStream> {
    let mut streams = Vec::with_capacity(count);
    for _ in 0..count {
        streams.push(server.connect().await);
    }
    streams
}

/// Sends a request on each connection: those served (still open), and how many were closed.
async fn served_and_closed(streams: Vec<TcpStream>) -> (Vec<TcpStream>, usize) {
    let mut served = Vec::new();
    let mut closed = 0;
    for mut stream in streams {
        if is_served(&mut stream).await {
            served.push(stream);
        } else {
            closed += 1;
        }
    }
    (served, closed)
}

#[tokio::test]
async fn one_client_holds_at_most_its_cap_per_address_and_another_is_still_served() {
    let server = Running::start(app(), |s| s.max_connections_per_ip(PER_IP)).await;
    // The cap acts when a connection is accepted, before any byte: the excess of these idle
    // connections is closed, the first ones keep their places (and are then served).
    let idle = open_idle(&server, PER_IP + EXCESS).await;
    let (mut held, closed) = served_and_closed(idle).await;
    assert_eq!((held.len(), closed), (PER_IP, EXCESS), "held, closed");
    // Another address is served as usual while this one is at its cap...
    let mut other = server.connect_from(OTHER_CLIENT).await;
    assert!(
        is_served(&mut other).await,
        "another client was turned away"
    );
    // ...and this one no more until one of its connections leaves.
    assert!(!is_served(&mut server.connect().await).await);
    drop(held.pop());
    // The server sees the close on its own time: try again, a bounded number of times.
    let mut freed = false;
    for _ in 0..100 {
        if is_served(&mut server.connect().await).await {
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(freed, "the place of a connection that left was not freed");
    drop((held, other));
    server.stop().await;
}

#[tokio::test]
async fn without_a_cap_per_address_one_client_holds_every_place() {
    // The default: off, as the platform posts from a few addresses.
    let server = Running::start(app(), |s| s.max_connections(PER_IP + EXCESS)).await;
    let idle = open_idle(&server, PER_IP + EXCESS).await;
    let (held, closed) = served_and_closed(idle).await;
    assert_eq!((held.len(), closed), (PER_IP + EXCESS, 0), "held, closed");
    // Every place is taken: another address waits in the backlog.
    let mut other = server.connect_from(OTHER_CLIENT).await;
    assert_not_served_yet(&mut other).await;
    drop(held);
    assert_hello(&mut other).await;
    drop(other);
    server.stop().await;
}

/// The measurement behind the cap per address (issue 22): how many of the default 1,024 places
/// one client holds, with the cap off and at 64. Not a check, so not run by default:
/// `cargo test --test integration serve::places_one_client_holds -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement: opens 2,200 sockets; run it by name"]
async fn places_one_client_holds() {
    const CLIENT_CONNECTIONS: usize = 1100;
    for per_ip in [None, Some(64)] {
        // The default limits, but for the cap per address.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = clustaar_webhook::serve(listener, app()).max_connections_per_ip(per_ip);
        let addr = server.local_addr().unwrap();
        let task = tokio::spawn(server.into_future());
        let mut streams = Vec::with_capacity(CLIENT_CONNECTIONS);
        for _ in 0..CLIENT_CONNECTIONS {
            streams.push(TcpStream::connect(addr).await.unwrap());
        }
        // A request on each, at once: those accepted answer within milliseconds; those in the
        // backlog not before a place frees (the default idle timeout, 5 s); those closed fail.
        let window = Duration::from_secs(2);
        let answers = streams.into_iter().map(|mut stream| async move {
            let exchange = async {
                stream.write_all(&signed_request()).await.ok()?;
                try_read_answer(&mut stream).await.ok()
            };
            let outcome = match tokio::time::timeout(window, exchange).await {
                Ok(Some(answer)) => {
                    assert_hello_answer(&answer);
                    "held"
                }
                Ok(None) => "closed",
                Err(_) => "waiting",
            };
            // Kept open until the end: a connection closed would free its place.
            (outcome, stream)
        });
        let started = Instant::now();
        let (outcomes, _open): (Vec<_>, Vec<_>) = futures_util::future::join_all(answers)
            .await
            .into_iter()
            .unzip();
        let count = |outcome| outcomes.iter().filter(|&&o| o == outcome).count();
        let elapsed = started.elapsed();
        // While they are all open, is another client served?
        let mut stream = connect_from(addr, OTHER_CLIENT).await;
        let other_served = tokio::time::timeout(window, is_served(&mut stream))
            .await
            .unwrap_or(false);
        println!(
            "cap per address {per_ip:?}: of {CLIENT_CONNECTIONS} connections from one client, \
             {} held a place, {} were closed, {} still waited in the backlog after {elapsed:?}; \
             another client served within {window:?}: {other_served}",
            count("held"),
            count("closed"),
            count("waiting"),
        );
        task.abort();
    }
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

#[tokio::test]
async fn a_server_shows_its_address_and_settings_in_debug() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = clustaar_webhook::serve(listener, app());
    let debug = format!("{server:?}");
    assert!(debug.starts_with("Server {"), "{debug}");
    assert!(debug.contains(&addr.to_string()), "{debug}");
    assert!(debug.contains("settings"), "{debug}");
}
