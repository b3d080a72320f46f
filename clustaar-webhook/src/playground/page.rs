//! The page: plain HTML, CSS and JavaScript, embedded in the crate, with nothing fetched from
//! elsewhere, so that it works offline.

use axum::http::header;
use axum::response::IntoResponse;

/// The whole page in one document, so that it works wherever the router is nested.
const PAGE: &str = concat!(
    include_str!("page/head.html"),
    "<style>\n",
    include_str!("page/playground.css"),
    "</style>\n",
    include_str!("page/body.html"),
    "<script>\n",
    include_str!("page/playground.js"),
    "</script>\n</html>\n",
);

/// What the page may load and where it may be shown: scripts and styles of its own only,
/// requests to its own API, images from anywhere (the bot's cards), never in a frame.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
     style-src 'unsafe-inline'; connect-src 'self'; img-src * data:; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'none'";

pub(super) async fn index() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        PAGE,
    )
}
