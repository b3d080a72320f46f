//! The route table: from a notification's topic and step id to the first route that takes it.

use std::collections::HashMap;
use std::fmt;

use super::RouteError;
use super::handler::{BoxedHandler, Handler};
use super::route::Route;
use crate::extract::Notification;
use crate::log_field::LogField;
use crate::rejection::Rejection;

/// The routes of a webhook, in registration order; the first route that matches answers.
///
/// Routes restricted to step ids are indexed in a hash map per topic, and merged with the
/// other routes of the topic by registration index, so a lookup costs the same among 1 or
/// 10,000 step routes while the first-registered route still wins.
///
/// The table works without HTTP, which makes routing easy to test:
///
/// ```
/// use clustaar_webhook::extract::Notification;
/// use clustaar_webhook::filters::StepId;
/// use clustaar_webhook::routing::{Route, RouteTable};
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
///
/// async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
/// async fn other(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
///
/// let router: RouteTable = RouteTable::new()
///     .route(Route::new("conversation.step_reached", order)
///         .filter(StepId::new("507f191e810c19729de860ea"))
///         .name("order"))
///     .route(Route::new("conversation.step_reached", other).name("other"));
///
/// let body = r#"{"topic":"conversation.step_reached","data":{"step":{"id":"507f191e810c19729de860ea"}}}"#;
/// let mut notification = Notification::parse(body.as_bytes().to_vec().into()).unwrap();
/// assert_eq!(router.find(&mut notification).unwrap().1.event(), "conversation.step_reached");
/// assert_eq!(router.find(&mut notification).unwrap().0, 0);
/// ```
pub struct RouteTable<S = ()> {
    routes: Vec<Route<S>>,
    topics: HashMap<String, TopicTable>,
    fallback: Option<BoxedHandler<S>>,
}

/// The routes of one topic, indexed by the bot and step ids they take.
#[derive(Default)]
struct TopicTable {
    /// Routes with a step-id filter and no bot-id filter, by step id, each list in registration
    /// order.
    by_step: HashMap<Box<str>, Vec<usize>>,
    /// Routes with a bot-id filter and no step-id filter, by bot id.
    by_bot: HashMap<Box<str>, Vec<usize>>,
    /// Routes with both, by bot id, then step id.
    by_bot_step: HashMap<Box<str>, HashMap<Box<str>, Vec<usize>>>,
    /// The other routes of the topic, in registration order.
    unindexed: Vec<usize>,
}

impl TopicTable {
    /// The index of the topic's first route.
    fn first_route(&self) -> Option<usize> {
        let by_bot_step = self.by_bot_step.values().flat_map(HashMap::values);
        let indexed = self
            .by_step
            .values()
            .chain(self.by_bot.values())
            .chain(by_bot_step);
        indexed
            .filter_map(|routes| routes.first())
            .chain(self.unindexed.first())
            .min()
            .copied()
    }

    /// Adds route `index`, which takes these bots and steps (`None`: any).
    fn add(&mut self, index: usize, bots: Option<&[String]>, steps: Option<&[String]>) {
        match (bots, steps) {
            (None, None) => push_once(&mut self.unindexed, index),
            (None, Some(steps)) => add_each(&mut self.by_step, steps, index),
            (Some(bots), None) => add_each(&mut self.by_bot, bots, index),
            (Some(bots), Some(steps)) => {
                for bot in bots {
                    let by_step = self.by_bot_step.entry(bot.as_str().into()).or_default();
                    add_each(by_step, steps, index);
                }
            }
        }
    }

    /// The candidate routes of a notification from bot `bot` at step `step`, each list sorted.
    fn candidates(&self, bot: Option<&str>, step: Option<&str>) -> [&[usize]; 4] {
        // A table without bot routes does no bot lookup.
        let bot = bot.filter(|_| !(self.by_bot.is_empty() && self.by_bot_step.is_empty()));
        let by_bot_step = bot
            .and_then(|bot| self.by_bot_step.get(bot))
            .and_then(|by_step| step.and_then(|step| by_step.get(step)));
        [
            sorted(step.and_then(|step| self.by_step.get(step))),
            sorted(bot.and_then(|bot| self.by_bot.get(bot))),
            sorted(by_bot_step),
            &self.unindexed,
        ]
    }
}

/// The (bot, step) pairs a route takes, `None` for any; empty for a route that takes every bot
/// and every step.
fn route_keys<S>(route: &Route<S>) -> Vec<(Option<&str>, Option<&str>)> {
    let any = [None];
    let bots: Vec<Option<&str>> = match &route.bot_ids {
        Some(ids) => ids.iter().map(|id| Some(id.as_str())).collect(),
        None => any.to_vec(),
    };
    let steps: Vec<Option<&str>> = match &route.step_ids {
        Some(ids) => ids.iter().map(|id| Some(id.as_str())).collect(),
        None => any.to_vec(),
    };
    if route.bot_ids.is_none() && route.step_ids.is_none() {
        return Vec::new();
    }
    bots.iter()
        .flat_map(|&bot| steps.iter().map(move |&step| (bot, step)))
        .collect()
}

/// A list of routes found, or none.
fn sorted(routes: Option<&Vec<usize>>) -> &[usize] {
    routes.map_or(&[], Vec::as_slice)
}

/// Adds `index` to the list of each of `keys` in `map`.
fn add_each(map: &mut HashMap<Box<str>, Vec<usize>>, keys: &[String], index: usize) {
    for key in keys {
        push_once(map.entry(key.as_str().into()).or_default(), index);
    }
}

/// Adds `index` to `routes` unless it is already last: a route listing an id twice is indexed
/// once.
fn push_once(routes: &mut Vec<usize>, index: usize) {
    if routes.last() != Some(&index) {
        routes.push(index);
    }
}

impl<S> Default for RouteTable<S> {
    fn default() -> Self {
        RouteTable {
            routes: Vec::new(),
            topics: HashMap::new(),
            fallback: None,
        }
    }
}

impl<S: Send + Sync + 'static> RouteTable<S> {
    /// An empty table.
    ///
    /// ```
    /// use clustaar_webhook::routing::RouteTable;
    ///
    /// let table: RouteTable = RouteTable::new();
    /// assert!(table.routes().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a route answering every notification of `event` (the `topic`).
    ///
    /// ```
    /// # use clustaar_webhook::routing::{Route, RouteTable};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let table: RouteTable = RouteTable::new().on("conversation.step_reached", order);
    /// assert_eq!(table.routes()[0].event(), "conversation.step_reached");
    /// assert_eq!(table.routes()[0].step_ids(), None);
    /// ```
    pub fn on<H: Handler<T, S>, T: 'static>(self, event: impl Into<String>, handler: H) -> Self {
        self.route(Route::new(event, handler))
    }

    /// Adds a route, after the ones already there.
    ///
    /// ```
    /// # use clustaar_webhook::filters::StepId;
    /// # use clustaar_webhook::routing::{Route, RouteTable};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let table: RouteTable = RouteTable::new()
    ///     .route(Route::new("conversation.step_reached", order).filter(StepId::new(
    ///         "507f191e810c19729de860ea",
    ///     )))
    ///     .route(Route::new("conversation.step_reached", order).name("others"));
    /// assert_eq!(table.routes()[0].label(), "route #0");
    /// assert_eq!(table.routes()[1].label(), "others");
    /// ```
    pub fn route(mut self, route: Route<S>) -> Self {
        self.push(route);
        self
    }

    /// Adds the routes of `other` after these ones, keeping their order.
    ///
    /// ```
    /// # use clustaar_webhook::filters::StepId;
    /// # use clustaar_webhook::routing::{Route, RouteTable};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let orders: RouteTable = RouteTable::new().route(
    ///     Route::new("conversation.step_reached", order)
    ///         .filter(StepId::new("507f191e810c19729de860ea"))
    ///         .name("order"),
    /// );
    /// let others: RouteTable =
    ///     RouteTable::new().route(Route::new("conversation.step_reached", order).name("others"));
    /// let table = orders.merge(others);
    /// let labels: Vec<&str> = table.routes().iter().map(|route| route.label()).collect();
    /// assert_eq!(labels, ["order", "others"]);
    /// ```
    pub fn merge(mut self, other: RouteTable<S>) -> Self {
        for route in other.routes {
            self.push(route);
        }
        if self.fallback.is_none() {
            self.fallback = other.fallback;
        }
        self
    }

    /// A table of `routes`, in order: what [`routes!`](crate::routes) builds.
    ///
    /// # Panics
    ///
    /// When two routes of the same event list the same step id and the first takes every
    /// notification of that step (it has no other filter), since the second would silently
    /// never get it; the message names both routes and the id. See
    /// [`try_from_routes`](Self::try_from_routes) for the error instead.
    ///
    /// ```
    /// use clustaar_webhook::filters::StepId;
    /// use clustaar_webhook::routing::{Route, RouteTable};
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    ///
    /// async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// async fn other(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    ///
    /// let router: RouteTable = RouteTable::from_routes([
    ///     Route::new("conversation.step_reached", order).filter(StepId::new("507f191e810c19729de860ea")),
    ///     Route::new("conversation.step_reached", other),
    /// ]);
    /// assert_eq!(router.routes().len(), 2);
    /// ```
    #[track_caller]
    pub fn from_routes(routes: impl IntoIterator<Item = Route<S>>) -> Self {
        // A `match`, not `unwrap_or_else`: a closure would lose the caller's location.
        match Self::try_from_routes(routes) {
            Ok(router) => router,
            Err(error) => panic!("{error}"),
        }
    }

    /// A table of `routes`, in order, or the first step id that two of them list when the first
    /// of the two takes every notification of that step ([`RouteError::DuplicateStepId`]).
    ///
    /// Only the routes given here are compared: a list is checked when it is built, before it
    /// is merged with others. [`check`](Self::check) finds the other routes that can never match.
    ///
    /// ```
    /// use clustaar_webhook::filters::{JsonKeyEquals, StepId};
    /// use clustaar_webhook::routing::{Route, RouteError, RouteTable};
    /// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    ///
    /// async fn a(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// const STEP: &str = "507f191e810c19729de860ea";
    ///
    /// let result = RouteTable::<()>::try_from_routes([
    ///     Route::new("conversation.step_reached", a).filter(StepId::new(STEP)).name("first"),
    ///     Route::new("conversation.step_reached", a).filter(StepId::new(STEP)).name("second"),
    /// ]);
    /// assert!(matches!(result, Err(RouteError::DuplicateStepId { ref first, ref second, .. })
    ///     if first == "first" && second == "second"));
    ///
    /// // A first route with another filter leaves the step's other notifications to the second.
    /// let result = RouteTable::<()>::try_from_routes([
    ///     Route::new("conversation.step_reached", a)
    ///         .filter(StepId::new(STEP))
    ///         .filter(JsonKeyEquals::new("data.channel", "web")),
    ///     Route::new("conversation.step_reached", a).filter(StepId::new(STEP)),
    /// ]);
    /// assert!(result.is_ok());
    /// ```
    pub fn try_from_routes(routes: impl IntoIterator<Item = Route<S>>) -> Result<Self, RouteError> {
        let mut router = Self::new();
        // (event, bot id or any, step id) -> the first unfiltered route that takes the step.
        let mut taken: HashMap<(String, Option<String>, String), usize> = HashMap::new();
        for route in routes {
            let index = router.routes.len();
            router.push(route);
            let route = &router.routes[index];
            for (bot, step) in route_keys(route) {
                let Some(step) = step else { continue };
                let key = (route.event.clone(), bot.map(str::to_owned), step.to_owned());
                if let Some(&first) = taken.get(&key) {
                    if first != index {
                        return Err(RouteError::DuplicateStepId {
                            event: key.0,
                            step_id: key.2,
                            first: router.routes[first].label().to_owned(),
                            second: route.label().to_owned(),
                        });
                    }
                } else if route.filters.is_empty() {
                    taken.insert(key, index);
                }
            }
        }
        Ok(router)
    }

    /// Answers notifications that no route takes, instead of the `404` JSON error.
    ///
    /// ```
    /// use clustaar_webhook::routing::RouteTable;
    /// use clustaar_webhook::schemas::{SendTextAction, StepReachedResponse, WebhookRequest};
    /// # #[cfg(feature = "testing")]
    /// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    /// use clustaar_webhook::Webhook;
    ///
    /// async fn sorry(_: WebhookRequest) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("Sorry?"))
    /// }
    ///
    /// # #[cfg(not(feature = "testing"))] fn main() {}
    /// # #[cfg(feature = "testing")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let table = RouteTable::new().fallback(sorry);
    /// let client = TestClient::new(Webhook::new().private_key("key").routes(table));
    /// assert_eq!(client.send(NotificationBuilder::new()).await.texts(), ["Sorry?"]);
    /// # }
    /// ```
    pub fn fallback<H: Handler<T, S>, T: 'static>(mut self, handler: H) -> Self {
        self.fallback = Some(BoxedHandler::new(handler));
        self
    }

    fn push(&mut self, mut route: Route<S>) {
        let index = self.routes.len();
        route.name.get_or_insert_with(|| format!("route #{index}"));
        let table = self.topics.entry(route.event.clone()).or_default();
        table.add(index, route.bot_ids.as_deref(), route.step_ids.as_deref());
        self.routes.push(route);
    }
}

impl<S> RouteTable<S> {
    /// The routes, in registration order.
    ///
    /// ```
    /// # use clustaar_webhook::routing::{Route, RouteTable};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let table: RouteTable = RouteTable::new()
    ///     .on("conversation.step_reached", order)
    ///     .on("conversation.other", order);
    /// let events: Vec<&str> = table.routes().iter().map(|route| route.event()).collect();
    /// assert_eq!(events, ["conversation.step_reached", "conversation.other"]);
    /// ```
    pub fn routes(&self) -> &[Route<S>] {
        &self.routes
    }

    /// The first route that takes `notification`, with its index.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// # use clustaar_webhook::extract::Notification;
    /// # use clustaar_webhook::testing::NotificationBuilder;
    /// # use clustaar_webhook::routing::{Route, RouteTable};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// let table: RouteTable = RouteTable::new()
    ///     .on("conversation.other", order)
    ///     .on("conversation.step_reached", order);
    /// let mut reached = Notification::parse(NotificationBuilder::new().into_body()).unwrap();
    /// assert_eq!(table.find(&mut reached).map(|(index, _)| index), Some(1));
    ///
    /// let body = NotificationBuilder::new().topic("conversation.unknown").into_body();
    /// assert!(table.find(&mut Notification::parse(body).unwrap()).is_none());
    /// # }
    /// ```
    pub fn find(&self, notification: &mut Notification) -> Option<(usize, &Route<S>)> {
        let table = self.topics.get(notification.topic()?)?;
        let lists = table.candidates(notification.bot_id(), notification.step_id());
        let mut candidates = MergeSorted { lists };
        candidates.find_map(|index| {
            let route = &self.routes[index];
            let accepted = route.filters.is_empty() || route.filters_match(notification.json());
            accepted.then_some((index, route))
        })
    }

    /// Checks that every route can match: none follows a route of the same event that takes
    /// every notification it would take.
    ///
    /// The webhook checks its table when it is built.
    ///
    /// ```
    /// # use clustaar_webhook::filters::StepId;
    /// # use clustaar_webhook::routing::RouteError;
    /// # use clustaar_webhook::routing::{Route, RouteTable};
    /// # use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
    /// # async fn order(_: StepReached) -> StepReachedResponse { StepReachedResponse::new() }
    /// const STEP: &str = "507f191e810c19729de860ea";
    /// // The step route first, then the catch-all: both can match.
    /// let table: RouteTable = RouteTable::new()
    ///     .route(Route::new("conversation.step_reached", order).filter(StepId::new(STEP)))
    ///     .on("conversation.step_reached", order);
    /// assert_eq!(table.check(), Ok(()));
    ///
    /// // The other way round, the catch-all takes the step's notifications too.
    /// let table: RouteTable = RouteTable::new()
    ///     .on("conversation.step_reached", order)
    ///     .route(Route::new("conversation.step_reached", order).filter(StepId::new(STEP)));
    /// assert!(matches!(table.check(), Err(RouteError::Unreachable { .. })));
    /// ```
    pub fn check(&self) -> Result<(), RouteError> {
        // Topics in the order of their first route, so the error reported is always the same.
        let mut topics: Vec<(&String, &TopicTable)> = self.topics.iter().collect();
        topics.sort_by_key(|(_, table)| table.first_route());
        for (topic, table) in topics {
            self.check_topic(topic, table)?;
        }
        Ok(())
    }

    fn check_topic(&self, topic: &str, table: &TopicTable) -> Result<(), RouteError> {
        let catch_all = table
            .unindexed
            .iter()
            .copied()
            .find(|&i| self.routes[i].is_catch_all());
        let Some(catch_all) = catch_all else {
            return self.check_step_routes(topic);
        };
        match self
            .routes
            .iter()
            .enumerate()
            .skip(catch_all + 1)
            .find(|(_, r)| r.event == topic)
        {
            Some((index, _)) => Err(self.unreachable(index, catch_all)),
            None => self.check_step_routes(topic),
        }
    }

    /// A route of bots or steps is unreachable when each (bot, step) it takes is taken,
    /// unfiltered, by an earlier one: for that bot and step, for that step and any bot, or for
    /// that bot and any step.
    fn check_step_routes(&self, topic: &str) -> Result<(), RouteError> {
        let mut taken: HashMap<(Option<&str>, Option<&str>), usize> = HashMap::new();
        for (index, route) in self
            .routes
            .iter()
            .enumerate()
            .filter(|(_, r)| r.event == topic)
        {
            let takes = route_keys(route);
            if takes.is_empty() {
                continue;
            }
            let shadow = takes
                .iter()
                .map(|&(bot, step)| {
                    [(bot, step), (None, step), (bot, None)]
                        .iter()
                        .filter_map(|key| taken.get(key).copied())
                        .min()
                })
                .collect::<Option<Vec<_>>>();
            if let Some(first) = shadow.and_then(|s| s.into_iter().max()) {
                return Err(self.unreachable(index, first));
            }
            if route.filters.is_empty() {
                for key in takes {
                    taken.entry(key).or_insert(index);
                }
            }
        }
        Ok(())
    }

    fn unreachable(&self, index: usize, shadowed_by: usize) -> RouteError {
        RouteError::Unreachable {
            event: self.routes[index].event.clone(),
            route: self.routes[index].label().to_owned(),
            shadowed_by: self.routes[shadowed_by].label().to_owned(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> RouteTable<S> {
    /// The handler that takes `notification`, with its route's index (`None` for the fallback
    /// handler), or `NotFound` when no route takes it and there is no fallback.
    pub(crate) fn handler_for(
        &self,
        notification: &mut Notification,
    ) -> Result<(Option<usize>, &BoxedHandler<S>), Rejection> {
        if let Some((index, route)) = self.find(notification) {
            return Ok((Some(index), &route.handler));
        }
        let fallback = self.fallback.as_ref().ok_or_else(|| {
            tracing::warn!(
                topic = LogField(notification.topic().unwrap_or("<none>")).value(),
                step_id = LogField(notification.step_id().unwrap_or("<none>")).value(),
                "no route takes this notification"
            );
            Rejection::NotFound
        })?;
        Ok((None, fallback))
    }

    /// The label of the route at `index` (as [`handler_for`](Self::handler_for) gives it), or `fallback`
    /// for none.
    pub(crate) fn label(&self, index: Option<usize>) -> &str {
        match index.and_then(|index| self.routes.get(index)) {
            Some(route) => route.label(),
            None => "fallback",
        }
    }
}

impl<S> fmt::Debug for RouteTable<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouteTable")
            .field("routes", &self.routes)
            .field("fallback", &self.fallback.is_some())
            .finish()
    }
}

/// Merges four ascending lists of route indexes into one ascending sequence.
struct MergeSorted<'a> {
    lists: [&'a [usize]; 4],
}

impl Iterator for MergeSorted<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let next = self
            .lists
            .iter_mut()
            .filter(|list| !list.is_empty())
            .min_by_key(|list| list[0])?;
        let (&first, rest) = next.split_first()?;
        *next = rest;
        Some(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::{BotId, StepId};
    use crate::schemas::{StepReached, StepReachedResponse};
    use serde_json::Value;

    const STEP: &str = "507f191e810c19729de860ea";

    async fn answer(_: StepReached) -> StepReachedResponse {
        StepReachedResponse::new()
    }

    /// A route of `topic` taking, by `kind`, every notification, one step, one bot, or one
    /// step of one bot.
    fn route(topic: &str, kind: usize) -> Route<()> {
        let route = Route::new(topic, answer);
        match kind % 4 {
            0 => route,
            1 => route.filter(StepId::new(STEP)),
            2 => route.filter(BotId::new("shop")),
            _ => route.filter(BotId::new("shop")).filter(StepId::new(STEP)),
        }
    }

    #[test]
    fn check_reports_the_topic_whose_first_route_comes_first() {
        // Twenty topics, each with a route that its first one shadows, the first routes of
        // every topic registered before the second ones. The topics are kept in a hash map: a
        // check that went through them in the map's order would name topic 0 one time in
        // twenty, and five tables, each with its own order, make a lucky pass unlikely.
        for _ in 0..5 {
            let topics: Vec<String> = (0..20).map(|k| format!("topic.{k}")).collect();
            let firsts = topics.iter().enumerate().map(|(k, t)| route(t, k));
            let seconds = topics.iter().enumerate().map(|(k, t)| route(t, k));
            let table = RouteTable::new();
            let table = firsts.chain(seconds).fold(table, RouteTable::route);
            assert_eq!(
                table.check(),
                Err(RouteError::Unreachable {
                    event: "topic.0".into(),
                    route: "route #20".into(),
                    shadowed_by: "route #0".into(),
                })
            );
        }
    }

    /// The index of the route `table` picks for a notification of `topic` from `bot` at `step`.
    fn found(table: &RouteTable, topic: &str, bot: &str, step: &str) -> Option<usize> {
        let body =
            format!(r#"{{"topic":"{topic}","botID":"{bot}","data":{{"step":{{"id":"{step}"}}}}}}"#);
        let mut notification = Notification::parse(body.into_bytes().into()).unwrap();
        table.find(&mut notification).map(|(index, _)| index)
    }

    #[test]
    fn each_kind_of_route_is_found_alone_or_among_the_others() {
        const OTHER_STEP: &str = "507f191e810c19729de860eb";
        for kind in 0..4 {
            // Alone in its topic: a table without the other kinds' indexes finds it too.
            let alone = RouteTable::new().route(route("topic", kind));
            assert_eq!(found(&alone, "topic", "shop", STEP), Some(0), "kind {kind}");
            assert_eq!(found(&alone, "other", "shop", STEP), None, "kind {kind}");
            let misses = [("bank", STEP), ("shop", OTHER_STEP)];
            let takes = [(true, true), (true, false), (false, true), (false, false)][kind];
            for ((bot, step), takes) in misses.into_iter().zip([takes.0, takes.1]) {
                let expected = takes.then_some(0);
                assert_eq!(found(&alone, "topic", bot, step), expected, "kind {kind}");
            }
            // After the three others, each of which takes its own notifications only.
            let others = (1..4).map(|k| (kind + k) % 4);
            let table = others.chain([kind]).fold(RouteTable::new(), |table, k| {
                table.route(route("topic", k).filter(move |_: &Value| k == kind))
            });
            assert_eq!(found(&table, "topic", "shop", STEP), Some(3), "kind {kind}");
        }
    }

    #[test]
    fn a_topic_table_starts_at_its_first_route_of_any_kind() {
        for kind in 0..4 {
            let table = RouteTable::new()
                .on("other", answer)
                .on("other", answer)
                .route(route("topic", kind))
                .route(route("topic", kind + 1));
            assert_eq!(table.topics["topic"].first_route(), Some(2), "kind {kind}");
        }
    }

    #[test]
    fn labels_name_the_route_or_the_fallback() {
        let table = RouteTable::new()
            .route(route("topic", 0).name("greet"))
            .on("topic", answer);
        assert_eq!(table.label(Some(0)), "greet");
        assert_eq!(table.label(Some(1)), "route #1");
        assert_eq!(table.label(Some(2)), "fallback");
        assert_eq!(table.label(None), "fallback");
    }

    #[test]
    fn debug_shows_the_routes_and_whether_there_is_a_fallback() {
        let table = RouteTable::new().route(route("topic", 0).name("greet"));
        let shown = format!("{table:?}");
        assert!(shown.starts_with("RouteTable { routes: ["), "{shown}");
        assert!(
            shown.contains("greet") && shown.ends_with("fallback: false }"),
            "{shown}"
        );
        let shown = format!("{:?}", table.fallback(answer));
        assert!(shown.ends_with("fallback: true }"), "{shown}");
    }

    /// The merge, bounded: a merge that never ends shows as items too many, not as a hang.
    fn merged(lists: [&[usize]; 4]) -> Vec<usize> {
        MergeSorted { lists }.take(16).collect()
    }

    #[test]
    fn merges_four_ascending_lists_into_one_and_ends() {
        assert_eq!(merged([&[0, 4], &[1, 5], &[2], &[]]), [0, 1, 2, 4, 5]);
        assert_eq!(merged([&[], &[3], &[], &[1, 7]]), [1, 3, 7]);
        assert_eq!(merged([&[], &[], &[], &[]]), Vec::<usize>::new());
    }
}
