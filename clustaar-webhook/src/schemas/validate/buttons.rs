//! The rules of buttons, quick replies and what clicking them does.

use super::rules::{Length, Url, WORD};
use super::{enum_rules, model_rules};
use crate::schemas::{
    Button, DocumentAttachment, LegacyReplyToMessageAction, OpenUrlAction, OpenUrlButton,
    QuickReply, ShareAction,
};

model_rules! {
    DocumentAttachment => |attachment, c| {
        c.check("name", &attachment.name, (Length::between(1, 150), &WORD));
    },
    LegacyReplyToMessageAction => |action, c| {
        c.check("message", &action.message, Length::between(1, 1000));
        c.nested("attachments", &action.attachments);
    },
    OpenUrlAction => |action, c| {
        c.check("url", &action.url, (Length::between(1, 500), Url::ANY));
    },
    ShareAction,
    QuickReply => |reply, c| {
        c.check("title", &reply.title, Length::between(1, 60));
        c.nested("action", &reply.action);
    },
    Button => |button, c| {
        c.check("title", &button.title, Length::between(1, 20));
        c.nested("action", &button.action);
    },
    OpenUrlButton => |button, c| {
        c.check("title", &button.title, Length::between(1, 20));
        c.nested("action", &button.action);
    },
}

enum_rules! {
    ButtonAction + Unknown { GoTo, LegacyReplyToMessage, OpenUrl, Share, CustomerSatisfactionCallback }
}
