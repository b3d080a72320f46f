//! [`OnRoute`]: what the `#[on(...)]` attribute implements for a handler, read by `routes![…]`.

use super::route::Route;

/// A handler declared with the [`#[on(...)]`](crate::on) attribute: its event, step ids and the
/// [`Route`] it makes.
///
/// You do not implement this trait by hand: `#[on(...)]` keeps the function as written and adds
/// a hidden struct of the same name (types and functions live in different namespaces) that
/// implements it. [`routes!`](crate::routes) reads it, so the handler's name is all a route list
/// needs. The implementation is generic over the webhook's state `S`, bounded by the handler's
/// extractors, so a handler taking `State<AppState>` makes routes of any `RouteTable<S>` whose
/// state `AppState` can be taken from.
///
/// The constants are known at compile time, for tools and tests; [`route`](OnRoute::route)
/// builds the route, with its step ids indexed by the route table like a
/// [`StepId`](crate::filters::StepId) filter.
///
/// ```
/// use clustaar_webhook::on;
/// use clustaar_webhook::routing::{OnRoute, Route};
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
///
/// #[on(step_id = ["507f191e810c19729de860ea", "507f191e810c19729de860eb"])]
/// async fn order_status(_: StepReached) -> StepReachedResponse {
///     StepReachedResponse::new()
/// }
///
/// assert_eq!(<order_status as OnRoute<()>>::NAME, "order_status");
/// assert_eq!(<order_status as OnRoute<()>>::EVENT, "conversation.step_reached");
/// assert_eq!(<order_status as OnRoute<()>>::STEP_IDS.len(), 2);
///
/// let route: Route = <order_status as OnRoute<()>>::route();
/// assert_eq!(route.label(), "order_status");
/// assert_eq!(route.step_ids().unwrap()[1], "507f191e810c19729de860eb");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a route declared with `#[on(...)]` for a webhook of state `{S}`",
    label = "not an `#[on(...)]` handler for this state",
    note = "put `#[on(...)]` on the async handler function, and check that its extractors can be taken from the webhook's state"
)]
pub trait OnRoute<S> {
    /// The handler's name: the function's name, also the route's [`label`](Route::label).
    const NAME: &'static str;
    /// The event (notification `topic`) the handler answers.
    const EVENT: &'static str;
    /// The step ids the handler is restricted to; empty when it takes every step.
    const STEP_IDS: &'static [&'static str];

    /// The route: the event, the step ids, the attribute's JSON conditions and filter, the
    /// handler, named [`NAME`](OnRoute::NAME).
    fn route() -> Route<S>;
}
