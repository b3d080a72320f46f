//! Moving the conversation elsewhere: go-to, jump-to and the connections a jump tries in turn.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model;

use super::conditions::Predicate;
use super::tag::Tag;
use super::targets::{StepTarget, StoryTarget, Target};

/// Sends the conversation to a step or a story, optionally storing session values on the way
/// (`go_to_action`).
///
/// ```
/// use clustaar_webhook::schemas::{GoToAction, Target};
///
/// let action = GoToAction::step("507f191e810c19729de860ea").session_value("plan", "gold");
/// assert!(matches!(action.target, Target::Step(_)));
/// assert_eq!(
///     serde_json::to_string(&action).unwrap(),
///     r#"{"type":"go_to_action","target":{"id":"507f191e810c19729de860ea","type":"step","name":null},"sessionValues":{"plan":"gold"}}"#
/// );
/// ```
#[model("go_to_action")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoToAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<GoToAction>,
    /// Where the conversation goes.
    pub target: Target,
    /// Session values stored before going.
    #[field(optional)]
    #[serde(rename = "sessionValues", default)]
    pub session_values: Option<Map<String, Value>>,
}

impl GoToAction {
    /// Goes to `target`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{GoToAction, StoryTarget, Target};
    ///
    /// let action = GoToAction::new(StoryTarget::new("507f191e810c19729de860ea"));
    /// assert_eq!(action.target.type_name(), "story");
    /// assert_eq!(action.session_values, None);
    /// ```
    pub fn new(target: impl Into<Target>) -> Self {
        GoToAction {
            type_tag: Tag::new(),
            target: target.into(),
            session_values: None,
        }
    }

    /// Goes to the step `step_id`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{GoToAction, StepTarget, Target};
    ///
    /// let action = GoToAction::step("507f191e810c19729de860ea");
    /// assert_eq!(action.target, Target::Step(StepTarget::new("507f191e810c19729de860ea")));
    /// ```
    pub fn step(step_id: impl Into<String>) -> Self {
        Self::new(StepTarget::new(step_id))
    }

    /// Goes to the story `story_id`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{GoToAction, StoryTarget, Target};
    ///
    /// let action = GoToAction::story("507f191e810c19729de860eb");
    /// assert_eq!(action.target, Target::Story(StoryTarget::new("507f191e810c19729de860eb")));
    /// ```
    pub fn story(story_id: impl Into<String>) -> Self {
        Self::new(StoryTarget::new(story_id))
    }

    /// Stores the session value `key` = `value` before going.
    ///
    /// ```
    /// use clustaar_webhook::schemas::GoToAction;
    ///
    /// let action = GoToAction::step("507f191e810c19729de860ea")
    ///     .session_value("plan", "gold")
    ///     .session_value("seats", 3);
    /// let values = action.session_values.unwrap();
    /// assert_eq!(values["plan"], "gold");
    /// assert_eq!(values["seats"], 3);
    /// ```
    pub fn session_value(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.session_values
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }
}

/// A button action answering a customer-satisfaction question
/// (`customer_satisfaction_callback_action`).
///
/// ```
/// use clustaar_webhook::schemas::CustomerSatisfactionCallbackAction;
///
/// let action = CustomerSatisfactionCallbackAction::new("positive");
/// assert_eq!(
///     serde_json::to_string(&action).unwrap(),
///     r#"{"type":"customer_satisfaction_callback_action","target":null,"kind":"positive"}"#
/// );
/// ```
#[model("customer_satisfaction_callback_action")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerSatisfactionCallbackAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<CustomerSatisfactionCallbackAction>,
    /// Where the conversation goes next, if anywhere.
    #[serde(default)]
    pub target: Option<Target>,
    /// The answer: `negative`, `neutral` or `positive`.
    #[field(rule = crate::schemas::actions::SATISFACTION_KINDS)]
    pub kind: String,
}

impl CustomerSatisfactionCallbackAction {
    /// An answer of the given `kind` (`negative`, `neutral` or `positive`).
    ///
    /// ```
    /// use clustaar_webhook::schemas::CustomerSatisfactionCallbackAction;
    ///
    /// let action = CustomerSatisfactionCallbackAction::new("neutral");
    /// assert_eq!(action.kind, "neutral");
    /// assert_eq!(action.target, None);
    /// ```
    pub fn new(kind: impl Into<String>) -> Self {
        CustomerSatisfactionCallbackAction {
            kind: kind.into(),
            ..Default::default()
        }
    }

    /// Sets where the conversation goes next.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CustomerSatisfactionCallbackAction, StepTarget};
    ///
    /// let action = CustomerSatisfactionCallbackAction::new("negative")
    ///     .target(StepTarget::new("507f191e810c19729de860ea"));
    /// let json = serde_json::to_value(&action).unwrap();
    /// assert_eq!(json["target"]["id"], "507f191e810c19729de860ea");
    /// assert_eq!(json["target"]["type"], "step");
    /// ```
    pub fn target(mut self, target: impl Into<Target>) -> Self {
        self.target = Some(target.into());
        self
    }
}

/// A way out of a jump: a target taken when every predicate holds (`flow_connection`).
///
/// ```
/// use clustaar_webhook::schemas::{
///     FlowConnection, FlowConnectionUserPredicate, IsLoggedCondition, StoryTarget,
/// };
///
/// let connection = FlowConnection::new(
///     StoryTarget::new("507f191e810c19729de860ea"),
///     [FlowConnectionUserPredicate::new(IsLoggedCondition::new())],
/// );
/// assert_eq!(connection.predicates.len(), 1);
/// ```
#[model("flow_connection")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowConnection {
    #[serde(rename = "type", default)]
    type_tag: Tag<FlowConnection>,
    /// Where the conversation goes when the connection is taken.
    pub target: Target,
    /// The predicates that must all hold.
    #[field(rule = Length::between(1, 10))]
    pub predicates: Vec<Predicate>,
}

impl FlowConnection {
    /// A connection to `target` under `predicates`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     FlowConnection, FlowConnectionTeamPredicate, IsOnlineCondition, StepTarget,
    /// };
    ///
    /// let connection = FlowConnection::new(
    ///     StepTarget::new("507f191e810c19729de860ea"),
    ///     [FlowConnectionTeamPredicate::new(IsOnlineCondition::new())],
    /// );
    /// assert_eq!(connection.predicates[0].type_name(), "connection_team_predicate");
    /// ```
    pub fn new<P: Into<Predicate>>(
        target: impl Into<Target>,
        predicates: impl IntoIterator<Item = P>,
    ) -> Self {
        FlowConnection {
            type_tag: Tag::new(),
            target: target.into(),
            predicates: predicates.into_iter().map(Into::into).collect(),
        }
    }
}

/// Tries connections in turn and takes the first that holds, else the default target
/// (`jump_to_action`).
///
/// ```
/// use clustaar_webhook::schemas::{JumpToAction, StepTarget};
///
/// let jump = JumpToAction::new([]).default_target(StepTarget::new("507f191e810c19729de860ea"));
/// assert_eq!(
///     serde_json::to_string(&jump).unwrap(),
///     r#"{"type":"jump_to_action","connections":[],"defaultTarget":{"id":"507f191e810c19729de860ea","type":"step","name":null}}"#
/// );
/// ```
#[model("jump_to_action")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct JumpToAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<JumpToAction>,
    /// The connections, tried in order.
    #[field(rule = Length::between(0, 10))]
    pub connections: Vec<FlowConnection>,
    /// Where to go when no connection holds.
    #[serde(rename = "defaultTarget", default)]
    pub default_target: Option<Target>,
}

impl JumpToAction {
    /// A jump trying `connections`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     FlowConnection, FlowConnectionUserPredicate, IsLoggedCondition, JumpToAction,
    ///     StoryTarget,
    /// };
    ///
    /// let logged_in = FlowConnectionUserPredicate::new(IsLoggedCondition::new());
    /// let story = StoryTarget::new("507f191e810c19729de860ea");
    /// let connection = FlowConnection::new(story, [logged_in]);
    /// let jump = JumpToAction::new([connection]);
    /// assert_eq!(jump.connections.len(), 1);
    /// assert_eq!(jump.default_target, None);
    /// ```
    pub fn new(connections: impl IntoIterator<Item = FlowConnection>) -> Self {
        JumpToAction {
            connections: connections.into_iter().collect(),
            ..Default::default()
        }
    }

    /// Sets where to go when no connection holds.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{JumpToAction, StoryTarget};
    ///
    /// let jump = JumpToAction::new([])
    ///     .default_target(StoryTarget::new("507f191e810c19729de860ea"));
    /// assert_eq!(jump.default_target.unwrap().type_name(), "story");
    /// ```
    pub fn default_target(mut self, target: impl Into<Target>) -> Self {
        self.default_target = Some(target.into());
        self
    }
}
