//! Enums that pick their model by the `type` key of a JSON object.
//!
//! serde's internally tagged enums cannot keep an unknown variant's content, and the platform
//! adds action, input and attachment types over time. [`tagged_enum!`] generates an enum whose
//! `Deserialize` reads the object once into a JSON map, looks at `type`, and hands the map to the
//! chosen model; an unknown `type` either becomes an [`UnknownObject`] that is written back
//! unchanged, or is an error, per enum.

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

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
    pub fn type_name(&self) -> Option<&str> {
        self.0.get("type").and_then(Value::as_str)
    }

    /// The raw JSON object.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }
}

thread_local! {
    /// Where, inside the object a tagged enum buffered, the last model failed to read, with the
    /// error's message: the path tracker of the whole notification only sees the enum's own
    /// position, since the model is read from the buffered map.
    static INNER_PATH: RefCell<Option<(Vec<Segment>, String)>> = const { RefCell::new(None) };
}

/// Reads a model from the object a tagged enum buffered, for the generated `Deserialize`.
///
/// On failure, the path of the failing value inside the object is kept (after the path kept
/// by a tagged enum deeper inside, for the same error), for [`take_inner_path`].
pub(crate) fn read_model<T, E>(map: Map<String, Value>) -> Result<T, E>
where
    T: DeserializeOwned,
    E: serde::de::Error,
{
    serde_path_to_error::deserialize(Value::Object(map)).map_err(|err| {
        let message = err.inner().to_string();
        let mut path: Vec<Segment> = err.path().iter().cloned().collect();
        INNER_PATH.with(|inner| {
            let mut inner = inner.borrow_mut();
            if let Some((deeper, _)) = inner.take().filter(|(_, m)| *m == message) {
                path.extend(deeper);
            }
            *inner = Some((path, message.clone()));
        });
        E::custom(message)
    })
}

/// The path, inside the outermost tagged enum, of the failure whose message is `message`, if a
/// tagged enum recorded one; forgets it.
pub(crate) fn take_inner_path(message: &str) -> Vec<Segment> {
    INNER_PATH
        .with(|inner| inner.borrow_mut().take())
        .filter(|(_, m)| m == message)
        .map(|(path, _)| path)
        .unwrap_or_default()
}

/// Forgets any recorded inner path, before reading a new document.
pub(crate) fn clear_inner_path() {
    INNER_PATH.with(|inner| inner.borrow_mut().take());
}

/// Reads a JSON object and returns it with its `type` string, for the generated `Deserialize`.
pub(crate) fn read_tagged<'de, D>(deserializer: D) -> Result<(String, Map<String, Value>), D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::Error;
    let map = Map::<String, Value>::deserialize(deserializer)?;
    let tag = match map.get("type") {
        Some(Value::String(tag)) => tag.clone(),
        Some(_) => return Err(D::Error::custom("the `type` key must be a string")),
        None => return Err(D::Error::missing_field("type")),
    };
    Ok((tag, map))
}

/// Generates a polymorphic enum: variants, `Serialize`, `Deserialize` by `type`, `From` for each
/// model, and optionally an `Unknown(UnknownObject)` variant.
///
/// ```ignore
/// tagged_enum! {
///     /// Where a go-to action leads.
///     pub enum Target {
///         "step" => Step(StepTarget),
///         "story" => Story(StoryTarget),
///     }
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
    ) => {
        $crate::schemas::polymorphic::tagged_enum!(@enum $(#[$meta])* $name [$($tag $variant $model)+]);
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                let (tag, map) = $crate::schemas::polymorphic::read_tagged(d)?;
                match tag.as_str() {
                    $($tag => $crate::schemas::polymorphic::read_model::<$model, D::Error>(map).map($name::$variant),)+
                    other => Err(D::Error::unknown_variant(other, &[$($tag),+])),
                }
            }
        }
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
            [$($tag $variant $model)+]
            /// An object whose `type` this crate does not know yet, kept as read.
            Unknown($crate::schemas::UnknownObject),
        );
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (tag, map) = $crate::schemas::polymorphic::read_tagged(d)?;
                match tag.as_str() {
                    $($tag => $crate::schemas::polymorphic::read_model::<$model, D::Error>(map)
                        .map($name::$variant),)+
                    _ => Ok($name::Unknown($crate::schemas::UnknownObject(map))),
                }
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $($name::$variant(model) => model.serialize(s),)+
                    $name::Unknown(raw) => raw.serialize(s),
                }
            }
        }
    };
    (@enum $(#[$meta:meta])* $name:ident [$($tag:literal $variant:ident $model:ty)+] $($extra:tt)*) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
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
