//! Bad input always gets a JSON answer with a 4xx status (or a 200 when it is a notification
//! after all), never a panic, never a 500: random bodies, random edits of a real notification,
//! random security headers.

use axum::http::StatusCode;
use clustaar_webhook::filters::JsonKeyExists;
use clustaar_webhook::routing::Route;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse, WebhookRequest};
use clustaar_webhook::testing::{TestClient, TestResponse};
use clustaar_webhook::{Webhook, events};
use proptest::prelude::*;
use serde_json::Value;

use crate::fuzz_regressions::checks::replace_node;

const SAMPLE: &str = include_str!("conformance/sample-notification.json");

async fn typed(n: StepReached) -> StepReachedResponse {
    StepReachedResponse::new().session(n.session)
}

async fn whole(n: WebhookRequest) -> StepReachedResponse {
    StepReachedResponse::new().session(
        n.step_reached()
            .map(|s| s.session.clone())
            .unwrap_or_default(),
    )
}

async fn raw(n: Value) -> String {
    n.to_string()
}

/// A webhook with every check on and the three kinds of notification argument.
fn client() -> TestClient {
    let webhook = Webhook::new()
        .private_key("robustness")
        .basic_auth("bot", "pass:word")
        .route(Route::new(events::CONVERSATION_STEP_REACHED, raw).filter(JsonKeyExists::new("raw")))
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, whole)
                .filter(JsonKeyExists::new("whole")),
        )
        .on(events::CONVERSATION_STEP_REACHED, typed);
    TestClient::new(webhook)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Any answer but a success is a 4xx with a JSON `{"title": …}` body.
fn assert_well_formed(answer: &TestResponse, allowed: &[StatusCode]) -> Result<(), TestCaseError> {
    let status = answer.status();
    prop_assert!(
        allowed.contains(&status),
        "status {status}: {}",
        answer.text()
    );
    if status != StatusCode::OK {
        let body: Value = serde_json::from_slice(answer.body()).map_err(|error| {
            TestCaseError::fail(format!("not JSON ({error}): {}", answer.text()))
        })?;
        prop_assert!(body["title"].is_string(), "no title: {body}");
        prop_assert_eq!(answer.header("content-type"), Some("application/json"));
    }
    Ok(())
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_signed_body_gets_a_json_answer(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let answer = runtime().block_on(client().post(body));
        assert_well_formed(&answer, &[StatusCode::OK, StatusCode::BAD_REQUEST, StatusCode::NOT_FOUND])?;
    }

    #[test]
    fn any_edit_of_a_notification_gets_a_json_answer(
        target in any::<usize>(),
        new in any_json(),
        argument in prop_oneof![Just("typed"), Just("whole"), Just("raw")],
    ) {
        let mut json: Value = serde_json::from_str(SAMPLE).unwrap();
        if argument != "typed" {
            json[argument] = Value::Bool(true);
        }
        replace_node(&mut json, target, new);
        let answer = runtime().block_on(client().send(&json));
        assert_well_formed(&answer, &[StatusCode::OK, StatusCode::BAD_REQUEST, StatusCode::NOT_FOUND])?;
        if argument == "raw" && answer.status() == StatusCode::OK {
            // A raw-JSON handler gets the notification as sent.
            let echoed: Value = serde_json::from_slice(answer.body()).unwrap();
            prop_assert_eq!(echoed, json);
        }
    }

    #[test]
    fn any_security_header_gets_a_json_answer(
        date in "[ -~]{0,40}",
        signature in "[ -~]{0,60}",
        authorization in "[ -~]{0,60}",
        which in 0..3usize,
    ) {
        let client = client();
        let request = client.request().body(SAMPLE);
        let request = match which {
            0 => request.date(date),
            1 => request.signature(signature),
            _ => request.authorization(authorization),
        };
        let answer = runtime().block_on(request.send());
        assert_well_formed(&answer, &[StatusCode::OK, StatusCode::BAD_REQUEST, StatusCode::FORBIDDEN])?;
    }
}
