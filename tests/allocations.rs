//! What allocates on a request's path: looking up a key path and evaluating filters must not
//! allocate at all (they run on every request), and a whole request stays within a budget.

use std::alloc::System;

use clustaar_webhook::filters::{
    Filter, FilterExt, JsonKeyEquals, JsonKeyExists, JsonKeyIn, KeyPath, StepId,
};
use serde_json::json;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

// Its own test binary: the allocator counts every thread's allocations, so no other test may
// run beside this one.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const S0: &str = "aaaaaaaaaaaaaaaaaaaaaaa0";
const S1: &str = "aaaaaaaaaaaaaaaaaaaaaaa1";

// The allocator counts every thread, the test harness's too (it prints a test's result while
// the next one runs): the binary has one test, whose parts run one after the other.
#[test]
fn allocations() {
    lookup_and_filters_do_not_allocate();
    a_request_allocates_within_its_budget();
}

fn lookup_and_filters_do_not_allocate() {
    let doc = json!({
        "user": { "id": 1.0 },
        "data": { "step": { "id": S1, "actions": [{ "type": "t" }] },
                  "values": { "my.key": null } }
    });
    let path = KeyPath::parse(r#"data.step.actions[0].type"#).unwrap();
    let filter = StepId::any([S0, S1])
        .and(JsonKeyEquals::new("user.id", 1))
        .and(JsonKeyIn::new("data.step.actions[0].type", ["x", "t"]))
        .and(JsonKeyExists::new(r#"data.values."my.key""#))
        .and(JsonKeyExists::new("data.nope.x").not())
        .boxed();

    let region = Region::new(GLOBAL);
    let found = path.lookup(&doc).is_some();
    let matched = filter.matches(&doc);
    let allocations = region.change().allocations;

    assert!(found && matched);
    assert_eq!(allocations, 0, "lookup or matching allocated");
    // The allocator does count: building a filter allocates.
    let region = Region::new(GLOBAL);
    drop(std::hint::black_box(JsonKeyExists::new("data")));
    assert!(
        region.change().allocations > 0,
        "the counting allocator is in use"
    );
}

/// The most allocations one request of the sample notification may take, in-process, from the
/// request to the answer's bytes (measured: see the test's output and BENCHMARKS.md). Nearly
/// all are the typed notification's strings and lists, which the handler owns and may keep.
const REQUEST_BUDGET: usize = 64;

fn a_request_allocates_within_its_budget() {
    use axum::body::Body;
    use axum::http::{Request, header};
    use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    use clustaar_webhook::{Webhook, events};
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;

    async fn greet(n: StepReached) -> StepReachedResponse {
        let text = format!("Hello {}", n.session.get_str("name").unwrap_or("there"));
        StepReachedResponse::new()
            .action(SendTextAction::new(text))
            .session(n.session)
    }

    let body = include_str!("conformance/sample-notification.json");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let app = Webhook::new()
        .private_key("key")
        .without_replay_store()
        .on(events::CONVERSATION_STEP_REACHED, greet)
        .into_router();
    let request = || {
        let date = httpdate::fmt_http_date(std::time::SystemTime::now());
        let signature = clustaar_webhook::security::sign("key", Some(&date), body);
        Request::post("/")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::DATE, date)
            .header("x-hub-signature", signature)
            .body(Body::from(body))
            .unwrap()
    };
    let serve = |request: Request<Body>| {
        runtime.block_on(async {
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), 200);
            response.into_body().collect().await.unwrap().to_bytes()
        })
    };
    // Warmed up first: the runtime's and the router's first-use allocations are not counted.
    serve(request());
    let mut counts = Vec::new();
    for _ in 0..5 {
        let request = request();
        let region = Region::new(GLOBAL);
        let answer = serve(request);
        counts.push(region.change().allocations);
        assert!(String::from_utf8_lossy(&answer).contains("Hello Tintin"));
    }
    let typed = {
        let region = Region::new(GLOBAL);
        let parsed: clustaar_webhook::schemas::WebhookRequest = serde_json::from_str(body).unwrap();
        let allocations = region.change().allocations;
        drop(parsed);
        allocations
    };
    let (answered, written) = {
        let event = serde_json::from_str::<clustaar_webhook::schemas::WebhookRequest>(body)
            .unwrap()
            .step_reached()
            .unwrap()
            .clone();
        let region = Region::new(GLOBAL);
        let answer = runtime.block_on(greet(event));
        let answered = region.change().allocations;
        let region = Region::new(GLOBAL);
        let bytes = serde_json::to_vec(&answer).unwrap();
        let written = region.change().allocations;
        drop((answer, bytes));
        (answered, written)
    };
    let most = counts.iter().copied().max().unwrap_or_default();
    println!(
        "allocations per request: {counts:?}; the typed notification {typed}, the handler's \
         answer {answered}, writing it {written}"
    );
    assert!(
        most <= REQUEST_BUDGET,
        "a request allocated {most} times (budget {REQUEST_BUDGET}): {counts:?}"
    );
    assert!(
        typed < most,
        "the typed notification is part of the request"
    );
}
