//! What the webhook logs: the notification's span and its rejections, never a secret, a header
//! value or a piece of the body.

use std::io::Write;
use std::sync::{Arc, Mutex};

use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::testing::{NotificationBuilder, TestClient};
use clustaar_webhook::{Webhook, events};

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
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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
