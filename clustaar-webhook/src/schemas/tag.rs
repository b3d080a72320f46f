//! The `type` constant that every tagged model writes.
//!
//! Each model that has a `type` key in the platform's schemas holds a zero-sized [`Tag`] field at the
//! position the reference writes it, so the key order on the wire matches the reference byte for
//! byte (the reference writes keys in schema order, and `type` is not always first).

use std::fmt;
use std::marker::PhantomData;

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A model whose JSON form carries a constant `type` key.
///
/// ```
/// use clustaar_webhook::schemas::{SendTextAction, TypeName};
///
/// assert_eq!(SendTextAction::TYPE, "send_text_action");
/// ```
pub trait TypeName {
    /// The value of the `type` key.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Action, TypeName, WaitAction};
    ///
    /// let action = Action::from(WaitAction::new(1.5));
    /// assert_eq!(action.type_name(), WaitAction::TYPE);
    /// assert_eq!(WaitAction::TYPE, "wait_action");
    /// ```
    const TYPE: &'static str;
}

/// The `type` key of a model: writes `T::TYPE`, reads anything.
///
/// Reading is lenient on purpose: the reference never loads `read_only` keys, and the
/// polymorphic enums have already dispatched on `type` before the model sees it.
///
/// ```
/// use clustaar_webhook::schemas::{Tag, WaitAction};
///
/// let tag = Tag::<WaitAction>::new();
/// assert_eq!(serde_json::to_string(&tag).unwrap(), r#""wait_action""#);
/// // Any value reads as the tag: the enums have checked `type` already.
/// let read: Tag<WaitAction> = serde_json::from_str("42").unwrap();
/// assert_eq!(read, tag);
/// ```
pub struct Tag<T>(PhantomData<fn() -> T>);

impl<T> Tag<T> {
    /// The tag of `T`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, Tag};
    ///
    /// // `new` is `const`, so a tag can be a constant.
    /// const TAG: Tag<SendTextAction> = Tag::new();
    /// assert_eq!(format!("{TAG:?}"), "send_text_action");
    /// ```
    pub const fn new() -> Self {
        Tag(PhantomData)
    }
}

impl<T> Default for Tag<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for Tag<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Tag<T> {}

impl<T> PartialEq for Tag<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Tag<T> {}

impl<T: TypeName> fmt::Debug for Tag<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::TYPE)
    }
}

impl<T: TypeName> Serialize for Tag<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(T::TYPE)
    }
}

impl<'de, T> Deserialize<'de> for Tag<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer)?;
        Ok(Tag::new())
    }
}
