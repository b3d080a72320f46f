//! Shutting down: the ready-made signal, and draining the connections within a deadline.

use std::time::Duration;

use hyper_util::server::graceful::GracefulShutdown;
use tokio::task::JoinSet;

/// Resolves on Ctrl-C, or on SIGTERM on Unix (what `docker stop`, systemd and Kubernetes send):
/// the signal to give [`Server::with_graceful_shutdown`](super::Server::with_graceful_shutdown).
///
/// When a signal handler cannot be installed, that signal is ignored (and logged) rather than
/// taken for a shutdown.
///
/// ```no_run
/// use clustaar_webhook::{Webhook, shutdown_signal};
///
/// # async fn run() -> std::io::Result<()> {
/// let app = Webhook::new().private_key("key").into_router();
/// let listener = tokio::net::TcpListener::bind("0.0.0.0:8000").await?;
/// clustaar_webhook::serve(listener, app)
///     .with_graceful_shutdown(shutdown_signal())
///     .await;
/// # Ok(())
/// # }
/// ```
pub async fn shutdown_signal() {
    tokio::select! {
        () = ctrl_c() => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate() => tracing::info!("SIGTERM received, shutting down"),
    }
}

async fn ctrl_c() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        tracing::warn!(%error, "cannot listen for Ctrl-C");
        std::future::pending::<()>().await;
    }
}

#[cfg(unix)]
async fn terminate() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            terminate.recv().await;
        }
        Err(error) => {
            tracing::warn!(%error, "cannot listen for SIGTERM");
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(not(unix))]
async fn terminate() {
    std::future::pending::<()>().await;
}

/// Lets every connection finish its request in flight and close, for at most `deadline`; then
/// ends the connections left.
pub(super) async fn drain(
    graceful: GracefulShutdown,
    mut connections: JoinSet<()>,
    deadline: Duration,
) {
    let open = graceful.count();
    tracing::info!(
        connections = open,
        "shutting down: finishing the requests in flight"
    );
    if tokio::time::timeout(deadline, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            connections = connections.len(),
            ?deadline,
            "shutdown deadline passed: dropping the connections left"
        );
    }
    // Aborts what is left (nothing after a drain in time) and waits for the tasks to end, so
    // that every socket is closed when the server's future resolves.
    connections.shutdown().await;
}
