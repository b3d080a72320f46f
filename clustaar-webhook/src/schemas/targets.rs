//! Where a go-to, a jump or a choice leads: a step, a story or an actions block.

use serde::{Deserialize, Serialize};

use crate::model;

use super::polymorphic::tagged_enum;
use super::tag::Tag;

/// A step of the bot, by its ObjectID (`step_target`).
///
/// ```
/// use clustaar_webhook::schemas::StepTarget;
///
/// let target = StepTarget::new("507f191e810c19729de860ea").name("Order status");
/// assert_eq!(
///     serde_json::to_string(&target).unwrap(),
///     r#"{"id":"507f191e810c19729de860ea","type":"step","name":"Order status"}"#
/// );
/// ```
#[model("step")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StepTarget {
    /// The step's ObjectID (24 letters or digits).
    #[field(rule = &OBJECT_ID)]
    #[serde(rename = "id")]
    pub step_id: String,
    #[serde(rename = "type", default)]
    type_tag: Tag<StepTarget>,
    /// The step's name, informative only.
    #[field(optional)]
    #[serde(default)]
    pub name: Option<String>,
}

impl StepTarget {
    /// A target on the step `step_id`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::StepTarget;
    ///
    /// let target = StepTarget::new("507f191e810c19729de860ea");
    /// assert_eq!(target.step_id, "507f191e810c19729de860ea");
    /// assert_eq!(target.name, None);
    /// ```
    pub fn new(step_id: impl Into<String>) -> Self {
        StepTarget {
            step_id: step_id.into(),
            ..Default::default()
        }
    }

    /// Sets the step's name.
    ///
    /// ```
    /// use clustaar_webhook::schemas::StepTarget;
    ///
    /// let target = StepTarget::new("507f191e810c19729de860ea").name("Welcome");
    /// assert_eq!(target.name.as_deref(), Some("Welcome"));
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// A story of the bot, by its ObjectID (`story_target`).
///
/// ```
/// use clustaar_webhook::schemas::StoryTarget;
///
/// let target = StoryTarget::new("507f191e810c19729de860ea");
/// assert_eq!(target.story_id, "507f191e810c19729de860ea");
/// ```
#[model("story")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StoryTarget {
    /// The story's ObjectID (24 letters or digits).
    #[field(rule = &OBJECT_ID)]
    #[serde(rename = "id")]
    pub story_id: String,
    #[serde(rename = "type", default)]
    type_tag: Tag<StoryTarget>,
    /// The story's name, informative only.
    #[field(optional)]
    #[serde(default)]
    pub name: Option<String>,
}

impl StoryTarget {
    /// A target on the story `story_id`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::StoryTarget;
    ///
    /// let target = StoryTarget::new("507f191e810c19729de860ea");
    /// assert_eq!(
    ///     serde_json::to_string(&target).unwrap(),
    ///     r#"{"id":"507f191e810c19729de860ea","type":"story","name":null}"#
    /// );
    /// ```
    pub fn new(story_id: impl Into<String>) -> Self {
        StoryTarget {
            story_id: story_id.into(),
            ..Default::default()
        }
    }

    /// Sets the story's name.
    ///
    /// ```
    /// use clustaar_webhook::schemas::StoryTarget;
    ///
    /// let target = StoryTarget::new("507f191e810c19729de860ea").name("Onboarding");
    /// assert_eq!(target.name.as_deref(), Some("Onboarding"));
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// A block of actions, by its ObjectID (`actions_block_target`).
///
/// The reference declares this model but never registers it, so it cannot read it; we can.
///
/// ```
/// use clustaar_webhook::schemas::ActionsBlockTarget;
///
/// let target = ActionsBlockTarget::new("507f191e810c19729de860ea");
/// assert_eq!(target.actions_block_id, "507f191e810c19729de860ea");
/// ```
#[model("actions_block")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ActionsBlockTarget {
    /// The block's ObjectID (24 letters or digits).
    #[field(rule = &OBJECT_ID)]
    #[serde(rename = "id")]
    pub actions_block_id: String,
    #[serde(rename = "type", default)]
    type_tag: Tag<ActionsBlockTarget>,
    /// The block's name, informative only.
    #[field(optional)]
    #[serde(default)]
    pub name: Option<String>,
}

impl ActionsBlockTarget {
    /// A target on the actions block `actions_block_id`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ActionsBlockTarget;
    ///
    /// let target = ActionsBlockTarget::new("507f191e810c19729de860ea");
    /// assert_eq!(
    ///     serde_json::to_string(&target).unwrap(),
    ///     r#"{"id":"507f191e810c19729de860ea","type":"actions_block","name":null}"#
    /// );
    /// ```
    pub fn new(actions_block_id: impl Into<String>) -> Self {
        ActionsBlockTarget {
            actions_block_id: actions_block_id.into(),
            ..Default::default()
        }
    }

    /// Sets the block's name.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{ActionsBlockTarget, Target};
    ///
    /// let target = ActionsBlockTarget::new("507f191e810c19729de860ea").name("Greetings");
    /// assert_eq!(target.name.as_deref(), Some("Greetings"));
    /// assert_eq!(Target::from(target).type_name(), "actions_block");
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

tagged_enum! {
    /// Where an action leads, picked by `type`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{StepTarget, Target};
    ///
    /// let target: Target = StepTarget::new("507f191e810c19729de860ea").into();
    /// assert_eq!(target.type_name(), "step");
    /// ```
    pub enum Target {
        "step" => Step(StepTarget),
        "story" => Story(StoryTarget),
        "actions_block" => ActionsBlock(ActionsBlockTarget),
    }
    type_name: StoryTarget::new("507f191e810c19729de860eb") => "story"
}
