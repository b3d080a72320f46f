//! The [`Filter`] trait, its implementation for closures, and [`BoxFilter`].

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

/// A condition on a notification that a route needs to match.
///
/// A route handles a notification only when every filter of the route matches it. Filters are
/// built once, when the webhook is built, and then shared by every request, hence `Send + Sync
/// + 'static`.
///
/// Closures `Fn(&Value) -> bool` are filters. When a closure is passed where any `Filter` is
/// accepted (as to [`FilterExt::and`](super::FilterExt::and)), write the type of its argument,
/// `|n: &Value| …`, so that Rust can infer its signature.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{Filter, FilterExt, StepId};
/// use serde_json::{json, Value};
///
/// const STEP_1: &str = "507f191e810c19729de860ea";
///
/// /// Matches notifications from the web channel.
/// struct WebChannel;
///
/// impl Filter for WebChannel {
///     fn matches(&self, notification: &Value) -> bool {
///         notification.pointer("/data/channel") == Some(&json!("web"))
///     }
/// }
///
/// let on_web = json!({ "data": { "channel": "web", "step": { "id": STEP_1 } } });
/// let on_sms = json!({ "data": { "channel": "sms", "step": { "id": STEP_1 } } });
/// assert!(WebChannel.matches(&on_web));
/// assert!(!WebChannel.matches(&on_sms));
///
/// // A closure is a filter too.
/// let has_input = |n: &Value| n.pointer("/data/input").is_some();
/// assert!(!has_input.matches(&on_web));
///
/// // And filters combine.
/// assert!(StepId::new(STEP_1).and(WebChannel).matches(&on_web));
/// ```
pub trait Filter: Send + Sync + 'static {
    /// Whether `notification` (the whole JSON body the platform sent) passes this filter.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, JsonKeyEquals};
    /// use serde_json::json;
    ///
    /// let filter = JsonKeyEquals::new("topic", "conversation.step_reached");
    /// assert!(filter.matches(&json!({ "topic": "conversation.step_reached" })));
    /// assert!(!filter.matches(&json!({})));
    /// ```
    fn matches(&self, notification: &Value) -> bool;

    /// The step ids this filter accepts, when it is exactly a step-id filter.
    ///
    /// The route table uses this to find the routes of a step in a hash map instead of
    /// evaluating their filters one after the other. A filter that returns `Some(ids)` promises
    /// that [`matches`](Filter::matches) is true exactly for the notifications whose
    /// `data.step.id` is a JSON string equal to one of `ids`; the route table may then skip
    /// calling `matches`. Only [`StepId`](super::StepId) (and a [`BoxFilter`] of one) returns
    /// `Some`; the default is `None`, and filters that combine others return `None`.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, FilterExt, JsonKeyExists, StepId};
    ///
    /// const ORDER: &str = "507f191e810c19729de860ea";
    /// const DELIVERY: &str = "507f191e810c19729de860eb";
    ///
    /// let ids = [String::from(ORDER), String::from(DELIVERY)];
    /// assert_eq!(StepId::any([ORDER, DELIVERY]).step_ids(), Some(&ids[..]));
    /// assert_eq!(JsonKeyExists::new("data.step.id").step_ids(), None);
    /// assert_eq!(StepId::new(ORDER).not().step_ids(), None);
    /// ```
    fn step_ids(&self) -> Option<&[String]> {
        None
    }

    /// The bot ids this filter accepts, when it is exactly a bot-id filter
    /// ([`BotId`](super::BotId)): the promise and its use are those of
    /// [`step_ids`](Filter::step_ids), for the notification's top-level `botID`.
    ///
    /// ```
    /// use clustaar_webhook::filters::{BotId, Filter, FilterExt, StepId};
    ///
    /// assert_eq!(BotId::new("shop").bot_ids(), Some(&[String::from("shop")][..]));
    /// assert_eq!(BotId::new("shop").not().bot_ids(), None);
    /// assert_eq!(StepId::new("507f191e810c19729de860ea").bot_ids(), None);
    /// ```
    fn bot_ids(&self) -> Option<&[String]> {
        None
    }
}

impl<F> Filter for F
where
    F: Fn(&Value) -> bool + Send + Sync + 'static,
{
    fn matches(&self, notification: &Value) -> bool {
        self(notification)
    }
}

/// A filter of any type, behind a cheap-to-clone pointer: what a route table stores.
///
/// It forwards [`Filter::step_ids`] to the filter it holds.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{BoxFilter, Filter, JsonKeyExists, StepId};
/// use serde_json::{json, Value};
///
/// const STEP_1: &str = "507f191e810c19729de860ea";
///
/// let filters: Vec<BoxFilter> = vec![
///     BoxFilter::new(StepId::new(STEP_1)),
///     BoxFilter::new(JsonKeyExists::new("data.input")),
///     BoxFilter::new(|n: &Value| n["botID"] == "b1"),
/// ];
/// let notification = json!({ "botID": "b1", "data": { "step": { "id": STEP_1 }, "input": {} } });
/// assert!(filters.iter().all(|f| f.matches(&notification)));
/// assert_eq!(filters[0].step_ids(), Some(&[String::from(STEP_1)][..]));
/// assert_eq!(filters[1].step_ids(), None);
/// ```
#[derive(Clone)]
pub struct BoxFilter(Arc<dyn Filter>);

impl BoxFilter {
    /// Boxes `filter` (a `BoxFilter` is not boxed again).
    ///
    /// ```
    /// use clustaar_webhook::filters::{BoxFilter, Filter, StepId};
    /// use serde_json::json;
    ///
    /// const STEP_1: &str = "507f191e810c19729de860ea";
    ///
    /// let boxed = BoxFilter::new(StepId::new(STEP_1));
    /// let again = BoxFilter::new(boxed.clone());
    /// assert!(again.matches(&json!({ "data": { "step": { "id": STEP_1 } } })));
    /// ```
    pub fn new<F: Filter>(filter: F) -> Self {
        // Avoid stacking pointers when a `BoxFilter` is boxed again.
        let mut slot = Some(filter);
        if let Some(boxed) =
            (&mut slot as &mut dyn std::any::Any).downcast_mut::<Option<BoxFilter>>()
        {
            if let Some(boxed) = boxed.take() {
                return boxed;
            }
        }
        match slot {
            Some(filter) => Self(Arc::new(filter)),
            None => unreachable!("the filter is taken only when it is a BoxFilter"),
        }
    }
}

impl fmt::Debug for BoxFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.step_ids() {
            Some(ids) => f.debug_tuple("BoxFilter").field(&ids).finish(),
            None => f.write_str("BoxFilter(..)"),
        }
    }
}

impl Filter for BoxFilter {
    fn matches(&self, notification: &Value) -> bool {
        self.0.matches(notification)
    }

    fn step_ids(&self) -> Option<&[String]> {
        self.0.step_ids()
    }

    fn bot_ids(&self) -> Option<&[String]> {
        self.0.bot_ids()
    }
}

impl Filter for Box<dyn Filter> {
    fn matches(&self, notification: &Value) -> bool {
        (**self).matches(notification)
    }

    fn step_ids(&self) -> Option<&[String]> {
        (**self).step_ids()
    }

    fn bot_ids(&self) -> Option<&[String]> {
        (**self).bot_ids()
    }
}

impl Filter for Arc<dyn Filter> {
    fn matches(&self, notification: &Value) -> bool {
        (**self).matches(notification)
    }

    fn step_ids(&self) -> Option<&[String]> {
        (**self).step_ids()
    }

    fn bot_ids(&self) -> Option<&[String]> {
        (**self).bot_ids()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::{BotId, StepId};
    use serde_json::json;

    const S1: &str = "aaaaaaaaaaaaaaaaaaaaaaa1";
    const S2: &str = "aaaaaaaaaaaaaaaaaaaaaaa2";

    #[test]
    fn closures_are_filters() {
        let f = |n: &Value| n.get("x").is_some();
        assert!(f.matches(&json!({ "x": 1 })));
        assert!(!f.matches(&json!({})));
        assert_eq!(f.step_ids(), None);
        assert_eq!(f.bot_ids(), None);
    }

    /// Checks that `wrap` keeps what the filters it wraps say: matching and not, step ids and
    /// bot ids.
    fn forwards<W: Filter>(wrap: fn(Box<dyn Filter>) -> W) {
        let on_step = json!({ "botID": "shop", "data": { "step": { "id": S1 } } });
        let elsewhere = json!({ "botID": "bank", "data": { "step": { "id": S2 } } });
        let step = wrap(Box::new(StepId::new(S1)));
        assert!(step.matches(&on_step));
        assert!(!step.matches(&elsewhere));
        assert_eq!(step.step_ids(), Some(&[String::from(S1)][..]));
        assert_eq!(step.bot_ids(), None);
        let bot = wrap(Box::new(BotId::any(["shop", "bot-2"])));
        assert!(bot.matches(&on_step));
        assert!(!bot.matches(&elsewhere));
        assert_eq!(bot.step_ids(), None);
        assert_eq!(bot.bot_ids(), Some(&["shop".into(), "bot-2".into()][..]));
    }

    #[test]
    fn pointers_forward_everything() {
        forwards(|filter| filter);
        forwards(Arc::<dyn Filter>::from);
        forwards(BoxFilter::new);
    }

    #[test]
    fn a_box_filter_shows_its_step_ids() {
        let b = BoxFilter::new(StepId::new(S1));
        assert_eq!(format!("{b:?}"), format!("BoxFilter([{S1:?}])"));
        assert_eq!(
            format!("{:?}", BoxFilter::new(|_: &Value| true)),
            "BoxFilter(..)"
        );
    }

    #[test]
    fn boxing_a_box_filter_does_not_nest() {
        let b = BoxFilter::new(StepId::new(S1));
        let again = BoxFilter::new(b.clone());
        assert!(Arc::ptr_eq(&b.0, &again.0));
    }

    #[test]
    fn filters_are_send_and_sync() {
        fn assert_filter<F: Filter + Clone + Send + Sync>() {}
        assert_filter::<BoxFilter>();
    }
}
