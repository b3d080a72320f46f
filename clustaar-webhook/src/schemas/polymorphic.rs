//! Enums that pick their model by the `type` key of a JSON object.
//!
//! serde's internally tagged enums cannot keep an unknown variant's content, and the platform
//! adds action, input and attachment types over time. [`tagged_enum!`] generates an enum whose
//! `Deserialize` reads the object once into a JSON map, looks at `type`, and hands the map to the
//! chosen model; an unknown `type` either becomes an [`UnknownObject`] that is written back
//! unchanged, or is an error, per enum.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

/// Reads the model a polymorphic enum picked, keeping the path of a failure below it.
///
/// The model is read from an in-memory JSON value, out of sight of the path tracking of the
/// outer reader, so the path below this point travels in the message as ``at `a.b`: reason``,
/// which [`Rejection`](crate::Rejection) joins back to the outer path.
pub(crate) fn read_model<T, E>(value: Value) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    use crate::rejection::{dotted_path, join_paths, split_nested_path};
    // Tracking the path allocates for every key, so it is only paid when the model fails.
    if let Ok(model) = T::deserialize(&value) {
        return Ok(model);
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let message = error.inner().to_string();
        let (nested, reason) = split_nested_path(&message);
        match join_paths(&dotted_path(error.path()), nested) {
            path if path.is_empty() => E::custom(reason),
            path => E::custom(format_args!("at `{path}`: {reason}")),
        }
    })
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
                let value = serde_json::Value::Object(map);
                match tag.as_str() {
                    $($tag => $crate::schemas::polymorphic::read_model::<$model, D::Error>(value).map($name::$variant),)+
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
                    $($tag => $crate::schemas::polymorphic::read_model::<$model, D::Error>(
                        serde_json::Value::Object(map),
                    )
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
