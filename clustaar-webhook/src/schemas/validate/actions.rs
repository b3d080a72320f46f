//! The rules of the actions of a step, and of the models only actions hold.

use super::flow::SATISFACTION_KINDS;
use super::rules::{
    DIGITS, Length, NOT_CLUSTAAR_ADDRESS, OneOf, OrEmpty, Range, USER_ATTRIBUTE_KEY, Url,
    Violation, WORD,
};
use super::{enum_rules, model_rules};
use crate::schemas::{
    AiTaskBehavior, AiTaskEngine, AskDocumentAction, AskLocationAction, AskedDocument,
    AssignIntercomConversationAction, Choice, CloseIadvizeConversationAction,
    CloseIntercomConversationAction, CreateUserRequestAction, CreateZendeskTicketAction,
    CustomerSatisfactionAction, CustomerSatisfactionChoice, GoogleCustomSearchAction,
    IadvizeDistributionRule, PauseBotAction, Section, SendAiTaskAction, SendChoicesListAction,
    SendEmailAction, SendImageAction, SendJsEventAction, SendQuickRepliesAction, SendTextAction,
    SendWebhookRequestAction, SetUserAttributeAction, StoreSessionValueAction,
    TransferIadvizeConversationAction, ValidationErrorKind, WaitAction, WebhookRequestField,
    ZendeskUser,
};

// Messages.
model_rules! {
    PauseBotAction,
    WaitAction => |action, c| {
        c.check("duration", &action.duration, Range::between(0.5, 7.0));
    },
    SendEmailAction => |action, c| {
        c.check("fromEmail", &action.from_email, (Length::at_most(150), &NOT_CLUSTAAR_ADDRESS));
        c.check("fromName", &action.from_name, Length::at_most(50));
        c.check("recipient", &action.recipient, Length::at_most(150));
        c.check("subject", &action.subject, Length::at_most(150));
        c.check("content", &action.content, Length::at_most(1500));
        c.check("replyToEmail", &action.reply_to_email, Length::at_most(150));
        c.check("replyToName", &action.reply_to_name, Length::at_most(50));
    },
    SendTextAction => |action, c| {
        c.check("alternatives", &action.alternatives, Length::between(1, 10));
        c.check("text", &action.text, Length::between(1, 1000));
    },
    SendJsEventAction => |action, c| {
        c.check("event", &action.event, Length::between(1, 200));
    },
    SendImageAction => |action, c| {
        c.check("alt", &action.alt, Length::at_most(500));
        c.check("imageURL", &action.image_url, (Length::at_most(500), Url::HTTP));
    },
    SendQuickRepliesAction => |action, c| {
        c.check("message", &action.message, Length::between(1, 1000));
        c.list("buttons", &action.buttons, Length::between(1, 11));
    },
}

// Session values and user attributes.
model_rules! {
    StoreSessionValueAction => |action, c| {
        c.check("key", &action.key, (Length::between(1, 100), &WORD));
        c.check("value", &action.value, Length::between(1, 200));
    },
    SetUserAttributeAction => |action, c| {
        c.check("key", &action.key, (Length::between(1, 100), &USER_ATTRIBUTE_KEY));
        c.check("value", &action.value, Length::between(1, 2000));
    },
}

// Integrations.
model_rules! {
    CloseIntercomConversationAction,
    AssignIntercomConversationAction => |action, c| {
        c.check("assigneeID", &action.assignee_id, (Length::at_most(100), &DIGITS));
    },
    GoogleCustomSearchAction => |action, c| {
        c.check("query", &action.query, Length::between(1, 2048));
        c.check("customEngineID", &action.custom_engine_id, Length::at_least(1));
        c.check("limit", &action.limit, Range::between(1.0, 10.0));
    },
    WebhookRequestField => |field, c| {
        c.check("key", &field.key, (Length::between(1, 100), &WORD));
        c.check("value", &field.value, Length::between(1, 2048));
    },
    SendWebhookRequestAction => |action, c| {
        c.check("url", &action.url, Length::between(1, 500));
        c.check("description", &action.description, Length::between(0, 500));
        c.check("service", &action.service, OneOf(&["custom", "zapier"]));
        c.list("fields", &action.fields, Length::at_most(100));
    },
    ZendeskUser => |user, c| {
        c.check("email", &user.email, Length::at_most(100));
        c.check("name", &user.name, Length::at_most(100));
    },
    CreateZendeskTicketAction => |action, c| {
        c.nested("user", &action.user);
        c.check("ticketType", &action.ticket_type, OrEmpty(OneOf(&["incident", "problem", "question", "task"])));
        c.check("ticketPriority", &action.ticket_priority, OrEmpty(OneOf(&["high", "low", "normal", "urgent"])));
        c.check("subject", &action.subject, Length::at_most(100));
        c.check("description", &action.description, Length::between(1, 1500));
        c.check("tags", &action.tags, Length::at_most(10));
        c.check("groupID", &action.group_id, (Length::at_most(24), &DIGITS));
        c.check("assigneeID", &action.assignee_id, (Length::at_most(24), &DIGITS));
    },
    CreateUserRequestAction => |action, c| {
        c.check("message", &action.message, Length::between(1, 1000));
    },
    CloseIadvizeConversationAction,
    IadvizeDistributionRule,
    TransferIadvizeConversationAction => |action, c| {
        c.nested("distribution_rule", &action.distribution_rule);
    },
}

// Forms: questions to the user.
model_rules! {
    AskLocationAction => |action, c| {
        c.check("message", &action.message, Length::between(1, 1000));
        c.nested("action", &action.callback_action);
    },
    CustomerSatisfactionChoice => |choice, c| {
        c.nested("target", &choice.target);
        c.check("kind", &choice.kind, SATISFACTION_KINDS);
        c.check("label", &choice.label, Length::between(0, 60));
        c.nested("matchingIntent", &choice.matching_intent);
    },
    CustomerSatisfactionAction => |action, c| {
        c.check("message", &action.message, Length::between(1, 1000));
        c.list("choices", &action.choices, Length::between(2, 3));
    },
    AskedDocument => |document, c| {
        c.check("message", &document.message, Length::between(0, 300));
        c.check("name", &document.name, Length::between(1, 150));
    },
    AskDocumentAction => |action, c| {
        c.check("message", &action.message, Length::between(0, 300));
        c.list("documents", &action.documents, Length::between(1, 20));
    },
    Choice => |choice, c| {
        c.check("imageUrl", &choice.image_url, (Length::between(1, 500), Url::ANY));
        c.check("title", &choice.title, Length::between(1, 500));
    },
    Section => |section, c| {
        c.check("title", &section.title, Length::between(0, 500));
        c.list("choices", &section.choices, Length::between(1, 100));
    },
    SendChoicesListAction => |action, c| {
        c.check("message", &action.message, Length::between(1, 500));
        c.check("placeholder", &action.placeholder, Length::between(1, 45));
        c.list("sections", &action.sections, Length::between(1, 50));
        c.nested("action", &action.action);
        // The schema's own rule, checked after its keys: sections must be told apart by their
        // titles when there are several.
        if action.sections.len() > 1 {
            for (index, section) in action.sections.iter().enumerate() {
                if section.title.as_deref().is_none_or(str::is_empty) {
                    let violation = Violation::new(
                        ValidationErrorKind::Custom,
                        "every section needs a title when there are several",
                    );
                    c.at("sections", |c| c.at(index, |c| c.at("title", |c| c.report(violation))));
                }
            }
        }
    },
}

// AI tasks.
model_rules! {
    AiTaskEngine,
    AiTaskBehavior => |behavior, c| {
        c.list("connections", &behavior.connections, Length::between(0, 10));
    },
    SendAiTaskAction => |action, c| {
        c.nested("engine", &action.engine);
        c.nested("behaviors", &action.behaviors);
        c.nested("defaultTarget", &action.default_target);
        c.nested("selectTarget", &action.select_target);
    },
}

enum_rules! {
    Action + Unknown {
        PauseBot, Wait, SendEmail, SendText, SendJsEvent, SendImage, CloseIntercomConversation,
        AssignIntercomConversation, SendCards, SendSimpleCards, SendQuickReplies,
        StoreSessionValue, SetUserAttribute, AskLocation, GoogleCustomSearch,
        CreateZendeskTicket, JumpTo, CustomerSatisfaction, SendWebhookRequest,
        CreateUserRequest, TransferIadvizeConversation, CloseIadvizeConversation, AskDocument,
        Choice, Section, SendChoicesList, SendAiTask,
    }
}
