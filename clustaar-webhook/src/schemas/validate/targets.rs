//! The rules of targets.

use super::rules::OBJECT_ID;
use super::{enum_rules, model_rules};
use crate::schemas::{ActionsBlockTarget, StepTarget, StoryTarget};

model_rules! {
    StepTarget => |target, c| {
        c.check("id", &target.step_id, &OBJECT_ID);
    },
    StoryTarget => |target, c| {
        c.check("id", &target.story_id, &OBJECT_ID);
    },
    ActionsBlockTarget => |target, c| {
        c.check("id", &target.actions_block_id, &OBJECT_ID);
    },
}

enum_rules! {
    Target { Step, Story, ActionsBlock }
}
