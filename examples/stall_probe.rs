//! Shows whether crafted notifications can hold a running webhook: sends several signed
//! notifications at once whose message text (`data.input.text`, which the models clean with
//! `html_sanitize` when they read it) is crafted markup, then, while they are in flight, a
//! normal notification, and measures how long each one takes.
//!
//! ```sh
//! CLUSTAAR_PRIVATE_KEY=k PORT=8000 target/release/examples/step_reached &
//! CLUSTAAR_PRIVATE_KEY=k cargo run --release --example stall_probe -- \
//!     --url http://127.0.0.1:8000/ --family open_tags --size 20000
//! ```
//!
//! `scripts/stall.sh` starts the server and runs this probe against it. The crafted families
//! (`--family`): `open_tags` (`<y <y <y … <y>`: one tag whose attribute names all start with
//! `<`), `lt_attributes` (`<y <a0 <a1 … >`: thousands of distinct such names), `attributes`
//! (one `<b` with thousands of distinct attributes), and `mix` (the default: a third of the size
//! each, in that order `attributes`, `lt_attributes`, `open_tags`). `--size` is the text's
//! length in bytes. The tags are closed by a `>` at the end, so that a cleaner reads each one
//! whole: the platform's compares each new attribute's name with all the earlier ones.
//!
//! Prints each request's status and latency. Exits with 0 when every answer is `200` and the
//! normal notification was answered within `--limit-ms`, 1 otherwise, 2 when the probe itself
//! cannot run (bad arguments, a body over the server's limit, a cleaner that does not clean the
//! field).

use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use clap::{Parser, ValueEnum};
use clustaar_webhook::schemas::StepReached;
use hmac::{Hmac, Mac};
use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, DATE};
use serde_json::Value;

#[path = "common/error_chain.rs"]
mod error_chain;
use error_chain::describe;

/// Sends crafted notifications and a normal one to a webhook, and measures their latencies.
#[derive(Debug, Parser)]
#[command(name = "stall_probe")]
struct Args {
    /// The webhook's address.
    #[arg(long, default_value = "http://127.0.0.1:8000/")]
    url: Url,
    /// The private key the webhook checks signatures with.
    #[arg(long, env = "CLUSTAAR_PRIVATE_KEY")]
    key: String,
    /// The sample notification the requests are made from.
    #[arg(long, default_value = "tests/conformance/sample-notification.json")]
    sample: std::path::PathBuf,
    /// The kind of crafted markup.
    #[arg(long, value_enum, default_value_t = Family::Mix)]
    family: Family,
    /// The crafted message's length, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    size: usize,
    /// How many crafted notifications are sent at once.
    #[arg(long, default_value_t = 2)]
    crafted: usize,
    /// Milliseconds between sending the crafted notifications and the normal one.
    #[arg(long, default_value_t = 50)]
    delay_ms: u64,
    /// The normal notification's largest acceptable latency, in milliseconds.
    #[arg(long, default_value_t = 500)]
    limit_ms: u64,
    /// Seconds any request may take before it is given up (and counted as failed).
    #[arg(long, default_value_t = 120)]
    timeout: u64,
    /// The server's body limit, in bytes: a crafted body must fit under it.
    #[arg(long, default_value_t = 2 << 20)]
    body_limit: usize,
}

/// The crafted markup of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
enum Family {
    /// `<y <y <y … <y>`: one tag, closed at the end, whose attribute names are all `<y`.
    OpenTags,
    /// `<y <a0 <a1 … >`: one tag with thousands of distinct attribute names that start with `<`.
    LtAttributes,
    /// `<b a0=0 a1=1 …>x</b>`: one allowed tag with thousands of distinct attributes.
    Attributes,
    /// A third of each, in the order `attributes`, `lt_attributes`, `open_tags`.
    Mix,
}

/// Exit code when a request failed or the normal one was too slow.
const FAILED: u8 = 1;
/// Exit code when the probe cannot run.
const CANNOT_RUN: u8 = 2;

/// The crafted text of `family`, exactly `size` bytes long (ASCII).
fn crafted_text(family: Family, size: usize) -> String {
    let mut text = String::with_capacity(size);
    match family {
        Family::OpenTags => {
            // Room for the closing `>`.
            while text.len() + 1 < size {
                text.push_str("<y ");
            }
            text.truncate(size.saturating_sub(1));
            text.push('>');
        }
        Family::LtAttributes => {
            text.push_str("<y");
            let mut i = 0usize;
            // Room for the closing `>`.
            while text.len() + 1 < size {
                text.push_str(&format!(" <a{i}"));
                i += 1;
            }
            text.truncate(size.saturating_sub(1));
            text.push('>');
        }
        Family::Attributes => {
            const END: &str = ">x</b>";
            text.push_str("<b");
            let mut i = 0usize;
            while text.len() + END.len() < size {
                text.push_str(&format!(" a{i}={i}"));
                i += 1;
            }
            text.truncate(size.saturating_sub(END.len()));
            text.push_str(END);
        }
        Family::Mix => {
            let third = size / 3;
            text.push_str(&crafted_text(Family::Attributes, third));
            text.push_str(&crafted_text(Family::LtAttributes, third));
            text.push_str(&crafted_text(Family::OpenTags, size - 2 * third));
        }
    }
    text.truncate(size);
    text
}

/// `X-Hub-Signature` as the platform writes it: `sha1=` and the lowercase hex HMAC-SHA1, keyed
/// with the private key, of `date=<Date>\n<body>` (`date=None` when there is no `Date`).
fn sign(key: &str, date: Option<&str>, body: &[u8]) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(b"date=");
    mac.update(date.unwrap_or("None").as_bytes());
    mac.update(b"\n");
    mac.update(body);
    format!("sha1={}", hex::encode(mac.finalize().into_bytes()))
}

/// The sample notification with the message `text`, told apart from the other requests by
/// `user_id` (so that no two bodies are equal, and the replay store answers none as a copy).
fn notification(sample: &Value, text: &str, user_id: &str) -> Result<Vec<u8>, String> {
    let mut notification = sample.clone();
    let data = notification
        .get_mut("data")
        .and_then(Value::as_object_mut)
        .ok_or("the sample has no `data` object")?;
    data.get_mut("input")
        .and_then(Value::as_object_mut)
        .filter(|input| input.get("type").and_then(Value::as_str) == Some("message"))
        .ok_or("the sample's `data.input` is not a message")?
        .insert("text".to_owned(), text.into());
    data.get_mut("interlocutor")
        .and_then(Value::as_object_mut)
        .ok_or("the sample has no `data.interlocutor` object")?
        .insert("userID".to_owned(), user_id.into());
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    notification["timestamp"] = now.into();
    serde_json::to_vec(&notification).map_err(|error| error.to_string())
}

/// Whether the model the handler reads sanitizes the field the crafted text is put in: a
/// `<script>` there must come out escaped.
fn field_is_sanitized(sample: &Value) -> Result<(), String> {
    let body = notification(sample, "<script>x", "stall-probe-check")?;
    let json: Value = serde_json::from_slice(&body).map_err(|error| error.to_string())?;
    let reached: StepReached = serde_json::from_value(json["data"].clone())
        .map_err(|error| format!("the sample does not read as a step_reached event: {error}"))?;
    match reached.input.text() {
        Some("&lt;script&gt;x") => Ok(()),
        other => Err(format!(
            "data.input.text `<script>x` reads as {other:?}, not sanitized"
        )),
    }
}

/// What became of one request.
#[derive(Debug)]
struct Outcome {
    /// From sending the request to reading the whole answer (or giving up).
    latency: Duration,
    /// The status, or why there is none.
    status: Result<u16, String>,
    /// The start of the answer's body.
    answer: String,
}

impl Outcome {
    fn ok(&self) -> bool {
        matches!(self.status, Ok(200))
    }

    fn describe(&self) -> String {
        let status = match &self.status {
            Ok(200) => "200".to_owned(),
            Ok(code) => format!("{code} ({})", self.answer),
            Err(error) => format!("no answer ({error})"),
        };
        format!("{status} in {}", seconds(self.latency))
    }
}

/// `0.042 s`.
fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

/// Posts `body`, signed at the current date, on a connection of its own.
async fn post(url: Url, key: String, body: Vec<u8>, timeout: Duration) -> Outcome {
    let start = Instant::now();
    let mut answer = String::new();
    let status = async {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|error| error.to_string())?;
        let date = httpdate::fmt_http_date(SystemTime::now());
        let response = client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header(DATE, &date)
            .header("X-Hub-Signature", sign(&key, Some(&date), &body))
            .body(body)
            .send()
            .await
            .map_err(|error| describe(&error))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|error| describe(&error))?;
        answer = String::from_utf8_lossy(&bytes).chars().take(200).collect();
        Ok(status)
    };
    let status = tokio::time::timeout(timeout, status)
        .await
        .unwrap_or_else(|_| Err(format!("timed out after {}", seconds(timeout))));
    Outcome {
        latency: start.elapsed(),
        status,
        answer,
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    // The test vector of the wire protocol: key `test`, body `{}`, no `Date`.
    assert_eq!(
        sign("test", None, b"{}"),
        "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342"
    );

    let sample: Value = match std::fs::read(&args.sample)
        .map_err(|error| error.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|error| error.to_string()))
    {
        Ok(sample) => sample,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", args.sample.display());
            return ExitCode::from(CANNOT_RUN);
        }
    };
    if let Err(error) = field_is_sanitized(&sample) {
        eprintln!("error: {error}");
        return ExitCode::from(CANNOT_RUN);
    }

    let text = crafted_text(args.family, args.size);
    let mut crafted = Vec::with_capacity(args.crafted);
    for i in 1..=args.crafted {
        match notification(&sample, &text, &format!("stall-probe-crafted-{i}")) {
            Ok(body) if body.len() < args.body_limit => crafted.push(body),
            Ok(body) => {
                eprintln!(
                    "error: a crafted body is {} bytes, not under the body limit ({} bytes): \
                     lower --size",
                    body.len(),
                    args.body_limit
                );
                return ExitCode::from(CANNOT_RUN);
            }
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(CANNOT_RUN);
            }
        }
    }
    let normal = match notification(&sample, "Where is my order?", "stall-probe-normal") {
        Ok(body) => body,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(CANNOT_RUN);
        }
    };

    println!(
        "{} crafted notification(s) at once, family {:?}, {} bytes of text ({} bytes of body) \
         each; a normal one {} ms later",
        args.crafted,
        args.family,
        text.len(),
        crafted.first().map_or(0, Vec::len),
        args.delay_ms
    );
    println!("field check: data.input.text `<script>x` reads as `&lt;script&gt;x` (sanitized)");

    let timeout = Duration::from_secs(args.timeout);
    let crafted: Vec<_> = crafted
        .into_iter()
        .map(|body| tokio::spawn(post(args.url.clone(), args.key.clone(), body, timeout)))
        .collect();
    tokio::time::sleep(Duration::from_millis(args.delay_ms)).await;
    let normal = tokio::spawn(post(args.url.clone(), args.key.clone(), normal, timeout));

    let mut failed = false;
    for (i, task) in crafted.into_iter().enumerate() {
        let outcome = task.await.expect("a request task does not panic");
        failed |= !outcome.ok();
        println!("crafted {}: {}", i + 1, outcome.describe());
    }
    let normal = normal.await.expect("a request task does not panic");
    println!(
        "normal:    {}   (limit {} ms)",
        normal.describe(),
        args.limit_ms
    );
    let limit = Duration::from_millis(args.limit_ms);
    if !normal.ok() {
        failed = true;
    }
    if normal.latency > limit {
        failed = true;
        println!(
            "STALL: the normal notification waited {} (> {} ms) behind the crafted ones",
            seconds(normal.latency),
            args.limit_ms
        );
    }
    if failed {
        println!("FAIL");
        ExitCode::from(FAILED)
    } else {
        println!("OK: the crafted notifications did not hold the server");
        ExitCode::SUCCESS
    }
}
