//! Routes added at run time, chosen by filters on the notification's JSON, with a fallback.
//!
//! ```sh
//! cargo run --example filters
//! ```

#[path = "common/private_key.rs"]
mod private_key;

use std::env;

use clustaar_webhook::filters::{FilterExt, JsonKeyEquals, JsonKeyExists, JsonKeyIn, StepId};
use clustaar_webhook::routing::Route;
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::{Webhook, events, shutdown_signal};
use serde_json::Value;

fn say(text: &str) -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::new(text))
}

async fn vip(_: StepReached) -> StepReachedResponse {
    say("Welcome back, our gold member")
}

async fn web_with_email(_: StepReached) -> StepReachedResponse {
    say("We will email you the details")
}

async fn long_message(_: StepReached) -> StepReachedResponse {
    say("That is a long message: let me pass it to a human")
}

async fn anything_else(n: Value) -> StepReachedResponse {
    let topic = n["topic"].as_str().unwrap_or("?").to_owned();
    say(&format!("No route for this one ({topic})"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let step_reached = events::CONVERSATION_STEP_REACHED;
    tracing_subscriber::fmt::init();
    let mut webhook = Webhook::new();
    match private_key::from_env()? {
        Some(key) => webhook = webhook.private_key(key),
        None => {
            tracing::warn!("CLUSTAAR_PRIVATE_KEY is not set: unsigned notifications are accepted");
            webhook = webhook.allow_unsigned();
        }
    }
    let webhook = webhook
        .request_max_age(None)
        // Indexed: costs nothing per route, however many there are.
        .route(
            Route::new(step_reached, vip)
                .filter(StepId::any([
                    "507f191e810c19729de860ea",
                    "507f191e810c19729de860eb",
                ]))
                .filter(JsonKeyIn::new(
                    "data.interlocutor.customAttributes.plan",
                    ["gold", "platinum"],
                )),
        )
        .route(
            Route::new(step_reached, web_with_email).filter(
                JsonKeyEquals::new("data.channel", "web")
                    .and(JsonKeyExists::new("data.interlocutor.email"))
                    .and(JsonKeyEquals::new("data.interlocutor.email", Value::Null).not()),
            ),
        )
        .route(Route::new(step_reached, long_message).filter(|n: &Value| {
            n.pointer("/data/input/text")
                .and_then(Value::as_str)
                .is_some_and(|text| text.chars().count() > 200)
        }))
        .fallback(anything_else);

    let port = env::var("PORT").unwrap_or_else(|_| "8000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    clustaar_webhook::serve(listener, webhook.into_router())
        .with_graceful_shutdown(shutdown_signal())
        .await;
    Ok(())
}
