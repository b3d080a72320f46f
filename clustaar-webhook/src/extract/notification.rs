//! One incoming notification, parsed once, and how a handler receives it.

use axum::body::Bytes;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::rejection::Rejection;
use crate::schemas::{Event, StepReached, WebhookRequest};

/// A notification that passed the security checks, as the route table and the handler see it.
///
/// The body is parsed once into the typed [`WebhookRequest`]. The generic JSON form that filters
/// and raw-JSON handlers use is only built when one of them asks for it, so a webhook that routes
/// on step ids and takes typed notifications parses each body exactly once.
///
/// ```
/// use clustaar_webhook::extract::Notification;
///
/// let body = br#"{"botID":"b","timestamp":1,"topic":"conversation.step_reached","type":"notification_event",
///   "data":{"type":"step_reached_event","channel":"web",
///     "interlocutor":{"id":"i","userID":"u","location":null,"email":null,"firstName":null,
///                     "lastName":null,"phoneNumber":null,"customAttributes":{}},
///     "session":{"values":{}},
///     "step":{"id":"507f191e810c19729de860ea","name":"s","userData":"","actions":[]},
///     "input":{"type":"custom_event","name":"opened"}}}"#;
/// let mut notification = Notification::parse(body.to_vec().into()).unwrap();
/// assert_eq!(notification.topic(), Some("conversation.step_reached"));
/// assert_eq!(notification.step_id(), Some("507f191e810c19729de860ea"));
/// assert_eq!(notification.json()["botID"], "b");
/// ```
#[derive(Debug)]
pub struct Notification {
    body: Bytes,
    // Boxed: the notification travels through the request's futures, which stay small.
    typed: Option<Result<Box<WebhookRequest>, Rejection>>,
    json: Option<Value>,
}

impl Notification {
    /// Parses a request body: `400` when it is not a JSON object.
    ///
    /// A JSON object that the models cannot read is *not* an error here: the handler decides,
    /// since one that takes raw JSON can still use it.
    ///
    /// The body is read at most twice: once into the models and, only when they cannot read
    /// it, once more into generic JSON (or, for a body that is not an object, only checked,
    /// without building anything), and the models' error is then found in that JSON.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// use clustaar_webhook::extract::Notification;
    /// use clustaar_webhook::testing::NotificationBuilder;
    /// use clustaar_webhook::Rejection;
    ///
    /// assert!(Notification::parse(NotificationBuilder::new().into_body()).is_ok());
    /// // A JSON object the models cannot read is still a notification, for raw handlers.
    /// assert!(Notification::parse(r#"{"topic": 1}"#.into()).is_ok());
    /// assert_eq!(Notification::parse("[1]".into()).unwrap_err(), Rejection::BodyNotObject);
    /// # }
    /// ```
    pub fn parse(body: Bytes) -> Result<Self, Rejection> {
        // The whole body is checked once, and read as text: reading bytes, serde_json would
        // check each string again (about 80 of them in a notification).
        let text = std::str::from_utf8(&body).map_err(|_| Rejection::BodyNotUtf8)?;
        // serde reads a struct from a JSON list of its fields too: only an object is taken.
        match serde_json::from_str(text) {
            Ok(request) if is_object(&body) => {
                return Ok(Notification {
                    body,
                    typed: Some(Ok(request)),
                    json: None,
                });
            }
            _ => {}
        }
        // The slow path tells a body that is not JSON from a notification we cannot read.
        if !is_object(&body) {
            return Err(not_an_object(&body));
        }
        let json =
            serde_json::from_str(text).map_err(|error| Rejection::from_json_error(&error))?;
        let typed = read_typed_from(&json);
        Ok(Notification {
            body,
            typed: Some(typed),
            json: Some(json),
        })
    }

    /// The raw body, exactly as it was signed.
    ///
    /// ```
    /// use clustaar_webhook::extract::Notification;
    ///
    /// let notification = Notification::parse(r#"{ "topic": "x" }"#.into()).unwrap();
    /// assert_eq!(notification.body(), r#"{ "topic": "x" }"#);
    /// ```
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The notification's `topic`, when it is a string.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// use clustaar_webhook::extract::Notification;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let body = NotificationBuilder::new().topic("conversation.other").into_body();
    /// assert_eq!(Notification::parse(body).unwrap().topic(), Some("conversation.other"));
    /// assert_eq!(Notification::parse(r#"{"topic": 7}"#.into()).unwrap().topic(), None);
    /// # }
    /// ```
    pub fn topic(&self) -> Option<&str> {
        match (&self.typed, &self.json) {
            (Some(Ok(request)), _) => Some(&request.topic),
            (_, Some(json)) => json.get("topic").and_then(Value::as_str),
            _ => None,
        }
    }

    /// The notification's `data.step.id`, when it is a string, whatever the event's type.
    ///
    /// This is what [`StepId`](crate::filters::StepId) matches on, so the route table's step-id
    /// index and the filter always agree. An event type the models do not know is kept as raw
    /// JSON, and its step id is read from there: the body is not parsed a second time.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// use clustaar_webhook::extract::Notification;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let body = NotificationBuilder::new().step_id("507f191e810c19729de860ea").into_body();
    /// let notification = Notification::parse(body).unwrap();
    /// assert_eq!(notification.step_id(), Some("507f191e810c19729de860ea"));
    /// # }
    /// ```
    pub fn step_id(&self) -> Option<&str> {
        match (&self.typed, &self.json) {
            (Some(Ok(request)), _) => match &request.event {
                Event::StepReached(event) => Some(&event.step.id),
                Event::Unknown(event) => step_id_in(event.as_map().get("step")),
            },
            (_, Some(json)) => step_id_in(json.get("data").and_then(|data| data.get("step"))),
            _ => None,
        }
    }

    /// The bot's id (`botID`), when there is one.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// use clustaar_webhook::extract::Notification;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let body = NotificationBuilder::new().bot_id("5a8f1c2e9b1d4c00aaaaaaaa").into_body();
    /// let notification = Notification::parse(body).unwrap();
    /// assert_eq!(notification.bot_id(), Some("5a8f1c2e9b1d4c00aaaaaaaa"));
    /// # }
    /// ```
    pub fn bot_id(&self) -> Option<&str> {
        match (&self.typed, &self.json) {
            (Some(Ok(request)), _) => Some(&request.bot_id),
            (_, Some(json)) => json.get("botID").and_then(Value::as_str),
            _ => None,
        }
    }

    /// The notification as generic JSON, parsed on first use.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// use clustaar_webhook::extract::Notification;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let body = NotificationBuilder::new().session_value("name", "Tintin").into_body();
    /// let mut notification = Notification::parse(body).unwrap();
    /// assert_eq!(notification.json()["data"]["session"]["values"]["name"], "Tintin");
    /// # }
    /// ```
    pub fn json(&mut self) -> &Value {
        let body = &self.body;
        // `parse` has already seen a JSON object in UTF-8 text, so this cannot fail; read as
        // text, its strings are not checked again one by one.
        self.json.get_or_insert_with(|| {
            std::str::from_utf8(body)
                .ok()
                .and_then(|text| serde_json::from_str(text).ok())
                .unwrap_or_default()
        })
    }

    /// Takes the typed notification, or the `400` saying why it could not be read.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// use clustaar_webhook::extract::Notification;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let body = NotificationBuilder::new().input_text("Where is my order?").into_body();
    /// let request = Notification::parse(body).unwrap().take_request().unwrap();
    /// assert_eq!(request.step_reached().unwrap().input.text(), Some("Where is my order?"));
    ///
    /// let mut unreadable = Notification::parse(r#"{"topic": 1}"#.into()).unwrap();
    /// assert_eq!(unreadable.take_request().unwrap_err().status(), 400);
    /// # }
    /// ```
    pub fn take_request(&mut self) -> Result<WebhookRequest, Rejection> {
        // Only a second taker, which no handler has, reads the body again.
        self.typed
            .take()
            .unwrap_or_else(|| read_typed(&self.body))
            .map(|request| *request)
    }

    /// Takes the generic JSON form.
    ///
    /// ```
    /// use clustaar_webhook::extract::Notification;
    ///
    /// let mut notification = Notification::parse(r#"{"topic": "x", "extra": [1, 2]}"#.into())
    ///     .unwrap();
    /// let json = notification.take_json();
    /// assert_eq!(json, serde_json::json!({ "topic": "x", "extra": [1, 2] }));
    /// ```
    pub fn take_json(&mut self) -> Value {
        self.json();
        self.json.take().unwrap_or_default()
    }
}

/// The `id` of a step object, when it is a string.
fn step_id_in(step: Option<&Value>) -> Option<&str> {
    step?.get("id")?.as_str()
}

/// Whether the JSON text `body` is an object (its first non-whitespace byte is `{`).
fn is_object(body: &[u8]) -> bool {
    body.iter()
        .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        == Some(&b'{')
}

pub(super) fn read_typed<T: DeserializeOwned>(body: &[u8]) -> Result<Box<T>, Rejection> {
    // Tracking the path costs an allocation per key read, so it is only paid for a body that
    // fails: the plain read gives the same notification, and a failing body is read again with
    // the path tracked to say where it fails.
    // Read as text, as in `Notification::parse`: the UTF-8 is checked once, not per string.
    if let Ok(Ok(request)) = std::str::from_utf8(body).map(serde_json::from_str) {
        return Ok(request);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let request = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| Rejection::from_path_error(&error))?;
    deserializer
        .end()
        .map_err(|error| Rejection::from_json_error(&error))?;
    Ok(request)
}

/// The models' error for a body whose generic JSON is `json`, with the path of the value at
/// fault: found in the JSON already built, so the body is not read a third time.
fn read_typed_from(json: &Value) -> Result<Box<WebhookRequest>, Rejection> {
    serde_path_to_error::deserialize(json).map_err(|error| Rejection::from_path_error(&error))
}

/// Why a body that does not start with `{` is refused: not JSON at all, or JSON but not an
/// object. The body is only checked (`IgnoredAny`), so a large JSON list builds nothing.
fn not_an_object(body: &[u8]) -> Rejection {
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Ok(_) => Rejection::BodyNotObject,
        Err(error) => Rejection::from_json_error(&error),
    }
}

/// What a handler's last argument can be: built from the [`Notification`].
///
/// Implemented for the typed [`WebhookRequest`], for its [`StepReached`] event, for raw
/// [`serde_json::Value`] and for the raw body as [`Bytes`].
///
/// ```
/// use clustaar_webhook::extract::{FromNotification, Notification};
/// use clustaar_webhook::Rejection;
///
/// /// A handler argument that only carries the topic.
/// struct Topic(String);
///
/// impl FromNotification for Topic {
///     fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
///         Ok(Topic(notification.topic().unwrap_or_default().to_owned()))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the notification, the last argument of a webhook handler",
    label = "not a notification type",
    note = "the notification comes last, after any extractors such as `State<…>`, and is one of `StepReached`, `WebhookRequest`, `serde_json::Value`, `Bytes`, `Raw<…>` of the first two, or your own `FromNotification` type",
    note = "`axum::Json<…>` and `VerifiedNotification<…>` are for plain axum routes: a webhook handler takes the notification type itself, such as `n: StepReached`"
)]
pub trait FromNotification: Sized + Send + 'static {
    /// Builds the argument, or rejects the request.
    ///
    /// The webhook calls it for each handler; called by hand, it reads a notification as the
    /// handler would get it.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// use clustaar_webhook::extract::{FromNotification, Notification};
    /// use clustaar_webhook::schemas::StepReached;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let body = NotificationBuilder::new().step_name("Order status").into_body();
    /// let mut notification = Notification::parse(body).unwrap();
    /// let step = StepReached::from_notification(&mut notification).unwrap();
    /// assert_eq!(step.step.name, "Order status");
    /// # }
    /// ```
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection>;
}

impl FromNotification for WebhookRequest {
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
        notification.take_request()
    }
}

impl FromNotification for StepReached {
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
        match notification.take_request()?.event {
            Event::StepReached(event) => Ok(event),
            _ => Err(Rejection::UnexpectedEvent {
                expected: "step_reached_event",
            }),
        }
    }
}

impl FromNotification for Value {
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
        Ok(notification.take_json())
    }
}

impl FromNotification for Bytes {
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
        Ok(notification.body.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../testdata/sample-notification.json");

    fn parse(body: &str) -> Notification {
        Notification::parse(Bytes::from(body.to_owned())).unwrap()
    }

    #[test]
    fn a_typed_notification_is_parsed_once_and_json_only_on_demand() {
        let notification = parse(SAMPLE);
        assert!(notification.json.is_none());
        assert_eq!(notification.step_id(), Some("507f191e810c19729de860ea"));
        assert_eq!(notification.bot_id(), Some("5a8f1c2e9b1d4c0012345678"));
    }

    #[test]
    fn an_event_of_unknown_type_gives_its_step_id_without_a_second_parse() {
        let body = SAMPLE.replace(r#""type":"step_reached_event""#, r#""type":"other_event""#);
        let notification = parse(&body);
        assert!(matches!(
            &notification.typed,
            Some(Ok(request)) if matches!(request.event, Event::Unknown(_))
        ));
        assert_eq!(notification.step_id(), Some("507f191e810c19729de860ea"));
        assert!(notification.json.is_none());

        let body = body.replace(r#""id":"507f191e810c19729de860ea""#, r#""id":1"#);
        assert_eq!(parse(&body).step_id(), None);
    }

    #[test]
    fn the_plain_read_gives_what_the_tracked_read_gives() {
        let mut deserializer = serde_json::Deserializer::from_slice(SAMPLE.as_bytes());
        let tracked: WebhookRequest = serde_path_to_error::deserialize(&mut deserializer).unwrap();
        assert_eq!(
            *read_typed::<WebhookRequest>(SAMPLE.as_bytes()).unwrap(),
            tracked
        );
        // Trailing data is refused by both.
        assert!(matches!(
            read_typed::<WebhookRequest>(format!("{SAMPLE} {{}}").as_bytes()),
            Err(Rejection::BodyNotJson { .. })
        ));
    }

    #[test]
    fn the_error_path_goes_through_polymorphic_models() {
        let body = SAMPLE.replace(r#""duration":1.5"#, r#""duration":"long""#);
        let error = parse(&body).take_request().unwrap_err();
        let Rejection::UnreadableNotification { path, reason } = error else {
            panic!("expected an unreadable notification, got {error:?}")
        };
        assert_eq!(path, "data.step.actions.1.duration");
        assert!(
            reason.starts_with("invalid type: string \"long\""),
            "{reason}"
        );
    }

    #[test]
    fn an_unreadable_notification_still_routes_and_gives_its_json() {
        let body = SAMPLE.replace(r#""timestamp":1764339000"#, r#""timestamp":"soon""#);
        let mut notification = parse(&body);
        assert_eq!(notification.topic(), Some("conversation.step_reached"));
        assert_eq!(notification.step_id(), Some("507f191e810c19729de860ea"));
        assert_eq!(notification.bot_id(), Some("5a8f1c2e9b1d4c0012345678"));
        assert_eq!(notification.take_json()["timestamp"], "soon");
    }

    #[test]
    fn bodies_that_are_not_json_objects_are_rejected() {
        let parse =
            |body: &'static [u8]| Notification::parse(Bytes::from_static(body)).unwrap_err();
        assert_eq!(parse(b"[1]"), Rejection::BodyNotObject);
        assert_eq!(parse(b"\xff\xfe"), Rejection::BodyNotUtf8);
        assert!(matches!(
            parse(b"{\"topic\":"),
            Rejection::BodyNotJson { .. }
        ));
    }

    /// Numbers are read exactly (serde_json's `float_roundtrip`): a raw handler gets the value
    /// that was sent, and a typed model writes it back unchanged.
    #[test]
    fn floats_are_read_exactly() {
        let body = SAMPLE.replace(r#""duration":1.5"#, r#""duration":3.0640500095368627e-109"#);
        let exact: f64 = "3.0640500095368627e-109".parse().unwrap();
        let mut notification = parse(&body);
        let json = notification.take_json();
        assert_eq!(
            json["data"]["step"]["actions"][1]["duration"].as_f64(),
            Some(exact)
        );
    }
}
