//! Posts a signed sample notification to a running webhook, as the platform would, and prints
//! the answer.
//!
//! ```sh
//! cargo run --example step_reached &      # or your own webhook
//! cargo run --example send -- --url http://127.0.0.1:8000/ --session name=Tintin
//! ```
//!
//! Options: `--key K` signs the request with the private key `K`; `--user U --password P` adds
//! basic authentication; `--step-id ID` and `--text "…"` set the step reached and the user's
//! message; `--session NAME=VALUE` (repeatable) sets session values (as strings).
//!
//! Prints the status line (`HTTP 200 OK`) then the answer, as pretty JSON when it is JSON. Exits
//! with 0 when the webhook answered a success, 1 when it answered an error status, 2 for a
//! wrong command line, 3 when the webhook could not be reached.

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::Parser;
use clustaar_webhook::security::sign;
use clustaar_webhook::testing::NotificationBuilder;
use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, DATE};

#[path = "common/error_chain.rs"]
mod error_chain;
use error_chain::describe;

/// Posts a signed sample notification to a Clustaar webhook and prints its answer.
#[derive(Debug, Parser)]
#[command(name = "send")]
struct Args {
    /// The webhook's address.
    #[arg(long, default_value = "http://127.0.0.1:8000/")]
    url: Url,
    /// Signs the request (`X-Hub-Signature`) with this private key.
    #[arg(long, env = "CLUSTAAR_PRIVATE_KEY")]
    key: Option<String>,
    /// Basic-authentication username.
    #[arg(long, requires = "password")]
    user: Option<String>,
    /// Basic-authentication password.
    #[arg(long, requires = "user")]
    password: Option<String>,
    /// The id of the step reached.
    #[arg(long)]
    step_id: Option<String>,
    /// The user's message.
    #[arg(long)]
    text: Option<String>,
    /// A session value, `NAME=VALUE` (repeatable).
    #[arg(long = "session", value_name = "NAME=VALUE", value_parser = parse_session_value)]
    session: Vec<(String, String)>,
    /// Seconds to wait for the answer.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
}

fn parse_session_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

/// Exit code when the webhook answered an error status.
const ERROR_STATUS: u8 = 1;
/// Exit code when the webhook could not be reached.
const UNREACHABLE: u8 = 3;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();

    let mut notification = NotificationBuilder::new();
    if let Some(step_id) = &args.step_id {
        notification = notification.step_id(step_id);
    }
    if let Some(text) = &args.text {
        notification = notification.input_text(text);
    }
    for (name, value) in &args.session {
        notification = notification.session_value(name, value.as_str());
    }
    let body = notification.to_json();
    let date = httpdate::fmt_http_date(SystemTime::now());

    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(args.timeout))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: cannot make an HTTP client: {error}");
            return ExitCode::from(UNREACHABLE);
        }
    };
    let mut request = client
        .post(args.url.clone())
        .header(CONTENT_TYPE, "application/json")
        .header(DATE, &date);
    if let Some(key) = &args.key {
        request = request.header("X-Hub-Signature", sign(key, Some(&date), &body));
    }
    if let (Some(user), Some(password)) = (&args.user, &args.password) {
        request = request.basic_auth(user, Some(password));
    }

    let response = match request.body(body).send().await {
        Ok(response) => response,
        Err(error) => {
            eprintln!(
                "error: could not reach the webhook at {}: {}",
                args.url,
                describe(&error)
            );
            return ExitCode::from(UNREACHABLE);
        }
    };
    let status = response.status();
    let answer = match response.bytes().await {
        Ok(answer) => answer,
        Err(error) => {
            eprintln!(
                "error: the answer of {} could not be read: {}",
                args.url,
                describe(&error)
            );
            return ExitCode::from(UNREACHABLE);
        }
    };

    println!("HTTP {status}");
    match serde_json::from_slice::<serde_json::Value>(&answer) {
        Ok(json) => println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string())
        ),
        Err(_) if answer.is_empty() => {}
        Err(_) => println!("{}", String::from_utf8_lossy(&answer)),
    }
    if status.is_success() {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: the webhook answered {status}");
        ExitCode::from(ERROR_STATUS)
    }
}
