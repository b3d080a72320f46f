//! The values a conversation keeps between steps.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ConversationSession {
    /// The values, in the order they were read or inserted.
    pub values: Map<String, Value>,
}

impl ConversationSession {
    /// An empty session.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value named `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// The value named `key`, when it is a string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    /// Sets the value named `key`, returning the one it replaces.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.values.insert(key.into(), value.into())
    }

    /// Removes the value named `key`, returning it; the other values keep their order.
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
