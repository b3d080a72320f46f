//! Bad input: bodies that are not JSON, not UTF-8 or not an object, notifications the models
//! cannot read, the body limit, other methods, any `Content-Type`, and a server that keeps
//! serving after all of these. Every scenario runs in-process and over real HTTP.

use crate::common;

use std::time::Duration;

use axum::http::Method;
use clustaar_webhook::routing::Route;
use clustaar_webhook::schemas::{StepReached, WebhookRequest};
use clustaar_webhook::{DEFAULT_BODY_LIMIT, Webhook};
use common::bodies::*;
use common::*;
use serde_json::{Value, json};

fn webhook() -> Webhook {
    Webhook::new().allow_unsigned().request_max_age(None)
}

/// A typed handler: answers with the step id.
async fn typed(n: StepReached) -> String {
    format!("typed {}", n.step.id)
}

/// A typed handler of the whole request: answers with the bot id.
async fn whole(n: WebhookRequest) -> String {
    format!("whole {}", n.bot_id)
}

/// A raw JSON handler: answers with the step id it finds.
async fn raw(n: Value) -> String {
    format!("raw {}", n["data"]["step"]["id"])
}

#[tokio::test]
async fn bodies_that_are_not_a_json_object() {
    let h = Harness::new(webhook().on(STEP_REACHED, raw).into_router()).await;
    h.check(vec![
        Case::new(
            "words",
            Req::post("not json"),
            400,
            not_json("expected ident at line 1 column 2"),
        ),
        Case::new(
            "empty",
            Req::post(""),
            400,
            not_json("EOF while parsing a value at line 1 column 0"),
        ),
        Case::new(
            "truncated",
            Req::post(&SAMPLE[..40]),
            400,
            not_json("EOF while parsing a string at line 1 column 40"),
        ),
        Case::new(
            "trailing data",
            Req::post(format!("{SAMPLE} x")),
            400,
            not_json(&format!(
                "trailing characters at line 1 column {}",
                SAMPLE.len() + 2
            )),
        ),
        Case::new(
            "two documents",
            Req::post("{}{}"),
            400,
            not_json("trailing characters at line 1 column 3"),
        ),
        Case::new(
            "single quotes",
            Req::post("{'topic': 'x'}"),
            400,
            not_json("key must be a string at line 1 column 2"),
        ),
        Case::new(
            "form data",
            Req::post("topic=conversation.step_reached"),
            400,
            not_json("expected ident at line 1 column 2"),
        ),
        Case::new(
            "not UTF-8 in a string",
            Req::post(&b"{\"topic\": \"\xff\"}"[..]),
            400,
            NOT_UTF8,
        ),
        Case::new(
            "not UTF-8 outside strings",
            Req::post(&b"\xff\xfe{}"[..]),
            400,
            NOT_UTF8,
        ),
        Case::new(
            "UTF-16",
            Req::post(&b"{\0}\0"[..]),
            400,
            not_json("key must be a string at line 1 column 2"),
        ),
        Case::new(
            "Latin-1 notification",
            Req::post(&b"{\"topic\": \"conversation.step_reached\", \"x\": \"caf\xe9\"}"[..]),
            400,
            NOT_UTF8,
        ),
        Case::new("a list", Req::post("[]"), 400, NOT_OBJECT),
        Case::new(
            "a list of notifications",
            Req::post(format!("[{SAMPLE}]")),
            400,
            NOT_OBJECT,
        ),
        Case::new("a number", Req::post("1"), 400, NOT_OBJECT),
        Case::new(
            "a string",
            Req::post(r#""conversation.step_reached""#),
            400,
            NOT_OBJECT,
        ),
        Case::new("null", Req::post("null"), 400, NOT_OBJECT),
        Case::new("true", Req::post("true"), 400, NOT_OBJECT),
        Case::new(
            "the sample still works",
            Req::post(SAMPLE),
            200,
            format!("raw \"{SAMPLE_STEP_ID}\""),
        ),
        Case::new(
            "whitespace around is fine",
            Req::post(format!("\n {SAMPLE} \n")),
            200,
            format!("raw \"{SAMPLE_STEP_ID}\""),
        ),
    ])
    .await;
}

/// The sample's fields, in order, as a JSON list: serde reads a struct from such a list, but
/// it is no notification.
fn sample_as_a_list() -> String {
    let sample: Value = serde_json::from_str(SAMPLE).unwrap();
    let fields = ["topic", "botID", "timestamp", "type", "data"];
    Value::Array(fields.iter().map(|f| sample[f].clone()).collect()).to_string()
}

#[tokio::test]
async fn a_list_is_not_read_as_a_notification() {
    for router in [
        webhook().on(STEP_REACHED, typed).into_router(),
        webhook().on(STEP_REACHED, whole).into_router(),
        webhook().on(STEP_REACHED, raw).into_router(),
    ] {
        let h = Harness::new(router).await;
        h.expect(Req::post(sample_as_a_list()), 400, NOT_OBJECT)
            .await;
    }
}

#[tokio::test]
async fn notifications_the_models_cannot_read() {
    let router = webhook()
        .route(Route::new(STEP_REACHED, typed).filter(|n: &Value| n["data"]["channel"] == "typed"))
        .route(Route::new(STEP_REACHED, whole).filter(|n: &Value| n["data"]["channel"] == "whole"))
        .on(STEP_REACHED, raw)
        .into_router();
    let h = Harness::new(router).await;
    let edited = |channel: &str, edit: fn(&mut Value)| {
        let channel = channel.to_owned();
        Req::post(sample_edited(move |n| {
            edit(n);
            if n["data"].is_object() {
                n["data"]["channel"] = channel.into();
            } else {
                n["channel"] = channel.into();
            }
        }))
    };
    let numeric_id = |n: &mut Value| n["data"]["step"]["id"] = json!(1);
    let no_data = |n: &mut Value| {
        n.as_object_mut().unwrap().remove("data");
    };
    let bad_action = |n: &mut Value| n["data"]["step"]["actions"][1]["duration"] = json!("long");
    let no_type = |n: &mut Value| {
        n["data"]["step"]["actions"][0]
            .as_object_mut()
            .unwrap()
            .remove("type");
    };
    let string_timestamp = |n: &mut Value| n["timestamp"] = json!("yesterday");
    h.check(vec![
        Case::new(
            "numeric step id, typed",
            edited("typed", numeric_id),
            400,
            unreadable(
                "data.step.id",
                "invalid type: integer `1`, expected a string",
            ),
        ),
        Case::new(
            "numeric step id, whole request",
            edited("whole", numeric_id),
            400,
            unreadable(
                "data.step.id",
                "invalid type: integer `1`, expected a string",
            ),
        ),
        Case::new(
            "numeric step id, raw JSON",
            edited("raw", numeric_id),
            200,
            "raw 1",
        ),
        Case::new(
            "wrong action field, typed",
            edited("typed", bad_action),
            400,
            unreadable(
                "data.step.actions.1.duration",
                "invalid type: string \"long\", expected a number",
            ),
        ),
        Case::new(
            "wrong action field, raw JSON",
            edited("raw", bad_action),
            200,
            format!("raw \"{SAMPLE_STEP_ID}\""),
        ),
        Case::new(
            "action without a type, typed",
            edited("typed", no_type),
            400,
            unreadable("data.step.actions.0", "missing field `type`"),
        ),
        Case::new(
            "string timestamp, whole request",
            edited("whole", string_timestamp),
            400,
            unreadable(
                "timestamp",
                "invalid type: string \"yesterday\", expected a number",
            ),
        ),
        Case::new(
            "deep inside nested polymorphic objects, typed",
            edited("typed", |n| {
                n["data"]["step"]["actions"][2]["buttons"][0]["action"]["target"]["id"] =
                    json!(false)
            }),
            400,
            unreadable(
                "data.step.actions.2.buttons.0.action.target.id",
                "invalid type: boolean `false`, expected a string",
            ),
        ),
        Case::new(
            "an input of a known type with a wrong field, typed",
            edited("typed", |n| n["data"]["input"]["text"] = json!(["x"])),
            400,
            unreadable(
                "data.input.text",
                "invalid type: sequence, expected a string",
            ),
        ),
        Case::new("no data, raw JSON", edited("raw", no_data), 200, "raw null"),
        Case::new(
            "no data but a topic, typed",
            Req::post(format!(
                r#"{{"topic": "{STEP_REACHED}", "botID": "b", "timestamp": 1}}"#
            )),
            200,
            "raw null",
        ),
    ])
    .await;

    // Without filters: typed handlers get the `400`, raw ones the JSON.
    for (router, status, body) in [
        (
            webhook().on(STEP_REACHED, typed).into_router(),
            400,
            unreadable("", "missing field `data`"),
        ),
        (
            webhook().on(STEP_REACHED, whole).into_router(),
            400,
            unreadable("", "missing field `data`"),
        ),
        (
            webhook().on(STEP_REACHED, raw).into_router(),
            200,
            "raw null".to_owned(),
        ),
    ] {
        let h = Harness::new(router).await;
        h.expect(
            Req::post(format!(
                r#"{{"topic": "{STEP_REACHED}", "botID": "b", "timestamp": 1}}"#
            )),
            status,
            &body,
        )
        .await;
        h.expect(Req::post(sample_edited(no_data)), status, &body)
            .await;
    }
}

#[tokio::test]
async fn an_event_of_another_type_for_a_step_reached_handler() {
    let h = Harness::new(webhook().on(STEP_REACHED, typed).into_router()).await;
    let other_event = sample_edited(|n| n["data"] = json!({"type": "conversation_ended_event"}));
    h.expect(
        Req::post(other_event),
        400,
        r#"{"title": "400 Bad Request", "description": "The notification's event is not a step_reached_event."}"#,
    )
    .await;
    let h = Harness::new(webhook().on(STEP_REACHED, whole).into_router()).await;
    let other_event = sample_edited(|n| n["data"] = json!({"type": "conversation_ended_event"}));
    h.expect(
        Req::post(other_event),
        200,
        "whole 5a8f1c2e9b1d4c0012345678",
    )
    .await;
}

/// The sample with a session value of `size` bytes, so the body is a little over `size`.
fn big_notification(size: usize) -> String {
    sample_edited(|n| n["data"]["session"]["values"]["big"] = "x".repeat(size).into())
}

#[tokio::test]
async fn body_limit() {
    assert_eq!(DEFAULT_BODY_LIMIT, 2 * 1024 * 1024);
    // Signature and authentication on, and no credentials sent: the limit is decided first.
    let h = Harness::new(
        webhook()
            .private_key("key")
            .basic_auth("bot", "s3cret")
            .on(STEP_REACHED, typed)
            .into_router(),
    )
    .await;
    let one_mb = big_notification(1_000_000);
    let three_mib = big_notification(3 << 20);
    h.check(vec![
        Case::new(
            "1 MB passes",
            Req::post(one_mb.clone())
                .signed("key")
                .auth("bot", "s3cret"),
            200,
            format!("typed {SAMPLE_STEP_ID}"),
        ),
        Case::new(
            "3 MiB, signed",
            Req::post(three_mib.clone()).signed("key"),
            413,
            TOO_LARGE,
        ),
        Case::new(
            "3 MiB, unsigned",
            Req::post(three_mib.clone()),
            413,
            TOO_LARGE,
        ),
        Case::new(
            "3 MiB of garbage",
            Req::post(vec![0xff; 3 << 20]),
            413,
            TOO_LARGE,
        ),
        Case::new(
            "exactly the limit: not too large (then unsigned)",
            Req::post(vec![b' '; DEFAULT_BODY_LIMIT]),
            400,
            SIGNATURE_MISSING,
        ),
        Case::new(
            "one byte over the limit",
            Req::post(vec![b' '; DEFAULT_BODY_LIMIT + 1]),
            413,
            TOO_LARGE,
        ),
    ])
    .await;

    // A declared length over the limit is refused before any byte of the body is read.
    let answer = h
        .raw(
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
                3 << 20
            )
            .as_bytes(),
        )
        .await;
    let (status, head, body) = parse_raw(&answer);
    assert_eq!((status, body.as_str()), (413, TOO_LARGE), "{head}");
    // A chunked body with no declared length is cut at the limit.
    let mut chunked =
        b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..3 {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(&chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let (status, head, body) = parse_raw(&h.raw(&chunked).await);
    assert_eq!((status, body.as_str()), (413, TOO_LARGE), "{head}");
}

#[tokio::test]
async fn configured_body_limit() {
    let h = Harness::new(
        webhook()
            .body_limit(2048)
            .on(STEP_REACHED, raw)
            .into_router(),
    )
    .await;
    let small = format!(r#"{{"topic": "{STEP_REACHED}", "data": {{"step": {{"id": "s"}}}}}}"#);
    let padded = |size: usize| {
        let mut body = small.clone().into_bytes();
        body.resize(size, b' ');
        body
    };
    h.check(vec![
        Case::new("small", Req::post(small.clone()), 200, "raw \"s\""),
        Case::new("2048 bytes", Req::post(padded(2048)), 200, "raw \"s\""),
        Case::new("2049 bytes", Req::post(padded(2049)), 413, TOO_LARGE),
        Case::new(
            "the sample is over 1 KiB",
            Req::post(big_notification(4096)),
            413,
            TOO_LARGE,
        ),
    ])
    .await;
    // A larger limit than the default works too.
    let h = Harness::new(
        webhook()
            .body_limit(4 << 20)
            .on(STEP_REACHED, typed)
            .into_router(),
    )
    .await;
    h.expect(
        Req::post(big_notification(3 << 20)),
        200,
        &format!("typed {SAMPLE_STEP_ID}"),
    )
    .await;
}

#[tokio::test]
async fn other_methods_get_405_with_allow() {
    let h = Harness::new(webhook().on(STEP_REACHED, raw).into_router()).await;
    for method in [
        Method::GET,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
    ] {
        let response = h
            .expect(Req::method(method.clone()), 405, METHOD_NOT_ALLOWED)
            .await;
        assert_eq!(response.content_type(), "application/json", "{method}");
        let allow: Vec<_> = response.headers.get_all("allow").iter().collect();
        assert_eq!(allow, ["POST"], "{method}");
    }
    // With a body too: it is not read.
    h.expect(
        Req::post(SAMPLE).method_is(Method::PUT),
        405,
        METHOD_NOT_ALLOWED,
    )
    .await;
    // HEAD: the status and `Allow`, no body on the wire.
    let head = h.over_http(&Req::method(Method::HEAD)).await;
    assert_eq!(head.status, 405);
    assert_eq!(head.headers["allow"], "POST");
    // On a mounted path as well.
    let h = Harness::new(webhook().path("/hook").on(STEP_REACHED, raw).into_router()).await;
    h.expect(
        Req::method(Method::GET).path("/hook"),
        405,
        METHOD_NOT_ALLOWED,
    )
    .await;
}

#[tokio::test]
async fn any_content_type_is_accepted() {
    let h = Harness::new(webhook().on(STEP_REACHED, typed).into_router()).await;
    let expected = format!("typed {SAMPLE_STEP_ID}");
    let mut cases = vec![Case::new("none", Req::post(SAMPLE), 200, expected.clone())];
    for content_type in [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/octet-stream",
        "garbage",
    ] {
        cases.push(Case::new(
            "a content type",
            Req::post(SAMPLE).header("content-type", content_type),
            200,
            expected.clone(),
        ));
    }
    h.check(cases).await;
}

#[tokio::test]
async fn errors_are_json() {
    let h = Harness::new(
        webhook()
            .private_key("k")
            .on(STEP_REACHED, typed)
            .into_router(),
    )
    .await;
    for req in [
        Req::post(SAMPLE),
        Req::post("x").signed("k"),
        Req::post("[]").signed("k"),
        Req::post("{}").signed("k"),
        Req::post(vec![b' '; 3 << 20]),
        Req::method(Method::GET),
    ] {
        let response = h.send(&req).await;
        assert!(response.status.is_client_error());
        assert_eq!(response.content_type(), "application/json");
        let json = response.json();
        assert!(json["title"].is_string(), "{json}");
    }
}

#[tokio::test]
async fn a_burst_of_bad_requests_disturbs_nothing() {
    let h = Harness::new(
        Webhook::new()
            .private_key("key")
            .on(STEP_REACHED, typed)
            .into_router(),
    )
    .await;
    let bad = vec![
        Req::post("not json"),
        Req::post(vec![0xff; 100]),
        Req::post(vec![b'x'; 3 << 20]),
        Req::post(SAMPLE),
        Req::post(SAMPLE).date("garbage"),
        Req::post(SAMPLE).date(&date_in(-3600)).signed("key"),
        Req::post(SAMPLE).date(&now_date()).signed("other"),
        Req::post(sample_edited(|n| n["data"]["step"]["id"] = json!(1)))
            .date(&now_date())
            .signed("key"),
        Req::method(Method::DELETE),
    ];
    // Concurrently, over HTTP, several times each.
    let mut tasks = tokio::task::JoinSet::new();
    for round in 0..5 {
        for req in bad.clone() {
            let url = h.url("/");
            tasks.spawn(async move {
                let client = reqwest::Client::builder()
                    .timeout(TIMEOUT)
                    .no_proxy()
                    .build()
                    .unwrap();
                let mut request = client
                    .request(req.method.clone(), url)
                    .body(req.body.clone());
                for (name, value) in &req.headers {
                    request = request.header(name, value);
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                assert!((400..500).contains(&status), "round {round}: {status}");
            });
        }
    }
    // Malformed HTTP on raw connections.
    for garbage in [
        &b"GARBAGE\r\n\r\n"[..],
        b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
        b"\x00\x01\x02",
    ] {
        let _ = tokio::time::timeout(Duration::from_secs(2), h.raw(garbage)).await;
    }
    tokio::time::timeout(TIMEOUT, async {
        while let Some(result) = tasks.join_next().await {
            result.unwrap();
        }
    })
    .await
    .expect("the burst timed out");

    // The same server still answers a good request.
    h.expect(
        Req::post(SAMPLE).date(&now_date()).signed("key"),
        200,
        &format!("typed {SAMPLE_STEP_ID}"),
    )
    .await;
}
