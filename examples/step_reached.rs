//! A complete webhook: greets the user by the `name` session value.
//!
//! ```sh
//! cargo run --example step_reached
//! ```
//!
//! Settings come from the environment: `PORT` (default 8000), `CLUSTAAR_PRIVATE_KEY`,
//! `CLUSTAAR_AUTH_USERNAME` and `CLUSTAAR_AUTH_PASSWORD`, `CLUSTAAR_REQUEST_MAX_AGE` (seconds,
//! `0` turns replay prevention off; default 10). With `REDIS_URL` set (and the crate's `redis`
//! feature, which this repository's examples have), the replay store is in that Redis, shared
//! with every other instance that names it; otherwise it is in this process's memory.
//! `RUST_LOG` sets what is logged: `info` when unset, `debug` to see each refused request and
//! why, `off` for nothing.

#[path = "common/private_key.rs"]
mod private_key;

use std::env;
use std::time::Duration;

use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::{Webhook, on, routes, shutdown_signal};

/// Greets the user and keeps the session as it was.
#[on(event = "conversation.step_reached")]
async fn greet(notification: StepReached) -> StepReachedResponse {
    let name = notification.session.get_str("name").unwrap_or("there");
    let text = format!("Hello {name}");
    StepReachedResponse::new()
        .action(SendTextAction::new(text))
        .session(notification.session)
}

/// Answers the step of a (fictional) order-tracking flow only.
#[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
async fn order_status(notification: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
        .action(SendTextAction::new("Your order is on its way"))
        .session(notification.session)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Reads `RUST_LOG` (levels, optionally per target: `clustaar_webhook=debug`).
    tracing_subscriber::fmt::init();
    // The step route first: `greet` takes every step, and the first route that matches answers.
    let mut webhook = Webhook::new().routes(routes![order_status, greet]);
    // Without a key anyone could make the bot talk: a webhook only accepts unsigned
    // notifications when told to, as here for a first try on a developer's machine.
    match private_key::from_env()? {
        Some(key) => webhook = webhook.private_key(key),
        None => {
            tracing::warn!(
                "CLUSTAAR_PRIVATE_KEY is not set: unsigned notifications are accepted; \
                 set it to the key of the bot's webhook settings before going live"
            );
            webhook = webhook.allow_unsigned();
        }
    }
    if let (Ok(user), Ok(password)) = (
        env::var("CLUSTAAR_AUTH_USERNAME"),
        env::var("CLUSTAAR_AUTH_PASSWORD"),
    ) {
        webhook = webhook.basic_auth(user, password);
    }
    if let Ok(seconds) = env::var("CLUSTAAR_REQUEST_MAX_AGE") {
        let seconds: u64 = seconds
            .parse()
            .map_err(|_| "CLUSTAAR_REQUEST_MAX_AGE must be a whole number of seconds")?;
        webhook = webhook.request_max_age((seconds > 0).then(|| Duration::from_secs(seconds)));
    }

    if let Ok(url) = env::var("REDIS_URL") {
        let store = clustaar_webhook::replay_store::RedisStore::connect(&url).await?;
        webhook = webhook.replay_store(store);
    }

    let port = env::var("PORT").unwrap_or_else(|_| "8000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    // Timeouts, a connection cap and a bounded graceful shutdown: fit for the open internet.
    clustaar_webhook::serve(listener, webhook.into_router())
        .with_graceful_shutdown(shutdown_signal())
        .await;
    Ok(())
}
