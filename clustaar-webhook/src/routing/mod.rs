//! Routing: the route table, routes and handlers.
//!
//! A notification goes to the routes of its `topic`, tried in registration order; the first
//! whose filters all match answers it. When none does, the answer is `404`
//! `{"title": "404 Not Found"}`, unless a fallback handler is set.

mod handler;
// Reached from `__private` too, for what the macros generate.
pub(crate) mod on_route;
mod route;
mod route_table;

pub(crate) use handler::BoxResponseFuture;
pub use handler::Handler;
pub use on_route::OnRoute;
pub use route::Route;
pub use route_table::RouteTable;

use crate::filters::{InvalidBotId, InvalidStepId};

/// A route table that cannot work as written, found when the webhook is built.
///
/// ```
/// use clustaar_webhook::routing::{RouteError, RouteTable};
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
///
/// async fn a(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// let table: RouteTable = RouteTable::new()
///     .on("conversation.step_reached", a)
///     .on("conversation.step_reached", a);
/// let error = table.check().unwrap_err();
/// assert!(matches!(error, RouteError::Unreachable { ref route, .. } if route == "route #1"));
/// let message = error.to_string();
/// assert!(message.starts_with("route `route #1` for event `conversation.step_reached`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RouteError {
    /// A route comes after one that already takes every notification it would take.
    #[error(
        "route `{route}` for event `{event}` can never match: `{shadowed_by}`, registered before \
         it, takes every notification it would take; register the more specific route first"
    )]
    Unreachable {
        /// The event of both routes.
        event: String,
        /// The route that can never match.
        route: String,
        /// The earlier route that takes its notifications.
        shadowed_by: String,
    },
    /// Two routes of one list ([`RouteTable::try_from_routes`], `routes![…]`) take the same step
    /// of the same event, and the first one takes all of that step's notifications.
    #[error(
        "step id `{step_id}` of event `{event}` is on two routes of one list, `{first}` and \
         `{second}`: `{first}` takes every notification of that step, so `{second}` would never \
         get one; remove the id from one of them"
    )]
    DuplicateStepId {
        /// The event of both routes.
        event: String,
        /// The step id both routes list.
        step_id: String,
        /// The route registered first, which takes the step.
        first: String,
        /// The route that would never get the step.
        second: String,
    },
    /// A step id of an `#[on(step_id = …)]` handler, given as a constant, is not a step id
    /// ([`OnRoute::try_route`], `try_routes![…]`).
    #[error("route `{route}`: {error}")]
    InvalidStepId {
        /// The handler's name.
        route: String,
        /// The id, and what a step id is.
        error: InvalidStepId,
    },
    /// A `#[on(bot_id = …)]` constant is not a bot id (1 to 64 ASCII letters, digits, `-` or
    /// `_`).
    #[error("route `{route}`: {error}")]
    InvalidBotId {
        /// The handler's name.
        route: String,
        /// The id, and what a bot id is.
        error: InvalidBotId,
    },
}
