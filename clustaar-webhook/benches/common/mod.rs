//! What both benches share: the signed sample notification and the handler that answers it.
#![allow(dead_code)] // each bench uses its own part

pub(crate) mod hand_written;

use std::cell::Cell;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{Request, header};
use base64::Engine as _;
use clustaar_webhook::replay_store::MemoryStore;
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::security::{SIGNATURE_HEADER, sign};

/// The conformance suite's sample notification (step id `507f191e810c19729de860ea`).
pub(crate) const SAMPLE: &str = include_str!("../../testdata/sample-notification.json");
/// The sample's step id.
pub(crate) const SAMPLE_STEP_ID: &str = "507f191e810c19729de860ea";
pub(crate) const PRIVATE_KEY: &str = "bench private key";
pub(crate) const USERNAME: &str = "bot";
pub(crate) const PASSWORD: &str = "s3cret";
/// Long enough for the `Date` signed once at start-up to stay fresh for the whole run; replay
/// prevention still parses and checks the date of every request.
pub(crate) const MAX_AGE: Duration = Duration::from_secs(3600);

/// The headers of one signed request, computed once.
#[derive(Clone)]
pub(crate) struct Signed {
    pub date: String,
    pub signature: String,
    pub authorization: String,
    pub body: Bytes,
}

impl Signed {
    /// The sample notification, dated now and signed with [`PRIVATE_KEY`].
    pub(crate) fn sample() -> Self {
        Self::sample_at(SystemTime::now())
    }

    /// The sample notification, dated `time` and signed with [`PRIVATE_KEY`].
    fn sample_at(time: SystemTime) -> Self {
        let date = httpdate::fmt_http_date(time);
        let body = Bytes::from_static(SAMPLE.as_bytes());
        let signature = sign(PRIVATE_KEY, Some(&date), &body);
        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("{USERNAME}:{PASSWORD}"));
        Signed {
            date,
            signature,
            authorization: format!("Basic {credentials}"),
            body,
        }
    }

    /// A new POST request to `/` (building it is part of what each iteration measures, the
    /// same for every variant).
    pub(crate) fn request(&self) -> Request<Body> {
        Request::builder()
            .method("POST")
            .uri("/")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, self.body.len())
            .header(header::DATE, &self.date)
            .header(SIGNATURE_HEADER, &self.signature)
            .header(header::AUTHORIZATION, &self.authorization)
            .body(Body::from(self.body.clone()))
            .expect("a valid request")
    }
}

/// How many distinct deliveries the benches cycle through.
pub(crate) const POOL: usize = 1024;

/// Distinct deliveries of the sample, one after the other: the sample dated each of the last
/// [`POOL`] seconds, each signed. A webhook's replay store sees each as new, as long as it
/// holds fewer than [`POOL`] of them (see [`bench_store`]); building the pool is set-up, not
/// measured.
pub(crate) struct Deliveries {
    pool: Vec<Signed>,
    next: Cell<usize>,
}

impl Deliveries {
    pub(crate) fn new() -> Self {
        let now = SystemTime::now();
        let pool = (0..POOL)
            .map(|age| Signed::sample_at(now - Duration::from_secs(age as u64)))
            .collect();
        Deliveries {
            pool,
            next: Cell::new(0),
        }
    }

    /// The next delivery of the pool.
    pub(crate) fn next(&self) -> &Signed {
        let index = self.next.get();
        self.next.set((index + 1) % POOL);
        &self.pool[index]
    }
}

/// The replay store of the benches' webhooks: the default in-memory store, bounded so that it
/// drops a delivery of the pool before the pool comes round to it again (each entry weighs
/// 256 bytes and its answer's, about 700 in all: some 370 entries). Every request then
/// claims a new delivery and stores its answer, and one older entry is evicted, which is the
/// default store's work once it is full.
pub(crate) fn bench_store() -> MemoryStore {
    MemoryStore::new().max_bytes(256 * 1024)
}

/// Greets the user by the `name` session value and keeps the session.
pub(crate) async fn greet(notification: StepReached) -> StepReachedResponse {
    let text = format!(
        "Hello {}",
        notification.session.get_str("name").unwrap_or("there")
    );
    StepReachedResponse::new()
        .action(SendTextAction::new(text))
        .session(notification.session)
}

/// The answer every variant must give to the sample.
pub(crate) const EXPECTED_TEXT: &str = "Hello Tintin";

/// Serves one request in-process and reads the answer back.
pub(crate) async fn call(app: &axum::Router, signed: &Signed) -> (axum::http::StatusCode, Bytes) {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let response = app
        .clone()
        .oneshot(signed.request())
        .await
        .expect("infallible");
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    (status, body)
}

/// A single-threaded runtime: one request at a time, no cross-thread wake-ups to measure.
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
}

/// The instruction-count driver: with `CLUSTAAR_BENCH_DRIVER=<variant>:<iterations>` set, a
/// bench runs `iterations` times the variant named `<variant>` (a criterion id such as
/// `overhead/webhook` or `find/10000`) instead of criterion, so that
/// `valgrind --tool=callgrind` can count its instructions on a busy machine (see
/// `scripts/bench-instructions.sh`). Returns `None` when the variable is not set.
pub(crate) fn driver_spec() -> Option<(String, usize)> {
    let spec = std::env::var("CLUSTAAR_BENCH_DRIVER").ok()?;
    let (variant, iterations) = spec
        .rsplit_once(':')
        .expect("CLUSTAAR_BENCH_DRIVER=<variant>:<iterations>");
    let iterations = iterations.parse().expect("a number of iterations");
    Some((variant.to_owned(), iterations))
}

/// With `CLUSTAAR_BENCH_SUBSCRIBER=fmt` set, installs the subscriber most applications run:
/// `tracing_subscriber::fmt()` at its default level (INFO), writing to a sink. The webhook's
/// request span is then live, as in the examples; without it, no subscriber listens and the
/// span costs next to nothing. Called first by each bench's `main`.
pub(crate) fn install_subscriber() {
    match std::env::var("CLUSTAAR_BENCH_SUBSCRIBER").as_deref() {
        Ok("fmt") => {
            let subscriber = tracing_subscriber::fmt()
                .with_writer(std::io::sink)
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        }
        Ok(other) => panic!("CLUSTAAR_BENCH_SUBSCRIBER={other}: only `fmt` is known"),
        Err(_) => {}
    }
}

/// With `CLUSTAAR_BENCH_PAIRED=<rounds>` set, a bench compares its variants pairwise instead of
/// running criterion (see [`paired`]). Returns `None` when the variable is not set.
pub(crate) fn paired_rounds() -> Option<usize> {
    let rounds = std::env::var("CLUSTAAR_BENCH_PAIRED").ok()?;
    Some(rounds.parse().expect("CLUSTAAR_BENCH_PAIRED=<rounds>"))
}

/// Times `a` and `b` in alternating batches of `batch` calls, `rounds` times, and prints the
/// median and quartiles of the ratio a/b of adjacent batches.
///
/// On a shared machine, the load changes between criterion's benchmarks, which run one after
/// the other for seconds each; two batches a few milliseconds apart see the same load, so their
/// ratio is steadier than the ratio of two criterion estimates.
pub(crate) fn paired(
    (name_a, mut a): (&str, impl FnMut()),
    (name_b, mut b): (&str, impl FnMut()),
    batch: usize,
    rounds: usize,
) {
    use std::time::Instant;
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed().as_secs_f64() / batch as f64
    };
    // Warm up both.
    for _ in 0..rounds.div_ceil(10) {
        time(&mut a);
        time(&mut b);
    }
    let mut ratios = Vec::with_capacity(rounds);
    let (mut times_a, mut times_b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 0..rounds {
        // Alternate which goes first, so that neither always follows the other.
        let (ta, tb) = if round % 2 == 0 {
            let ta = time(&mut a);
            (ta, time(&mut b))
        } else {
            let tb = time(&mut b);
            (time(&mut a), tb)
        };
        ratios.push(ta / tb);
        times_a.push(ta);
        times_b.push(tb);
    }
    let quartiles = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
        (at(0.25), at(0.5), at(0.75))
    };
    let (q1, median, q3) = quartiles(&mut ratios);
    let (_, median_a, _) = quartiles(&mut times_a);
    let (_, median_b, _) = quartiles(&mut times_b);
    println!(
        "{name_a} / {name_b}: ratio median {median:.3} (quartiles {q1:.3} .. {q3:.3}); \
         medians {:.3} µs / {:.3} µs; {rounds} rounds of {batch}",
        median_a * 1e6,
        median_b * 1e6,
    );
}
