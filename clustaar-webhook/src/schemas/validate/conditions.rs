//! The rules of conditions, value getters and predicates.

use super::rules::{Length, OBJECT_ID, PythonRegexp, WORD};
use super::{enum_rules, model_rules};
use crate::schemas::{
    AttachmentValueGetter, ContainCondition, EqualsCondition, FlowConnectionPredicate,
    FlowConnectionTeamPredicate, FlowConnectionUserPredicate, IsGreaterThanCondition,
    IsGreaterThanOrEqualCondition, IsLessThanCondition, IsLessThanOrEqualCondition,
    IsLoggedCondition, IsNotLoggedCondition, IsNotSetCondition, IsNumberCondition,
    IsOfflineCondition, IsOnlineCondition, IsSetCondition, MatchIntentCondition,
    MatchIntentConditionIntent, MatchRegexpCondition, MessageGetter, SessionValueGetter,
    UserAttributeGetter,
};

model_rules! {
    MessageGetter,
    SessionValueGetter => |getter, c| {
        c.check("key", &getter.key, (Length::between(1, 100), &WORD));
    },
    AttachmentValueGetter => |getter, c| {
        c.check("key", &getter.key, (Length::between(1, 150), &WORD));
    },
    UserAttributeGetter => |getter, c| {
        c.check("key", &getter.key, (Length::between(1, 100), &WORD));
    },
    IsNotSetCondition,
    IsSetCondition,
    ContainCondition,
    EqualsCondition,
    MatchRegexpCondition => |condition, c| {
        c.check("pattern", &condition.regexp, PythonRegexp);
    },
    MatchIntentConditionIntent => |intent, c| {
        c.check("id", &intent.id, &OBJECT_ID);
    },
    MatchIntentCondition => |condition, c| {
        c.nested("intent", &condition.intent);
    },
    IsLessThanCondition,
    IsLessThanOrEqualCondition,
    IsGreaterThanCondition,
    IsGreaterThanOrEqualCondition,
    IsNumberCondition,
    IsOnlineCondition,
    IsOfflineCondition,
    IsLoggedCondition,
    IsNotLoggedCondition,
    FlowConnectionPredicate => |predicate, c| {
        c.nested("condition", &predicate.condition);
        c.nested("valueGetter", &predicate.value_getter);
    },
    FlowConnectionTeamPredicate => |predicate, c| {
        c.nested("condition", &predicate.condition);
    },
    FlowConnectionUserPredicate => |predicate, c| {
        c.nested("condition", &predicate.condition);
    },
}

enum_rules! {
    ValueGetter { Message, SessionValue, UserAttribute, AttachmentValue }
    Condition {
        IsNotSet, IsSet, Contains, Equals, MatchRegexp, MatchIntent, IsLessThan,
        IsLessThanOrEqual, IsGreaterThan, IsGreaterThanOrEqual, IsNumber,
    }
    TeamCondition { IsOnline, IsOffline }
    UserCondition { IsLogged, IsNotLogged }
    Predicate { Connection, Team, User }
}
