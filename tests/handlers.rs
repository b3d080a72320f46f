//! Handlers: extractors, the forms a notification can take, what a handler can return, and
//! the webhook inside a larger axum app with its own state and tower layers. Every scenario
//! runs in-process and over real HTTP.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clustaar_webhook::Webhook;
use clustaar_webhook::schemas::{
    Action, ConversationSession, Event, SendTextAction, StepReached, StepReachedResponse,
    WebhookRequest,
};
use common::bodies::*;
use common::*;
use serde_json::{Value, json};

/// The answer of [`greet`] to the sample, as the reference writes it.
const GREETING: &str = r#"{"actions": [{"type": "send_text_action", "alternatives": ["Hello Tintin"]}], "session": {"values": {"name": "Tintin", "order": "A-1234"}}, "interlocutor": null}"#;

async fn greet(n: StepReached) -> StepReachedResponse {
    let name = n.session.get_str("name").unwrap_or("there");
    StepReachedResponse::new()
        .action(SendTextAction::new(format!("Hello {name}")))
        .session(n.session.clone())
}

fn webhook<S: Clone + Send + Sync + 'static>() -> Webhook<S> {
    Webhook::new().allow_unsigned().request_max_age(None)
}

#[tokio::test]
async fn a_step_reached_response_is_200_json() {
    let h = Harness::new(webhook().on(STEP_REACHED, greet).into_router()).await;
    let response = h.expect(Req::post(SAMPLE), 200, GREETING).await;
    assert_eq!(response.content_type(), "application/json");
    // An empty answer still writes `session` and `interlocutor`.
    let h = Harness::new(
        webhook()
            .on(STEP_REACHED, |_: StepReached| async {
                StepReachedResponse::new()
            })
            .into_router(),
    )
    .await;
    let response = h
        .expect(
            Req::post(SAMPLE),
            200,
            r#"{"actions": [], "session": null, "interlocutor": null}"#,
        )
        .await;
    assert_eq!(response.content_type(), "application/json");
}

#[tokio::test]
async fn every_form_of_the_notification() {
    async fn typed_request(n: WebhookRequest) -> String {
        let Event::StepReached(event) = &n.event else {
            return "other event".into();
        };
        format!("{} {} {} {}", n.topic, n.bot_id, n.timestamp, event.step.id)
    }
    async fn step_reached(n: StepReached) -> String {
        let kinds: Vec<&str> = n.step.actions.iter().map(Action::type_name).collect();
        format!(
            "{} {} {}",
            n.channel,
            n.interlocutor.remote_id,
            kinds.join(",")
        )
    }
    async fn raw(n: Value) -> String {
        format!("{} {}", n["botID"], n["data"]["session"]["values"]["order"])
    }
    async fn body(n: Bytes) -> Bytes {
        n
    }
    let on = |path: &str| Req::post(SAMPLE).path(path);
    let routers = [
        (
            "/typed",
            webhook()
                .path("/typed")
                .on(STEP_REACHED, typed_request)
                .into_router(),
        ),
        (
            "/step",
            webhook()
                .path("/step")
                .on(STEP_REACHED, step_reached)
                .into_router(),
        ),
        (
            "/raw",
            webhook().path("/raw").on(STEP_REACHED, raw).into_router(),
        ),
        (
            "/bytes",
            webhook()
                .path("/bytes")
                .on(STEP_REACHED, body)
                .into_router(),
        ),
    ];
    let app = routers
        .into_iter()
        .fold(axum::Router::new(), |app, (_, router)| app.merge(router));
    let h = Harness::new(app).await;
    h.check(vec![
        Case::new(
            "WebhookRequest",
            on("/typed"),
            200,
            "conversation.step_reached 5a8f1c2e9b1d4c0012345678 1764339000 507f191e810c19729de860ea",
        ),
        Case::new(
            "StepReached",
            on("/step"),
            200,
            "web visitor-42 send_text_action,wait_action,send_quick_replies_action",
        ),
        Case::new("raw JSON", on("/raw"), 200, r#""5a8f1c2e9b1d4c0012345678" "A-1234""#),
        Case::new("raw body, byte for byte", on("/bytes"), 200, SAMPLE),
        Case::new(
            "raw body keeps its spacing",
            Req::post(format!("  {SAMPLE}\n")).path("/bytes"),
            200,
            format!("  {SAMPLE}\n"),
        ),
    ])
    .await;
}

#[derive(Clone)]
struct AppState {
    greeting: &'static str,
    calls: Arc<AtomicUsize>,
}

#[derive(Clone)]
struct Tenant(&'static str);

#[tokio::test]
async fn extractors_state_headers_extension() {
    async fn handler(
        State(state): State<AppState>,
        headers: HeaderMap,
        Extension(Tenant(tenant)): Extension<Tenant>,
        n: StepReached,
    ) -> String {
        state.calls.fetch_add(1, Ordering::SeqCst);
        let agent = headers
            .get("x-agent")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        format!(
            "{} {} from {agent} for {tenant}",
            state.greeting,
            n.session.get_str("name").unwrap_or("?")
        )
    }
    let state = AppState {
        greeting: "Bonjour",
        calls: Arc::default(),
    };
    let router = webhook::<AppState>()
        .on(STEP_REACHED, handler)
        .into_router()
        .layer(Extension(Tenant("moulinsart")))
        .with_state(state.clone());
    let h = Harness::new(router).await;
    h.check(vec![
        Case::new(
            "all extractors",
            Req::post(SAMPLE).header("x-agent", "clustaar"),
            200,
            "Bonjour Tintin from clustaar for moulinsart",
        ),
        Case::new(
            "without the header",
            Req::post(SAMPLE),
            200,
            "Bonjour Tintin from - for moulinsart",
        ),
    ])
    .await;
    assert_eq!(state.calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn an_extractor_rejection_is_answered_as_the_extractor_says() {
    // No `Extension` layer: axum's own `500` answer, the handler is not called.
    let called = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&called);
    let router = webhook()
        .on(STEP_REACHED, move |_: Extension<Tenant>, _: Value| {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                "called"
            }
        })
        .into_router();
    let h = Harness::new(router).await;
    let response = h.send(&Req::post(SAMPLE)).await;
    assert_eq!(response.status, 500);
    assert!(response.text().contains("Extension"), "{}", response.text());
    assert_eq!(called.load(Ordering::SeqCst), 0);
}

#[derive(Debug)]
struct OrderNotFound;

impl IntoResponse for OrderNotFound {
    fn into_response(self) -> Response {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"error": "order not found"})),
        )
            .into_response()
    }
}

#[tokio::test]
async fn what_a_handler_can_return() {
    let router = webhook()
        .path("/ok")
        .on(STEP_REACHED, |n: StepReached| async move {
            Ok::<_, OrderNotFound>(greet(n).await)
        })
        .into_router()
        .merge(
            webhook()
                .path("/err")
                .on(STEP_REACHED, |_: StepReached| async {
                    Err::<StepReachedResponse, _>(OrderNotFound)
                })
                .into_router(),
        )
        .merge(
            webhook()
                .path("/status")
                .on(STEP_REACHED, |_: Value| async {
                    Err::<StepReachedResponse, _>(StatusCode::SERVICE_UNAVAILABLE)
                })
                .into_router(),
        )
        .merge(
            webhook()
                .path("/tuple")
                .on(STEP_REACHED, |_: Value| async {
                    (StatusCode::ACCEPTED, [("x-custom", "yes")], "accepted")
                })
                .into_router(),
        )
        .merge(
            webhook()
                .path("/json")
                .on(STEP_REACHED, |n: Value| async move {
                    Json(json!({"bot": n["botID"]}))
                })
                .into_router(),
        )
        .merge(
            webhook()
                .path("/unit")
                .on(STEP_REACHED, |_: Value| async {})
                .into_router(),
        );
    let h = Harness::new(router).await;
    let on = |path: &str| Req::post(SAMPLE).path(path);
    h.check(vec![
        Case::new("Ok(StepReachedResponse)", on("/ok"), 200, GREETING),
        Case::new(
            "Err(custom error)",
            on("/err"),
            422,
            r#"{"error":"order not found"}"#,
        ),
        Case::new("Err(status)", on("/status"), 503, ""),
        Case::new("a tuple", on("/tuple"), 202, "accepted"),
        Case::new(
            "axum's Json",
            on("/json"),
            200,
            r#"{"bot":"5a8f1c2e9b1d4c0012345678"}"#,
        ),
        Case::new("unit", on("/unit"), 200, ""),
    ])
    .await;
    assert_eq!(h.send(&on("/ok")).await.content_type(), "application/json");
    assert_eq!(h.send(&on("/tuple")).await.headers["x-custom"], "yes");
}

#[tokio::test]
async fn inside_an_existing_app_with_its_own_state() {
    let state = AppState {
        greeting: "Hello",
        calls: Arc::default(),
    };
    async fn health(State(state): State<AppState>) -> String {
        format!("up, {} calls", state.calls.load(Ordering::SeqCst))
    }
    async fn answer(State(state): State<AppState>, n: StepReached) -> StepReachedResponse {
        state.calls.fetch_add(1, Ordering::SeqCst);
        StepReachedResponse::new()
            .action(SendTextAction::new(format!(
                "{} {}",
                state.greeting,
                n.session.get_str("name").unwrap_or("?")
            )))
            .session(ConversationSession::new())
    }
    let webhook_router = webhook::<AppState>()
        .private_key("key")
        .path("/webhook")
        .on(STEP_REACHED, answer)
        .into_router();
    let nested = webhook::<AppState>().on(STEP_REACHED, answer).into_router();
    let app = axum::Router::new()
        .route("/health", get(health))
        .merge(webhook_router)
        .nest("/nested", nested)
        .with_state(state.clone());
    let h = Harness::new(app).await;
    let answer_body = r#"{"actions": [{"type": "send_text_action", "alternatives": ["Hello Tintin"]}], "session": {"values": {}}, "interlocutor": null}"#;
    h.check(vec![
        Case::new(
            "the app's own route",
            Req::method(Method::GET).path("/health"),
            200,
            "up, 0 calls",
        ),
        Case::new(
            "merged webhook",
            Req::post(SAMPLE).path("/webhook").signed("key"),
            200,
            answer_body,
        ),
        Case::new(
            "merged webhook keeps its checks",
            Req::post(SAMPLE).path("/webhook"),
            400,
            SIGNATURE_MISSING,
        ),
        Case::new(
            "merged webhook, 405",
            Req::method(Method::GET).path("/webhook"),
            405,
            METHOD_NOT_ALLOWED,
        ),
        Case::new(
            "nested webhook",
            Req::post(SAMPLE).path("/nested"),
            200,
            answer_body,
        ),
        Case::new(
            "nested webhook, 404",
            Req::post("{}").path("/nested"),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "nested webhook, 405",
            Req::method(Method::PUT).path("/nested"),
            405,
            METHOD_NOT_ALLOWED,
        ),
        Case::new(
            "the app's state is shared",
            Req::method(Method::GET).path("/health"),
            200,
            "up, 4 calls",
        ),
    ])
    .await;
}

#[tokio::test]
async fn tower_layers_apply() {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen);
    let count = middleware::from_fn(move |request: Request, next: Next| {
        let counter = Arc::clone(&counter);
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            next.run(request).await
        }
    });
    let tag = middleware::map_response(|mut response: Response| async move {
        response
            .headers_mut()
            .insert("x-layer", HeaderValue::from_static("applied"));
        response
    });
    let gate = middleware::from_fn(|request: Request, next: Next| async move {
        if request.headers().contains_key("x-blocked") {
            return (StatusCode::UNAUTHORIZED, "blocked by a layer").into_response();
        }
        next.run(request).await
    });
    let router = webhook()
        .private_key("key")
        .on(STEP_REACHED, greet)
        .into_router()
        .layer(gate)
        .layer(tag)
        .layer(count);
    let h = Harness::new(router).await;
    h.check(vec![
        Case::new(
            "through the layers",
            Req::post(SAMPLE).signed("key"),
            200,
            GREETING,
        ),
        Case::new(
            "a rejection goes through them too",
            Req::post(SAMPLE),
            400,
            SIGNATURE_MISSING,
        ),
        Case::new(
            "a layer answers first",
            Req::post(SAMPLE).signed("key").header("x-blocked", "1"),
            401,
            "blocked by a layer",
        ),
    ])
    .await;
    assert_eq!(seen.load(Ordering::SeqCst), 6);
    for req in [
        Req::post(SAMPLE).signed("key"),
        Req::post(SAMPLE),
        Req::method(Method::GET),
    ] {
        let response = h.send(&req).await;
        assert_eq!(response.headers["x-layer"], "applied", "{req:?}");
    }
}

/// Every valid input document of the conformance suite, as the notification's `data.input`,
/// reaches a typed handler: legacy replies, attachments, go-to actions, URL loads, custom
/// events (the reference fails on some of these).
#[tokio::test]
async fn every_kind_of_input_reaches_a_typed_handler() {
    async fn input_type(n: StepReached) -> String {
        n.input.type_name().to_owned()
    }
    let h = Harness::new(webhook().on(STEP_REACHED, input_type).into_router()).await;
    let mut cases = Vec::new();
    for kind in [
        "legacy_reply_to_message_action",
        "url_loaded_event",
        "custom_event",
        "go_to_action",
        "incoming_message",
    ] {
        for file in common::schemas::valid_documents_of(kind) {
            let input: Value =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let expected = input["type"].as_str().unwrap().to_owned();
            cases.push(Case::new(
                "an input document",
                Req::post(sample_edited(|n| n["data"]["input"] = input)),
                200,
                expected,
            ));
        }
    }
    h.check(cases).await;
}
