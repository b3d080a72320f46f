//! Realistic notifications, built in one line.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::events;
use crate::schemas::{
    Action, ConversationSession, Coordinates, IncomingMessage, Input, Interlocutor, SendTextAction,
    Step, StepReached, WebhookRequest,
};

/// The bot id of the notifications built by default.
///
/// ```
/// use clustaar_webhook::testing::{DEFAULT_BOT_ID, NotificationBuilder};
///
/// assert_eq!(NotificationBuilder::new().build().bot_id, DEFAULT_BOT_ID);
/// ```
pub const DEFAULT_BOT_ID: &str = "5a8f1c2e9b1d4c0012345678";
/// The step id of the notifications built by default.
///
/// No route of the examples or the docs uses it, so a default notification reaches a webhook's
/// catch-all route, not one of its step routes: set the step with
/// [`NotificationBuilder::step_id`] to test a step route.
///
/// ```
/// use clustaar_webhook::testing::{DEFAULT_STEP_ID, NotificationBuilder};
///
/// let reached = NotificationBuilder::new().step_reached();
/// assert_eq!(reached.step_id(), DEFAULT_STEP_ID);
/// ```
pub const DEFAULT_STEP_ID: &str = "7e5700000000000000000001";
/// The interlocutor id of the notifications built by default.
///
/// ```
/// use clustaar_webhook::testing::{DEFAULT_INTERLOCUTOR_ID, NotificationBuilder};
///
/// let reached = NotificationBuilder::new().step_reached();
/// assert_eq!(reached.interlocutor.id, DEFAULT_INTERLOCUTOR_ID);
/// ```
pub const DEFAULT_INTERLOCUTOR_ID: &str = "5a8f1c2e9b1d4c0012340001";

/// Builds a notification as the platform sends it, with realistic defaults, for tests.
///
/// By default: topic `conversation.step_reached`, bot [`DEFAULT_BOT_ID`], channel `web`, the
/// interlocutor [`DEFAULT_INTERLOCUTOR_ID`] (`userID` `visitor-42`, no name or e-mail), an empty
/// session, the step [`DEFAULT_STEP_ID`] named `Hello` with one `send_text_action`
/// (`Hi there!`), and a message input saying `Hello`. Every part can be changed.
///
/// It serializes as the notification it builds, so it can be given as it is to
/// [`TestClient::send`](super::TestClient::send) or to `serde_json`.
///
/// ```
/// use clustaar_webhook::testing::NotificationBuilder;
///
/// let notification = NotificationBuilder::new()
///     .step_id("5f0c1d2e3a4b5c6d7e8f9a0b")
///     .session_value("name", "Tintin")
///     .input_text("Where is my order?")
///     .first_name("Tintin")
///     .email("tintin@moulinsart.fr")
///     .build();
/// let reached = notification.step_reached().unwrap();
/// assert_eq!(notification.topic, "conversation.step_reached");
/// assert_eq!(reached.step_id(), "5f0c1d2e3a4b5c6d7e8f9a0b");
/// assert_eq!(reached.session.get_str("name"), Some("Tintin"));
/// assert_eq!(reached.input.text(), Some("Where is my order?"));
/// assert_eq!(reached.interlocutor.first_name.as_deref(), Some("Tintin"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationBuilder {
    topic: String,
    bot_id: String,
    timestamp: i64,
    channel: String,
    interlocutor: Interlocutor,
    session: ConversationSession,
    step: Step,
    input: Input,
}

impl Default for NotificationBuilder {
    fn default() -> Self {
        NotificationBuilder {
            topic: events::CONVERSATION_STEP_REACHED.to_owned(),
            bot_id: DEFAULT_BOT_ID.to_owned(),
            timestamp: unix_now(),
            channel: "web".to_owned(),
            interlocutor: Interlocutor::new(DEFAULT_INTERLOCUTOR_ID, "visitor-42"),
            session: ConversationSession::new(),
            step: Step {
                id: DEFAULT_STEP_ID.to_owned(),
                name: "Hello".to_owned(),
                user_data: String::new(),
                actions: vec![SendTextAction::new("Hi there!").into()],
            },
            input: IncomingMessage::new("Hello").into(),
        }
    }
}

/// Now, in whole seconds since the Unix epoch: a notification's `timestamp`.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

impl NotificationBuilder {
    /// A step-reached notification with the defaults above.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().build();
    /// let reached = n.step_reached().unwrap();
    /// assert_eq!(n.topic, "conversation.step_reached");
    /// assert_eq!(reached.channel, "web");
    /// assert_eq!(reached.step.name, "Hello");
    /// assert_eq!(reached.input.text(), Some("Hello"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the topic (default `conversation.step_reached`).
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().topic("conversation.closed").build();
    /// assert_eq!(n.topic, "conversation.closed");
    /// ```
    pub fn topic(mut self, topic: impl Into<String>) -> Self {
        self.topic = topic.into();
        self
    }

    /// Sets the bot's id.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().bot_id("5a8f1c2e9b1d4c00aaaaaaaa").build();
    /// assert_eq!(n.bot_id, "5a8f1c2e9b1d4c00aaaaaaaa");
    /// assert_eq!(serde_json::to_value(&n).unwrap()["botID"], "5a8f1c2e9b1d4c00aaaaaaaa");
    /// ```
    pub fn bot_id(mut self, bot_id: impl Into<String>) -> Self {
        self.bot_id = bot_id.into();
        self
    }

    /// Sets when the event happened, in seconds since the Unix epoch (default: now).
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().timestamp(1_764_339_000).build();
    /// assert_eq!(n.timestamp, 1_764_339_000);
    /// ```
    pub fn timestamp(mut self, timestamp: i64) -> Self {
        self.timestamp = timestamp;
        self
    }

    /// Sets the channel (default `web`).
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().channel("messenger").step_reached();
    /// assert_eq!(reached.channel, "messenger");
    /// ```
    pub fn channel(mut self, channel: impl Into<String>) -> Self {
        self.channel = channel.into();
        self
    }

    /// Sets the id of the step reached.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().step_id("5f0c1d2e3a4b5c6d7e8f9a0b").step_reached();
    /// assert_eq!(reached.step_id(), "5f0c1d2e3a4b5c6d7e8f9a0b");
    /// ```
    pub fn step_id(mut self, id: impl Into<String>) -> Self {
        self.step.id = id.into();
        self
    }

    /// Sets the name of the step reached.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().step_name("Order status").step_reached();
    /// assert_eq!(reached.step.name, "Order status");
    /// ```
    pub fn step_name(mut self, name: impl Into<String>) -> Self {
        self.step.name = name.into();
        self
    }

    /// Sets the step's `userData`.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().step_user_data("vip").to_value();
    /// assert_eq!(n["data"]["step"]["userData"], "vip");
    /// ```
    pub fn step_user_data(mut self, user_data: impl Into<String>) -> Self {
        self.step.user_data = user_data.into();
        self
    }

    /// Replaces the step's actions.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, WaitAction};
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new()
    ///     .step_actions([SendTextAction::new("One moment")])
    ///     .step_action(WaitAction::new(1.5))
    ///     .build();
    /// assert_eq!(n.step_reached().unwrap().step.actions.len(), 2);
    /// ```
    pub fn step_actions<A: Into<Action>>(mut self, actions: impl IntoIterator<Item = A>) -> Self {
        self.step.actions = actions.into_iter().map(Into::into).collect();
        self
    }

    /// Adds an action to the step.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Action, WaitAction};
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().step_action(WaitAction::new(2.0)).step_reached();
    /// // The default `send_text_action`, then the wait.
    /// assert_eq!(reached.step.actions.len(), 2);
    /// assert!(matches!(reached.step.actions[1], Action::Wait(_)));
    /// ```
    pub fn step_action(mut self, action: impl Into<Action>) -> Self {
        self.step.actions.push(action.into());
        self
    }

    /// Replaces the whole step.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Step;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let step = Step {
    ///     id: "5f0c1d2e3a4b5c6d7e8f9a0b".to_owned(),
    ///     name: "Goodbye".to_owned(),
    ///     ..Step::default()
    /// };
    /// let reached = NotificationBuilder::new().step(step).step_reached();
    /// assert_eq!(reached.step.name, "Goodbye");
    /// assert!(reached.step.actions.is_empty());
    /// ```
    pub fn step(mut self, step: Step) -> Self {
        self.step = step;
        self
    }

    /// Sets the session value `key` = `value`.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().session_value("name", "Tintin").session_value("visits", 3).build();
    /// let session = &n.step_reached().unwrap().session;
    /// assert_eq!(session.get_str("name"), Some("Tintin"));
    /// assert_eq!(session.get("visits"), Some(&serde_json::json!(3)));
    /// ```
    pub fn session_value(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.session.insert(key, value);
        self
    }

    /// Replaces the whole session.
    ///
    /// ```
    /// use clustaar_webhook::schemas::ConversationSession;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let session = ConversationSession::from_iter([("name", "Tintin"), ("city", "Brussels")]);
    /// let reached = NotificationBuilder::new().session(session).step_reached();
    /// assert_eq!(reached.session.get_str("city"), Some("Brussels"));
    /// ```
    pub fn session(mut self, session: ConversationSession) -> Self {
        self.session = session;
        self
    }

    /// Makes the input a message saying `text`, without attachments.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().input_text("Where is my order?").to_value();
    /// assert_eq!(
    ///     n["data"]["input"],
    ///     serde_json::json!({"type": "message", "text": "Where is my order?", "attachments": []})
    /// );
    /// ```
    pub fn input_text(mut self, text: impl Into<String>) -> Self {
        self.input = IncomingMessage::new(text).into();
        self
    }

    /// Sets what the user did: a message, a `go_to_action`, a `custom_event`…
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CustomEvent, Input};
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().input(CustomEvent::new("cart_opened")).build();
    /// assert!(matches!(n.step_reached().unwrap().input, Input::Custom(_)));
    /// ```
    pub fn input(mut self, input: impl Into<Input>) -> Self {
        self.input = input.into();
        self
    }

    /// Replaces the whole interlocutor.
    ///
    /// ```
    /// use clustaar_webhook::schemas::Interlocutor;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let user = Interlocutor::new("5a8f1c2e9b1d4c0012340002", "visitor-7").first_name("Milou");
    /// let reached = NotificationBuilder::new().interlocutor(user).step_reached();
    /// assert_eq!(reached.interlocutor.remote_id, "visitor-7");
    /// assert_eq!(reached.interlocutor.first_name.as_deref(), Some("Milou"));
    /// ```
    pub fn interlocutor(mut self, interlocutor: Interlocutor) -> Self {
        self.interlocutor = interlocutor;
        self
    }

    /// Sets the interlocutor's platform id.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let builder = NotificationBuilder::new().interlocutor_id("5a8f1c2e9b1d4c0012340002");
    /// let reached = builder.step_reached();
    /// assert_eq!(reached.interlocutor.id, "5a8f1c2e9b1d4c0012340002");
    /// ```
    pub fn interlocutor_id(mut self, id: impl Into<String>) -> Self {
        self.interlocutor.id = id.into();
        self
    }

    /// Sets the interlocutor's channel id (`userID`).
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().user_id("visitor-7").to_value();
    /// assert_eq!(n["data"]["interlocutor"]["userID"], "visitor-7");
    /// ```
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.interlocutor.remote_id = user_id.into();
        self
    }

    /// Sets the interlocutor's first name.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().first_name("Tintin").step_reached();
    /// assert_eq!(reached.interlocutor.first_name.as_deref(), Some("Tintin"));
    /// ```
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.interlocutor.first_name = Some(first_name.into());
        self
    }

    /// Sets the interlocutor's last name.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().last_name("Reporter").step_reached();
    /// assert_eq!(reached.interlocutor.last_name.as_deref(), Some("Reporter"));
    /// ```
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.interlocutor.last_name = Some(last_name.into());
        self
    }

    /// Sets the interlocutor's e-mail address.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().email("tintin@moulinsart.fr").step_reached();
    /// assert_eq!(reached.interlocutor.email.as_deref(), Some("tintin@moulinsart.fr"));
    /// ```
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.interlocutor.email = Some(email.into());
        self
    }

    /// Sets the interlocutor's phone number.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().phone_number("+32 2 555 01 23").step_reached();
    /// assert_eq!(reached.interlocutor.phone_number.as_deref(), Some("+32 2 555 01 23"));
    /// ```
    pub fn phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.interlocutor.phone_number = Some(phone_number.into());
        self
    }

    /// Sets the interlocutor's location.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let reached = NotificationBuilder::new().location(50.8503, 4.3517).step_reached();
    /// let location = reached.interlocutor.location.unwrap();
    /// assert_eq!((location.latitude(), location.longitude()), (50.8503, 4.3517));
    /// ```
    pub fn location(mut self, lat: f64, long: f64) -> Self {
        self.interlocutor.location = Some(Coordinates::new(lat, long));
        self
    }

    /// Sets the interlocutor's custom attribute `key` = `value`.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().custom_attribute("plan", "gold").build();
    /// let user = &n.step_reached().unwrap().interlocutor;
    /// assert_eq!(user.custom_attributes["plan"], "gold");
    /// ```
    pub fn custom_attribute(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.interlocutor
            .custom_attributes
            .insert(key.into(), value.into());
        self
    }

    /// The step-reached event alone, as a handler taking a [`StepReached`] receives it: handy to
    /// call a handler directly, without any HTTP.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let event = NotificationBuilder::new().session_value("name", "Tintin").step_reached();
    /// assert_eq!(event.session.get_str("name"), Some("Tintin"));
    /// ```
    pub fn step_reached(&self) -> StepReached {
        StepReached::new(
            self.channel.clone(),
            self.interlocutor.clone(),
            self.session.clone(),
            self.step.clone(),
            self.input.clone(),
        )
    }

    /// The notification.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let n = NotificationBuilder::new().input_text("Hi").build();
    /// assert_eq!(n.step_reached().unwrap().input.text(), Some("Hi"));
    /// let json = serde_json::to_value(&n).unwrap();
    /// assert_eq!(json["type"], "notification_event");
    /// assert_eq!(json["data"]["type"], "step_reached_event");
    /// ```
    pub fn build(&self) -> WebhookRequest {
        WebhookRequest::new(
            self.topic.clone(),
            self.bot_id.clone(),
            self.timestamp,
            self.step_reached(),
        )
    }

    /// The notification as a JSON value, to change it in ways the models do not allow.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let mut json = NotificationBuilder::new().to_value();
    /// json["data"]["step"]["id"] = serde_json::json!(42);
    /// assert_eq!(json["topic"], "conversation.step_reached");
    /// ```
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self.build()).expect("a notification always serializes")
    }

    /// The notification as JSON text, as the platform writes it.
    ///
    /// ```
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let json = NotificationBuilder::new().to_json();
    /// assert!(json.starts_with(r#"{"topic":"conversation.step_reached","botID":"#));
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.build()).expect("a notification always serializes")
    }

    /// The notification as a request body.
    ///
    /// ```
    /// use clustaar_webhook::schemas::WebhookRequest;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let builder = NotificationBuilder::new();
    /// let body = builder.clone().into_body();
    /// let read: WebhookRequest = serde_json::from_slice(&body).unwrap();
    /// assert_eq!(read, builder.build());
    /// ```
    pub fn into_body(self) -> Bytes {
        Bytes::from(self.to_json())
    }
}

impl From<NotificationBuilder> for WebhookRequest {
    fn from(builder: NotificationBuilder) -> Self {
        builder.build()
    }
}

impl Serialize for NotificationBuilder {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.build().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_read_back() {
        let json = NotificationBuilder::new()
            .timestamp(1_764_339_000)
            .to_json();
        let request: WebhookRequest = serde_json::from_str(&json).unwrap();
        assert_eq!(
            request,
            NotificationBuilder::new().timestamp(1_764_339_000).build()
        );
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["type"], "notification_event");
        assert_eq!(value["botID"], DEFAULT_BOT_ID);
        assert_eq!(value["data"]["type"], "step_reached_event");
        assert_eq!(value["data"]["step"]["id"], DEFAULT_STEP_ID);
        assert_eq!(value["data"]["input"]["type"], "message");
        assert_eq!(value["data"]["interlocutor"]["userID"], "visitor-42");
    }
}
