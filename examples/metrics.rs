//! Metrics for every answered notification: the `on_outcome` hook feeds the `metrics` facade,
//! here recorded for Prometheus and served on `GET /metrics`.
//!
//! ```sh
//! CLUSTAAR_PRIVATE_KEY=my-key cargo run --example metrics
//! # POST http://127.0.0.1:8000/          the webhook
//! # GET  http://127.0.0.1:8000/metrics   the figures, in Prometheus' text format
//! ```
//!
//! Any other `metrics` recorder (OpenTelemetry, StatsD…) takes the same figures: the hook only
//! talks to the facade.

#[path = "common/private_key.rs"]
mod private_key;

use std::env;

use axum::routing::get;
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::{Outcome, Webhook, on, routes, shutdown_signal};
use metrics_exporter_prometheus::PrometheusBuilder;

/// Greets the user and keeps the session.
#[on]
async fn greet(notification: StepReached) -> StepReachedResponse {
    let name = notification.session.get_str("name").unwrap_or("there");
    StepReachedResponse::new()
        .action(SendTextAction::new(format!("Hello {name}")))
        .session(notification.session)
}

/// Counts the notification by route, status and bot, times it, and counts refusals by their
/// reason.
///
/// Every label is drawn from a fixed set (route names, status codes, rejection names, the bots
/// whose signature passed), never from an unchecked request, so a client cannot grow the
/// number of series.
fn record(outcome: &Outcome<'_>) {
    // The facade keeps label values beyond this call, so they are owned.
    let route = outcome.route().unwrap_or("none").to_owned();
    let status = outcome.status().as_str().to_owned();
    let bot = outcome.bot_id().unwrap_or("none").to_owned();
    metrics::counter!(
        "clustaar_webhook_notifications_total",
        "route" => route.clone(),
        "status" => status,
        "bot" => bot
    )
    .increment(1);
    metrics::histogram!("clustaar_webhook_duration_seconds", "route" => route)
        .record(outcome.elapsed().as_secs_f64());
    if let Some(rejection) = outcome.rejection() {
        metrics::counter!("clustaar_webhook_rejections_total", "reason" => rejection.name())
            .increment(1);
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt::init();
    let prometheus = PrometheusBuilder::new().install_recorder()?;

    let key = private_key::from_env()?
        .ok_or("set CLUSTAAR_PRIVATE_KEY to the key of the bot's webhook settings")?;
    let mut webhook = Webhook::new()
        .private_key(key)
        .routes(routes![greet])
        .on_outcome(record);
    if let (Ok(user), Ok(password)) = (
        env::var("CLUSTAAR_AUTH_USERNAME"),
        env::var("CLUSTAAR_AUTH_PASSWORD"),
    ) {
        webhook = webhook.basic_auth(user, password);
    }
    let app = webhook.into_router().route(
        "/metrics",
        get(move || std::future::ready(prometheus.render())),
    );

    let port = env::var("PORT").unwrap_or_else(|_| "8000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    clustaar_webhook::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    Ok(())
}
