//! The hand-written axum handler the webhook is measured against (`BENCHMARKS.md`), served like
//! the `step_reached` example, for `scripts/load.sh`.
//!
//! ```sh
//! cargo run --release --example hand_written_baseline
//! ```
//!
//! Settings come from the environment: `PORT` (default 8000), `CLUSTAAR_PRIVATE_KEY`,
//! `CLUSTAAR_AUTH_USERNAME` and `CLUSTAAR_AUTH_PASSWORD` (all three required),
//! `CLUSTAAR_REQUEST_MAX_AGE` (seconds, `0` turns replay prevention off; default 10).
//! `BASELINE=floor` serves the security-only floor instead: the same checks and a fixed
//! answer, no JSON read or written; `BASELINE=traced` the handler in a request span with the
//! webhook's span's fields. It logs as the examples do (`RUST_LOG`, INFO by default).

#[path = "common/private_key.rs"]
mod private_key;

use std::env;
use std::time::Duration;

#[path = "../clustaar-webhook/benches/common/hand_written.rs"]
mod hand_written;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The same subscriber as the examples': only the `traced` baseline opens spans in it.
    tracing_subscriber::fmt::init();
    let key = private_key::from_env()?.ok_or("CLUSTAAR_PRIVATE_KEY is required")?;
    let user =
        env::var("CLUSTAAR_AUTH_USERNAME").map_err(|_| "CLUSTAAR_AUTH_USERNAME is required")?;
    let password =
        env::var("CLUSTAAR_AUTH_PASSWORD").map_err(|_| "CLUSTAAR_AUTH_PASSWORD is required")?;
    let seconds: u64 = match env::var("CLUSTAAR_REQUEST_MAX_AGE") {
        Ok(seconds) => seconds
            .parse()
            .map_err(|_| "CLUSTAAR_REQUEST_MAX_AGE must be a whole number of seconds")?,
        Err(_) => 10,
    };
    let max_age = (seconds > 0).then(|| Duration::from_secs(seconds));
    let baseline = match env::var("BASELINE").as_deref() {
        Ok("floor") => hand_written::Baseline::Floor,
        Ok("traced") => hand_written::Baseline::Traced,
        _ => hand_written::Baseline::HandWritten,
    };
    let app = hand_written::router(baseline, &key, &user, &password, max_age);

    let port = env::var("PORT").unwrap_or_else(|_| "8000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    // The same server as the examples', so that the comparison is of the request handling only.
    clustaar_webhook::serve(listener, app)
        .with_graceful_shutdown(clustaar_webhook::shutdown_signal())
        .await;
    Ok(())
}
