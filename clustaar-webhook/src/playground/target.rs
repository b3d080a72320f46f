//! Where the playground sends its notifications: a webhook URL, over HTTP, or a webhook router
//! in this process.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, Response, Uri};
use http_body_util::{BodyExt, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tower::ServiceExt;

use super::PlaygroundError;
use crate::webhook::RouteFinder;

/// How long the webhook may take to answer a turn, past which the turn is reported as failed.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read; the platform's own answers are far smaller.
const ANSWER_LIMIT: usize = 4 * 1024 * 1024;

/// The one webhook a playground talks to. It is fixed when the playground is built: nothing
/// the page sends can point the playground at another host.
#[derive(Clone)]
pub(super) enum Target {
    /// A webhook served at this URL, reached over HTTP.
    Url {
        uri: Uri,
        client: Client<HttpConnector, Body>,
    },
    /// A webhook router in this process, called without any network.
    InProcess {
        router: axum::Router,
        path: String,
        route_finder: Option<RouteFinder>,
    },
}

impl Target {
    /// The target of a webhook URL: `http://` only (a local or tunnelled webhook).
    pub(super) fn url(url: &str) -> Result<Self, PlaygroundError> {
        let unsupported = |reason| PlaygroundError::UnsupportedUrl {
            url: url.to_owned(),
            reason,
        };
        let uri: Uri = url.parse().map_err(|_| unsupported("it is not a URL"))?;
        if uri.scheme_str() != Some("http") {
            return Err(unsupported("only http:// is supported"));
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(unsupported("it has no host"));
        }
        let client = Client::builder(TokioExecutor::new()).build_http();
        Ok(Target::Url { uri, client })
    }

    /// What the page shows as the target.
    pub(super) fn describe(&self) -> String {
        match self {
            Target::Url { uri, .. } => uri.to_string(),
            Target::InProcess { path, .. } => format!("the webhook in this process, at {path}"),
        }
    }

    /// The URI the notification is posted to.
    pub(super) fn uri(&self) -> Uri {
        match self {
            Target::Url { uri, .. } => uri.clone(),
            Target::InProcess { path, .. } => {
                path.parse().unwrap_or_else(|_| Uri::from_static("/"))
            }
        }
    }

    /// The name of the route that takes `body`, when the webhook is in this process.
    pub(super) fn route(&self, body: &Bytes) -> Option<String> {
        match self {
            Target::InProcess {
                route_finder: Some(find),
                ..
            } => find(body),
            _ => None,
        }
    }

    /// Sends `request` and reads the whole answer, or says why there is none.
    pub(super) async fn send(&self, request: Request<Body>) -> Result<Response<Bytes>, String> {
        let answer = async {
            let response = match self {
                Target::Url { uri, client } => client
                    .request(request)
                    .await
                    .map_err(|error| format!("could not reach {uri}: {}", describe(&error)))?
                    .map(Body::new),
                Target::InProcess { router, .. } => match router.clone().oneshot(request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                },
            };
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, ANSWER_LIMIT)
                .collect()
                .await
                .map_err(|error| format!("the answer could not be read: {error}"))?
                .to_bytes();
            Ok(Response::from_parts(parts, body))
        };
        tokio::time::timeout(ANSWER_TIMEOUT, answer)
            .await
            .unwrap_or_else(|_| {
                Err(format!(
                    "the webhook did not answer within {} s",
                    ANSWER_TIMEOUT.as_secs()
                ))
            })
    }
}

/// An error and its causes, on one line: hyper's client errors say little at the top.
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
