//! The values a conversation keeps between steps.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error_path;
use crate::model;

/// The conversation's session: free values by name (`webhook_conversation_session`).
///
/// ```
/// use clustaar_webhook::schemas::ConversationSession;
///
/// let mut session = ConversationSession::from_iter([("name", "John")]);
/// session.insert("visits", 3);
/// assert_eq!(session.get_str("name"), Some("John"));
/// assert_eq!(session.get("visits"), Some(&serde_json::json!(3)));
/// assert_eq!(
///     serde_json::to_string(&session).unwrap(),
///     r#"{"values":{"name":"John","visits":3}}"#
/// );
/// ```
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ConversationSession {
    /// The values, in the order they were read or inserted.
    pub values: Map<String, Value>,
}

impl ConversationSession {
    /// An empty session.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    ///
    /// let session = ConversationSession::new();
    /// assert!(session.values.is_empty());
    /// assert_eq!(serde_json::to_string(&session).unwrap(), r#"{"values":{}}"#);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The value named `key`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    /// use serde_json::json;
    ///
    /// let session = ConversationSession::from_iter([("cart", json!([1, 2]))]);
    /// assert_eq!(session.get("cart"), Some(&json!([1, 2])));
    /// assert_eq!(session.get("coupon"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// The value named `key`, when it is a string.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    /// use serde_json::json;
    ///
    /// let session =
    ///     ConversationSession::from_iter([("name", json!("John")), ("visits", json!(3))]);
    /// assert_eq!(session.get_str("name"), Some("John"));
    /// // A value that is not a string is `None`, as a missing one is.
    /// assert_eq!(session.get_str("visits"), None);
    /// ```
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    /// The value named `key`, read as a `T`.
    ///
    /// A missing value reads as `null`, so an `Option<T>` is `None` when the value is not there
    /// and any other `T` is [`SessionError::Missing`].
    ///
    /// ```
    /// use clustaar_webhook::schemas::{ConversationSession, SessionError};
    ///
    /// let session = ConversationSession::from_iter([
    ///     ("visits", serde_json::json!(3)),
    ///     ("cart", serde_json::json!([1, 2])),
    /// ]);
    /// assert_eq!(session.get_as::<u32>("visits").unwrap(), 3);
    /// assert_eq!(session.get_as::<Vec<u8>>("cart").unwrap(), [1, 2]);
    /// assert_eq!(session.get_as::<Option<String>>("coupon").unwrap(), None);
    ///
    /// let error = session.get_as::<String>("visits").unwrap_err();
    /// assert_eq!(error.key(), "visits");
    /// assert_eq!(
    ///     error.to_string(),
    ///     "the session value `visits` cannot be read as `String`: \
    ///      invalid type: integer `3`, expected a string"
    /// );
    /// assert!(matches!(session.get_as::<u32>("coupon"), Err(SessionError::Missing { .. })));
    /// ```
    pub fn get_as<T: DeserializeOwned>(&self, key: &str) -> Result<T, SessionError> {
        match self.values.get(key) {
            Some(value) => T::deserialize(value).map_err(|error| SessionError::Invalid {
                key: key.to_owned(),
                expected: type_name::<T>(),
                reason: error.to_string(),
            }),
            None => T::deserialize(Value::Null).map_err(|_| SessionError::Missing {
                key: key.to_owned(),
                expected: type_name::<T>(),
            }),
        }
    }

    /// The whole session read as a `T`, a struct whose fields are session values.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    /// use serde::Deserialize;
    ///
    /// #[derive(Debug, Deserialize)]
    /// struct Order {
    ///     reference: String,
    ///     items: u32,
    /// }
    ///
    /// let session = ConversationSession::from_iter([
    ///     ("reference", serde_json::json!("A-12")),
    ///     ("items", serde_json::json!("two")),
    /// ]);
    /// let error = session.decode::<Order>().unwrap_err();
    /// assert_eq!(error.key(), "items");
    ///
    /// let session = ConversationSession::from_iter([
    ///     ("reference", serde_json::json!("A-12")),
    ///     ("items", serde_json::json!(2)),
    /// ]);
    /// let order: Order = session.decode().unwrap();
    /// assert_eq!((order.reference.as_str(), order.items), ("A-12", 2));
    /// ```
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, SessionError> {
        serde_path_to_error::deserialize(&self.values).map_err(|error| {
            // A field missing from the session is named in the reason, at the root.
            let (key, reason) = error_path::read_tracked(&error);
            SessionError::Invalid {
                key,
                expected: type_name::<T>(),
                reason,
            }
        })
    }

    /// A session holding the fields of `value`, a struct (or map) of session values.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    /// use serde::Serialize;
    ///
    /// #[derive(Serialize)]
    /// struct Order {
    ///     reference: &'static str,
    ///     items: u32,
    /// }
    ///
    /// let session = ConversationSession::encode(&Order { reference: "A-12", items: 2 }).unwrap();
    /// assert_eq!(session.get_str("reference"), Some("A-12"));
    /// assert_eq!(session.get_as::<u32>("items").unwrap(), 2);
    /// assert!(ConversationSession::encode(&42).is_err());
    /// ```
    pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Self, SessionError> {
        match serde_json::to_value(value) {
            Ok(Value::Object(values)) => Ok(ConversationSession { values }),
            Ok(other) => Err(SessionError::NotAnObject {
                expected: type_name::<T>(),
                found: json_kind(&other),
            }),
            Err(error) => Err(SessionError::Unwritable {
                expected: type_name::<T>(),
                reason: error.to_string(),
            }),
        }
    }

    /// Sets the value named `key`, returning the one it replaces.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    ///
    /// let mut session = ConversationSession::new();
    /// assert_eq!(session.insert("plan", "silver"), None);
    /// assert_eq!(session.insert("plan", "gold"), Some("silver".into()));
    /// assert_eq!(session.get_str("plan"), Some("gold"));
    /// ```
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.values.insert(key.into(), value.into())
    }

    /// Removes the value named `key`, returning it; the other values keep their order.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    ///
    /// let mut session = ConversationSession::from_iter([("a", 1), ("b", 2), ("c", 3)]);
    /// assert_eq!(session.remove("b"), Some(2.into()));
    /// assert_eq!(session.remove("b"), None);
    /// assert_eq!(serde_json::to_string(&session).unwrap(), r#"{"values":{"a":1,"c":3}}"#);
    /// ```
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        // Without key order there is no order to keep.
        #[cfg(feature = "preserve_order")]
        return self.values.shift_remove(key);
        #[cfg(not(feature = "preserve_order"))]
        return self.values.remove(key);
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for ConversationSession {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        ConversationSession {
            values: iter
                .into_iter()
                .map(|(key, value)| (key.into(), value.into()))
                .collect(),
        }
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for ConversationSession {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

/// Why session values could not be read as, or written from, a Rust type.
///
/// ```
/// use clustaar_webhook::schemas::{ConversationSession, SessionError};
///
/// let session = ConversationSession::from_iter([("visits", 3)]);
/// let error = session.get_as::<u32>("coupon").unwrap_err();
/// assert!(matches!(error, SessionError::Missing { .. }));
/// assert_eq!(error.to_string(), "the session has no value `coupon` (`u32` was expected)");
///
/// let error = ConversationSession::encode(&[1, 2]).unwrap_err();
/// assert!(matches!(error, SessionError::NotAnObject { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The session has no value `key`, and a `T` cannot be read from nothing.
    #[error("the session has no value `{key}` (`{expected}` was expected)")]
    Missing {
        /// The name of the value.
        key: String,
        /// The Rust type asked for.
        expected: String,
    },
    /// The value `key` is not a `T`; an empty `key` is the session itself (a missing field).
    #[error("{}", invalid_message(key, expected, reason))]
    Invalid {
        /// The name of the value, or the path below it (`cart.0`); empty for the session.
        key: String,
        /// The Rust type asked for.
        expected: String,
        /// What does not fit, as serde says it.
        reason: String,
    },
    /// The value given to [`ConversationSession::encode`] is not written as a JSON object.
    #[error("`{expected}` is written as {found}, and a session needs an object of values")]
    NotAnObject {
        /// The Rust type given.
        expected: String,
        /// What it is written as (`a number`, `a list`…).
        found: &'static str,
    },
    /// The value given to [`ConversationSession::encode`] cannot be written as JSON.
    #[error("`{expected}` cannot be written as session values: {reason}")]
    Unwritable {
        /// The Rust type given.
        expected: String,
        /// Why, as serde says it.
        reason: String,
    },
}

impl SessionError {
    /// The name of the value the error is about (empty when it is about the whole session).
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    ///
    /// let session = ConversationSession::from_iter([("visits", "many")]);
    /// assert_eq!(session.get_as::<u32>("visits").unwrap_err().key(), "visits");
    /// assert_eq!(ConversationSession::encode("text").unwrap_err().key(), "");
    /// ```
    pub fn key(&self) -> &str {
        match self {
            SessionError::Missing { key, .. } | SessionError::Invalid { key, .. } => key,
            SessionError::NotAnObject { .. } | SessionError::Unwritable { .. } => "",
        }
    }
}

fn invalid_message(key: &str, expected: &str, reason: &str) -> String {
    if key.is_empty() {
        format!("the session cannot be read as `{expected}`: {reason}")
    } else {
        format!("the session value `{key}` cannot be read as `{expected}`: {reason}")
    }
}

/// The name of `T` without its module paths, as a user writes it (`Option<u32>`, not
/// `core::option::Option<u32>`).
fn type_name<T: ?Sized>() -> String {
    let full = std::any::type_name::<T>();
    let mut short = String::with_capacity(full.len());
    let mut word = String::new();
    let mut chars = full.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            word.clear();
        } else if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            short.push_str(&word);
            word.clear();
            short.push(c);
        }
    }
    short.push_str(&word);
    short
}

/// How a JSON value is called in messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[test]
    fn type_names_lose_their_module_paths() {
        assert_eq!(type_name::<u32>(), "u32");
        assert_eq!(type_name::<Option<Vec<String>>>(), "Option<Vec<String>>");
        assert_eq!(
            type_name::<(u8, HashMap<String, i32>)>(),
            "(u8, HashMap<String, i32>)"
        );
        assert_eq!(type_name::<ConversationSession>(), "ConversationSession");
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        reference: String,
        items: Vec<u32>,
    }

    #[test]
    fn decoding_names_the_value_that_does_not_fit() {
        let session = ConversationSession::from_iter([
            ("reference", json!("A-12")),
            ("items", json!([1, "two"])),
        ]);
        let error = session.decode::<Order>().unwrap_err();
        assert_eq!(error.key(), "items.1");
        assert!(
            error
                .to_string()
                .starts_with("the session value `items.1` cannot be read as `Order`: "),
            "{error}"
        );

        let session = ConversationSession::from_iter([("reference", "A-12")]);
        let error = session.decode::<Order>().unwrap_err();
        assert_eq!(error.key(), "");
        assert_eq!(
            error.to_string(),
            "the session cannot be read as `Order`: missing field `items`"
        );
    }

    #[test]
    fn missing_values() {
        let session = ConversationSession::new();
        assert_eq!(session.get_as::<Option<u32>>("visits"), Ok(None));
        assert_eq!(
            session.get_as::<u32>("visits").unwrap_err().to_string(),
            "the session has no value `visits` (`u32` was expected)"
        );
    }

    #[test]
    fn encoding_needs_an_object() {
        let error = ConversationSession::encode(&[1, 2]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`[i32; 2]` is written as a list, and a session needs an object of values"
        );
        let values = HashMap::from([("a", 1)]);
        assert_eq!(
            ConversationSession::encode(&values).unwrap().get("a"),
            Some(&json!(1))
        );
    }
}
