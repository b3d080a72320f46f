//! [`OnRoute`]: what the `#[on(...)]` attribute implements for a handler, read by `routes![…]`.

use super::RouteError;
use super::route::Route;
use crate::filters::{BotId, StepId};

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
/// The constants are known at compile time, for tools and tests; [`try_route`](OnRoute::try_route)
/// builds the route, with its step ids indexed by the route table like a
/// [`StepId`](crate::filters::StepId) filter, and [`route`](OnRoute::route) panics where
/// `try_route` fails (only on a step id given as a constant that is not one).
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
    ///
    /// ```
    /// # use clustaar_webhook::on;
    /// # use clustaar_webhook::routing::OnRoute;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// #[on(step_id = "507f191e810c19729de860ea")]
    /// async fn order_status(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// assert_eq!(<order_status as OnRoute<()>>::NAME, "order_status");
    /// ```
    const NAME: &'static str;
    /// The event (notification `topic`) the handler answers.
    ///
    /// ```
    /// # use clustaar_webhook::on;
    /// # use clustaar_webhook::routing::OnRoute;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// #[on(step_id = "507f191e810c19729de860ea")]
    /// async fn order_status(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// assert_eq!(<order_status as OnRoute<()>>::EVENT, "conversation.step_reached");
    /// ```
    const EVENT: &'static str;
    /// The step ids the handler is restricted to; empty when it takes every step.
    ///
    /// ```
    /// # use clustaar_webhook::on;
    /// # use clustaar_webhook::routing::OnRoute;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// #[on(step_id = "507f191e810c19729de860ea")]
    /// async fn order_status(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// #[on]
    /// async fn anything(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// assert_eq!(<order_status as OnRoute<()>>::STEP_IDS, ["507f191e810c19729de860ea"]);
    /// assert!(<anything as OnRoute<()>>::STEP_IDS.is_empty());
    /// ```
    const STEP_IDS: &'static [&'static str];

    /// The bot ids of `bot_id = …`, as written (empty when the route takes every bot).
    ///
    /// ```
    /// # use clustaar_webhook::on;
    /// # use clustaar_webhook::routing::OnRoute;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// #[on(bot_id = ["5a8f1c2e9b1d4c0012345678", "support-bot"])]
    /// async fn two_bots(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// #[on]
    /// async fn every_bot(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// assert_eq!(
    ///     <two_bots as OnRoute<()>>::BOT_IDS,
    ///     ["5a8f1c2e9b1d4c0012345678", "support-bot"]
    /// );
    /// assert!(<every_bot as OnRoute<()>>::BOT_IDS.is_empty());
    /// ```
    const BOT_IDS: &'static [&'static str] = &[];

    /// The route: the event, the step ids, the attribute's JSON conditions and filter, the
    /// handler, named [`NAME`](OnRoute::NAME); or, when a step id given as a constant
    /// (`step_id = STEP`) is not a step id, [`RouteError::InvalidStepId`]. Step ids written as
    /// literals are checked at compile time.
    ///
    /// ```
    /// use clustaar_webhook::on;
    /// use clustaar_webhook::routing::{OnRoute, RouteError};
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    ///
    /// const ORDER_STEP: &str = "order";
    ///
    /// #[on(step_id = ORDER_STEP)]
    /// async fn order_status(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// let error = <order_status as OnRoute<()>>::try_route().unwrap_err();
    /// assert!(matches!(error, RouteError::InvalidStepId { ref route, .. }
    ///     if route == "order_status"));
    /// ```
    fn try_route() -> Result<Route<S>, RouteError>;

    /// The route of [`try_route`](OnRoute::try_route).
    ///
    /// # Panics
    ///
    /// When a step id given as a constant is not a step id, naming the handler and the id, at
    /// the caller's location (the handler's name in `routes![…]`).
    ///
    /// ```
    /// # use clustaar_webhook::on;
    /// # use clustaar_webhook::routing::{OnRoute, Route};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// #[on(step_id = "507f191e810c19729de860ea")]
    /// async fn order_status(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new()
    /// }
    ///
    /// let route: Route = <order_status as OnRoute<()>>::route();
    /// assert_eq!(route.label(), "order_status");
    /// assert_eq!(route.step_ids(), Some(&["507f191e810c19729de860ea".to_owned()][..]));
    /// ```
    #[track_caller]
    fn route() -> Route<S> {
        // A `match`, not `unwrap_or_else`: a closure would lose the caller's location.
        match Self::try_route() {
            Ok(route) => route,
            Err(error) => panic!("{error}"),
        }
    }
}

/// `route` restricted to the steps `ids`, or the first of them that is not a step id: what
/// `#[on(step_id = …)]` generates.
#[doc(hidden)]
pub fn with_step_ids<S>(route: Route<S>, ids: &[&str]) -> Result<Route<S>, RouteError> {
    match StepId::try_any(ids.iter().copied()) {
        Ok(step) => Ok(route.filter(step)),
        Err(error) => Err(RouteError::InvalidStepId {
            route: route.label().to_owned(),
            error,
        }),
    }
}

/// Adds the bot-id filter of `#[on(bot_id = …)]` to `route`, or the error for an id that is
/// not a bot id (a constant's, which the macro cannot check).
#[doc(hidden)]
pub fn with_bot_ids<S>(route: Route<S>, ids: &[&str]) -> Result<Route<S>, RouteError> {
    match BotId::try_any(ids.iter().copied()) {
        Ok(bots) => Ok(route.filter(bots)),
        Err(error) => Err(RouteError::InvalidBotId {
            route: route.label().to_owned(),
            error,
        }),
    }
}
