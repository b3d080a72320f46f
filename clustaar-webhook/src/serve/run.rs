//! The server's life: accept connections until the shutdown signal, then drain them.

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;

use axum::extract::Request;
use axum::response::Response;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tower::Service;

use super::Settings;
use super::accept::Acceptor;
use super::connection;
use super::shutdown;

/// Serves every connection `listener` accepts, each in a task of its own, until `signal`.
pub(super) async fn run<S, F>(listener: TcpListener, service: S, settings: Settings, signal: F)
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
    F: Future<Output = ()> + Send,
{
    let mut acceptor = Acceptor::new(
        listener,
        settings.max_connections,
        settings.max_connections_per_ip,
    );
    let graceful = GracefulShutdown::new();
    // The tasks are owned here, not detached, so that the shutdown deadline (or dropping the
    // server) can end the connections that outstay it.
    let mut connections = JoinSet::new();
    let mut signal = pin!(signal);
    loop {
        let accepted = tokio::select! {
            biased;
            () = &mut signal => break,
            accepted = acceptor.accept() => accepted,
        };
        // A finished task keeps its slot until it is joined.
        while connections.try_join_next().is_some() {}
        let served = connection::serve(accepted, service.clone(), settings, graceful.watcher());
        connections.spawn(served);
    }
    // Closing the listener refuses the connections still in the backlog at once, rather than
    // leaving them to time out.
    drop(acceptor);
    shutdown::drain(graceful, connections, settings.shutdown_timeout).await;
}
