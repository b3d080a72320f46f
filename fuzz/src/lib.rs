//! The checks of the fuzz targets, one function per target, each panicking when a property
//! breaks.
//!
//! The fuzz targets (`fuzz_targets/*.rs`) call them on libFuzzer's inputs; the workspace's
//! integration tests (`tests/fuzz_regressions.rs`) compile this same file and replay the inputs
//! kept in `tests/fuzz-regressions/<target>/`, so a crash found once stays fixed.
//!
//! Every input is plain bytes, decoded here (with `arbitrary` where that helps), so that an
//! input file replays exactly the same way in both places.
// Compiled as a private module of the integration tests too, where `pub` reaches nothing.
#![allow(unreachable_pub, dead_code)]

use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use arbitrary::{Arbitrary, Unstructured};
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request, StatusCode, Uri, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clustaar_webhook::extract::Raw;
use clustaar_webhook::filters::{JsonKeyEquals, JsonKeyExists, KeyPath, Segment, json_eq};
use clustaar_webhook::rejection::Rejection;
use clustaar_webhook::routing::Route;
use clustaar_webhook::schemas::*;
use clustaar_webhook::{Webhook, on, routes};
use hmac::{Hmac, Mac};
use http_body_util::BodyExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tower::ServiceExt;

/// A realistic notification, the base of most pipeline bodies.
pub const SAMPLE: &str = include_str!("../../tests/conformance/sample-notification.json");

// ---------------------------------------------------------------------------------------------
// pipeline
// ---------------------------------------------------------------------------------------------

const KEY: &str = "fuzz-private-key";
const USER: &str = "bot";
const PASSWORD: &str = "pass:wörd";
const PATH: &str = "/webhook";
const BODY_LIMIT: usize = 64 * 1024;
/// The step that `order_step` takes (the sample's step is another one).
const ORDER_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0b";
const OTHER_TOPIC: &str = "conversation.ended";
/// How many bytes of an input choose the request's method, path and headers; the rest makes
/// the body. An input of zeros then the sample is a valid request carrying the sample.
pub const HEAD: usize = 48;

fn say(text: &str) -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::new(text))
}

/// One step, with its session echoed back.
#[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
async fn order_step(n: StepReached) -> StepReachedResponse {
    say("Your order is on its way").session(n.session)
}

/// SMS notifications, read whole.
#[on(json(key = "data.channel", equals = "sms"))]
async fn sms(n: WebhookRequest) -> StepReachedResponse {
    let session = n
        .step_reached()
        .map(|s| s.session.clone())
        .unwrap_or_default();
    say("By SMS").session(session)
}

/// Gold members, read raw (no load processor), session echoed.
#[on(json(key = "data.interlocutor.customAttributes.plan", in = ["gold", "platinum"]))]
async fn gold(Raw(n): Raw<StepReached>) -> StepReachedResponse {
    say("Welcome back").session(n.session)
}

/// Notifications holding `data.session.values.raw`, echoed as JSON text.
#[on(json(key = "data.session.values.raw", exists))]
async fn echo(n: Value) -> String {
    n.to_string()
}

/// Every other step.
#[on]
async fn catch_all(n: StepReached) -> StepReachedResponse {
    say("Hello").session(n.session)
}

/// Another topic, whole notification.
async fn other_topic(_: WebhookRequest) -> StepReachedResponse {
    say("Bye")
}

/// Another topic, with a typed `StepReached` handler: gets `UnexpectedEvent` unless the
/// notification is a step reached after all.
async fn other_topic_typed(_: StepReached) -> StepReachedResponse {
    say("Typed")
}

thread_local! {
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    /// The rejection the webhook last answered with on this thread (its hook records it).
    static LAST_REJECTION: RefCell<Option<Rejection>> = const { RefCell::new(None) };
}

fn router() -> axum::Router {
    static ROUTER: OnceLock<axum::Router> = OnceLock::new();
    ROUTER
        .get_or_init(|| {
            Webhook::new()
                .private_key(KEY)
                .basic_auth(USER, PASSWORD)
                .request_max_age(Some(Duration::from_secs(24 * 3600)))
                .body_limit(BODY_LIMIT)
                .path(PATH)
                .on_rejection(|rejection| {
                    LAST_REJECTION.with(|last| *last.borrow_mut() = Some(rejection.clone()));
                })
                .routes(routes![order_step, sms, gold, echo, catch_all])
                .route(
                    Route::new(OTHER_TOPIC, other_topic_typed)
                        .filter(JsonKeyExists::new("data.typed")),
                )
                .on(OTHER_TOPIC, other_topic)
                .into_router()
        })
        .clone()
}

#[derive(Debug, Arbitrary)]
enum MethodChoice {
    Post,
    Get,
    Put,
    Head,
    Options,
    Patch,
    Delete,
    Custom(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
enum PathChoice {
    Webhook,
    WithQuery(String),
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum DateChoice {
    Now,
    Ago(u32),
    Ahead(u32),
    Missing,
    Empty,
    Raw(Vec<u8>),
    /// A valid date text, then more bytes.
    Trailing(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
enum SignatureChoice {
    Valid,
    WrongKey,
    /// Valid, but for another body (one byte more).
    OtherBody,
    Missing,
    Uppercase,
    WithSpaces,
    Algorithm(Vec<u8>),
    Raw(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
enum AuthChoice {
    Valid,
    Missing,
    /// `Basic ` and the base64 of these bytes.
    Basic(Vec<u8>),
    /// `Basic ` and these bytes.
    BasicRaw(Vec<u8>),
    Raw(Vec<u8>),
    WrongPassword,
    LowercaseScheme,
}

#[derive(Debug, Arbitrary)]
enum LengthChoice {
    Exact,
    Missing,
    Value(u64),
    Raw(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
struct Head {
    method: MethodChoice,
    path: PathChoice,
    date: DateChoice,
    signature: SignatureChoice,
    auth: AuthChoice,
    length: LengthChoice,
    content_type: Option<Vec<u8>>,
    extra: Option<(String, Vec<u8>)>,
}

/// A JSON value from `u`, at most `depth` levels deep.
fn arbitrary_json(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    let kind = if depth == 0 {
        u.int_in_range(0..=4)?
    } else {
        u.int_in_range(0..=6)?
    };
    Ok(match kind {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => serde_json::Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        4 => Value::String(u.arbitrary()?),
        5 => {
            let len = u.int_in_range(0..=4)?;
            Value::Array(
                (0..len)
                    .map(|_| arbitrary_json(u, depth - 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        _ => {
            let len = u.int_in_range(0..=4)?;
            let mut map = serde_json::Map::new();
            for _ in 0..len {
                map.insert(u.arbitrary()?, arbitrary_json(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

/// Replaces the `target`-th node of `json` (pre-order, modulo the node count) by `new`.
///
/// The robustness property tests edit the sample notification with it too.
pub fn replace_node(json: &mut Value, target: usize, new: Value) {
    fn count(json: &Value) -> usize {
        1 + match json {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(map) => map.values().map(count).sum(),
            _ => 0,
        }
    }
    fn walk(json: &mut Value, target: &mut usize, new: &mut Option<Value>) {
        if *target == 0 {
            if let Some(new) = new.take() {
                *json = new;
            }
            return;
        }
        *target -= 1;
        let children: Vec<&mut Value> = match json {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(map) => map.values_mut().collect(),
            _ => Vec::new(),
        };
        for child in children {
            walk(child, target, new);
            if new.is_none() {
                return;
            }
        }
    }
    let mut target = target % count(json);
    walk(json, &mut target, &mut Some(new));
}

/// The body an input asks for, from the bytes after its head.
///
/// The first byte is the kind: 0 the bytes as they are; 1 the sample with one node replaced
/// by the JSON the rest reads as (or by the rest as a string); 2 the sample with a key the
/// routes look at set to the rest as a string; 3 the sample with a range of bytes replaced by
/// the rest; 4 the sample with several random edits.
fn body_of(data: &[u8]) -> Vec<u8> {
    let Some((&kind, rest)) = data.split_first() else {
        return Vec::new();
    };
    let sample = || serde_json::from_str::<Value>(SAMPLE).expect("the sample is JSON");
    match kind % 5 {
        0 => rest.to_vec(),
        1 => {
            let (target, rest) = u16_at(rest);
            let new = serde_json::from_slice(rest)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(rest).into_owned()));
            let mut json = sample();
            replace_node(&mut json, target, new);
            serde_json::to_vec(&json).expect("a Value writes")
        }
        2 => {
            let Some((&which, rest)) = rest.split_first() else {
                return SAMPLE.as_bytes().to_vec();
            };
            let text = String::from_utf8_lossy(rest).into_owned();
            let mut json = sample();
            let text = match (which % 8, text.as_str()) {
                (_, "") => match which % 4 {
                    0 => ORDER_STEP.to_owned(),
                    1 => "sms".to_owned(),
                    2 => OTHER_TOPIC.to_owned(),
                    _ => "platinum".to_owned(),
                },
                _ => text,
            };
            match which % 8 {
                0 => json["data"]["step"]["id"] = text.into(),
                1 => json["data"]["channel"] = text.into(),
                2 => json["topic"] = text.into(),
                3 => json["data"]["interlocutor"]["customAttributes"]["plan"] = text.into(),
                4 => json["data"]["session"]["values"]["raw"] = text.into(),
                5 => json["data"]["type"] = text.into(),
                6 => {
                    json["topic"] = OTHER_TOPIC.into();
                    json["data"]["typed"] = text.into();
                }
                _ => json["data"]["input"]["text"] = text.into(),
            }
            serde_json::to_vec(&json).expect("a Value writes")
        }
        3 => {
            let (offset, rest) = u16_at(rest);
            let (&removed, insert) = rest.split_first().unwrap_or((&0, &[]));
            let mut body = SAMPLE.as_bytes().to_vec();
            let start = offset % (body.len() + 1);
            let end = (start + usize::from(removed)).min(body.len());
            body.splice(start..end, insert.iter().copied());
            body
        }
        _ => {
            let mut u = Unstructured::new(rest);
            let mut json = sample();
            for _ in 0..u.int_in_range(1..=4).unwrap_or(1) {
                let target: u16 = u.arbitrary().unwrap_or(0);
                let new = arbitrary_json(&mut u, 3).unwrap_or(Value::Null);
                replace_node(&mut json, target.into(), new);
            }
            serde_json::to_vec(&json).expect("a Value writes")
        }
    }
}

/// A little-endian `u16` from the first two bytes, and the bytes after them.
fn u16_at(bytes: &[u8]) -> (usize, &[u8]) {
    match bytes {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
        _ => (0, &[]),
    }
}

fn hub_signature(key: &str, date: Option<&[u8]>, body: &[u8]) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(b"date=");
    mac.update(date.unwrap_or(b"None"));
    mac.update(b"\n");
    mac.update(body);
    format!("sha1={}", hex::encode(mac.finalize().into_bytes()))
}

fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// The request an input describes, and whether it goes to the webhook's path.
fn request_of(data: &[u8]) -> (Request<Body>, bool) {
    let (head, body) = data.split_at(data.len().min(HEAD));
    let mut padded = [0u8; HEAD];
    padded[..head.len()].copy_from_slice(head);
    let head = Head::arbitrary(&mut Unstructured::new(&padded)).expect("any bytes make a head");
    let body = body_of(body);

    let method = match &head.method {
        MethodChoice::Post => Method::POST,
        MethodChoice::Get => Method::GET,
        MethodChoice::Put => Method::PUT,
        MethodChoice::Head => Method::HEAD,
        MethodChoice::Options => Method::OPTIONS,
        MethodChoice::Patch => Method::PATCH,
        MethodChoice::Delete => Method::DELETE,
        MethodChoice::Custom(bytes) => Method::from_bytes(bytes).unwrap_or(Method::POST),
    };
    let uri = match &head.path {
        PathChoice::Webhook => None,
        PathChoice::WithQuery(query) => format!("{PATH}?{query}").parse::<Uri>().ok(),
        PathChoice::Other(path) => path.parse::<Uri>().ok(),
    }
    .unwrap_or_else(|| Uri::from_static(PATH));
    let to_webhook = uri.path() == PATH;

    let now = SystemTime::now();
    let date: Option<Vec<u8>> = match &head.date {
        DateChoice::Now => Some(httpdate::fmt_http_date(now).into_bytes()),
        DateChoice::Ago(seconds) => {
            // An HTTP date cannot be before 1970: older ages are the epoch itself.
            let then = now
                .checked_sub(Duration::from_secs((*seconds).into()))
                .filter(|then| *then >= SystemTime::UNIX_EPOCH)
                .unwrap_or(SystemTime::UNIX_EPOCH);
            Some(httpdate::fmt_http_date(then).into_bytes())
        }
        DateChoice::Ahead(seconds) => {
            Some(httpdate::fmt_http_date(now + Duration::from_secs((*seconds).into())).into_bytes())
        }
        DateChoice::Missing => None,
        DateChoice::Empty => Some(Vec::new()),
        DateChoice::Raw(bytes) => Some(bytes.clone()),
        DateChoice::Trailing(bytes) => {
            let mut date = httpdate::fmt_http_date(now).into_bytes();
            date.extend_from_slice(bytes);
            Some(date)
        }
    };
    // Header values cannot hold every byte: an impossible value is left out.
    let date = date.and_then(|date| HeaderValue::from_bytes(&date).ok());
    let date_bytes = date.as_ref().map(HeaderValue::as_bytes);

    let signature: Option<Vec<u8>> = match &head.signature {
        SignatureChoice::Valid => Some(hub_signature(KEY, date_bytes, &body).into_bytes()),
        SignatureChoice::WrongKey => Some(hub_signature("other", date_bytes, &body).into_bytes()),
        SignatureChoice::OtherBody => {
            let mut other = body.clone();
            other.push(b' ');
            Some(hub_signature(KEY, date_bytes, &other).into_bytes())
        }
        SignatureChoice::Missing => None,
        SignatureChoice::Uppercase => Some(
            hub_signature(KEY, date_bytes, &body)
                .to_uppercase()
                .into_bytes(),
        ),
        SignatureChoice::WithSpaces => {
            Some(format!(" {} ", hub_signature(KEY, date_bytes, &body)).into_bytes())
        }
        SignatureChoice::Algorithm(algorithm) => {
            let valid = hub_signature(KEY, date_bytes, &body);
            let mut value = algorithm.clone();
            value.extend_from_slice(&valid.as_bytes()["sha1".len()..]);
            Some(value)
        }
        SignatureChoice::Raw(bytes) => Some(bytes.clone()),
    };
    let authorization: Option<Vec<u8>> = match &head.auth {
        AuthChoice::Valid => Some(basic(USER, PASSWORD).into_bytes()),
        AuthChoice::Missing => None,
        AuthChoice::Basic(bytes) => Some(format!("Basic {}", STANDARD.encode(bytes)).into_bytes()),
        AuthChoice::BasicRaw(bytes) => Some([b"Basic ".as_slice(), bytes].concat()),
        AuthChoice::Raw(bytes) => Some(bytes.clone()),
        AuthChoice::WrongPassword => Some(basic(USER, "wrong").into_bytes()),
        AuthChoice::LowercaseScheme => Some(
            basic(USER, PASSWORD)
                .replacen("Basic", "basic", 1)
                .into_bytes(),
        ),
    };
    let length: Option<Vec<u8>> = match &head.length {
        LengthChoice::Exact => Some(body.len().to_string().into_bytes()),
        LengthChoice::Missing => None,
        LengthChoice::Value(value) => Some(value.to_string().into_bytes()),
        LengthChoice::Raw(bytes) => Some(bytes.clone()),
    };

    let mut request = Request::new(Body::from(body));
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    let mut set = |name: HeaderName, value: Option<Vec<u8>>| {
        if let Some(value) = value.and_then(|value| HeaderValue::from_bytes(&value).ok()) {
            headers.append(name, value);
        }
    };
    set(
        header::CONTENT_TYPE,
        Some(
            head.content_type
                .unwrap_or_else(|| b"application/json".to_vec()),
        ),
    );
    set(header::CONTENT_LENGTH, length);
    set(HeaderName::from_static("x-hub-signature"), signature);
    set(header::AUTHORIZATION, authorization);
    if let Some(date) = date {
        headers.insert(header::DATE, date);
    }
    let extra = head.extra.and_then(|(name, value)| {
        Some((
            HeaderName::try_from(name).ok()?,
            HeaderValue::from_bytes(&value).ok()?,
        ))
    });
    if let Some((name, value)) = extra {
        headers.append(name, value);
    }
    (request, to_webhook)
}

/// The statuses the webhook documents (`Rejection`'s table) but `500`, which only an invalid
/// handler answer gets, and these handlers answer valid ones.
const REJECTION_STATUSES: &[StatusCode] = &[
    StatusCode::BAD_REQUEST,
    StatusCode::FORBIDDEN,
    StatusCode::NOT_FOUND,
    StatusCode::METHOD_NOT_ALLOWED,
    StatusCode::PAYLOAD_TOO_LARGE,
];

/// Sends the request an input describes to the webhook, in-process, and checks the answer:
/// `200` with a JSON body, or one of the documented rejections (never a `500`: the handlers
/// answer valid responses) with its JSON error body `{"title": "…", …}` and
/// `Content-Type: application/json`, the very rejection the webhook's hook saw.
///
/// A request to another path than the webhook's gets axum's own `404` (an empty body): the
/// router serves one path, and what answers other paths is the application's (the router is
/// meant to be merged into one).
pub fn pipeline(data: &[u8]) {
    let (request, to_webhook) = request_of(data);
    let head = request.method() == Method::HEAD;
    LAST_REJECTION.with(|last| last.borrow_mut().take());
    let (status, headers, body) = RUNTIME.with(|runtime| {
        runtime.block_on(async {
            let response = match router().oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            let (parts, body) = response.into_parts();
            let body = body.collect().await.expect("the answer reads").to_bytes();
            (parts.status, parts.headers, body)
        })
    });
    let rejection = LAST_REJECTION.with(|last| last.borrow_mut().take());
    let text = String::from_utf8_lossy(&body);
    if head {
        // An answer to `HEAD` has no body (RFC 9110, 9.3.2): hyper and axum drop it.
        assert!(
            body.is_empty() || status == StatusCode::NOT_FOUND,
            "HEAD: {text}"
        );
        assert!(
            matches!(
                status,
                StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_FOUND
            ),
            "HEAD: {status}"
        );
        return;
    }
    if !to_webhook {
        assert_eq!(status, StatusCode::NOT_FOUND, "another path: {text}");
        assert!(rejection.is_none(), "another path reached the webhook");
        return;
    }
    if status == StatusCode::OK {
        assert!(rejection.is_none(), "200 with a rejection {rejection:?}");
        serde_json::from_slice::<Value>(&body)
            .unwrap_or_else(|error| panic!("a 200 answer is not JSON ({error}): {text}"));
        return;
    }
    assert!(
        REJECTION_STATUSES.contains(&status),
        "undocumented status {status}: {text}"
    );
    let rejection = rejection.unwrap_or_else(|| panic!("{status} without a rejection: {text}"));
    assert_eq!(rejection.status(), status, "{rejection:?}");
    assert_eq!(
        headers.get(header::CONTENT_TYPE).map(HeaderValue::as_bytes),
        Some(b"application/json".as_slice()),
        "{status}: {text}"
    );
    if status == StatusCode::METHOD_NOT_ALLOWED {
        assert_eq!(
            headers.get(header::ALLOW).map(HeaderValue::as_bytes),
            Some(b"POST".as_slice())
        );
    }
    let json: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|error| panic!("a {status} body is not JSON ({error}): {text}"));
    assert!(json.is_object(), "{status}: {text}");
    assert!(
        json["title"].is_string(),
        "{status} without a title: {text}"
    );
    assert_eq!(json["title"], rejection.title(), "{status}: {text}");
    assert_eq!(body, rejection.to_json().as_bytes(), "{status}");
}

// ---------------------------------------------------------------------------------------------
// key_path
// ---------------------------------------------------------------------------------------------

/// The key-path compiler on any text: never panics; a rejected text gets an error naming it
/// with a position inside it; an accepted one has segments, writes a canonical text that
/// parses back to the same path (and writes itself again), equals the path built from its
/// segments, finds in a document built along it the value put there, and looks up any JSON
/// value without panicking, agreeing with the `JsonKeyEquals` and `JsonKeyExists` filters.
///
/// The input is the path text, then (after a first `\0`, if any) the document: JSON text, or
/// bytes that make a JSON value.
pub fn key_path(data: &[u8]) {
    let (text, rest) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let document: Value = serde_json::from_slice(rest)
        .unwrap_or_else(|_| arbitrary_json(&mut Unstructured::new(rest), 4).unwrap_or(Value::Null));

    let path = match KeyPath::parse(text) {
        Ok(path) => path,
        Err(error) => {
            let message = error.to_string();
            if text.is_empty() {
                assert_eq!(error.position(), None, "{message}");
            } else {
                assert_eq!(error.path(), text);
                let position = error.position().expect("a position");
                assert!(position <= text.chars().count(), "{message}");
                assert!(
                    message.starts_with(&format!("invalid key path `{text}`: ")),
                    "{message}"
                );
            }
            assert!(text.parse::<KeyPath>().is_err());
            assert!(JsonKeyEquals::try_new(text, 1).is_err());
            return;
        }
    };
    assert!(!path.segments().is_empty());
    let canonical = path.to_string();
    let again = KeyPath::parse(&canonical)
        .unwrap_or_else(|error| panic!("`{text}` writes `{canonical}`, which fails: {error}"));
    assert_eq!(again, path, "`{text}` writes `{canonical}`");
    assert_eq!(again.to_string(), canonical);
    assert_eq!(
        KeyPath::from_segments(path.segments().iter().cloned()).as_ref(),
        Ok(&path)
    );

    // A document built along the path holds the leaf there.
    let leaf = Value::from("leaf");
    let mut built = leaf.clone();
    for segment in path.segments().iter().rev() {
        built = match segment {
            Segment::Key(key) => Value::Object([(key.clone(), built)].into_iter().collect()),
            // Keep the index small: the array is really built.
            Segment::Index(index) if *index <= 64 => {
                let mut items = vec![Value::Null; *index + 1];
                items[*index] = built;
                Value::Array(items)
            }
            Segment::Index(_) => return,
        };
    }
    assert_eq!(path.lookup(&built), Some(&leaf), "`{text}` in {built}");

    let found = path.lookup(&document);
    let exists = JsonKeyExists::try_new(&path).expect("a parsed path");
    assert_eq!(
        clustaar_webhook::filters::Filter::matches(&exists, &document),
        found.is_some()
    );
    if let Some(found) = found {
        assert!(json_eq(found, found), "json_eq is not reflexive on {found}");
        let equals = JsonKeyEquals::try_new(&path, found.clone()).expect("a parsed path");
        assert!(clustaar_webhook::filters::Filter::matches(
            &equals, &document
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------------------------

/// Reads `bytes` as `T`; when it reads, checks its rules (never panics) and writes it back:
/// written JSON read again without the load processors gives the same model (writing loses
/// nothing), and read again with them, the same JSON (the processors are idempotent).
fn round_trip<T>(bytes: &[u8])
where
    T: Serialize + DeserializeOwned + ReadAsSent + Validate + PartialEq + std::fmt::Debug,
{
    let Ok(model) = serde_json::from_slice::<T>(bytes) else {
        let _ = serde_json::from_slice::<AsSent<T>>(bytes);
        return;
    };
    let _ = model.validate();
    let _ = from_json::<T>(bytes);
    let written = serde_json::to_vec(&model).expect("a model writes");
    let unprocessed: T = serde_json::from_slice::<AsSent<T>>(&written)
        .map(AsSent::into_inner)
        .unwrap_or_else(|error| {
            panic!(
                "written, it does not read ({error}): {}",
                String::from_utf8_lossy(&written)
            )
        });
    assert_eq!(unprocessed, model, "{}", String::from_utf8_lossy(&written));
    // Known, and the reference's behaviour: `html_sanitize` turns `&amp;` into `&`, so it is
    // not idempotent on text holding `&amp;` (`&amp;amp;` reads as `&amp;`, then as `&`). The
    // conformance documents require this; only text without `&amp;` must be a fixed point.
    if written.windows(5).any(|w| w == b"&amp;") {
        return;
    }
    let processed: T = serde_json::from_slice(&written).expect("it read unprocessed");
    let rewritten = serde_json::to_vec(&processed).expect("a model writes");
    // Also the reference's: whitespace is stripped before the sanitizer runs, and a tag the
    // end of the text cuts short (`x <e/`) is dropped, so a first read can end in a space that
    // the next read strips. What a read gives must be a fixed point from the second read on.
    let again: T = serde_json::from_slice(&rewritten).expect("it read again");
    let settled = serde_json::to_vec(&again).expect("a model writes");
    assert_eq!(
        String::from_utf8_lossy(&settled),
        String::from_utf8_lossy(&rewritten),
        "read again, it changes"
    );
}

/// The models on any bytes: the first byte picks the model, the rest is its JSON.
pub fn models(data: &[u8]) {
    let Some((&which, json)) = data.split_first() else {
        return;
    };
    match which % 16 {
        0 => round_trip::<WebhookRequest>(json),
        1 => round_trip::<StepReached>(json),
        2 => round_trip::<StepReachedResponse>(json),
        3 => round_trip::<Action>(json),
        4 => round_trip::<ButtonAction>(json),
        5 => round_trip::<Input>(json),
        6 => round_trip::<Condition>(json),
        7 => round_trip::<Target>(json),
        8 => round_trip::<Attachment>(json),
        9 => round_trip::<Event>(json),
        10 => round_trip::<ConversationSession>(json),
        11 => round_trip::<Interlocutor>(json),
        12 => round_trip::<Step>(json),
        13 => round_trip::<Card>(json),
        14 => round_trip::<SendEmailAction>(json),
        _ => round_trip::<SendTextAction>(json),
    }
}

// ---------------------------------------------------------------------------------------------
// sanitize
// ---------------------------------------------------------------------------------------------

/// The tags `html_sanitize` may leave as markup.
const SANITIZE_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "strong",
    "ul",
];

/// The URL schemes a kept `href` may have (or none at all).
const SANITIZE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The cleaner on any bytes, read as UTF-8 with invalid sequences replaced by U+FFFD (so that
/// every input is used, and an input file replays the same way): see [`check_sanitized`].
pub fn sanitize(data: &[u8]) {
    check_sanitized(&String::from_utf8_lossy(data));
}

/// Cleans `input` and panics, naming the input, the output and the rule broken, unless the
/// output is safe as a browser reads it: see [`sanitize_failure`].
pub fn check_sanitized(input: &str) {
    if let Some(failure) = sanitize_failure(input) {
        panic!("{failure}");
    }
}

/// What is wrong with `html_sanitize(input)`, or `None`. (a) The output is parsed as a browser
/// does (html5ever's tree builder, a fragment in a `body` element; character references
/// decoded), and must hold:
///
/// - (b) only elements of the allow-list (the parser's own `html` root aside) and text: no
///   other element, and no comment, doctype or processing instruction either;
/// - (c) only allowed attributes: `a` → `href`, `title`, `target`; `abbr` and `acronym` →
///   `title`; `target` only `_blank` or `_top`; none on the root (`<html x>` in a body sets
///   attributes on it);
/// - (d) `href` values, as the parser decoded them, with no scheme as the WHATWG URL parser
///   reads one, or `http`, `https` or `mailto`;
/// - (e) and the output is a fixed point: cleaned again, it is unchanged, unless it holds
///   `&amp;` (the reference turns every `&amp;` into `&`, see `round_trip`), or an `a` element
///   written inside another (see [`has_nested_anchor`]).
///
/// The message gives the input and the output(s) as Rust string literals (control characters
/// visible) and the rule's letter.
pub fn sanitize_failure(input: &str) -> Option<String> {
    let output = processors::html_sanitize(input.to_owned());
    let fail = |rule: &str| {
        Some(format!(
            "html_sanitize output breaks rule {rule}\n  input:  {input:?}\n  output: {output:?}"
        ))
    };
    if let Err(rule) = parsed_output_is_safe(&output) {
        return fail(&rule);
    }
    if !output.contains("&amp;") && !has_nested_anchor(&output) {
        let again = processors::html_sanitize(output.clone());
        if again != output {
            return fail(&format!(
                "(e) cleaned again, it changes\n  again:  {again:?}"
            ));
        }
    }
    None
}

/// Whether `html`, markup as the cleaner writes it (every `<` of its text escaped), holds an
/// `<a>` inside another.
///
/// Known, and the reference's behaviour (and a browser's): HTML5 tree building can put an `a`
/// inside an `a` (an `<a>` while an `a` is open above eight nested lists,
/// `<a><li><ol><li><ol><li><ol><li><ol><a>`: the adoption agency algorithm gives up after eight
/// rounds), and such a tree, written out, reads back with the inner `<a>` closing the outer one.
/// bleach 5.0.1 and html5ever build the same tree; cleaned again, the output changes with them
/// too.
fn has_nested_anchor(html: &str) -> bool {
    let mut depth = 0usize;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        // The tag runs to the first `>` outside a quoted attribute value.
        let mut quote = None;
        let end = rest
            .char_indices()
            .find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            })
            .map_or(rest.len(), |(at, _)| at);
        let tag = &rest[..end];
        rest = &rest[end..];
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(tag) => (true, tag),
            None => (false, tag),
        };
        let name = tag
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        if name.eq_ignore_ascii_case("a") {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                if depth > 1 {
                    return true;
                }
            }
        }
    }
    false
}

/// Rules (b) to (d) on `html` as html5ever's tree builder reads it in a `body` context: the
/// first broken, described, as `Err`.
pub fn parsed_output_is_safe(html: &str) -> Result<(), String> {
    use html5ever::tendril::TendrilSink;
    use html5ever::{LocalName, QualName, local_name, ns};
    use markup5ever_rcdom::{NodeData, RcDom};

    let body = QualName::new(None, ns!(html), local_name!("body"));
    let dom = html5ever::parse_fragment(RcDom::default(), Default::default(), body, vec![], true)
        .one(html);

    let root = {
        let children = dom.document.children.borrow();
        match &children[..] {
            [root] => root.clone(),
            _ => return Err(format!("(b) {} roots, not one html", children.len())),
        }
    };
    match &root.data {
        NodeData::Element { name, attrs, .. }
            if name.ns == ns!(html) && name.local == local_name!("html") =>
        {
            if let Some(attr) = attrs.borrow().first() {
                return Err(format!(
                    "(c) the root html element has an attribute {}={:?}",
                    attr.name.local, attr.value
                ));
            }
        }
        other => return Err(format!("(b) the root is not html but {other:?}")),
    }

    // Iteratively: a cleaned text can nest deep.
    let mut stack: Vec<_> = root.children.borrow().iter().rev().cloned().collect();
    while let Some(node) = stack.pop() {
        match &node.data {
            NodeData::Text { .. } => {}
            NodeData::Element { name, attrs, .. } => {
                let tag: &LocalName = &name.local;
                if name.ns != ns!(html) || !SANITIZE_TAGS.contains(&&**tag) {
                    return Err(format!("(b) element <{tag}> (namespace {:?})", name.ns));
                }
                for attr in attrs.borrow().iter() {
                    let (attribute, value) = (&attr.name.local, &*attr.value);
                    let allowed = attr.name.ns == ns!()
                        && matches!(
                            (&**tag, &**attribute),
                            ("a", "href" | "title" | "target") | ("abbr" | "acronym", "title")
                        );
                    if !allowed {
                        return Err(format!(
                            "(c) attribute {attribute}={value:?} on <{tag}> (namespace {:?})",
                            attr.name.ns
                        ));
                    }
                    if &**attribute == "target" && !matches!(value, "_blank" | "_top") {
                        return Err(format!("(c) <{tag} target={value:?}>"));
                    }
                    if &**attribute == "href"
                        && let Some(scheme) = url_scheme(value)
                        && !SANITIZE_SCHEMES.contains(&scheme.as_str())
                    {
                        return Err(format!(
                            "(d) <{tag} href={value:?}> (as decoded by the parser) has the \
                             scheme {scheme:?}"
                        ));
                    }
                }
            }
            other => {
                return Err(format!(
                    "(b) a node that is not an element or text: {other:?}"
                ));
            }
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
    Ok(())
}

/// The scheme of `url` as the WHATWG URL parser reads it (lowercased), if it has one: leading
/// and trailing C0 controls and spaces stripped, every tab, LF and CR removed, then an ASCII
/// letter, ASCII alphanumerics, `+`, `-` or `.`, and a `:`.
pub fn url_scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= '\u{20}')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = url.find(':')?;
    let scheme = &url[..end];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}
