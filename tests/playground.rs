//! The playground's router: the turns it plays against a webhook (in this process and over real
//! HTTP), what it reports, what it refuses, and what it never shows. The page itself is driven
//! in a real browser by `tests/browser.rs`.

use std::future::IntoFuture as _;
use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use clustaar_webhook::playground::{Playground, PlaygroundError};
use clustaar_webhook::rejection::Rejection;
use clustaar_webhook::schemas::{
    GoToAction, QuickReply, SendQuickRepliesAction, SendTextAction, StepReached,
    StepReachedResponse,
};
use clustaar_webhook::security::SigningKey;
use clustaar_webhook::testing::{
    DEFAULT_INTERLOCUTOR_ID, DEFAULT_STEP_ID, Transcript, VisitorAction,
};
use clustaar_webhook::{ResponseValidation, Webhook, on, routes};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::common::TIMEOUT;

const KEY: &str = "playground-test-key";
const USER: &str = "bot";
const PASSWORD: &str = "playground-test-password";
const NEXT_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0b";

#[on]
async fn greet(mut n: StepReached) -> StepReachedResponse {
    n.session.insert("greeted", true);
    let said = n.input.text().unwrap_or("(no text)").to_owned();
    StepReachedResponse::new()
        .action(SendTextAction::new(format!("You said {said}")))
        .action(SendQuickRepliesAction::new(
            "Next?",
            [QuickReply::new("Go", GoToAction::step(NEXT_STEP))],
        ))
        .session(n.session)
}

#[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
async fn next_step(n: StepReached) -> StepReachedResponse {
    let came_by = match n.input {
        clustaar_webhook::schemas::Input::GoTo(_) => "a button",
        _ => "something else",
    };
    StepReachedResponse::new().action(SendTextAction::new(format!("Reached by {came_by}")))
}

fn webhook() -> Webhook {
    Webhook::new()
        .private_key(KEY)
        .basic_auth(USER, PASSWORD)
        .routes(routes![next_step, greet])
}

/// A turn as the page sends it: a message at the default step, with an empty session.
fn turn(text: &str) -> Value {
    json!({
        "stepId": DEFAULT_STEP_ID,
        "stepName": "Hello",
        "session": {},
        "interlocutor": {
            "id": DEFAULT_INTERLOCUTOR_ID, "userID": "visitor-42", "location": null,
            "email": null, "firstName": "Tintin", "lastName": null, "phoneNumber": null,
            "customAttributes": {}
        },
        "input": { "type": "message", "text": text, "attachments": [] },
    })
}

/// The peer address of the page's requests: the browser on this machine.
const LOCAL_PEER: &str = "127.0.0.1:50000";

/// A request as the playground's own page sends it, with its peer address as a server with
/// connect info gives it.
fn page_request(method: &str, path: &str, body: Option<&Value>) -> Request<Body> {
    let builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:7000")
        .extension(ConnectInfo(LOCAL_PEER.parse::<SocketAddr>().unwrap()));
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ORIGIN, "http://127.0.0.1:7000")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    }
    .unwrap()
}

async fn call(app: &axum::Router, request: Request<Body>) -> (StatusCode, String) {
    let response = tokio::time::timeout(TIMEOUT, app.clone().oneshot(request))
        .await
        .expect("the playground answers in time")
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

/// Plays `turn` and returns the report.
async fn play(app: &axum::Router, turn: &Value) -> Value {
    let (status, body) = call(app, page_request("POST", "/api/turn", Some(turn))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

fn header<'a>(part: &'a Value, name: &str) -> Option<&'a str> {
    part["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair[0] == name)
        .and_then(|pair| pair[1].as_str())
}

/// The answer's JSON, from the report.
fn answer(report: &Value) -> Value {
    serde_json::from_str(report["response"]["body"].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn a_turn_is_a_signed_notification_and_its_report_holds_the_exchange() {
    let app = Playground::new(webhook()).into_router();
    let report = play(&app, &turn("Hello bot")).await;

    assert_eq!(report["response"]["status"], 200, "{report:#}");
    assert_eq!(report["route"], "greet");
    assert_eq!(report["problems"], json!([]));
    assert!(report["rejection"].is_null() && report["error"].is_null());
    assert!(report["latencyMs"].as_f64().unwrap() >= 0.0);
    let answer = answer(&report);
    assert_eq!(
        answer["actions"][0]["alternatives"][0],
        "You said Hello bot"
    );
    assert_eq!(answer["session"]["values"]["greeted"], true);

    // The request shown is the one sent: its signature checks with the webhook's key.
    let request = &report["request"];
    assert_eq!(request["line"], "POST /");
    let body = request["body"].as_str().unwrap();
    let date = header(request, "date").unwrap();
    let signature = header(request, "x-hub-signature").unwrap();
    let keys = [SigningKey::new(KEY)];
    let check = SigningKey::verify_any(
        &keys,
        Some(signature.as_bytes()),
        Some(date.as_bytes()),
        body.as_bytes(),
    );
    assert_eq!(check, Ok(()));
    let sent: Value = serde_json::from_str(body).unwrap();
    assert_eq!(sent["topic"], "conversation.step_reached");
    assert_eq!(sent["data"]["interlocutor"]["firstName"], "Tintin");
    assert_eq!(sent["data"]["step"]["id"], DEFAULT_STEP_ID);
    assert_eq!(header(request, "authorization"), Some("Basic <hidden>"));
}

#[tokio::test]
async fn a_clicked_go_to_action_is_the_next_turns_input_at_its_target_step() {
    let app = Playground::new(webhook()).into_router();
    let mut click = turn("");
    click["stepId"] = json!(NEXT_STEP);
    click["input"] = serde_json::to_value(GoToAction::step(NEXT_STEP)).unwrap();
    let report = play(&app, &click).await;
    assert_eq!(report["route"], "next_step");
    assert_eq!(
        answer(&report)["actions"][0]["alternatives"][0],
        "Reached by a button"
    );
}

#[tokio::test]
async fn an_event_of_the_site_is_the_turns_input_as_the_models_read_it() {
    let app = Playground::new(webhook()).into_router();
    let mut opened = turn("");
    opened["input"] = json!({ "type": "url_loaded_event", "url": " https://example.com/a \n" });
    let report = play(&app, &opened).await;
    assert_eq!(report["route"], "greet");
    let sent: Value = serde_json::from_str(report["request"]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        sent["data"]["input"],
        json!({ "url": "https://example.com/a", "type": "url_loaded_event" })
    );

    let mut custom = turn("");
    custom["input"] = json!({ "type": "custom_event", "name": "cart_opened" });
    let report = play(&app, &custom).await;
    let sent: Value = serde_json::from_str(report["request"]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        sent["data"]["input"],
        json!({ "type": "custom_event", "name": "cart_opened" })
    );
    assert_eq!(
        answer(&report)["actions"][0]["alternatives"][0],
        "You said (no text)"
    );
}

#[tokio::test]
async fn a_forged_signature_is_refused_by_the_webhook_and_reported_as_its_json_error() {
    let app = Playground::new(webhook()).into_router();
    let mut forged = turn("Hello");
    forged["forgeSignature"] = json!(true);
    let report = play(&app, &forged).await;
    assert_eq!(report["response"]["status"], 400);
    let expected: Value = serde_json::from_str(&Rejection::SignatureInvalid.to_json()).unwrap();
    assert_eq!(report["rejection"], expected);
}

#[tokio::test]
async fn an_answer_breaking_the_platform_rules_is_reported_with_its_paths() {
    async fn eleven(_: StepReached) -> StepReachedResponse {
        let texts = (0..11).map(|i| format!("text {i}"));
        StepReachedResponse::new().action(SendTextAction::alternatives(texts))
    }
    // A webhook that sends such an answer anyway, as one in another language might.
    let webhook = Webhook::new()
        .private_key(KEY)
        .response_validation(ResponseValidation::Off)
        .on(clustaar_webhook::events::CONVERSATION_STEP_REACHED, eleven);
    let report = play(&Playground::new(webhook).into_router(), &turn("Hi")).await;
    assert_eq!(report["response"]["status"], 200);
    assert!(report["rejection"].is_null());
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["path"], "actions.0.alternatives");
}

#[tokio::test]
async fn a_state_the_platform_never_sends_is_refused_before_anything_is_sent() {
    let app = Playground::new(webhook()).into_router();
    let mut broken = turn("Hi");
    broken["interlocutor"] = json!({ "id": "x" });
    let (status, body) = call(&app, page_request("POST", "/api/turn", Some(&broken))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["title"], "422 Unprocessable Entity");
    let description = error["description"].as_str().unwrap();
    assert!(
        description.contains("interlocutor") && description.contains("userID"),
        "{description}"
    );

    let (status, body) = call(&app, page_request("POST", "/api/turn", Some(&json!({})))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(serde_json::from_str::<Value>(&body).unwrap()["description"].is_string());
}

#[tokio::test]
async fn the_page_and_its_api_never_show_the_key_or_the_password() {
    let app = Playground::new(webhook()).into_router();
    let (status, page) = call(&app, page_request("GET", "/", None)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, config) = call(&app, page_request("GET", "/api/config", None)).await;
    let report = play(&app, &turn("Hi")).await.to_string();
    let encoded = clustaar_webhook::security::Credentials::new(USER, PASSWORD).to_header_value();
    for shown in [&page, &config, &report] {
        for secret in [KEY, PASSWORD, encoded.as_str()] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
    }
    let config: Value = serde_json::from_str(&config).unwrap();
    assert_eq!(config["signed"], true);
    assert_eq!(config["basicAuthUsername"], USER);
    let debug = format!("{:?}", Playground::new(webhook()));
    assert!(!debug.contains(KEY) && !debug.contains(PASSWORD), "{debug}");
}

#[tokio::test]
async fn the_page_is_self_contained_and_may_load_nothing_from_elsewhere() {
    let app = Playground::new(webhook()).into_router();
    let response = app
        .clone()
        .oneshot(page_request("GET", "/", None))
        .await
        .unwrap();
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"));
    assert!(policy.contains("frame-ancestors 'none'"));
    let page = response.into_body().collect().await.unwrap().to_bytes();
    let page = String::from_utf8(page.to_vec()).unwrap();
    assert!(page.contains("<script>") && page.contains("<style>"));
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http"),
        "nothing fetched"
    );
}

#[tokio::test]
async fn requests_from_other_hosts_and_other_sites_are_refused() {
    let app = Playground::new(webhook()).into_router();
    let with = |host: &str, origin: Option<&str>, site: Option<&str>| {
        let mut request = page_request("POST", "/api/turn", Some(&turn("Hi")));
        let headers = request.headers_mut();
        headers.insert(header::HOST, host.parse().unwrap());
        headers.remove(header::ORIGIN);
        headers.remove("sec-fetch-site");
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, origin.parse().unwrap());
        }
        if let Some(site) = site {
            headers.insert("sec-fetch-site", site.parse().unwrap());
        }
        request
    };
    // DNS rebinding: a site's name resolving to 127.0.0.1.
    let (status, body) = call(&app, with("attacker.example:7000", None, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["title"],
        "403 Forbidden"
    );
    // Another site's page posting to the playground.
    let origin = Some("http://attacker.example");
    let (status, _) = call(&app, with("127.0.0.1:7000", origin, Some("cross-site"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        with("localhost:7000", Some("http://localhost:7001"), None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The page itself, and tools without a browser's headers.
    let (status, _) = call(
        &app,
        with("localhost:7000", Some("http://localhost:7000"), None),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(&app, with("[::1]:7000", None, None)).await;
    assert_eq!(status, StatusCode::OK);
}

/// The page's request, from `peer` (none: a server without connect info).
fn from_peer(path: &str, body: Option<&Value>, peer: Option<&str>) -> Request<Body> {
    let method = if body.is_some() { "POST" } else { "GET" };
    let mut request = page_request(method, path, body);
    let extensions = request.extensions_mut();
    extensions.remove::<ConnectInfo<SocketAddr>>();
    if let Some(peer) = peer {
        extensions.insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    }
    request
}

fn description(body: &str) -> String {
    let error: Value = serde_json::from_str(body).unwrap();
    error["description"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn requests_from_other_machines_are_refused_even_naming_localhost() {
    let app = Playground::new(webhook()).into_router();
    let hi = turn("Hi");
    // A LAN client of an app bound to 0.0.0.0, naming `localhost` as its host.
    for peer in [
        "192.168.1.5:1234",
        "[::ffff:192.168.1.5]:1234",
        "[fe80::1]:1234",
    ] {
        for (path, body) in [
            ("/", None),
            ("/api/config", None),
            ("/api/transcript", None),
            ("/api/turn", Some(&hi)),
        ] {
            let mut request = from_peer(path, body, Some(peer));
            let headers = request.headers_mut();
            headers.insert(header::HOST, "localhost:7000".parse().unwrap());
            if body.is_some() {
                headers.insert(header::ORIGIN, "http://localhost:7000".parse().unwrap());
            }
            let (status, body) = call(&app, request).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{peer} {path}: {body}");
            let error: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(error["title"], "403 Forbidden");
            let description = error["description"].as_str().unwrap();
            assert!(
                description.contains("only answers this machine"),
                "{description}"
            );
        }
    }
}

#[tokio::test]
async fn a_request_without_its_peer_address_is_refused_with_what_to_write() {
    let app = axum::Router::new().nest("/playground", Playground::new(webhook()).into_router());
    let hi = turn("Hi");
    for (path, body) in [
        ("/playground", None),
        ("/playground/api/config", None),
        ("/playground/api/transcript", None),
        ("/playground/api/turn", Some(&hi)),
    ] {
        let (status, body) = call(&app, from_peer(path, body, None)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{path}: {body}");
        let description = description(&body);
        assert!(
            description.contains(
                "axum::serve(listener, \
                 app.into_make_service_with_connect_info::<std::net::SocketAddr>())"
            ),
            "{description}"
        );
    }
}

#[tokio::test]
async fn requests_from_this_machine_are_served_over_ipv4_and_ipv6() {
    let app = Playground::new(webhook()).into_router();
    for peer in [
        "127.0.0.1:1234",
        "127.0.0.2:1234",
        "[::1]:1234",
        // An IPv4 peer of a dual-stack listener (`[::]`).
        "[::ffff:127.0.0.1]:1234",
    ] {
        let (status, body) = call(&app, from_peer("/api/config", None, Some(peer))).await;
        assert_eq!(status, StatusCode::OK, "{peer}: {body}");
        let report = {
            let (status, body) =
                call(&app, from_peer("/api/turn", Some(&turn("Hi")), Some(peer))).await;
            assert_eq!(status, StatusCode::OK, "{peer}: {body}");
            serde_json::from_str::<Value>(&body).unwrap()
        };
        assert_eq!(report["response"]["status"], 200, "{peer}");
    }
}

#[tokio::test]
async fn nested_in_an_app_served_with_connect_info_it_answers_over_real_http() {
    // The webhook and the playground in one app, as the module's documentation shows it.
    let app = webhook()
        .into_router()
        .nest("/playground", Playground::new(webhook()).into_router());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let served = axum::serve(
        listener,
        app.clone()
            .into_make_service_with_connect_info::<SocketAddr>(),
    );
    let server = tokio::spawn(served.into_future());
    // The same app served without connect info: refused, saying what to write.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let blind_address = listener.local_addr().unwrap();
    let blind = tokio::spawn(clustaar_webhook::serve(listener, app).into_future());

    let client = reqwest::Client::new();
    let post = |address: SocketAddr| {
        let request = client
            .post(format!("http://{address}/playground/api/turn"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(turn("over the wire").to_string())
            .send();
        async move {
            let response = tokio::time::timeout(TIMEOUT, request)
                .await
                .expect("the playground answers in time")
                .unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, body) = post(address).await;
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        answer(&report)["actions"][0]["alternatives"][0],
        "You said over the wire"
    );
    let (status, body) = post(blind_address).await;
    assert_eq!(status, 500, "{body}");
    assert!(
        description(&body).contains("into_make_service_with_connect_info"),
        "{body}"
    );
    server.abort();
    blind.abort();
}

#[tokio::test]
async fn it_is_served_on_loopback_only() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let error = Playground::new(webhook()).serve(listener).unwrap_err();
    assert!(matches!(error, PlaygroundError::NotLoopback(_)), "{error}");
    assert!(error.to_string().contains("127.0.0.1"));
    for url in [
        "https://example.com/",
        "ftp://example.com/",
        "not a url",
        "/relative",
    ] {
        let error = Playground::for_url(url).unwrap_err();
        assert!(
            matches!(error, PlaygroundError::UnsupportedUrl { .. }),
            "{url}: {error}"
        );
    }
}

/// A webhook served over real HTTP on a free port, stopped when the test ends.
async fn served(webhook: Webhook) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        axum::serve(listener, webhook.into_router()).await.unwrap();
    });
    (url, server)
}

#[tokio::test]
async fn a_webhook_url_is_played_over_real_http() {
    let (url, server) = served(webhook()).await;
    let playground = Playground::for_url(&url)
        .unwrap()
        .private_key(KEY)
        .basic_auth(USER, PASSWORD);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let page = tokio::spawn(playground.serve(listener).unwrap().into_future());

    // The page's own request, over HTTP too.
    let client = reqwest::Client::new();
    let response = tokio::time::timeout(
        TIMEOUT,
        client
            .post(format!("http://{address}/api/turn"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(turn("over the wire").to_string())
            .send(),
    )
    .await
    .expect("the playground answers in time")
    .unwrap();
    assert_eq!(response.status(), 200);
    let report: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(report["request"]["line"], format!("POST {url}"));
    assert_eq!(report["response"]["status"], 200, "{report:#}");
    assert!(
        report["route"].is_null(),
        "a remote webhook's routes are not known"
    );
    assert_eq!(
        answer(&report)["actions"][0]["alternatives"][0],
        "You said over the wire"
    );
    page.abort();
    server.abort();

    // Wrong credentials: the webhook's 403 is the report's rejection.
    let (url, server) = served(webhook()).await;
    let playground = Playground::for_url(&url)
        .unwrap()
        .private_key(KEY)
        .basic_auth(USER, "wrong");
    let report = play(&playground.into_router(), &turn("Hi")).await;
    assert_eq!(report["response"]["status"], 403);
    let expected: Value = serde_json::from_str(&Rejection::InvalidCredentials.to_json()).unwrap();
    assert_eq!(report["rejection"], expected);
    server.abort();
}

#[tokio::test]
async fn an_unreachable_webhook_is_reported_not_failed() {
    // A port just freed: nothing listens on it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let app = Playground::for_url(&url).unwrap().into_router();
    let report = play(&app, &turn("Hi")).await;
    assert!(report["response"].is_null());
    let error = report["error"].as_str().unwrap();
    assert!(
        error.starts_with(&format!("could not reach {url}")),
        "{error}"
    );
}

#[tokio::test]
async fn nested_in_another_router_the_page_finds_its_api() {
    let app = axum::Router::new().nest("/playground", Playground::new(webhook()).into_router());
    let (status, page) = call(&app, page_request("GET", "/playground", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.starts_with("<!doctype html>"));
    let (status, config) = call(&app, page_request("GET", "/playground/api/config", None)).await;
    assert_eq!(status, StatusCode::OK, "{config}");
    let report = {
        let request = page_request("POST", "/playground/api/turn", Some(&turn("nested")));
        let (status, body) = call(&app, request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str::<Value>(&body).unwrap()
    };
    assert_eq!(
        answer(&report)["actions"][0]["alternatives"][0],
        "You said nested"
    );
}

/// The playground's transcript of the conversation so far, as the page's "Save as test" gets it.
async fn saved(app: &axum::Router) -> Transcript {
    let response = tokio::time::timeout(
        TIMEOUT,
        app.clone()
            .oneshot(page_request("GET", "/api/transcript", None)),
    )
    .await
    .expect("the playground answers in time")
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"conversation.json\""
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let json = String::from_utf8(body.to_vec()).unwrap();
    Transcript::from_json(&json).unwrap_or_else(|error| panic!("{error}: {json}"))
}

/// The click on the greeting's quick reply, as the page sends it: the state carried from the
/// answer (its session), the step moved to the button's target, the button's title as label.
fn click_go() -> Value {
    let mut click = turn("");
    click["stepId"] = json!(NEXT_STEP);
    click["stepName"] = json!("");
    click["session"] = json!({ "greeted": true });
    click["input"] = serde_json::to_value(GoToAction::step(NEXT_STEP)).unwrap();
    click["label"] = json!("Go");
    click
}

#[tokio::test]
async fn the_turns_played_are_saved_as_a_transcript_that_replays() {
    let app = Playground::new(webhook()).into_router();
    play(&app, &turn("Hello bot")).await;
    play(&app, &click_go()).await;

    let transcript = saved(&app).await;
    assert_eq!(transcript.start.step_id, DEFAULT_STEP_ID);
    assert_eq!(
        transcript.start.interlocutor.first_name.as_deref(),
        Some("Tintin")
    );
    assert_eq!(transcript.turns.len(), 2, "{}", transcript.to_json());
    let [hello, go] = &transcript.turns[..] else {
        unreachable!()
    };
    assert_eq!(hello.visitor, VisitorAction::Says("Hello bot".to_owned()));
    assert_eq!(hello.answer.status, 200);
    assert_eq!(hello.answer.route.as_deref(), Some("greet"));
    assert_eq!(
        hello.answer.body["actions"][0]["alternatives"][0],
        "You said Hello bot"
    );
    let VisitorAction::Clicks(click) = &go.visitor else {
        panic!("a click: {:?}", go.visitor);
    };
    assert_eq!(click.title, "Go");
    assert_eq!(click.go_to, GoToAction::step(NEXT_STEP));
    assert_eq!(go.answer.route.as_deref(), Some("next_step"));
    assert_eq!(
        go.answer.body["actions"][0]["alternatives"][0],
        "Reached by a button"
    );

    // Recorded in the playground, replayed by `cargo test`: the same conversation.
    let replayed = transcript
        .replay(webhook())
        .await
        .unwrap_or_else(|diff| panic!("{diff}"));
    assert_eq!(replayed, transcript);
}

#[tokio::test]
async fn a_new_conversation_or_an_edited_state_starts_a_new_transcript() {
    let app = Playground::new(webhook()).into_router();
    // Before any turn: the playground's start, and no turn.
    let empty = saved(&app).await;
    assert_eq!(empty.start.step_id, DEFAULT_STEP_ID);
    assert!(empty.turns.is_empty());

    play(&app, &turn("Hello")).await;
    // A forged turn is refused on purpose, and left out.
    let mut forged = turn("Hello again");
    forged["forgeSignature"] = json!(true);
    play(&app, &forged).await;
    play(&app, &click_go()).await;
    assert_eq!(saved(&app).await.turns.len(), 2);

    // The session panel edited: the transcript could not replay, so it starts from this turn.
    let mut edited = turn("Edited");
    edited["session"] = json!({ "plan": "gold" });
    play(&app, &edited).await;
    let transcript = saved(&app).await;
    assert_eq!(transcript.turns.len(), 1);
    assert_eq!(transcript.start.session["plan"], "gold");
    transcript.assert_replays(webhook()).await;

    // The page's restart: a new conversation, a new transcript.
    let (status, body) = call(&app, page_request("DELETE", "/api/transcript", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert!(saved(&app).await.turns.is_empty());

    // Another site cannot restart it.
    let mut request = page_request("DELETE", "/api/transcript", None);
    request
        .headers_mut()
        .insert(header::ORIGIN, "http://attacker.example".parse().unwrap());
    let (status, _) = call(&app, request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_playground_plays_one_bot_of_a_webhook_serving_several() {
    use clustaar_webhook::schemas::WebhookRequest;
    use clustaar_webhook::security::{BotSecrets, StaticBots};

    #[on]
    async fn hello(request: WebhookRequest) -> StepReachedResponse {
        StepReachedResponse::new().action(SendTextAction::new(format!(
            "Hello from {}",
            request.bot_id
        )))
    }

    let bots = StaticBots::new()
        .bot("shop", BotSecrets::new().private_key("the shop's key"))
        .bot("bank", BotSecrets::new().private_key("the bank's key"));
    let webhook = || Webhook::new().bots(bots.clone()).routes(routes![hello]);
    let app = Playground::new(webhook())
        .as_bot("bank", "the bank's key")
        .into_router();
    let report = play(&app, &turn("Hi")).await;
    assert_eq!(report["response"]["status"], 200, "{report:#}");
    assert_eq!(
        answer(&report)["actions"][0]["alternatives"][0],
        "Hello from bank"
    );

    // Another bot's key: the webhook refuses the turn, and the report says why.
    let app = Playground::new(webhook())
        .as_bot("bank", "the shop's key")
        .into_router();
    let report = play(&app, &turn("Hi")).await;
    assert_eq!(report["response"]["status"], 400, "{report:#}");
}
