//! The webhook inside an existing axum app: its own state, other routes, a layer, and the
//! webhook's checks on a route of the app through the `VerifiedNotification` extractor.
//!
//! ```sh
//! CLUSTAAR_PRIVATE_KEY=my-key cargo run --example mount
//! # POST http://127.0.0.1:8000/clustaar/webhook   the webhook
//! # POST http://127.0.0.1:8000/clustaar/audit     a plain axum route, same checks
//! # GET  http://127.0.0.1:8000/health
//! ```

#[path = "common/private_key.rs"]
mod private_key;

use std::env;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::HeaderValue;
use axum::response::Response;
use axum::routing::{get, post};
use clustaar_webhook::extract::VerifiedNotification;
use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
use clustaar_webhook::security::SecurityConfig;
use clustaar_webhook::{Webhook, on, routes, shutdown_signal};
use tower::util::MapResponseLayer;

/// The app's state: the extractor finds the security settings in it through `FromRef`.
#[derive(Clone, FromRef)]
struct AppState {
    security: SecurityConfig,
    greeted: Arc<AtomicU64>,
}

/// Counts the greetings in the app's state.
#[on]
async fn greet(State(greeted): State<Arc<AtomicU64>>, n: StepReached) -> StepReachedResponse {
    let count = greeted.fetch_add(1, Ordering::Relaxed) + 1;
    let text = format!("Hello, greeting number {count}");
    StepReachedResponse::new()
        .action(SendTextAction::new(text))
        .session(n.session)
}

/// A route of the app that is not the webhook, but wants the same checks.
async fn audit(VerifiedNotification(n): VerifiedNotification<StepReached>) -> String {
    format!("step {} reached", n.step_id())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = private_key::from_env_or("my-key")?;
    let security = SecurityConfig::new().private_key(&key);
    let state = AppState {
        security: security.clone(),
        greeted: Arc::default(),
    };

    let webhook = Webhook::new()
        .security(security)
        .path("/webhook")
        .routes(routes![greet])
        .into_router();
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .nest("/clustaar", webhook.route("/audit", post(audit)))
        // Layers apply to the webhook's answers too, its JSON errors included.
        .layer(MapResponseLayer::new(|mut response: Response| {
            let served_by = HeaderValue::from_static("clustaar-webhook example");
            response.headers_mut().insert("x-served-by", served_by);
            response
        }))
        .with_state(state);

    let port = env::var("PORT").unwrap_or_else(|_| "8000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    clustaar_webhook::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    Ok(())
}
