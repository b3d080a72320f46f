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
//! violation with its path; [`from_json`] checks a document as the platform does (before the
//! load processors run), then reads it.
//!
//! Each model is declared once: its struct, whose fields carry their JSON key, presence, default,
//! load processors and rule. The docs of each model show them in a table of fields.
//!
//! ## Load processors
//!
//! Reading a model cleans some of its strings, as the platform's schema library does when it
//! loads a document ([`processors`]: strip, then NFKC, then HTML sanitizing); writing a model
//! never changes them. Which field gets which is in the table of fields of each model's docs
//! (its "load processors" column): addresses and identifiers are stripped, texts shown to the
//! user are normalized and sanitized.
//!
//! So a visitor named `<script>x</script>` reaches a typed handler as
//! `&lt;script&gt;x&lt;/script&gt;`. To read the strings exactly as sent, take
//! [`Raw`](crate::extract::Raw)`<StepReached>` in a handler, or deserialize an
//! [`AsSent`]`<T>`.
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
pub(crate) mod as_sent;
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
pub(crate) mod validate;

pub use actions::*;
pub use as_sent::{AsSent, ReadAsSent};
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
