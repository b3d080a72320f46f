//! [`StepId`]: the filter on the step a notification is about.

use serde_json::Value;

use super::Filter;
use super::id_list::{checked_ids, is_one_of, or_panic};
use crate::rules::step_id::{NotAStepId, is_step_id};

/// Matches when the notification's `data.step.id` is a given step id, or one of several.
///
/// A step id is exactly 24 ASCII letters or digits, such as `507f191e810c19729de860ea` (the
/// platform's object ids): [`try_new`](StepId::try_new) and [`try_any`](StepId::try_any)
/// refuse any other text with an [`InvalidStepId`], [`new`](StepId::new) and
/// [`any`](StepId::any) panic with its message.
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

/// A text that is not a step id (exactly 24 ASCII letters or digits), given to
/// [`StepId::try_new`] or [`StepId::try_any`].
///
/// ```
/// use clustaar_webhook::filters::StepId;
///
/// let error = StepId::try_new("s1").unwrap_err();
/// assert_eq!(error.id(), "s1");
/// assert_eq!(
///     error.to_string(),
///     "`s1` is not a step id: a step id is exactly 24 ASCII letters or digits, and it has 2 characters"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", NotAStepId(id))]
pub struct InvalidStepId {
    id: String,
}

impl InvalidStepId {
    /// The text that is not a step id.
    ///
    /// ```
    /// use clustaar_webhook::filters::StepId;
    ///
    /// let error = StepId::try_any(["507f191e810c19729de860ea", "step-2"]).unwrap_err();
    /// assert_eq!(error.id(), "step-2");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// `id`, when it is a step id.
fn checked(id: String) -> Result<String, InvalidStepId> {
    if is_step_id(&id) {
        Ok(id)
    } else {
        Err(InvalidStepId { id })
    }
}

impl StepId {
    /// A filter matching the step `id`.
    ///
    /// # Panics
    ///
    /// When `id` is not a step id, with the message of [`InvalidStepId`]; see
    /// [`try_new`](Self::try_new) for the error instead.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, StepId};
    /// use serde_json::json;
    ///
    /// let filter = StepId::new("507f191e810c19729de860ea");
    /// assert!(filter.matches(&json!({ "data": { "step": { "id": "507f191e810c19729de860ea" } } })));
    /// assert!(!filter.matches(&json!({ "data": { "step": null } })));
    /// ```
    #[track_caller]
    pub fn new(id: impl Into<String>) -> Self {
        or_panic(Self::try_new(id))
    }

    /// A filter matching the step `id`, or the error saying that `id` is not a step id.
    ///
    /// ```
    /// use clustaar_webhook::filters::StepId;
    ///
    /// assert!(StepId::try_new("507f191e810c19729de860ea").is_ok());
    /// assert!(StepId::try_new("ABCDEFGHIJKLMNOPQRSTUVWX").is_ok());
    /// assert!(StepId::try_new("507f191e-810c19729de860ea").is_err());
    /// ```
    pub fn try_new(id: impl Into<String>) -> Result<Self, InvalidStepId> {
        Ok(Self {
            ids: vec![checked(id.into())?],
        })
    }

    /// A filter matching any of the steps `ids` (none, when `ids` is empty).
    ///
    /// # Panics
    ///
    /// When one of `ids` is not a step id, with the message of [`InvalidStepId`]; see
    /// [`try_any`](Self::try_any) for the error instead.
    ///
    /// ```
    /// use clustaar_webhook::filters::{Filter, StepId};
    /// use serde_json::json;
    ///
    /// const ORDER: &str = "507f191e810c19729de860ea";
    /// const DELIVERY: &str = "507f191e810c19729de860eb";
    /// let ids = vec![String::from(ORDER), String::from(DELIVERY)];
    /// let filter = StepId::any(ids);
    /// assert!(filter.matches(&json!({ "data": { "step": { "id": DELIVERY } } })));
    /// assert!(!StepId::any(Vec::<String>::new()).matches(&json!({ "data": { "step": { "id": DELIVERY } } })));
    /// ```
    #[track_caller]
    pub fn any<I>(ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        or_panic(Self::try_any(ids))
    }

    /// A filter matching any of the steps `ids`, or the error for the first of them that is
    /// not a step id.
    ///
    /// ```
    /// use clustaar_webhook::filters::StepId;
    ///
    /// let error = StepId::try_any(["507f191e810c19729de860ea", "s2", "s3"]).unwrap_err();
    /// assert_eq!(error.id(), "s2");
    /// ```
    pub fn try_any<I>(ids: I) -> Result<Self, InvalidStepId>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        Ok(Self {
            ids: checked_ids(ids, checked)?,
        })
    }

    /// The accepted step ids, in the order given.
    ///
    /// ```
    /// use clustaar_webhook::filters::StepId;
    ///
    /// const ORDER: &str = "507f191e810c19729de860ea";
    /// const DELIVERY: &str = "507f191e810c19729de860eb";
    /// assert_eq!(StepId::any([ORDER, DELIVERY]).ids(), &[ORDER, DELIVERY]);
    /// ```
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

impl Filter for StepId {
    fn matches(&self, notification: &Value) -> bool {
        let id = notification
            .get("data")
            .and_then(|data| data.get("step"))
            .and_then(|step| step.get("id"));
        is_one_of(id, &self.ids)
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

    const S1: &str = "aaaaaaaaaaaaaaaaaaaaaaa1";
    const S2: &str = "aaaaaaaaaaaaaaaaaaaaaaa2";
    const S3: &str = "aaaaaaaaaaaaaaaaaaaaaaa3";

    fn documents() -> Vec<Value> {
        vec![
            json!({ "data": { "step": { "id": S1 } } }),
            json!({ "data": { "step": { "id": S2 } } }),
            json!({ "data": { "step": { "id": S3 } } }),
            json!({ "data": { "step": { "id": null } } }),
            json!({ "data": { "step": { "id": 1 } } }),
            json!({ "data": { "step": { "id": [S1] } } }),
            json!({ "data": { "step": {} } }),
            json!({ "data": { "step": null } }),
            json!({ "data": { "step": S1 } }),
            json!({ "data": [S1] }),
            json!({ "data": null }),
            json!({}),
            json!(null),
            json!([S1]),
        ]
    }

    #[test]
    fn new_is_json_key_equals_on_the_step_id() {
        let step = StepId::new(S1);
        let equals = JsonKeyEquals::new("data.step.id", S1);
        for doc in documents() {
            assert_eq!(step.matches(&doc), equals.matches(&doc), "{doc}");
        }
        assert!(step.matches(&documents()[0]));
        assert_eq!(step.step_ids(), Some(&[String::from(S1)][..]));
    }

    #[test]
    fn any_is_json_key_in_on_the_step_id() {
        let step = StepId::any([S1, S2]);
        let is_in = JsonKeyIn::new("data.step.id", [S1, S2]);
        for doc in documents() {
            assert_eq!(step.matches(&doc), is_in.matches(&doc), "{doc}");
        }
        assert!(step.matches(&documents()[1]));
        assert!(!step.matches(&documents()[2]));
        assert_eq!(step.ids(), &[S1, S2]);
        assert_eq!(step.step_ids(), Some(step.ids()));
    }

    #[test]
    fn any_accepts_owned_and_borrowed_ids() {
        let owned = vec![String::from(S1)];
        assert_eq!(StepId::any(&owned), StepId::new(S1));
        assert_eq!(StepId::any(owned), StepId::new(S1));
        assert_eq!(StepId::any([S1]), StepId::new(String::from(S1)));
    }

    #[test]
    fn only_step_ids_are_taken() {
        let message = "`s1` is not a step id: a step id is exactly 24 ASCII letters or digits, and it has 2 characters";
        let error = StepId::try_new("s1").unwrap_err();
        assert_eq!((error.id(), error.to_string().as_str()), ("s1", message));
        assert_eq!(StepId::try_any([S1, "s1", "s2"]), Err(error));
        assert_eq!(
            StepId::try_new(format!("{S1} ")).unwrap_err().to_string(),
            format!(
                "`{S1} ` is not a step id: a step id is exactly 24 ASCII letters or digits, and it has ' ' at position 24"
            )
        );
        assert_eq!(
            StepId::try_any(Vec::<String>::new()).unwrap().ids(),
            &[] as &[String]
        );

        let panic = std::panic::catch_unwind(|| StepId::new("s1")).unwrap_err();
        assert_eq!(
            panic.downcast_ref::<String>().map(String::as_str),
            Some(message)
        );
        let panic = std::panic::catch_unwind(|| StepId::any([S1, "s1"])).unwrap_err();
        assert_eq!(
            panic.downcast_ref::<String>().map(String::as_str),
            Some(message)
        );
    }
}
