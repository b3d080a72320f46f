//! The `lambda` example as AWS runs it, without a cloud: the real example binary polls a
//! stand-in for the Lambda Runtime API (a server of this test's own on 127.0.0.1) and answers
//! API Gateway HTTP API events (payload format 2.0) that carry the sample notification.
//!
//! The stand-in implements what a function's runtime calls: `GET
//! /2018-06-01/runtime/invocation/next` (waits for the next event), `POST
//! …/invocation/{id}/response` and `POST …/invocation/{id}/error`, and `POST
//! /2018-06-01/runtime/init/error`. `cold_start` (ignored; `scripts/lambda-cold-start.sh` runs it
//! on a release build) measures the time from the process's start to its first answer, and its
//! peak memory.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::{Mutex, mpsc};

use crate::common::{SAMPLE, TIMEOUT, b64, basic, bodies, now_date, sign};
use crate::examples::{KEY, PASSWORD, USER, example};

/// Where the runtime API's paths start.
const RUNTIME: &str = "/2018-06-01/runtime";

/// What the function posted back to the runtime API.
#[derive(Debug)]
enum Posted {
    /// `invocation/{id}/response`: the invocation's answer.
    Response { id: String, body: Value },
    /// `invocation/{id}/error` or `init/error`: the function failed (`id` is empty at init).
    Error { id: String, body: String },
}

/// The stand-in's two queues, shared by its routes.
#[derive(Clone)]
struct Queues {
    /// The events waiting for the function's next `GET …/next`, with their request ids.
    events: Arc<Mutex<mpsc::UnboundedReceiver<(String, Value)>>>,
    /// What the function posted back.
    posted: mpsc::UnboundedSender<Posted>,
}

/// A stand-in for the Lambda Runtime API on a free port of 127.0.0.1, stopped when dropped.
struct RuntimeApi {
    address: String,
    events: mpsc::UnboundedSender<(String, Value)>,
    posted: mpsc::UnboundedReceiver<Posted>,
    server: tokio::task::JoinHandle<()>,
}

impl RuntimeApi {
    async fn start() -> RuntimeApi {
        let (events, waiting) = mpsc::unbounded_channel();
        let (posted_tx, posted) = mpsc::unbounded_channel();
        let queues = Queues {
            events: Arc::new(Mutex::new(waiting)),
            posted: posted_tx,
        };
        let app = Router::new()
            .route(&format!("{RUNTIME}/invocation/next"), get(next))
            .route(
                &format!("{RUNTIME}/invocation/{{id}}/response"),
                post(response),
            )
            .route(&format!("{RUNTIME}/invocation/{{id}}/error"), post(error))
            .route(&format!("{RUNTIME}/init/error"), post(init_error))
            .with_state(queues);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let address = listener.local_addr().expect("its address").to_string();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the stand-in serves");
        });
        RuntimeApi {
            address,
            events,
            posted,
            server,
        }
    }

    /// Queues an invocation of the function with `event`.
    fn invoke(&self, id: &str, event: Value) {
        self.events
            .send((id.to_owned(), event))
            .expect("the stand-in runs");
    }

    /// What the function posts next, within the tests' timeout.
    async fn next_posted(&mut self) -> Posted {
        tokio::time::timeout(TIMEOUT, self.posted.recv())
            .await
            .expect("the function answered within the timeout")
            .expect("the stand-in runs")
    }

    /// The answer to invocation `id`: an API Gateway response (`statusCode`, `headers`, `body`).
    async fn response_to(&mut self, id: &str) -> Value {
        match self.next_posted().await {
            Posted::Response { id: answered, body } => {
                assert_eq!(answered, id, "the answer is posted for its invocation");
                body
            }
            Posted::Error { id, body } => panic!("the function failed ({id:?}): {body}"),
        }
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// `GET …/invocation/next`: the next event, with the headers every invocation has.
async fn next(State(queues): State<Queues>) -> Response {
    let Some((id, event)) = queues.events.lock().await.recv().await else {
        return StatusCode::GONE.into_response();
    };
    let deadline = std::time::SystemTime::now() + Duration::from_secs(30);
    let deadline_ms = deadline
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis();
    let mut headers = HeaderMap::new();
    let value = |text: String| HeaderValue::try_from(text).expect("a header value");
    headers.insert("lambda-runtime-aws-request-id", value(id));
    headers.insert("lambda-runtime-deadline-ms", value(deadline_ms.to_string()));
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:eu-west-1:123456789012:function:webhook"),
    );
    headers.insert(
        "lambda-runtime-trace-id",
        HeaderValue::from_static("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"),
    );
    (headers, axum::Json(event)).into_response()
}

async fn response(State(queues): State<Queues>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    let body = serde_json::from_slice(&body).unwrap_or_else(|error| {
        Value::String(format!(
            "not JSON ({error}): {}",
            String::from_utf8_lossy(&body)
        ))
    });
    let _ = queues.posted.send(Posted::Response { id, body });
    StatusCode::ACCEPTED
}

async fn error(State(queues): State<Queues>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    let body = String::from_utf8_lossy(&body).into_owned();
    let _ = queues.posted.send(Posted::Error { id, body });
    StatusCode::ACCEPTED
}

async fn init_error(State(queues): State<Queues>, body: Bytes) -> StatusCode {
    let body = String::from_utf8_lossy(&body).into_owned();
    let _ = queues.posted.send(Posted::Error {
        id: String::new(),
        body,
    });
    StatusCode::ACCEPTED
}

/// An API Gateway HTTP API event (payload format 2.0, as function URLs send too): a POST of
/// `body` to `/` with these headers, which API Gateway gives in lower case.
fn api_gateway_event(headers: &[(&str, String)], body: &str) -> Value {
    let headers: serde_json::Map<String, Value> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), Value::from(value.as_str())))
        .collect();
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/",
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abcdefghij",
            "domainName": "abcdefghij.execute-api.eu-west-1.amazonaws.com",
            "domainPrefix": "abcdefghij",
            "http": {
                "method": "POST",
                "path": "/",
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "Clustaar"
            },
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "routeKey": "$default",
            "stage": "$default",
            "time": "07/Dec/2026:08:00:00 +0000",
            "timeEpoch": 1796630400000_u64
        },
        "body": body,
        "isBase64Encoded": false
    })
}

/// The sample notification as the platform posts it: dated now, signed with `key`, with the
/// webhook's credentials.
fn signed_sample(key: &str) -> Value {
    let date = now_date();
    let signature = sign(key, Some(&date), SAMPLE.as_bytes());
    api_gateway_event(
        &[
            ("Content-Type", "application/json".to_owned()),
            ("Date", date),
            ("X-Hub-Signature", signature),
            ("Authorization", basic(USER, PASSWORD)),
        ],
        SAMPLE,
    )
}

/// The `lambda` example, started as Lambda starts a function, against `runtime`; killed when
/// dropped, even when the test fails.
struct Function {
    child: Child,
}

impl Function {
    fn start(binary: &std::path::Path, runtime: &RuntimeApi) -> Function {
        let child = Command::new(binary)
            .env("AWS_LAMBDA_RUNTIME_API", &runtime.address)
            .env("AWS_LAMBDA_FUNCTION_NAME", "webhook")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/webhook")
            .env(
                "AWS_LAMBDA_LOG_STREAM_NAME",
                "2026/12/07/[$LATEST]0123456789abcdef",
            )
            .env("CLUSTAAR_PRIVATE_KEY", KEY)
            .env("CLUSTAAR_AUTH_USERNAME", USER)
            .env("CLUSTAAR_AUTH_PASSWORD", PASSWORD)
            .env_remove("CLUSTAAR_REQUEST_MAX_AGE")
            .env_remove("REDIS_URL")
            .env("RUST_LOG", "off")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the lambda example starts");
        Function { child }
    }

    /// The most memory the process has held (Linux's `VmHWM`), in KiB.
    fn peak_memory_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The answer's JSON body, checked to be sent as text (not base64) with a JSON content type.
fn json_body(answer: &Value) -> Value {
    assert_eq!(answer["isBase64Encoded"], false, "{answer}");
    let content_type = answer["headers"]["content-type"].as_str();
    assert_eq!(content_type, Some("application/json"), "{answer}");
    let body = answer["body"].as_str().expect("a text body");
    serde_json::from_str(body).expect("a JSON body")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_api_gateway_events_through_the_runtime_api() {
    let mut runtime = RuntimeApi::start().await;
    let _function = Function::start(&example("lambda"), &runtime);

    let delivery = signed_sample(KEY);
    runtime.invoke("invocation-1", delivery.clone());
    let answer = runtime.response_to("invocation-1").await;
    assert_eq!(answer["statusCode"], 200, "{answer}");
    let body = json_body(&answer);
    assert_eq!(body["actions"][0]["type"], "send_text_action", "{answer}");
    assert_eq!(
        body["actions"][0]["alternatives"][0], "Hello Tintin",
        "{answer}"
    );
    assert_eq!(body["session"]["values"]["name"], "Tintin", "{answer}");

    // Signed with another key: the webhook's JSON 400, as from a server.
    runtime.invoke("invocation-2", signed_sample("not the key"));
    let forged = runtime.response_to("invocation-2").await;
    assert_eq!(forged["statusCode"], 400, "{forged}");
    let expected: Value = serde_json::from_str(bodies::SIGNATURE_INVALID).unwrap();
    assert_eq!(json_body(&forged), expected, "{forged}");

    // The right key without the webhook's credentials: 403.
    let mut anonymous = signed_sample(KEY);
    anonymous["headers"]
        .as_object_mut()
        .unwrap()
        .remove("authorization");
    runtime.invoke("invocation-3", anonymous);
    let refused = runtime.response_to("invocation-3").await;
    assert_eq!(refused["statusCode"], 403, "{refused}");

    // A copy of the first delivery, to the same (warm) instance: the same answer, byte for byte
    // (the instance's replay store keeps it between invocations).
    runtime.invoke("invocation-4", delivery);
    let copy = runtime.response_to("invocation-4").await;
    assert_eq!(copy["statusCode"], 200, "{copy}");
    assert_eq!(copy["body"], answer["body"], "{copy}");

    // A body API Gateway gives in base64 (as it does for a content type it takes for binary):
    // decoded before the signature is checked over it.
    let mut encoded = signed_sample(KEY);
    encoded["body"] = b64(SAMPLE.as_bytes()).into();
    encoded["isBase64Encoded"] = true.into();
    runtime.invoke("invocation-5", encoded);
    let decoded = runtime.response_to("invocation-5").await;
    assert_eq!(decoded["statusCode"], 200, "{decoded}");
    assert_eq!(
        json_body(&decoded)["actions"][0]["alternatives"][0],
        "Hello Tintin"
    );
}

/// Cold starts of the `lambda` example (`LAMBDA_BINARY`, default the test profile's build): for
/// each, a new process, the time from its start to its first answer posted to the runtime API,
/// and its peak memory. `scripts/lambda-cold-start.sh` runs it on a release build.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: scripts/lambda-cold-start.sh"]
async fn cold_start() {
    let binary = std::env::var_os("LAMBDA_BINARY")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| example("lambda"));
    let runs: usize = std::env::var("LAMBDA_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(20);
    let mut starts = Vec::with_capacity(runs);
    let mut peaks = Vec::with_capacity(runs);
    for run in 0..runs {
        let mut runtime = RuntimeApi::start().await;
        let id = format!("cold-{run}");
        // Queued first: the function's first `next` gets it at once, as on a cold invocation.
        runtime.invoke(&id, signed_sample(KEY));
        let started = Instant::now();
        let function = Function::start(&binary, &runtime);
        let answer = runtime.response_to(&id).await;
        starts.push(started.elapsed());
        assert_eq!(answer["statusCode"], 200, "{answer}");
        peaks.extend(function.peak_memory_kib());
    }
    starts.sort();
    peaks.sort();
    let median = starts[runs / 2];
    println!(
        "{} cold starts of {}: first answer after {median:.1?} (median), {:.1?} to {:.1?}; \
         peak memory {} to {} KiB",
        runs,
        binary.display(),
        starts[0],
        starts[runs - 1],
        peaks.first().unwrap_or(&0),
        peaks.last().unwrap_or(&0),
    );
}
