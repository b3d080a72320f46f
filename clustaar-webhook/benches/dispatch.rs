//! Dispatch on step ids must cost the same among 1 or 10,000 step routes.
//!
//! Two groups, each with 1, 100 and 10,000 step-id routes on `conversation.step_reached`
//! (distinct 24-character ids, the sample's step id registered *last*, so that a linear scan
//! would be at its worst) followed by a catch-all route of the same topic:
//! - `find`: `RouteTable::find` on the parsed sample notification (the route-table lookup alone);
//! - `request`: the whole in-process request, `Webhook::into_router()` served with
//!   `tower::ServiceExt::oneshot` on distinct signed deliveries of the sample (replay
//!   prevention with its in-memory store, signature and basic authentication on), body read
//!   back.
//!
//! - `bots`: the whole request to a webhook serving 1 or 1,000 bots, each with its own key and
//!   its own route (`BotId`), the sample's bot last, then a catch-all: the bot's secrets looked
//!   up (cached) and its route found must cost the same for 1 bot or 1,000.
//!
//! ```sh
//! cargo bench -p clustaar-webhook --bench dispatch -- --warm-up-time 1 --measurement-time 3
//! ```

mod common;

use std::hint::black_box;
use std::time::Duration;

use axum::body::Bytes;
use criterion::{BenchmarkId, Criterion, criterion_group};

use clustaar_webhook::extract::Notification;
use clustaar_webhook::filters::{BotId, StepId};
use clustaar_webhook::routing::{Route, RouteTable};
use clustaar_webhook::security::{BotSecrets, StaticBots};
use clustaar_webhook::{Webhook, events};

use common::{
    Deliveries, MAX_AGE, PASSWORD, PRIVATE_KEY, SAMPLE, SAMPLE_STEP_ID, USERNAME, bench_store,
    call, greet, runtime,
};

const ROUTE_COUNTS: [usize; 3] = [1, 100, 10_000];
const BOT_COUNTS: [usize; 2] = [1, 1_000];
/// The bot of the sample notification.
const SAMPLE_BOT_ID: &str = "5a8f1c2e9b1d4c0012345678";

/// `count` step routes, the sample's step id last, then a catch-all.
fn routes(count: usize) -> RouteTable {
    let mut router = RouteTable::new();
    for i in 1..count {
        let id = format!("{i:024x}");
        router = router
            .route(Route::new(events::CONVERSATION_STEP_REACHED, greet).filter(StepId::new(id)));
    }
    router
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, greet)
                .filter(StepId::new(SAMPLE_STEP_ID)),
        )
        .on(events::CONVERSATION_STEP_REACHED, greet)
}

/// The route table and the parsed sample, checked to reach the sample's step route.
fn find_setup(count: usize) -> (RouteTable, Notification) {
    let router = routes(count);
    let mut notification =
        Notification::parse(Bytes::from_static(SAMPLE.as_bytes())).expect("the sample parses");
    let (index, _) = router.find(&mut notification).expect("a route");
    assert_eq!(index, count - 1, "the sample's step route answers");
    (router, notification)
}

/// The webhook with `count` step routes, checked to answer the signed sample.
fn request_setup(
    count: usize,
    runtime: &tokio::runtime::Runtime,
    deliveries: &Deliveries,
) -> axum::Router {
    let app = Webhook::new()
        .private_key(PRIVATE_KEY)
        .basic_auth(USERNAME, PASSWORD)
        .request_max_age(Some(MAX_AGE))
        .replay_store(bench_store())
        .routes(routes(count))
        .into_router();
    let (status, body) = runtime.block_on(call(&app, deliveries.next()));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    app
}

/// A webhook serving `count` bots, each with its key and its route, the sample's bot last (with
/// the deliveries' key and credentials), then a catch-all; checked to answer.
fn bots_setup(
    count: usize,
    runtime: &tokio::runtime::Runtime,
    deliveries: &Deliveries,
) -> axum::Router {
    let mut bots = StaticBots::new();
    let mut table = RouteTable::new();
    for i in 1..count {
        let id = format!("{i:024x}");
        bots = bots.bot(
            &id,
            BotSecrets::new().private_key(format!("the key of bot {id}")),
        );
        table = table
            .route(Route::new(events::CONVERSATION_STEP_REACHED, greet).filter(BotId::new(id)));
    }
    let sample_bot = BotSecrets::new()
        .private_key(PRIVATE_KEY)
        .basic_auth(USERNAME, PASSWORD);
    let table = table
        .route(
            Route::new(events::CONVERSATION_STEP_REACHED, greet).filter(BotId::new(SAMPLE_BOT_ID)),
        )
        .on(events::CONVERSATION_STEP_REACHED, greet);
    let app = Webhook::new()
        .bots(bots.bot(SAMPLE_BOT_ID, sample_bot))
        .request_max_age(Some(MAX_AGE))
        .replay_store(bench_store())
        .routes(table)
        .into_router();
    let (status, body) = runtime.block_on(call(&app, deliveries.next()));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    app
}

fn bots(c: &mut Criterion) {
    let runtime = runtime();
    let deliveries = Deliveries::new();
    let apps = BOT_COUNTS.map(|count| (count, bots_setup(count, &runtime, &deliveries)));
    let mut group = c.benchmark_group("bots");
    for (count, app) in &apps {
        let count = *count;
        group.bench_with_input(BenchmarkId::from_parameter(count), &count, |b, _| {
            b.iter(|| runtime.block_on(call(app, deliveries.next())))
        });
    }
    group.finish();
}

fn find(c: &mut Criterion) {
    // All tables are built first and live until the end, so that every variant runs on the
    // same heap (see `request`).
    let mut tables = ROUTE_COUNTS.map(|count| (count, find_setup(count)));
    let mut group = c.benchmark_group("find");
    for (count, (router, notification)) in &mut tables {
        let count = *count;
        group.bench_with_input(BenchmarkId::from_parameter(count), &count, |b, _| {
            b.iter(|| {
                router
                    .find(black_box(&mut *notification))
                    .map(|(index, _)| index)
            })
        });
    }
    group.finish();
}

fn request(c: &mut Criterion) {
    let runtime = runtime();
    let deliveries = Deliveries::new();
    // All webhooks are built first and live until the end: building then dropping a 10,000-route
    // table changes the heap the later variants allocate from, which moved the time of one
    // request by 3 to 14 % depending on the order (BENCHMARKS.md), whatever the routes.
    let apps = ROUTE_COUNTS.map(|count| (count, request_setup(count, &runtime, &deliveries)));
    let mut group = c.benchmark_group("request");
    for (count, app) in &apps {
        let count = *count;
        group.bench_with_input(BenchmarkId::from_parameter(count), &count, |b, _| {
            b.iter(|| runtime.block_on(call(app, deliveries.next())))
        });
    }
    group.finish();
}

/// Runs one variant `iterations` times, for an instruction count under callgrind.
fn drive(variant: &str, iterations: usize) {
    let (group, count) = variant.split_once('/').expect("<group>/<route count>");
    let count: usize = count.parse().expect("a route count");
    match group {
        "find" => {
            let (router, mut notification) = find_setup(count);
            for _ in 0..iterations {
                black_box(router.find(black_box(&mut notification)).map(|(i, _)| i));
            }
        }
        "request" | "bots" => {
            let runtime = runtime();
            let deliveries = Deliveries::new();
            let app = match group {
                "bots" => bots_setup(count, &runtime, &deliveries),
                _ => request_setup(count, &runtime, &deliveries),
            };
            for _ in 0..iterations {
                black_box(runtime.block_on(call(&app, deliveries.next())));
            }
        }
        _ => panic!("unknown variant {variant}"),
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = find, request, bots
}

fn main() {
    common::install_subscriber();
    if let Some((variant, iterations)) = common::driver_spec() {
        return drive(&variant, iterations);
    }
    if let Some(rounds) = common::paired_rounds() {
        let (router_1, mut notification_1) = find_setup(1);
        let (router_n, mut notification_n) = find_setup(10_000);
        common::paired(
            ("find/10000", || {
                black_box(
                    router_n
                        .find(black_box(&mut notification_n))
                        .map(|(i, _)| i),
                );
            }),
            ("find/1", || {
                black_box(
                    router_1
                        .find(black_box(&mut notification_1))
                        .map(|(i, _)| i),
                );
            }),
            50_000,
            rounds,
        );
        let runtime = runtime();
        let deliveries = Deliveries::new();
        let app_1 = request_setup(1, &runtime, &deliveries);
        let app_n = request_setup(10_000, &runtime, &deliveries);
        let serve = |app: &axum::Router| {
            black_box(runtime.block_on(call(app, deliveries.next())));
        };
        common::paired(
            ("request/10000", || serve(&app_n)),
            ("request/1", || serve(&app_1)),
            50,
            rounds,
        );
        let bots_1 = bots_setup(1, &runtime, &deliveries);
        let bots_n = bots_setup(1_000, &runtime, &deliveries);
        common::paired(
            ("bots/1000", || serve(&bots_n)),
            ("bots/1", || serve(&bots_1)),
            50,
            rounds,
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
