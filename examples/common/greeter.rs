//! The webhook of the `step_reached` and `lambda` examples, settings read from the environment:
//! the same bot whether it runs as a server or as an AWS Lambda function.
//!
//! `CLUSTAAR_PRIVATE_KEY`, `CLUSTAAR_AUTH_USERNAME` and `CLUSTAAR_AUTH_PASSWORD`,
//! `CLUSTAAR_REQUEST_MAX_AGE` (seconds, `0` turns replay prevention off; default 10). With
//! `REDIS_URL` set (and the crate's `redis` feature, which this repository's examples have), the
//! replay store is in that Redis, shared with every other instance that names it; otherwise it is
//! in this process's memory.

use std::env;
use std::error::Error;
use std::time::Duration;

use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::{Webhook, on, routes};

use crate::private_key;

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

/// The webhook with its routes and the settings the environment gives.
pub(crate) async fn webhook_from_env() -> Result<Webhook, Box<dyn Error + Send + Sync>> {
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
    Ok(webhook)
}
