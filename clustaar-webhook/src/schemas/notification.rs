//! The notification the platform posts to a webhook: a [`WebhookRequest`] whose event is, for
//! the one topic the platform sends today, a [`StepReached`].
//!
//! ```
//! use clustaar_webhook::schemas::{Action, Input, WebhookRequest};
//!
//! let json = r#"{"topic":"conversation.step_reached","botID":"b1","timestamp":1764339000,
//!   "type":"notification_event","data":{"type":"step_reached_event","channel":"web",
//!   "interlocutor":{"id":"i1","userID":"u1","location":null,"email":null,"firstName":null,
//!     "lastName":null,"phoneNumber":null,"customAttributes":{}},
//!   "session":{"values":{"name":"Tintin"}},
//!   "step":{"id":"507f191e810c19729de860ea","name":"Hello","userData":"",
//!     "actions":[{"type":"send_text_action","alternatives":["Hi"]}]},
//!   "input":{"type":"message","text":"hello","attachments":[]}}}"#;
//! let request: WebhookRequest = serde_json::from_str(json).unwrap();
//! let reached = request.step_reached().unwrap();
//! assert_eq!(reached.step_id(), "507f191e810c19729de860ea");
//! assert_eq!(reached.session.get_str("name"), Some("Tintin"));
//! assert_eq!(reached.input.text(), Some("hello"));
//! assert!(matches!(reached.step.actions[0], Action::SendText(_)));
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::model;

use super::actions::Action;
use super::inputs::Input;
use super::numbers;
use super::polymorphic::tagged_enum;
use super::session::ConversationSession;
use super::tag::Tag;

/// A point on Earth (`coordinates`).
///
/// ```
/// use clustaar_webhook::schemas::Coordinates;
///
/// let paris = Coordinates::new(48.8566, 2.3522);
/// assert_eq!(paris.latitude(), 48.8566);
/// assert_eq!(serde_json::to_string(&paris).unwrap(), r#"{"lat":48.8566,"long":2.3522}"#);
/// ```
#[model]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    /// The latitude, kept as written.
    #[serde(deserialize_with = "numbers::number")]
    pub lat: Number,
    /// The longitude, kept as written.
    #[serde(deserialize_with = "numbers::number")]
    pub long: Number,
}

impl Coordinates {
    /// The point at `lat`, `long`.
    ///
    /// # Panics
    /// When a coordinate is NaN or infinite.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Coordinates;
    ///
    /// let brussels = Coordinates::new(50.8503, 4.3517);
    /// assert_eq!(brussels.lat.as_f64(), Some(50.8503));
    /// assert_eq!(serde_json::to_string(&brussels).unwrap(), r#"{"lat":50.8503,"long":4.3517}"#);
    /// ```
    pub fn new(lat: f64, long: f64) -> Self {
        Coordinates {
            lat: numbers::from_f64(lat),
            long: numbers::from_f64(long),
        }
    }

    /// The latitude as an `f64`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Coordinates;
    ///
    /// let point: Coordinates = serde_json::from_str(r#"{"lat":48,"long":2}"#).unwrap();
    /// assert_eq!(point.latitude(), 48.0);
    /// assert_eq!(point.lat.to_string(), "48");
    /// ```
    pub fn latitude(&self) -> f64 {
        numbers::as_f64(&self.lat)
    }

    /// The longitude as an `f64`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Coordinates;
    ///
    /// let paris = Coordinates::new(48.8566, 2.3522);
    /// assert_eq!(paris.longitude(), 2.3522);
    /// ```
    pub fn longitude(&self) -> f64 {
        numbers::as_f64(&self.long)
    }
}

/// The user talking to the bot (`webhook_interlocutor`).
///
/// ```
/// use clustaar_webhook::schemas::Interlocutor;
///
/// let user = Interlocutor::new("5a8f1c2e9b1d4c0012340001", "visitor-42").email("tintin@example.com");
/// let json = serde_json::to_value(&user).unwrap();
/// assert_eq!(json["userID"], "visitor-42");
/// assert_eq!(json["firstName"], serde_json::Value::Null);
/// ```
#[model]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Interlocutor {
    /// The platform's id of the user.
    pub id: String,
    /// The channel's id of the user.
    #[serde(rename = "userID")]
    pub remote_id: String,
    /// The id given by the site embedding the bot.
    #[field(optional)]
    #[serde(rename = "externalID", default)]
    pub external_id: Option<String>,
    /// Where the user is, when shared.
    #[serde(default)]
    pub location: Option<Coordinates>,
    /// The user's e-mail address.
    #[field(rule = Length::at_most(2000), load(sanitize))]
    #[serde(default)]
    pub email: Option<String>,
    /// The user's first name.
    #[field(rule = Length::at_most(2000), load(normalize, sanitize))]
    #[serde(rename = "firstName", default)]
    pub first_name: Option<String>,
    /// The user's last name.
    #[field(rule = Length::at_most(2000), load(normalize, sanitize))]
    #[serde(rename = "lastName", default)]
    pub last_name: Option<String>,
    /// The user's phone number.
    #[field(rule = Length::at_most(2000), load(normalize, sanitize))]
    #[serde(rename = "phoneNumber", default)]
    pub phone_number: Option<String>,
    /// The user's custom attributes.
    #[field(rule = StringMap)]
    #[serde(rename = "customAttributes")]
    pub custom_attributes: Map<String, Value>,
    /// Whether the user is logged in.
    #[field(optional)]
    #[serde(rename = "isLogged", default)]
    pub is_logged: Option<bool>,
    /// Whether the user is a tester.
    #[field(optional)]
    #[serde(rename = "usedToTest", default)]
    pub used_to_test: Option<bool>,
}

impl Interlocutor {
    /// The user `id`, known to the channel as `remote_id`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Interlocutor;
    ///
    /// let user = Interlocutor::new("5a8f1c2e9b1d4c0012340001", "visitor-42");
    /// assert_eq!(user.remote_id, "visitor-42");
    /// assert_eq!(user.email, None);
    /// assert!(user.custom_attributes.is_empty());
    /// ```
    pub fn new(id: impl Into<String>, remote_id: impl Into<String>) -> Self {
        Interlocutor {
            id: id.into(),
            remote_id: remote_id.into(),
            ..Default::default()
        }
    }

    /// Sets the e-mail address.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Interlocutor;
    ///
    /// let user = Interlocutor::new("i1", "visitor-42").email("tintin@example.com");
    /// assert_eq!(user.email.as_deref(), Some("tintin@example.com"));
    /// assert_eq!(serde_json::to_value(&user).unwrap()["email"], "tintin@example.com");
    /// ```
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets the first name.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Interlocutor;
    ///
    /// let user = Interlocutor::new("i1", "visitor-42").first_name("Tintin");
    /// assert_eq!(user.first_name.as_deref(), Some("Tintin"));
    /// assert_eq!(serde_json::to_value(&user).unwrap()["firstName"], "Tintin");
    /// ```
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.first_name = Some(first_name.into());
        self
    }

    /// Sets the last name.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Interlocutor;
    ///
    /// let user = Interlocutor::new("i1", "visitor-42").last_name("Reporter");
    /// assert_eq!(user.last_name.as_deref(), Some("Reporter"));
    /// assert_eq!(serde_json::to_value(&user).unwrap()["lastName"], "Reporter");
    /// ```
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.last_name = Some(last_name.into());
        self
    }

    /// Sets the phone number.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Interlocutor;
    ///
    /// let user = Interlocutor::new("i1", "visitor-42").phone_number("+32 2 555 01 23");
    /// assert_eq!(user.phone_number.as_deref(), Some("+32 2 555 01 23"));
    /// assert_eq!(serde_json::to_value(&user).unwrap()["phoneNumber"], "+32 2 555 01 23");
    /// ```
    pub fn phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.phone_number = Some(phone_number.into());
        self
    }

    /// Sets the custom attribute `key` = `value`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Interlocutor;
    ///
    /// let user = Interlocutor::new("i1", "visitor-42").custom_attribute("plan", "gold");
    /// assert_eq!(user.custom_attributes["plan"], "gold");
    /// assert_eq!(serde_json::to_value(&user).unwrap()["customAttributes"]["plan"], "gold");
    /// ```
    pub fn custom_attribute(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.custom_attributes.insert(key.into(), value.into());
        self
    }
}

/// The step reached, with the actions the bot will run (`webhook_step`).
///
/// ```
/// use clustaar_webhook::schemas::{Action, Step};
///
/// let json = r#"{"id":"507f191e810c19729de860ea","name":"Hello","userData":"vip",
///   "actions":[{"type":"send_text_action","alternatives":["Hi"]}]}"#;
/// let step: Step = serde_json::from_str(json).unwrap();
/// assert_eq!(step.user_data, "vip");
/// assert!(matches!(step.actions[0], Action::SendText(_)));
/// ```
#[model]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Step {
    /// The step's ObjectID.
    pub id: String,
    /// The step's name.
    pub name: String,
    /// Free text set on the step in the bot's editor.
    #[serde(rename = "userData")]
    pub user_data: String,
    /// The actions the bot will run, unless the webhook answers others.
    pub actions: Vec<Action>,
}

/// The conversation reached a step (`webhook_step_reached`).
///
/// ```
/// use clustaar_webhook::schemas::{Input, StepReached};
///
/// let json = r#"{"type":"step_reached_event","channel":"messenger",
///   "interlocutor":{"id":"i1","userID":"u1","customAttributes":{}},
///   "session":{"values":{"name":"Tintin"}},
///   "step":{"id":"507f191e810c19729de860ea","name":"Hello","userData":"","actions":[]},
///   "input":{"type":"custom_event","name":"cart_opened"}}"#;
/// let reached: StepReached = serde_json::from_str(json).unwrap();
/// assert_eq!(reached.channel, "messenger");
/// assert_eq!(reached.session.get_str("name"), Some("Tintin"));
/// assert!(matches!(reached.input, Input::Custom(_)));
/// ```
#[model("step_reached_event")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepReached {
    #[serde(rename = "type", default)]
    type_tag: Tag<StepReached>,
    /// The channel: `web`, `messenger`…
    pub channel: String,
    /// The user.
    pub interlocutor: Interlocutor,
    /// The conversation's session.
    pub session: ConversationSession,
    /// The step reached.
    pub step: Step,
    /// What the user did.
    pub input: Input,
}

impl StepReached {
    /// The event for `step` reached by `interlocutor` on `channel` after `input`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     ConversationSession, IncomingMessage, Interlocutor, Step, StepReached,
    /// };
    ///
    /// let user = Interlocutor::new("i1", "visitor-42");
    /// let (session, step) = (ConversationSession::new(), Step::default());
    /// let reached = StepReached::new("web", user, session, step, IncomingMessage::new("Hello"));
    /// let json = serde_json::to_value(&reached).unwrap();
    /// assert_eq!(json["type"], "step_reached_event");
    /// assert_eq!(json["input"]["text"], "Hello");
    /// ```
    pub fn new(
        channel: impl Into<String>,
        interlocutor: Interlocutor,
        session: ConversationSession,
        step: Step,
        input: impl Into<Input>,
    ) -> Self {
        StepReached {
            type_tag: Tag::new(),
            channel: channel.into(),
            interlocutor,
            session,
            step,
            input: input.into(),
        }
    }

    /// The ObjectID of the step reached.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     ConversationSession, CustomEvent, Interlocutor, Step, StepReached,
    /// };
    ///
    /// let step = Step { id: "507f191e810c19729de860ea".into(), ..Step::default() };
    /// let user = Interlocutor::new("i1", "visitor-42");
    /// let event = CustomEvent::new("cart_opened");
    /// let reached = StepReached::new("web", user, ConversationSession::new(), step, event);
    /// assert_eq!(reached.step_id(), "507f191e810c19729de860ea");
    /// ```
    pub fn step_id(&self) -> &str {
        &self.step.id
    }
}

tagged_enum! {
    /// The event of a notification, picked by `type`.
    ///
    /// An event type this crate does not know is kept as [`Event::Unknown`].
    ///
    /// ```
    /// use clustaar_webhook::schemas::Event;
    ///
    /// let json = r#"{"type":"conversation_closed_event","reason":"timeout"}"#;
    /// let event: Event = serde_json::from_str(json).unwrap();
    /// assert!(matches!(event, Event::Unknown(_)));
    /// assert_eq!(serde_json::to_string(&event).unwrap(), json);
    /// ```
    // One event per request: boxing the large variant would buy nothing.
    #[allow(clippy::large_enum_variant)]
    pub enum Event (keeps unknown) {
        "step_reached_event" => StepReached(StepReached),
    }
}

/// A notification posted by the platform (`webhook_request`).
///
/// A notification of an event this crate does not know still reads, its event kept as
/// [`Event::Unknown`].
///
/// ```
/// use clustaar_webhook::schemas::{Event, WebhookRequest};
///
/// let json = r#"{"topic":"conversation.closed","botID":"5a8f1c2e9b1d4c0012345678",
///   "timestamp":1764339000,"type":"notification_event","data":{"type":"closed_event"}}"#;
/// let request: WebhookRequest = serde_json::from_str(json).unwrap();
/// assert_eq!(request.bot_id, "5a8f1c2e9b1d4c0012345678");
/// assert_eq!(request.timestamp, 1_764_339_000);
/// assert!(matches!(request.event, Event::Unknown(_)));
/// ```
#[model("notification_event")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookRequest {
    /// The topic, such as `conversation.step_reached`.
    pub topic: String,
    /// The bot's ObjectID.
    #[serde(rename = "botID")]
    pub bot_id: String,
    /// When the event happened, in seconds since the Unix epoch.
    #[serde(deserialize_with = "numbers::integer")]
    pub timestamp: i64,
    #[serde(rename = "type", default)]
    type_tag: Tag<WebhookRequest>,
    /// The event (the `data` key).
    #[serde(rename = "data")]
    pub event: Event,
}

impl WebhookRequest {
    /// A notification of `event` on `topic` for the bot `bot_id` at `timestamp`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     ConversationSession, IncomingMessage, Interlocutor, Step, StepReached, WebhookRequest,
    /// };
    /// # let user = Interlocutor::new("i1", "visitor-42");
    /// # let (session, step) = (ConversationSession::new(), Step::default());
    /// let reached = StepReached::new("web", user, session, step, IncomingMessage::new("Hello"));
    /// let topic = "conversation.step_reached";
    /// let request = WebhookRequest::new(topic, "b1", 1_764_339_000, reached);
    /// let json = serde_json::to_value(&request).unwrap();
    /// assert_eq!(json["botID"], "b1");
    /// assert_eq!(json["type"], "notification_event");
    /// assert_eq!(json["data"]["type"], "step_reached_event");
    /// ```
    pub fn new(
        topic: impl Into<String>,
        bot_id: impl Into<String>,
        timestamp: i64,
        event: impl Into<Event>,
    ) -> Self {
        WebhookRequest {
            topic: topic.into(),
            bot_id: bot_id.into(),
            timestamp,
            type_tag: Tag::new(),
            event: event.into(),
        }
    }

    /// The event, when it is a step reached.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{
    ///     ConversationSession, CustomEvent, Interlocutor, Step, StepReached, WebhookRequest,
    /// };
    /// # let user = Interlocutor::new("i1", "visitor-42");
    /// # let (session, step) = (ConversationSession::new(), Step::default());
    ///
    /// let reached = StepReached::new("web", user, session, step, CustomEvent::new("cart_opened"));
    /// let request = WebhookRequest::new("conversation.step_reached", "b1", 0, reached);
    /// assert_eq!(request.step_reached().unwrap().channel, "web");
    ///
    /// let json = r#"{"topic":"conversation.closed","botID":"b1","timestamp":1764339000,
    ///   "type":"notification_event","data":{"type":"closed_event"}}"#;
    /// let closed: WebhookRequest = serde_json::from_str(json).unwrap();
    /// assert!(closed.step_reached().is_none());
    /// ```
    pub fn step_reached(&self) -> Option<&StepReached> {
        match &self.event {
            Event::StepReached(event) => Some(event),
            Event::Unknown(_) => None,
        }
    }
}
