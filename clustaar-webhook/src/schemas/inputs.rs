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

use crate::model;
use crate::schemas::ValidationErrorKind;
use crate::schemas::as_sent::{Load, ReadAsSent};
use crate::schemas::validate::Rules;
use crate::schemas::validate::sent::{Sent, SentChecker};

use super::buttons::LegacyReplyToMessageAction;
use super::flow::GoToAction;
use super::polymorphic::tagged_enum;
use super::tag::Tag;

/// A file sent by the user (`file`).
///
/// ```
/// use clustaar_webhook::schemas::{Attachment, File};
///
/// let file: Attachment = File::new("https://example.com/a.pdf").into();
/// assert_eq!(serde_json::to_string(&file).unwrap(), r#"{"type":"file","url":"https://example.com/a.pdf"}"#);
/// ```
#[model("file")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct File {
    #[serde(rename = "type", default)]
    type_tag: Tag<File>,
    /// Where the file is.
    pub url: String,
}

impl File {
    /// A file found at `url`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::File;
    ///
    /// let file = File::new("https://example.com/invoice.pdf");
    /// assert_eq!(file.url, "https://example.com/invoice.pdf");
    /// assert_eq!(
    ///     serde_json::to_string(&file).unwrap(),
    ///     r#"{"type":"file","url":"https://example.com/invoice.pdf"}"#
    /// );
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        File {
            type_tag: Tag::new(),
            url: url.into(),
        }
    }
}

/// A video sent by the user (`video`).
///
/// ```
/// use clustaar_webhook::schemas::{Attachment, Video};
///
/// let json = r#"{"type":"video","url":"https://example.com/a.mp4"}"#;
/// let video: Attachment = serde_json::from_str(json).unwrap();
/// assert_eq!(video, Attachment::Video(Video::new("https://example.com/a.mp4")));
/// ```
#[model("video")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Video {
    #[serde(rename = "type", default)]
    type_tag: Tag<Video>,
    /// Where the file is.
    pub url: String,
}

impl Video {
    /// A video found at `url`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Video;
    ///
    /// let video = Video::new("https://example.com/demo.mp4");
    /// assert_eq!(video.url, "https://example.com/demo.mp4");
    /// assert_eq!(
    ///     serde_json::to_string(&video).unwrap(),
    ///     r#"{"type":"video","url":"https://example.com/demo.mp4"}"#
    /// );
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Video {
            type_tag: Tag::new(),
            url: url.into(),
        }
    }
}

/// A picture sent by the user (`image`).
///
/// ```
/// use clustaar_webhook::schemas::Image;
///
/// let image = Image::new("https://example.com/a.png");
/// assert_eq!(image.url, "https://example.com/a.png");
/// assert_eq!(
///     serde_json::to_string(&image).unwrap(),
///     r#"{"type":"image","url":"https://example.com/a.png"}"#
/// );
/// ```
#[model("image")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Image {
    #[serde(rename = "type", default)]
    type_tag: Tag<Image>,
    /// Where the file is.
    pub url: String,
}

impl Image {
    /// A picture found at `url`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Image;
    ///
    /// let image = Image::new("https://example.com/receipt.jpg");
    /// assert_eq!(image.url, "https://example.com/receipt.jpg");
    /// assert_eq!(
    ///     serde_json::to_string(&image).unwrap(),
    ///     r#"{"type":"image","url":"https://example.com/receipt.jpg"}"#
    /// );
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Image {
            type_tag: Tag::new(),
            url: url.into(),
        }
    }
}

/// A sound sent by the user (`audio`).
///
/// ```
/// use clustaar_webhook::schemas::{Attachment, Audio};
///
/// let audio: Attachment = Audio::new("https://example.com/voice.ogg").into();
/// assert_eq!(audio.type_name(), "audio");
/// assert_eq!(audio.url(), Some("https://example.com/voice.ogg"));
/// ```
#[model("audio")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Audio {
    #[serde(rename = "type", default)]
    type_tag: Tag<Audio>,
    /// Where the file is.
    pub url: String,
}

impl Audio {
    /// A sound found at `url`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Audio;
    ///
    /// let audio = Audio::new("https://example.com/voice.ogg");
    /// assert_eq!(audio.url, "https://example.com/voice.ogg");
    /// assert_eq!(
    ///     serde_json::to_string(&audio).unwrap(),
    ///     r#"{"type":"audio","url":"https://example.com/voice.ogg"}"#
    /// );
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Audio {
            type_tag: Tag::new(),
            url: url.into(),
        }
    }
}

tagged_enum! {
    /// A file joined to an [`IncomingMessage`], picked by `type`.
    ///
    /// An attachment type this crate does not know is kept as [`Attachment::Unknown`].
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Attachment, Image};
    ///
    /// let json = r#"{"type":"image","url":"https://example.com/a.png"}"#;
    /// let image: Attachment = serde_json::from_str(json).unwrap();
    /// assert_eq!(image, Attachment::Image(Image::new("https://example.com/a.png")));
    /// let sticker: Attachment = serde_json::from_str(r#"{"type":"sticker","id":7}"#).unwrap();
    /// assert!(matches!(sticker, Attachment::Unknown(_)));
    /// assert_eq!(serde_json::to_string(&sticker).unwrap(), r#"{"type":"sticker","id":7}"#);
    /// ```
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
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Attachment, File};
    ///
    /// let file: Attachment = File::new("https://example.com/a.pdf").into();
    /// assert_eq!(file.url(), Some("https://example.com/a.pdf"));
    /// let json = r#"{"type":"sticker","url":"https://example.com/s.webp"}"#;
    /// let sticker: Attachment = serde_json::from_str(json).unwrap();
    /// assert_eq!(sticker.url(), Some("https://example.com/s.webp"));
    /// let location: Attachment = serde_json::from_str(r#"{"type":"location"}"#).unwrap();
    /// assert_eq!(location.url(), None);
    /// ```
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
///
/// ```
/// use clustaar_webhook::schemas::IncomingMessage;
///
/// let json = r#"{"type":"message","text":"Where is my order?","attachments":[]}"#;
/// let message: IncomingMessage = serde_json::from_str(json).unwrap();
/// assert_eq!(message.text, "Where is my order?");
/// assert!(message.attachments.is_empty());
/// assert_eq!(serde_json::to_string(&message).unwrap(), json);
/// ```
#[model("message")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IncomingMessage {
    #[serde(rename = "type", default)]
    type_tag: Tag<IncomingMessage>,
    /// The message's text.
    #[field(load(normalize, sanitize))]
    pub text: String,
    /// Files sent with the message.
    pub attachments: Vec<Attachment>,
}

impl IncomingMessage {
    /// A message saying `text`, without attachments.
    ///
    /// ```
    /// use clustaar_webhook::schemas::IncomingMessage;
    ///
    /// let message = IncomingMessage::new("Hello");
    /// assert_eq!(
    ///     serde_json::to_string(&message).unwrap(),
    ///     r#"{"type":"message","text":"Hello","attachments":[]}"#
    /// );
    /// ```
    pub fn new(text: impl Into<String>) -> Self {
        IncomingMessage {
            text: text.into(),
            ..Default::default()
        }
    }

    /// Joins an attachment.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Image, IncomingMessage};
    ///
    /// let image = Image::new("https://example.com/a.png");
    /// let message = IncomingMessage::new("Here it is").attachment(image);
    /// assert_eq!(message.attachments.len(), 1);
    /// assert_eq!(message.attachments[0].url(), Some("https://example.com/a.png"));
    /// ```
    pub fn attachment(mut self, attachment: impl Into<Attachment>) -> Self {
        self.attachments.push(attachment.into());
        self
    }
}

/// The constant empty list of [`ReplyToActionToMessage::attachments`]: written as `[]`,
/// reads anything.
///
/// ```
/// use clustaar_webhook::schemas::NoAttachments;
///
/// assert_eq!(serde_json::to_string(&NoAttachments).unwrap(), "[]");
/// let read: NoAttachments = serde_json::from_str(r#"[{"type":"image"}]"#).unwrap();
/// assert_eq!(read, NoAttachments);
/// ```
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

/// Read as any value, nothing kept: nothing to clean.
impl ReadAsSent for NoAttachments {
    fn read_as_sent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NoAttachments::deserialize(deserializer)
    }
}

impl Load for NoAttachments {}

/// Nothing to check in a value built in Rust: it is always empty.
impl Rules for NoAttachments {
    const HOLDS_RULES: bool = false;
}

/// As sent, the list must be empty.
impl Sent for NoAttachments {
    type Raw = [serde_json::Value];
    const EXPECTED: &'static str = "a list";

    fn raw(value: &serde_json::Value) -> Option<&[serde_json::Value]> {
        value.as_array().map(Vec::as_slice)
    }

    fn check_inside(items: &[serde_json::Value], checker: &mut SentChecker) {
        if !items.is_empty() {
            checker.report(ValidationErrorKind::Constant, "must be an empty list");
        }
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
#[model("message")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplyToActionToMessage {
    #[serde(rename = "type", default)]
    type_tag: Tag<ReplyToActionToMessage>,
    /// Always empty.
    #[serde(default)]
    pub attachments: NoAttachments,
    /// The text of the reply.
    #[field(load(normalize, sanitize))]
    #[serde(rename = "text")]
    pub message: String,
}

impl ReplyToActionToMessage {
    /// A reply saying `message`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ReplyToActionToMessage;
    ///
    /// let reply = ReplyToActionToMessage::new("no");
    /// assert_eq!(reply.message, "no");
    /// ```
    pub fn new(message: impl Into<String>) -> Self {
        ReplyToActionToMessage {
            message: message.into(),
            ..Default::default()
        }
    }
}

/// The user loaded a page holding the web widget (`url_loaded_event`).
///
/// The address is read without the spaces around it.
///
/// ```
/// use clustaar_webhook::schemas::UrlLoadedEvent;
///
/// let json = r#"{"type":"url_loaded_event","url":" https://shop.example.com/cart "}"#;
/// let event: UrlLoadedEvent = serde_json::from_str(json).unwrap();
/// assert_eq!(event.url, "https://shop.example.com/cart");
/// ```
#[model("url_loaded_event")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UrlLoadedEvent {
    /// The page's address.
    #[field(load(strip))]
    pub url: String,
    #[serde(rename = "type", default)]
    type_tag: Tag<UrlLoadedEvent>,
}

impl UrlLoadedEvent {
    /// The page `url` was loaded.
    ///
    /// ```
    /// use clustaar_webhook::schemas::UrlLoadedEvent;
    ///
    /// let event = UrlLoadedEvent::new("https://shop.example.com/cart");
    /// assert_eq!(
    ///     serde_json::to_string(&event).unwrap(),
    ///     r#"{"url":"https://shop.example.com/cart","type":"url_loaded_event"}"#
    /// );
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        UrlLoadedEvent {
            url: url.into(),
            type_tag: Tag::new(),
        }
    }
}

/// An event sent by the site embedding the web widget (`custom_event`).
///
/// ```
/// use clustaar_webhook::schemas::{CustomEvent, Input};
///
/// let json = r#"{"type":"custom_event","name":"cart_opened"}"#;
/// let input: Input = serde_json::from_str(json).unwrap();
/// let Input::Custom(event) = &input else { panic!("expected a custom event") };
/// assert_eq!(event.name, "cart_opened");
/// ```
#[model("custom_event")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomEvent {
    #[serde(rename = "type", default)]
    type_tag: Tag<CustomEvent>,
    /// The event's name.
    pub name: String,
}

impl CustomEvent {
    /// The event `name`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::CustomEvent;
    ///
    /// let event = CustomEvent::new("cart_opened");
    /// assert_eq!(
    ///     serde_json::to_string(&event).unwrap(),
    ///     r#"{"type":"custom_event","name":"cart_opened"}"#
    /// );
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        CustomEvent {
            type_tag: Tag::new(),
            name: name.into(),
        }
    }
}

tagged_enum! {
    /// What the user did to reach the step, picked by `type`.
    ///
    /// An input type this crate does not know is kept as [`Input::Unknown`].
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Input, UrlLoadedEvent};
    ///
    /// let json = r#"{"type":"url_loaded_event","url":"https://shop.example.com"}"#;
    /// let input: Input = serde_json::from_str(json).unwrap();
    /// assert_eq!(input, Input::UrlLoaded(UrlLoadedEvent::new("https://shop.example.com")));
    /// let shake: Input = serde_json::from_str(r#"{"type":"phone_shaken"}"#).unwrap();
    /// assert!(matches!(shake, Input::Unknown(_)));
    /// ```
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
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     CustomEvent, IncomingMessage, Input, LegacyReplyToMessageAction,
    /// };
    ///
    /// assert_eq!(Input::from(IncomingMessage::new("Hello")).text(), Some("Hello"));
    /// assert_eq!(Input::from(LegacyReplyToMessageAction::new("yes")).text(), Some("yes"));
    /// assert_eq!(Input::from(CustomEvent::new("cart_opened")).text(), None);
    /// ```
    pub fn text(&self) -> Option<&str> {
        match self {
            Input::Message(message) => Some(&message.text),
            Input::LegacyReplyToMessage(reply) => Some(&reply.message),
            _ => None,
        }
    }
}
