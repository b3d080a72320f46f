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
use super::tag::{Tag, one_string_models, type_names, unit_models};

unit_models! {
    /// Looks at the text of the user's message (`predicate_message_getter`).
    MessageGetter => "message",
    /// True when the value is absent (`is_not_set_condition`).
    IsNotSetCondition => "is_not_set",
    /// True when the value is present (`is_set_condition`).
    IsSetCondition => "is_set",
    /// True when the value reads as a number (`is_number_condition`).
    IsNumberCondition => "is_number",
    /// True when an agent of the team is online (`is_online_condition`).
    IsOnlineCondition => "is_online",
    /// True when no agent of the team is online (`is_offline_condition`).
    IsOfflineCondition => "is_offline",
    /// True when the user is logged in (`is_logged_condition`).
    IsLoggedCondition => "is_logged",
    /// True when the user is not logged in (`is_not_logged_condition`).
    IsNotLoggedCondition => "is_not_logged",
}

one_string_models! {
    key: "The name of the value to look at.";
    /// Looks at a value of the conversation session (`predicate_session_value_getter`).
    ///
    /// ```
    /// use clustaar_webhook::schemas::SessionValueGetter;
    ///
    /// assert_eq!(SessionValueGetter::new("order").key, "order");
    /// ```
    SessionValueGetter => "session_value",
    /// Looks at a value of the message's attachment (`predicate_attachment_value_getter`).
    AttachmentValueGetter => "attachment_value",
    /// Looks at an attribute of the user (`predicate_user_attribute_getter`).
    UserAttributeGetter => "user_attribute",
}

/// True when the value is one of `values` (`contain_condition`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContainCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<ContainCondition>,
    /// The accepted values.
    pub values: Vec<String>,
}

impl ContainCondition {
    /// A condition accepting any of `values`.
    pub fn new<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        ContainCondition {
            type_tag: Tag::new(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
}

/// True when the value equals `expected` (`equals_condition`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EqualsCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<EqualsCondition>,
    /// The expected value.
    pub expected: String,
}

impl EqualsCondition {
    /// A condition expecting `expected`.
    pub fn new(expected: impl Into<String>) -> Self {
        EqualsCondition {
            type_tag: Tag::new(),
            expected: expected.into(),
        }
    }
}

/// True when the value matches a regular expression (`match_regexp_condition`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MatchRegexpCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<MatchRegexpCondition>,
    /// The regular expression, in the platform's (Python) syntax.
    #[serde(rename = "pattern")]
    pub regexp: String,
}

impl MatchRegexpCondition {
    /// A condition on the pattern `regexp`.
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MatchIntentConditionIntent {
    #[serde(rename = "type", default)]
    type_tag: Tag<MatchIntentConditionIntent>,
    /// The intent's ObjectID.
    pub id: String,
    /// The intent's name, informative only; kept as read and written back.
    #[serde(default)]
    pub name: Option<String>,
}

impl MatchIntentConditionIntent {
    /// The intent `id`.
    pub fn new(id: impl Into<String>) -> Self {
        MatchIntentConditionIntent {
            id: id.into(),
            ..Default::default()
        }
    }

    /// Sets the intent's name.
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MatchIntentCondition {
    #[serde(rename = "type", default)]
    type_tag: Tag<MatchIntentCondition>,
    /// The intent to match.
    pub intent: MatchIntentConditionIntent,
}

impl MatchIntentCondition {
    /// A condition on the intent `intent_id`.
    pub fn new(intent_id: impl Into<String>) -> Self {
        MatchIntentCondition {
            type_tag: Tag::new(),
            intent: MatchIntentConditionIntent::new(intent_id),
        }
    }

    /// The ObjectID of the intent to match.
    pub fn intent_id(&self) -> &str {
        &self.intent.id
    }
}

macro_rules! bound_condition {
    ($($(#[$meta:meta])* $model:ident { $field:ident } => $name:literal),* $(,)?) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $model {
                #[doc = concat!("The bound, kept as written (`2` stays `2`, `2.0` stays `2.0`).")]
                #[serde(deserialize_with = "numbers::number")]
                pub $field: Number,
                #[serde(rename = "type", default)]
                type_tag: Tag<$model>,
            }

            impl $model {
                #[doc = concat!("A condition with the ", stringify!($field), " `", stringify!($field), "`.")]
                ///
                /// # Panics
                /// When the bound is NaN or infinite.
                pub fn new($field: f64) -> Self {
                    $model { $field: numbers::from_f64($field), type_tag: Tag::new() }
                }

                /// A condition with a bound given as a JSON number, written exactly as given.
                pub fn with_number($field: impl Into<Number>) -> Self {
                    $model { $field: $field.into(), type_tag: Tag::new() }
                }

                /// The bound as an `f64`.
                pub fn bound(&self) -> f64 {
                    numbers::as_f64(&self.$field)
                }
            }
        )*
        type_names! { $($model => $name),* }
    };
}

bound_condition! {
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
    IsLessThanCondition { maximum } => "is_less_than",
    /// True when the value is a number at most `maximum` (`is_less_than_or_equal_condition`).
    IsLessThanOrEqualCondition { maximum } => "is_less_than_or_equal",
    /// True when the value is a number above `minimum` (`is_greater_than_condition`).
    IsGreaterThanCondition { minimum } => "is_greater_than",
    /// True when the value is a number at least `minimum`
    /// (`is_greater_than_or_equal_condition`).
    IsGreaterThanOrEqualCondition { minimum } => "is_greater_than_or_equal",
}

type_names! {
    ContainCondition => "contains",
    EqualsCondition => "equals",
    MatchRegexpCondition => "match_regexp",
    MatchIntentConditionIntent => "intent",
    MatchIntentCondition => "match_intent",
    FlowConnectionPredicate => "connection_predicate",
    FlowConnectionTeamPredicate => "connection_team_predicate",
    FlowConnectionUserPredicate => "connection_user_predicate",
}

tagged_enum! {
    /// What a [`FlowConnectionPredicate`] looks at, picked by `type`.
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
    pub enum TeamCondition {
        "is_online" => IsOnline(IsOnlineCondition),
        "is_offline" => IsOffline(IsOfflineCondition),
    }
    type_name: IsOfflineCondition::new() => "is_offline"
}

tagged_enum! {
    /// What a [`FlowConnectionUserPredicate`] checks, picked by `type`.
    pub enum UserCondition {
        "is_logged" => IsLogged(IsLoggedCondition),
        "is_not_logged" => IsNotLogged(IsNotLoggedCondition),
    }
    type_name: IsLoggedCondition::new() => "is_logged"
}

/// A condition on a value of the conversation (`flow_connection_predicate`).
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowConnectionTeamPredicate {
    #[serde(rename = "type", default)]
    type_tag: Tag<FlowConnectionTeamPredicate>,
    /// What to check.
    pub condition: TeamCondition,
}

impl FlowConnectionTeamPredicate {
    /// A predicate checking `condition`.
    pub fn new(condition: impl Into<TeamCondition>) -> Self {
        FlowConnectionTeamPredicate {
            type_tag: Tag::new(),
            condition: condition.into(),
        }
    }
}

/// A condition on the user (`flow_connection_user_predicate`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowConnectionUserPredicate {
    #[serde(rename = "type", default)]
    type_tag: Tag<FlowConnectionUserPredicate>,
    /// What to check.
    pub condition: UserCondition,
}

impl FlowConnectionUserPredicate {
    /// A predicate checking `condition`.
    pub fn new(condition: impl Into<UserCondition>) -> Self {
        FlowConnectionUserPredicate {
            type_tag: Tag::new(),
            condition: condition.into(),
        }
    }
}

tagged_enum! {
    /// One predicate of a [`FlowConnection`](super::FlowConnection), picked by `type`.
    pub enum Predicate {
        "connection_predicate" => Connection(FlowConnectionPredicate),
        "connection_team_predicate" => Team(FlowConnectionTeamPredicate),
        "connection_user_predicate" => User(FlowConnectionUserPredicate),
    }
    type_name: FlowConnectionTeamPredicate::new(IsOnlineCondition::new())
        => "connection_team_predicate"
}
