//! The rules of the flow: go-to actions, connections, jumps.

use super::model_rules;
use super::rules::{Length, OneOf};
use crate::schemas::{
    CustomerSatisfactionCallbackAction, FlowConnection, GoToAction, JumpToAction,
};

/// The kinds of a customer satisfaction answer.
pub(super) const SATISFACTION_KINDS: OneOf = OneOf(&["negative", "neutral", "positive"]);

model_rules! {
    FlowConnection => |connection, c| {
        c.nested("target", &connection.target);
        c.list("predicates", &connection.predicates, Length::between(1, 10));
    },
    GoToAction => |action, c| {
        c.nested("target", &action.target);
    },
    CustomerSatisfactionCallbackAction => |action, c| {
        c.nested("target", &action.target);
        c.check("kind", &action.kind, SATISFACTION_KINDS);
    },
    JumpToAction => |action, c| {
        c.list("connections", &action.connections, Length::between(0, 10));
        c.nested("defaultTarget", &action.default_target);
    },
}
