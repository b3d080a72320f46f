//! Reading a model in two steps: its JSON as sent, then its strings cleaned.
//!
//! Every model reads a document as sent ([`ReadAsSent`]: serde's own reading, no string
//! changed), then runs its load processors over the strings the platform cleans ([`Load`]).
//! Deserializing a model does both; [`AsSent`] does the first alone, so which one a caller gets
//! is written in the type it asks for.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Number, Value};

use super::{Tag, UnknownObject};

/// A model read exactly as sent: the load processors (strip, normalize, sanitize) left out.
///
/// Deserializing a model cleans the strings the platform cleans; wrap it in `AsSent` to keep
/// them as written, for a model whose strings you escape yourself.
///
/// ```
/// use clustaar_webhook::schemas::{AsSent, SendTextAction};
///
/// let json = r#"{"type":"send_text_action","alternatives":["<script>x</script>"]}"#;
/// let cleaned: SendTextAction = serde_json::from_str(json).unwrap();
/// assert_eq!(cleaned.alternatives, ["&lt;script&gt;x&lt;/script&gt;"]);
/// let AsSent(sent) = serde_json::from_str::<AsSent<SendTextAction>>(json).unwrap();
/// assert_eq!(sent.alternatives, ["<script>x</script>"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[repr(transparent)]
pub struct AsSent<T>(pub T);

impl<T> AsSent<T> {
    /// The model.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{AsSent, StepTarget};
    ///
    /// let json = r#"{"type":"step","id":"507f191e810c19729de860ea"}"#;
    /// let target = serde_json::from_str::<AsSent<StepTarget>>(json).unwrap().into_inner();
    /// assert_eq!(target.step_id, "507f191e810c19729de860ea");
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T: ReadAsSent> Deserialize<'de> for AsSent<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read_as_sent(deserializer).map(AsSent)
    }
}

/// A value that can be read as sent, its strings left as written: every model, polymorphic
/// enum and the values they hold. It is what [`AsSent`] needs of its model; a generic function
/// that reads any model as sent asks for it.
///
/// ```
/// use clustaar_webhook::schemas::{AsSent, ReadAsSent, SendJsEventAction};
///
/// fn read_as_sent<T: ReadAsSent>(json: &str) -> T {
///     serde_json::from_str::<AsSent<T>>(json).unwrap().into_inner()
/// }
///
/// let event: SendJsEventAction = read_as_sent(r#"{"type":"send_js_event_action","event":" open "}"#);
/// assert_eq!(event.event, " open ");
/// ```
pub trait ReadAsSent: Sized {
    /// Reads the value, no string changed.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{ReadAsSent, SendJsEventAction};
    ///
    /// let json = r#"{"type": "send_js_event_action", "event": " open "}"#;
    /// let mut reader = serde_json::Deserializer::from_str(json);
    /// let sent = SendJsEventAction::read_as_sent(&mut reader).unwrap();
    /// assert_eq!(sent.event, " open ");
    /// // Read as usual, the same text is cleaned (here, stripped).
    /// let cleaned: SendJsEventAction = serde_json::from_str(json).unwrap();
    /// assert_eq!(cleaned.event, "open");
    /// ```
    fn read_as_sent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// How a model deserializes: read as sent, then cleaned.
pub(crate) fn read_and_load<'de, D: Deserializer<'de>, T: ReadAsSent + Load>(
    deserializer: D,
) -> Result<T, D::Error> {
    let mut model = T::read_as_sent(deserializer)?;
    model.load();
    Ok(model)
}

/// For `#[serde(deserialize_with)]`: each field of a model is read as sent.
pub(crate) fn as_sent<'de, D: Deserializer<'de>, T: ReadAsSent>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::read_as_sent(deserializer)
}

/// A value whose strings the platform cleans when it loads a document: the load processors run
/// over them in place, after the reading.
pub(crate) trait Load {
    /// Whether the value can hold a string to clean: the pass skips the values that cannot,
    /// decided at compile time.
    const CLEANS: bool = false;

    /// Cleans the strings the platform cleans, in this value and what it holds.
    fn load(&mut self) {}
}

/// Values that hold no model: read by serde, nothing to clean.
macro_rules! leaves {
    ($($leaf:ty),* $(,)?) => {
        $(
            impl ReadAsSent for $leaf {
                fn read_as_sent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <$leaf>::deserialize(deserializer)
                }
            }

            impl Load for $leaf {}
        )*
    };
}

leaves!(
    String,
    bool,
    u32,
    i64,
    f64,
    Number,
    Value,
    Map<String, Value>,
    UnknownObject,
);

impl<T> ReadAsSent for Tag<T> {
    fn read_as_sent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Tag::deserialize(deserializer)
    }
}

impl<T> Load for Tag<T> {}

impl<T: ReadAsSent> ReadAsSent for Option<T> {
    fn read_as_sent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<AsSent<T>>::deserialize(deserializer).map(|value| value.map(AsSent::into_inner))
    }
}

impl<T: Load> Load for Option<T> {
    const CLEANS: bool = T::CLEANS;

    fn load(&mut self) {
        if let Some(value) = self {
            value.load();
        }
    }
}

impl<T: ReadAsSent> ReadAsSent for Vec<T> {
    fn read_as_sent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `AsSent<T>` has `T`'s layout, so the list is collected in place.
        let items = Vec::<AsSent<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(AsSent::into_inner).collect())
    }
}

impl<T: Load> Load for Vec<T> {
    const CLEANS: bool = T::CLEANS;

    fn load(&mut self) {
        for item in self {
            item.load();
        }
    }
}

impl<T: ReadAsSent> ReadAsSent for Box<T> {
    fn read_as_sent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read_as_sent(deserializer).map(Box::new)
    }
}

impl<T: Load> Load for Box<T> {
    const CLEANS: bool = T::CLEANS;

    fn load(&mut self) {
        T::load(self);
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use crate::schemas::{AsSent, SendTextAction};

    const JSON: &str = r#"{"type":"send_text_action","alternatives":["<script>x</script>"]}"#;

    #[test]
    fn only_as_sent_reads_without_cleaning() {
        // `Model::deserialize` is the trait's: no function of the model reads uncleaned text.
        let mut reader = serde_json::Deserializer::from_str(JSON);
        let read = SendTextAction::deserialize(&mut reader).unwrap();
        assert_eq!(read.alternatives, ["&lt;script&gt;x&lt;/script&gt;"]);
        let AsSent(sent) = serde_json::from_str::<AsSent<SendTextAction>>(JSON).unwrap();
        assert_eq!(sent.alternatives, ["<script>x</script>"]);
    }
}
