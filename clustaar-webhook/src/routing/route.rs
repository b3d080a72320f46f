//! One route: an event, optional filters, and the handler that answers.

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::handler::{BoxedHandler, Handler};
use crate::filters::Filter;

/// A handler registered for one event (`topic`), with the filters a notification must pass.
///
/// Step-id and bot-id filters ([`StepId`](crate::filters::StepId),
/// [`BotId`](crate::filters::BotId)) are not evaluated one route at a time: the route table
/// indexes them, so dispatch costs the same for 1 or 10,000 step routes, 1 or 1,000 bots.
///
/// ```
/// use clustaar_webhook::filters::{JsonKeyEquals, StepId};
/// use clustaar_webhook::routing::Route;
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
/// use clustaar_webhook::events;
///
/// async fn order_status(_: StepReached) -> StepReachedResponse {
///     StepReachedResponse::new()
/// }
///
/// let route: Route = Route::new(events::CONVERSATION_STEP_REACHED, order_status)
///     .filter(StepId::new("507f191e810c19729de860ea"))
///     .filter(JsonKeyEquals::new("data.channel", "web"))
///     .name("order_status");
/// assert_eq!(route.step_ids(), Some(&["507f191e810c19729de860ea".to_owned()][..]));
/// ```
pub struct Route<S = ()> {
    pub(crate) event: String,
    pub(crate) name: Option<String>,
    pub(crate) step_ids: Option<Vec<String>>,
    pub(crate) bot_ids: Option<Vec<String>>,
    pub(crate) filters: Vec<Arc<dyn Filter>>,
    pub(crate) handler: BoxedHandler<S>,
}

impl<S: Send + Sync + 'static> Route<S> {
    /// A route for the event `event` answered by `handler`.
    ///
    /// ```
    /// use clustaar_webhook::routing::Route;
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    ///
    /// async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// let route: Route = Route::new("conversation.step_reached", order);
    /// assert_eq!(route.event(), "conversation.step_reached");
    /// assert_eq!(route.step_ids(), None);
    /// ```
    pub fn new<H: Handler<T, S>, T: 'static>(event: impl Into<String>, handler: H) -> Self {
        Route {
            event: event.into(),
            name: None,
            step_ids: None,
            bot_ids: None,
            filters: Vec::new(),
            handler: BoxedHandler::new(handler),
        }
    }
}

impl<S> Route<S> {
    /// Adds a filter; every filter of a route must match.
    ///
    /// A step-id filter is indexed by the route table; the first one given is what
    /// [`step_ids`](Self::step_ids) returns.
    ///
    /// ```
    /// use clustaar_webhook::filters::{JsonKeyEquals, StepId};
    /// use clustaar_webhook::routing::Route;
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    ///
    /// async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// let route: Route = Route::new("conversation.step_reached", order)
    ///     .filter(StepId::any(["507f191e810c19729de860ea", "507f191e810c19729de860eb"]))
    ///     .filter(JsonKeyEquals::new("data.channel", "web"));
    /// assert_eq!(route.step_ids().unwrap().len(), 2);
    /// ```
    pub fn filter(mut self, filter: impl Filter) -> Self {
        if let (Some(ids), None) = (filter.step_ids(), &self.step_ids) {
            self.step_ids = Some(ids.to_vec());
        } else if let (Some(ids), None) = (filter.bot_ids(), &self.bot_ids) {
            self.bot_ids = Some(ids.to_vec());
        } else {
            self.filters.push(Arc::new(filter));
        }
        self
    }

    /// Names the route in logs and build errors (the `#[on]` attribute uses the function's name).
    ///
    /// ```
    /// # use clustaar_webhook::routing::Route;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let route: Route = Route::new("conversation.step_reached", order).name("order");
    /// assert_eq!(route.label(), "order");
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The event this route answers.
    ///
    /// ```
    /// # use clustaar_webhook::routing::Route;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let route: Route = Route::new("conversation.step_reached", order);
    /// assert_eq!(route.event(), "conversation.step_reached");
    /// ```
    pub fn event(&self) -> &str {
        &self.event
    }

    /// The step ids this route is restricted to, when it has a step-id filter.
    ///
    /// ```
    /// # use clustaar_webhook::filters::StepId;
    /// # use clustaar_webhook::routing::Route;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let any_step: Route = Route::new("conversation.step_reached", order);
    /// assert_eq!(any_step.step_ids(), None);
    /// let one_step: Route = any_step.filter(StepId::new("507f191e810c19729de860ea"));
    /// assert_eq!(one_step.step_ids(), Some(&["507f191e810c19729de860ea".to_owned()][..]));
    /// ```
    pub fn step_ids(&self) -> Option<&[String]> {
        self.step_ids.as_deref()
    }

    /// The bots this route takes, when it has a bot-id filter
    /// ([`BotId`](crate::filters::BotId)); `None` when it takes every bot.
    ///
    /// ```
    /// # use clustaar_webhook::routing::Route;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// use clustaar_webhook::filters::BotId;
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// let any_bot: Route = Route::new("conversation.step_reached", order);
    /// assert_eq!(any_bot.bot_ids(), None);
    /// let shop: Route = any_bot.filter(BotId::new("shop"));
    /// assert_eq!(shop.bot_ids(), Some(&["shop".to_owned()][..]));
    /// ```
    pub fn bot_ids(&self) -> Option<&[String]> {
        self.bot_ids.as_deref()
    }

    /// The route's name; a route table names unnamed routes `route #<index>`.
    ///
    /// ```
    /// # use clustaar_webhook::routing::RouteTable;
    /// # use clustaar_webhook::routing::Route;
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let route: Route = Route::new("conversation.step_reached", order);
    /// assert_eq!(route.label(), "unnamed route");
    /// let table: RouteTable = RouteTable::new().route(route);
    /// assert_eq!(table.routes()[0].label(), "route #0");
    /// ```
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or("unnamed route")
    }

    /// Whether the route's non-indexed filters accept the notification.
    pub(crate) fn filters_match(&self, json: &Value) -> bool {
        self.filters.iter().all(|filter| filter.matches(json))
    }

    /// A route that takes every notification of its event.
    pub(crate) fn is_catch_all(&self) -> bool {
        self.step_ids.is_none() && self.bot_ids.is_none() && self.filters.is_empty()
    }
}

impl<S> fmt::Debug for Route<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Route")
            .field("event", &self.event)
            .field("name", &self.name)
            .field("step_ids", &self.step_ids)
            .field("bot_ids", &self.bot_ids)
            .field("filters", &self.filters.len())
            .finish_non_exhaustive()
    }
}
