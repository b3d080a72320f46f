//! Security checks of the webhook: signature, basic authentication, replay prevention, the
//! order of the checks, secrets kept out of `Debug`, and the rejection hook. Every scenario
//! runs in-process and over real HTTP.

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::Method;
use clustaar_webhook::Webhook;
use clustaar_webhook::security::SecurityConfig;
use common::bodies::*;
use common::*;

/// A webhook with no replay prevention that answers `handled` to the step-reached topic.
fn webhook() -> Webhook {
    Webhook::new()
        .allow_unsigned()
        .request_max_age(None)
        .on(STEP_REACHED, handled)
}

const VECTOR: &str = "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92342";

#[tokio::test]
async fn reference_vector_is_accepted_then_not_found() {
    assert_eq!(sign("test", None, b"{}"), VECTOR);
    let h = Harness::new(webhook().private_key("test").into_router()).await;
    h.check(vec![
        Case::new(
            "the reference's vector passes the signature, `{}` has no topic",
            Req::post("{}").header("x-hub-signature", VECTOR),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "another digest",
            Req::post("{}").header(
                "x-hub-signature",
                "sha1=fc2bdea0e6a9e0dc333dece7568b5c3337a92343",
            ),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new(
            "the vector over another body",
            Req::post("{ }").header("x-hub-signature", VECTOR),
            400,
            SIGNATURE_INVALID,
        ),
    ])
    .await;
}

#[tokio::test]
async fn every_signature_failure() {
    let h = Harness::new(webhook().private_key("key").into_router()).await;
    let good = sign("key", None, SAMPLE.as_bytes());
    let digest = good.strip_prefix("sha1=").unwrap();
    let sig = |value: String| Req::post(SAMPLE).header("x-hub-signature", value);
    h.check(vec![
        Case::new("good", sig(good.clone()), 200, "handled"),
        Case::new("missing", Req::post(SAMPLE), 400, SIGNATURE_MISSING),
        Case::new(
            "no `=`",
            sig(format!("sha1{digest}")),
            400,
            SIGNATURE_FORMAT,
        ),
        Case::new(
            "two `=`",
            sig(format!("sha1={digest}=")),
            400,
            SIGNATURE_FORMAT,
        ),
        Case::new("empty", sig(String::new()), 400, SIGNATURE_MISSING),
        Case::new("blank", sig(" \t ".into()), 400, SIGNATURE_MISSING),
        Case::new(
            "md5",
            sig(format!("md5={digest}")),
            400,
            SIGNATURE_HASH_FUNCTION,
        ),
        Case::new(
            "sha256",
            sig(format!("sha256={digest}")),
            400,
            SIGNATURE_HASH_FUNCTION,
        ),
        Case::new(
            "SHA1 is case-sensitive",
            sig(format!("SHA1={digest}")),
            400,
            SIGNATURE_HASH_FUNCTION,
        ),
        Case::new(
            "empty algorithm",
            sig(format!("={digest}")),
            400,
            SIGNATURE_HASH_FUNCTION,
        ),
        Case::new(
            "uppercase hex",
            sig(format!("sha1={}", digest.to_uppercase())),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new(
            "not hex",
            sig(format!("sha1={}", "zz".repeat(20))),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new("empty digest", sig("sha1=".into()), 400, SIGNATURE_INVALID),
        Case::new(
            "truncated digest",
            sig(good[..good.len() - 2].to_owned()),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new(
            "another key",
            sig(sign("other", None, SAMPLE.as_bytes())),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new(
            "signed with a Date the request does not carry",
            sig(sign("key", Some(&now_date()), SAMPLE.as_bytes())),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new(
            "the same JSON, other bytes: the raw body is signed",
            Req::post(format!(" {SAMPLE}")).header("x-hub-signature", good.clone()),
            400,
            SIGNATURE_INVALID,
        ),
    ])
    .await;
}

#[tokio::test]
async fn signature_covers_the_date() {
    let h = Harness::new(
        Webhook::new()
            .private_key("key")
            .on(STEP_REACHED, handled)
            .into_router(),
    )
    .await;
    let date = now_date();
    h.expect(Req::post(SAMPLE).date(&date).signed("key"), 200, "handled")
        .await;
    // Signed over one date, sent with another.
    let signature = sign("key", Some(&date_in(-1)), SAMPLE.as_bytes());
    h.expect(
        Req::post(SAMPLE)
            .date(&date)
            .header("x-hub-signature", signature),
        400,
        SIGNATURE_INVALID,
    )
    .await;
}

#[tokio::test]
async fn several_keys_are_accepted_while_rotating() {
    let router = webhook()
        .private_key("old key")
        .private_key("new key")
        .into_router();
    let h = Harness::new(router).await;
    h.check(vec![
        Case::new(
            "old key",
            Req::post(SAMPLE).signed("old key"),
            200,
            "handled",
        ),
        Case::new(
            "new key",
            Req::post(SAMPLE).signed("new key"),
            200,
            "handled",
        ),
        Case::new(
            "unknown key",
            Req::post(SAMPLE).signed("other key"),
            400,
            SIGNATURE_INVALID,
        ),
    ])
    .await;
    // The same through `SecurityConfig::private_keys`.
    let security = SecurityConfig::new()
        .private_keys(["a", "b"])
        .without_replay_prevention();
    let h = Harness::new(
        Webhook::new()
            .security(security)
            .on(STEP_REACHED, handled)
            .into_router(),
    )
    .await;
    h.expect(Req::post(SAMPLE).signed("a"), 200, "handled")
        .await;
    h.expect(Req::post(SAMPLE).signed("b"), 200, "handled")
        .await;
    h.expect(Req::post(SAMPLE).signed("c"), 400, SIGNATURE_INVALID)
        .await;
}

#[tokio::test]
async fn basic_authentication() {
    let h = Harness::new(webhook().basic_auth("bot", "s3cret").into_router()).await;
    let token = b64(b"bot:s3cret");
    let auth = |value: &str| Req::post(SAMPLE).header("authorization", value);
    h.check(vec![
        Case::new(
            "good",
            Req::post(SAMPLE).auth("bot", "s3cret"),
            200,
            "handled",
        ),
        Case::new(
            "wrong password",
            Req::post(SAMPLE).auth("bot", "wrong"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "wrong user",
            Req::post(SAMPLE).auth("bob", "s3cret"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "password prefix",
            Req::post(SAMPLE).auth("bot", "s3cre"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new("missing", Req::post(SAMPLE), 403, INVALID_CREDENTIALS),
        Case::new(
            "lowercase scheme",
            auth(&format!("basic {token}")),
            200,
            "handled",
        ),
        Case::new(
            "uppercase scheme",
            auth(&format!("BASIC {token}")),
            200,
            "handled",
        ),
        Case::new(
            "several spaces",
            auth(&format!("Basic    {token}")),
            200,
            "handled",
        ),
        Case::new(
            "another scheme",
            auth(&format!("Bearer {token}")),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new("scheme alone", auth("Basic"), 403, INVALID_CREDENTIALS),
        Case::new("empty", auth(""), 403, INVALID_CREDENTIALS),
        Case::new(
            "token without scheme",
            auth(&token),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "malformed base64",
            auth("Basic !!!not base64!!!"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "truncated base64",
            auth(&format!("Basic {}", &token[..token.len() - 1])),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "no colon",
            auth(&format!("Basic {}", b64(b"bots3cret"))),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "non-UTF-8 credentials",
            auth(&format!("Basic {}", b64(b"bot:s3cr\xffet"))),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "non-UTF-8 header value",
            Req::post(SAMPLE).header("authorization", b"Basic \xff\xfe"),
            403,
            INVALID_CREDENTIALS,
        ),
    ])
    .await;
}

#[tokio::test]
async fn password_with_a_colon_is_split_at_the_first_colon() {
    let h = Harness::new(webhook().basic_auth("bot", "pa:ss:word").into_router()).await;
    h.check(vec![
        Case::new(
            "good",
            Req::post(SAMPLE).auth("bot", "pa:ss:word"),
            200,
            "handled",
        ),
        Case::new(
            "last part missing",
            Req::post(SAMPLE).auth("bot", "pa:ss"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "user with the colon",
            Req::post(SAMPLE).auth("bot:", "pa:ss:word"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "first part only",
            Req::post(SAMPLE).auth("bot", "pa"),
            403,
            INVALID_CREDENTIALS,
        ),
    ])
    .await;
}

/// Waits, if needed, until the wall clock is early in a second, so that a request sent now is
/// checked within the same second.
async fn early_in_a_second() {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    if nanos > 600_000_000 {
        tokio::time::sleep(Duration::from_nanos(
            u64::from(1_000_000_000 - nanos) + 20_000_000,
        ))
        .await;
    }
}

#[tokio::test]
async fn replay_prevention() {
    let h = Harness::new(
        Webhook::new()
            .allow_unsigned()
            .request_max_age(Some(Duration::from_secs(10)))
            .on(STEP_REACHED, handled)
            .into_router(),
    )
    .await;
    h.check(vec![
        Case::new("now", Req::post(SAMPLE).date(&now_date()), 200, "handled"),
        Case::new(
            "11 s old",
            Req::post(SAMPLE).date(&date_in(-11)),
            400,
            TOO_OLD,
        ),
        Case::new(
            "a day old",
            Req::post(SAMPLE).date(&date_in(-86_400)),
            400,
            TOO_OLD,
        ),
        Case::new(
            "the reference's date",
            Req::post(SAMPLE).date("Thu, 13 Sep 2018 11:48:13 GMT"),
            400,
            TOO_OLD,
        ),
        Case::new("missing", Req::post(SAMPLE), 400, DATE_MISSING),
        Case::new("empty", Req::post(SAMPLE).date(""), 400, DATE_INVALID),
        Case::new(
            "garbage",
            Req::post(SAMPLE).date("yesterday"),
            400,
            DATE_INVALID,
        ),
        Case::new(
            "unix time",
            Req::post(SAMPLE).date("1764339000"),
            400,
            DATE_INVALID,
        ),
        Case::new(
            "not UTF-8",
            Req::post(SAMPLE).header("date", b"Thu, 13 Sep 2018 \xff"),
            400,
            DATE_INVALID,
        ),
        Case::new(
            "9 s ahead (within the skew)",
            Req::post(SAMPLE).date(&date_in(9)),
            200,
            "handled",
        ),
        Case::new(
            "12 s ahead",
            Req::post(SAMPLE).date(&date_in(12)),
            400,
            DATE_IN_FUTURE,
        ),
        Case::new(
            "a year ahead",
            Req::post(SAMPLE).date(&date_in(365 * 86_400)),
            400,
            DATE_IN_FUTURE,
        ),
    ])
    .await;

    // Exactly max-age old is still accepted (the test is "older than").
    for _ in 0..3 {
        early_in_a_second().await;
        let req = Req::post(SAMPLE).date(&date_in(-10));
        let local = h.in_process(&req).await;
        let remote = h.over_http(&req).await;
        local.assert(200, "handled");
        remote.assert(200, "handled");
    }
}

#[tokio::test]
async fn replay_prevention_settings() {
    // A custom max age and skew.
    let h = Harness::new(
        Webhook::new()
            .allow_unsigned()
            .request_max_age(Some(Duration::from_secs(60)))
            .max_future_skew(Duration::from_secs(2))
            .on(STEP_REACHED, handled)
            .into_router(),
    )
    .await;
    h.check(vec![
        Case::new(
            "50 s old",
            Req::post(SAMPLE).date(&date_in(-50)),
            200,
            "handled",
        ),
        Case::new(
            "62 s old",
            Req::post(SAMPLE).date(&date_in(-62)),
            400,
            TOO_OLD,
        ),
        Case::new(
            "1 s ahead",
            Req::post(SAMPLE).date(&date_in(1)),
            200,
            "handled",
        ),
        Case::new(
            "4 s ahead",
            Req::post(SAMPLE).date(&date_in(4)),
            400,
            DATE_IN_FUTURE,
        ),
    ])
    .await;

    // Off: no Date needed, any Date accepted.
    let h = Harness::new(webhook().into_router()).await;
    h.check(vec![
        Case::new("no date", Req::post(SAMPLE), 200, "handled"),
        Case::new(
            "old",
            Req::post(SAMPLE).date("Thu, 13 Sep 2018 11:48:13 GMT"),
            200,
            "handled",
        ),
        Case::new("garbage", Req::post(SAMPLE).date("garbage"), 200, "handled"),
        Case::new(
            "future",
            Req::post(SAMPLE).date(&date_in(86_400)),
            200,
            "handled",
        ),
    ])
    .await;

    // On by default, with 10 s.
    let h = Harness::new(
        Webhook::new()
            .allow_unsigned()
            .on(STEP_REACHED, handled)
            .into_router(),
    )
    .await;
    h.check(vec![
        Case::new("default: no date", Req::post(SAMPLE), 400, DATE_MISSING),
        Case::new(
            "default: 11 s old",
            Req::post(SAMPLE).date(&date_in(-11)),
            400,
            TOO_OLD,
        ),
        Case::new(
            "default: 5 s old",
            Req::post(SAMPLE).date(&date_in(-5)),
            200,
            "handled",
        ),
    ])
    .await;
}

#[tokio::test]
async fn order_of_checks() {
    let h = Harness::new(
        Webhook::new()
            .private_key("key")
            .basic_auth("bot", "s3cret")
            .on(STEP_REACHED, handled)
            .into_router(),
    )
    .await;
    let unknown_topic = r#"{"topic": "unknown.topic"}"#;
    let now = now_date();
    let old = date_in(-60);
    h.check(vec![
        Case::new(
            "too old, unsigned, no auth, no route: replay wins",
            Req::post(unknown_topic).date(&old),
            400,
            TOO_OLD,
        ),
        Case::new(
            "too old but well signed and authenticated: replay wins",
            Req::post(SAMPLE)
                .date(&old)
                .signed("key")
                .auth("bot", "s3cret"),
            400,
            TOO_OLD,
        ),
        Case::new(
            "no date, no signature: the date is checked first",
            Req::post(SAMPLE),
            400,
            DATE_MISSING,
        ),
        Case::new(
            "fresh, badly signed, bad auth: signature wins",
            Req::post(SAMPLE)
                .date(&now)
                .signed("other")
                .auth("bot", "wrong"),
            400,
            SIGNATURE_INVALID,
        ),
        Case::new(
            "fresh, unsigned, no auth: signature wins",
            Req::post(SAMPLE).date(&now),
            400,
            SIGNATURE_MISSING,
        ),
        Case::new(
            "fresh, unsigned body that is not JSON: the body is not parsed before the signature",
            Req::post("not json").date(&now),
            400,
            SIGNATURE_MISSING,
        ),
        Case::new(
            "signed, bad auth, unknown topic: auth wins",
            Req::post(unknown_topic)
                .date(&now)
                .signed("key")
                .auth("bot", "wrong"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "signed, no auth, body not JSON: auth wins over parsing",
            Req::post("not json").date(&now).signed("key"),
            403,
            INVALID_CREDENTIALS,
        ),
        Case::new(
            "all good, unknown topic: routing answers",
            Req::post(unknown_topic)
                .date(&now)
                .signed("key")
                .auth("bot", "s3cret"),
            404,
            NOT_FOUND,
        ),
        Case::new(
            "all good",
            Req::post(SAMPLE)
                .date(&now)
                .signed("key")
                .auth("bot", "s3cret"),
            200,
            "handled",
        ),
    ])
    .await;
}

#[test]
fn debug_does_not_show_secrets() {
    let webhook = webhook()
        .private_key("the-private-key-1234")
        .private_key("another-key-5678")
        .basic_auth("bot-user", "the-password-9876");
    let security = SecurityConfig::new()
        .private_key("the-private-key-1234")
        .basic_auth("bot-user", "the-password-9876");
    for text in [
        format!("{webhook:?}"),
        format!("{webhook:#?}"),
        format!("{security:?}"),
        format!("{security:#?}"),
    ] {
        for secret in [
            "the-private-key-1234",
            "another-key-5678",
            "the-password-9876",
        ] {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
        // Neither as bytes.
        assert!(!text.contains("116, 104, 101"), "{text}");
        // What is not secret is shown: an empty text would hide the secrets too.
        assert!(
            text.contains("bot-user") || text.contains("Credentials"),
            "{text}"
        );
    }
    assert!(format!("{webhook:?}").starts_with("Webhook {"));
}

#[tokio::test]
async fn on_rejection_sees_every_rejection() {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let router = Webhook::new()
        .private_key("key")
        .on(STEP_REACHED, handled)
        .on_rejection({
            let count = Arc::clone(&count);
            let seen = Arc::clone(&seen);
            move |rejection| {
                count.fetch_add(1, Ordering::SeqCst);
                seen.lock().unwrap().push(rejection.status().as_u16());
            }
        })
        .into_router();
    let h = Harness::new(router).await;
    let now = now_date();
    let bad = [
        (Req::post(SAMPLE), 400),
        (Req::post(SAMPLE).date(&now), 400),
        (Req::post(SAMPLE).date(&now).signed("other"), 400),
        (Req::post(r#"{"topic": "x"}"#).date(&now).signed("key"), 404),
        (Req::post("[1]").date(&now).signed("key"), 400),
        (Req::post(vec![b'a'; 3 << 20]).date(&now), 413),
        (Req::method(Method::GET), 405),
    ];
    for (req, status) in &bad {
        // Twice each: in-process and over HTTP.
        assert_eq!(h.send(req).await.status.as_u16(), *status);
    }
    let expected: Vec<u16> = bad.iter().flat_map(|(_, s)| [*s, *s]).collect();
    assert_eq!(*seen.lock().unwrap(), expected);
    assert_eq!(count.load(Ordering::SeqCst), bad.len() * 2);

    // A good request is no rejection.
    h.expect(Req::post(SAMPLE).date(&now).signed("key"), 200, "handled")
        .await;
    assert_eq!(count.load(Ordering::SeqCst), bad.len() * 2);
}
