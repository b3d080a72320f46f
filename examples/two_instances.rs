//! Two instances of one webhook behind a (pretend) load balancer, sharing one Redis replay
//! store: copies of one delivery, sent to both, run the handler once and get the same answer.
//!
//! ```sh
//! redis-server --port 6379 --save "" &   # any Redis 6 or later
//! cargo run --example two_instances
//! ```
//!
//! `REDIS_URL` (default `redis://127.0.0.1:6379`) names the Redis; `CLUSTAAR_PRIVATE_KEY` the
//! key both instances check (a demo key when unset: the example signs its own requests).

#[path = "common/private_key.rs"]
mod private_key;

use std::env;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::State;
use clustaar_webhook::replay_store::RedisStore;
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::security::sign;
use clustaar_webhook::testing::NotificationBuilder;
use clustaar_webhook::{Webhook, events};

/// What one instance knows: its name, and the runs of every instance (shared here only so the
/// example can count them; real instances share nothing but Redis).
#[derive(Clone)]
struct Instance {
    name: &'static str,
    runs: Arc<AtomicUsize>,
}

/// "Placing" an order: the kind of handler that must not run twice for one delivery.
async fn place_order(State(instance): State<Instance>, _: StepReached) -> StepReachedResponse {
    let run = instance.runs.fetch_add(1, Ordering::SeqCst) + 1;
    StepReachedResponse::new().action(SendTextAction::new(format!(
        "Order placed by instance {} (run {run})",
        instance.name
    )))
}

/// Starts one instance on a free port, with its own connection to the shared Redis.
async fn start(
    instance: Instance,
    key: &str,
    redis_url: &str,
) -> Result<SocketAddr, Box<dyn std::error::Error>> {
    let store = RedisStore::connect(redis_url).await?;
    let router = Webhook::new()
        .private_key(key)
        .replay_store(store)
        .on(events::CONVERSATION_STEP_REACHED, place_order)
        .into_router()
        .with_state(instance);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { clustaar_webhook::serve(listener, router).await });
    Ok(address)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt::init();
    let redis_url = env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    let key = private_key::from_env_or("demo private key")?;
    let runs = Arc::new(AtomicUsize::new(0));
    let mut instances = Vec::new();
    for name in ["A", "B"] {
        let instance = Instance {
            name,
            runs: Arc::clone(&runs),
        };
        instances.push(start(instance, &key, &redis_url).await?);
    }
    println!(
        "Instances on http://{} and http://{}, sharing {redis_url}",
        instances[0], instances[1]
    );

    // One delivery, as the platform signs it, sent six times across both instances.
    let body = NotificationBuilder::new().to_json();
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let signature = sign(&key, Some(&date), &body);
    let client = reqwest::Client::new();
    let mut answers = Vec::new();
    for copy in 0..6 {
        let address = instances[copy % 2];
        let response = client
            .post(format!("http://{address}/"))
            .header("content-type", "application/json")
            .header("date", &date)
            .header("x-hub-signature", &signature)
            .body(body.clone())
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        println!(
            "copy {copy} to instance {}: {status} {text}",
            ["A", "B"][copy % 2]
        );
        answers.push((status, text));
    }
    let identical = answers.iter().all(|answer| *answer == answers[0]);
    println!(
        "the handler ran {} time(s); the answers are {}",
        runs.load(Ordering::SeqCst),
        if identical { "identical" } else { "different" }
    );
    Ok(())
}
