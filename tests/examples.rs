//! Runs the example servers (`step_reached`, `mount`, `filters`, `metrics`, `playground`, `many_bots`) and
//! the `send` example against them (one notification, or a transcript replayed turn by turn),
//! as processes, over real HTTP on 127.0.0.1; and the `sanitize` example on lines of text.
//!
//! Both examples are built by `cargo test` (which builds every example before running the
//! tests); they are found next to this test's executable, in `target/<profile>/examples/`.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

pub(crate) const KEY: &str = "the-private-key";
pub(crate) const USER: &str = "bot";
pub(crate) const PASSWORD: &str = "s3cret";
/// How long the server may take to start, and the sender to finish.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The path of an example built by cargo for this profile.
pub(crate) fn example(name: &str) -> PathBuf {
    let test_exe = std::env::current_exe().expect("the test's executable");
    // target/<profile>/deps/examples-<hash> → target/<profile>/examples/<name>
    let profile_dir = test_exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test runs from target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is missing: run `cargo test` (which builds the examples) or `cargo build --examples --features testing` first",
        path.display()
    );
    path
}

/// A running example server; killed when dropped, even when the test fails.
pub(crate) struct Server {
    child: Child,
    pub(crate) url: String,
}

impl Server {
    /// Starts the `step_reached` example.
    fn start() -> Server {
        Server::start_example("step_reached")
    }

    /// Starts an example server on a free port with a private key and credentials, and waits
    /// for its `Listening on http://…` line.
    fn start_example(name: &str) -> Server {
        Server::start_example_until(name, "Listening on ")
    }

    /// Starts an example server on free ports with a private key and credentials, and waits
    /// for the line that starts with `ready` and ends with its `http://127.0.0.1:…` address.
    pub(crate) fn start_example_until(name: &str, ready: &str) -> Server {
        Server::start_example_with(name, ready, &[])
    }

    /// As [`start_example_until`](Self::start_example_until), with more environment variables.
    fn start_example_with(name: &str, ready: &str, env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(example(name))
            .envs(env.iter().copied())
            .env("PORT", "0")
            .env("PLAYGROUND_PORT", "0")
            .env("CLUSTAAR_PRIVATE_KEY", KEY)
            .env("CLUSTAAR_AUTH_USERNAME", USER)
            .env("CLUSTAAR_AUTH_PASSWORD", PASSWORD)
            .env_remove("CLUSTAAR_REQUEST_MAX_AGE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the example server starts");
        let stdout = child.stdout.take().expect("the server's stdout");
        // Guard first: the server is killed even if it never says where it listens.
        let mut server = Server {
            child,
            url: String::new(),
        };
        let (lines, received) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if lines.send(line).is_err() {
                    // Nobody listens any more: keep draining so the server never blocks.
                    continue;
                }
            }
        });
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match received.recv_timeout(left) {
                Ok(line) => {
                    if let Some(address) = line.strip_prefix(ready) {
                        let address = address.trim().trim_end_matches('/');
                        assert!(
                            address.starts_with("http://127.0.0.1:"),
                            "the server listens on {address}"
                        );
                        server.url = format!("{address}/");
                        return server;
                    }
                }
                Err(error) => panic!("the server did not say where it listens: {error}"),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the sender printed and how it ended.
#[derive(Debug)]
struct Sent {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs the `send` example with `args`, killing it past the timeout.
fn send(args: &[&str]) -> Sent {
    let mut child = Command::new(example("send"))
        .args(args)
        .env_remove("CLUSTAAR_PRIVATE_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the send example starts");
    let read = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = read(Box::new(child.stdout.take().expect("stdout")));
    let stderr = read(Box::new(child.stderr.take().expect("stderr")));
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the sender's status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the sender did not finish within {TIMEOUT:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    Sent {
        status,
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    }
}

/// Runs the sender against `server` with this key and password (the server's user), then
/// `extra` arguments.
fn send_with(server: &Server, key: &str, password: &str, extra: &[&str]) -> Sent {
    let mut args = vec![
        "--url",
        &server.url,
        "--key",
        key,
        "--user",
        USER,
        "--password",
        password,
    ];
    args.extend_from_slice(extra);
    send(&args)
}

#[test]
fn greets_by_the_session_name() {
    let server = Server::start();
    let sent = send_with(
        &server,
        KEY,
        PASSWORD,
        &["--session", "name=Tintin", "--text", "Hi!"],
    );
    assert!(sent.status.success(), "{sent:#?}");
    assert_eq!(sent.stdout.lines().next(), Some("HTTP 200 OK"), "{sent:#?}");
    assert!(sent.stdout.contains("\"Hello Tintin\""), "{sent:#?}");
    // The rest is the pretty JSON answer.
    let json: serde_json::Value =
        serde_json::from_str(sent.stdout.split_once('\n').unwrap().1).expect("a JSON answer");
    assert_eq!(json["actions"][0]["alternatives"][0], "Hello Tintin");
    assert_eq!(json["session"]["values"]["name"], "Tintin");
}

#[test]
fn step_reached_answers_its_health_check() {
    let server = Server::start();
    assert_eq!(get(&server, "/health"), "ok");
}

/// What a container platform does to stop the `step_reached` example (the Dockerfile's
/// image): `SIGTERM`, then a kill if it lingers. It stops accepting and exits 0, at once when
/// no request is in flight.
#[cfg(unix)]
#[test]
fn step_reached_exits_cleanly_on_sigterm() {
    let mut server = Server::start();
    assert_eq!(get(&server, "/health"), "ok");
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status();
    assert!(sent.expect("`kill` runs").success());
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("the server's status") {
            break status;
        }
        assert!(Instant::now() < deadline, "the server ignored SIGTERM");
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn routes_by_step_id() {
    let server = Server::start();
    let sent = send_with(
        &server,
        KEY,
        PASSWORD,
        &["--step-id", "5f0c1d2e3a4b5c6d7e8f9a0b"],
    );
    assert!(sent.status.success(), "{sent:#?}");
    assert!(
        sent.stdout.contains("Your order is on its way"),
        "{sent:#?}"
    );
}

#[test]
fn a_wrong_key_fails() {
    let server = Server::start();
    let sent = send_with(
        &server,
        "not the key",
        PASSWORD,
        &["--session", "name=Tintin"],
    );
    assert_eq!(sent.status.code(), Some(1), "{sent:#?}");
    assert_eq!(
        sent.stdout.lines().next(),
        Some("HTTP 400 Bad Request"),
        "{sent:#?}"
    );
    assert!(
        sent.stdout.contains("The request's signature is invalid."),
        "{sent:#?}"
    );
    assert!(!sent.stdout.contains("Hello"), "{sent:#?}");
}

#[test]
fn a_missing_signature_and_wrong_credentials_fail() {
    let server = Server::start();
    let sent = send(&["--url", &server.url, "--user", USER, "--password", PASSWORD]);
    assert_eq!(sent.status.code(), Some(1), "{sent:#?}");
    assert!(
        sent.stdout.contains("The request's signature is missing."),
        "{sent:#?}"
    );

    let sent = send_with(&server, KEY, "wrong", &[]);
    assert_eq!(sent.status.code(), Some(1), "{sent:#?}");
    assert_eq!(
        sent.stdout.lines().next(),
        Some("HTTP 403 Forbidden"),
        "{sent:#?}"
    );
}

/// The URL of a port nobody listens on: bound, then freed.
fn unreachable_url() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    format!("http://127.0.0.1:{port}/")
}

#[test]
fn an_unreachable_webhook_fails_clearly() {
    let url = unreachable_url();
    let sent = send(&["--url", &url, "--key", KEY]);
    assert_eq!(sent.status.code(), Some(3), "{sent:#?}");
    assert!(sent.stdout.is_empty(), "{sent:#?}");
    assert!(
        sent.stderr.contains("could not reach the webhook at"),
        "{sent:#?}"
    );
}

#[test]
fn the_mount_example_serves_the_webhook_inside_its_app() {
    let server = Server::start_example("mount");
    let webhook = format!("{}clustaar/webhook", server.url);
    // Two deliveries (the example answers each delivery once: a copy would get the first
    // answer again).
    for (text, expected) in [
        ("hi", "Hello, greeting number 1"),
        ("hi again", "Hello, greeting number 2"),
    ] {
        let sent = send(&["--url", &webhook, "--key", KEY, "--text", text]);
        assert!(sent.status.success(), "{sent:#?}");
        assert!(sent.stdout.contains(expected), "{sent:#?}");
    }
    // A plain axum route of the app, with the webhook's checks through the extractor.
    let audit = format!("{}clustaar/audit", server.url);
    let sent = send(&[
        "--url",
        &audit,
        "--key",
        KEY,
        "--step-id",
        "5f0c1d2e3a4b5c6d7e8f9a0b",
    ]);
    assert!(sent.status.success(), "{sent:#?}");
    assert!(
        sent.stdout
            .contains("step 5f0c1d2e3a4b5c6d7e8f9a0b reached"),
        "{sent:#?}"
    );
    let sent = send(&["--url", &audit, "--key", "not the key"]);
    assert_eq!(sent.status.code(), Some(1), "{sent:#?}");
    assert!(
        sent.stdout.contains("The request's signature is invalid."),
        "{sent:#?}"
    );
}

#[test]
fn the_filters_example_routes_by_filters_and_falls_back() {
    let server = Server::start_example("filters");
    let long = "long ".repeat(50);
    let sent = send(&["--url", &server.url, "--key", KEY, "--text", &long]);
    assert!(sent.status.success(), "{sent:#?}");
    assert!(sent.stdout.contains("pass it to a human"), "{sent:#?}");
    let sent = send(&["--url", &server.url, "--key", KEY, "--text", "short"]);
    assert!(sent.status.success(), "{sent:#?}");
    assert!(sent.stdout.contains("No route for this one"), "{sent:#?}");
}

/// `GET` `path` on `server` over a plain socket; the answer's body.
fn get(server: &Server, path: &str) -> String {
    use std::io::Write;
    let address = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).expect("the server accepts");
    stream
        .set_read_timeout(Some(TIMEOUT))
        .expect("a read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("the answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    assert!(head.starts_with("HTTP/1.1 200"), "{answer}");
    body.to_owned()
}

#[test]
fn the_metrics_example_counts_by_route_status_bot_and_reason() {
    let server = Server::start_example("metrics");
    for text in ["one", "two"] {
        let sent = send_with(&server, KEY, PASSWORD, &["--text", text]);
        assert!(sent.status.success(), "{sent:#?}");
    }
    let sent = send_with(&server, "not the key", PASSWORD, &[]);
    assert_eq!(sent.status.code(), Some(1), "{sent:#?}");

    let metrics = get(&server, "/metrics");
    let has = |line: &str| metrics.lines().any(|l| l == line);
    // A series of the counter with these labels (in any order) and this value.
    let counted = |labels: &[&str], value: &str| {
        metrics.lines().any(|line| {
            line.starts_with("clustaar_webhook_notifications_total{")
                && line.ends_with(&format!("}} {value}"))
                && labels.iter().all(|label| line.contains(label))
        })
    };
    assert!(
        counted(
            &[
                r#"route="greet""#,
                r#"status="200""#,
                r#"bot="5a8f1c2e9b1d4c0012345678""#
            ],
            "2"
        ),
        "{metrics}"
    );
    assert!(
        counted(
            &[r#"route="none""#, r#"status="400""#, r#"bot="none""#],
            "1"
        ),
        "{metrics}"
    );
    assert!(
        has(r#"clustaar_webhook_rejections_total{reason="SignatureInvalid"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"clustaar_webhook_duration_seconds_count{route="greet"} 2"#),
        "{metrics}"
    );
}

#[test]
fn the_examples_refuse_a_private_key_set_but_empty() {
    // `CLUSTAAR_PRIVATE_KEY=`: a deployment that left the value out. The servers stop at once
    // with a message that names the variable, rather than accept anyone's signature.
    for name in ["step_reached", "filters", "mount", "metrics", "playground"] {
        for blank in ["", "  "] {
            let mut child = Command::new(example(name))
                .env("PORT", "0")
                .env("CLUSTAAR_PRIVATE_KEY", blank)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the example runs");
            // Bounded: an example that served instead would be killed here.
            let started = std::time::Instant::now();
            while child.try_wait().unwrap().is_none() && started.elapsed() < TIMEOUT {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{name}: {stderr}");
            assert!(
                stderr.contains("CLUSTAAR_PRIVATE_KEY is set but empty"),
                "{name}: {stderr}"
            );
        }
    }
}

/// The transcript recorded in process from the `playground` example's order bot.
const ORDER_TRANSCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/transcripts/order_bot.json"
);

#[test]
fn send_replays_a_transcript_against_the_playground_example_over_http() {
    let server = Server::start_example("playground");
    // Recorded with another key and password: the answers do not depend on them, so the
    // running example's own are given.
    let sent = send_with(&server, KEY, PASSWORD, &["--transcript", ORDER_TRANSCRIPT]);
    assert_eq!(sent.status.code(), Some(0), "{sent:#?}");
    assert_eq!(
        sent.stdout, "turn 1 ok\nturn 2 ok\nturn 3 ok\n",
        "{sent:#?}"
    );
}

#[test]
fn send_names_the_turn_and_field_of_a_transcript_that_changed() {
    let server = Server::start_example("playground");
    let mut transcript: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ORDER_TRANSCRIPT).unwrap()).unwrap();
    let text = &mut transcript["turns"][1]["answer"]["body"]["actions"][1]["alternatives"][0];
    assert_eq!(*text, "Your order A-1234 is on its way.");
    *text = "Your order A-1234 has shipped.".into();
    let path = std::env::temp_dir().join(format!(
        "clustaar-send-changed-transcript-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, transcript.to_string()).unwrap();
    let sent = send_with(
        &server,
        KEY,
        PASSWORD,
        &["--transcript", path.to_str().unwrap()],
    );
    let _ = std::fs::remove_file(&path);
    assert_eq!(sent.status.code(), Some(4), "{sent:#?}");
    assert_eq!(
        sent.stdout,
        "turn 1 ok\n\
         turn 2 changed: body.actions[1].alternatives[0]: \
         recorded \"Your order A-1234 has shipped.\", \
         replayed \"Your order A-1234 is on its way.\"\n\
         turn 3 ok\n",
        "{sent:#?}"
    );
    assert!(
        sent.stderr
            .contains("1 of 3 turns got another answer than the recorded one"),
        "{sent:#?}"
    );
}

#[test]
fn send_refuses_a_transcript_it_cannot_read_or_with_a_single_notification_option() {
    let sent = send(&["--transcript", "no/such/transcript.json"]);
    assert_eq!(sent.status.code(), Some(2), "{sent:#?}");
    assert!(
        sent.stderr
            .contains("cannot read the transcript no/such/transcript.json"),
        "{sent:#?}"
    );
    let sent = send(&["--transcript", ORDER_TRANSCRIPT, "--text", "Hi"]);
    assert_eq!(sent.status.code(), Some(2), "{sent:#?}");
    assert!(sent.stderr.contains("cannot be used with"), "{sent:#?}");
}

#[test]
fn send_stops_a_transcript_at_a_webhook_it_cannot_reach() {
    let url = unreachable_url();
    let sent = send(&[
        "--url",
        &url,
        "--key",
        KEY,
        "--transcript",
        ORDER_TRANSCRIPT,
    ]);
    assert_eq!(sent.status.code(), Some(3), "{sent:#?}");
    assert!(sent.stdout.is_empty(), "{sent:#?}");
    assert!(
        sent.stderr.contains("could not reach the webhook at"),
        "{sent:#?}"
    );
}

#[test]
fn the_many_bots_example_answers_each_bot_with_its_own_key_only() {
    const SHOP: &str = "5a8f1c2e9b1d4c0012345678";
    const BANK: &str = "5a8f1c2e9b1d4c0087654321";
    let bots = format!("{SHOP}=key-of-the-shop,{BANK}=key-of-the-bank");
    let server = Server::start_example_with("many_bots", "Listening on ", &[("BOTS", &bots)]);
    let send_as =
        |bot_id: &str, key: &str| send(&["--url", &server.url, "--bot-id", bot_id, "--key", key]);
    for (bot_id, key) in [(SHOP, "key-of-the-shop"), (BANK, "key-of-the-bank")] {
        let sent = send_as(bot_id, key);
        assert!(sent.status.success(), "{sent:#?}");
        assert!(
            sent.stdout.contains(&format!("Hello from {bot_id}")),
            "{sent:#?}"
        );
    }
    let forged = send_as(SHOP, "key-of-the-bank");
    assert!(!forged.status.success(), "{forged:#?}");
    assert!(forged.stdout.starts_with("HTTP 400"), "{forged:#?}");
    let unknown = send_as("5a8f1c2e9b1d4c00aaaaaaaa", "key-of-the-shop");
    assert!(unknown.stdout.starts_with("HTTP 403"), "{unknown:#?}");
    assert!(unknown.stdout.contains("Unknown bot"), "{unknown:#?}");
}

/// Runs the `sanitize` example on `input`: its exit code, standard output and error.
fn sanitize(input: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(example("sanitize"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sanitize example starts");
    let mut stdin = child.stdin.take().expect("its standard input");
    std::io::Write::write_all(&mut stdin, input.as_bytes()).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

#[test]
fn the_sanitize_example_cleans_each_line_and_refuses_what_is_not_a_json_string() {
    let (code, out, _) = sanitize("\"<b>Hi</b><script>\"\n\"a<y <b>x\\u0000\"\n");
    assert_eq!(code, Some(0));
    assert_eq!(out, "\"<b>Hi</b>&lt;script&gt;\"\n\"a&lt;y &lt;b&gt;x\"\n");
    let (code, out, err) = sanitize("\"ok\"\nnot json\n\"never read\"\n");
    // The lines before the one it cannot read are answered.
    assert_eq!(code, Some(2));
    assert_eq!(out, "\"ok\"\n");
    assert!(err.starts_with("line 2: not a JSON string"), "{err}");
}
