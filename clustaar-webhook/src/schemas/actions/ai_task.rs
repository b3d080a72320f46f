//! Hands the conversation to an AI task engine, with behaviors that lead elsewhere.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model;
use crate::schemas::flow::FlowConnection;
use crate::schemas::tag::Tag;
use crate::schemas::targets::Target;

/// The engine running an AI task, with its options (`ai_task_engine`).
///
/// ```
/// use clustaar_webhook::schemas::AiTaskEngine;
///
/// let engine = AiTaskEngine::new("gpt").opt("temperature", 0.2);
/// assert_eq!(
///     serde_json::to_string(&engine).unwrap(),
///     r#"{"type":"ai_task_engine","name":"gpt","opts":{"temperature":0.2}}"#
/// );
/// ```
#[model("ai_task_engine")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AiTaskEngine {
    #[serde(rename = "type", default)]
    type_tag: Tag<AiTaskEngine>,
    /// The engine's name.
    pub name: String,
    /// The engine's options.
    pub opts: Map<String, Value>,
}

impl AiTaskEngine {
    /// The engine `name`, without options.
    ///
    /// ```
    /// use clustaar_webhook::schemas::AiTaskEngine;
    ///
    /// let engine = AiTaskEngine::new("gpt");
    /// assert_eq!(engine.name, "gpt");
    /// assert!(engine.opts.is_empty());
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        AiTaskEngine {
            name: name.into(),
            ..Default::default()
        }
    }

    /// Sets the option `key` = `value`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::AiTaskEngine;
    ///
    /// let engine = AiTaskEngine::new("gpt").opt("model", "small").opt("max_tokens", 200);
    /// assert_eq!(engine.opts["model"], "small");
    /// assert_eq!(engine.opts["max_tokens"], 200);
    /// ```
    pub fn opt(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.opts.insert(key.into(), value.into());
        self
    }
}

/// A named outcome of an AI task and where it leads (`ai_task_behavior`).
///
/// ```
/// use clustaar_webhook::schemas::{
///     AiTaskBehavior, FlowConnection, FlowConnectionUserPredicate, IsLoggedCondition, StepTarget,
/// };
///
/// let logged_in = FlowConnectionUserPredicate::new(IsLoggedCondition::new());
/// let to_refunds = FlowConnection::new(StepTarget::new("507f191e810c19729de860ea"), [logged_in]);
/// let refund = AiTaskBehavior::new("refund", [to_refunds]);
/// let json = serde_json::to_value(&refund).unwrap();
/// assert_eq!(json["type"], "ai_task_behavior");
/// assert_eq!(json["connections"][0]["target"]["type"], "step");
/// ```
#[model("ai_task_behavior")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AiTaskBehavior {
    #[serde(rename = "type", default)]
    type_tag: Tag<AiTaskBehavior>,
    /// The behavior's name.
    pub name: String,
    /// The connections tried when the behavior is chosen.
    #[field(rule = Length::between(0, 10))]
    pub connections: Vec<FlowConnection>,
}

impl AiTaskBehavior {
    /// The behavior `name`, trying `connections`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{AiTaskBehavior, FlowConnection, Predicate, StoryTarget};
    ///
    /// let always: [Predicate; 0] = [];
    /// let to_sales = FlowConnection::new(StoryTarget::new("507f191e810c19729de860ea"), always);
    /// let behavior = AiTaskBehavior::new("buy", [to_sales]);
    /// assert_eq!(behavior.name, "buy");
    /// assert_eq!(behavior.connections.len(), 1);
    /// ```
    pub fn new(
        name: impl Into<String>,
        connections: impl IntoIterator<Item = FlowConnection>,
    ) -> Self {
        AiTaskBehavior {
            type_tag: Tag::new(),
            name: name.into(),
            connections: connections.into_iter().collect(),
        }
    }
}

/// Runs an AI task (`send_ai_task_action`).
///
/// ```
/// use clustaar_webhook::schemas::{AiTaskEngine, SendAiTaskAction, StoryTarget};
///
/// let task = SendAiTaskAction::new(AiTaskEngine::new("gpt").opt("temperature", 0.2), [])
///     .default_target(StoryTarget::new("507f191e810c19729de860ea"));
/// let json = serde_json::to_value(&task).unwrap();
/// assert_eq!(json["userAttributes"], false);
/// assert!(json.get("selectTarget").is_none());
/// ```
#[model("send_ai_task_action")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SendAiTaskAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendAiTaskAction>,
    /// The engine.
    pub engine: AiTaskEngine,
    /// The possible outcomes.
    pub behaviors: Vec<AiTaskBehavior>,
    /// Where to go when no behavior applies.
    #[serde(rename = "defaultTarget", default)]
    pub default_target: Option<Target>,
    /// Where to go to pick a behavior; left out of the JSON when `None`.
    #[field(optional)]
    #[serde(
        rename = "selectTarget",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub select_target: Option<Target>,
    /// Whether the user's attributes are given to the engine (false when absent).
    #[field(optional)]
    #[serde(rename = "userAttributes", default)]
    pub user_attributes: bool,
}

impl SendAiTaskAction {
    /// A task run by `engine` with `behaviors`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{AiTaskBehavior, AiTaskEngine, SendAiTaskAction};
    ///
    /// let refund = AiTaskBehavior::new("refund", []);
    /// let task = SendAiTaskAction::new(AiTaskEngine::new("gpt"), [refund]);
    /// assert_eq!(task.behaviors[0].name, "refund");
    /// assert_eq!(task.default_target, None);
    /// assert!(!task.user_attributes);
    /// ```
    pub fn new(engine: AiTaskEngine, behaviors: impl IntoIterator<Item = AiTaskBehavior>) -> Self {
        SendAiTaskAction {
            engine,
            behaviors: behaviors.into_iter().collect(),
            ..Default::default()
        }
    }

    /// Sets where to go when no behavior applies.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{AiTaskEngine, SendAiTaskAction, StepTarget};
    ///
    /// let task = SendAiTaskAction::new(AiTaskEngine::new("gpt"), [])
    ///     .default_target(StepTarget::new("507f191e810c19729de860ea"));
    /// let json = serde_json::to_value(&task).unwrap();
    /// assert_eq!(json["defaultTarget"]["id"], "507f191e810c19729de860ea");
    /// ```
    pub fn default_target(mut self, target: impl Into<Target>) -> Self {
        self.default_target = Some(target.into());
        self
    }

    /// Sets where to go to pick a behavior.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{AiTaskEngine, SendAiTaskAction, StoryTarget};
    ///
    /// let task = SendAiTaskAction::new(AiTaskEngine::new("gpt"), [])
    ///     .select_target(StoryTarget::new("507f191e810c19729de860ea"));
    /// let json = serde_json::to_value(&task).unwrap();
    /// assert_eq!(json["selectTarget"]["type"], "story");
    /// ```
    pub fn select_target(mut self, target: impl Into<Target>) -> Self {
        self.select_target = Some(target.into());
        self
    }

    /// Sets whether the user's attributes are given to the engine.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{AiTaskEngine, SendAiTaskAction};
    ///
    /// let task = SendAiTaskAction::new(AiTaskEngine::new("gpt"), []).user_attributes(true);
    /// assert_eq!(serde_json::to_value(&task).unwrap()["userAttributes"], true);
    /// ```
    pub fn user_attributes(mut self, user_attributes: bool) -> Self {
        self.user_attributes = user_attributes;
        self
    }
}
