//! The rules of inputs and attachments: none of their own.

use super::{enum_rules, model_rules};
use crate::schemas::{
    Audio, CustomEvent, File, Image, IncomingMessage, ReplyToActionToMessage, UrlLoadedEvent, Video,
};

model_rules! {
    UrlLoadedEvent,
    CustomEvent,
    File,
    Video,
    Image,
    Audio,
    IncomingMessage => |message, c| {
        c.nested("attachments", &message.attachments);
    },
    // Its `type` (`message`) and empty `attachments` are constants the model does not keep.
    ReplyToActionToMessage,
}

enum_rules! {
    Attachment + Unknown { File, Audio, Video, Image }
    Input + Unknown { Message, LegacyReplyToMessage, UrlLoaded, GoTo, Custom }
}
