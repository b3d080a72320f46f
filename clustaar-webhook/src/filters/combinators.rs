//! Filters made of filters: [`And`], [`Or`], [`Not`], and the [`FilterExt`] methods that build
//! them.

use serde_json::Value;

use super::{BoxFilter, Filter};

/// Matches when both filters match; the second is not evaluated when the first fails.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{And, Filter, JsonKeyEquals, StepId};
/// use serde_json::json;
///
/// const STEP_1: &str = "507f191e810c19729de860ea";
///
/// let filter = And::new(StepId::new(STEP_1), JsonKeyEquals::new("data.channel", "web"));
/// assert!(filter.matches(&json!({ "data": { "channel": "web", "step": { "id": STEP_1 } } })));
/// assert!(!filter.matches(&json!({ "data": { "channel": "sms", "step": { "id": STEP_1 } } })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct And<A, B> {
    first: A,
    second: B,
}

impl<A, B> And<A, B> {
    /// `first` and then `second`.
    ///
    /// ```
    /// use clustaar_webhook::filters::{And, Filter, JsonKeyExists};
    /// use serde_json::json;
    ///
    /// let both = And::new(JsonKeyExists::new("a"), JsonKeyExists::new("b"));
    /// assert!(both.matches(&json!({ "a": 1, "b": 2 })));
    /// assert!(!both.matches(&json!({ "a": 1 })));
    /// ```
    pub fn new(first: A, second: B) -> Self {
        Self { first, second }
    }
}

impl<A: Filter, B: Filter> Filter for And<A, B> {
    fn matches(&self, notification: &Value) -> bool {
        self.first.matches(notification) && self.second.matches(notification)
    }
}

/// Matches when either filter matches; the second is not evaluated when the first matches.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{Filter, JsonKeyExists, Or};
/// use serde_json::json;
///
/// let filter = Or::new(JsonKeyExists::new("data.input"), JsonKeyExists::new("data.event"));
/// assert!(filter.matches(&json!({ "data": { "event": {} } })));
/// assert!(!filter.matches(&json!({ "data": {} })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Or<A, B> {
    first: A,
    second: B,
}

impl<A, B> Or<A, B> {
    /// `first`, or else `second`.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, JsonKeyEquals, Or};
    /// use serde_json::json;
    ///
    /// let either = Or::new(JsonKeyEquals::new("x", 1), JsonKeyEquals::new("x", 2));
    /// assert!(either.matches(&json!({ "x": 2 })));
    /// assert!(!either.matches(&json!({ "x": 3 })));
    /// ```
    pub fn new(first: A, second: B) -> Self {
        Self { first, second }
    }
}

impl<A: Filter, B: Filter> Filter for Or<A, B> {
    fn matches(&self, notification: &Value) -> bool {
        self.first.matches(notification) || self.second.matches(notification)
    }
}

/// Matches when the inner filter does not.
///
/// Mind missing keys: `Not(JsonKeyEquals("user.id", 1))` matches a notification that has no
/// `user.id` at all. Combine with [`JsonKeyExists`](super::JsonKeyExists) to require the key.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{Filter, JsonKeyEquals, Not};
/// use serde_json::json;
///
/// let filter = Not::new(JsonKeyEquals::new("user.id", 1));
/// assert!(filter.matches(&json!({ "user": { "id": 2 } })));
/// assert!(filter.matches(&json!({ "user": {} })));
/// assert!(!filter.matches(&json!({ "user": { "id": 1 } })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Not<A> {
    inner: A,
}

impl<A> Not<A> {
    /// The negation of `inner`.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, JsonKeyExists, Not};
    /// use serde_json::json;
    ///
    /// assert!(Not::new(JsonKeyExists::new("a")).matches(&json!({})));
    /// ```
    pub fn new(inner: A) -> Self {
        Self { inner }
    }
}

impl<A: Filter> Filter for Not<A> {
    fn matches(&self, notification: &Value) -> bool {
        !self.inner.matches(notification)
    }
}

/// `first` and `second`: the same as [`And::new`] and [`FilterExt::and`].
///
/// ```
/// use clustaar_webhook::filters::{and, Filter, JsonKeyExists, StepId};
/// use serde_json::json;
///
/// const STEP_1: &str = "507f191e810c19729de860ea";
///
/// let filter = and(StepId::new(STEP_1), JsonKeyExists::new("data.input"));
/// assert!(filter.matches(&json!({ "data": { "step": { "id": STEP_1 }, "input": {} } })));
/// assert!(!filter.matches(&json!({ "data": { "step": { "id": STEP_1 } } })));
/// ```
pub fn and<A: Filter, B: Filter>(first: A, second: B) -> And<A, B> {
    And::new(first, second)
}

/// `first` or `second`: the same as [`Or::new`] and [`FilterExt::or`].
///
/// ```
/// use clustaar_webhook::filters::{or, Filter, StepId};
/// use serde_json::json;
///
/// const STEP_1: &str = "507f191e810c19729de860ea";
/// const STEP_2: &str = "507f191e810c19729de860eb";
///
/// let filter = or(StepId::new(STEP_1), StepId::new(STEP_2));
/// assert!(filter.matches(&json!({ "data": { "step": { "id": STEP_2 } } })));
/// ```
pub fn or<A: Filter, B: Filter>(first: A, second: B) -> Or<A, B> {
    Or::new(first, second)
}

/// Not `inner`: the same as [`Not::new`] and [`FilterExt::not`].
///
/// ```
/// use clustaar_webhook::filters::{not, Filter, StepId};
/// use serde_json::json;
///
/// const STEP_1: &str = "507f191e810c19729de860ea";
/// const STEP_2: &str = "507f191e810c19729de860eb";
///
/// let filter = not(StepId::new(STEP_1));
/// assert!(filter.matches(&json!({ "data": { "step": { "id": STEP_2 } } })));
/// assert!(!filter.matches(&json!({ "data": { "step": { "id": STEP_1 } } })));
/// ```
pub fn not<A: Filter>(inner: A) -> Not<A> {
    Not::new(inner)
}

/// Methods to combine filters, for every [`Filter`].
///
/// Combined filters short-circuit: `a.and(b)` does not evaluate `b` when `a` fails, and
/// `a.or(b)` does not evaluate `b` when `a` matches.
///
/// # Example
///
/// ```
/// use clustaar_webhook::filters::{Filter, FilterExt, JsonKeyEquals, JsonKeyExists, StepId};
/// use serde_json::{json, Value};
///
/// const STEP_1: &str = "507f191e810c19729de860ea";
/// const STEP_2: &str = "507f191e810c19729de860eb";
/// const STEP_3: &str = "507f191e810c19729de860ec";
///
/// let filter = StepId::any([STEP_1, STEP_2])
///     .and(JsonKeyEquals::new("data.channel", "web").or(|n: &Value| n["botID"] == "b1"))
///     .and(JsonKeyExists::new("data.input").not());
///
/// assert!(filter.matches(&json!({ "data": { "channel": "web", "step": { "id": STEP_2 } } })));
/// assert!(filter.matches(&json!({ "botID": "b1", "data": { "step": { "id": STEP_1 } } })));
/// assert!(!filter.matches(&json!({ "data": { "channel": "web", "step": { "id": STEP_3 } } })));
/// ```
pub trait FilterExt: Filter + Sized {
    /// Matches when `self` and `other` match; `other` is evaluated only when `self` matches.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, FilterExt, StepId};
    /// use serde_json::{json, Value};
    ///
    /// const STEP_1: &str = "507f191e810c19729de860ea";
    /// const STEP_2: &str = "507f191e810c19729de860eb";
    ///
    /// let filter = StepId::new(STEP_1).and(|n: &Value| n["data"]["channel"] == "web");
    /// assert!(filter.matches(&json!({ "data": { "channel": "web", "step": { "id": STEP_1 } } })));
    /// assert!(!filter.matches(&json!({ "data": { "channel": "web", "step": { "id": STEP_2 } } })));
    /// ```
    fn and<B: Filter>(self, other: B) -> And<Self, B> {
        And::new(self, other)
    }

    /// Matches when `self` or `other` matches; `other` is evaluated only when `self` does not.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, FilterExt, JsonKeyEquals};
    /// use serde_json::json;
    ///
    /// let filter = JsonKeyEquals::new("x", 1).or(JsonKeyEquals::new("y", 1));
    /// assert!(filter.matches(&json!({ "y": 1 })));
    /// assert!(!filter.matches(&json!({ "x": 2 })));
    /// ```
    fn or<B: Filter>(self, other: B) -> Or<Self, B> {
        Or::new(self, other)
    }

    /// Matches when `self` does not.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, FilterExt, JsonKeyExists};
    /// use serde_json::json;
    ///
    /// let filter = JsonKeyExists::new("data.input").not();
    /// assert!(filter.matches(&json!({ "data": {} })));
    /// ```
    fn not(self) -> Not<Self> {
        Not::new(self)
    }

    /// Boxes the filter, to store filters of different types together.
    ///
    /// ```
    /// use clustaar_webhook::filters::{BoxFilter, Filter, FilterExt, JsonKeyExists, StepId};
    /// use serde_json::json;
    ///
    /// const STEP_1: &str = "507f191e810c19729de860ea";
    ///
    /// let filters: Vec<BoxFilter> = vec![StepId::new(STEP_1).boxed(), JsonKeyExists::new("data").boxed()];
    /// assert!(filters.iter().all(|f| f.matches(&json!({ "data": { "step": { "id": STEP_1 } } }))));
    /// ```
    fn boxed(self) -> BoxFilter {
        BoxFilter::new(self)
    }
}

impl<F: Filter> FilterExt for F {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::{JsonKeyEquals, StepId};
    use serde_json::json;

    const S1: &str = "aaaaaaaaaaaaaaaaaaaaaaa1";
    const S2: &str = "aaaaaaaaaaaaaaaaaaaaaaa2";

    fn yes(_: &Value) -> bool {
        true
    }

    fn no(_: &Value) -> bool {
        false
    }

    fn boom(_: &Value) -> bool {
        panic!("a short-circuited filter was evaluated")
    }

    #[test]
    fn truth_tables() {
        let n = json!({});
        for (a, b) in [(true, true), (true, false), (false, true), (false, false)] {
            let f = |x: bool| if x { yes } else { no };
            assert_eq!(f(a).and(f(b)).matches(&n), a && b);
            assert_eq!(f(a).or(f(b)).matches(&n), a || b);
            assert_eq!(and(f(a), f(b)).matches(&n), a && b);
            assert_eq!(or(f(a), f(b)).matches(&n), a || b);
            assert_eq!(f(a).not().matches(&n), !a);
            assert_eq!(not(f(a)).matches(&n), !a);
        }
    }

    #[test]
    fn short_circuits() {
        let n = json!({});
        assert!(!no.and(boom).matches(&n));
        assert!(yes.or(boom).matches(&n));
        assert!(!and(no, boom).matches(&n));
        assert!(or(yes, boom).matches(&n));
        assert!(!And::new(no, boom).matches(&n));
        assert!(Or::new(yes, boom).matches(&n));
        // Nested: the whole right side is skipped.
        assert!(!no.and(boom.or(boom).and(boom.not())).matches(&n));
        // And the right side is evaluated when it must be.
        let evaluated = std::panic::catch_unwind(|| yes.and(boom).matches(&json!({})));
        assert!(evaluated.is_err());
        let evaluated = std::panic::catch_unwind(|| no.or(boom).matches(&json!({})));
        assert!(evaluated.is_err());
    }

    #[test]
    fn combinators_hide_step_ids() {
        assert_eq!(StepId::new(S1).and(yes).step_ids(), None);
        assert_eq!(yes.and(StepId::new(S1)).step_ids(), None);
        assert_eq!(StepId::new(S1).or(StepId::new(S2)).step_ids(), None);
        assert_eq!(StepId::new(S1).not().step_ids(), None);
        assert_eq!(
            StepId::new(S1).boxed().step_ids(),
            Some(&[String::from(S1)][..])
        );
    }

    #[test]
    fn combines_json_filters() {
        let filter = StepId::new(S1).and(JsonKeyEquals::new("user.id", 1).not());
        assert!(filter.matches(&json!({ "data": { "step": { "id": S1 } }, "user": {} })));
        assert!(filter.matches(&json!({ "data": { "step": { "id": S1 } }, "user": { "id": 2 } })));
        assert!(
            !filter.matches(&json!({ "data": { "step": { "id": S1 } }, "user": { "id": 1.0 } }))
        );
        assert!(!filter.matches(&json!({ "data": { "step": { "id": S2 } } })));
    }
}
