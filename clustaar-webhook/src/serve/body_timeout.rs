//! The body timeout: a request body that must have arrived by a deadline.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::Sleep;

pin_project_lite::pin_project! {
    /// A request body that fails with an `io::Error` of kind `TimedOut` when it is still
    /// waiting for data at its deadline, however steadily the data trickles in.
    ///
    /// The deadline is for the client, not for the handler: data already received is handed
    /// over even after it, and a body never polled never fails.
    #[derive(Debug)]
    pub(super) struct WithDeadline<B> {
        #[pin]
        body: B,
        #[pin]
        deadline: Sleep,
    }
}

impl<B> WithDeadline<B> {
    /// `body`, which must have arrived within `timeout` from now.
    pub(super) fn new(body: B, timeout: Duration) -> Self {
        WithDeadline {
            body,
            deadline: tokio::time::sleep(timeout),
        }
    }
}

impl<B> HttpBody for WithDeadline<B>
where
    B: HttpBody,
    B::Error: Into<axum::BoxError>,
{
    type Data = B::Data;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, Self::Error>>> {
        let this = self.project();
        if let Poll::Ready(frame) = this.body.poll_frame(cx) {
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        match this.deadline.poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(timed_out().into()))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The error the webhook reads as [`Rejection::BodyTimeout`](crate::Rejection::BodyTimeout).
fn timed_out() -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        "the request body did not arrive within the body timeout",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passes_its_body_s_length_and_end_through() {
        let body = WithDeadline::new(axum::body::Body::from("abc"), Duration::from_secs(5));
        assert_eq!(body.size_hint().exact(), Some(3));
        assert!(!body.is_end_stream());
        let empty = WithDeadline::new(axum::body::Body::empty(), Duration::from_secs(5));
        assert!(empty.is_end_stream());
    }
}
