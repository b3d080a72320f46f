//! Actions that say something to the user or pace the conversation: text, image, e-mail,
//! JavaScript event, quick replies, wait and pause.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::model;
use crate::schemas::buttons::QuickReply;
use crate::schemas::numbers;
use crate::schemas::tag::Tag;

/// Stops the bot for this conversation, leaving it to humans (`pause_bot_action`).
///
/// ```
/// use clustaar_webhook::schemas::{PauseBotAction, StepReachedResponse};
///
/// let response = StepReachedResponse::new().action(PauseBotAction::new());
/// let json = serde_json::to_value(&response).unwrap();
/// assert_eq!(json["actions"][0], serde_json::json!({"type": "pause_bot_action"}));
/// ```
#[model("pause_bot_action")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PauseBotAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<PauseBotAction>,
}

impl PauseBotAction {
    /// A `pause_bot_action`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::PauseBotAction;
    ///
    /// assert_eq!(
    ///     serde_json::to_string(&PauseBotAction::new()).unwrap(),
    ///     r#"{"type":"pause_bot_action"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        PauseBotAction {
            type_tag: Tag::new(),
        }
    }
}

/// Sends a text; the platform picks one of the alternatives at random (`send_text_action`).
///
/// ```
/// use clustaar_webhook::schemas::SendTextAction;
///
/// let hello = SendTextAction::new("Hello");
/// assert_eq!(
///     serde_json::to_string(&hello).unwrap(),
///     r#"{"type":"send_text_action","alternatives":["Hello"]}"#
/// );
/// let greeting = SendTextAction::alternatives(["Hi", "Hey"]);
/// assert_eq!(greeting.alternatives.len(), 2);
/// ```
#[model("send_text_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SendTextAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendTextAction>,
    /// The texts to pick from.
    #[field(rule = Length::between(1, 10), load(normalize, sanitize))]
    pub alternatives: Vec<String>,
    /// The text the platform picked, when it tells; kept as read, left out when `None`.
    #[field(optional, rule = Length::between(1, 1000), load(normalize, sanitize))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl SendTextAction {
    /// Sends `text`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendTextAction;
    ///
    /// let hello = SendTextAction::new("Hello!");
    /// assert_eq!(hello.alternatives, ["Hello!"]);
    /// assert_eq!(hello.text, None);
    /// ```
    pub fn new(text: impl Into<String>) -> Self {
        Self::alternatives([text])
    }

    /// Sends one of `alternatives`, picked at random by the platform.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendTextAction;
    ///
    /// let bye = SendTextAction::alternatives(["Bye!", "See you soon!"]);
    /// let json = serde_json::to_value(&bye).unwrap();
    /// assert_eq!(json["alternatives"][1], "See you soon!");
    /// ```
    pub fn alternatives<S: Into<String>>(alternatives: impl IntoIterator<Item = S>) -> Self {
        SendTextAction {
            type_tag: Tag::new(),
            alternatives: alternatives.into_iter().map(Into::into).collect(),
            text: None,
        }
    }
}

/// Sends a picture (`send_image_action`).
///
/// ```
/// use clustaar_webhook::schemas::SendImageAction;
///
/// let image = SendImageAction::new("https://example.com/cat.png").alt("A cat");
/// assert_eq!(
///     serde_json::to_string(&image).unwrap(),
///     r#"{"type":"send_image_action","alt":"A cat","imageURL":"https://example.com/cat.png"}"#
/// );
/// ```
#[model("send_image_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SendImageAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendImageAction>,
    /// The picture's alternative text.
    #[field(optional, rule = Length::at_most(500))]
    #[serde(default)]
    pub alt: Option<String>,
    /// The picture's address.
    #[field(rule = (Length::at_most(500), Url::HTTP), load(strip, sanitize))]
    #[serde(rename = "imageURL")]
    pub image_url: String,
}

impl SendImageAction {
    /// Sends the picture found at `image_url`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendImageAction;
    ///
    /// let image = SendImageAction::new("https://example.com/map.png");
    /// assert_eq!(image.image_url, "https://example.com/map.png");
    /// assert_eq!(image.alt, None);
    /// ```
    pub fn new(image_url: impl Into<String>) -> Self {
        SendImageAction {
            image_url: image_url.into(),
            ..Default::default()
        }
    }

    /// Sets the picture's alternative text.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendImageAction;
    ///
    /// let image = SendImageAction::new("https://example.com/map.png").alt("How to find us");
    /// assert_eq!(image.alt.as_deref(), Some("How to find us"));
    /// ```
    pub fn alt(mut self, alt: impl Into<String>) -> Self {
        self.alt = Some(alt.into());
        self
    }
}

/// Fires a JavaScript event in the web widget (`send_js_event_action`).
///
/// ```
/// use clustaar_webhook::schemas::SendJsEventAction;
///
/// let event = SendJsEventAction::new("open_cart").payload("items", 3);
/// assert_eq!(event.payload.unwrap()["items"], 3);
/// ```
#[model("send_js_event_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SendJsEventAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendJsEventAction>,
    /// The event's name.
    #[field(rule = Length::between(1, 200), load(strip))]
    pub event: String,
    /// Data sent with the event.
    #[field(optional)]
    #[serde(default)]
    pub payload: Option<Map<String, Value>>,
}

impl SendJsEventAction {
    /// Fires the event `event`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendJsEventAction;
    ///
    /// let event = SendJsEventAction::new("open_chat");
    /// assert_eq!(
    ///     serde_json::to_string(&event).unwrap(),
    ///     r#"{"type":"send_js_event_action","event":"open_chat","payload":null}"#
    /// );
    /// ```
    pub fn new(event: impl Into<String>) -> Self {
        SendJsEventAction {
            event: event.into(),
            ..Default::default()
        }
    }

    /// Adds `key` = `value` to the event's data.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendJsEventAction;
    ///
    /// let event = SendJsEventAction::new("add_to_cart")
    ///     .payload("sku", "A-12")
    ///     .payload("count", 2);
    /// let payload = event.payload.unwrap();
    /// assert_eq!(payload["sku"], "A-12");
    /// assert_eq!(payload["count"], 2);
    /// ```
    pub fn payload(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.payload
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }
}

/// Sends an e-mail (`send_email_action`).
///
/// ```
/// use clustaar_webhook::schemas::SendEmailAction;
///
/// let mail = SendEmailAction::new("support@example.com", "New lead", "Call them back")
///     .reply_to_email("lead@example.com");
/// assert_eq!(mail.recipient, "support@example.com");
/// assert_eq!(mail.from_name, None);
/// ```
#[model("send_email_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SendEmailAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendEmailAction>,
    /// The sender's address.
    #[field(optional, rule = (Length::at_most(150), &NOT_CLUSTAAR_ADDRESS), load(strip, sanitize))]
    #[serde(rename = "fromEmail", default)]
    pub from_email: Option<String>,
    /// The sender's name.
    #[field(optional, rule = Length::at_most(50), load(strip, normalize, sanitize))]
    #[serde(rename = "fromName", default)]
    pub from_name: Option<String>,
    /// The recipient's address.
    #[field(rule = Length::at_most(150), load(strip, normalize, sanitize))]
    pub recipient: String,
    /// The subject.
    #[field(rule = Length::at_most(150), load(normalize, sanitize))]
    pub subject: String,
    /// The body.
    #[field(rule = Length::at_most(1500), load(normalize, sanitize))]
    pub content: String,
    /// The address answers go to.
    #[field(optional, rule = Length::at_most(150), load(strip, sanitize))]
    #[serde(rename = "replyToEmail", default)]
    pub reply_to_email: Option<String>,
    /// The name answers go to.
    #[field(optional, rule = Length::at_most(50), load(strip, normalize, sanitize))]
    #[serde(rename = "replyToName", default)]
    pub reply_to_name: Option<String>,
    /// Whether the user's attachments are joined to the e-mail.
    #[field(optional)]
    #[serde(rename = "userAttachments", default)]
    pub user_attachments: Option<bool>,
}

impl SendEmailAction {
    /// An e-mail to `recipient` about `subject` saying `content`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendEmailAction;
    ///
    /// let mail = SendEmailAction::new("sales@example.com", "New order", "Order A-12 is paid");
    /// assert_eq!(mail.subject, "New order");
    /// assert_eq!(mail.content, "Order A-12 is paid");
    /// assert_eq!(mail.from_email, None);
    /// ```
    pub fn new(
        recipient: impl Into<String>,
        subject: impl Into<String>,
        content: impl Into<String>,
    ) -> Self {
        SendEmailAction {
            recipient: recipient.into(),
            subject: subject.into(),
            content: content.into(),
            ..Default::default()
        }
    }

    /// Sets the sender's address.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendEmailAction;
    ///
    /// let mail = SendEmailAction::new("sales@example.com", "New order", "Order A-12")
    ///     .from_email("bot@example.com");
    /// assert_eq!(serde_json::to_value(&mail).unwrap()["fromEmail"], "bot@example.com");
    /// ```
    pub fn from_email(mut self, from_email: impl Into<String>) -> Self {
        self.from_email = Some(from_email.into());
        self
    }

    /// Sets the sender's name.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendEmailAction;
    ///
    /// let mail = SendEmailAction::new("sales@example.com", "New order", "Order A-12")
    ///     .from_name("Shop bot");
    /// assert_eq!(serde_json::to_value(&mail).unwrap()["fromName"], "Shop bot");
    /// ```
    pub fn from_name(mut self, from_name: impl Into<String>) -> Self {
        self.from_name = Some(from_name.into());
        self
    }

    /// Sets the address answers go to.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendEmailAction;
    ///
    /// let mail = SendEmailAction::new("sales@example.com", "Call me back", "About my order")
    ///     .reply_to_email("customer@example.com");
    /// assert_eq!(serde_json::to_value(&mail).unwrap()["replyToEmail"], "customer@example.com");
    /// ```
    pub fn reply_to_email(mut self, reply_to_email: impl Into<String>) -> Self {
        self.reply_to_email = Some(reply_to_email.into());
        self
    }

    /// Sets the name answers go to.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendEmailAction;
    ///
    /// let mail = SendEmailAction::new("sales@example.com", "Call me back", "About my order")
    ///     .reply_to_name("Ada Lovelace");
    /// assert_eq!(serde_json::to_value(&mail).unwrap()["replyToName"], "Ada Lovelace");
    /// ```
    pub fn reply_to_name(mut self, reply_to_name: impl Into<String>) -> Self {
        self.reply_to_name = Some(reply_to_name.into());
        self
    }

    /// Sets whether the user's attachments are joined.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendEmailAction;
    ///
    /// let mail = SendEmailAction::new("claims@example.com", "New claim", "Photos joined")
    ///     .user_attachments(true);
    /// assert_eq!(serde_json::to_value(&mail).unwrap()["userAttachments"], true);
    /// ```
    pub fn user_attachments(mut self, user_attachments: bool) -> Self {
        self.user_attachments = Some(user_attachments);
        self
    }
}

fn default_duration() -> Number {
    Number::from(2)
}

/// Waits before the next action, showing the typing indicator (`wait_action`).
///
/// ```
/// use clustaar_webhook::schemas::WaitAction;
///
/// let wait = WaitAction::new(1.5);
/// assert_eq!(wait.seconds(), 1.5);
/// assert_eq!(
///     serde_json::to_string(&wait).unwrap(),
///     r#"{"type":"wait_action","duration":1.5}"#
/// );
/// let default: WaitAction = serde_json::from_str(r#"{"type":"wait_action"}"#).unwrap();
/// assert_eq!(serde_json::to_string(&default).unwrap(), r#"{"type":"wait_action","duration":2}"#);
/// ```
#[model("wait_action")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<WaitAction>,
    /// How long to wait, in seconds, kept as written; 2 when absent.
    #[field(rule = Range::between(0.5, 7.0))]
    #[serde(default = "default_duration", deserialize_with = "numbers::number")]
    pub duration: Number,
}

impl Default for WaitAction {
    fn default() -> Self {
        WaitAction {
            type_tag: Tag::new(),
            duration: default_duration(),
        }
    }
}

impl WaitAction {
    /// Waits `seconds` seconds.
    ///
    /// # Panics
    /// When `seconds` is NaN or infinite.
    ///
    /// ```
    /// use clustaar_webhook::schemas::WaitAction;
    ///
    /// let wait = WaitAction::new(0.5);
    /// assert_eq!(
    ///     serde_json::to_string(&wait).unwrap(),
    ///     r#"{"type":"wait_action","duration":0.5}"#
    /// );
    /// ```
    pub fn new(seconds: f64) -> Self {
        WaitAction {
            type_tag: Tag::new(),
            duration: numbers::from_f64(seconds),
        }
    }

    /// How long to wait, in seconds.
    ///
    /// ```
    /// use clustaar_webhook::schemas::WaitAction;
    ///
    /// let json = r#"{"type":"wait_action","duration":3}"#;
    /// let wait: WaitAction = serde_json::from_str(json).unwrap();
    /// assert_eq!(wait.seconds(), 3.0);
    /// ```
    pub fn seconds(&self) -> f64 {
        numbers::as_f64(&self.duration)
    }
}

/// Sends a message with suggested answers (`send_quick_replies_action`).
///
/// ```
/// use clustaar_webhook::schemas::{GoToAction, QuickReply, SendQuickRepliesAction};
///
/// let action = SendQuickRepliesAction::new(
///     "Anything else?",
///     [QuickReply::new("Yes", GoToAction::step("507f191e810c19729de860eb"))],
/// );
/// assert_eq!(action.buttons[0].title, "Yes");
/// ```
#[model("send_quick_replies_action")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendQuickRepliesAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendQuickRepliesAction>,
    /// The message shown above the replies.
    #[field(rule = Length::between(1, 1000), load(normalize, sanitize))]
    pub message: String,
    /// The suggested answers.
    #[field(rule = Length::between(1, 11))]
    pub buttons: Vec<QuickReply>,
}

impl SendQuickRepliesAction {
    /// Says `message` and offers `buttons`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{GoToAction, QuickReply, SendQuickRepliesAction};
    ///
    /// let yes = QuickReply::new("Yes", GoToAction::step("507f191e810c19729de860ea"));
    /// let no = QuickReply::new("No", GoToAction::step("507f191e810c19729de860eb"));
    /// let ask = SendQuickRepliesAction::new("Did that help?", [yes, no]);
    /// assert_eq!(ask.message, "Did that help?");
    /// assert_eq!(ask.buttons[1].title, "No");
    /// ```
    pub fn new(message: impl Into<String>, buttons: impl IntoIterator<Item = QuickReply>) -> Self {
        SendQuickRepliesAction {
            type_tag: Tag::new(),
            message: message.into(),
            buttons: buttons.into_iter().collect(),
        }
    }
}
