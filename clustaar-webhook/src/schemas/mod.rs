//! Typed models of everything the platform sends and accepts, one type per schema of the
//! reference `clustaar.schemas`, named after the reference's model.
//!
//! Models write their JSON exactly as the reference does: keys in camelCase as the reference
//! spells them, in the reference's order, the `type` constant always written, and a missing
//! optional value written as `null` (except the few keys the reference drops).
//!
//! Polymorphic values ([`Action`], [`ButtonAction`], [`Input`], [`Attachment`], [`Event`]…) are
//! enums picked by the `type` key; every model converts into its enums with `From`/`Into`.
//!
//! Every model checks the platform's rules on its values with [`Validate`], which reports every
//! violation with its path; [`from_json`] reads a model and checks it.
//!
//! ## Load processors
//!
//! Reading a model cleans some of its strings, as the platform's schema library does when it
//! loads a document ([`processors`]: strip, then NFKC, then HTML sanitizing); writing a model
//! never changes them. The fields, by what is applied:
//! - **stripped**: `send_js_event_action.event`, `assign_intercom_conversation_action`,
//!   `create_zendesk_ticket_action` and `create_user_request_action`'s `assigneeID`,
//!   `create_user_request_action.groupID`, `card.imageURL`, `card.url`, `simple_card.imageURL`,
//!   `google_custom_search_action.customEngineID`, `send_webhook_request_action.url`,
//!   `url_loaded_event.url`;
//! - **sanitized**: `legacy_reply_to_message_action.message`, `ask_location_action.message`, the
//!   interlocutor's `email`;
//! - **stripped and sanitized**: `open_url_action.url`, `send_image_action.imageURL`,
//!   `send_email_action`'s `fromEmail` and `replyToEmail`, `zendesk_user.email`,
//!   `choice.imageUrl`;
//! - **normalized and sanitized**: `send_text_action.alternatives` (each item) and `.text`,
//!   `send_email_action`'s `subject` and `content`, the `title` of `quick_reply`, `button`,
//!   `open_url_button`, `card`, `simple_card`, `choice` and `section`, the `subtitle` of `card`
//!   and `simple_card`, the `message` of `send_quick_replies_action`,
//!   `customer_satisfaction_action` and `send_choices_list_action`,
//!   `send_choices_list_action.placeholder`, `customer_satisfaction_choice.label`, the `value`
//!   of `store_session_value_action` and `set_user_attribute_action`,
//!   `create_zendesk_ticket_action`'s `subject` and `description`, the `text` of an incoming
//!   message or reply, the interlocutor's `firstName`, `lastName` and `phoneNumber`;
//! - **stripped, normalized and sanitized**: `send_email_action`'s `fromName`, `recipient` and
//!   `replyToName`, `zendesk_user.name`, `create_user_request_action.message`.
//!
//! So a visitor named `<script>x</script>` reaches a typed handler as
//! `&lt;script&gt;x&lt;/script&gt;`. To read the strings exactly as sent, take
//! [`Raw`](crate::extract::Raw)`<StepReached>` in a handler, or deserialize inside
//! [`processors::unprocessed`].
//!
//! ```
//! use clustaar_webhook::schemas::{GoToAction, QuickReply, SendQuickRepliesAction, StepReachedResponse};
//!
//! let response = StepReachedResponse::new().action(SendQuickRepliesAction::new(
//!     "Shall we go on?",
//!     [QuickReply::new("Yes", GoToAction::step("507f191e810c19729de860ea"))],
//! ));
//! let json = serde_json::to_value(&response).unwrap();
//! assert_eq!(json["actions"][0]["buttons"][0]["action"]["target"]["type"], "step");
//! ```
#![warn(missing_docs)]

mod actions;
mod buttons;
mod cards;
mod conditions;
pub(crate) mod error_path;
mod flow;
mod inputs;
mod notification;
mod numbers;
pub(crate) mod polymorphic;
pub mod processors;
mod response;
mod session;
mod tag;
mod targets;
mod validate;

pub use actions::*;
pub use buttons::{
    Button, ButtonAction, DocumentAttachment, LegacyReplyToMessageAction, OpenUrlAction,
    OpenUrlButton, QuickReply, ShareAction,
};
pub use cards::{Card, SendCardsAction, SendSimpleCardsAction, SimpleCard};
pub use conditions::{
    AttachmentValueGetter, Condition, ContainCondition, EqualsCondition, FlowConnectionPredicate,
    FlowConnectionTeamPredicate, FlowConnectionUserPredicate, IsGreaterThanCondition,
    IsGreaterThanOrEqualCondition, IsLessThanCondition, IsLessThanOrEqualCondition,
    IsLoggedCondition, IsNotLoggedCondition, IsNotSetCondition, IsNumberCondition,
    IsOfflineCondition, IsOnlineCondition, IsSetCondition, MatchIntentCondition,
    MatchIntentConditionIntent, MatchRegexpCondition, MessageGetter, Predicate, SessionValueGetter,
    TeamCondition, UserAttributeGetter, UserCondition, ValueGetter,
};
pub use flow::{CustomerSatisfactionCallbackAction, FlowConnection, GoToAction, JumpToAction};
pub use inputs::{
    Attachment, Audio, CustomEvent, File, Image, IncomingMessage, Input, NoAttachments,
    ReplyToActionToMessage, UrlLoadedEvent, Video,
};
pub use notification::{Coordinates, Event, Interlocutor, Step, StepReached, WebhookRequest};
pub use polymorphic::UnknownObject;
pub use response::StepReachedResponse;
pub use session::{ConversationSession, SessionError};
pub use tag::{Tag, TypeName};
pub use targets::{ActionsBlockTarget, StepTarget, StoryTarget, Target};
pub use validate::{
    JsonInput, Validate, ValidationError, ValidationErrorKind, ValidationErrors, from_json,
};
