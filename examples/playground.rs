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

#[path = "common/order_bot.rs"]
mod order_bot;
#[path = "common/private_key.rs"]
mod private_key;

use std::env;

use clustaar_webhook::playground::Playground;
use clustaar_webhook::shutdown_signal;
use tokio::net::TcpListener;

fn setting(name: &str, demo: &str) -> String {
    env::var(name).unwrap_or_else(|_| demo.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = private_key::from_env_or("playground-demo-key")?;
    let user = setting("CLUSTAAR_AUTH_USERNAME", "bot");
    let password = setting("CLUSTAAR_AUTH_PASSWORD", "playground-demo-password");
    let webhook = order_bot::webhook()
        .private_key(&key)
        .basic_auth(&user, &password);

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
        clustaar_webhook::serve(
            webhook_listener,
            webhook.into_router().with_state(order_bot::ON_ITS_WAY),
        )
        .with_graceful_shutdown(shutdown_signal()),
        playground
            .serve(playground_listener)?
            .with_graceful_shutdown(shutdown_signal()),
    );
    Ok(())
}
