//! What the user did to reach a step: a message (with attachments), a button click, a page
//! load, a custom event.
//!
//! ```
//! use clustaar_webhook::schemas::{Attachment, Input};
//!
//! let json = r#"{"type":"message","text":"Here it is","attachments":[{"type":"image","url":"https://example.com/a.png"}]}"#;
//! let input: Input = serde_json::from_str(json).unwrap();
//! assert_eq!(input.text(), Some("Here it is"));
//! let Input::Message(message) = &input else { panic!("expected a message") };
//! assert!(matches!(&message.attachments[0], Attachment::Image(image) if image.url.ends_with("a.png")));
//! assert_eq!(serde_json::to_string(&input).unwrap(), json);
//! ```

use serde::de::IgnoredAny;
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::schemas::processors;

use super::buttons::LegacyReplyToMessageAction;
use super::flow::GoToAction;
use super::polymorphic::tagged_enum;
use super::tag::{Tag, one_string_models, type_names};

one_string_models! {
    url: "Where the file is.";
    /// A file sent by the user (`file`).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Attachment, File};
    ///
    /// let file: Attachment = File::new("https://example.com/a.pdf").into();
    /// assert_eq!(serde_json::to_string(&file).unwrap(), r#"{"type":"file","url":"https://example.com/a.pdf"}"#);
    /// ```
    File => "file",
    /// A video sent by the user (`video`).
    Video => "video",
    /// A picture sent by the user (`image`).
    Image => "image",
    /// A sound sent by the user (`audio`).
    Audio => "audio",
}

tagged_enum! {
    /// A file joined to an [`IncomingMessage`], picked by `type`.
    ///
    /// An attachment type this crate does not know is kept as [`Attachment::Unknown`].
    pub enum Attachment (keeps unknown) {
        "file" => File(File),
        "audio" => Audio(Audio),
        "video" => Video(Video),
        "image" => Image(Image),
    }
}

impl Attachment {
    /// Where the file is, for the known attachment types and for unknown ones that have a
    /// string `url`.
    pub fn url(&self) -> Option<&str> {
        match self {
            Attachment::File(file) => Some(&file.url),
            Attachment::Audio(audio) => Some(&audio.url),
            Attachment::Video(video) => Some(&video.url),
            Attachment::Image(image) => Some(&image.url),
            Attachment::Unknown(raw) => raw.as_map().get("url").and_then(|url| url.as_str()),
        }
    }
}

/// A message typed by the user (`incoming_message`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IncomingMessage {
    #[serde(rename = "type", default)]
    type_tag: Tag<IncomingMessage>,
    /// The message's text.
    #[serde(deserialize_with = "processors::load::text")]
    pub text: String,
    /// Files sent with the message.
    pub attachments: Vec<Attachment>,
}

impl IncomingMessage {
    /// A message saying `text`, without attachments.
    pub fn new(text: impl Into<String>) -> Self {
        IncomingMessage {
            text: text.into(),
            ..Default::default()
        }
    }

    /// Joins an attachment.
    pub fn attachment(mut self, attachment: impl Into<Attachment>) -> Self {
        self.attachments.push(attachment.into());
        self
    }
}

/// The constant empty list of [`ReplyToActionToMessage::attachments`]: written as `[]`,
/// reads anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoAttachments;

impl Serialize for NoAttachments {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_seq(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for NoAttachments {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer)?;
        Ok(NoAttachments)
    }
}

/// A button click seen as a message: its `type` is `message` and it never has attachments
/// (`reply_to_action_to_message`).
///
/// ```
/// use clustaar_webhook::schemas::ReplyToActionToMessage;
///
/// let reply = ReplyToActionToMessage::new("yes");
/// assert_eq!(
///     serde_json::to_string(&reply).unwrap(),
///     r#"{"type":"message","attachments":[],"text":"yes"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplyToActionToMessage {
    #[serde(rename = "type", default)]
    type_tag: Tag<ReplyToActionToMessage>,
    /// Always empty.
    #[serde(default)]
    pub attachments: NoAttachments,
    /// The text of the reply.
    #[serde(rename = "text", deserialize_with = "processors::load::text")]
    pub message: String,
}

impl ReplyToActionToMessage {
    /// A reply saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        ReplyToActionToMessage {
            message: message.into(),
            ..Default::default()
        }
    }
}

/// The user loaded a page holding the web widget (`url_loaded_event`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UrlLoadedEvent {
    /// The page's address.
    #[serde(deserialize_with = "processors::load::strip")]
    pub url: String,
    #[serde(rename = "type", default)]
    type_tag: Tag<UrlLoadedEvent>,
}

impl UrlLoadedEvent {
    /// The page `url` was loaded.
    pub fn new(url: impl Into<String>) -> Self {
        UrlLoadedEvent {
            url: url.into(),
            type_tag: Tag::new(),
        }
    }
}

/// An event sent by the site embedding the web widget (`custom_event`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomEvent {
    #[serde(rename = "type", default)]
    type_tag: Tag<CustomEvent>,
    /// The event's name.
    pub name: String,
}

impl CustomEvent {
    /// The event `name`.
    pub fn new(name: impl Into<String>) -> Self {
        CustomEvent {
            type_tag: Tag::new(),
            name: name.into(),
        }
    }
}

type_names! {
    IncomingMessage => "message",
    ReplyToActionToMessage => "message",
    UrlLoadedEvent => "url_loaded_event",
    CustomEvent => "custom_event",
}

tagged_enum! {
    /// What the user did to reach the step, picked by `type`.
    ///
    /// An input type this crate does not know is kept as [`Input::Unknown`].
    pub enum Input (keeps unknown) {
        "message" => Message(IncomingMessage),
        "legacy_reply_to_message_action" => LegacyReplyToMessage(LegacyReplyToMessageAction),
        "url_loaded_event" => UrlLoaded(UrlLoadedEvent),
        "go_to_action" => GoTo(GoToAction),
        "custom_event" => Custom(CustomEvent),
    }
}

impl Input {
    /// The text the user sent: a message's text or a legacy reply's message.
    pub fn text(&self) -> Option<&str> {
        match self {
            Input::Message(message) => Some(&message.text),
            Input::LegacyReplyToMessage(reply) => Some(&reply.message),
            _ => None,
        }
    }
}
