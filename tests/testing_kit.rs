//! The test kit (`clustaar_webhook::testing`) against real webhooks.

use std::time::{Duration, SystemTime};

use axum::extract::State;
use axum::http::Method;
use clustaar_webhook::filters::StepId;
use clustaar_webhook::rejection::Rejection;
use clustaar_webhook::routing::Route;
use clustaar_webhook::schemas::{
    Action, CustomEvent, Input, SendTextAction, StepReached, StepReachedResponse, WaitAction,
    WebhookRequest,
};
use clustaar_webhook::security::sign;
use clustaar_webhook::testing::{
    DEFAULT_BOT_ID, DEFAULT_STEP_ID, ErrorBody, NotificationBuilder, TestClient,
};
use clustaar_webhook::{Webhook, events};
use serde_json::{Value, json};

const ORDER_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0b";

async fn hello(n: StepReached) -> StepReachedResponse {
    let name = n.session.get_str("name").unwrap_or("there").to_owned();
    StepReachedResponse::new().action(SendTextAction::new(format!("Hello {name}")))
}

/// Answers with what it was given, to check what the builder sends.
async fn echo(n: StepReached) -> StepReachedResponse {
    let user = &n.interlocutor;
    let texts = [
        format!("step {} {}", n.step.id, n.step.name),
        format!("input {}", n.input.text().unwrap_or("-")),
        format!("first name {}", user.first_name.as_deref().unwrap_or("-")),
        format!("email {}", user.email.as_deref().unwrap_or("-")),
        format!(
            "plan {}",
            user.custom_attributes.get("plan").unwrap_or(&Value::Null)
        ),
        format!("actions {}", n.step.actions.len()),
    ];
    StepReachedResponse::new()
        .actions(texts.map(SendTextAction::new))
        .session(n.session)
}

fn secured() -> Webhook {
    Webhook::new()
        .private_key("key")
        .basic_auth("bot", "s3cret")
        .request_max_age(Some(Duration::from_secs(30)))
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, |_: StepReached| async {
                StepReachedResponse::new()
                    .action(SendTextAction::alternatives(["On its way", "Soon"]))
            })
            .filter(StepId::new(ORDER_STEP)),
        )
        .on(events::CONVERSATION_STEP_REACHED, hello)
}

/// The test of the README ("Testing your webhook"), as written there.
#[tokio::test]
async fn greets_the_user_by_name() {
    let webhook = Webhook::new()
        .private_key("key")
        .on(events::CONVERSATION_STEP_REACHED, hello);
    let client = TestClient::new(webhook);
    let response = client
        .send(NotificationBuilder::new().session_value("name", "Tintin"))
        .await;
    assert_eq!(response.texts(), ["Hello Tintin"]);
}

#[tokio::test]
async fn signed_authenticated_and_dated_requests_are_answered() {
    let client = TestClient::new(secured());
    let response = client
        .send(NotificationBuilder::new().session_value("name", "Tintin"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(
        response.step_reached(),
        StepReachedResponse::new().action(SendTextAction::new("Hello Tintin"))
    );
    assert_eq!(
        response.json::<Value>()["actions"][0]["type"],
        "send_text_action"
    );
    // Routed by step id.
    let response = client
        .send(NotificationBuilder::new().step_id(ORDER_STEP))
        .await;
    assert_eq!(response.texts(), ["On its way", "Soon"]);
}

#[tokio::test]
async fn a_wrong_key_is_refused_with_the_reference_error() {
    let client = TestClient::new(secured());
    let response = client.request().signed_with("wrong key").send().await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.error(),
        ErrorBody {
            title: "Invalid header value".to_owned(),
            description: Some(
                "The value provided for the \"X-Hub-Signature\" header is invalid. \
                 The request's signature is invalid."
                    .to_owned()
            ),
        }
    );
    assert_eq!(response.error(), Rejection::SignatureInvalid);
    response.assert_rejected(&Rejection::SignatureInvalid);

    // A client over the router alone, with another key.
    let client = TestClient::from_router(secured().into_router())
        .private_key("other")
        .basic_auth("bot", "s3cret");
    client
        .send(NotificationBuilder::new())
        .await
        .assert_rejected(&Rejection::SignatureInvalid);
}

#[tokio::test]
async fn every_security_check_can_be_failed_on_purpose() {
    let client = TestClient::new(secured());
    let old = SystemTime::now() - Duration::from_secs(3600);
    let future = SystemTime::now() + Duration::from_secs(3600);
    let cases = [
        (client.request().date_at(old), Rejection::RequestTooOld),
        (client.request().date_at(future), Rejection::DateInFuture),
        (client.request().without_date(), Rejection::DateMissing),
        (client.request().date("yesterday"), Rejection::DateInvalid),
        (
            client.request().without_signature(),
            Rejection::SignatureMissing,
        ),
        (
            client.request().signature("sha1"),
            Rejection::SignatureFormatInvalid,
        ),
        (
            client.request().signature("md5=00"),
            Rejection::SignatureHashFunctionInvalid,
        ),
        (
            client.request().signature("sha1=00"),
            Rejection::SignatureInvalid,
        ),
        (
            client.request().without_auth(),
            Rejection::InvalidCredentials,
        ),
        (
            client.request().basic_auth("bot", "wrong"),
            Rejection::InvalidCredentials,
        ),
        (
            client.request().authorization("Bearer x"),
            Rejection::InvalidCredentials,
        ),
        (
            client.request().header("authorization", "Basic !!"),
            Rejection::InvalidCredentials,
        ),
        (
            client.request().method(Method::GET),
            Rejection::MethodNotAllowed,
        ),
    ];
    for (request, rejection) in cases {
        let shown = format!("{request:?}");
        let response = request.send().await;
        assert_eq!(response.status(), rejection.status(), "{shown}");
        assert_eq!(response.error(), rejection, "{shown}");
    }
    // The body is signed as sent: a raw body still passes the checks.
    let response = client.post("{}").await;
    response.assert_rejected(&Rejection::NotFound);
    assert_eq!(response.error().description, None);
    assert_eq!(
        client.request().body("[1]").send().await.error(),
        Rejection::BodyNotObject
    );
    // Authentication off: the client still signs, and sends no Authorization.
    let client =
        TestClient::from_router(Webhook::new().private_key("key").into_router()).private_key("key");
    client
        .post("{}")
        .await
        .assert_rejected(&Rejection::NotFound);
    let response = client.request().method(Method::PUT).send().await;
    assert_eq!(response.header("allow"), Some("POST"));
}

#[tokio::test]
async fn the_reference_vector_is_accepted() {
    let webhook = Webhook::new().private_key("test").request_max_age(None);
    let client = TestClient::new(webhook);
    let signature = sign("test", None, "{}");
    assert_eq!(signature, "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342");
    // Accepted: `{}` has no route, so 404 and not a signature error.
    let request = client
        .request()
        .without_date()
        .signature(signature)
        .body("{}");
    request.send().await.assert_rejected(&Rejection::NotFound);
    // Without a Date, the client signs `date=None` itself.
    let response = client.request().without_date().body("{}").send().await;
    response.assert_rejected(&Rejection::NotFound);
}

#[tokio::test]
async fn the_first_of_several_keys_signs() {
    let webhook = Webhook::new()
        .private_key("new")
        .private_key("old")
        .on(events::CONVERSATION_STEP_REACHED, hello);
    let client = TestClient::new(webhook);
    assert_eq!(
        client.send(NotificationBuilder::new()).await.texts(),
        ["Hello there"]
    );
    let response = client.request().signed_with("old").send().await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_builder_sends_what_it_is_told() {
    let client = TestClient::new(
        Webhook::new()
            .allow_unsigned()
            .on(events::CONVERSATION_STEP_REACHED, echo),
    );
    let notification = NotificationBuilder::new()
        .step_id(ORDER_STEP)
        .step_name("Order status")
        .step_actions([SendTextAction::new("One moment")])
        .step_action(WaitAction::new(1.5))
        .input_text("Where is my order?")
        .first_name("Tintin")
        .email("tintin@moulinsart.fr")
        .custom_attribute("plan", "gold")
        .session_value("order", "A-1234");
    let response = client.send(&notification).await;
    assert_eq!(
        response.texts(),
        [
            format!("step {ORDER_STEP} Order status"),
            "input Where is my order?".to_owned(),
            "first name Tintin".to_owned(),
            "email tintin@moulinsart.fr".to_owned(),
            "plan \"gold\"".to_owned(),
            "actions 2".to_owned(),
        ]
    );
    let session = response.step_reached().session.expect("the session");
    assert_eq!(session.get_str("order"), Some("A-1234"));

    // Defaults.
    let response = client.send(NotificationBuilder::new()).await;
    assert_eq!(response.texts()[0], format!("step {DEFAULT_STEP_ID} Hello"));
    assert_eq!(response.texts()[1], "input Hello");
    let request: WebhookRequest = NotificationBuilder::new().into();
    assert_eq!(request.bot_id, DEFAULT_BOT_ID);
    assert!(matches!(
        request.step_reached().unwrap().step.actions[0],
        Action::SendText(_)
    ));

    // Other inputs, and a WebhookRequest or raw JSON as the body.
    let n = NotificationBuilder::new()
        .input(CustomEvent::new("cart_opened"))
        .build();
    assert!(matches!(n.step_reached().unwrap().input, Input::Custom(_)));
    assert_eq!(client.send(&n).await.texts()[1], "input -");
    let mut raw = NotificationBuilder::new().to_value();
    raw["data"]["step"]["name"] = json!("Patched");
    assert_eq!(
        client.send(raw).await.texts()[0],
        format!("step {DEFAULT_STEP_ID} Patched")
    );
    let body = NotificationBuilder::new().step_name("Bytes").into_body();
    assert_eq!(
        client.post(body).await.texts()[0],
        format!("step {DEFAULT_STEP_ID} Bytes")
    );
}

#[tokio::test]
async fn other_topics_are_routed_by_topic() {
    let webhook = Webhook::new()
        .allow_unsigned()
        .on("conversation.other", hello);
    let client = TestClient::new(webhook);
    client
        .send(NotificationBuilder::new())
        .await
        .assert_rejected(&Rejection::NotFound);
    let response = client
        .send(NotificationBuilder::new().topic("conversation.other"))
        .await;
    assert_eq!(response.texts(), ["Hello there"]);
}

#[tokio::test]
async fn state_and_path_come_from_the_webhook() {
    async fn greet(State(greeting): State<String>, _: StepReached) -> StepReachedResponse {
        StepReachedResponse::new().action(SendTextAction::new(greeting))
    }
    let webhook = Webhook::new()
        .allow_unsigned()
        .path("/clustaar")
        .on(events::CONVERSATION_STEP_REACHED, greet);
    let client = TestClient::with_state(webhook, "Bonjour".to_owned());
    assert_eq!(
        client.send(NotificationBuilder::new()).await.texts(),
        ["Bonjour"]
    );
    let response = client.request().path("/").send().await;
    assert_eq!(response.status(), 404);

    // Over a router with the webhook nested elsewhere.
    let webhook: Webhook = Webhook::new()
        .allow_unsigned()
        .on(events::CONVERSATION_STEP_REACHED, hello);
    let app = axum::Router::new().nest("/hooks", webhook.into_router());
    let client = TestClient::from_router(app).path("/hooks");
    assert_eq!(
        client.send(NotificationBuilder::new()).await.texts(),
        ["Hello there"]
    );
}

#[tokio::test]
async fn a_handler_is_called_directly() {
    let event = NotificationBuilder::new()
        .session_value("name", "Tintin")
        .step_reached();
    assert_eq!(
        hello(event).await,
        StepReachedResponse::new().action(SendTextAction::new("Hello Tintin"))
    );
}

#[tokio::test]
#[should_panic(expected = "expected 200 OK, the webhook answered 400 Bad Request")]
async fn step_reached_shows_the_error() {
    let client = TestClient::new(secured());
    client
        .request()
        .without_signature()
        .send()
        .await
        .step_reached();
}

#[tokio::test]
#[should_panic(expected = "expected an error, the webhook answered 200 OK")]
async fn error_refuses_a_success() {
    let client = TestClient::new(secured());
    client.send(NotificationBuilder::new()).await.error();
}

#[tokio::test]
#[should_panic(expected = "the notification goes to the route `route #1`")]
async fn a_failing_reader_names_the_route() {
    let client = TestClient::new(secured());
    client.send(NotificationBuilder::new()).await.error();
}

#[tokio::test]
async fn the_answer_names_the_route_that_takes_the_notification() {
    let client = TestClient::new(secured());
    let on_order_step = NotificationBuilder::new().step_id(ORDER_STEP);
    assert_eq!(client.send(on_order_step).await.route(), Some("route #0"));
    assert_eq!(
        client.send(NotificationBuilder::new()).await.route(),
        Some("route #1")
    );
    let unrouted = NotificationBuilder::new().topic("conversation.other");
    assert_eq!(client.send(unrouted).await.route(), None);
    // A client of a bare router does not know its routes.
    let bare = TestClient::from_router(secured().into_router());
    assert_eq!(bare.send(NotificationBuilder::new()).await.route(), None);
}

#[tokio::test]
#[should_panic(expected = "The request's signature is missing.")]
async fn assert_rejected_shows_what_was_answered() {
    let client = TestClient::new(secured());
    let response = client.request().without_signature().send().await;
    response.assert_rejected(&Rejection::InvalidCredentials);
}
