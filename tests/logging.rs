//! What the webhook logs: the notification's span and its rejections, never a secret, a header
//! value or the body, and never more than 128 characters of a value of the body or the answer.

use std::io::Write;
use std::sync::{Arc, Mutex};

use clustaar_webhook::extract::{FromNotification, Notification};
use clustaar_webhook::schemas::{
    CreateZendeskTicketAction, SendTextAction, StepReached, StepReachedResponse, ZendeskUser,
};
use clustaar_webhook::testing::{DEFAULT_BOT_ID, NotificationBuilder, TestClient};
use clustaar_webhook::{Rejection, ResponseValidation, Webhook, events};

const KEY: &str = "key-that-must-not-be-logged";
const PASSWORD: &str = "password-that-must-not-be-logged";
const BODY_SECRET: &str = "body-value-that-must-not-be-logged";

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// The tests of this binary, one at a time: each sets its subscriber as the thread's default,
/// and none runs beside another's.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Captures every event of this thread, at every level, until the guards are dropped.
async fn capture() -> (
    Captured,
    tracing::subscriber::DefaultGuard,
    tokio::sync::MutexGuard<'static, ()>,
) {
    let serial = SERIAL.lock().await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    (captured, guard, serial)
}

/// The most characters of a value of the body or the answer a log line shows (`SECURITY.md`).
const MAX_CHARS: usize = 128;

/// A value of 1 MB, of one character repeated.
fn huge(c: char) -> String {
    c.to_string().repeat(1 << 20)
}

/// Asserts that the logs hold at most `MAX_CHARS` characters of the value written with `c` in
/// a row, and that a line holds `start`, the beginning of what is logged of it.
fn assert_cut(logs: &str, c: char, start: &str) {
    let run = c.to_string().repeat(MAX_CHARS + 1);
    for line in logs.lines() {
        assert!(
            !line.contains(&run),
            "a log line holds more than {MAX_CHARS} characters of the value: {}…",
            &line[..line.len().min(400)]
        );
    }
    assert!(
        logs.contains(start),
        "{start:?} is not in the logs:\n{logs}"
    );
}

async fn hello(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

async fn panics(n: StepReached) -> StepReachedResponse {
    // The panic's message quotes the body: the logs must not.
    panic!("{:?}", n.session.get_str("secret"));
}

async fn slow(_: StepReached) -> StepReachedResponse {
    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    StepReachedResponse::new()
}

async fn eleven_texts(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::alternatives((0..11).map(|i| i.to_string())))
}

#[tokio::test(flavor = "current_thread")]
async fn logs_name_what_happened_without_secrets_or_bodies() {
    let (captured, _guard, _serial) = capture().await;

    let webhook = Webhook::new()
        .private_key(KEY)
        .basic_auth("bot", PASSWORD)
        .on(events::CONVERSATION_STEP_REACHED, hello);
    let client = TestClient::new(webhook);

    // Accepted, refused for its signature, its credentials, its body, and unrouted.
    let good = NotificationBuilder::new().session_value("secret", BODY_SECRET);
    assert_eq!(client.send(good).await.status(), 200);
    let request = client.request().signed_with("forged");
    assert_eq!(request.send().await.status(), 400);
    let request = client.request().basic_auth("bot", "wrong");
    assert_eq!(request.send().await.status(), 403);
    // serde quotes a string of the wrong type in its message: the 400 may, the logs may not.
    let mut unreadable = NotificationBuilder::new().to_value();
    unreadable["data"]["channel"] = serde_json::json!(["x"]);
    unreadable["timestamp"] = serde_json::json!(BODY_SECRET);
    let unreadable = serde_json::to_string(&unreadable).unwrap();
    assert_eq!(client.post(unreadable).await.status(), 400);
    let unrouted = NotificationBuilder::new().topic("conversation.other");
    assert_eq!(client.send(unrouted).await.status(), 404);

    // An answer that breaks the platform's rules: an error naming the route and the path.
    let broken = Webhook::new().private_key(KEY).route(
        clustaar_webhook::routing::Route::new(events::CONVERSATION_STEP_REACHED, eleven_texts)
            .name("eleven_texts"),
    );
    let broken = TestClient::new(broken);
    assert_eq!(broken.send(NotificationBuilder::new()).await.status(), 500);

    // A handler that panics, one that is late: an error and a warning naming the route.
    let faulty = Webhook::new()
        .private_key(KEY)
        .handler_timeout(std::time::Duration::from_millis(20))
        .route(
            clustaar_webhook::routing::Route::new(events::CONVERSATION_STEP_REACHED, panics)
                .name("panicking_route")
                .filter(clustaar_webhook::filters::StepId::new(
                    "5f0c1d2e3a4b5c6d7e8f9a0b",
                )),
        )
        .route(
            clustaar_webhook::routing::Route::new(events::CONVERSATION_STEP_REACHED, slow)
                .name("slow_route"),
        );
    let faulty = TestClient::new(faulty);
    let panicking = NotificationBuilder::new()
        .step_id("5f0c1d2e3a4b5c6d7e8f9a0b")
        .session_value("secret", BODY_SECRET);
    assert_eq!(faulty.send(panicking).await.status(), 500);
    assert_eq!(faulty.send(NotificationBuilder::new()).await.status(), 504);

    // A signed notification with a 1 MB topic: the log lines stay short.
    let huge_topic = NotificationBuilder::new().topic("t".repeat(1 << 20));
    assert_eq!(client.send(huge_topic).await.status(), 404);

    let logs = captured.text();
    let bot_field = format!("bot_id=\"{DEFAULT_BOT_ID}\" step_id=");
    for expected in [
        "breaks the platform's rules",
        "route=\"eleven_texts\"",
        "`actions.0.alternatives`",
        "clustaar_notification",
        "topic=\"conversation.step_reached\"",
        "request rejected",
        "The request's signature is invalid.",
        "This call needs authentication",
        "timestamp",
        "no route takes this notification",
        "the handler panicked; answered 500",
        "route=\"panicking_route\"",
        "the handler did not answer in time",
        "route=\"slow_route\"",
        // The span of a request refused before its body was read still has its status; the
        // span of a routed one names its step and route.
        "clustaar_notification{status=400}: ",
        "step_id=\"5f0c1d2e3a4b5c6d7e8f9a0b\" route=\"panicking_route\"}: ",
        // And its bot.
        &bot_field,
    ] {
        assert!(
            logs.contains(expected),
            "{expected:?} is not in the logs:\n{logs}"
        );
    }
    for secret in [KEY, PASSWORD, BODY_SECRET, "Basic ", "sha1="] {
        assert!(!logs.contains(secret), "{secret:?} is in the logs:\n{logs}");
    }
    let longest = logs.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 2_000, "a log line of {longest} bytes");
}

/// The session's values as numbers: an argument of the application's own, which refuses a
/// notification as the crate refuses one it cannot read, at the path of the value at fault.
struct Counts(Vec<f64>);

impl FromNotification for Counts {
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
        let json = notification.take_json();
        let values = json["data"]["session"]["values"].as_object();
        let mut counts = Vec::new();
        for (key, value) in values.into_iter().flatten() {
            match value.as_f64() {
                Some(count) => counts.push(count),
                None => {
                    return Err(Rejection::UnreadableNotification {
                        path: format!("data.session.values.{key}"),
                        reason: "invalid type, expected a number".to_owned(),
                    });
                }
            }
        }
        Ok(Counts(counts))
    }
}

async fn count(Counts(counts): Counts) -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::new(counts.len().to_string()))
}

/// A key of the body in the path of an unreadable notification: the client gets the whole
/// path, the log line 128 characters of it. The crate's own models put only their field names
/// and list indexes in a path; an application's argument, as here, can put any key there.
#[tokio::test(flavor = "current_thread")]
async fn a_key_of_the_body_in_a_path_is_cut() {
    let (captured, _guard, _serial) = capture().await;
    let client = TestClient::new(
        Webhook::new()
            .private_key(KEY)
            .on(events::CONVERSATION_STEP_REACHED, count),
    );
    let key = huge('x');
    let response = client
        .send(NotificationBuilder::new().session_value(&key, "many"))
        .await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .contains(&format!("at data.session.values.{key}: "))
    );

    let logs = captured.text();
    assert!(logs.contains("request rejected"), "{logs}");
    let shown = MAX_CHARS - "data.session.values.".len();
    let start = format!(
        "The notification could not be read at `data.session.values.{}…`",
        "x".repeat(shown)
    );
    assert_cut(&logs, 'x', &start);
}

/// A handler's answer with a 1 MB text over the platform's length and a 1 MB value the
/// platform does not know: each violation's message is cut in the log, whole in the answer.
async fn huge_answer(_: StepReached) -> StepReachedResponse {
    let mut text = SendTextAction::new("Hello");
    text.text = Some(huge('y'));
    StepReachedResponse::new().action(text).action(
        CreateZendeskTicketAction::new(ZendeskUser::default(), "Late").ticket_type(huge('x')),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn values_of_the_answer_in_violations_are_cut() {
    let (captured, _guard, _serial) = capture().await;
    let route =
        || clustaar_webhook::routing::Route::new(events::CONVERSATION_STEP_REACHED, huge_answer);

    // Refused: an error.
    let client = TestClient::new(Webhook::new().private_key(KEY).route(route()));
    let response = client.send(NotificationBuilder::new()).await;
    assert_eq!(response.status(), 500);
    let body = response.text();
    assert!(
        body.contains(&format!("got `{}`", huge('x'))),
        "the answer keeps the value"
    );

    // Sent anyway: a warning.
    let warned = Webhook::new()
        .private_key(KEY)
        .response_validation(ResponseValidation::Warn)
        .route(route());
    let response = TestClient::new(warned)
        .send(NotificationBuilder::new())
        .await;
    assert_eq!(response.status(), 200);

    let logs = captured.text();
    for level in ["ERROR", "WARN"] {
        let line = logs
            .lines()
            .find(|line| line.contains(level) && line.contains("breaks the platform's rules"))
            .unwrap_or_else(|| panic!("no {level} line in the logs:\n{logs}"));
        assert!(line.contains("2 violations:"), "{line}");
    }
    // The text's violation never quoted it; the ticket type's does, cut.
    assert_cut(
        &logs,
        'y',
        "`actions.0.text`: length must be between 1 and 1000, got 1048576",
    );
    let message = "must be one of `incident`, `problem`, `question`, `task`, got `";
    let start = format!(
        "`actions.1.ticketType`: {message}{}…",
        "x".repeat(MAX_CHARS - message.len())
    );
    assert_cut(&logs, 'x', &start);
    assert_eq!(logs.matches(&start).count(), 2, "{logs}");
}

/// The step's `userData` as JSON: an argument of the application's own, which refuses a
/// notification whose `userData` is not JSON as the crate refuses a body that is not, quoting
/// it.
struct UserData(serde_json::Value);

impl FromNotification for UserData {
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
        let json = notification.take_json();
        let text = json["data"]["step"]["userData"]
            .as_str()
            .unwrap_or_default();
        serde_json::from_str(text)
            .map(UserData)
            .map_err(|error| Rejection::BodyNotJson {
                reason: format!("{text} ({error})"),
            })
    }
}

async fn user_data(UserData(data): UserData) -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::new(data.to_string()))
}

/// A description written from the request (a parser's message quoting it) is cut as a whole.
#[tokio::test(flavor = "current_thread")]
async fn a_description_quoting_the_body_is_cut() {
    let (captured, _guard, _serial) = capture().await;
    let webhook = Webhook::new()
        .private_key(KEY)
        .on(events::CONVERSATION_STEP_REACHED, user_data);
    let client = TestClient::new(webhook);
    let response = client
        .send(NotificationBuilder::new().step_user_data(huge('x')))
        .await;
    assert_eq!(response.status(), 400);
    assert!(response.text().contains(&huge('x')));

    let logs = captured.text();
    let prefix = "The request body is not valid JSON: ";
    let start = format!("{prefix}{}…", "x".repeat(MAX_CHARS - prefix.len()));
    assert_cut(&logs, 'x', &start);
}

#[tokio::test(flavor = "current_thread")]
async fn a_short_key_builds_with_one_warning_that_does_not_show_it() {
    {
        let (captured, _guard, _serial) = capture().await;
        let _ = Webhook::<()>::new().private_key("short-k").into_router();
        let logs = captured.text();
        assert_eq!(logs.matches("shorter than 16 bytes").count(), 1, "{logs}");
        assert!(logs.contains(" WARN "), "{logs}");
        assert!(
            !logs.contains("short-k"),
            "the key itself is never logged: {logs}"
        );
    }
    let (captured, _guard, _serial) = capture().await;
    let _ = Webhook::<()>::new()
        .private_key("a key of sixteen")
        .into_router();
    assert!(
        !captured.text().contains("shorter than"),
        "{}",
        captured.text()
    );
}

async fn verified(
    clustaar_webhook::extract::VerifiedNotification(_): clustaar_webhook::extract::VerifiedNotification<StepReached>,
) -> &'static str {
    "handled"
}

#[tokio::test(flavor = "current_thread")]
async fn a_misconfigured_extractor_says_why_once_at_error_level() {
    use tower::ServiceExt as _;
    let (captured, _guard, _serial) = capture().await;
    // A blank key: every request refused, the reason logged the first time only.
    let security = clustaar_webhook::security::SecurityConfig::new().private_key(" ");
    let app = axum::Router::new()
        .route("/", axum::routing::post(verified))
        .with_state(security);
    for _ in 0..3 {
        let request = axum::http::Request::post("/")
            .body(axum::body::Body::from("{}"))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 500);
    }
    let logs = captured.text();
    assert_eq!(logs.matches(" ERROR ").count(), 1, "{logs}");
    assert!(logs.contains("empty or only whitespace"), "{logs}");
}
