//! What the framework costs over a hand-written axum handler doing the same work.
//!
//! One group, `overhead`, five variants served in-process with `tower::ServiceExt::oneshot`
//! on distinct signed deliveries of the sample notification (the same body, dated each of the
//! last 1,024 seconds), replay prevention, signature and basic authentication on, the answer's
//! body read back:
//! - `webhook`: a [`Webhook`] with one `conversation.step_reached` handler answering a
//!   `send_text_action` "Hello <name>" and the session, each delivery claimed in its in-memory
//!   replay store and its answer stored;
//! - `webhook_without_store`: the same without a replay store (the time window alone);
//! - `floor` (`benches/common/hand_written.rs`): the hand-written checks below and a fixed
//!   answer, no JSON read or written: the security-only floor;
//! - `hand_written` (`benches/common/hand_written.rs`): an axum handler that reads the body as `Bytes`, checks the `Date` age with
//!   `httpdate`, the HMAC-SHA1 with `hmac`/`sha1` in constant time, the basic-auth credentials
//!   in constant time, parses the JSON once into the crate's typed `WebhookRequest`
//!   (`serde_json::from_slice`), builds the same `StepReachedResponse` and writes it with
//!   `serde_json::to_vec` as `application/json`;
//! - `hand_written_traced`: the same, the answer built in an INFO span with the fields of the
//!   webhook's request span (topic, bot id, step id, route, status), for the comparison with a
//!   live subscriber (`CLUSTAAR_BENCH_SUBSCRIBER=fmt`).
//!
//! ```sh
//! cargo bench -p clustaar-webhook --bench overhead -- --warm-up-time 1 --measurement-time 3
//! ```

mod common;

use std::time::Duration;

use criterion::{Criterion, criterion_group};

use clustaar_webhook::{Webhook, events};

use common::hand_written::Baseline;
use common::{
    Deliveries, EXPECTED_TEXT, MAX_AGE, PASSWORD, POOL, PRIVATE_KEY, USERNAME, bench_store, call,
    greet, runtime,
};

/// The framework's webhook, with or without its replay store.
fn webhook(with_store: bool) -> Webhook {
    let webhook = Webhook::new()
        .private_key(PRIVATE_KEY)
        .basic_auth(USERNAME, PASSWORD)
        .request_max_age(Some(MAX_AGE))
        .on(events::CONVERSATION_STEP_REACHED, greet);
    if with_store {
        webhook.replay_store(bench_store())
    } else {
        webhook.without_replay_store()
    }
}

/// The four variants, by name, each checked to answer the deliveries; the store's, checked to
/// run the handler for every one of them (none is answered from the store).
fn variants(
    runtime: &tokio::runtime::Runtime,
    deliveries: &Deliveries,
) -> [(&'static str, axum::Router); 5] {
    let replayed = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&replayed);
    let checked = webhook(true)
        .on_outcome(move |outcome| {
            if outcome.replayed() {
                counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        })
        .into_router();
    for _ in 0..3 * POOL {
        runtime.block_on(call(&checked, deliveries.next()));
    }
    assert_eq!(replayed.load(std::sync::atomic::Ordering::Relaxed), 0);
    let hand_written = common::hand_written::router(
        Baseline::HandWritten,
        PRIVATE_KEY,
        USERNAME,
        PASSWORD,
        Some(MAX_AGE),
    );
    let traced = common::hand_written::router(
        Baseline::Traced,
        PRIVATE_KEY,
        USERNAME,
        PASSWORD,
        Some(MAX_AGE),
    );
    let floor = common::hand_written::router(
        Baseline::Floor,
        PRIVATE_KEY,
        USERNAME,
        PASSWORD,
        Some(MAX_AGE),
    );
    let variants = [
        ("webhook", webhook(true).into_router()),
        ("webhook_without_store", webhook(false).into_router()),
        ("hand_written", hand_written),
        ("hand_written_traced", traced),
        ("floor", floor),
    ];
    for (name, app) in &variants {
        let (status, body) = runtime.block_on(call(app, deliveries.next()));
        let text = String::from_utf8_lossy(&body);
        assert_eq!(status, 200, "{name}: {text}");
        assert!(text.contains(EXPECTED_TEXT), "{name}: {text}");
    }
    variants
}

fn overhead(c: &mut Criterion) {
    let runtime = runtime();
    let deliveries = Deliveries::new();
    let mut group = c.benchmark_group("overhead");
    for (name, app) in variants(&runtime, &deliveries) {
        group.bench_function(name, |b| {
            b.iter(|| runtime.block_on(call(&app, deliveries.next())))
        });
    }
    group.finish();
}

/// Runs one variant `iterations` times, for an instruction count under callgrind.
fn drive(variant: &str, iterations: usize) {
    let runtime = runtime();
    let deliveries = Deliveries::new();
    let name = variant.strip_prefix("overhead/").unwrap_or(variant);
    let (_, app) = variants(&runtime, &deliveries)
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("unknown variant {variant}"));
    for _ in 0..iterations {
        std::hint::black_box(runtime.block_on(call(&app, deliveries.next())));
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
    common::install_subscriber();
    if let Some((variant, iterations)) = common::driver_spec() {
        return drive(&variant, iterations);
    }
    if let Some(rounds) = common::paired_rounds() {
        let runtime = runtime();
        let deliveries = Deliveries::new();
        let [
            (a, webhook),
            (b, without_store),
            (c, hand_written),
            (e, traced),
            (d, floor),
        ] = variants(&runtime, &deliveries);
        let serve = |app: &axum::Router| {
            std::hint::black_box(runtime.block_on(call(app, deliveries.next())));
        };
        common::paired(
            (a, || serve(&webhook)),
            (c, || serve(&hand_written)),
            50,
            rounds,
        );
        common::paired(
            (a, || serve(&webhook)),
            (b, || serve(&without_store)),
            50,
            rounds,
        );
        common::paired((a, || serve(&webhook)), (d, || serve(&floor)), 50, rounds);
        // Like for like with a live subscriber (`CLUSTAAR_BENCH_SUBSCRIBER=fmt`): both in a span.
        common::paired((a, || serve(&webhook)), (e, || serve(&traced)), 50, rounds);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
