//! `VerifiedNotification` and `BasicAuth` on plain axum routes: same checks, same JSON errors
//! as the webhook.

use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine as _;
use clustaar_webhook::extract::{BasicAuth, VerifiedNotification};
use clustaar_webhook::schemas::{StepReached, StepReachedResponse, WebhookRequest};
use clustaar_webhook::security::{SecurityConfig, sign};
use tower::ServiceExt;

use crate::common;
use common::Req;

const KEY: &str = "extractor-key";
const SAMPLE: &str = include_str!("conformance/sample-notification.json");

#[derive(Clone, FromRef)]
struct AppState {
    security: SecurityConfig,
    greeting: &'static str,
}

async fn step(VerifiedNotification(n): VerifiedNotification<StepReached>) -> StepReachedResponse {
    StepReachedResponse::new().session(n.session)
}

async fn raw(VerifiedNotification(n): VerifiedNotification<serde_json::Value>) -> String {
    n["botID"].as_str().unwrap_or_default().to_owned()
}

async fn whole(VerifiedNotification(n): VerifiedNotification) -> String {
    let request: WebhookRequest = n;
    request.topic
}

async fn admin(
    axum::extract::State(greeting): axum::extract::State<&'static str>,
    BasicAuth(credentials): BasicAuth,
) -> String {
    format!("{greeting} {}", credentials.username)
}

fn app(security: SecurityConfig) -> Router {
    Router::new()
        .route("/step", post(step))
        .route("/raw", post(raw))
        .route("/whole", post(whole))
        .route("/admin", get(admin))
        .with_state(AppState {
            security,
            greeting: "hello",
        })
}

fn signed(path: &str, body: &str, key: &str) -> Request<Body> {
    let date = httpdate::fmt_http_date(SystemTime::now());
    Request::post(path)
        .header("date", &date)
        .header("x-hub-signature", sign(key, Some(&date), body.as_bytes()))
        .body(Body::from(body.to_owned()))
        .unwrap()
}

async fn text(response: Response) -> (StatusCode, String) {
    let status = response.status();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn basic(user: &str, password: &str) -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

#[tokio::test]
async fn verified_notification_accepts_a_signed_request_as_any_notification_type() {
    let app = app(SecurityConfig::new().private_key(KEY));
    let (status, body) = text(
        app.clone()
            .oneshot(signed("/step", SAMPLE, KEY))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(r#""values": {"name": "Tintin", "order": "A-1234"}"#),
        "{body}"
    );

    let (status, body) = text(
        app.clone()
            .oneshot(signed("/raw", SAMPLE, KEY))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "5a8f1c2e9b1d4c0012345678")
    );

    let (status, body) = text(app.oneshot(signed("/whole", SAMPLE, KEY)).await.unwrap()).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "conversation.step_reached")
    );
}

#[tokio::test]
async fn verified_notification_rejects_like_the_webhook() {
    let app = app(SecurityConfig::new().private_key(KEY));
    let (status, body) = text(
        app.clone()
            .oneshot(signed("/step", SAMPLE, "other key"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is invalid."}"#
    );

    let unsigned = Request::post("/step")
        .header("date", httpdate::fmt_http_date(SystemTime::now()))
        .body(Body::from(SAMPLE))
        .unwrap();
    let (status, body) = text(app.clone().oneshot(unsigned).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.ends_with(r#"The request's signature is missing."}"#),
        "{body}"
    );

    let old = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
    let replayed = Request::post("/step")
        .header("date", &old)
        .header("x-hub-signature", sign(KEY, Some(&old), SAMPLE.as_bytes()))
        .body(Body::from(SAMPLE))
        .unwrap();
    let (status, body) = text(app.oneshot(replayed).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        r#"{"title": "400 Bad Request", "description": "Request is too old"}"#
    );
}

#[tokio::test]
async fn verified_notification_names_the_path_it_cannot_read() {
    let app = app(SecurityConfig::new().private_key(KEY));
    let broken = SAMPLE.replace(r#""id":"507f191e810c19729de860ea""#, r#""id":507"#);
    let (status, body) = text(
        app.clone()
            .oneshot(signed("/step", &broken, KEY))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("data.step.id"), "{body}");

    // A raw-JSON handler still gets the notification the models cannot read.
    let (status, _) = text(app.oneshot(signed("/raw", &broken, KEY)).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn verified_notification_answers_413_past_axum_body_limit() {
    let app = app(SecurityConfig::new().private_key(KEY)).layer(DefaultBodyLimit::max(64));
    let (status, body) = text(app.oneshot(signed("/step", SAMPLE, KEY)).await.unwrap()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body.starts_with(r#"{"title": "413 Payload Too Large""#),
        "{body}"
    );
}

#[tokio::test]
async fn verified_notification_refuses_a_stale_request_before_reading_its_body() {
    let app = app(SecurityConfig::new().private_key(KEY));
    let stale = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(3_600));
    // A body that never ends: reading it would hang the request.
    let endless = futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>();
    let request = Request::post("/step")
        .header("date", &stale)
        .body(Body::from_stream(endless))
        .unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(5), app.oneshot(request))
        .await
        .expect("answered without waiting for the body")
        .unwrap();
    let (status, body) = text(answer).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Request is too old"), "{body}");
}

#[tokio::test]
async fn basic_auth_checks_the_configured_credentials() {
    let app = app(SecurityConfig::new().basic_auth("bot", "pa:ss"));
    let request = |auth: Option<String>| {
        let builder = Request::get("/admin");
        let builder = match auth {
            Some(auth) => builder.header("authorization", auth),
            None => builder,
        };
        builder.body(Body::empty()).unwrap()
    };
    let forbidden =
        r#"{"title": "Invalid credentials", "description": "This call needs authentication"}"#;

    let (status, body) = text(
        app.clone()
            .oneshot(request(Some(basic("bot", "pa:ss"))))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "hello bot"));

    for auth in [
        Some(basic("bot", "wrong")),
        None,
        Some("Basic !!!".to_owned()),
    ] {
        let (status, body) = text(app.clone().oneshot(request(auth)).await.unwrap()).await;
        assert_eq!((status, body.as_str()), (StatusCode::FORBIDDEN, forbidden));
    }
}

#[tokio::test]
async fn basic_auth_without_configured_credentials_hands_them_to_the_handler() {
    let app = app(SecurityConfig::new());
    let request = Request::get("/admin")
        .header("authorization", basic("anyone", "x"))
        .body(Body::empty())
        .unwrap();
    let (status, body) = text(app.clone().oneshot(request).await.unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "hello anyone"));

    let request = Request::get("/admin").body(Body::empty()).unwrap();
    let (status, _) = text(app.oneshot(request).await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn extractors_answer_the_same_over_real_http() {
    let harness = common::Harness::new(app(SecurityConfig::new().private_key(KEY))).await;
    let good = Req::post(SAMPLE)
        .path("/raw")
        .date(&common::now_date())
        .signed(KEY);
    harness
        .send(&good)
        .await
        .assert(200, "5a8f1c2e9b1d4c0012345678");
    let forged = Req::post(SAMPLE)
        .path("/raw")
        .date(&common::now_date())
        .signed("forged");
    let answer = harness.send(&forged).await;
    assert_eq!(answer.status, 400);
    assert!(
        answer
            .text()
            .ends_with(r#"The request's signature is invalid."}"#)
    );
}

#[tokio::test]
async fn verified_notification_fails_closed_without_a_key() {
    // No key and no opt-in, or a blank key (`CLUSTAAR_PRIVATE_KEY=` in a deployment): every
    // request is refused with a 500, however it is signed, never handled.
    let misconfigured =
        r#"{"title": "500 Internal Server Error", "description": "The webhook is misconfigured."}"#;
    let unsigned = || {
        Request::post("/step")
            .header("date", httpdate::fmt_http_date(SystemTime::now()))
            .body(Body::from(SAMPLE))
            .unwrap()
    };
    for security in [
        SecurityConfig::new(),
        SecurityConfig::new().basic_auth("bot", "secret"),
        SecurityConfig::new().private_key(""),
        SecurityConfig::new().private_key(" \t").allow_unsigned(),
    ] {
        let app = app(security.clone());
        for request in [
            unsigned(),
            signed("/step", SAMPLE, ""),
            signed("/step", SAMPLE, " \t"),
        ] {
            let (status, body) = text(app.clone().oneshot(request).await.unwrap()).await;
            assert_eq!(
                (status, body.as_str()),
                (StatusCode::INTERNAL_SERVER_ERROR, misconfigured),
                "{security:?}"
            );
        }
    }
    // Unsigned on purpose: handled.
    let app = app(SecurityConfig::new().allow_unsigned());
    let (status, _) = text(app.oneshot(unsigned()).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
}
