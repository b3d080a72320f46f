//! What the framework costs over a hand-written axum handler doing the same work.
//!
//! One group, `overhead`, two variants served in-process with `tower::ServiceExt::oneshot` on
//! the same signed sample notification, replay prevention, signature and basic authentication
//! on, the answer's body read back:
//! - `webhook`: a [`Webhook`] with one `conversation.step_reached` handler answering a
//!   `send_text_action` "Hello <name>" and the session;
//! - `hand_written` (`benches/common/hand_written.rs`): an axum handler that reads the body as `Bytes`, checks the `Date` age with
//!   `httpdate`, the HMAC-SHA1 with `hmac`/`sha1` in constant time, the basic-auth credentials
//!   in constant time, parses the JSON once into the crate's typed `WebhookRequest`
//!   (`serde_json::from_slice`), builds the same `StepReachedResponse` and writes it with
//!   `serde_json::to_vec` as `application/json`.
//!
//! ```sh
//! cargo bench -p clustaar-webhook --bench overhead -- --warm-up-time 1 --measurement-time 3
//! ```

mod common;

use std::time::Duration;

use criterion::{Criterion, criterion_group};

use clustaar_webhook::{Webhook, events};

use common::{
    EXPECTED_TEXT, MAX_AGE, PASSWORD, PRIVATE_KEY, Signed, USERNAME, call, greet, runtime,
};

/// The two variants, by name, each checked to answer the signed sample.
fn variants(
    runtime: &tokio::runtime::Runtime,
    signed: &Signed,
) -> [(&'static str, axum::Router); 2] {
    let webhook = Webhook::new()
        .private_key(PRIVATE_KEY)
        .basic_auth(USERNAME, PASSWORD)
        .request_max_age(Some(MAX_AGE))
        .on(events::CONVERSATION_STEP_REACHED, greet)
        .into_router();
    let hand_written = common::hand_written::router(PRIVATE_KEY, USERNAME, PASSWORD, Some(MAX_AGE));
    let variants = [("webhook", webhook), ("hand_written", hand_written)];
    for (name, app) in &variants {
        let (status, body) = runtime.block_on(call(app, signed));
        let text = String::from_utf8_lossy(&body);
        assert_eq!(status, 200, "{name}: {text}");
        assert!(text.contains(EXPECTED_TEXT), "{name}: {text}");
    }
    variants
}

fn overhead(c: &mut Criterion) {
    let runtime = runtime();
    let signed = Signed::sample();
    let mut group = c.benchmark_group("overhead");
    for (name, app) in variants(&runtime, &signed) {
        group.bench_function(name, |b| b.iter(|| runtime.block_on(call(&app, &signed))));
    }
    group.finish();
}

/// Runs one variant `iterations` times, for an instruction count under callgrind.
fn drive(variant: &str, iterations: usize) {
    let runtime = runtime();
    let signed = Signed::sample();
    let name = variant.strip_prefix("overhead/").unwrap_or(variant);
    let (_, app) = variants(&runtime, &signed)
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("unknown variant {variant}"));
    for _ in 0..iterations {
        std::hint::black_box(runtime.block_on(call(&app, &signed)));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = overhead
}

fn main() {
    if let Some((variant, iterations)) = common::driver_spec() {
        return drive(&variant, iterations);
    }
    if let Some(rounds) = common::paired_rounds() {
        let runtime = runtime();
        let signed = Signed::sample();
        let [(a, webhook), (b, hand_written)] = variants(&runtime, &signed);
        let serve = |app: &axum::Router| {
            std::hint::black_box(runtime.block_on(call(app, &signed)));
        };
        common::paired(
            (a, || serve(&webhook)),
            (b, || serve(&hand_written)),
            50,
            rounds,
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
