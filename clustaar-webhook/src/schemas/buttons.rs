//! Buttons and quick replies, and the actions a click triggers.
//!
//! ```
//! use clustaar_webhook::schemas::{Button, ButtonAction, GoToAction, ShareAction};
//!
//! let button = Button::new("Share", ShareAction::new());
//! assert!(matches!(button.action, ButtonAction::Share(_)));
//! let next = Button::new("Next", GoToAction::story("507f191e810c19729de860ea"));
//! assert_eq!(next.action.type_name(), "go_to_action");
//! ```

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use crate::model;
use crate::schemas::as_sent::{ReadAsSent, as_sent, read_and_load};

use super::flow::{CustomerSatisfactionCallbackAction, GoToAction};
use super::polymorphic::tagged_enum;
use super::tag::Tag;

/// Opens the platform's share dialog (`share_action`).
///
/// ```
/// use clustaar_webhook::schemas::{QuickReply, ShareAction};
///
/// let share = QuickReply::new("Tell a friend", ShareAction::new());
/// let json = serde_json::to_value(&share).unwrap();
/// assert_eq!(json["action"], serde_json::json!({"type": "share_action"}));
/// ```
#[model("share_action")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShareAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<ShareAction>,
}

impl ShareAction {
    /// A `share_action` object.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ShareAction;
    ///
    /// let model = ShareAction::new();
    /// assert_eq!(
    ///     serde_json::to_string(&model).unwrap(),
    ///     r#"{"type":"share_action"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        ShareAction {
            type_tag: Tag::new(),
        }
    }
}

/// Opens a web page (`open_url_action`).
///
/// ```
/// use clustaar_webhook::schemas::OpenUrlAction;
///
/// let action = OpenUrlAction::new("https://example.com/");
/// assert_eq!(
///     serde_json::to_string(&action).unwrap(),
///     r#"{"type":"open_url_action","url":"https://example.com/"}"#
/// );
/// ```
#[model("open_url_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OpenUrlAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<OpenUrlAction>,
    /// The page to open.
    #[field(rule = (Length::between(1, 500), Url::ANY), load(strip, sanitize))]
    pub url: String,
}

impl OpenUrlAction {
    /// Opens `url`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::OpenUrlAction;
    ///
    /// let action = OpenUrlAction::new("https://example.com/help");
    /// assert_eq!(action.url, "https://example.com/help");
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        OpenUrlAction {
            type_tag: Tag::new(),
            url: url.into(),
        }
    }
}

/// A file joined to a legacy reply (`document_attachment`).
///
/// ```
/// use clustaar_webhook::schemas::DocumentAttachment;
///
/// let invoice = DocumentAttachment::new("invoice.pdf", "https://example.com/invoice.pdf");
/// assert_eq!(
///     serde_json::to_string(&invoice).unwrap(),
///     r#"{"name":"invoice.pdf","url":"https://example.com/invoice.pdf"}"#
/// );
/// ```
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocumentAttachment {
    /// The document's name.
    #[field(rule = (Length::between(1, 150), &WORD))]
    pub name: String,
    /// Where the document is.
    pub url: String,
}

impl DocumentAttachment {
    /// The document `name` found at `url`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::DocumentAttachment;
    ///
    /// let terms = DocumentAttachment::new("terms", "https://example.com/terms.pdf");
    /// assert_eq!(terms.name, "terms");
    /// assert_eq!(terms.url, "https://example.com/terms.pdf");
    /// ```
    pub fn new(name: impl Into<String>, url: impl Into<String>) -> Self {
        DocumentAttachment {
            name: name.into(),
            url: url.into(),
        }
    }
}

/// Replies as if the user had typed `message` (`legacy_reply_to_message_action`).
///
/// On input the text may also be given under the key `text`, as the platform does for
/// inputs; it is always written as `message`.
///
/// ```
/// use clustaar_webhook::schemas::{DocumentAttachment, LegacyReplyToMessageAction};
///
/// let reply = LegacyReplyToMessageAction::new("yes");
/// assert_eq!(
///     serde_json::to_string(&reply).unwrap(),
///     r#"{"type":"legacy_reply_to_message_action","message":"yes"}"#
/// );
/// let reply = reply.attachment(DocumentAttachment::new("invoice", "https://example.com/i.pdf"));
/// assert_eq!(reply.attachments.unwrap().len(), 1);
///
/// let json = r#"{"type":"legacy_reply_to_message_action","text":"no"}"#;
/// let read: LegacyReplyToMessageAction = serde_json::from_str(json).unwrap();
/// assert_eq!(read.message, "no");
/// ```
#[model("legacy_reply_to_message_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct LegacyReplyToMessageAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<LegacyReplyToMessageAction>,
    /// The text of the reply (read from `message`, else from `text`).
    #[field(rule = Length::between(1, 1000), load(sanitize))]
    pub message: String,
    /// Documents joined to the reply; left out of the JSON when `None`.
    #[field(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<DocumentAttachment>>,
}

/// What a legacy reply reads: the text under `message` or, failing that, `text`.
#[derive(Deserialize)]
struct RawLegacyReply {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default, deserialize_with = "as_sent")]
    attachments: Option<Vec<DocumentAttachment>>,
}

/// Read as sent from `message` or `text`; cleaned like any model once read.
impl ReadAsSent for LegacyReplyToMessageAction {
    fn read_as_sent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawLegacyReply::deserialize(deserializer)?;
        Ok(LegacyReplyToMessageAction {
            type_tag: Tag::new(),
            message: raw
                .message
                .or(raw.text)
                .ok_or_else(|| D::Error::missing_field("message"))?,
            attachments: raw.attachments,
        })
    }
}

impl<'de> Deserialize<'de> for LegacyReplyToMessageAction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_and_load(deserializer)
    }
}

impl LegacyReplyToMessageAction {
    /// A reply with the text `message`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::LegacyReplyToMessageAction;
    ///
    /// let reply = LegacyReplyToMessageAction::new("I want a refund");
    /// assert_eq!(reply.message, "I want a refund");
    /// assert_eq!(reply.attachments, None);
    /// ```
    pub fn new(message: impl Into<String>) -> Self {
        LegacyReplyToMessageAction {
            message: message.into(),
            ..Default::default()
        }
    }

    /// Joins a document to the reply.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{DocumentAttachment, LegacyReplyToMessageAction};
    ///
    /// let reply = LegacyReplyToMessageAction::new("Here it is")
    ///     .attachment(DocumentAttachment::new("receipt", "https://example.com/r.pdf"));
    /// let json = serde_json::to_value(&reply).unwrap();
    /// assert_eq!(json["attachments"][0]["name"], "receipt");
    /// ```
    pub fn attachment(mut self, attachment: DocumentAttachment) -> Self {
        self.attachments
            .get_or_insert_with(Vec::new)
            .push(attachment);
        self
    }
}

tagged_enum! {
    /// What clicking a [`Button`] or a [`QuickReply`] does, picked by `type`.
    ///
    /// An action type this crate does not know is kept as [`ButtonAction::Unknown`].
    ///
    /// ```
    /// use clustaar_webhook::schemas::{ButtonAction, OpenUrlAction};
    ///
    /// let action: ButtonAction = OpenUrlAction::new("https://example.com/").into();
    /// assert_eq!(action.type_name(), "open_url_action");
    /// let read: ButtonAction = serde_json::from_str(r#"{"type":"share_action"}"#).unwrap();
    /// assert!(matches!(read, ButtonAction::Share(_)));
    /// ```
    pub enum ButtonAction (keeps unknown) {
        "go_to_action" => GoTo(GoToAction),
        "legacy_reply_to_message_action" => LegacyReplyToMessage(LegacyReplyToMessageAction),
        "open_url_action" => OpenUrl(OpenUrlAction),
        "share_action" => Share(ShareAction),
        "customer_satisfaction_callback_action" => CustomerSatisfactionCallback(CustomerSatisfactionCallbackAction),
    }
}

/// A suggested answer shown under a message (`quick_reply`).
///
/// ```
/// use clustaar_webhook::schemas::{GoToAction, QuickReply};
///
/// let reply = QuickReply::new("Yes", GoToAction::step("507f191e810c19729de860eb"));
/// assert_eq!(
///     serde_json::to_string(&reply).unwrap(),
///     r#"{"title":"Yes","action":{"type":"go_to_action","target":{"id":"507f191e810c19729de860eb","type":"step","name":null},"sessionValues":null},"type":"quick_reply"}"#
/// );
/// ```
#[model("quick_reply")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuickReply {
    /// The text of the reply.
    #[field(rule = Length::between(1, 60), load(normalize, sanitize))]
    pub title: String,
    /// What choosing the reply does.
    pub action: ButtonAction,
    #[field(optional)]
    #[serde(rename = "type", default)]
    type_tag: Tag<QuickReply>,
}

impl QuickReply {
    /// A reply titled `title` that does `action`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{QuickReply, ShareAction};
    ///
    /// let reply = QuickReply::new("Tell a friend", ShareAction::new());
    /// assert_eq!(reply.title, "Tell a friend");
    /// assert_eq!(reply.action.type_name(), "share_action");
    /// ```
    pub fn new(title: impl Into<String>, action: impl Into<ButtonAction>) -> Self {
        QuickReply {
            title: title.into(),
            action: action.into(),
            type_tag: Tag::new(),
        }
    }
}

/// A button of a card (`button`).
///
/// ```
/// use clustaar_webhook::schemas::{Button, OpenUrlAction};
///
/// let button = Button::new("Visit", OpenUrlAction::new("https://example.com/"));
/// assert_eq!(
///     serde_json::to_string(&button).unwrap(),
///     concat!(
///         r#"{"type":"button","title":"Visit","#,
///         r#""action":{"type":"open_url_action","url":"https://example.com/"}}"#
///     )
/// );
/// ```
#[model("button")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    #[serde(rename = "type", default)]
    type_tag: Tag<Button>,
    /// The button's label.
    #[field(rule = Length::between(1, 20), load(normalize, sanitize))]
    pub title: String,
    /// What clicking the button does.
    pub action: ButtonAction,
}

impl Button {
    /// A button labelled `title` that does `action`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Button, GoToAction};
    ///
    /// let button = Button::new("Next", GoToAction::step("507f191e810c19729de860ea"));
    /// assert_eq!(button.title, "Next");
    /// assert_eq!(button.action.type_name(), "go_to_action");
    /// ```
    pub fn new(title: impl Into<String>, action: impl Into<ButtonAction>) -> Self {
        Button {
            type_tag: Tag::new(),
            title: title.into(),
            action: action.into(),
        }
    }
}

/// A button of a simple card, which can only open a page (`open_url_button`).
///
/// ```
/// use clustaar_webhook::schemas::OpenUrlButton;
///
/// let button = OpenUrlButton::new("Docs", "https://example.com/docs");
/// assert_eq!(button.action.url, "https://example.com/docs");
/// ```
#[model("open_url_button")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OpenUrlButton {
    #[serde(rename = "type", default)]
    type_tag: Tag<OpenUrlButton>,
    /// The button's label.
    #[field(rule = Length::between(1, 20), load(normalize, sanitize))]
    pub title: String,
    /// The page the button opens.
    pub action: OpenUrlAction,
}

impl OpenUrlButton {
    /// A button labelled `title` opening `url`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::OpenUrlButton;
    ///
    /// let button = OpenUrlButton::new("Pricing", "https://example.com/pricing");
    /// assert_eq!(button.title, "Pricing");
    /// assert_eq!(button.action.url, "https://example.com/pricing");
    /// ```
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> Self {
        OpenUrlButton {
            type_tag: Tag::new(),
            title: title.into(),
            action: OpenUrlAction::new(url),
        }
    }
}
