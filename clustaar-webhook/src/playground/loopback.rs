//! The playground answers this machine only.
//!
//! It signs any notification its page asks for with the webhook's key: whoever reaches it can
//! have any notification signed and delivered, and make the bot say anything (a signing
//! oracle). So every request must come from this machine, by its peer address: the
//! `ConnectInfo<SocketAddr>` the server puts in each request, or the listener that
//! [`Playground::serve`](super::Playground::serve) checked. A request without either is refused:
//! the playground cannot tell who sent it, and fails closed.
//!
//! The peer alone keeps other machines out, but not other web pages open in the developer's
//! browser: a page of any site can post to `127.0.0.1`, and a site whose name resolves to
//! `127.0.0.1` (DNS rebinding) can even read the answers. Every request must therefore also
//! name a loopback host, and a request that changes something must come from the playground's
//! own page.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// What to write when the server gives no peer address: the message of that refusal.
const NO_PEER: &str = "The playground answers this machine only, and cannot tell which machine \
    sent this request: the server puts no peer address (ConnectInfo) in it. Serve the app with \
    `axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())`, \
    or the playground alone with `Playground::serve`.";

/// The mark [`Playground::serve`](super::Playground::serve) puts in its requests: their
/// listener is bound to a loopback address, to which the system delivers connections from this
/// machine only, so their peer needs no check of its own. Private to the crate: no other code
/// can put it in a request.
#[derive(Clone, Copy, Debug)]
pub(super) struct LoopbackListener;

/// Refuses, with a JSON error, a request from another machine or from an unknown peer, a
/// request that does not name a loopback host, or a request other than a read from another
/// origin.
pub(super) async fn same_machine_only(request: Request, next: Next) -> Response {
    if let Some(refusal) = refuse_peer(peer(&request)) {
        return refusal;
    }
    let headers = request.headers();
    let Some(host) = header_text(headers, header::HOST).filter(|host| is_loopback(host)) else {
        return refuse("The playground only answers requests to localhost, 127.0.0.1 or [::1].");
    };
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    if !reads && !from_origin(headers, host) {
        return refuse("The playground only takes turns from its own page.");
    }
    next.run(request).await
}

/// Who sent a request, as far as the playground can tell.
enum Peer {
    ThisMachine,
    Other(IpAddr),
    /// The server gave no peer address: the app is served without connect info.
    Unknown,
}

/// Who sent `request`: the listener [`Playground::serve`](super::Playground::serve) checked
/// vouches for it, or else the peer address the server gave.
fn peer(request: &Request) -> Peer {
    let extensions = request.extensions();
    if extensions.get::<LoopbackListener>().is_some() {
        return Peer::ThisMachine;
    }
    match extensions.get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(peer)) if is_loopback_peer(peer.ip()) => Peer::ThisMachine,
        Some(ConnectInfo(peer)) => Peer::Other(peer.ip()),
        None => Peer::Unknown,
    }
}

/// The answer to a request that is not from this machine: `403` from another machine, `500`
/// from an unknown peer (a mistake of the app, not of the client, whose message says how to
/// fix it).
fn refuse_peer(peer: Peer) -> Option<Response> {
    match peer {
        Peer::ThisMachine => None,
        Peer::Other(address) => Some(refuse(&format!(
            "The playground only answers this machine (127.0.0.1 or ::1), not {address}: it \
             signs notifications with the webhook's key."
        ))),
        Peer::Unknown => Some(super::error(StatusCode::INTERNAL_SERVER_ERROR, NO_PEER)),
    }
}

/// Whether a peer address is this machine's loopback.
fn is_loopback_peer(address: IpAddr) -> bool {
    // A dual-stack listener (`[::]`) sees an IPv4 peer as `::ffff:a.b.c.d`, which is not a
    // loopback address as IPv6 even when `a.b.c.d` is.
    address.to_canonical().is_loopback()
}

/// Whether a request comes from a page served by `host`: its `Origin`, when it has one, is
/// `http://<host>`, and the browser does not say it crossed sites.
fn from_origin(headers: &HeaderMap, host: &str) -> bool {
    let same_origin = header_text(headers, header::ORIGIN)
        .is_none_or(|origin| origin.strip_prefix("http://") == Some(host));
    let same_site = header_text(headers, "sec-fetch-site")
        .is_none_or(|site| matches!(site, "same-origin" | "none"));
    same_origin && same_site
}

/// Whether a `Host` value (a name or address, and maybe a port) names this machine.
fn is_loopback(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // `[::1]:7000`
        Some(rest) => rest.split_once(']').map_or(rest, |(address, _)| address),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

fn header_text(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn refuse(description: &str) -> Response {
    super::error(StatusCode::FORBIDDEN, description)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LOCALHOST:7000",
            "127.0.0.1:7000",
            "127.1.2.3",
            "[::1]:7000",
            "[::1]",
            "app.localhost:80",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "example.com",
            "localhost.example.com",
            "10.0.0.1:7000",
            "[::2]:80",
            "",
            "127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn loopback_peers() {
        for peer in ["127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1"] {
            assert!(is_loopback_peer(peer.parse().unwrap()), "{peer}");
        }
        for peer in [
            "192.168.1.5",
            "0.0.0.0",
            "::",
            "::ffff:192.168.1.5",
            "::2",
            "fe80::1",
        ] {
            assert!(!is_loopback_peer(peer.parse().unwrap()), "{peer}");
        }
    }

    #[test]
    fn origins() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, value.parse().unwrap());
            }
            map
        };
        assert!(from_origin(&headers(&[]), "127.0.0.1:7000"));
        assert!(from_origin(
            &headers(&[
                ("origin", "http://127.0.0.1:7000"),
                ("sec-fetch-site", "same-origin")
            ]),
            "127.0.0.1:7000"
        ));
        assert!(!from_origin(
            &headers(&[("origin", "http://127.0.0.1:7001")]),
            "127.0.0.1:7000"
        ));
        assert!(!from_origin(
            &headers(&[("origin", "null")]),
            "127.0.0.1:7000"
        ));
        assert!(!from_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            "127.0.0.1:7000"
        ));
    }
}
