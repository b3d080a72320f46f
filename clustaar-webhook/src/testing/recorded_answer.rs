//! The webhook's answer to one turn, as a transcript keeps it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::TestResponse;
use crate::rejection::Rejection;
use crate::schemas::StepReachedResponse;

/// What the webhook answered to one turn: its status, the route that took the notification and
/// its body as JSON.
///
/// The headers are left out: their `Date` and signatures change on every run, and a transcript
/// must come out the same when nothing changed.
///
/// ```
/// use clustaar_webhook::testing::RecordedAnswer;
/// use serde_json::json;
///
/// let answer = RecordedAnswer { status: 200, route: Some("welcome".to_owned()), body: json!({"actions": []}) };
/// assert_eq!(
///     serde_json::to_string(&answer).unwrap(),
///     r#"{"status":200,"route":"welcome","body":{"actions":[]}}"#
/// );
/// assert!(answer.step_reached().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedAnswer {
    /// The HTTP status code.
    pub status: u16,
    /// The route that took the notification, when known (`None` when no route takes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// The body as JSON, or as a JSON string when it is not JSON.
    pub body: Value,
}

impl RecordedAnswer {
    /// The answer of `response`.
    ///
    /// ```
    /// use clustaar_webhook::Webhook;
    /// use clustaar_webhook::testing::{NotificationBuilder, RecordedAnswer, TestClient};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = TestClient::new(Webhook::new().private_key("key"));
    /// let answer = RecordedAnswer::of(&client.send(NotificationBuilder::new()).await);
    /// assert_eq!(answer.status, 404);
    /// assert_eq!(answer.body["title"], "404 Not Found");
    /// # }
    /// ```
    pub fn of(response: &TestResponse) -> Self {
        Self::from_parts(
            response.status().as_u16(),
            response.route().map(str::to_owned),
            response.body(),
        )
    }

    /// The answer of this status, route and body: the body read as JSON, or kept as a JSON
    /// string when it is not JSON. The playground records its turns with it too, and a replay
    /// over HTTP (where no route is known) reads its answers with it.
    ///
    /// ```
    /// use clustaar_webhook::testing::RecordedAnswer;
    ///
    /// let answer = RecordedAnswer::from_parts(200, None, br#"{"actions": []}"#);
    /// assert_eq!(answer.body["actions"], serde_json::json!([]));
    /// let answer = RecordedAnswer::from_parts(502, None, b"Bad Gateway");
    /// assert_eq!(answer.body, "Bad Gateway");
    /// ```
    pub fn from_parts(status: u16, route: Option<String>, body: &[u8]) -> Self {
        let body = serde_json::from_slice(body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()));
        RecordedAnswer {
            status,
            route,
            body,
        }
    }

    /// The body read as a step-reached response, when the status is a success and it is one.
    ///
    /// ```
    /// use clustaar_webhook::testing::RecordedAnswer;
    /// use serde_json::json;
    ///
    /// let refused = RecordedAnswer { status: 400, route: None, body: json!({"title": "400 Bad Request"}) };
    /// assert_eq!(refused.step_reached(), None);
    /// ```
    pub fn step_reached(&self) -> Option<StepReachedResponse> {
        if !(200..300).contains(&self.status) {
            return None;
        }
        serde_json::from_value(self.body.clone()).ok()
    }

    /// Whether this answer is `rejection`: its status and its JSON body.
    ///
    /// ```
    /// use clustaar_webhook::rejection::Rejection;
    /// use clustaar_webhook::testing::RecordedAnswer;
    ///
    /// let body = serde_json::from_str(&Rejection::NotFound.to_json()).unwrap();
    /// let answer = RecordedAnswer { status: 404, route: None, body };
    /// assert!(answer.is_rejection(&Rejection::NotFound));
    /// assert!(!answer.is_rejection(&Rejection::RequestTooOld));
    /// ```
    pub fn is_rejection(&self, rejection: &Rejection) -> bool {
        let expected: Option<Value> = serde_json::from_str(&rejection.to_json()).ok();
        self.status == rejection.status().as_u16() && expected.as_ref() == Some(&self.body)
    }
}
