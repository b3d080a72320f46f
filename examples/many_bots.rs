//! One webhook for several bots, each checked with its own key: answers each bot's
//! notifications with a text that names the bot, and refuses a notification signed with
//! another bot's key, or from a bot it does not serve.
//!
//! ```sh
//! BOTS=5a8f1c2e9b1d4c0012345678=key-of-the-shop,5a8f1c2e9b1d4c0087654321=key-of-the-bank \
//!     cargo run --example many_bots
//! cargo run --example send -- --bot-id 5a8f1c2e9b1d4c0012345678 --key key-of-the-shop
//! ```
//!
//! Settings come from the environment: `BOTS` (each bot's id and key, `botA=keyA,botB=keyB`),
//! `PORT` (default 8000), `CLUSTAAR_REQUEST_MAX_AGE` (seconds, `0` turns replay prevention
//! off; default 10). A real deployment keeps the keys in a store: implement
//! `BotSecretSource` over it, or use `EnvBots` (one variable per bot).

use std::env;
use std::time::Duration;

use clustaar_webhook::schemas::{SendTextAction, StepReachedResponse, WebhookRequest};
use clustaar_webhook::security::StaticBots;
use clustaar_webhook::{Webhook, on, routes, shutdown_signal};

/// Greets the user on behalf of the bot the notification comes from.
#[on(event = "conversation.step_reached")]
async fn hello(request: WebhookRequest) -> StepReachedResponse {
    StepReachedResponse::new().action(SendTextAction::new(format!(
        "Hello from {}",
        request.bot_id
    )))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt::init();
    let list =
        env::var("BOTS").map_err(|_| "set BOTS to each bot's id and key: botA=keyA,botB=keyB")?;
    let bots = StaticBots::from_keys(&list)
        .filter(|bots| !bots.is_empty())
        .ok_or("BOTS must read botA=keyA,botB=keyB, each with an id and a key")?;
    let mut webhook = Webhook::new().bots(bots).routes(routes![hello]);
    if let Ok(seconds) = env::var("CLUSTAAR_REQUEST_MAX_AGE") {
        let seconds: u64 = seconds
            .parse()
            .map_err(|_| "CLUSTAAR_REQUEST_MAX_AGE must be a whole number of seconds")?;
        webhook = webhook.request_max_age((seconds > 0).then(|| Duration::from_secs(seconds)));
    }

    let port = env::var("PORT").unwrap_or_else(|_| "8000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    clustaar_webhook::serve(listener, webhook.try_into_router()?)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    Ok(())
}
