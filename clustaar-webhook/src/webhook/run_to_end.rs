//! A handler's run that outlives its request, when it has to.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::response::Response;

/// The rest of a request's answer once its handler started: the handler, storing its answer
/// and the report.
///
/// Polled in place while the request waits for it, which costs nothing more than a box. If the
/// request is dropped first (its client went away, or a layer gave up on it), the run is handed
/// to the runtime as a task of its own instead of being cut: a handler stopped halfway would
/// leave its side effects half done, and the platform's retry would run it again on top of
/// them. (Spawning every run would cost each request a trip through the scheduler.)
pub(super) struct RunToEnd {
    run: Option<Pin<Box<dyn Future<Output = Response> + Send>>>,
}

impl RunToEnd {
    pub(super) fn new(run: impl Future<Output = Response> + Send + 'static) -> Self {
        Self {
            run: Some(Box::pin(run)),
        }
    }
}

impl Future for RunToEnd {
    type Output = Response;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let Some(run) = self.run.as_mut() else {
            panic!("`RunToEnd` polled after it answered");
        };
        let response = ready!(run.as_mut().poll(cx));
        self.run = None;
        Poll::Ready(response)
    }
}

impl Drop for RunToEnd {
    fn drop(&mut self) {
        let Some(run) = self.run.take() else {
            return;
        };
        // Outside a runtime (or once it shut down) there is nowhere to finish it.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(run);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    #[tokio::test]
    async fn a_run_dropped_halfway_finishes_on_its_own() {
        let finished = Arc::new(AtomicBool::new(false));
        let gate = Arc::new(tokio::sync::Notify::new());
        let run = {
            let (finished, gate) = (Arc::clone(&finished), Arc::clone(&gate));
            RunToEnd::new(async move {
                gate.notified().await;
                finished.store(true, Ordering::SeqCst);
                Response::new(().into())
            })
        };
        // Polled once (the handler started), then dropped by its request.
        let mut run = Box::pin(run);
        let polled = std::future::poll_fn(|cx| Poll::Ready(run.as_mut().poll(cx))).await;
        assert!(polled.is_pending());
        drop(run);
        gate.notify_one();
        for _ in 0..100 {
            if finished.load(Ordering::SeqCst) {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("the run was cut");
    }

    #[tokio::test]
    async fn a_run_that_answered_leaves_nothing_behind() {
        let run = RunToEnd::new(async { Response::new(().into()) });
        assert_eq!(run.await.status(), 200);
    }
}
