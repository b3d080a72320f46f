//! Enums that pick their model by the `type` key of a JSON object.
//!
//! serde's internally tagged enums cannot keep an unknown variant's content, and the platform
//! adds action, input and attachment types over time. [`tagged_enum!`] generates an enum whose
//! `Deserialize` looks at `type` and reads the chosen model; an unknown `type` either becomes an
//! [`UnknownObject`] that is written back unchanged, or is an error, per enum.
//!
//! The platform writes `type` first in actions, inputs, attachments and events: then the model
//! is read straight from the rest of the object, from the input, with no copy ([`read_head`],
//! [`Head::read_model`]), and the path tracking of an outer reader (`serde_path_to_error`) sees
//! every key below. Keys before `type` whose values are strings, numbers, booleans or nulls
//! (targets are written `id` first) are kept in memory and handed to the model first. When an
//! object or a list comes before `type`, the whole object is read into a JSON map and the model
//! from that map ([`read_buffered`]).

use std::borrow::Cow;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error_path::{nested_error, read_tracked};

/// A JSON object whose `type` this version of the crate does not know, kept as it was read.
///
/// It is written back unchanged, so a webhook that echoes actions it does not understand does
/// not lose them.
///
/// ```
/// use clustaar_webhook::schemas::Action;
///
/// let json = r#"{"type":"send_hologram_action","size":3}"#;
/// let action: Action = serde_json::from_str(json).unwrap();
/// let Action::Unknown(unknown) = &action else { panic!("expected an unknown action") };
/// assert_eq!(unknown.type_name(), Some("send_hologram_action"));
/// assert_eq!(serde_json::to_string(&action).unwrap(), json);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnknownObject(pub Map<String, Value>);

impl UnknownObject {
    /// The object's `type` key, when it is a string.
    ///
    /// ```
    /// use clustaar_webhook::schemas::UnknownObject;
    ///
    /// let json = r#"{"type":"send_hologram_action"}"#;
    /// let object: UnknownObject = serde_json::from_str(json).unwrap();
    /// assert_eq!(object.type_name(), Some("send_hologram_action"));
    /// let untyped: UnknownObject = serde_json::from_str(r#"{"size":3}"#).unwrap();
    /// assert_eq!(untyped.type_name(), None);
    /// ```
    pub fn type_name(&self) -> Option<&str> {
        self.0.get("type").and_then(Value::as_str)
    }

    /// The raw JSON object.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Action, UnknownObject};
    ///
    /// let json = r#"{"type":"send_hologram_action","size":3}"#;
    /// let Action::Unknown(unknown) = serde_json::from_str(json).unwrap() else { unreachable!() };
    /// assert_eq!(unknown.as_map()["size"], 3);
    /// assert_eq!(unknown.as_map().len(), 2);
    /// ```
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }
}

/// The first key of an object: `type`, read without allocating, or another key.
enum FirstKey {
    Type,
    Other(String),
}

struct FirstKeySeed;

impl<'de> DeserializeSeed<'de> for FirstKeySeed {
    type Value = FirstKey;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<FirstKey, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FirstKeySeed {
    type Value = FirstKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<FirstKey, E> {
        Ok(match key {
            "type" => FirstKey::Type,
            other => FirstKey::Other(other.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<FirstKey, E> {
        Ok(match key.as_str() {
            "type" => FirstKey::Type,
            _ => FirstKey::Other(key),
        })
    }
}

/// The value of a `type` key: a string, borrowed from the input when it can be, or anything
/// else (read and dropped).
enum TypeValue<'de> {
    Borrowed(&'de str),
    Owned(String),
    NotString,
}

struct TypeValueSeed;

impl<'de> DeserializeSeed<'de> for TypeValueSeed {
    type Value = TypeValue<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TypeValueSeed {
    type Value = TypeValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, tag: &'de str) -> Result<Self::Value, E> {
        Ok(TypeValue::Borrowed(tag))
    }

    fn visit_str<E: de::Error>(self, tag: &str) -> Result<Self::Value, E> {
        Ok(TypeValue::Owned(tag.to_owned()))
    }

    fn visit_string<E: de::Error>(self, tag: String) -> Result<Self::Value, E> {
        Ok(TypeValue::Owned(tag))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(TypeValue::NotString)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(TypeValue::NotString)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(TypeValue::NotString)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(TypeValue::NotString)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(TypeValue::NotString)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(TypeValue::NotString)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        IgnoredAny::deserialize(d)?;
        Ok(TypeValue::NotString)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_seq(seq)?;
        Ok(TypeValue::NotString)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_map(map)?;
        Ok(TypeValue::NotString)
    }
}

/// A polymorphic object read up to its `type`, for the generated `Deserialize`.
pub(crate) struct Head<'de, A> {
    /// The value of `type`, borrowed from the input when it can be.
    pub(crate) tag: Cow<'de, str>,
    body: Body<A>,
}

/// The rest of a polymorphic object.
enum Body<A> {
    /// The entries before `type`, in the order read, all of them strings, numbers, booleans or
    /// nulls (none when `type` comes first, as the platform writes actions, inputs, attachments
    /// and events), and the rest of the object, after `type`, not read yet.
    Streamed {
        prefix: Vec<(String, Value)>,
        rest: A,
    },
    /// The whole object, read into memory because an object or a list came before `type`.
    Buffered(Box<Map<String, Value>>),
}

/// Reads a polymorphic object up to its first `type` key.
///
/// The keys before `type` are kept in memory, and the rest is left in the input, as long as
/// their values are strings, numbers, booleans or nulls (a target's `id`, a condition's
/// `minimum`): their paths are then just their keys. An object or a list before `type` would
/// have to be read with its path tracked; the whole object is read into a map instead.
///
/// A duplicate `type` key is read by the model as its lenient [`Tag`](super::Tag), and a
/// duplicate of another key is refused by the model, as everywhere else in the crate (in a map,
/// the last value is kept).
pub(crate) fn read_head<'de, A: MapAccess<'de>>(mut map: A) -> Result<Head<'de, A>, A::Error> {
    let mut prefix = Vec::new();
    loop {
        let key = match map.next_key_seed(FirstKeySeed)? {
            Some(FirstKey::Type) => {
                let tag = match map.next_value_seed(TypeValueSeed)? {
                    TypeValue::Borrowed(tag) => Cow::Borrowed(tag),
                    TypeValue::Owned(tag) => Cow::Owned(tag),
                    TypeValue::NotString => return Err(not_a_string()),
                };
                let body = Body::Streamed { prefix, rest: map };
                return Ok(Head { tag, body });
            }
            Some(FirstKey::Other(key)) => key,
            None => return Err(de::Error::missing_field("type")),
        };
        let value: Value = map.next_value()?;
        if !matches!(value, Value::Object(_) | Value::Array(_)) {
            prefix.push((key, value));
            continue;
        }
        let mut object = Map::from_iter(prefix);
        object.insert(key, value);
        while let Some((key, value)) = map.next_entry()? {
            object.insert(key, value);
        }
        let tag = match object.get("type") {
            Some(Value::String(tag)) => Cow::Owned(tag.clone()),
            Some(_) => return Err(not_a_string()),
            None => return Err(de::Error::missing_field("type")),
        };
        let body = Body::Buffered(Box::new(object));
        return Ok(Head { tag, body });
    }
}

fn not_a_string<E: de::Error>() -> E {
    E::custom("the `type` key must be a string")
}

impl<'de, A: MapAccess<'de>> Head<'de, A> {
    /// Reads the model the enum picked from the object without its first `type`: the entries
    /// before it from memory, the rest straight from the input, where the path tracking of an
    /// outer reader (`serde_path_to_error`) sees every key.
    pub(crate) fn read_model<T: DeserializeOwned>(self) -> Result<T, A::Error> {
        match self.body {
            // The common case, kept free of the prefix's branches.
            Body::Streamed { prefix, rest } if prefix.is_empty() => {
                T::deserialize(MapAccessDeserializer::new(rest))
            }
            Body::Streamed { prefix, rest } => {
                T::deserialize(MapAccessDeserializer::new(Entries {
                    prefix: prefix.into_iter(),
                    pending: None,
                    rest,
                }))
            }
            Body::Buffered(object) => read_buffered(Value::Object(*object)),
        }
    }

    /// The object, for an enum that keeps the types it does not know, in the order read, made
    /// into the enum by `unknown`.
    ///
    /// A later `type` key replaces the first, as in a JSON map (and in the reference); should it
    /// name another variant, the whole object is read again as the enum, so that text and an
    /// in-memory `Value` give the same model, and a model written back reads as itself.
    pub(crate) fn into_unknown<T: DeserializeOwned>(
        self,
        unknown: fn(UnknownObject) -> T,
    ) -> Result<T, A::Error> {
        let (prefix, mut rest) = match self.body {
            Body::Streamed { prefix, rest } => (prefix, rest),
            Body::Buffered(object) => return Ok(unknown(UnknownObject(*object))),
        };
        let mut object = Map::from_iter(prefix);
        let first = Value::String(self.tag.into_owned());
        object.insert("type".to_owned(), first.clone());
        while let Some((key, value)) = rest.next_entry()? {
            object.insert(key, value);
        }
        if object.get("type") != Some(&first) {
            return read_buffered(Value::Object(object));
        }
        Ok(unknown(UnknownObject(object)))
    }
}

/// The entries of an object without its first `type`: some already read, then the rest.
struct Entries<A> {
    prefix: std::vec::IntoIter<(String, Value)>,
    /// The entry of the prefix whose key the model has just read.
    pending: Option<(String, Value)>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.prefix.next() {
            Some((key, value)) => {
                let read = seed.deserialize(de::value::StrDeserializer::<A::Error>::new(&key))?;
                self.pending = Some((key, value));
                Ok(Some(read))
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            // A string, number, boolean or null: a failure is at its key, which the outer path
            // tracking has not seen, so it travels in the message, as in `read_buffered`.
            Some((key, value)) => seed
                .deserialize(value)
                .map_err(|error| nested_error(&key, error)),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// Reads the model from an object read into memory, keeping the path of a failure below it.
///
/// The model is read from an in-memory JSON value, out of sight of the path tracking of the
/// outer reader, so the path below this point travels in the message as ``at `a.b`: reason``
/// (see [`error_path`](super::error_path)), which the reader of the failure joins back to the
/// outer path.
fn read_buffered<T, E>(value: Value) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    // Tracking the path allocates for every key, so it is only paid when the model fails.
    if let Ok(model) = T::deserialize(&value) {
        return Ok(model);
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let (path, reason) = read_tracked(&error);
        nested_error(&path, reason)
    })
}

/// Generates a polymorphic enum: variants, `Serialize`, `Deserialize` by `type`, `From` for each
/// model, and optionally an `Unknown(UnknownObject)` variant.
///
/// The generated `type_name` carries an example: an unknown object for an enum that keeps them,
/// and for the others, the model given after `type_name:` (optional) with the tag it writes.
///
/// ```ignore
/// tagged_enum! {
///     /// Where a go-to action leads.
///     pub enum Target {
///         "step" => Step(StepTarget),
///         "story" => Story(StoryTarget),
///     }
///     type_name: StepTarget::new("507f191e810c19729de860ea") => "step"
/// }
/// tagged_enum! {
///     /// ...
///     pub enum Action (keeps unknown) { "send_text_action" => SendText(SendTextAction), }
/// }
/// ```
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($tag:literal => $variant:ident($model:ty)),+ $(,)? }
        $(type_name: $example:expr => $example_tag:literal $(,)?)?
    ) => {
        $crate::schemas::polymorphic::tagged_enum!(@enum $(#[$meta])* $name
            {$(
                #[doc = concat!(
                    "```\n",
                    "# use clustaar_webhook::schemas::*;\n",
                    "let value = ", stringify!($name), "::from(", stringify!($example), ");\n",
                    "assert_eq!(value.type_name(), \"", $example_tag, "\");\n",
                    "```",
                )]
            )?}
            [$($tag $variant $model)+]
        );
        $crate::schemas::polymorphic::tagged_enum!(@deserialize $name [$($tag $variant $model)+]
            |head| Err(A::Error::unknown_variant(&head.tag, &[$($tag),+]))
        );
        $crate::schemas::polymorphic::tagged_enum!(@checks $name false [$($tag $variant $model)+]);
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self { $($name::$variant(model) => model.serialize(s),)+ }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident (keeps unknown) { $($tag:literal => $variant:ident($model:ty)),+ $(,)? }
    ) => {
        $crate::schemas::polymorphic::tagged_enum!(@enum $(#[$meta])* $name
            {
                #[doc = concat!(
                    "```\n",
                    "use clustaar_webhook::schemas::", stringify!($name), ";\n",
                    "\n",
                    "// A type this crate does not know yet keeps its name.\n",
                    "let json = r#\"{\"type\":\"some_new_type\"}\"#;\n",
                    "let value: ", stringify!($name), " = serde_json::from_str(json).unwrap();\n",
                    "assert_eq!(value.type_name(), \"some_new_type\");\n",
                    "```",
                )]
            }
            [$($tag $variant $model)+]
            /// An object whose `type` this crate does not know yet, kept as read.
            Unknown($crate::schemas::UnknownObject),
        );
        $crate::schemas::polymorphic::tagged_enum!(@deserialize $name [$($tag $variant $model)+]
            |head| head.into_unknown($name::Unknown)
        );
        $crate::schemas::polymorphic::tagged_enum!(@checks $name true [$($tag $variant $model)+]);
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $($name::$variant(model) => model.serialize(s),)+
                    $name::Unknown(raw) => raw.serialize(s),
                }
            }
        }
    };
    (@checks $name:ident $keeps_unknown:literal [$($tag:literal $variant:ident $model:ty)+]) => {
        impl $crate::schemas::validate::Rules for $name {
            fn rules(&self, checker: &mut $crate::schemas::validate::Checker) {
                #[allow(unreachable_patterns)]
                match self {
                    $($name::$variant(model) => model.rules(checker),)+
                    _ => {}
                }
            }
        }

        impl $crate::schemas::Validate for $name {
            fn validate(&self) -> Result<(), $crate::schemas::ValidationErrors> {
                $crate::schemas::validate::Checker::run(self)
            }

            fn validate_sent(
                document: &serde_json::Value,
            ) -> Result<(), $crate::schemas::ValidationErrors> {
                $crate::schemas::validate::sent::SentChecker::run::<Self>(document)
            }
        }

        impl $crate::schemas::validate::sent::Sent for $name {
            type Raw = serde_json::Map<String, serde_json::Value>;
            const NESTED: bool = true;
            const EXPECTED: &'static str = "an object";

            fn raw(value: &serde_json::Value) -> Option<&Self::Raw> {
                value.as_object()
            }

            fn check_inside(
                object: &Self::Raw,
                checker: &mut $crate::schemas::validate::sent::SentChecker,
            ) {
                $crate::schemas::validate::sent::check_tagged(
                    object,
                    checker,
                    &[$($tag),+],
                    $keeps_unknown,
                    |tag, object, checker| match tag {
                        $($tag => {
                            <$model as $crate::schemas::validate::sent::Sent>::check_inside(
                                object, checker,
                            );
                            true
                        })+
                        _ => false,
                    },
                );
            }

            fn check_item(
                index: usize,
                item: &serde_json::Value,
                checker: &mut $crate::schemas::validate::sent::SentChecker,
            ) {
                $crate::schemas::validate::sent::check_tagged_item::<Self>(
                    index,
                    item,
                    checker,
                    &[$($tag),+],
                    $keeps_unknown,
                );
            }
        }
    };
    (@deserialize $name:ident [$($tag:literal $variant:ident $model:ty)+] |$head:ident| $unknown:expr) => {
        impl $crate::schemas::as_sent::ReadAsSent for $name {
            fn read_as_sent<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct TypeVisitor;
                impl<'de> serde::de::Visitor<'de> for TypeVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a map")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$name, A::Error> {
                        #[allow(unused_imports)]
                        use serde::de::Error as _;
                        use $crate::schemas::AsSent;
                        let $head = $crate::schemas::polymorphic::read_head(map)?;
                        match &*$head.tag {
                            $($tag => $head
                                .read_model::<AsSent<$model>>()
                                .map(|model| $name::$variant(model.0)),)+
                            _ => $unknown,
                        }
                    }
                }
                d.deserialize_map(TypeVisitor)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::schemas::as_sent::read_and_load(d)
            }
        }

        impl $crate::schemas::as_sent::Load for $name {
            const CLEANS: bool = false $(|| <$model as $crate::schemas::as_sent::Load>::CLEANS)+;

            fn load(&mut self) {
                #[allow(unreachable_patterns)]
                match self {
                    $($name::$variant(model) => model.load(),)+
                    _ => {}
                }
            }
        }
    };
    (@enum $(#[$meta:meta])* $name:ident {$(#[$type_name_meta:meta])*}
        [$($tag:literal $variant:ident $model:ty)+] $($extra:tt)*) => {
        $(#[$meta])*
        // The platform adds types over time: a new variant must not break a user's `match`.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("A `", $tag, "` object.")]
                $variant($model),
            )+
            $($extra)*
        }
        $(impl From<$model> for $name {
            fn from(model: $model) -> Self {
                $name::$variant(model)
            }
        })+
        impl $name {
            /// The value of the `type` key this variant writes.
            $(
                ///
                #[$type_name_meta]
            )*
            pub fn type_name(&self) -> &str {
                $crate::schemas::polymorphic::tagged_enum!(@type_name self $name [$($tag $variant)+] $($extra)*)
            }
        }
    };
    (@type_name $self:ident $name:ident [$($tag:literal $variant:ident)+]) => {
        match $self { $($name::$variant(_) => $tag,)+ }
    };
    (@type_name $self:ident $name:ident [$($tag:literal $variant:ident)+] $($extra:tt)+) => {
        match $self {
            $($name::$variant(_) => $tag,)+
            $name::Unknown(raw) => raw.type_name().unwrap_or_default(),
        }
    };
}
pub(crate) use tagged_enum;

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::{Value, json};

    use crate::schemas::error_path::read_tracked;
    use crate::schemas::{Action, StepTarget, Target, UnknownObject, WaitAction};

    fn read<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The path and reason a tracked read of `json` gives, as the webhook reports them.
    fn tracked_error<T: for<'de> Deserialize<'de> + std::fmt::Debug>(
        json: &str,
    ) -> (String, String) {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let error = serde_path_to_error::deserialize::<_, T>(&mut deserializer).unwrap_err();
        assert!(error.inner().is_data(), "{error}");
        read_tracked(&error)
    }

    /// Reads `json` from text, from a `Value` and from a borrowed `Value`: the three agree.
    fn read_every_way<T>(json: &str) -> T
    where
        T: for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
    {
        let from_text: T = read(json).unwrap();
        let value: Value = serde_json::from_str(json).unwrap();
        assert_eq!(T::deserialize(&value).unwrap(), from_text);
        assert_eq!(serde_json::from_value::<T>(value).unwrap(), from_text);
        from_text
    }

    #[test]
    fn type_first_reads_the_model() {
        let action: Action = read_every_way(r#"{"type":"wait_action","duration":1.5}"#);
        assert_eq!(action, Action::Wait(WaitAction::new(1.5)));
        // An escaped tag is not borrowed from the input, and still matches.
        let action: Action = read_every_way(r#"{"type":"wait\u005faction","duration":1.5}"#);
        assert_eq!(action, Action::Wait(WaitAction::new(1.5)));
    }

    #[test]
    fn type_not_first_reads_the_same_model() {
        let type_first = r#"{"type":"send_quick_replies_action","message":"m","buttons":[
            {"type":"quick_reply","title":"Yes","action":{"type":"go_to_action",
            "target":{"type":"step","id":"507f191e810c19729de860eb","name":"More"}}}]}"#;
        let expected: Action = read_every_way(type_first);
        for json in [
            // Strings before `type`: kept in memory, the rest read from the input.
            r#"{"message":"m","type":"send_quick_replies_action","buttons":[
            {"title":"Yes","type":"quick_reply","action":{"type":"go_to_action",
            "target":{"id":"507f191e810c19729de860eb","name":"More","type":"step"}}}]}"#,
            // A list before `type`: the whole object through a map.
            r#"{"message":"m","buttons":[
            {"type":"quick_reply","title":"Yes","action":{"target":{"type":"step",
            "id":"507f191e810c19729de860eb","name":"More"},"type":"go_to_action"}}],
            "type":"send_quick_replies_action"}"#,
        ] {
            assert_eq!(read_every_way::<Action>(json), expected, "{json}");
        }
    }

    #[test]
    fn type_not_first_falls_back_to_the_map() {
        let action: Action = read_every_way(r#"{"duration":1.5,"type":"wait_action"}"#);
        assert_eq!(action, Action::Wait(WaitAction::new(1.5)));
        let target: Target =
            read_every_way(r#"{"id":"507f191e810c19729de860ea","type":"step","name":"A"}"#);
        assert_eq!(
            target,
            Target::Step(StepTarget::new("507f191e810c19729de860ea").name("A"))
        );
    }

    #[test]
    fn unknown_types_are_written_back_in_the_order_read() {
        for json in [
            r#"{"type":"send_hologram_action","size":3,"colors":["red",{"b":1,"a":2}],"z":null}"#,
            r#"{"size":3,"type":"send_hologram_action","colors":["red",{"b":1,"a":2}],"z":null}"#,
            r#"{"size":3,"colors":[],"type":"send_hologram_action"}"#,
        ] {
            let action: Action = read_every_way(json);
            let Action::Unknown(unknown) = &action else {
                panic!("expected an unknown action, got {action:?}")
            };
            assert_eq!(unknown.type_name(), Some("send_hologram_action"));
            assert_eq!(serde_json::to_string(&action).unwrap(), json);
        }
    }

    #[test]
    fn a_duplicate_type_breaks_nothing() {
        // The model reads the later `type` as its lenient tag.
        let action: Action =
            read_every_way(r#"{"type":"wait_action","duration":1.5,"type":"wait_action"}"#);
        assert_eq!(action, Action::Wait(WaitAction::new(1.5)));
        // From text (a `Value` has already kept only the last one).
        let action: Action = read(r#"{"type":"wait_action","type":3}"#).unwrap();
        assert_eq!(action, Action::Wait(WaitAction::default()));
        // An unknown object keeps one `type`, where it came first, with the last value, as a
        // JSON map does.
        let action: Action = read_every_way(r#"{"type":"x","a":1,"type":"y"}"#);
        assert_eq!(
            serde_json::to_string(&action).unwrap(),
            r#"{"type":"y","a":1}"#
        );
        // A later `type` that names a known model reads as that model, as from a `Value`
        // (found by fuzzing: written back, the object read as another variant).
        let action: Action = read_every_way(r#"{"type":"x","duration":1.5,"type":"wait_action"}"#);
        assert_eq!(action, Action::Wait(WaitAction::new(1.5)));
    }

    #[test]
    fn the_error_path_goes_through_the_fast_path() {
        // Every object has `type` first: the outer tracking sees every key.
        let json = r#"{"type":"send_quick_replies_action","message":"m","buttons":[
            {"type":"quick_reply","title":"Yes","action":{"type":"go_to_action",
            "target":{"type":"step","id":false}}}]}"#;
        assert_eq!(
            tracked_error::<Action>(json),
            (
                "buttons.0.action.target.id".to_owned(),
                "invalid type: boolean `false`, expected a string".to_owned()
            )
        );
        // The target with `id` first falls back: its path travels in the message.
        let json = json.replace(
            r#"{"type":"step","id":false}"#,
            r#"{"id":false,"type":"step"}"#,
        );
        assert_eq!(
            tracked_error::<Action>(&json),
            (
                "buttons.0.action.target.id".to_owned(),
                "invalid type: boolean `false`, expected a string".to_owned()
            )
        );
        // A fast path below a fallback.
        let json = r#"{"message":"m","type":"send_quick_replies_action","buttons":[
            {"type":"quick_reply","title":"Yes","action":{"type":"go_to_action",
            "target":{"type":"step","id":false}}}]}"#;
        assert_eq!(
            tracked_error::<Action>(json),
            (
                "buttons.0.action.target.id".to_owned(),
                "invalid type: boolean `false`, expected a string".to_owned()
            )
        );
    }

    #[test]
    fn the_error_path_goes_through_entries_before_the_type() {
        let error = (
            "buttons.0.action.target.id".to_owned(),
            "invalid type: boolean `false`, expected a string".to_owned(),
        );
        // The buttons come before `type`: read from memory, their path travels in the message.
        let json = r#"{"message":"m","buttons":[{"type":"quick_reply","title":"Yes",
            "action":{"type":"go_to_action","target":{"type":"step","id":false}}}],
            "type":"send_quick_replies_action"}"#;
        assert_eq!(tracked_error::<Action>(json), error);
        // The same, with a fallback below: the paths of both messages are joined.
        let json = json.replace(
            r#"{"type":"step","id":false}"#,
            r#"{"id":false,"type":"step"}"#,
        );
        assert_eq!(tracked_error::<Action>(&json), error);
        // An entry before `type` that the model refuses itself.
        assert_eq!(
            tracked_error::<Vec<Action>>(r#"[{"duration":"x","type":"wait_action"}]"#),
            (
                "0.duration".to_owned(),
                "invalid type: string \"x\", expected a number".to_owned()
            )
        );
        // Untracked, the message still says where.
        let error = read::<Action>(r#"{"duration":"x","type":"wait_action"}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("at `duration`: invalid type: string \"x\""),
            "{error}"
        );
    }

    #[test]
    fn a_duplicate_key_other_than_type_is_refused_like_in_other_models() {
        // The models read the input directly, as every other model of the crate does.
        for json in [
            r#"{"type":"wait_action","duration":1,"duration":2}"#,
            r#"{"duration":1,"type":"wait_action","duration":2}"#,
        ] {
            let error = read::<Action>(json).unwrap_err();
            assert!(
                error.to_string().starts_with("duplicate field `duration`"),
                "{json}: {error}"
            );
        }
        // An unknown object keeps the last value, where the key came first, as a JSON map does.
        let action: Action = read(r#"{"a":1,"type":"x","b":2,"a":3}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&action).unwrap(),
            r#"{"a":3,"type":"x","b":2}"#
        );
    }

    #[test]
    fn a_type_that_is_not_a_string_is_an_error() {
        for json in [
            r#"{"type":1,"duration":1.5}"#,
            r#"{"type":{"a":[1]},"duration":1.5}"#,
            r#"{"type":null}"#,
            r#"{"duration":1.5,"type":["wait_action"]}"#,
        ] {
            let error = read::<Action>(json).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with("the `type` key must be a string"),
                "{json}: {error}"
            );
            let value: Value = serde_json::from_str(json).unwrap();
            let error = serde_json::from_value::<Target>(value).unwrap_err();
            assert_eq!(error.to_string(), "the `type` key must be a string");
            // The path is the object's, as for a missing `type`.
            let list = format!("[{json}]");
            assert_eq!(
                tracked_error::<Vec<Action>>(&list),
                ("0".to_owned(), "the `type` key must be a string".to_owned())
            );
        }
    }

    #[test]
    fn a_missing_type_is_an_error() {
        for json in [r#"{"duration":1.5}"#, "{}"] {
            let error = read::<Action>(json).unwrap_err();
            assert!(
                error.to_string().starts_with("missing field `type`"),
                "{json}: {error}"
            );
            let list = format!("[{json}]");
            assert_eq!(
                tracked_error::<Vec<Target>>(&list),
                ("0".to_owned(), "missing field `type`".to_owned())
            );
        }
    }

    #[test]
    fn unknown_types_of_a_strict_enum_are_an_error() {
        for json in [
            r#"{"type":"planet","id":"x"}"#,
            r#"{"id":"x","type":"planet"}"#,
        ] {
            let error = read::<Target>(json).unwrap_err();
            assert!(
                error.to_string().starts_with(
                    "unknown variant `planet`, expected one of `step`, `story`, `actions_block`"
                ),
                "{json}: {error}"
            );
        }
    }

    #[test]
    fn something_else_than_an_object_is_an_error() {
        let error = read::<Action>(r#""wait_action""#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: string \"wait_action\", expected a map"),
            "{error}"
        );
        let error = serde_json::from_value::<UnknownObject>(json!([1])).unwrap_err();
        assert!(error.to_string().contains("expected a map"), "{error}");
    }
}
