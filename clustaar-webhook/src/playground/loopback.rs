//! The playground answers pages of this machine only.
//!
//! Binding to loopback keeps other machines out, but not other web pages open in the
//! developer's browser: a page of any site can post to `127.0.0.1`, and a site whose name
//! resolves to `127.0.0.1` (DNS rebinding) can even read the answers. Every request must
//! therefore name a loopback host, and a request that changes something must come from the
//! playground's own page.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;

/// Refuses, with a `403` JSON error, a request that does not name a loopback host, or a
/// request other than a read from another origin.
pub(super) async fn same_machine_only(request: Request, next: Next) -> Response {
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

fn refuse(description: &'static str) -> Response {
    let body = serde_json::json!({ "title": "403 Forbidden", "description": description });
    (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
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
