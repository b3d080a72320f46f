//! A bounded soak test of `clustaar_webhook::serve`: a real server process under a mixed load
//! of well-formed, refused, malformed, truncated and slow clients, over raw TCP.
//!
//! One binary, two modes:
//! - **server** (`CLUSTAAR_SOAK_SERVE=1`): a `Webhook` (private key, basic authentication,
//!   replay prevention with its default max age, a greeting handler) served on `127.0.0.1:0`
//!   with 1 s timeouts, so that slow clients are cut quickly. It prints `Listening on
//!   http://ADDR` and exits when its stdin closes or on Ctrl-C / SIGTERM: the client holds the
//!   other end of that pipe, so the server never outlives it.
//! - **client** (the default): starts the server as a child process (this same executable),
//!   sends `--requests N` requests over `--connections C` concurrent connections (defaults
//!   3,000 over 64; or `CLUSTAAR_SOAK_REQUESTS` / `CLUSTAAR_SOAK_CONNECTIONS`), each request's
//!   kind chosen from its index, and checks every answer. The slowloris clients run beside
//!   those connections, each on one of its own until the server cuts it. It prints a table of the outcomes per
//!   kind, the server's peak and settled RSS, then the server's peak RSS with one signed body
//!   just under the 2 MiB limit, on a fresh server. It exits non-zero on any unexpected status
//!   or outcome, any 5xx, any error body that is not JSON.
//!
//! Requests are written by hand, so that clients can misbehave in ways an HTTP client library
//! does not allow. Every connect, write and read is bounded, and so is the whole run.
//!
//! `harness = false`: `cargo test` runs this `main`, with libtest's flags, which are ignored
//! (`--list` prints nothing, so tools that list tests see none here). The full run is
//! `scripts/soak.sh`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::{DEFAULT_BODY_LIMIT, Webhook, events, security::sign, shutdown_signal};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Set (to anything) in the server process's environment.
const SERVE_ENV: &str = "CLUSTAAR_SOAK_SERVE";
const KEY: &str = "the-soak-key";
const USER: &str = "bot";
const PASSWORD: &str = "s3cret";
/// The server's header read, idle and body timeouts: short, so a slow client is cut quickly.
const SERVER_TIMEOUT: Duration = Duration::from_secs(1);
/// How late the server may act on a loaded 2-core machine (the timers of a busy debug build).
const SLACK: Duration = Duration::from_secs(2);
/// The bound on a connect, a write or an answer.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// A realistic notification, as the platform posts it. Its session's `name` is Tintin.
const SAMPLE: &str = include_str!("conformance/sample-notification.json");
/// What the server answers to [`SAMPLE`].
const GREETING: &str = "Hello Tintin";
/// The bound on the server's peak memory with one 2 MiB body, in an optimized build.
const PEAK_TARGET_MIB: f64 = 16.0;
/// The same bound for a debug build, whose code and buffers are larger (about 15 MiB is seen):
/// still far below what parsing a body several times over would take (80 MiB and more).
const DEBUG_PEAK_TARGET_MIB: f64 = 32.0;

fn main() -> ExitCode {
    if std::env::var_os(SERVE_ENV).is_some() {
        return server::run();
    }
    let Some(settings) = Settings::from_args() else {
        // `--list`: no test to list (libtest would print one line per test).
        return ExitCode::SUCCESS;
    };
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    match runtime.block_on(client::run(settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("soak: FAILED: {failure}");
            ExitCode::FAILURE
        }
    }
}

/// The size of the load.
#[derive(Debug, Clone, Copy)]
struct Settings {
    requests: usize,
    connections: usize,
}

impl Settings {
    /// From `--requests N` / `--connections C` (or `=N`), else the environment, else the short
    /// variant's defaults; `None` for `--list`. Every other argument is libtest's: ignored.
    fn from_args() -> Option<Settings> {
        let mut settings = Settings {
            requests: env_number("CLUSTAAR_SOAK_REQUESTS").unwrap_or(3_000),
            connections: env_number("CLUSTAAR_SOAK_CONNECTIONS").unwrap_or(64),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
                None => (arg, None),
            };
            let target = match name.as_str() {
                "--list" => return None,
                "--requests" => &mut settings.requests,
                "--connections" => &mut settings.connections,
                _ => continue,
            };
            let value = inline.or_else(|| args.next()).unwrap_or_default();
            *target = value
                .parse()
                .unwrap_or_else(|_| panic!("{name} takes a number, not {value:?}"));
        }
        settings.connections = settings.connections.max(1);
        Some(settings)
    }
}

fn env_number(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {value:?}")),
    )
}

/// The server process's side.
mod server {
    use super::*;

    /// Greets the user by the session's `name`, like the `step_reached` example.
    async fn greet(notification: StepReached) -> StepReachedResponse {
        let name = notification.session.get_str("name").unwrap_or("there");
        let text = format!("Hello {name}");
        StepReachedResponse::new()
            .action(SendTextAction::new(text))
            .session(notification.session)
    }

    pub(super) fn run() -> ExitCode {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        runtime.block_on(serve());
        ExitCode::SUCCESS
    }

    async fn serve() {
        let webhook = Webhook::new()
            .private_key(KEY)
            .basic_auth(USER, PASSWORD)
            .on(events::CONVERSATION_STEP_REACHED, greet);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port on 127.0.0.1");
        let addr = listener.local_addr().expect("the listener's address");
        println!("Listening on http://{addr}");
        let stdin_closed = stdin_closed();
        clustaar_webhook::serve(listener, webhook.into_router())
            .header_read_timeout(SERVER_TIMEOUT)
            .idle_timeout(SERVER_TIMEOUT)
            .body_timeout(SERVER_TIMEOUT)
            .shutdown_timeout(SERVER_TIMEOUT)
            .with_graceful_shutdown(async {
                tokio::select! {
                    _ = stdin_closed => {}
                    () = shutdown_signal() => {}
                }
            })
            .await;
    }

    /// Resolves when stdin reaches its end: the client has gone, whatever way it went.
    ///
    /// A plain thread rather than `tokio::io::stdin`, whose blocking read would keep the
    /// runtime from shutting down after a signal.
    fn stdin_closed() -> tokio::sync::oneshot::Receiver<()> {
        let (closed, on_close) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
            let _ = closed.send(());
        });
        on_close
    }
}

/// The server as a child process, seen from the client.
mod process {
    use super::*;

    /// A running server; stopped (stdin closed, then killed if it lingers) when dropped.
    pub(super) struct ServerProcess {
        child: Child,
        stdin: Option<ChildStdin>,
        pub(super) addr: SocketAddr,
    }

    impl std::fmt::Debug for ServerProcess {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("ServerProcess")
                .field("pid", &self.child.id())
                .field("addr", &self.addr)
                .finish()
        }
    }

    impl ServerProcess {
        /// Starts this executable in server mode and waits for its `Listening on` line.
        pub(super) fn start() -> Result<ServerProcess, String> {
            let exe = std::env::current_exe().map_err(|e| format!("no executable: {e}"))?;
            let mut child = Command::new(exe)
                .env(SERVE_ENV, "1")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .map_err(|e| format!("the server does not start: {e}"))?;
            let stdout = child.stdout.take().expect("a piped stdout");
            let stdin = child.stdin.take();
            let (line, read) = mpsc::channel();
            std::thread::spawn(move || {
                // Then keeps draining, so the server never blocks on a full pipe.
                for text in BufReader::new(stdout).lines().map_while(Result::ok) {
                    let _ = line.send(text);
                }
            });
            // The guard first: the child is stopped even if it never says where it listens.
            let mut server = ServerProcess {
                child,
                stdin,
                addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            };
            let text = read
                .recv_timeout(IO_TIMEOUT)
                .map_err(|e| format!("the server did not say where it listens: {e}"))?;
            let addr = text
                .strip_prefix("Listening on http://")
                .and_then(|addr| addr.trim().parse().ok())
                .ok_or_else(|| format!("the server said {text:?}"))?;
            server.addr = addr;
            Ok(server)
        }

        /// The server's memory now.
        pub(super) fn memory(&self) -> Memory {
            Memory::of(self.child.id())
        }
    }

    impl Drop for ServerProcess {
        fn drop(&mut self) {
            // Closing stdin asks for a graceful shutdown (bounded by the shutdown timeout).
            drop(self.stdin.take());
            let deadline = Instant::now() + SERVER_TIMEOUT + SLACK;
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            eprintln!("soak: the server did not stop when its stdin closed; killing it");
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// A process's resident memory, from `/proc/<pid>/status` (Linux), in KiB.
    #[derive(Debug, Clone, Copy, Default)]
    pub(super) struct Memory {
        /// `VmHWM`: the peak resident set size so far.
        pub(super) peak: Option<u64>,
        /// `VmRSS`: the resident set size now.
        pub(super) now: Option<u64>,
    }

    impl Memory {
        fn of(pid: u32) -> Memory {
            let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
                return Memory::default();
            };
            let field = |name: &str| {
                let line = status.lines().find(|line| line.starts_with(name))?;
                line[name.len()..]
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .ok()
            };
            Memory {
                peak: field("VmHWM:"),
                now: field("VmRSS:"),
            }
        }
    }

    /// KiB as MiB, for the report; `n/a` off Linux.
    pub(super) fn mib(kib: Option<u64>) -> String {
        kib.map_or_else(|| "n/a".to_owned(), |kib| format!("{:.1} MiB", to_mib(kib)))
    }

    pub(super) fn to_mib(kib: u64) -> f64 {
        kib as f64 / 1024.0
    }
}

/// HTTP/1.1 by hand over a `TcpStream`.
mod http {
    use super::*;

    /// A connection, and the bytes read past the last answer.
    #[derive(Debug)]
    pub(super) struct Conn {
        pub(super) stream: TcpStream,
        buffer: Vec<u8>,
    }

    /// An answer: its status, the headers the checks need, its body.
    #[derive(Debug)]
    pub(super) struct Answer {
        pub(super) status: u16,
        pub(super) content_type: Option<String>,
        /// The server said `Connection: close`.
        pub(super) close: bool,
        pub(super) body: Vec<u8>,
    }

    /// Why no (whole) answer came.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(super) enum NoAnswer {
        /// The server closed the connection (end of file) before the answer's first byte.
        Closed,
        /// The connection was reset before the answer's first byte.
        Reset,
        /// Nothing within [`IO_TIMEOUT`].
        TimedOut,
        /// A connect or write failed, or the answer broke off or cannot be read.
        Broken(String),
    }

    impl NoAnswer {
        pub(super) fn label(&self) -> String {
            match self {
                NoAnswer::Closed => "closed".to_owned(),
                NoAnswer::Reset => "reset".to_owned(),
                NoAnswer::TimedOut => "timed out".to_owned(),
                NoAnswer::Broken(why) => format!("broken: {why}"),
            }
        }
    }

    impl Conn {
        pub(super) async fn connect(addr: SocketAddr) -> Result<Conn, NoAnswer> {
            let stream = match tokio::time::timeout(IO_TIMEOUT, TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => stream,
                Ok(Err(error)) => return Err(NoAnswer::Broken(format!("connect: {error}"))),
                Err(_) => return Err(NoAnswer::TimedOut),
            };
            // Requests are written whole: no reason to wait for the previous segment's ack.
            let _ = stream.set_nodelay(true);
            Ok(Conn {
                stream,
                buffer: Vec::new(),
            })
        }

        pub(super) async fn send(&mut self, bytes: &[u8]) -> Result<(), NoAnswer> {
            match tokio::time::timeout(IO_TIMEOUT, self.stream.write_all(bytes)).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(error)) => Err(NoAnswer::Broken(format!("write: {error}"))),
                Err(_) => Err(NoAnswer::TimedOut),
            }
        }

        /// Reads the next answer (framed by its `Content-Length`).
        pub(super) async fn answer(&mut self) -> Result<Answer, NoAnswer> {
            let deadline = tokio::time::Instant::now() + IO_TIMEOUT;
            loop {
                if let Some(answer) = self.take_answer()? {
                    return Ok(answer);
                }
                let mut chunk = [0; 16 * 1024];
                let read = tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await;
                let started = !self.buffer.is_empty();
                match read {
                    Err(_) => return Err(NoAnswer::TimedOut),
                    Ok(Ok(0)) if !started => return Err(NoAnswer::Closed),
                    Ok(Err(error)) if !started && is_reset(&error) => return Err(NoAnswer::Reset),
                    Ok(Ok(0)) => return Err(NoAnswer::Broken("closed mid-answer".into())),
                    Ok(Err(error)) => return Err(NoAnswer::Broken(format!("read: {error}"))),
                    Ok(Ok(read)) => self.buffer.extend_from_slice(&chunk[..read]),
                }
            }
        }

        /// The first whole answer in the buffer, taken out of it.
        fn take_answer(&mut self) -> Result<Option<Answer>, NoAnswer> {
            let Some(end) = find(&self.buffer, b"\r\n\r\n") else {
                return Ok(None);
            };
            let head = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
            let mut answer = parse_head(&head)?;
            let length = header(&head, "content-length")
                .ok_or_else(|| NoAnswer::Broken(format!("no Content-Length: {head:?}")))?
                .parse::<usize>()
                .map_err(|_| NoAnswer::Broken(format!("bad Content-Length: {head:?}")))?;
            let start = end + 4;
            if self.buffer.len() < start + length {
                return Ok(None);
            }
            answer.body = self.buffer[start..start + length].to_vec();
            self.buffer.drain(..start + length);
            Ok(Some(answer))
        }

        /// Waits until the server closes the connection; an error if it sends anything
        /// first or keeps it open past `deadline`.
        pub(super) async fn closed(
            &mut self,
            deadline: tokio::time::Instant,
        ) -> Result<(), String> {
            let mut chunk = [0; 1024];
            match tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await {
                Err(_) => Err("still open".to_owned()),
                Ok(Ok(0)) => Ok(()),
                Ok(Err(error)) if is_reset(&error) => Ok(()),
                Ok(Err(error)) => Err(format!("read: {error}")),
                Ok(Ok(read)) => Err(format!(
                    "sent {:?}",
                    String::from_utf8_lossy(&chunk[..read])
                )),
            }
        }
    }

    fn is_reset(error: &std::io::Error) -> bool {
        use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
        matches!(
            error.kind(),
            ConnectionReset | ConnectionAborted | BrokenPipe
        )
    }

    fn parse_head(head: &str) -> Result<Answer, NoAnswer> {
        let status = head
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3)?.parse().ok())
            .ok_or_else(|| NoAnswer::Broken(format!("not an HTTP/1.1 answer: {head:?}")))?;
        if header(head, "transfer-encoding").is_some() {
            return Err(NoAnswer::Broken(format!("unexpected framing: {head:?}")));
        }
        Ok(Answer {
            status,
            content_type: header(head, "content-type").map(str::to_owned),
            close: header(head, "connection").is_some_and(|v| v.eq_ignore_ascii_case("close")),
            body: Vec::new(),
        })
    }

    /// The value of the header `name` (lower case) in `head`.
    fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
        head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    /// A `POST /` head for a body of `length` bytes; `authorization` is the whole header
    /// value, `None` for none.
    pub(super) fn head(
        length: usize,
        date: &str,
        signature: &str,
        authorization: Option<&str>,
    ) -> String {
        let mut head = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Date: {date}\r\nX-Hub-Signature: {signature}\r\nContent-Length: {length}\r\n"
        );
        if let Some(authorization) = authorization {
            let _ = write!(head, "Authorization: {authorization}\r\n");
        }
        head.push_str("\r\n");
        head
    }

    /// `Basic base64(user:password)`.
    pub(super) fn basic(user: &str, password: &str) -> String {
        let credentials = format!("{user}:{password}");
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        format!("Basic {encoded}")
    }

    /// A request with `body`, signed over `date` with `key`.
    pub(super) fn signed(key: &str, date: &str, body: &[u8], auth: Option<&str>) -> Vec<u8> {
        let signature = sign(key, Some(date), body);
        let mut request = head(body.len(), date, &signature, auth).into_bytes();
        request.extend_from_slice(body);
        request
    }

    /// The HTTP date `seconds_ago` seconds before now.
    pub(super) fn date(seconds_ago: u64) -> String {
        httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(seconds_ago))
    }
}

/// The kinds of request, how each is sent and what it must get.
mod kinds {
    use super::http::{Answer, Conn, NoAnswer, basic, date, head, signed};
    use super::*;

    /// One kind of client.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    pub(super) enum Kind {
        /// Signed, authenticated, fresh: the platform.
        Valid,
        /// Signed with another key.
        BadSignature,
        /// Signed, but its `Date` a minute old (the default max age is 10 s).
        StaleDate,
        /// No `Authorization` header, or a wrong password (alternately).
        BadAuth,
        /// Signed and authenticated, its body cut in the middle of the JSON.
        MalformedJson,
        /// Declares a body one byte over the limit and sends none of it.
        Oversized,
        /// Declares more body than it sends, then shuts its write half.
        Truncated,
        /// Trickles its head a byte every 20 ms (its request line, then its headers), for ever.
        Slowloris,
    }

    /// Per mille of the requests, in the order [`Kind::of`] picks them.
    const MIX: [(Kind, u64); 8] = [
        (Kind::Valid, 700),
        (Kind::BadSignature, 60),
        (Kind::StaleDate, 60),
        (Kind::BadAuth, 60),
        (Kind::MalformedJson, 60),
        (Kind::Oversized, 25),
        (Kind::Truncated, 30),
        // Each holds a connection for the header timeout (1 s): a few go a long way.
        (Kind::Slowloris, 5),
    ];

    impl Kind {
        pub(super) const ALL: [Kind; 8] = [
            Kind::Valid,
            Kind::BadSignature,
            Kind::StaleDate,
            Kind::BadAuth,
            Kind::MalformedJson,
            Kind::Oversized,
            Kind::Truncated,
            Kind::Slowloris,
        ];

        /// The kind of request number `index`: a hash of it, so that kinds interleave
        /// irregularly, yet the same on every run.
        pub(super) fn of(index: usize) -> Kind {
            let mut pick = splitmix(index as u64) % 1000;
            for (kind, share) in MIX {
                if pick < share {
                    return kind;
                }
                pick -= share;
            }
            unreachable!("the mix adds up to 1000")
        }

        pub(super) fn name(self) -> &'static str {
            match self {
                Kind::Valid => "valid",
                Kind::BadSignature => "bad signature",
                Kind::StaleDate => "stale Date",
                Kind::BadAuth => "bad basic auth",
                Kind::MalformedJson => "malformed JSON",
                Kind::Oversized => "oversized",
                Kind::Truncated => "truncated",
                Kind::Slowloris => "slowloris",
            }
        }

        /// What the server must do, as printed in the table.
        pub(super) fn expected(self) -> &'static str {
            match self {
                Kind::Valid => "200 greeting",
                Kind::BadSignature => "400 Invalid header value",
                Kind::StaleDate | Kind::MalformedJson => "400 400 Bad Request",
                Kind::BadAuth => "403 Invalid credentials",
                Kind::Oversized => "413 413 Payload Too Large",
                Kind::Truncated => "400 body unreadable, close",
                Kind::Slowloris => "closed ≤ 3 s",
            }
        }

        /// The status and JSON `title` of the answer this kind must get.
        fn answer(self) -> (u16, &'static str) {
            match self {
                Kind::Valid => (200, ""),
                Kind::BadSignature => (400, "Invalid header value"),
                Kind::BadAuth => (403, "Invalid credentials"),
                Kind::Oversized => (413, "413 Payload Too Large"),
                Kind::StaleDate | Kind::MalformedJson | Kind::Truncated => (400, "400 Bad Request"),
                // Never answered: the server must close its connection.
                Kind::Slowloris => (0, ""),
            }
        }

        /// The webhook reads the whole body of this kind, so its connection can carry the
        /// next request. (A stale request is refused before its body is read: hyper then
        /// drains the body or closes the connection, and a client cannot tell which before
        /// its next request fails, so it does not reuse that connection.)
        fn keeps_alive(self) -> bool {
            matches!(
                self,
                Kind::Valid | Kind::BadSignature | Kind::BadAuth | Kind::MalformedJson
            )
        }
    }

    /// splitmix64's finalizer: a cheap, well-spread hash.
    fn splitmix(x: u64) -> u64 {
        let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// What one request came to: a label for the table, and why it is wrong, if it is.
    #[derive(Debug)]
    pub(super) struct Outcome {
        pub(super) label: String,
        pub(super) problem: Option<String>,
    }

    impl Outcome {
        fn of(label: impl Into<String>, problem: Option<String>) -> Outcome {
            Outcome {
                label: label.into(),
                problem,
            }
        }
    }

    /// Sends request number `index`, of kind `kind`, on `conn` (opened if `None`; left
    /// `None` when the connection cannot carry another request).
    pub(super) async fn send(
        kind: Kind,
        index: usize,
        addr: SocketAddr,
        conn: &mut Option<Conn>,
    ) -> Outcome {
        match kind {
            Kind::Slowloris => {
                // On a connection of its own, so the header timeout runs from its connect.
                *conn = None;
                slowloris(addr).await
            }
            Kind::Truncated => {
                let outcome = truncated(addr, conn).await;
                *conn = None;
                outcome
            }
            _ => {
                let request = request(kind, index);
                let answered = exchange(addr, conn, &request).await;
                let reusable = answered.as_ref().is_ok_and(|answer| !answer.close);
                if !(reusable && kind.keeps_alive()) {
                    *conn = None;
                }
                match answered {
                    Ok(answer) => check(kind, &answer),
                    Err(no_answer) => Outcome::of(no_answer.label(), Some(no_answer.label())),
                }
            }
        }
    }

    /// The bytes of a request of a kind that gets an answer.
    fn request(kind: Kind, index: usize) -> Vec<u8> {
        let auth = basic(USER, PASSWORD);
        let body = SAMPLE.as_bytes();
        match kind {
            // Each a delivery of its own, as the platform's are: the webhook answers a copy of
            // one delivery with its first answer (or 409 while that one is being answered).
            Kind::Valid => {
                let body =
                    SAMPLE.replace(r#""order":"A-1234""#, &format!(r#""order":"A-{index}""#));
                signed(KEY, &date(0), body.as_bytes(), Some(&auth))
            }
            Kind::BadSignature => signed("another-key", &date(0), body, Some(&auth)),
            Kind::StaleDate => signed(KEY, &date(60), body, Some(&auth)),
            Kind::BadAuth if index.is_multiple_of(2) => signed(KEY, &date(0), body, None),
            Kind::BadAuth => signed(KEY, &date(0), body, Some(&basic(USER, "wrong"))),
            Kind::MalformedJson => signed(KEY, &date(0), &body[..body.len() / 2], Some(&auth)),
            // The limit is checked on the declared length, before any byte of the body.
            Kind::Oversized => {
                head(DEFAULT_BODY_LIMIT + 1, &date(0), "sha1=00", Some(&auth)).into_bytes()
            }
            Kind::Truncated | Kind::Slowloris => unreachable!("sent by their own functions"),
        }
    }

    /// Writes `request` on `conn` (opened if needed) and reads its answer.
    async fn exchange(
        addr: SocketAddr,
        conn: &mut Option<Conn>,
        request: &[u8],
    ) -> Result<Answer, NoAnswer> {
        let open = match conn {
            Some(open) => open,
            None => conn.insert(Conn::connect(addr).await?),
        };
        open.send(request).await?;
        open.answer().await
    }

    /// Checks an answer: the status and title expected, a JSON body (the greeting for a
    /// valid request), `application/json`.
    fn check(kind: Kind, answer: &Answer) -> Outcome {
        let label = answer.status.to_string();
        let body = String::from_utf8_lossy(&answer.body);
        let shown: String = body.chars().take(200).collect();
        let problem = |why: &str| Some(format!("{why}: {} {shown}", answer.status));
        let (status, title) = kind.answer();
        if answer.status != status {
            return Outcome::of(label, problem("unexpected status"));
        }
        if answer.content_type.as_deref() != Some("application/json") {
            return Outcome::of(label, problem("not application/json"));
        }
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&answer.body) else {
            return Outcome::of(label, problem("not JSON"));
        };
        let right = if kind == Kind::Valid {
            json["actions"][0]["alternatives"][0] == GREETING
        } else {
            json["title"] == title
        };
        Outcome::of(
            label,
            (!right).then(|| problem("unexpected body")).flatten(),
        )
    }

    /// Declares 100 bytes more than it sends, then shuts its write half. The body is then
    /// unreadable: the webhook answers `400` (`BodyUnreadable`) and hyper closes the
    /// connection, since the client can send no other request.
    async fn truncated(addr: SocketAddr, conn: &mut Option<Conn>) -> Outcome {
        let body = SAMPLE.as_bytes();
        let signature = sign(KEY, Some(&date(0)), body);
        let auth = basic(USER, PASSWORD);
        let mut request = head(body.len() + 100, &date(0), &signature, Some(&auth)).into_bytes();
        request.extend_from_slice(body);
        let answered = async {
            let open = match conn {
                Some(open) => open,
                None => conn.insert(Conn::connect(addr).await?),
            };
            open.send(&request).await?;
            let _ = open.stream.shutdown().await;
            open.answer().await
        };
        let answer = match answered.await {
            Ok(answer) => answer,
            Err(no_answer) => return Outcome::of(no_answer.label(), Some(no_answer.label())),
        };
        let mut outcome = check(Kind::Truncated, &answer);
        if outcome.problem.is_none() {
            let open = conn.as_mut().expect("the connection answered");
            let deadline = tokio::time::Instant::now() + SLACK;
            if let Err(why) = open.closed(deadline).await {
                outcome.problem = Some(format!("after its answer, the connection: {why}"));
            }
        }
        outcome
    }

    /// Trickles a head that never ends; the server must close the connection within its
    /// header read timeout (plus slack), without an answer.
    async fn slowloris(addr: SocketAddr) -> Outcome {
        let started = tokio::time::Instant::now();
        let mut open = match Conn::connect(addr).await {
            Ok(open) => open,
            Err(no_answer) => return Outcome::of(no_answer.label(), Some(no_answer.label())),
        };
        let deadline = started + SERVER_TIMEOUT + SLACK;
        let head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".bytes();
        for byte in head.chain(std::iter::repeat(b'a')) {
            let tick = (tokio::time::Instant::now() + Duration::from_millis(20)).min(deadline);
            match open.closed(tick).await {
                Ok(()) => break,
                Err(why) if why != "still open" => {
                    return Outcome::of("answered", Some(format!("slowloris: {why}")));
                }
                Err(_) if tokio::time::Instant::now() >= deadline => {
                    let late = format!("still open after {:?}", started.elapsed());
                    return Outcome::of("still open", Some(late));
                }
                // A failed write means the server is closing: the next read tells.
                Err(_) => {
                    let _ = open.stream.write_all(&[byte]).await;
                }
            }
        }
        Outcome::of("closed", None)
    }
}

/// The load and the report.
mod client {
    use super::http::{Conn, signed};
    use super::kinds::{Kind, Outcome, send};
    use super::process::{Memory, ServerProcess, mib, to_mib};
    use super::*;

    /// What the requests of one kind came to.
    #[derive(Debug, Default)]
    struct Tally {
        outcomes: BTreeMap<String, u64>,
        slowest: Duration,
    }

    /// The outcomes of part of the load.
    #[derive(Debug, Default)]
    struct Stats {
        kinds: BTreeMap<Kind, Tally>,
        problems: Vec<String>,
        problem_count: u64,
    }

    impl Stats {
        fn record(&mut self, kind: Kind, index: usize, outcome: Outcome, took: Duration) {
            let tally = self.kinds.entry(kind).or_default();
            *tally.outcomes.entry(outcome.label).or_default() += 1;
            tally.slowest = tally.slowest.max(took);
            if let Some(problem) = outcome.problem {
                self.problem_count += 1;
                // Enough to see what went wrong, never a flood.
                if self.problems.len() < 20 {
                    let name = kind.name();
                    self.problems.push(format!("#{index} ({name}): {problem}"));
                }
            }
        }

        fn count(&self, kind: Kind) -> u64 {
            self.kinds
                .get(&kind)
                .map_or(0, |tally| tally.outcomes.values().sum())
        }

        fn merge(&mut self, other: Stats) {
            for (kind, tally) in other.kinds {
                let mine = self.kinds.entry(kind).or_default();
                for (label, count) in tally.outcomes {
                    *mine.outcomes.entry(label).or_default() += count;
                }
                mine.slowest = mine.slowest.max(tally.slowest);
            }
            self.problem_count += other.problem_count;
            let room = 20usize.saturating_sub(self.problems.len());
            self.problems.extend(other.problems.into_iter().take(room));
        }
    }

    pub(super) async fn run(settings: Settings) -> Result<(), String> {
        let profile = if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        };
        println!(
            "soak ({profile} build): {} requests over {} connections",
            settings.requests, settings.connections
        );
        // Both parts run, whatever the first gives: their figures are independent.
        let loaded = load(settings).await;
        let peak = big_body_peak().await;
        loaded.and(peak)
    }

    /// The mixed load on one server; its table and memory figures.
    async fn load(settings: Settings) -> Result<(), String> {
        let server = ServerProcess::start()?;
        let before = server.memory();
        let (stats, elapsed) = drive(server.addr, settings).await?;
        let peak = server.memory();
        // Long enough for the idle timeout to close whatever the server still holds.
        tokio::time::sleep(SERVER_TIMEOUT + Duration::from_millis(500)).await;
        let settled = server.memory();
        print_table(&stats);
        let slow = stats.count(Kind::Slowloris);
        let answered = settings.requests as u64 - slow;
        let rate = answered as f64 / elapsed.as_secs_f64();
        println!(
            "{answered} answered requests in {elapsed:.2?}: {rate:.0} requests/s \
             ({slow} slowloris clients beside them)"
        );
        println!(
            "server RSS: {} at start, peak (VmHWM) {}, settled (VmRSS 1.5 s after) {}",
            mib(before.now),
            mib(peak.peak),
            mib(settled.now)
        );
        if stats.problem_count == 0 {
            return Ok(());
        }
        for problem in &stats.problems {
            eprintln!("soak: {problem}");
        }
        Err(format!("{} unexpected outcomes", stats.problem_count))
    }

    /// A slowloris client running beside the load: its request number, outcome, duration.
    type Slow = tokio::task::JoinHandle<(usize, Outcome, Duration)>;

    /// Runs the requests over `settings.connections` workers that take the next request
    /// number from a shared counter; the outcomes, and how long the answered requests took.
    async fn drive(addr: SocketAddr, settings: Settings) -> Result<(Stats, Duration), String> {
        let started = Instant::now();
        // The per-operation timeouts already bound each request; this bounds the whole.
        let bound = Duration::from_secs(60) + Duration::from_millis(5) * settings.requests as u32;
        let deadline = tokio::time::Instant::now() + bound;
        let late = || format!("the load did not finish within {bound:?}");
        let next = Arc::new(AtomicUsize::new(0));
        let workers: Vec<_> = (0..settings.connections)
            .map(|_| tokio::spawn(worker(addr, Arc::clone(&next), settings.requests)))
            .collect();
        let results = tokio::time::timeout_at(deadline, join_all(workers))
            .await
            .map_err(|_| late())?;
        let answered = started.elapsed();
        let mut stats = Stats::default();
        let mut slow = Vec::new();
        for result in results {
            let (part, slowloris) = result.map_err(|e| format!("a worker failed: {e}"))?;
            stats.merge(part);
            slow.extend(slowloris);
        }
        let slow = tokio::time::timeout_at(deadline, join_all(slow))
            .await
            .map_err(|_| late())?;
        for result in slow {
            let (index, outcome, took) = result.map_err(|e| format!("a slowloris failed: {e}"))?;
            stats.record(Kind::Slowloris, index, outcome, took);
        }
        Ok((stats, answered))
    }

    async fn join_all<T>(
        handles: Vec<tokio::task::JoinHandle<T>>,
    ) -> Vec<Result<T, tokio::task::JoinError>> {
        let mut results = Vec::with_capacity(handles.len());
        for handle in handles {
            results.push(handle.await);
        }
        results
    }

    /// One client connection at a time, kept alive while the server keeps it; the
    /// slowloris clients it started, still running.
    async fn worker(
        addr: SocketAddr,
        next: Arc<AtomicUsize>,
        requests: usize,
    ) -> (Stats, Vec<Slow>) {
        let mut stats = Stats::default();
        let mut slow = Vec::new();
        let mut conn: Option<Conn> = None;
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= requests {
                return (stats, slow);
            }
            let kind = Kind::of(index);
            if kind == Kind::Slowloris {
                // Beside the load, on a connection of its own: it holds that connection for
                // the header timeout, which would idle this worker for as long.
                slow.push(tokio::spawn(async move {
                    let started = Instant::now();
                    let outcome = send(kind, index, addr, &mut None).await;
                    (index, outcome, started.elapsed())
                }));
                continue;
            }
            let started = Instant::now();
            let outcome = send(kind, index, addr, &mut conn).await;
            stats.record(kind, index, outcome, started.elapsed());
        }
    }

    fn print_table(stats: &Stats) {
        println!("\n| kind | expected | requests | outcomes | slowest |\n|---|---|---:|---|---:|");
        let mut total = 0;
        for kind in Kind::ALL {
            let Some(tally) = stats.kinds.get(&kind) else {
                continue;
            };
            let count: u64 = tally.outcomes.values().sum();
            total += count;
            let outcomes: Vec<String> = tally
                .outcomes
                .iter()
                .map(|(label, n)| format!("{label}: {n}"))
                .collect();
            println!(
                "| {} | {} | {count} | {} | {} ms |",
                kind.name(),
                kind.expected(),
                outcomes.join(", "),
                tally.slowest.as_millis()
            );
        }
        println!(
            "| total | | {total} | {} unexpected | |\n",
            stats.problem_count
        );
    }

    /// The largest `[1,1,…,1]` the default body limit accepts: 2 MiB less a byte (the
    /// array's length is odd).
    fn big_body() -> Vec<u8> {
        let ones = (DEFAULT_BODY_LIMIT - 1) / 2;
        let mut body = Vec::with_capacity(DEFAULT_BODY_LIMIT);
        body.push(b'[');
        body.extend(std::iter::repeat_n(*b"1,", ones - 1).flatten());
        body.extend_from_slice(b"1]");
        assert!(body.len() <= DEFAULT_BODY_LIMIT && body.len() + 2 > DEFAULT_BODY_LIMIT);
        body
    }

    /// A fresh server's peak RSS before and after one signed, authenticated body just under
    /// the limit (an array, so the webhook reads, checks and parses it, then answers `400`).
    async fn big_body_peak() -> Result<(), String> {
        let server = ServerProcess::start()?;
        let before = server.memory();
        let body = big_body();
        let auth = http::basic(USER, PASSWORD);
        let request = signed(KEY, &http::date(0), &body, Some(&auth));
        let mut conn = Conn::connect(server.addr).await.map_err(|e| e.label())?;
        conn.send(&request).await.map_err(|e| e.label())?;
        let answer = conn.answer().await.map_err(|e| e.label())?;
        let after = server.memory();
        println!(
            "one signed {} byte body (limit {DEFAULT_BODY_LIMIT}): answered {}, \
             server VmHWM {} before, {} after",
            body.len(),
            answer.status,
            mib(before.peak),
            mib(after.peak)
        );
        let json: Option<serde_json::Value> = serde_json::from_slice(&answer.body).ok();
        if answer.status != 400 || json.is_none_or(|json| json["title"] != "400 Bad Request") {
            let body = String::from_utf8_lossy(&answer.body);
            return Err(format!("the 2 MiB body got {} {body}", answer.status));
        }
        check_peak(after)
    }

    /// The peak bound of this build's profile.
    fn check_peak(after: Memory) -> Result<(), String> {
        let Some(peak) = after.peak else {
            println!("(no /proc here: the peak is not measured)");
            return Ok(());
        };
        let peak = to_mib(peak);
        let bound = if cfg!(debug_assertions) {
            DEBUG_PEAK_TARGET_MIB
        } else {
            PEAK_TARGET_MIB
        };
        if peak <= bound {
            println!("peak {peak:.1} MiB ≤ {bound} MiB: OK");
            Ok(())
        } else {
            Err(format!(
                "peak {peak:.1} MiB with one 2 MiB body: over {bound} MiB"
            ))
        }
    }
}
