//! Transcripts: a conversation as a JSON file, recorded once and replayed by tests.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::replay_diff::changes;
use super::{
    Conversation, ConversationState, RecordedAnswer, ReplayDiff, TestClient, TranscriptError,
    VisitorAction,
};

/// A conversation kept as a file: the state it starts from, then for each turn what the visitor
/// did and what the webhook answered.
///
/// Its JSON has a stable key order (the fields' order, and the answers' own order) and no
/// volatile value (no date, signature or latency: headers are left out), so that recording an
/// unchanged bot again gives the same file, byte for byte, and a change reads as a small diff.
///
/// ```
/// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
/// use clustaar_webhook::testing::{Conversation, Transcript};
/// use clustaar_webhook::{events, Webhook};
///
/// async fn echo(n: StepReached) -> StepReachedResponse {
///     let text = n.input.text().unwrap_or_default().to_owned();
///     StepReachedResponse::new().action(SendTextAction::new(text))
/// }
/// fn bot() -> Webhook {
///     Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, echo)
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mut chat = Conversation::new(bot());
/// chat.say("Hello").await;
/// let transcript = chat.transcript();
/// let json = transcript.to_json();
/// assert_eq!(Transcript::from_json(&json).unwrap(), transcript);
/// // Replayed against the same bot, the same file.
/// assert_eq!(transcript.replay(bot()).await.unwrap().to_json(), json);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// The state the conversation starts from.
    pub start: ConversationState,
    /// The turns, in order.
    pub turns: Vec<TranscriptTurn>,
}

/// One turn of a transcript: what the visitor did, and what the webhook answered.
///
/// ```
/// use clustaar_webhook::testing::{RecordedAnswer, TranscriptTurn, VisitorAction};
/// use serde_json::json;
///
/// let turn = TranscriptTurn {
///     visitor: VisitorAction::Says("Hi".to_owned()),
///     answer: RecordedAnswer { status: 200, route: None, body: json!({"actions": []}) },
/// };
/// assert_eq!(
///     serde_json::to_string(&turn).unwrap(),
///     r#"{"visitor":{"says":"Hi"},"answer":{"status":200,"body":{"actions":[]}}}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptTurn {
    /// What the visitor did.
    pub visitor: VisitorAction,
    /// What the webhook answered.
    pub answer: RecordedAnswer,
}

impl Transcript {
    /// The transcript as its file holds it: indented JSON, ending with a newline.
    ///
    /// ```
    /// use clustaar_webhook::testing::{ConversationState, Transcript};
    ///
    /// let empty = Transcript { start: ConversationState::default(), turns: Vec::new() };
    /// let json = empty.to_json();
    /// assert!(json.starts_with("{\n  \"start\": {\n    \"stepId\""));
    /// assert!(json.ends_with("\"turns\": []\n}\n"));
    /// ```
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self)
            .expect("a transcript is plain JSON: it always serializes");
        json.push('\n');
        json
    }

    /// Reads a transcript from its JSON.
    ///
    /// # Errors
    /// When `json` is not a transcript.
    ///
    /// ```
    /// use clustaar_webhook::testing::Transcript;
    ///
    /// assert!(Transcript::from_json("{}").is_err());
    /// ```
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Reads the transcript file at `path`.
    ///
    /// # Errors
    /// When the file cannot be read or is not a transcript.
    ///
    /// ```
    /// use clustaar_webhook::testing::{ConversationState, Transcript};
    ///
    /// let path = std::env::temp_dir().join("clustaar-transcript-load-example.json");
    /// let empty = Transcript { start: ConversationState::default(), turns: Vec::new() };
    /// empty.save(&path).unwrap();
    /// assert_eq!(Transcript::load(&path).unwrap(), empty);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Self, TranscriptError> {
        let path = path.as_ref();
        let json = fs::read_to_string(path).map_err(|source| TranscriptError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json(&json).map_err(|source| TranscriptError::Parse {
            path: path.to_owned(),
            source,
        })
    }

    /// Writes the transcript to the file at `path` ([`to_json`](Self::to_json)).
    ///
    /// # Errors
    /// When the file cannot be written.
    ///
    /// ```
    /// use clustaar_webhook::testing::{ConversationState, Transcript};
    ///
    /// let path = std::env::temp_dir().join("clustaar-transcript-save-example.json");
    /// let empty = Transcript { start: ConversationState::default(), turns: Vec::new() };
    /// empty.save(&path).unwrap();
    /// assert_eq!(std::fs::read_to_string(&path).unwrap(), empty.to_json());
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), TranscriptError> {
        let path = path.as_ref();
        fs::write(path, self.to_json()).map_err(|source| TranscriptError::Write {
            path: path.to_owned(),
            source,
        })
    }

    /// Replays the transcript against `target` (a [`Webhook`](crate::Webhook) or a [`TestClient`], for a webhook
    /// with state): from the start state, sends each turn's visitor
    /// action as recorded (a click sends its recorded `go_to_action`) and compares the answer
    /// with the recorded one. Returns the replayed transcript, equal to this one. A turn
    /// recorded without a route (over HTTP, or by a playground aimed at a URL, where no route
    /// is known) is compared without it.
    ///
    /// # Errors
    /// The first turn whose answer changed, with the fields that changed, as JSON paths into
    /// the answer (`status`, `route`, `body.actions[1].alternatives[0]`…).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let bot = |greeting: &'static str| {
    ///     let greet = move |_: StepReached| async move {
    ///         StepReachedResponse::new().action(SendTextAction::new(greeting))
    ///     };
    ///     Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, greet)
    /// };
    /// let mut chat = Conversation::new(bot("Hello"));
    /// chat.say("Hi").await;
    /// let diff = chat.transcript().replay(bot("Howdy")).await.unwrap_err();
    /// assert_eq!(diff.turn, 1);
    /// assert_eq!(diff.changes[0].path, "body.actions[0].alternatives[0]");
    /// # }
    /// ```
    pub async fn replay(&self, target: impl Into<TestClient>) -> Result<Transcript, ReplayDiff> {
        let mut conversation =
            Conversation::with_client(target.into()).starting_from(self.start.clone());
        for (index, recorded) in self.turns.iter().enumerate() {
            conversation.play(recorded.visitor.clone()).await;
            let mut replayed = conversation.answer().clone();
            // Recorded where no route is known (over HTTP, or by a playground aimed at a URL):
            // the transcript says nothing of routes.
            if recorded.answer.route.is_none() {
                replayed.route = None;
            }
            let found = changes("", &answer_json(&recorded.answer), &answer_json(&replayed));
            if !found.is_empty() {
                return Err(ReplayDiff {
                    turn: index + 1,
                    visitor: recorded.visitor.clone(),
                    changes: found,
                    conversation: conversation.describe(),
                });
            }
        }
        Ok(conversation.transcript())
    }

    /// Replays the transcript against `target` (a [`Webhook`](crate::Webhook) or a [`TestClient`]), and panics
    /// with the diff when an answer changed.
    ///
    /// # Panics
    /// When an answer changed: the message names the turn and the fields.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    /// use clustaar_webhook::testing::Conversation;
    /// use clustaar_webhook::{events, Webhook};
    ///
    /// async fn hello(_: StepReached) -> StepReachedResponse {
    ///     StepReachedResponse::new().action(SendTextAction::new("Hello"))
    /// }
    /// fn bot() -> Webhook {
    ///     Webhook::new().private_key("key").on(events::CONVERSATION_STEP_REACHED, hello)
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut chat = Conversation::new(bot());
    /// chat.say("Hi").await;
    /// chat.transcript().assert_replays(bot()).await;
    /// # }
    /// ```
    pub async fn assert_replays(&self, target: impl Into<TestClient>) {
        if let Err(diff) = self.replay(target).await {
            panic!("the transcript no longer replays: {diff}");
        }
    }
}

/// An answer as the JSON a diff walks, so that its paths read `status`, `route`, `body…`.
fn answer_json(answer: &RecordedAnswer) -> serde_json::Value {
    serde_json::to_value(answer).expect("an answer is plain JSON: it always serializes")
}

/// Replays the transcript file at `path` against `target` (a [`Webhook`](crate::Webhook) or a [`TestClient`]):
/// the one line a test needs.
///
/// # Panics
/// When the file cannot be read, or an answer changed (the message names the turn and the
/// fields).
///
/// ```no_run
/// use clustaar_webhook::Webhook;
/// use clustaar_webhook::testing::assert_replays;
///
/// # fn order_bot() -> Webhook { Webhook::new().private_key("key") }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// assert_replays("tests/transcripts/order.json", order_bot()).await;
/// # }
/// ```
pub async fn assert_replays(path: impl AsRef<Path>, target: impl Into<TestClient>) {
    let transcript = Transcript::load(path).unwrap_or_else(|error| panic!("{error}"));
    transcript.assert_replays(target).await;
}
