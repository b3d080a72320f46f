//! The playground: chat in a browser with an example webhook, a small order-tracking bot.
//!
//! ```sh
//! cargo run --example playground
//! ```
//!
//! Starts the webhook on `127.0.0.1:8000` and the playground beside it on `127.0.0.1:7000`, and
//! prints the address to open. The playground talks to the webhook over real HTTP, signed and
//! authenticated as the platform would. `PORT` and `PLAYGROUND_PORT` change the ports (`0`
//! picks free ones); `CLUSTAAR_PRIVATE_KEY`, `CLUSTAAR_AUTH_USERNAME` and
//! `CLUSTAAR_AUTH_PASSWORD` the secrets both share (demonstration values by default).

#[path = "common/private_key.rs"]
mod private_key;

use std::env;

use clustaar_webhook::playground::Playground;
use clustaar_webhook::schemas::{
    Button, Card, GoToAction, OpenUrlAction, PauseBotAction, QuickReply, SendCardsAction,
    SendQuickRepliesAction, SendTextAction, StepReached, StepReachedResponse, StepTarget,
    WaitAction,
};
use clustaar_webhook::{Webhook, on, routes, shutdown_signal};
use tokio::net::TcpListener;

/// The step where the bot tells where an order is.
const ORDER_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0b";
/// The step where a person takes the conversation over.
const HUMAN_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0c";

fn go_to(step_id: &str, name: &str) -> GoToAction {
    GoToAction::new(StepTarget::new(step_id).name(name))
}

/// Any message: a greeting, and what the bot can do as quick replies.
#[on]
async fn welcome(notification: StepReached) -> StepReachedResponse {
    let name = notification
        .session
        .get_str("name")
        .or(notification.interlocutor.first_name.as_deref())
        .unwrap_or("there");
    let offer = SendQuickRepliesAction::new(
        "What can I do for you?",
        [
            QuickReply::new("Track my order", go_to(ORDER_STEP, "Order status")),
            QuickReply::new("Talk to a human", go_to(HUMAN_STEP, "Human")),
        ],
    );
    StepReachedResponse::new()
        .action(SendTextAction::new(format!(
            "Hello {name}! I am the order bot."
        )))
        .action(offer)
        .session(notification.session)
}

/// The order step: remembers the order in the session and shows it as a card.
#[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
async fn order_status(mut notification: StepReached) -> StepReachedResponse {
    notification.session.insert("order", "A-1234");
    let card = Card::new("Order A-1234")
        .subtitle("2 items, arriving on Friday")
        .button(Button::new(
            "Track the parcel",
            OpenUrlAction::new("https://example.com/track/A-1234"),
        ))
        .button(Button::new("Ask a person", go_to(HUMAN_STEP, "Human")));
    StepReachedResponse::new()
        .action(WaitAction::new(0.5))
        .action(SendTextAction::new("Your order A-1234 is on its way."))
        .action(SendCardsAction::new([card]))
        .session(notification.session)
}

/// The human step: the bot steps aside.
#[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0c")]
async fn human(notification: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
        .action(SendTextAction::new(
            "A colleague will answer you here shortly.",
        ))
        .action(PauseBotAction::new())
        .session(notification.session)
}

fn setting(name: &str, demo: &str) -> String {
    env::var(name).unwrap_or_else(|_| demo.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = private_key::from_env_or("playground-demo-key")?;
    let user = setting("CLUSTAAR_AUTH_USERNAME", "bot");
    let password = setting("CLUSTAAR_AUTH_PASSWORD", "playground-demo-password");
    let webhook = Webhook::new()
        .private_key(&key)
        .basic_auth(&user, &password)
        .routes(routes![order_status, human, welcome]);

    let port = setting("PORT", "8000");
    let webhook_listener = TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    let webhook_url = format!("http://{}/", webhook_listener.local_addr()?);
    println!("Listening on {webhook_url}");

    let playground = Playground::for_url(&webhook_url)?
        .private_key(&key)
        .basic_auth(user, password);
    let playground_port = setting("PLAYGROUND_PORT", "7000");
    let playground_listener = TcpListener::bind(format!("127.0.0.1:{playground_port}")).await?;
    println!(
        "Playground on http://{}/",
        playground_listener.local_addr()?
    );

    tokio::join!(
        clustaar_webhook::serve(webhook_listener, webhook.into_router())
            .with_graceful_shutdown(shutdown_signal()),
        playground
            .serve(playground_listener)?
            .with_graceful_shutdown(shutdown_signal()),
    );
    Ok(())
}
