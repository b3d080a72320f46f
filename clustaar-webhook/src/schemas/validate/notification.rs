//! The rules of notifications, interlocutors, steps and responses.

use super::rules::{self, Length};
use super::{enum_rules, model_rules};
use crate::schemas::{
    ConversationSession, Coordinates, Interlocutor, Step, StepReached, StepReachedResponse,
    WebhookRequest,
};

model_rules! {
    Coordinates,
    Interlocutor => |interlocutor, c| {
        c.nested("location", &interlocutor.location);
        c.check("email", &interlocutor.email, Length::at_most(2000));
        c.check("firstName", &interlocutor.first_name, Length::at_most(2000));
        c.check("lastName", &interlocutor.last_name, Length::at_most(2000));
        c.check("phoneNumber", &interlocutor.phone_number, Length::at_most(2000));
        // The platform checks the map as one value, so every bad entry is reported at the
        // map's own path, naming its key.
        for violation in rules::string_map(&interlocutor.custom_attributes) {
            c.at("customAttributes", |c| c.report(violation));
        }
    },
    ConversationSession,
    Step => |step, c| {
        c.nested("actions", &step.actions);
    },
    StepReached => |event, c| {
        c.nested("interlocutor", &event.interlocutor);
        c.nested("session", &event.session);
        c.nested("step", &event.step);
        c.nested("input", &event.input);
    },
    StepReachedResponse => |response, c| {
        c.nested("actions", &response.actions);
        c.nested("session", &response.session);
        c.nested("interlocutor", &response.interlocutor);
    },
    WebhookRequest => |request, c| {
        c.nested("data", &request.event);
    },
}

enum_rules! {
    Event + Unknown { StepReached }
}
