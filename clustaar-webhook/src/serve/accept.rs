//! Accepting connections: at most the cap at once (and per address, if set), and accept errors
//! survived.

use std::io;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::per_ip::{IpPlace, PerIpCap};

/// The first wait after an accept error; it doubles on each error in a row.
const FIRST_BACKOFF: Duration = Duration::from_millis(10);
/// The longest wait between two attempts, so that the server comes back soon after the cause
/// (most often: no file descriptor left) goes away.
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// A connection accepted, with its places under the caps: they are freed when it is dropped.
#[derive(Debug)]
pub(super) struct Accepted {
    pub(super) stream: TcpStream,
    pub(super) peer: SocketAddr,
    pub(super) permit: OwnedSemaphorePermit,
    pub(super) ip_place: IpPlace,
}

/// The listener, and the places left under the connection caps.
#[derive(Debug)]
pub(super) struct Acceptor {
    listener: TcpListener,
    places: Arc<Semaphore>,
    per_ip: PerIpCap,
    backoff: Option<Duration>,
}

impl Acceptor {
    pub(super) fn new(
        listener: TcpListener,
        max_connections: usize,
        max_per_ip: Option<NonZeroUsize>,
    ) -> Self {
        Acceptor {
            listener,
            places: Arc::new(Semaphore::new(max_connections)),
            per_ip: PerIpCap::new(max_per_ip),
            backoff: None,
        }
    }

    /// The next connection. Cancel-safe: nothing is lost when the future is dropped.
    pub(super) async fn accept(&mut self) -> Accepted {
        // At the cap, nothing is accepted until a connection ends: the excess waits in the
        // kernel's backlog instead of costing a file descriptor and a task each.
        let permit = Arc::clone(&self.places)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        loop {
            match self.listener.accept().await {
                Ok((stream, peer)) => {
                    self.backoff = None;
                    // Unlike the global cap, this one can only act after the accept: the kernel's
                    // backlog does not sort by address. So the excess is closed at once (the
                    // stream dropped here), and the permit serves the next connection.
                    let Some(ip_place) = self.per_ip.admit(peer.ip()) else {
                        tracing::debug!(%peer, "connection cap per address reached: closed");
                        continue;
                    };
                    return Accepted {
                        stream,
                        peer,
                        permit,
                        ip_place,
                    };
                }
                Err(error) => {
                    if let Some(delay) = self.pause_after(&error) {
                        tokio::time::sleep(delay).await;
                    }
                }
            }
        }
    }

    /// The pause an accept error calls for before the next attempt.
    fn pause_after(&mut self, error: &io::Error) -> Option<Duration> {
        // The client left before it was accepted: nothing is wrong with the server.
        if is_connection_error(error) {
            tracing::debug!(%error, "a connection ended before it was accepted");
            return None;
        }
        // Out of file descriptors or memory: accepting again at once would fail the same way,
        // in a busy loop, so wait a little longer each time.
        let delay = self.next_backoff();
        tracing::error!(%error, retry_in = ?delay, "cannot accept connections");
        Some(delay)
    }

    fn next_backoff(&mut self) -> Duration {
        let delay = self
            .backoff
            .map_or(FIRST_BACKOFF, |delay| (delay * 2).min(MAX_BACKOFF));
        self.backoff = Some(delay);
        delay
    }
}

/// An error of the one connection being accepted, not of the listener.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pause after an accept error doubles from 10 ms up to 1 s, and starts over after a
    /// success.
    #[tokio::test]
    async fn the_backoff_grows_to_its_cap() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut acceptor = Acceptor::new(listener, 1, None);
        let delays: Vec<u64> = (0..9)
            .map(|_| acceptor.next_backoff().as_millis() as u64)
            .collect();
        assert_eq!(delays, [10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
    }

    /// A client gone before its accept costs no pause; an error of the listener does.
    #[tokio::test]
    async fn only_an_error_of_the_listener_pauses_the_accepts() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut acceptor = Acceptor::new(listener, 1, None);
        for kind in [
            io::ErrorKind::ConnectionRefused,
            io::ErrorKind::ConnectionAborted,
            io::ErrorKind::ConnectionReset,
        ] {
            assert_eq!(acceptor.pause_after(&kind.into()), None, "{kind:?}");
        }
        let out_of_files = io::Error::other("too many open files");
        assert_eq!(
            acceptor.pause_after(&out_of_files),
            Some(Duration::from_millis(10))
        );
        assert_eq!(
            acceptor.pause_after(&out_of_files),
            Some(Duration::from_millis(20))
        );
    }
}
