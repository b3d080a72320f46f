//! Whether a connection has a request in progress, and how long it has had none.
//!
//! A request is in progress from the moment hyper hands its head to the service to the moment
//! hyper drops its answer's body (written, or abandoned). hyper keeps no such count itself.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use tokio::sync::Notify;

/// The requests in progress on one connection.
#[derive(Debug, Default)]
pub(super) struct Activity {
    in_progress: AtomicUsize,
    /// Told of every start and end. One waiter only (the connection's idle timer), so
    /// `notify_one` keeps a wake-up that comes while it is not waiting.
    changed: Notify,
}

impl Activity {
    /// Marks a request as in progress until the guard is dropped.
    pub(super) fn start(self: &Arc<Self>) -> InProgress {
        self.in_progress.fetch_add(1, Ordering::Relaxed);
        self.changed.notify_one();
        InProgress(Arc::clone(self))
    }

    fn is_busy(&self) -> bool {
        self.in_progress.load(Ordering::Relaxed) > 0
    }

    /// Resolves once no request has been in progress for `timeout`; never when `None`.
    pub(super) async fn idle(&self, timeout: Option<Duration>) {
        let Some(timeout) = timeout else {
            return std::future::pending().await;
        };
        loop {
            if self.is_busy() {
                self.changed.notified().await;
                continue;
            }
            tokio::select! {
                biased;
                // A request started (or a stale wake-up): look again, and restart the clock.
                () = self.changed.notified() => {}
                () = tokio::time::sleep(timeout) => return,
            }
        }
    }
}

/// A request in progress; dropping it ends it.
#[derive(Debug)]
pub(super) struct InProgress(Arc<Activity>);

impl Drop for InProgress {
    fn drop(&mut self) {
        self.0.in_progress.fetch_sub(1, Ordering::Relaxed);
        self.0.changed.notify_one();
    }
}

pin_project_lite::pin_project! {
    /// An answer's body that keeps its request in progress until hyper drops it, so that a
    /// long answer is never taken for idleness.
    #[derive(Debug)]
    pub(super) struct InFlight<B> {
        #[pin]
        body: B,
        request: Option<InProgress>,
    }
}

impl<B> InFlight<B> {
    pub(super) fn new(body: B, request: Option<InProgress>) -> Self {
        InFlight { body, request }
    }
}

impl<B: HttpBody<Data = Bytes>> HttpBody for InFlight<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        self.project().body.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDLE: Duration = Duration::from_millis(50);

    /// Whether `activity` turns idle within `wait`.
    async fn idle_within(activity: &Activity, wait: Duration) -> bool {
        tokio::time::timeout(wait, activity.idle(Some(IDLE)))
            .await
            .is_ok()
    }

    #[tokio::test]
    async fn idle_only_once_no_request_is_in_progress_for_the_timeout() {
        let activity = Arc::new(Activity::default());
        let request = activity.start();
        assert!(!idle_within(&activity, IDLE * 4).await);
        drop(request);
        assert!(idle_within(&activity, Duration::from_secs(5)).await);
    }

    #[tokio::test]
    async fn an_answer_in_flight_keeps_its_request_in_progress() {
        let activity = Arc::new(Activity::default());
        let body = InFlight::new(axum::body::Body::from("abc"), Some(activity.start()));
        assert_eq!(body.size_hint().exact(), Some(3));
        assert!(!body.is_end_stream());
        assert!(InFlight::new(axum::body::Body::empty(), None).is_end_stream());
        assert!(!idle_within(&activity, IDLE * 4).await);
        drop(body);
        assert!(idle_within(&activity, Duration::from_secs(5)).await);
    }
}
