//! Serving one connection: hyper's HTTP/1 with a real timer, closed when idle too long.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::Request;
use axum::response::Response;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::Watcher;
use tower::Service;

use super::Settings;
use super::accept::Accepted;
use super::idle::Activity;
use super::service::ConnectionService;

/// Serves the requests of one connection until it closes, fails, stays idle too long, or the
/// server shuts down (`watcher`). Its places under the connection caps are freed at the end.
pub(super) async fn serve<S>(accepted: Accepted, service: S, settings: Settings, watcher: Watcher)
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    let Accepted {
        stream,
        peer,
        permit: _permit,
        ip_place: _ip_place,
    } = accepted;
    // Answers are small and written at once: sending them without waiting for the client's
    // acknowledgement of the previous segment saves a round trip.
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%peer, %error, "cannot set TCP_NODELAY");
    }
    let activity = Arc::new(Activity::default());
    let service = ConnectionService::new(service, Arc::clone(&activity), settings.body_timeout);
    let connection = builder(&settings).serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        // The connection first: a request that starts in the same poll as the idle timer
        // fires is served, not cut.
        biased;
        served = watcher.watch(connection) => {
            if let Err(error) = served {
                tracing::debug!(%peer, %error, "connection error");
            }
        }
        () = activity.idle(settings.idle_timeout) => {
            // No request is in progress: dropping the connection loses nothing.
            tracing::debug!(%peer, "idle connection closed");
        }
    }
}

/// hyper's HTTP/1 settings. Without a timer, hyper has no header read timeout at all (that is
/// how `axum::serve` runs it).
fn builder(settings: &Settings) -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout);
    builder
}
