//! [`Raw`]: a handler argument read with the load processors off.

use crate::extract::notification::{FromNotification, Notification, read_typed};
use crate::rejection::Rejection;
use crate::schemas::{AsSent, Event, StepReached, WebhookRequest};

/// A typed notification whose strings are exactly what the platform sent: read with the
/// [load processors](crate::schemas::processors) off.
///
/// Typed arguments ([`WebhookRequest`], [`StepReached`]) get the strings the platform's schema
/// library would give: the visitor's name sanitized (`<b>` kept, `<script>` escaped), texts in
/// NFKC, addresses stripped. A handler that needs what was sent, byte for byte, takes
/// `Raw<WebhookRequest>` or `Raw<StepReached>` instead. The body is then read a second time,
/// with the processors switched off on this thread for that read only, so `Raw` costs one more
/// parse; routing (step ids, filters) is not affected.
///
/// ```
/// use clustaar_webhook::extract::Raw;
/// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
/// # #[cfg(feature = "testing")]
/// use clustaar_webhook::testing::{NotificationBuilder, TestClient};
/// use clustaar_webhook::{Webhook, events};
///
/// async fn greet(Raw(step): Raw<StepReached>) -> StepReachedResponse {
///     let name = step.interlocutor.first_name.unwrap_or_default();
///     StepReachedResponse::new().action(SendTextAction::new(format!("name: {name}")))
/// }
///
/// # #[cfg(not(feature = "testing"))] fn main() {}
/// # #[cfg(feature = "testing")]
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let client = TestClient::new(Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, greet));
/// let response = client.send(NotificationBuilder::new().first_name("<i>Tintin</i> & co")).await;
/// let json: serde_json::Value = response.json();
/// assert_eq!(json["actions"][0]["alternatives"][0], "name: <i>Tintin</i> & co");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Raw<T>(pub T);

impl<T> Raw<T> {
    /// The notification.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// use clustaar_webhook::extract::Raw;
    /// use clustaar_webhook::testing::NotificationBuilder;
    ///
    /// let raw = Raw(NotificationBuilder::new().step_reached());
    /// assert_eq!(raw.into_inner().step.name, "Hello");
    /// # }
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn read_unprocessed(notification: &Notification) -> Result<WebhookRequest, Rejection> {
    read_typed::<AsSent<WebhookRequest>>(notification.body()).map(|request| request.0)
}

impl FromNotification for Raw<WebhookRequest> {
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
        read_unprocessed(notification).map(Raw)
    }
}

impl FromNotification for Raw<StepReached> {
    fn from_notification(notification: &mut Notification) -> Result<Self, Rejection> {
        match read_unprocessed(notification)?.event {
            Event::StepReached(event) => Ok(Raw(event)),
            _ => Err(Rejection::UnexpectedEvent {
                expected: "step_reached_event",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Bytes;

    use super::*;

    const SAMPLE: &str = include_str!("../../testdata/sample-notification.json");

    #[test]
    fn raw_reads_the_strings_as_sent_and_typed_reads_them_processed() {
        let body = SAMPLE.replace(
            r#""firstName":"Tintin""#,
            r#""firstName":"<script>x</script>""#,
        );
        assert_ne!(body, SAMPLE);
        let mut notification = Notification::parse(Bytes::from(body)).unwrap();
        let Raw(raw) = Raw::<StepReached>::from_notification(&mut notification).unwrap();
        assert_eq!(
            raw.interlocutor.first_name.as_deref(),
            Some("<script>x</script>")
        );
        let typed = StepReached::from_notification(&mut notification).unwrap();
        assert_eq!(
            typed.interlocutor.first_name.as_deref(),
            Some("&lt;script&gt;x&lt;/script&gt;")
        );
        // Reading raw changes nothing for the next reading.
        let Raw(request) = Raw::<WebhookRequest>::from_notification(&mut notification).unwrap();
        let Event::StepReached(event) = request.event else {
            panic!("a step reached event")
        };
        assert_eq!(
            event.interlocutor.first_name.as_deref(),
            Some("<script>x</script>")
        );
        let again: WebhookRequest = serde_json::from_slice(notification.body()).unwrap();
        let Event::StepReached(again) = again.event else {
            panic!("a step reached event")
        };
        assert_eq!(again.interlocutor, typed.interlocutor);
    }
}
