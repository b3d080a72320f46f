//! Posts a signed sample notification to a running webhook, as the platform would, and prints
//! the answer; or replays a whole transcript against it, as a contract test.
//!
//! ```sh
//! cargo run --example step_reached &      # or your own webhook
//! cargo run --example send -- --url http://127.0.0.1:8000/ --session name=Tintin
//!
//! cargo run --example playground &       # or the same bot in Python, or in anything else
//! cargo run --example send -- --url http://127.0.0.1:8000/ \
//!     --key playground-demo-key --user bot --password playground-demo-password \
//!     --transcript tests/transcripts/order_bot.json
//! ```
//!
//! Options: `--key K` signs the request with the private key `K`; `--user U --password P` adds
//! basic authentication; `--step-id ID` and `--text "…"` set the step reached and the user's
//! message; `--session NAME=VALUE` (repeatable) sets session values (as strings).
//!
//! `--transcript FILE` replays the transcript `FILE` (see `clustaar_webhook::testing::Transcript`)
//! instead of sending one notification: from its start state, each turn sends what the visitor
//! did as the platform would (signed with `--key`, with basic authentication when given), and
//! the answer's session, interlocutor and step are carried into the next turn, as
//! `Transcript::replay` does in process. Each turn's answer is compared with the recorded one, by
//! its status and its JSON body (not by the route that answered: a webhook over HTTP does not
//! say), and one line per turn tells the verdict: `turn 1 ok`, or `turn 2 changed: <path>:
//! recorded X, replayed Y` (the changes separated by `; `). The replay goes on after a changed
//! turn, from the state the webhook answered, so that every turn has its verdict. It cannot be
//! combined with `--step-id`, `--text` or `--session`.
//!
//! Prints the status line (`HTTP 200 OK`) then the answer, as pretty JSON when it is JSON.
//!
//! Exit codes:
//! - 0: the webhook answered a success; with `--transcript`, every turn got the recorded
//!   answer (a recorded error status included);
//! - 1: the webhook answered an error status (not with `--transcript`, where the status is
//!   compared with the recorded one instead);
//! - 2: a wrong command line, or a transcript that cannot be read;
//! - 3: the webhook could not be reached (with `--transcript`, after the verdicts of the turns
//!   played so far);
//! - 4: with `--transcript`, a turn got another answer than the recorded one.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::Parser;
use clustaar_webhook::security::sign;
use clustaar_webhook::testing::{
    ConversationState, FieldChange, NotificationBuilder, RecordedAnswer, Transcript, VisitorAction,
    changes,
};
use reqwest::header::{CONTENT_TYPE, DATE};
use reqwest::{StatusCode, Url};
use serde_json::Value;

#[path = "common/error_chain.rs"]
mod error_chain;
use error_chain::describe;

/// Posts a signed sample notification to a Clustaar webhook and prints its answer, or replays a
/// transcript against it.
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
    /// The bot the notification comes from (`botID`).
    #[arg(long)]
    bot_id: Option<String>,
    /// The user's message.
    #[arg(long)]
    text: Option<String>,
    /// A session value, `NAME=VALUE` (repeatable).
    #[arg(long = "session", value_name = "NAME=VALUE", value_parser = parse_session_value)]
    session: Vec<(String, String)>,
    /// Replays this transcript (JSON) turn by turn and prints each turn's verdict.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["step_id", "text", "session"])]
    transcript: Option<PathBuf>,
    /// Seconds to wait for each answer.
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
/// Exit code for a wrong command line (clap's) or a transcript that cannot be read.
const USAGE: u8 = 2;
/// Exit code when the webhook could not be reached.
const UNREACHABLE: u8 = 3;
/// Exit code when a turn of the transcript got another answer than the recorded one.
const CHANGED: u8 = 4;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
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
    let sender = Sender { args, client };
    match &sender.args.transcript {
        Some(path) => sender.replay(path).await,
        None => sender.send_one().await,
    }
}

/// Posts notifications to the webhook as the platform would.
struct Sender {
    args: Args,
    client: reqwest::Client,
}

impl Sender {
    /// Posts `body` with a fresh `Date`, signed, with basic authentication when given; the
    /// answer's status and body, or why the webhook could not be reached (already printed).
    async fn post(&self, body: String) -> Result<(StatusCode, Vec<u8>), ExitCode> {
        let url = &self.args.url;
        let date = httpdate::fmt_http_date(SystemTime::now());
        let mut request = self
            .client
            .post(url.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(DATE, &date);
        if let Some(key) = &self.args.key {
            request = request.header("X-Hub-Signature", sign(key, Some(&date), &body));
        }
        if let (Some(user), Some(password)) = (&self.args.user, &self.args.password) {
            request = request.basic_auth(user, Some(password));
        }
        let response = request.body(body).send().await.map_err(|error| {
            eprintln!(
                "error: could not reach the webhook at {url}: {}",
                describe(&error)
            );
            ExitCode::from(UNREACHABLE)
        })?;
        let status = response.status();
        let answer = response.bytes().await.map_err(|error| {
            eprintln!(
                "error: the answer of {url} could not be read: {}",
                describe(&error)
            );
            ExitCode::from(UNREACHABLE)
        })?;
        Ok((status, answer.to_vec()))
    }

    /// Sends the one notification of the command line and prints the answer.
    async fn send_one(&self) -> ExitCode {
        let args = &self.args;
        let mut notification = NotificationBuilder::new();
        if let Some(bot_id) = &self.args.bot_id {
            notification = notification.bot_id(bot_id);
        }
        if let Some(step_id) = &args.step_id {
            notification = notification.step_id(step_id);
        }
        if let Some(text) = &args.text {
            notification = notification.input_text(text);
        }
        for (name, value) in &args.session {
            notification = notification.session_value(name, value.as_str());
        }
        let (status, answer) = match self.post(notification.to_json()).await {
            Ok(answered) => answered,
            Err(code) => return code,
        };

        println!("HTTP {status}");
        match serde_json::from_slice::<Value>(&answer) {
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

    /// Replays the transcript at `path` and prints each turn's verdict.
    async fn replay(&self, path: &PathBuf) -> ExitCode {
        let transcript = match Transcript::load(path) {
            Ok(transcript) => transcript,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(USAGE);
            }
        };
        let mut state = transcript.start.clone();
        let mut changed = 0;
        for (index, turn) in transcript.turns.iter().enumerate() {
            let answer = match self.play(&mut state, &turn.visitor).await {
                Ok(answer) => answer,
                Err(code) => return code,
            };
            let found = compared(&turn.answer, &answer);
            if found.is_empty() {
                println!("turn {} ok", index + 1);
            } else {
                changed += 1;
                let found: Vec<String> = found.iter().map(FieldChange::to_string).collect();
                println!("turn {} changed: {}", index + 1, found.join("; "));
            }
        }
        if changed == 0 {
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "error: {changed} of {} turns got another answer than the recorded one",
                transcript.turns.len()
            );
            ExitCode::from(CHANGED)
        }
    }

    /// Plays one turn as `Conversation` does in process: follows a click, sends the
    /// notification of `state`, and carries the answer into `state`.
    async fn play(
        &self,
        state: &mut ConversationState,
        visitor: &VisitorAction,
    ) -> Result<RecordedAnswer, ExitCode> {
        if let VisitorAction::Clicks(click) = visitor {
            state.follow(&click.go_to);
        }
        let notification = state.notification(visitor.input());
        let (status, body) = self.post(notification.to_json()).await?;
        // Over HTTP, the webhook does not say which of its routes answered.
        let answer = RecordedAnswer::from_parts(status.as_u16(), None, &body);
        if let Some(reached) = answer.step_reached() {
            state.carry(&reached);
        }
        Ok(answer)
    }
}

/// The changes from the recorded answer to the replayed one, by status and body, at paths such
/// as `status` and `body.actions[1].alternatives[0]`.
fn compared(recorded: &RecordedAnswer, replayed: &RecordedAnswer) -> Vec<FieldChange> {
    let json = |answer: &RecordedAnswer| {
        let unrouted = RecordedAnswer {
            route: None,
            ..answer.clone()
        };
        serde_json::to_value(unrouted).expect("an answer is plain JSON: it always serializes")
    };
    changes("", &json(recorded), &json(replayed))
}
