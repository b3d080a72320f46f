//! Shared helpers of the webhook's integration tests.
//!
//! Every scenario is a [`Req`] sent through a [`Harness`], which runs it both in-process
//! (`tower::ServiceExt::oneshot` on the router) and over real HTTP (the crate's own
//! `clustaar_webhook::serve`, as applications run it, on `127.0.0.1:0`, a `reqwest` client), checks that both transports give the same answer and
//! returns it. Every wait is bounded by [`TIMEOUT`].
#![allow(dead_code)]

use std::fmt::Write as _;
use std::future::IntoFuture as _;
use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use base64::Engine as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::task::JoinHandle;
use tower::ServiceExt as _;

pub(crate) mod schemas;

/// A realistic `conversation.step_reached` notification.
pub(crate) const SAMPLE: &str = include_str!("../conformance/sample-notification.json");
/// The step id of [`SAMPLE`].
pub(crate) const SAMPLE_STEP_ID: &str = "507f191e810c19729de860ea";
/// The one topic the platform sends today.
pub(crate) const STEP_REACHED: &str = "conversation.step_reached";
/// The bound on every wait of a test.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(10);

/// The signature of `body` at `date` with `key`, as the platform writes it.
pub(crate) fn sign(key: &str, date: Option<&str>, body: &[u8]) -> String {
    clustaar_webhook::security::sign(key, date, body)
}

/// An HTTP date (`Thu, 13 Sep 2018 11:48:13 GMT`).
pub(crate) fn http_date(time: SystemTime) -> String {
    httpdate::fmt_http_date(time)
}

/// The HTTP date of now.
pub(crate) fn now_date() -> String {
    http_date(SystemTime::now())
}

/// The HTTP date `seconds` from now (negative: in the past).
pub(crate) fn date_in(seconds: i64) -> String {
    let now = SystemTime::now();
    let time = if seconds >= 0 {
        now + Duration::from_secs(seconds as u64)
    } else {
        now - Duration::from_secs(seconds.unsigned_abs())
    };
    http_date(time)
}

/// `Basic base64(user:password)`.
pub(crate) fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", b64(format!("{user}:{password}").as_bytes()))
}

/// Standard base64.
pub(crate) fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The sample notification with its `data.step.id` replaced.
pub(crate) fn sample_with_step(step_id: &str) -> String {
    let mut value: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    value["data"]["step"]["id"] = step_id.into();
    value.to_string()
}

/// The sample notification changed by `edit`.
pub(crate) fn sample_edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    edit(&mut value);
    value.to_string()
}

/// A request to send.
#[derive(Clone)]
pub(crate) struct Req {
    pub method: Method,
    pub path: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for Req {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = String::from_utf8_lossy(&self.body);
        let shown: String = body.chars().take(120).collect();
        f.debug_struct("Req")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &self.headers)
            .field(
                "body",
                &format_args!("{shown:?} ({} bytes)", self.body.len()),
            )
            .finish()
    }
}

impl Req {
    /// `POST /` with `body`.
    pub(crate) fn post(body: impl Into<Vec<u8>>) -> Self {
        Req {
            method: Method::POST,
            path: "/".to_owned(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// `method /` without a body.
    pub(crate) fn method(method: Method) -> Self {
        Req {
            method,
            ..Req::post(Vec::new())
        }
    }

    /// The same request with another method.
    pub(crate) fn method_is(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// The same request on another path.
    pub(crate) fn path(mut self, path: &str) -> Self {
        self.path = path.to_owned();
        self
    }

    /// Adds a header; its value may be any bytes HTTP allows.
    pub(crate) fn header(mut self, name: &str, value: impl AsRef<[u8]>) -> Self {
        self.headers.push((
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value.as_ref()).unwrap(),
        ));
        self
    }

    /// Adds `Date`.
    pub(crate) fn date(self, date: &str) -> Self {
        self.header("date", date)
    }

    /// Adds `X-Hub-Signature` for `key`, over the `Date` already set (or none).
    pub(crate) fn signed(self, key: &str) -> Self {
        let date = self
            .headers
            .iter()
            .find(|(name, _)| name == header::DATE)
            .map(|(_, value)| value.to_str().unwrap().to_owned());
        let signature = sign(key, date.as_deref(), &self.body);
        self.header("x-hub-signature", signature)
    }

    /// Adds `Authorization: Basic …`.
    pub(crate) fn auth(self, user: &str, password: &str) -> Self {
        self.header("authorization", basic(user, password))
    }
}

/// An answer, from either transport.
#[derive(Clone, Debug)]
pub(crate) struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    /// The body as text (lossy).
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The `Content-Type`, or "".
    pub(crate) fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    /// Checks the status and the exact body bytes.
    #[track_caller]
    pub(crate) fn assert(&self, status: u16, body: &str) {
        assert_eq!(
            (self.status.as_u16(), self.text().as_str()),
            (status, body),
            "unexpected answer"
        );
    }

    /// Checks the status, the exact body and that the answer is JSON.
    #[track_caller]
    pub(crate) fn assert_json(&self, status: u16, body: &str) {
        self.assert(status, body);
        assert_eq!(self.content_type(), "application/json");
    }
}

/// One scenario: a request and the answer it must get (status and exact body bytes).
pub(crate) struct Case {
    pub name: &'static str,
    pub req: Req,
    pub status: u16,
    pub body: String,
}

impl Case {
    pub(crate) fn new(name: &'static str, req: Req, status: u16, body: impl Into<String>) -> Self {
        Case {
            name,
            req,
            status,
            body: body.into(),
        }
    }
}

/// A webhook router served both in-process and over real HTTP.
pub(crate) struct Harness {
    router: axum::Router,
    addr: SocketAddr,
    client: reqwest::Client,
    server: JoinHandle<()>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Harness {
    /// Serves `router` on `127.0.0.1:0` with the crate's server and its defaults, but for the
    /// idle timeout: the client keeps its connections longer than the server's 5 s default, and
    /// a request sent on one the server is closing would fail for a reason the test is not about.
    pub(crate) async fn new(router: axum::Router) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(
            clustaar_webhook::serve(listener, router.clone())
                .idle_timeout(None)
                .into_future(),
        );
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .no_proxy()
            .build()
            .unwrap();
        Harness {
            router,
            addr,
            client,
            server,
        }
    }

    /// The address of the HTTP server.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of `path` on the HTTP server.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Sends `req` in-process, with no `Content-Length`: the body is streamed.
    pub(crate) async fn in_process(&self, req: &Req) -> Resp {
        let mut request = Request::builder()
            .method(req.method.clone())
            .uri(req.path.as_str());
        for (name, value) in &req.headers {
            request = request.header(name, value);
        }
        let request = request.body(Body::from(req.body.clone())).unwrap();
        let response = tokio::time::timeout(TIMEOUT, self.router.clone().oneshot(request))
            .await
            .expect("in-process request timed out")
            .unwrap();
        let (parts, body) = response.into_parts();
        let body = tokio::time::timeout(TIMEOUT, axum::body::to_bytes(body, usize::MAX))
            .await
            .expect("in-process body timed out")
            .unwrap();
        Resp {
            status: parts.status,
            headers: parts.headers,
            body: body.to_vec(),
        }
    }

    /// Sends `req` over HTTP with `reqwest`.
    pub(crate) async fn over_http(&self, req: &Req) -> Resp {
        let mut request = self
            .client
            .request(req.method.clone(), self.url(&req.path))
            .body(req.body.clone());
        for (name, value) in &req.headers {
            request = request.header(name, value);
        }
        let response = request.send().await.expect("HTTP request failed");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("HTTP body failed").to_vec();
        Resp {
            status,
            headers,
            body,
        }
    }

    /// Sends `req` over both transports, checks they agree and returns the answer.
    pub(crate) async fn send(&self, req: &Req) -> Resp {
        let local = self.in_process(req).await;
        let remote = self.over_http(req).await;
        assert_eq!(
            (local.status, local.text(), local.content_type()),
            (remote.status, remote.text(), remote.content_type()),
            "in-process and HTTP answers differ for {req:?}"
        );
        assert_eq!(
            local
                .headers
                .get_all(header::ALLOW)
                .iter()
                .collect::<Vec<_>>(),
            remote
                .headers
                .get_all(header::ALLOW)
                .iter()
                .collect::<Vec<_>>(),
        );
        local
    }

    /// Sends `req` over both transports and checks the status and exact body.
    #[track_caller]
    pub(crate) fn expect<'a>(
        &'a self,
        req: Req,
        status: u16,
        body: &'a str,
    ) -> impl std::future::Future<Output = Resp> + 'a {
        let caller = std::panic::Location::caller();
        async move {
            let response = self.send(&req).await;
            assert_eq!(
                (response.status.as_u16(), response.text().as_str()),
                (status, body),
                "unexpected answer to {req:?} (checked at {caller})"
            );
            response
        }
    }

    /// Runs every case over both transports; reports all mismatches at once.
    pub(crate) async fn check(&self, cases: Vec<Case>) {
        let mut failures = String::new();
        for case in &cases {
            let response = self.send(&case.req).await;
            if response.status.as_u16() != case.status || response.body != case.body.as_bytes() {
                let _ = writeln!(
                    failures,
                    "- {}: expected {} {}\n  got      {} {}",
                    case.name,
                    case.status,
                    case.body,
                    response.status.as_u16(),
                    response.text()
                );
            }
        }
        assert!(failures.is_empty(), "failed cases:\n{failures}");
    }

    /// Sends raw bytes on a new connection and returns what the server wrote back until it
    /// closed the connection (the request should say `Connection: close`).
    pub(crate) async fn raw(&self, request: &[u8]) -> Vec<u8> {
        let exchange = async {
            let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
            stream.write_all(request).await.unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
            answer
        };
        tokio::time::timeout(TIMEOUT, exchange)
            .await
            .expect("raw exchange timed out")
    }
}

/// The status and body of a raw HTTP/1.1 answer (not chunked).
pub(crate) fn parse_raw(answer: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(answer).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let status = head[9..12].parse().unwrap();
    (status, head.to_owned(), body.to_owned())
}

/// A handler that takes the raw JSON and answers `handled`.
pub(crate) async fn handled(_: serde_json::Value) -> &'static str {
    "handled"
}

/// The exact error bodies, as the reference writes them (`json.dumps` separators).
pub(crate) mod bodies {
    pub(crate) const SIGNATURE_MISSING: &str = r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is missing."}"#;
    pub(crate) const SIGNATURE_FORMAT: &str = r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature format is invalid."}"#;
    pub(crate) const SIGNATURE_HASH_FUNCTION: &str = r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature hash function is invalid (should be one of ['sha1'])."}"#;
    pub(crate) const SIGNATURE_INVALID: &str = r#"{"title": "Invalid header value", "description": "The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is invalid."}"#;
    pub(crate) const INVALID_CREDENTIALS: &str =
        r#"{"title": "Invalid credentials", "description": "This call needs authentication"}"#;
    pub(crate) const TOO_OLD: &str =
        r#"{"title": "400 Bad Request", "description": "Request is too old"}"#;
    pub(crate) const DATE_MISSING: &str = r#"{"title": "Missing header value", "description": "The \"Date\" header is required to check the request's age."}"#;
    pub(crate) const DATE_INVALID: &str = r#"{"title": "Invalid header value", "description": "The value provided for the \"Date\" header is invalid. The request's date is not a valid HTTP date."}"#;
    pub(crate) const DATE_IN_FUTURE: &str =
        r#"{"title": "400 Bad Request", "description": "Request date is too far in the future"}"#;
    pub(crate) const TOO_LARGE: &str = r#"{"title": "413 Payload Too Large", "description": "The request body is larger than the size limit."}"#;
    pub(crate) const NOT_UTF8: &str =
        r#"{"title": "400 Bad Request", "description": "The request body is not valid UTF-8."}"#;
    pub(crate) const NOT_OBJECT: &str =
        r#"{"title": "400 Bad Request", "description": "The request body is not a JSON object."}"#;
    pub(crate) const NOT_FOUND: &str = r#"{"title": "404 Not Found"}"#;
    pub(crate) const METHOD_NOT_ALLOWED: &str = r#"{"title": "405 Method Not Allowed"}"#;

    /// The body of a notification the models cannot read.
    pub(crate) fn unreadable(path: &str, reason: &str) -> String {
        let description = if path.is_empty() {
            format!("The notification could not be read: {reason}")
        } else {
            format!("The notification could not be read at {path}: {reason}")
        };
        format!(
            r#"{{"title": "400 Bad Request", "description": {}}}"#,
            serde_json::to_string(&description).unwrap()
        )
    }

    /// The body of a body that is not JSON.
    pub(crate) fn not_json(reason: &str) -> String {
        format!(
            r#"{{"title": "400 Bad Request", "description": "The request body is not valid JSON: {reason}"}}"#
        )
    }
}
