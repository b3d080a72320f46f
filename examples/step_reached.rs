//! A complete webhook: greets the user by the `name` session value (the bot itself is in
//! `common/greeter.rs`, which the `lambda` example serves too).
//!
//! ```sh
//! cargo run --example step_reached
//! ```
//!
//! Settings come from the environment: `PORT` (default 8000) and `HOST` (default `127.0.0.1`;
//! `0.0.0.0` in a container), `CLUSTAAR_PRIVATE_KEY`, `CLUSTAAR_AUTH_USERNAME` and
//! `CLUSTAAR_AUTH_PASSWORD`, `CLUSTAAR_REQUEST_MAX_AGE` (seconds, `0` turns replay prevention
//! off; default 10), `REDIS_URL` (a replay store shared by every instance that names it).
//! `RUST_LOG` sets what is logged: `info` when unset, `debug` to see each refused request and
//! why, `off` for nothing. `GET /health` answers `ok`, for a container platform's health check.

#[path = "common/greeter.rs"]
mod greeter;
#[path = "common/private_key.rs"]
mod private_key;

use std::env;

use axum::routing::get;
use clustaar_webhook::shutdown_signal;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // Reads `RUST_LOG` (levels, optionally per target: `clustaar_webhook=debug`).
    tracing_subscriber::fmt::init();
    let app = greeter::webhook_from_env()
        .await?
        .into_router()
        .route("/health", get(|| async { "ok" }));

    let host = env::var("HOST").unwrap_or_else(|_| "127.0.0.1".to_owned());
    let port: u16 = match env::var("PORT") {
        Ok(port) => port.parse().map_err(|_| "PORT must be a port number")?,
        Err(_) => 8000,
    };
    let listener = tokio::net::TcpListener::bind((host.as_str(), port)).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    // Timeouts, a connection cap and a bounded graceful shutdown (on SIGTERM or Ctrl+C): fit
    // for the open internet.
    clustaar_webhook::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    Ok(())
}
