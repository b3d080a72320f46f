//! Actions that store values: in the conversation session, or on the user.

use serde::{Deserialize, Serialize};

use crate::model;
use crate::schemas::tag::Tag;

/// The constructor and setters both store actions share.
macro_rules! store_action_methods {
    ($model:ident) => {
        impl $model {
            /// Stores `key` = `value`.
            ///
            #[doc = concat!("```\n",
                "use clustaar_webhook::schemas::", stringify!($model), ";\n\n",
                "let city = ", stringify!($model), "::new(\"city\", \"Paris\");\n",
                "assert_eq!(city.key, \"city\");\n",
                "assert_eq!(city.value, \"Paris\");\n",
                "assert_eq!(city.add, None);\n",
                "```")]
            pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
                $model { key: key.into(), value: value.into(), ..Default::default() }
            }

            /// Sets whether `value` is added to the current value.
            ///
            #[doc = concat!("```\n",
                "use clustaar_webhook::schemas::", stringify!($model), ";\n\n",
                "let one_more = ", stringify!($model), "::new(\"visits\", \"1\").add(true);\n",
                "let json = serde_json::to_value(&one_more).unwrap();\n",
                "assert_eq!(json[\"add\"], true);\n",
                "```")]
            #[allow(clippy::should_implement_trait)] // a builder setter named after the key
            pub fn add(mut self, add: bool) -> Self {
                self.add = Some(add);
                self
            }

            /// Sets whether the value is an integer.
            ///
            #[doc = concat!("```\n",
                "use clustaar_webhook::schemas::", stringify!($model), ";\n\n",
                "let age = ", stringify!($model), "::new(\"age\", \"42\").is_int(true);\n",
                "let json = serde_json::to_value(&age).unwrap();\n",
                "assert_eq!(json[\"isInt\"], true);\n",
                "```")]
            pub fn is_int(mut self, is_int: bool) -> Self {
                self.is_int = Some(is_int);
                self
            }
        }
    };
}

/// Stores a value in the conversation session (`store_session_value_action`).
///
/// ```
/// use clustaar_webhook::schemas::StoreSessionValueAction;
///
/// let store = StoreSessionValueAction::new("order", "A-1234");
/// assert_eq!(
///     serde_json::to_string(&store).unwrap(),
///     r#"{"type":"store_session_value_action","key":"order","value":"A-1234","add":null,"isInt":null}"#
/// );
/// ```
#[model("store_session_value_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StoreSessionValueAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<StoreSessionValueAction>,
    /// The name of the value.
    #[field(rule = (Length::between(1, 100), &WORD))]
    pub key: String,
    /// The value (or the amount to add, with `add`).
    #[field(rule = Length::between(1, 200), load(normalize, sanitize))]
    pub value: String,
    /// Whether `value` is added to the current value instead of replacing it.
    #[field(optional)]
    #[serde(default)]
    pub add: Option<bool>,
    /// Whether the value is an integer.
    #[field(optional)]
    #[serde(rename = "isInt", default)]
    pub is_int: Option<bool>,
}

store_action_methods!(StoreSessionValueAction);

/// Sets an attribute of the user (`set_user_attribute_action`).
///
/// ```
/// use clustaar_webhook::schemas::SetUserAttributeAction;
///
/// let visits = SetUserAttributeAction::new("visits", "1").add(true).is_int(true);
/// assert_eq!(visits.add, Some(true));
/// ```
#[model("set_user_attribute_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SetUserAttributeAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SetUserAttributeAction>,
    /// The name of the value.
    #[field(rule = (Length::between(1, 100), &USER_ATTRIBUTE_KEY))]
    pub key: String,
    /// The value (or the amount to add, with `add`).
    #[field(rule = Length::between(1, 2000), load(normalize, sanitize))]
    pub value: String,
    /// Whether `value` is added to the current value instead of replacing it.
    #[field(optional)]
    #[serde(default)]
    pub add: Option<bool>,
    /// Whether the value is an integer.
    #[field(optional)]
    #[serde(rename = "isInt", default)]
    pub is_int: Option<bool>,
}

store_action_methods!(SetUserAttributeAction);
