//! Hands the conversation to an AI task engine, with behaviors that lead elsewhere.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::schemas::flow::FlowConnection;
use crate::schemas::tag::{Tag, type_names};
use crate::schemas::targets::Target;

/// The engine running an AI task, with its options (`ai_task_engine`).
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
    pub fn new(name: impl Into<String>) -> Self {
        AiTaskEngine {
            name: name.into(),
            ..Default::default()
        }
    }

    /// Sets the option `key` = `value`.
    pub fn opt(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.opts.insert(key.into(), value.into());
        self
    }
}

/// A named outcome of an AI task and where it leads (`ai_task_behavior`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AiTaskBehavior {
    #[serde(rename = "type", default)]
    type_tag: Tag<AiTaskBehavior>,
    /// The behavior's name.
    pub name: String,
    /// The connections tried when the behavior is chosen.
    pub connections: Vec<FlowConnection>,
}

impl AiTaskBehavior {
    /// The behavior `name`, trying `connections`.
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
    #[serde(
        rename = "selectTarget",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub select_target: Option<Target>,
    /// Whether the user's attributes are given to the engine (false when absent).
    #[serde(rename = "userAttributes", default)]
    pub user_attributes: bool,
}

impl SendAiTaskAction {
    /// A task run by `engine` with `behaviors`.
    pub fn new(engine: AiTaskEngine, behaviors: impl IntoIterator<Item = AiTaskBehavior>) -> Self {
        SendAiTaskAction {
            engine,
            behaviors: behaviors.into_iter().collect(),
            ..Default::default()
        }
    }

    /// Sets where to go when no behavior applies.
    pub fn default_target(mut self, target: impl Into<Target>) -> Self {
        self.default_target = Some(target.into());
        self
    }

    /// Sets where to go to pick a behavior.
    pub fn select_target(mut self, target: impl Into<Target>) -> Self {
        self.select_target = Some(target.into());
        self
    }

    /// Sets whether the user's attributes are given to the engine.
    pub fn user_attributes(mut self, user_attributes: bool) -> Self {
        self.user_attributes = user_attributes;
        self
    }
}

type_names! {
    AiTaskEngine => "ai_task_engine",
    AiTaskBehavior => "ai_task_behavior",
    SendAiTaskAction => "send_ai_task_action",
}
