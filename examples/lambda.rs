//! The `step_reached` example's webhook as an AWS Lambda function, behind an API Gateway HTTP
//! API or a function URL (both send payload format 2.0).
//!
//! ```sh
//! cargo lambda build --release --example lambda   # or any build for the Lambda's target
//! ```
//!
//! AWS's `lambda_http` turns each invocation into an HTTP request for the webhook's router,
//! unchanged, and its answer into the invocation's response: the body arrives whole, the
//! `Date`, `X-Hub-Signature` and `Authorization` headers as the platform sent them, and a
//! refused notification gets the same JSON `4xx` as from a server. It reads the same variables
//! as `step_reached` (`CLUSTAAR_PRIVATE_KEY`…, `REDIS_URL`, `RUST_LOG`), once, when the function
//! starts. Each instance of the function remembers the deliveries it answered only while AWS
//! keeps it, and the platform's copies may reach another one: set `REDIS_URL` so that every
//! instance shares one replay store (without it, the time window still bounds replays).
//!
//! Outside Lambda, the runtime's address comes from `AWS_LAMBDA_RUNTIME_API`, with
//! `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` and
//! `AWS_LAMBDA_FUNCTION_VERSION` (the repository's tests run it so, against a stand-in).

#[path = "common/greeter.rs"]
mod greeter;
#[path = "common/private_key.rs"]
mod private_key;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    // Lambda stamps each line of the log with its time and invocation: no time, no colours.
    tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .init();
    // Built once per instance (its cold start), then reused by every invocation it serves.
    let app = greeter::webhook_from_env().await?.into_router();
    lambda_http::run(app).await
}
