//! Where the playground sends its notifications: a webhook URL, over HTTP, or a webhook router
//! in this process.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Response, Uri};
use http_body_util::{BodyExt, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::PlaygroundError;
use crate::testing::{TestRequest, TestResponse};

/// How long the webhook may take to answer a turn, past which the turn is reported as failed.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read; the platform's own answers are far smaller.
const ANSWER_LIMIT: usize = 4 * 1024 * 1024;

/// The one webhook a playground talks to. It is fixed when the playground is built: nothing
/// the page sends can point the playground at another host.
#[derive(Clone)]
pub(super) enum Target {
    /// A webhook served at the URL of the playground's client, reached over HTTP (boxed: an
    /// HTTP client is far larger than the other variant).
    Url(Box<Client<HttpConnector, Body>>),
    /// The webhook router of the playground's [`TestClient`](crate::testing::TestClient),
    /// called without any network.
    InProcess,
}

impl Target {
    /// The target of a webhook URL, and the URL: `http://` only (a local or tunnelled webhook).
    pub(super) fn url(url: &str) -> Result<(Self, Uri), PlaygroundError> {
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
        Ok((Target::Url(Box::new(client)), uri))
    }

    /// Sends `request` and reads the whole answer, with the name of the route that took it
    /// when the webhook is in this process, or says why there is no answer.
    pub(super) async fn send(&self, request: TestRequest) -> Result<Answer, String> {
        let answer = async {
            match self {
                Target::Url(client) => {
                    let request = request.into_request();
                    let uri = request.uri().clone();
                    let response = client
                        .request(request)
                        .await
                        .map_err(|error| format!("could not reach {uri}: {}", describe(&error)))?;
                    let (parts, body) = response.into_parts();
                    let body = Limited::new(body, ANSWER_LIMIT)
                        .collect()
                        .await
                        .map_err(|error| format!("the answer could not be read: {error}"))?
                        .to_bytes();
                    Ok((Response::from_parts(parts, body), None))
                }
                Target::InProcess => Ok(in_process(request.send().await)),
            }
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

/// An answer, and the name of the route that took the notification when it is known.
pub(super) type Answer = (Response<Bytes>, Option<String>);

/// The test kit's answer as the one read over HTTP.
fn in_process(answer: TestResponse) -> Answer {
    let mut response = Response::new(answer.body().clone());
    *response.status_mut() = answer.status();
    *response.headers_mut() = answer.headers().clone();
    (response, answer.route().map(str::to_owned))
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
