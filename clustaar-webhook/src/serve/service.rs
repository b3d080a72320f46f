//! The service hyper calls for each request of a connection: the app, with the body timeout
//! on the request and the in-progress mark on the answer.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use hyper::body::Incoming;
use tower::Service;
use tower::util::{Oneshot, ServiceExt as _};

use super::body_timeout::WithDeadline;
use super::idle::{Activity, InFlight, InProgress};

/// The app, as one connection serves it.
#[derive(Debug)]
pub(super) struct ConnectionService<S> {
    app: S,
    activity: Arc<Activity>,
    body_timeout: Option<Duration>,
}

impl<S> ConnectionService<S> {
    pub(super) fn new(app: S, activity: Arc<Activity>, body_timeout: Option<Duration>) -> Self {
        ConnectionService {
            app,
            activity,
            body_timeout,
        }
    }
}

impl<S> hyper::service::Service<hyper::Request<Incoming>> for ConnectionService<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone,
{
    type Response = hyper::Response<InFlight<Body>>;
    type Error = Infallible;
    type Future = ResponseFuture<S>;

    fn call(&self, request: hyper::Request<Incoming>) -> Self::Future {
        let in_progress = self.activity.start();
        // The deadline starts now, with the head read: the body has the whole timeout.
        let request = match self.body_timeout {
            Some(timeout) => request.map(|body| Body::new(WithDeadline::new(body, timeout))),
            None => request.map(Body::new),
        };
        // hyper calls through `&self`, tower through `&mut self`: each request gets a clone, as
        // axum's own server does (a `Router` is an `Arc`).
        ResponseFuture {
            answer: self.app.clone().oneshot(request),
            in_progress: Some(in_progress),
        }
    }
}

pin_project_lite::pin_project! {
    /// The app's answer, with its body marked in progress.
    pub(super) struct ResponseFuture<S: Service<Request>> {
        #[pin]
        answer: Oneshot<S, Request>,
        in_progress: Option<InProgress>,
    }
}

impl<S> Future for ResponseFuture<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Output = Result<hyper::Response<InFlight<Body>>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.answer.poll(cx))?;
        let in_progress = this.in_progress.take();
        Poll::Ready(Ok(response.map(|body| InFlight::new(body, in_progress))))
    }
}
