//! Handlers: async functions of axum extractors and a notification.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use futures_util::future::{Either, FutureExt, ready};

use crate::extract::{FromNotification, Notification};
use crate::rejection::Rejection;

/// The future a handler returns once erased.
pub(crate) type BoxResponseFuture =
    Pin<Box<dyn Future<Output = Result<Response, Rejection>> + Send>>;

/// An async function that answers notifications.
///
/// Implemented for async functions and closures that take any number (up to 8) of axum
/// [`FromRequestParts`] extractors (`State`, `HeaderMap`, `Extension`, …) followed by one
/// [`FromNotification`] argument ([`WebhookRequest`](crate::schemas::WebhookRequest),
/// [`StepReached`](crate::schemas::StepReached), `serde_json::Value`, …), and return anything
/// that is [`IntoResponse`]: a [`StepReachedResponse`](crate::schemas::StepReachedResponse), a
/// `Result<StepReachedResponse, E>`, a status code…
///
/// The type parameter `T` only tells the implementations apart; it is inferred.
///
/// ```
/// use axum::extract::State;
/// use axum::http::HeaderMap;
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
/// use clustaar_webhook::Webhook;
///
/// async fn greet(n: StepReached) -> StepReachedResponse {
///     StepReachedResponse::new()
/// }
///
/// async fn with_state(State(greeting): State<&'static str>, _headers: HeaderMap, _n: StepReached)
///     -> Result<StepReachedResponse, axum::http::StatusCode> {
///     Ok(StepReachedResponse::new())
/// }
///
/// let webhook = Webhook::<&'static str>::new()
///     .request_max_age(None)
///     .on("conversation.step_reached", greet)
///     .on("conversation.step_reached", with_state);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a webhook handler for a webhook of state `{S}`",
    label = "not a webhook handler",
    note = "a webhook handler is an async function taking up to 8 extractors (`State<…>`, `HeaderMap`, …), then the notification last: `StepReached`, `WebhookRequest`, `serde_json::Value`, `Bytes` or your own `FromNotification` type (not `axum::Json<…>`)",
    note = "its extractors must be taken from the webhook's state, and it returns a response: `StepReachedResponse`, `Result<StepReachedResponse, E>`, a status code…",
    note = "with `#[on(...)]` on the function, the compiler names the argument that is wrong"
)]
pub trait Handler<T, S>: Clone + Send + Sync + Sized + 'static {
    /// Runs the handler on one notification.
    ///
    /// An extractor's rejection is answered as that extractor says; a notification the handler's
    /// argument cannot be built from is the webhook's own [`Rejection`].
    ///
    /// The webhook calls it; called by hand, it runs a handler without HTTP.
    ///
    /// ```
    /// use clustaar_webhook::extract::Notification;
    /// use clustaar_webhook::routing::Handler;
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// async fn greet(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let (parts, ()) = axum::http::Request::new(()).into_parts();
    /// let notification = Notification::parse(NotificationBuilder::new().into_body()).unwrap();
    /// let response = Handler::<(StepReached,), ()>::call(greet, parts, (), notification).await;
    /// assert_eq!(response.unwrap().status(), 200);
    /// # }
    /// ```
    fn call(
        self,
        parts: Parts,
        state: S,
        notification: Notification,
    ) -> impl Future<Output = Result<Response, Rejection>> + Send;
}

macro_rules! impl_handler {
    // Without extractors, the handler's future is made before the returned one, which then holds
    // only that future: neither the request parts nor the notification are carried in it.
    () => {
        impl<F, Fut, Res, S, N> Handler<(N,), S> for F
        where
            F: FnOnce(N) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = Res> + Send,
            Res: IntoResponse,
            S: Send + Sync + 'static,
            N: FromNotification,
        {
            fn call(self, _: Parts, _: S, mut notification: Notification) -> impl Future<Output = Result<Response, Rejection>> + Send {
                match N::from_notification(&mut notification) {
                    Ok(argument) => Either::Left(self(argument).map(|answer| Ok(answer.into_response()))),
                    Err(rejection) => Either::Right(ready(Err(rejection))),
                }
            }
        }
    };
    // With extractors, the returned future first runs them, then becomes the handler's future:
    // it never holds both, nor the notification, which is read before it starts.
    ($($extractor:ident),+) => {
        #[allow(non_snake_case)]
        impl<F, Fut, Res, S, N, $($extractor,)*> Handler<($($extractor,)* N,), S> for F
        where
            F: FnOnce($($extractor,)* N) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = Res> + Send,
            Res: IntoResponse,
            S: Send + Sync + 'static,
            N: FromNotification,
            $($extractor: FromRequestParts<S> + Send,)*
        {
            fn call(self, mut parts: Parts, state: S, mut notification: Notification) -> impl Future<Output = Result<Response, Rejection>> + Send {
                let argument = N::from_notification(&mut notification);
                drop(notification);
                let extract = async move {
                    $(
                        let $extractor = match $extractor::from_request_parts(&mut parts, &state).await {
                            Ok(value) => value,
                            Err(rejection) => return Err(rejection.into_response()),
                        };
                    )*
                    Ok(($($extractor,)*))
                };
                extract.then(move |extracted| match (extracted, argument) {
                    // An extractor's rejection comes first, as it would in axum.
                    (Err(response), _) => Either::Right(ready(Ok(response))),
                    (Ok(_), Err(rejection)) => Either::Right(ready(Err(rejection))),
                    (Ok(($($extractor,)*)), Ok(argument)) => Either::Left(
                        self($($extractor,)* argument).map(|answer| Ok(answer.into_response())),
                    ),
                })
            }
        }
    };
}

impl_handler!();
impl_handler!(T1);
impl_handler!(T1, T2);
impl_handler!(T1, T2, T3);
impl_handler!(T1, T2, T3, T4);
impl_handler!(T1, T2, T3, T4, T5);
impl_handler!(T1, T2, T3, T4, T5, T6);
impl_handler!(T1, T2, T3, T4, T5, T6, T7);
impl_handler!(T1, T2, T3, T4, T5, T6, T7, T8);

/// A handler with its argument types erased, so routes of different handlers share one table.
pub(crate) struct BoxedHandler<S>(Arc<dyn ErasedHandler<S>>);

impl<S> Clone for BoxedHandler<S> {
    fn clone(&self) -> Self {
        BoxedHandler(Arc::clone(&self.0))
    }
}

impl<S: Send + Sync + 'static> BoxedHandler<S> {
    pub(crate) fn new<H: Handler<T, S>, T: 'static>(handler: H) -> Self {
        BoxedHandler(Arc::new(Erased {
            handler,
            marker: std::marker::PhantomData::<fn() -> T>,
        }))
    }

    pub(crate) fn call(
        &self,
        parts: Parts,
        state: S,
        notification: Notification,
    ) -> BoxResponseFuture {
        self.0.call(parts, state, notification)
    }
}

trait ErasedHandler<S>: Send + Sync {
    fn call(&self, parts: Parts, state: S, notification: Notification) -> BoxResponseFuture;
}

struct Erased<H, T> {
    handler: H,
    marker: std::marker::PhantomData<fn() -> T>,
}

impl<H: Handler<T, S>, T: 'static, S: Send + Sync + 'static> ErasedHandler<S> for Erased<H, T> {
    fn call(&self, parts: Parts, state: S, notification: Notification) -> BoxResponseFuture {
        Box::pin(self.handler.clone().call(parts, state, notification))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::{StepReached, StepReachedResponse, WebhookRequest};

    const SAMPLE: &str = include_str!("../../testdata/sample-notification.json");

    async fn greet(n: StepReached) -> StepReachedResponse {
        StepReachedResponse::new().session(n.session)
    }

    /// The route table boxes this future on every request: it must carry nothing but the
    /// handler's own future (no request parts, no notification), to stay small to allocate.
    #[test]
    fn a_notification_only_handler_adds_nothing_to_its_future() {
        let request: WebhookRequest = serde_json::from_str(SAMPLE).unwrap();
        let own = std::mem::size_of_val(&greet(request.step_reached().unwrap().clone()));

        let notification = Notification::parse(SAMPLE.as_bytes().to_vec().into()).unwrap();
        let (parts, ()) = axum::http::Request::new(()).into_parts();
        let call = Handler::<(StepReached,), ()>::call(greet, parts, (), notification);
        assert!(
            std::mem::size_of_val(&call) <= own + 16,
            "{} bytes for a handler future of {own}",
            std::mem::size_of_val(&call)
        );
    }

    async fn greet_with_state(
        axum::extract::State(greeting): axum::extract::State<&'static str>,
        n: StepReached,
    ) -> StepReachedResponse {
        let _ = greeting;
        StepReachedResponse::new().session(n.session)
    }

    /// With extractors, the future holds the extraction or the handler's future, not both.
    #[test]
    fn a_handler_with_extractors_stays_under_a_kilobyte() {
        let notification = Notification::parse(SAMPLE.as_bytes().to_vec().into()).unwrap();
        let (parts, ()) = axum::http::Request::new(()).into_parts();
        let call = Handler::<(axum::extract::State<&'static str>, StepReached), &'static str>::call(
            greet_with_state,
            parts,
            "hello",
            notification,
        );
        assert!(
            std::mem::size_of_val(&call) < 1024,
            "{} bytes",
            std::mem::size_of_val(&call)
        );
    }

    /// An extractor that always refuses.
    struct Refuse;

    impl<S: Sync> FromRequestParts<S> for Refuse {
        type Rejection = axum::http::StatusCode;

        async fn from_request_parts(_: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
            Err(axum::http::StatusCode::IM_A_TEAPOT)
        }
    }

    async fn refused(_: Refuse, _: StepReached) -> StepReachedResponse {
        unreachable!("the extractor refuses")
    }

    /// As in axum, the extractors answer before the notification's own rejection.
    #[tokio::test]
    async fn an_extractor_rejection_comes_before_an_unreadable_notification() {
        let unreadable = SAMPLE.replace(r#""channel":"web""#, r#""channel":7"#);
        let notification = Notification::parse(unreadable.into_bytes().into()).unwrap();
        let (parts, ()) = axum::http::Request::new(()).into_parts();
        let answer =
            Handler::<(Refuse, StepReached), ()>::call(refused, parts, (), notification).await;
        assert_eq!(
            answer.unwrap().status(),
            axum::http::StatusCode::IM_A_TEAPOT
        );

        let unreadable = SAMPLE.replace(r#""channel":"web""#, r#""channel":7"#);
        let notification = Notification::parse(unreadable.into_bytes().into()).unwrap();
        let (parts, ()) = axum::http::Request::new(()).into_parts();
        let answer = Handler::<(StepReached,), ()>::call(greet, parts, (), notification).await;
        assert!(
            matches!(answer, Err(Rejection::UnreadableNotification { path, .. }) if path == "data.channel")
        );
    }
}
