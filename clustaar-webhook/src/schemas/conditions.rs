//! The predicates of flow connections: what value to look at (getters), what to check about it
//! (conditions), and the three kinds of predicate that combine them.
//!
//! ```
//! use clustaar_webhook::schemas::{
//!     ContainCondition, FlowConnectionPredicate, Predicate, SessionValueGetter,
//! };
//!
//! let predicate = FlowConnectionPredicate::new(
//!     ContainCondition::new(["yes", "sure"]),
//!     SessionValueGetter::new("answer"),
//! );
//! let predicate = Predicate::from(predicate);
//! assert_eq!(
//!     serde_json::to_string(&predicate).unwrap(),
//!     r#"{"type":"connection_predicate","condition":{"type":"contains","values":["yes","sure"]},"valueGetter":{"type":"session_value","key":"answer"}}"#
//! );
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Number;

use super::numbers;
use super::polymorphic::tagged_enum;
use super::tag::Tag;
use crate::model;

/// Looks at the text of the user's message (`predicate_message_getter`).
///
/// ```
/// use clustaar_webhook::schemas::{MessageGetter, ValueGetter};
///
/// let getter = ValueGetter::from(MessageGetter::new());
/// assert_eq!(serde_json::to_string(&getter).unwrap(), r#"{"type":"message"}"#);
/// ```
#[model("message")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MessageGetter {
    #[serde(rename = "type", default)]
    type_tag: Tag<MessageGetter>,
}

impl MessageGetter {
    /// A `message` getter.
    ///
    /// ```
    /// use clustaar_webhook::schemas::MessageGetter;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&MessageGetter::new()).unwrap(),
    ///     r#"{"type":"message"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        MessageGetter {
            type_tag: Tag::new(),
        }
    }
}

/// True when the value is absent (`is_not_set_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{Condition, IsNotSetCondition};
///
/// let condition: Condition = serde_json::from_str(r#"{"type":"is_not_set"}"#).unwrap();
/// assert_eq!(condition, Condition::IsNotSet(IsNotSetCondition::new()));
/// ```
#[model("is_not_set")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IsNotSetCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<IsNotSetCondition>,
}

impl IsNotSetCondition {
    /// An `is_not_set` condition.
    ///
    /// ```
    /// use clustaar_webhook::schemas::IsNotSetCondition;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&IsNotSetCondition::new()).unwrap(),
    ///     r#"{"type":"is_not_set"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        IsNotSetCondition {
            type_tag: Tag::new(),
        }
    }
}

/// True when the value is present (`is_set_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{
///     FlowConnectionPredicate, IsSetCondition, SessionValueGetter,
/// };
///
/// let email = SessionValueGetter::new("email");
/// let predicate = FlowConnectionPredicate::new(IsSetCondition::new(), email);
/// let json = serde_json::to_value(&predicate).unwrap();
/// assert_eq!(json["condition"], serde_json::json!({"type": "is_set"}));
/// ```
#[model("is_set")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IsSetCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<IsSetCondition>,
}

impl IsSetCondition {
    /// An `is_set` condition.
    ///
    /// ```
    /// use clustaar_webhook::schemas::IsSetCondition;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&IsSetCondition::new()).unwrap(),
    ///     r#"{"type":"is_set"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        IsSetCondition {
            type_tag: Tag::new(),
        }
    }
}

/// True when the value reads as a number (`is_number_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{
///     Condition, FlowConnectionPredicate, IsNumberCondition, MessageGetter,
/// };
///
/// let predicate =
///     FlowConnectionPredicate::new(IsNumberCondition::new(), MessageGetter::new());
/// assert_eq!(predicate.condition, Condition::IsNumber(IsNumberCondition::new()));
/// ```
#[model("is_number")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IsNumberCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<IsNumberCondition>,
}

impl IsNumberCondition {
    /// An `is_number` condition.
    ///
    /// ```
    /// use clustaar_webhook::schemas::IsNumberCondition;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&IsNumberCondition::new()).unwrap(),
    ///     r#"{"type":"is_number"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        IsNumberCondition {
            type_tag: Tag::new(),
        }
    }
}

/// True when an agent of the team is online (`is_online_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{IsOnlineCondition, TeamCondition};
///
/// let condition = TeamCondition::from(IsOnlineCondition::new());
/// assert_eq!(serde_json::to_string(&condition).unwrap(), r#"{"type":"is_online"}"#);
/// ```
#[model("is_online")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IsOnlineCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<IsOnlineCondition>,
}

impl IsOnlineCondition {
    /// An `is_online` condition.
    ///
    /// ```
    /// use clustaar_webhook::schemas::IsOnlineCondition;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&IsOnlineCondition::new()).unwrap(),
    ///     r#"{"type":"is_online"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        IsOnlineCondition {
            type_tag: Tag::new(),
        }
    }
}

/// True when no agent of the team is online (`is_offline_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{FlowConnectionTeamPredicate, IsOfflineCondition};
///
/// let predicate = FlowConnectionTeamPredicate::new(IsOfflineCondition::new());
/// assert_eq!(
///     serde_json::to_string(&predicate).unwrap(),
///     r#"{"type":"connection_team_predicate","condition":{"type":"is_offline"}}"#
/// );
/// ```
#[model("is_offline")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IsOfflineCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<IsOfflineCondition>,
}

impl IsOfflineCondition {
    /// An `is_offline` condition.
    ///
    /// ```
    /// use clustaar_webhook::schemas::IsOfflineCondition;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&IsOfflineCondition::new()).unwrap(),
    ///     r#"{"type":"is_offline"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        IsOfflineCondition {
            type_tag: Tag::new(),
        }
    }
}

/// True when the user is logged in (`is_logged_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{FlowConnectionUserPredicate, IsLoggedCondition};
///
/// let predicate = FlowConnectionUserPredicate::new(IsLoggedCondition::new());
/// assert_eq!(
///     serde_json::to_string(&predicate).unwrap(),
///     r#"{"type":"connection_user_predicate","condition":{"type":"is_logged"}}"#
/// );
/// ```
#[model("is_logged")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IsLoggedCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<IsLoggedCondition>,
}

impl IsLoggedCondition {
    /// An `is_logged` condition.
    ///
    /// ```
    /// use clustaar_webhook::schemas::IsLoggedCondition;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&IsLoggedCondition::new()).unwrap(),
    ///     r#"{"type":"is_logged"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        IsLoggedCondition {
            type_tag: Tag::new(),
        }
    }
}

/// True when the user is not logged in (`is_not_logged_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{IsNotLoggedCondition, UserCondition};
///
/// let json = r#"{"type":"is_not_logged"}"#;
/// let condition: UserCondition = serde_json::from_str(json).unwrap();
/// assert_eq!(condition, UserCondition::IsNotLogged(IsNotLoggedCondition::new()));
/// ```
#[model("is_not_logged")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IsNotLoggedCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<IsNotLoggedCondition>,
}

impl IsNotLoggedCondition {
    /// An `is_not_logged` condition.
    ///
    /// ```
    /// use clustaar_webhook::schemas::IsNotLoggedCondition;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&IsNotLoggedCondition::new()).unwrap(),
    ///     r#"{"type":"is_not_logged"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        IsNotLoggedCondition {
            type_tag: Tag::new(),
        }
    }
}

/// Looks at a value of the conversation session (`predicate_session_value_getter`).
///
/// ```
/// use clustaar_webhook::schemas::SessionValueGetter;
///
/// assert_eq!(SessionValueGetter::new("order").key, "order");
/// ```
#[model("session_value")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SessionValueGetter {
    #[serde(rename = "type", default)]
    type_tag: Tag<SessionValueGetter>,
    /// The name of the value to look at.
    #[field(rule = (Length::between(1, 100), &WORD))]
    pub key: String,
}

impl SessionValueGetter {
    /// A getter of the session value `key`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SessionValueGetter;
    ///
    /// let getter = SessionValueGetter::new("email");
    /// assert_eq!(getter.key, "email");
    /// assert_eq!(
    ///     serde_json::to_string(&getter).unwrap(),
    ///     r#"{"type":"session_value","key":"email"}"#
    /// );
    /// ```
    pub fn new(key: impl Into<String>) -> Self {
        SessionValueGetter {
            type_tag: Tag::new(),
            key: key.into(),
        }
    }
}

/// Looks at a value of the message's attachment (`predicate_attachment_value_getter`).
///
/// ```
/// use clustaar_webhook::schemas::AttachmentValueGetter;
///
/// let getter = AttachmentValueGetter::new("url");
/// assert_eq!(
///     serde_json::to_string(&getter).unwrap(),
///     r#"{"type":"attachment_value","key":"url"}"#
/// );
/// ```
#[model("attachment_value")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AttachmentValueGetter {
    #[serde(rename = "type", default)]
    type_tag: Tag<AttachmentValueGetter>,
    /// The name of the value to look at.
    #[field(rule = (Length::between(1, 150), &WORD))]
    pub key: String,
}

impl AttachmentValueGetter {
    /// A getter of the attachment value `key`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::AttachmentValueGetter;
    ///
    /// let getter = AttachmentValueGetter::new("type");
    /// assert_eq!(getter.key, "type");
    /// assert_eq!(
    ///     serde_json::to_string(&getter).unwrap(),
    ///     r#"{"type":"attachment_value","key":"type"}"#
    /// );
    /// ```
    pub fn new(key: impl Into<String>) -> Self {
        AttachmentValueGetter {
            type_tag: Tag::new(),
            key: key.into(),
        }
    }
}

/// Looks at an attribute of the user (`predicate_user_attribute_getter`).
///
/// ```
/// use clustaar_webhook::schemas::{
///     EqualsCondition, FlowConnectionPredicate, UserAttributeGetter,
/// };
///
/// let language = UserAttributeGetter::new("lang");
/// let predicate = FlowConnectionPredicate::new(EqualsCondition::new("fr"), language);
/// let json = serde_json::to_value(&predicate).unwrap();
/// let expected = serde_json::json!({"type": "user_attribute", "key": "lang"});
/// assert_eq!(json["valueGetter"], expected);
/// ```
#[model("user_attribute")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserAttributeGetter {
    #[serde(rename = "type", default)]
    type_tag: Tag<UserAttributeGetter>,
    /// The name of the value to look at.
    #[field(rule = (Length::between(1, 100), &WORD))]
    pub key: String,
}

impl UserAttributeGetter {
    /// A getter of the user attribute `key`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::UserAttributeGetter;
    ///
    /// let getter = UserAttributeGetter::new("plan");
    /// assert_eq!(getter.key, "plan");
    /// assert_eq!(
    ///     serde_json::to_string(&getter).unwrap(),
    ///     r#"{"type":"user_attribute","key":"plan"}"#
    /// );
    /// ```
    pub fn new(key: impl Into<String>) -> Self {
        UserAttributeGetter {
            type_tag: Tag::new(),
            key: key.into(),
        }
    }
}

/// True when the value is one of `values` (`contain_condition`).
///
/// ```
/// use clustaar_webhook::schemas::ContainCondition;
///
/// let condition = ContainCondition::new(["yes", "sure"]);
/// assert_eq!(
///     serde_json::to_string(&condition).unwrap(),
///     r#"{"type":"contains","values":["yes","sure"]}"#
/// );
/// ```
#[model("contains")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContainCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<ContainCondition>,
    /// The accepted values.
    pub values: Vec<String>,
}

impl ContainCondition {
    /// A condition accepting any of `values`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ContainCondition;
    ///
    /// let condition = ContainCondition::new(vec![String::from("yes"), String::from("sure")]);
    /// assert_eq!(condition.values, ["yes", "sure"]);
    /// ```
    pub fn new<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        ContainCondition {
            type_tag: Tag::new(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
}

/// True when the value equals `expected` (`equals_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{Condition, EqualsCondition};
///
/// let json = r#"{"type":"equals","expected":"fr"}"#;
/// let condition: Condition = serde_json::from_str(json).unwrap();
/// assert_eq!(condition, Condition::Equals(EqualsCondition::new("fr")));
/// ```
#[model("equals")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EqualsCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<EqualsCondition>,
    /// The expected value.
    pub expected: String,
}

impl EqualsCondition {
    /// A condition expecting `expected`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::EqualsCondition;
    ///
    /// let condition = EqualsCondition::new("fr");
    /// assert_eq!(condition.expected, "fr");
    /// assert_eq!(
    ///     serde_json::to_string(&condition).unwrap(),
    ///     r#"{"type":"equals","expected":"fr"}"#
    /// );
    /// ```
    pub fn new(expected: impl Into<String>) -> Self {
        EqualsCondition {
            type_tag: Tag::new(),
            expected: expected.into(),
        }
    }
}

/// True when the value matches a regular expression (`match_regexp_condition`).
///
/// ```
/// use clustaar_webhook::schemas::MatchRegexpCondition;
///
/// // The field is `regexp` in Rust and `pattern` on the wire.
/// let condition = MatchRegexpCondition::new("^[0-9]{5}$");
/// assert_eq!(
///     serde_json::to_string(&condition).unwrap(),
///     r#"{"type":"match_regexp","pattern":"^[0-9]{5}$"}"#
/// );
/// ```
#[model("match_regexp")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MatchRegexpCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<MatchRegexpCondition>,
    /// The regular expression, in the platform's (Python) syntax.
    #[field(rule = PythonRegexp)]
    #[serde(rename = "pattern")]
    pub regexp: String,
}

impl MatchRegexpCondition {
    /// A condition on the pattern `regexp`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::MatchRegexpCondition;
    ///
    /// let condition = MatchRegexpCondition::new(r"^\d+$");
    /// assert_eq!(condition.regexp, r"^\d+$");
    /// ```
    pub fn new(regexp: impl Into<String>) -> Self {
        MatchRegexpCondition {
            type_tag: Tag::new(),
            regexp: regexp.into(),
        }
    }
}

/// The intent a [`MatchIntentCondition`] looks for (`match_intent_condition_intent`).
///
/// ```
/// use clustaar_webhook::schemas::MatchIntentConditionIntent;
///
/// let intent = MatchIntentConditionIntent::new("a1a1a1a1a1a1a1a1a1a1a1a1").name("greeting");
/// assert_eq!(
///     serde_json::to_string(&intent).unwrap(),
///     r#"{"type":"intent","id":"a1a1a1a1a1a1a1a1a1a1a1a1","name":"greeting"}"#
/// );
/// ```
#[model("intent")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MatchIntentConditionIntent {
    #[serde(rename = "type", default)]
    type_tag: Tag<MatchIntentConditionIntent>,
    /// The intent's ObjectID.
    #[field(rule = &OBJECT_ID)]
    pub id: String,
    /// The intent's name, informative only; kept as read and written back.
    #[field(refuses_null)]
    #[serde(default)]
    pub name: Option<String>,
}

impl MatchIntentConditionIntent {
    /// The intent `id`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::MatchIntentConditionIntent;
    ///
    /// let intent = MatchIntentConditionIntent::new("a1a1a1a1a1a1a1a1a1a1a1a1");
    /// assert_eq!(intent.id, "a1a1a1a1a1a1a1a1a1a1a1a1");
    /// assert_eq!(intent.name, None);
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        MatchIntentConditionIntent {
            id: id.into(),
            ..Default::default()
        }
    }

    /// Sets the intent's name.
    ///
    /// ```
    /// use clustaar_webhook::schemas::MatchIntentConditionIntent;
    ///
    /// let intent = MatchIntentConditionIntent::new("a1a1a1a1a1a1a1a1a1a1a1a1").name("greeting");
    /// assert_eq!(intent.name.as_deref(), Some("greeting"));
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// True when the message matches an intent (`match_intent_condition`).
///
/// ```
/// use clustaar_webhook::schemas::MatchIntentCondition;
///
/// let condition = MatchIntentCondition::new("a1a1a1a1a1a1a1a1a1a1a1a1");
/// assert_eq!(condition.intent_id(), "a1a1a1a1a1a1a1a1a1a1a1a1");
/// ```
#[model("match_intent")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MatchIntentCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<MatchIntentCondition>,
    /// The intent to match.
    pub intent: MatchIntentConditionIntent,
}

impl MatchIntentCondition {
    /// A condition on the intent `intent_id`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::MatchIntentCondition;
    ///
    /// let condition = MatchIntentCondition::new("a1a1a1a1a1a1a1a1a1a1a1a1");
    /// assert_eq!(condition.intent.id, "a1a1a1a1a1a1a1a1a1a1a1a1");
    /// assert_eq!(condition.intent.name, None);
    /// ```
    pub fn new(intent_id: impl Into<String>) -> Self {
        MatchIntentCondition {
            type_tag: Tag::new(),
            intent: MatchIntentConditionIntent::new(intent_id),
        }
    }

    /// The ObjectID of the intent to match.
    ///
    /// ```
    /// use clustaar_webhook::schemas::MatchIntentCondition;
    ///
    /// let json = r#"{"type":"match_intent",
    ///     "intent":{"type":"intent","id":"b2b2b2b2b2b2b2b2b2b2b2b2"}}"#;
    /// let condition: MatchIntentCondition = serde_json::from_str(json).unwrap();
    /// assert_eq!(condition.intent_id(), "b2b2b2b2b2b2b2b2b2b2b2b2");
    /// ```
    pub fn intent_id(&self) -> &str {
        &self.intent.id
    }
}

/// The methods of a bound condition (`new`, `with_number`, `bound`), with their examples.
macro_rules! bound_condition_methods {
    ($($model:ident { $field:ident } => $name:literal),* $(,)?) => {
        $(
            impl $model {
                #[doc = concat!("A condition with the ", stringify!($field), " `", stringify!($field), "`.")]
                ///
                /// # Panics
                /// When the bound is NaN or infinite.
                ///
                /// # Examples
                #[doc = concat!(
                    "```\n",
                    "use clustaar_webhook::schemas::", stringify!($model), ";\n",
                    "\n",
                    "let condition = ", stringify!($model), "::new(2.5);\n",
                    "assert_eq!(\n",
                    "    serde_json::to_string(&condition).unwrap(),\n",
                    "    r#\"{\"", stringify!($field), "\":2.5,\"type\":\"", $name, "\"}\"#\n",
                    ");\n",
                    "```",
                )]
                pub fn new($field: f64) -> Self {
                    $model { $field: numbers::from_f64($field), type_tag: Tag::new() }
                }

                /// A condition with a bound given as a JSON number, written exactly as given.
                ///
                #[doc = concat!(
                    "```\n",
                    "use clustaar_webhook::schemas::", stringify!($model), ";\n",
                    "\n",
                    "let condition = ", stringify!($model), "::with_number(10);\n",
                    "assert_eq!(condition.", stringify!($field),
                    ", serde_json::Number::from(10));\n",
                    "assert_eq!(\n",
                    "    serde_json::to_string(&condition).unwrap(),\n",
                    "    r#\"{\"", stringify!($field), "\":10,\"type\":\"", $name, "\"}\"#\n",
                    ");\n",
                    "```",
                )]
                pub fn with_number($field: impl Into<Number>) -> Self {
                    $model { $field: $field.into(), type_tag: Tag::new() }
                }

                /// The bound as an `f64`.
                ///
                #[doc = concat!(
                    "```\n",
                    "use clustaar_webhook::schemas::", stringify!($model), ";\n",
                    "\n",
                    "let json = r#\"{\"", stringify!($field),
                    "\":3,\"type\":\"", $name, "\"}\"#;\n",
                    "let condition: ", stringify!($model),
                    " = serde_json::from_str(json).unwrap();\n",
                    "assert_eq!(condition.bound(), 3.0);\n",
                    "```",
                )]
                pub fn bound(&self) -> f64 {
                    numbers::as_f64(&self.$field)
                }
            }
        )*
    };
}

/// True when the value is a number below `maximum` (`is_less_than_condition`).
///
/// ```
/// use clustaar_webhook::schemas::IsLessThanCondition;
///
/// let condition = IsLessThanCondition::with_number(10);
/// assert_eq!(
///     serde_json::to_string(&condition).unwrap(),
///     r#"{"maximum":10,"type":"is_less_than"}"#
/// );
/// assert_eq!(IsLessThanCondition::new(2.5).bound(), 2.5);
/// ```
#[model("is_less_than")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IsLessThanCondition {
    /// The bound, kept as written (`2` stays `2`, `2.0` stays `2.0`).
    #[serde(deserialize_with = "numbers::number")]
    pub maximum: Number,
    #[serde(rename = "type", default)]
    type_tag: Tag<IsLessThanCondition>,
}

/// True when the value is a number at most `maximum` (`is_less_than_or_equal_condition`).
///
/// ```
/// use clustaar_webhook::schemas::{Condition, IsLessThanOrEqualCondition};
///
/// let condition = Condition::from(IsLessThanOrEqualCondition::with_number(18));
/// assert_eq!(
///     serde_json::to_string(&condition).unwrap(),
///     r#"{"maximum":18,"type":"is_less_than_or_equal"}"#
/// );
/// ```
#[model("is_less_than_or_equal")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IsLessThanOrEqualCondition {
    /// The bound, kept as written (`2` stays `2`, `2.0` stays `2.0`).
    #[serde(deserialize_with = "numbers::number")]
    pub maximum: Number,
    #[serde(rename = "type", default)]
    type_tag: Tag<IsLessThanOrEqualCondition>,
}

/// True when the value is a number above `minimum` (`is_greater_than_condition`).
///
/// ```
/// use clustaar_webhook::schemas::IsGreaterThanCondition;
///
/// // The bound is written as read: `2.0` stays `2.0`.
/// let json = r#"{"minimum":2.0,"type":"is_greater_than"}"#;
/// let condition: IsGreaterThanCondition = serde_json::from_str(json).unwrap();
/// assert_eq!(condition.bound(), 2.0);
/// assert_eq!(serde_json::to_string(&condition).unwrap(), json);
/// ```
#[model("is_greater_than")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IsGreaterThanCondition {
    /// The bound, kept as written (`2` stays `2`, `2.0` stays `2.0`).
    #[serde(deserialize_with = "numbers::number")]
    pub minimum: Number,
    #[serde(rename = "type", default)]
    type_tag: Tag<IsGreaterThanCondition>,
}

/// True when the value is a number at least `minimum`
/// (`is_greater_than_or_equal_condition`).
///
/// ```
/// use clustaar_webhook::schemas::IsGreaterThanOrEqualCondition;
///
/// let condition = IsGreaterThanOrEqualCondition::new(0.5);
/// assert_eq!(condition.minimum.as_f64(), Some(0.5));
/// assert_eq!(condition.bound(), 0.5);
/// ```
#[model("is_greater_than_or_equal")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IsGreaterThanOrEqualCondition {
    /// The bound, kept as written (`2` stays `2`, `2.0` stays `2.0`).
    #[serde(deserialize_with = "numbers::number")]
    pub minimum: Number,
    #[serde(rename = "type", default)]
    type_tag: Tag<IsGreaterThanOrEqualCondition>,
}

bound_condition_methods! {
    IsLessThanCondition { maximum } => "is_less_than",
    IsLessThanOrEqualCondition { maximum } => "is_less_than_or_equal",
    IsGreaterThanCondition { minimum } => "is_greater_than",
    IsGreaterThanOrEqualCondition { minimum } => "is_greater_than_or_equal",
}

tagged_enum! {
    /// What a [`FlowConnectionPredicate`] looks at, picked by `type`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{UserAttributeGetter, ValueGetter};
    ///
    /// let json = r#"{"type":"user_attribute","key":"lang"}"#;
    /// let getter: ValueGetter = serde_json::from_str(json).unwrap();
    /// assert_eq!(getter, ValueGetter::UserAttribute(UserAttributeGetter::new("lang")));
    /// ```
    pub enum ValueGetter {
        "message" => Message(MessageGetter),
        "session_value" => SessionValue(SessionValueGetter),
        "user_attribute" => UserAttribute(UserAttributeGetter),
        "attachment_value" => AttachmentValue(AttachmentValueGetter),
    }
    type_name: SessionValueGetter::new("answer") => "session_value"
}

tagged_enum! {
    /// What a [`FlowConnectionPredicate`] checks, picked by `type`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Condition, ContainCondition};
    ///
    /// let json = r#"{"type":"contains","values":["a"]}"#;
    /// let condition: Condition = serde_json::from_str(json).unwrap();
    /// assert_eq!(condition, Condition::Contains(ContainCondition::new(["a"])));
    /// // An unknown condition type is an error.
    /// assert!(serde_json::from_str::<Condition>(r#"{"type":"is_blue"}"#).is_err());
    /// ```
    pub enum Condition {
        "is_not_set" => IsNotSet(IsNotSetCondition),
        "is_set" => IsSet(IsSetCondition),
        "contains" => Contains(ContainCondition),
        "equals" => Equals(EqualsCondition),
        "match_regexp" => MatchRegexp(MatchRegexpCondition),
        "match_intent" => MatchIntent(MatchIntentCondition),
        "is_less_than" => IsLessThan(IsLessThanCondition),
        "is_less_than_or_equal" => IsLessThanOrEqual(IsLessThanOrEqualCondition),
        "is_greater_than" => IsGreaterThan(IsGreaterThanCondition),
        "is_greater_than_or_equal" => IsGreaterThanOrEqual(IsGreaterThanOrEqualCondition),
        "is_number" => IsNumber(IsNumberCondition),
    }
    type_name: IsSetCondition::new() => "is_set"
}

tagged_enum! {
    /// What a [`FlowConnectionTeamPredicate`] checks, picked by `type`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{IsOnlineCondition, TeamCondition};
    ///
    /// let condition: TeamCondition = serde_json::from_str(r#"{"type":"is_online"}"#).unwrap();
    /// assert_eq!(condition, TeamCondition::IsOnline(IsOnlineCondition::new()));
    /// ```
    pub enum TeamCondition {
        "is_online" => IsOnline(IsOnlineCondition),
        "is_offline" => IsOffline(IsOfflineCondition),
    }
    type_name: IsOfflineCondition::new() => "is_offline"
}

tagged_enum! {
    /// What a [`FlowConnectionUserPredicate`] checks, picked by `type`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{IsLoggedCondition, UserCondition};
    ///
    /// let condition: UserCondition = serde_json::from_str(r#"{"type":"is_logged"}"#).unwrap();
    /// assert_eq!(condition, UserCondition::IsLogged(IsLoggedCondition::new()));
    /// ```
    pub enum UserCondition {
        "is_logged" => IsLogged(IsLoggedCondition),
        "is_not_logged" => IsNotLogged(IsNotLoggedCondition),
    }
    type_name: IsLoggedCondition::new() => "is_logged"
}

/// A condition on a value of the conversation (`flow_connection_predicate`).
///
/// ```
/// use clustaar_webhook::schemas::{
///     Condition, FlowConnectionPredicate, IsNotSetCondition, SessionValueGetter, ValueGetter,
/// };
///
/// let json = r#"{"type":"connection_predicate","condition":{"type":"is_not_set"},
///     "valueGetter":{"type":"session_value","key":"email"}}"#;
/// let predicate: FlowConnectionPredicate = serde_json::from_str(json).unwrap();
/// assert_eq!(predicate.condition, Condition::IsNotSet(IsNotSetCondition::new()));
/// assert_eq!(predicate.value_getter, ValueGetter::from(SessionValueGetter::new("email")));
/// ```
#[model("connection_predicate")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowConnectionPredicate {
    #[serde(rename = "type", default)]
    type_tag: Tag<FlowConnectionPredicate>,
    /// What to check.
    pub condition: Condition,
    /// What value to check.
    #[serde(rename = "valueGetter")]
    pub value_getter: ValueGetter,
}

impl FlowConnectionPredicate {
    /// A predicate checking `condition` on the value given by `value_getter`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{EqualsCondition, FlowConnectionPredicate, MessageGetter};
    ///
    /// let yes = EqualsCondition::new("yes");
    /// let predicate = FlowConnectionPredicate::new(yes, MessageGetter::new());
    /// assert_eq!(predicate.condition.type_name(), "equals");
    /// assert_eq!(predicate.value_getter.type_name(), "message");
    /// ```
    pub fn new(condition: impl Into<Condition>, value_getter: impl Into<ValueGetter>) -> Self {
        FlowConnectionPredicate {
            type_tag: Tag::new(),
            condition: condition.into(),
            value_getter: value_getter.into(),
        }
    }
}

/// A condition on the support team (`flow_connection_team_predicate`).
///
/// ```
/// use clustaar_webhook::schemas::{FlowConnectionTeamPredicate, IsOnlineCondition};
///
/// let predicate = FlowConnectionTeamPredicate::new(IsOnlineCondition::new());
/// assert_eq!(
///     serde_json::to_string(&predicate).unwrap(),
///     r#"{"type":"connection_team_predicate","condition":{"type":"is_online"}}"#
/// );
/// ```
#[model("connection_team_predicate")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowConnectionTeamPredicate {
    #[serde(rename = "type", default)]
    type_tag: Tag<FlowConnectionTeamPredicate>,
    /// What to check.
    pub condition: TeamCondition,
}

impl FlowConnectionTeamPredicate {
    /// A predicate checking `condition`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     FlowConnectionTeamPredicate, IsOfflineCondition, TeamCondition,
    /// };
    ///
    /// let predicate = FlowConnectionTeamPredicate::new(IsOfflineCondition::new());
    /// assert_eq!(predicate.condition, TeamCondition::IsOffline(IsOfflineCondition::new()));
    /// ```
    pub fn new(condition: impl Into<TeamCondition>) -> Self {
        FlowConnectionTeamPredicate {
            type_tag: Tag::new(),
            condition: condition.into(),
        }
    }
}

/// A condition on the user (`flow_connection_user_predicate`).
///
/// ```
/// use clustaar_webhook::schemas::{FlowConnectionUserPredicate, IsNotLoggedCondition, Predicate};
///
/// let predicate = Predicate::from(FlowConnectionUserPredicate::new(IsNotLoggedCondition::new()));
/// assert_eq!(
///     serde_json::to_string(&predicate).unwrap(),
///     r#"{"type":"connection_user_predicate","condition":{"type":"is_not_logged"}}"#
/// );
/// ```
#[model("connection_user_predicate")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowConnectionUserPredicate {
    #[serde(rename = "type", default)]
    type_tag: Tag<FlowConnectionUserPredicate>,
    /// What to check.
    pub condition: UserCondition,
}

impl FlowConnectionUserPredicate {
    /// A predicate checking `condition`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     FlowConnectionUserPredicate, IsLoggedCondition, UserCondition,
    /// };
    ///
    /// let predicate = FlowConnectionUserPredicate::new(IsLoggedCondition::new());
    /// assert_eq!(predicate.condition, UserCondition::IsLogged(IsLoggedCondition::new()));
    /// ```
    pub fn new(condition: impl Into<UserCondition>) -> Self {
        FlowConnectionUserPredicate {
            type_tag: Tag::new(),
            condition: condition.into(),
        }
    }
}

tagged_enum! {
    /// One predicate of a [`FlowConnection`](super::FlowConnection), picked by `type`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{FlowConnectionTeamPredicate, IsOnlineCondition, Predicate};
    ///
    /// let json = r#"{"type":"connection_team_predicate","condition":{"type":"is_online"}}"#;
    /// let predicate: Predicate = serde_json::from_str(json).unwrap();
    /// let expected = FlowConnectionTeamPredicate::new(IsOnlineCondition::new());
    /// assert_eq!(predicate, Predicate::Team(expected));
    /// ```
    pub enum Predicate {
        "connection_predicate" => Connection(FlowConnectionPredicate),
        "connection_team_predicate" => Team(FlowConnectionTeamPredicate),
        "connection_user_predicate" => User(FlowConnectionUserPredicate),
    }
    type_name: FlowConnectionTeamPredicate::new(IsOnlineCondition::new())
        => "connection_team_predicate"
}
