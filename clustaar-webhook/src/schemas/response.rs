//! A webhook's answer to a step reached: the actions to run instead of the step's own.

use serde::{Deserialize, Serialize};

use super::actions::Action;
use super::notification::Interlocutor;
use super::session::ConversationSession;

/// The answer to a step reached (`webhook_step_reached_response`).
///
/// ```
/// use clustaar_webhook::schemas::{ConversationSession, SendTextAction, StepReachedResponse};
///
/// let session = ConversationSession::from_iter([("name", "John")]);
/// let response = StepReachedResponse::new()
///     .action(SendTextAction::new("Hello"))
///     .session(session);
/// assert_eq!(
///     serde_json::to_string(&response).unwrap(),
///     r#"{"actions":[{"type":"send_text_action","alternatives":["Hello"]}],"session":{"values":{"name":"John"}},"interlocutor":null}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StepReachedResponse {
    /// The actions to run, in order.
    pub actions: Vec<Action>,
    /// The session to keep, replacing the current one; unchanged when `None`.
    #[serde(default)]
    pub session: Option<ConversationSession>,
    /// The user's new details; unchanged when `None`.
    #[serde(default)]
    pub interlocutor: Option<Interlocutor>,
}

impl StepReachedResponse {
    /// An answer without actions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an action.
    pub fn action(mut self, action: impl Into<Action>) -> Self {
        self.actions.push(action.into());
        self
    }

    /// Adds actions.
    pub fn actions<A: Into<Action>>(mut self, actions: impl IntoIterator<Item = A>) -> Self {
        self.actions.extend(actions.into_iter().map(Into::into));
        self
    }

    /// Sets the session to keep.
    pub fn session(mut self, session: ConversationSession) -> Self {
        self.session = Some(session);
        self
    }

    /// Sets the user's new details.
    pub fn interlocutor(mut self, interlocutor: Interlocutor) -> Self {
        self.interlocutor = Some(interlocutor);
        self
    }
}
