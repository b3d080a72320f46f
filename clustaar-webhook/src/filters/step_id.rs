//! [`StepId`]: the filter on the step a notification is about.

use serde_json::Value;

use super::Filter;

/// Matches when the notification's `data.step.id` is a given step id, or one of several.
///
/// `StepId::new(id)` behaves as `JsonKeyEquals::new("data.step.id", id)`, and
/// `StepId::any(ids)` as `JsonKeyIn::new("data.step.id", ids)`: the step id must be present
/// and be a JSON string equal to one of the ids. Unlike those, a `StepId` tells the route table
/// its ids through [`Filter::step_ids`], so that routing on step ids costs the same for one
/// route or ten thousand.
///
/// # Example
///
/// The reference's example: the filter matches until `data.step.id` is deleted.
///
/// ```
/// use clustaar_webhook::filters::{Filter, StepId};
/// use serde_json::json;
///
/// let mut notification = json!({ "data": { "step": { "id": "507f191e810c19729de860ea" } } });
/// let filter = StepId::new("507f191e810c19729de860ea");
/// assert!(filter.matches(&notification));
///
/// notification["data"]["step"].as_object_mut().unwrap().remove("id");
/// assert!(!filter.matches(&notification));
/// ```
///
/// With a list of step ids, the filter matches any of them:
///
/// ```
/// use clustaar_webhook::filters::{Filter, StepId};
/// use serde_json::json;
///
/// let filter = StepId::any(["507f191e810c19729de860ea", "507f191e810c19729de860eb"]);
/// let on_step = |id: &str| json!({ "data": { "step": { "id": id } } });
/// assert!(filter.matches(&on_step("507f191e810c19729de860ea")));
/// assert!(filter.matches(&on_step("507f191e810c19729de860eb")));
/// assert!(!filter.matches(&on_step("507f191e810c19729de860ec")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepId {
    ids: Vec<String>,
}

impl StepId {
    /// A filter matching the step `id`.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, StepId};
    /// use serde_json::json;
    ///
    /// let filter = StepId::new("507f191e810c19729de860ea");
    /// assert!(filter.matches(&json!({ "data": { "step": { "id": "507f191e810c19729de860ea" } } })));
    /// assert!(!filter.matches(&json!({ "data": { "step": null } })));
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            ids: vec![id.into()],
        }
    }

    /// A filter matching any of the steps `ids` (none, when `ids` is empty).
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, StepId};
    /// use serde_json::json;
    ///
    /// let ids = vec![String::from("a"), String::from("b")];
    /// let filter = StepId::any(ids);
    /// assert!(filter.matches(&json!({ "data": { "step": { "id": "b" } } })));
    /// assert!(!StepId::any(Vec::<String>::new()).matches(&json!({ "data": { "step": { "id": "b" } } })));
    /// ```
    pub fn any<I>(ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        Self {
            ids: ids.into_iter().map(Into::into).collect(),
        }
    }

    /// The accepted step ids, in the order given.
    ///
    /// ```
    /// use clustaar_webhook::filters::StepId;
    ///
    /// assert_eq!(StepId::any(["a", "b"]).ids(), &["a", "b"]);
    /// ```
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

impl Filter for StepId {
    fn matches(&self, notification: &Value) -> bool {
        notification
            .get("data")
            .and_then(|data| data.get("step"))
            .and_then(|step| step.get("id"))
            .and_then(Value::as_str)
            .is_some_and(|id| self.ids.iter().any(|wanted| wanted == id))
    }

    fn step_ids(&self) -> Option<&[String]> {
        Some(&self.ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::{JsonKeyEquals, JsonKeyIn};
    use serde_json::json;

    fn documents() -> Vec<Value> {
        vec![
            json!({ "data": { "step": { "id": "s1" } } }),
            json!({ "data": { "step": { "id": "s2" } } }),
            json!({ "data": { "step": { "id": "s3" } } }),
            json!({ "data": { "step": { "id": null } } }),
            json!({ "data": { "step": { "id": 1 } } }),
            json!({ "data": { "step": { "id": ["s1"] } } }),
            json!({ "data": { "step": {} } }),
            json!({ "data": { "step": null } }),
            json!({ "data": { "step": "s1" } }),
            json!({ "data": ["s1"] }),
            json!({ "data": null }),
            json!({}),
            json!(null),
            json!(["s1"]),
        ]
    }

    #[test]
    fn new_is_json_key_equals_on_the_step_id() {
        let step = StepId::new("s1");
        let equals = JsonKeyEquals::new("data.step.id", "s1");
        for doc in documents() {
            assert_eq!(step.matches(&doc), equals.matches(&doc), "{doc}");
        }
        assert!(step.matches(&documents()[0]));
        assert_eq!(step.step_ids(), Some(&[String::from("s1")][..]));
    }

    #[test]
    fn any_is_json_key_in_on_the_step_id() {
        let step = StepId::any(["s1", "s2"]);
        let is_in = JsonKeyIn::new("data.step.id", ["s1", "s2"]);
        for doc in documents() {
            assert_eq!(step.matches(&doc), is_in.matches(&doc), "{doc}");
        }
        assert!(step.matches(&documents()[1]));
        assert!(!step.matches(&documents()[2]));
        assert_eq!(step.ids(), &["s1", "s2"]);
        assert_eq!(step.step_ids(), Some(step.ids()));
    }

    #[test]
    fn any_accepts_owned_and_borrowed_ids() {
        let owned = vec![String::from("a")];
        assert_eq!(StepId::any(&owned), StepId::new("a"));
        assert_eq!(StepId::any(owned), StepId::new("a"));
        assert_eq!(StepId::any(["a"]), StepId::new(String::from("a")));
    }
}
