//! Serving a webhook on the open internet: [`serve`] and its [`Server`] builder.
#![doc = include_str!("../docs/serve.md")]

mod accept;
mod body_timeout;
mod connection;
mod idle;
mod per_ip;
mod run;
mod service;
mod shutdown;

use std::convert::Infallible;
use std::fmt;
use std::future::{Future, IntoFuture, Pending};
use std::io;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::pin::Pin;
use std::time::Duration;

use axum::extract::Request;
use axum::response::Response;
use tokio::net::TcpListener;
use tower::Service;

pub use shutdown::shutdown_signal;

/// How long a client may take to send a request's head (its request line and headers), by
/// default. See [`Server::header_read_timeout`].
///
/// ```
/// use std::time::Duration;
/// use clustaar_webhook::serve::DEFAULT_HEADER_READ_TIMEOUT;
///
/// assert_eq!(DEFAULT_HEADER_READ_TIMEOUT, Duration::from_secs(10));
/// ```
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may stay open with no request in progress, by default. See
/// [`Server::idle_timeout`].
///
/// ```
/// use std::time::Duration;
/// use clustaar_webhook::serve::DEFAULT_IDLE_TIMEOUT;
///
/// assert_eq!(DEFAULT_IDLE_TIMEOUT, Duration::from_secs(5));
/// ```
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a client may take to send a request's body, by default. See
/// [`Server::body_timeout`].
///
/// ```
/// use std::time::Duration;
/// use clustaar_webhook::serve::DEFAULT_BODY_TIMEOUT;
///
/// assert_eq!(DEFAULT_BODY_TIMEOUT, Duration::from_secs(10));
/// ```
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// How many connections are served at once, by default. See [`Server::max_connections`].
///
/// ```
/// use clustaar_webhook::serve::DEFAULT_MAX_CONNECTIONS;
///
/// assert_eq!(DEFAULT_MAX_CONNECTIONS, 1024);
/// ```
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// How long a graceful shutdown waits for the requests in flight, by default. See
/// [`Server::shutdown_timeout`].
///
/// ```
/// use std::time::Duration;
/// use clustaar_webhook::serve::DEFAULT_SHUTDOWN_TIMEOUT;
///
/// assert_eq!(DEFAULT_SHUTDOWN_TIMEOUT, Duration::from_secs(10));
/// ```
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `service` (an [`axum::Router`], state applied) on `listener`, with the defaults this
/// module describes; `.await` the [`Server`] to run it.
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
pub fn serve<S>(listener: TcpListener, service: S) -> Server<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    Server {
        listener,
        service,
        settings: Settings::default(),
        signal: std::future::pending(),
    }
}

/// A server being set up: each builder method changes one setting; `.await` it to serve.
///
/// Made by [`serve`]. The future it becomes resolves only after a graceful shutdown
/// ([`with_graceful_shutdown`](Self::with_graceful_shutdown)); dropping it closes every
/// connection at once.
///
/// ```no_run
/// use std::time::Duration;
/// use clustaar_webhook::{Webhook, shutdown_signal};
///
/// # async fn run() -> std::io::Result<()> {
/// let app = Webhook::new().private_key("key").into_router();
/// let listener = tokio::net::TcpListener::bind("0.0.0.0:8000").await?;
/// let server = clustaar_webhook::serve(listener, app)
///     .header_read_timeout(Duration::from_secs(5))
///     .idle_timeout(Duration::from_secs(2))
///     .body_timeout(Duration::from_secs(5))
///     .max_connections(256)
///     .shutdown_timeout(Duration::from_secs(20))
///     .with_graceful_shutdown(shutdown_signal());
/// println!("listening on {}", server.local_addr()?);
/// server.await;
/// # Ok(())
/// # }
/// ```
#[must_use = "a server does nothing until it is awaited"]
pub struct Server<S, F = Pending<()>> {
    listener: TcpListener,
    service: S,
    settings: Settings,
    signal: F,
}

/// The settings every connection is served with.
#[derive(Clone, Copy, Debug)]
struct Settings {
    header_read_timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    body_timeout: Option<Duration>,
    max_connections: usize,
    max_connections_per_ip: Option<NonZeroUsize>,
    shutdown_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            header_read_timeout: Some(DEFAULT_HEADER_READ_TIMEOUT),
            idle_timeout: Some(DEFAULT_IDLE_TIMEOUT),
            body_timeout: Some(DEFAULT_BODY_TIMEOUT),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_connections_per_ip: None,
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
        }
    }
}

impl<S, F> Server<S, F> {
    /// How long a client may take to send a request's head, from the moment the connection
    /// waits for it (accepted, or done with its previous request) to its last header line;
    /// the connection is closed past it. `None` turns it off. Default:
    /// [`DEFAULT_HEADER_READ_TIMEOUT`].
    ///
    /// hyper starts this clock as soon as a connection waits for a request, so it also bounds
    /// how long a connection stays idle (see [`idle_timeout`](Self::idle_timeout)).
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) {
    /// use std::time::Duration;
    /// clustaar_webhook::serve(listener, app).header_read_timeout(Duration::from_secs(5)).await;
    /// # }
    /// ```
    pub fn header_read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.settings.header_read_timeout = timeout.into();
        self
    }

    /// How long a connection may stay open with no request in progress (a request is in
    /// progress from the end of its head to the end of its answer's body); the connection is
    /// closed past it. `None` turns it off. Default: [`DEFAULT_IDLE_TIMEOUT`].
    ///
    /// The [header read timeout](Self::header_read_timeout) runs over the same idle time, so an
    /// idle connection is closed after the shorter of the two.
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) {
    /// use std::time::Duration;
    /// clustaar_webhook::serve(listener, app).idle_timeout(Duration::from_secs(2)).await;
    /// # }
    /// ```
    pub fn idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.settings.idle_timeout = timeout.into();
        self
    }

    /// How long a client may take to send a request's body, from the end of its head: the
    /// whole body must have arrived within it. Past it, reading the body fails; the webhook
    /// answers [`Rejection::BodyTimeout`](crate::Rejection::BodyTimeout) (`408`, JSON) and closes
    /// the connection. `None` turns it off. Default: [`DEFAULT_BODY_TIMEOUT`].
    ///
    /// The error a route of your own reads is an `std::io::Error` of kind `TimedOut`.
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) {
    /// use std::time::Duration;
    /// clustaar_webhook::serve(listener, app).body_timeout(Duration::from_secs(5)).await;
    /// # }
    /// ```
    pub fn body_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.settings.body_timeout = timeout.into();
        self
    }

    /// How many connections are served at once. At the cap, the server stops accepting: new
    /// connections wait in the kernel's backlog until one ends. Default:
    /// [`DEFAULT_MAX_CONNECTIONS`].
    ///
    /// Keep it under the process's file limit (`ulimit -n`), with room for the files the
    /// handlers open.
    ///
    /// # Panics
    ///
    /// When `connections` is 0: such a server would never answer.
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) {
    /// clustaar_webhook::serve(listener, app).max_connections(256).await;
    /// # }
    /// ```
    pub fn max_connections(mut self, connections: usize) -> Self {
        assert!(connections > 0, "a server needs at least one connection");
        // tokio's semaphore holds at most `Semaphore::MAX_PERMITS`.
        self.settings.max_connections = connections.min(tokio::sync::Semaphore::MAX_PERMITS);
        self
    }

    /// How many connections one client address may have open at once; a connection above it
    /// is closed as soon as it is accepted, and other addresses are served as usual. `None`
    /// turns it off. Default: off.
    ///
    /// Without it, one client can hold every place under
    /// [`max_connections`](Self::max_connections), each for as long as the timeouts allow. It
    /// is off by default because the platform posts from a few addresses, so a low cap would
    /// turn its own notifications away, and because behind a reverse proxy every connection
    /// comes from the proxy's address: there, leave it off and set the limit per client in the
    /// proxy. Set it when the server takes connections straight from the internet, well above
    /// the connections the platform keeps open at once. An IPv4 client of a dual-stack
    /// listener counts as its IPv4 address; an IPv6 address counts on its own (a client with a
    /// whole prefix has many).
    ///
    /// # Panics
    ///
    /// When `connections` is `Some(0)`: no client would be served.
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) {
    /// clustaar_webhook::serve(listener, app)
    ///     .max_connections(1024)
    ///     .max_connections_per_ip(64)
    ///     .await;
    /// # }
    /// ```
    pub fn max_connections_per_ip(mut self, connections: impl Into<Option<usize>>) -> Self {
        let connections = connections.into();
        assert_ne!(
            connections,
            Some(0),
            "a client needs at least one connection"
        );
        self.settings.max_connections_per_ip = connections.and_then(NonZeroUsize::new);
        self
    }

    /// How long a graceful shutdown waits for the requests in flight before it drops the
    /// connections left. Default: [`DEFAULT_SHUTDOWN_TIMEOUT`].
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) {
    /// use std::time::Duration;
    /// use clustaar_webhook::shutdown_signal;
    /// clustaar_webhook::serve(listener, app)
    ///     .shutdown_timeout(Duration::from_secs(20))
    ///     .with_graceful_shutdown(shutdown_signal())
    ///     .await;
    /// # }
    /// ```
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.settings.shutdown_timeout = timeout;
        self
    }

    /// Shuts down when `signal` resolves: the server stops accepting, lets the requests in
    /// flight finish (each connection closes after its answer) for at most the
    /// [shutdown timeout](Self::shutdown_timeout), drops the connections left, and the future
    /// resolves. [`shutdown_signal`] is Ctrl-C or SIGTERM.
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) {
    /// use clustaar_webhook::shutdown_signal;
    /// clustaar_webhook::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await;
    /// # }
    /// ```
    pub fn with_graceful_shutdown<G>(self, signal: G) -> Server<S, G>
    where
        G: Future<Output = ()> + Send + 'static,
    {
        Server {
            listener: self.listener,
            service: self.service,
            settings: self.settings,
            signal,
        }
    }

    /// The address the server listens on (to learn the port the system chose for port 0).
    ///
    /// ```no_run
    /// # async fn run(app: axum::Router) -> std::io::Result<()> {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// let server = clustaar_webhook::serve(listener, app);
    /// println!("listening on http://{}", server.local_addr()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

impl<S, F> fmt::Debug for Server<S, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("listener", &self.listener)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl<S, F> IntoFuture for Server<S, F>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
    F: Future<Output = ()> + Send + 'static,
{
    type Output = ();
    type IntoFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(run::run(
            self.listener,
            self.service,
            self.settings,
            self.signal,
        ))
    }
}
