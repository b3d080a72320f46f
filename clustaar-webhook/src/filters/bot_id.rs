//! [`BotId`]: the filter on the bot a notification comes from.

use serde_json::Value;

use super::Filter;
use super::id_list::{checked_ids, is_one_of, or_panic};
use crate::rules::bot_id::{NotABotId, is_bot_id};

/// Matches when the notification's top-level `botID` is a given bot id, or one of several: for
/// a webhook that serves several bots (see
/// [`SecurityConfig::bots`](crate::security::SecurityConfig::bots)), the routes of one bot.
///
/// A bot id is 1 to 64 ASCII letters, digits, `-` or `_` (the platform's are 24 letters or
/// digits): [`try_any`](BotId::try_any) refuses any other text with an [`InvalidBotId`],
/// [`new`](BotId::new) and [`any`](BotId::any) panic with its message. Like
/// [`StepId`](super::StepId), a `BotId` tells the route table its ids
/// ([`Filter::bot_ids`]): routing on bots costs the same for one bot or a thousand, and a
/// route may take both a bot and a step.
///
/// ```
/// use clustaar_webhook::filters::{BotId, Filter};
/// use serde_json::json;
///
/// let shop = BotId::new("5a8f1c2e9b1d4c0012345678");
/// assert!(shop.matches(&json!({ "botID": "5a8f1c2e9b1d4c0012345678" })));
/// assert!(!shop.matches(&json!({ "botID": "5a8f1c2e9b1d4c0087654321" })));
/// assert!(BotId::any(["shop", "bank"]).matches(&json!({ "botID": "bank" })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotId {
    ids: Vec<String>,
}

/// A text that is not a bot id, given to [`BotId::try_any`].
///
/// ```
/// use clustaar_webhook::filters::BotId;
///
/// let error = BotId::try_any(["shop", "a b"]).unwrap_err();
/// assert_eq!(error.id(), "a b");
/// assert!(error.to_string().starts_with("`a b` is not a bot id"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", NotABotId(id))]
pub struct InvalidBotId {
    id: String,
}

impl InvalidBotId {
    /// The text that is not a bot id.
    ///
    /// ```
    /// use clustaar_webhook::filters::BotId;
    ///
    /// assert_eq!(BotId::try_any(["bot/1"]).unwrap_err().id(), "bot/1");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl BotId {
    /// A filter matching the bot `id`.
    ///
    /// # Panics
    ///
    /// When `id` is not a bot id, with the message of [`InvalidBotId`].
    ///
    /// ```
    /// use clustaar_webhook::filters::{BotId, Filter};
    /// use serde_json::json;
    ///
    /// assert!(BotId::new("shop").matches(&json!({ "botID": "shop" })));
    /// ```
    #[track_caller]
    pub fn new(id: impl Into<String>) -> Self {
        Self::any([id])
    }

    /// A filter matching any of the bots `ids` (none, when `ids` is empty).
    ///
    /// # Panics
    ///
    /// When one of `ids` is not a bot id, with the message of [`InvalidBotId`]; see
    /// [`try_any`](Self::try_any) for the error instead.
    ///
    /// ```
    /// use clustaar_webhook::filters::{BotId, Filter};
    /// use serde_json::json;
    ///
    /// let brands = BotId::any(["shop-fr", "shop-de"]);
    /// assert!(brands.matches(&json!({ "botID": "shop-de" })));
    /// assert!(!brands.matches(&json!({ "botID": "bank" })));
    /// ```
    #[track_caller]
    pub fn any<I>(ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        or_panic(Self::try_any(ids))
    }

    /// A filter matching any of the bots `ids`, or the error for the first of them that is not
    /// a bot id.
    ///
    /// ```
    /// use clustaar_webhook::filters::BotId;
    ///
    /// assert!(BotId::try_any(["5a8f1c2e9b1d4c0012345678"]).is_ok());
    /// assert!(BotId::try_any([""]).is_err());
    /// ```
    pub fn try_any<I>(ids: I) -> Result<Self, InvalidBotId>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let checked = |id: String| match is_bot_id(&id) {
            true => Ok(id),
            false => Err(InvalidBotId { id }),
        };
        Ok(Self {
            ids: checked_ids(ids, checked)?,
        })
    }

    /// The accepted bot ids, in the order given.
    ///
    /// ```
    /// use clustaar_webhook::filters::BotId;
    ///
    /// assert_eq!(BotId::any(["shop", "bank"]).ids(), &["shop", "bank"]);
    /// ```
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

impl Filter for BotId {
    fn matches(&self, notification: &Value) -> bool {
        is_one_of(notification.get("botID"), &self.ids)
    }

    fn bot_ids(&self) -> Option<&[String]> {
        Some(&self.ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::JsonKeyIn;
    use serde_json::json;

    const B1: &str = "5a8f1c2e9b1d4c0012345678";

    fn documents() -> Vec<Value> {
        vec![
            json!({ "botID": B1 }),
            json!({ "botID": "shop-fr" }),
            json!({ "botID": "bank" }),
            json!({ "botID": null }),
            json!({ "botID": 1 }),
            json!({ "botID": [B1] }),
            json!({ "data": { "botID": B1 } }),
            json!({}),
            json!(null),
            json!([B1]),
        ]
    }

    #[test]
    fn any_is_json_key_in_on_the_bot_id() {
        let bots = BotId::any([B1, "shop-fr"]);
        let is_in = JsonKeyIn::new("botID", [B1, "shop-fr"]);
        for doc in documents() {
            assert_eq!(bots.matches(&doc), is_in.matches(&doc), "{doc}");
        }
        assert!(bots.matches(&documents()[1]));
        assert!(!bots.matches(&documents()[2]));
        assert_eq!(bots.ids(), &[B1, "shop-fr"]);
        assert_eq!(bots.bot_ids(), Some(bots.ids()));
        assert_eq!(bots.step_ids(), None);
        assert_eq!(BotId::new(B1), BotId::any([B1]));
    }

    #[test]
    fn only_bot_ids_are_taken() {
        let message = "`a b` is not a bot id: a bot id is 1 to 64 ASCII letters, digits, `-` or \
                       `_`, and it has ' ' at position 1";
        let error = BotId::try_any(["shop", "a b", ""]).unwrap_err();
        assert_eq!((error.id(), error.to_string().as_str()), ("a b", message));
        assert!(BotId::try_any([""]).is_err());
        assert_eq!(
            BotId::try_any(Vec::<String>::new()).unwrap().ids(),
            &[] as &[String]
        );

        let panic = std::panic::catch_unwind(|| BotId::new("a b")).unwrap_err();
        assert_eq!(
            panic.downcast_ref::<String>().map(String::as_str),
            Some(message)
        );
    }
}
