//! A webhook's answer to a step reached: the actions to run instead of the step's own.

use serde::{Deserialize, Serialize};

use super::actions::Action;
use super::notification::Interlocutor;
use super::session::ConversationSession;
use crate::model;

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
#[model]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StepReachedResponse {
    /// The actions to run, in order.
    pub actions: Vec<Action>,
    /// The session to keep, replacing the current one; unchanged when `None`.
    #[field(optional)]
    #[serde(default)]
    pub session: Option<ConversationSession>,
    /// The user's new details; unchanged when `None`.
    #[field(optional)]
    #[serde(default)]
    pub interlocutor: Option<Interlocutor>,
}

impl StepReachedResponse {
    /// An answer without actions.
    ///
    /// ```
    /// use clustaar_webhook::schemas::StepReachedResponse;
    ///
    /// let response = StepReachedResponse::new();
    /// assert!(response.actions.is_empty());
    /// assert_eq!(
    ///     serde_json::to_string(&response).unwrap(),
    ///     r#"{"actions":[],"session":null,"interlocutor":null}"#
    /// );
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an action.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{PauseBotAction, SendTextAction, StepReachedResponse};
    ///
    /// let response = StepReachedResponse::new()
    ///     .action(SendTextAction::new("Let me call a human."))
    ///     .action(PauseBotAction::new());
    /// assert_eq!(response.actions.len(), 2);
    /// assert_eq!(response.actions[1].type_name(), "pause_bot_action");
    /// ```
    pub fn action(mut self, action: impl Into<Action>) -> Self {
        self.actions.push(action.into());
        self
    }

    /// Adds actions.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendTextAction, StepReachedResponse};
    ///
    /// let lines = ["Hello", "How can I help?"].map(SendTextAction::new);
    /// let response = StepReachedResponse::new().actions(lines);
    /// assert_eq!(response.actions.len(), 2);
    /// assert_eq!(response.actions[0].type_name(), "send_text_action");
    /// ```
    pub fn actions<A: Into<Action>>(mut self, actions: impl IntoIterator<Item = A>) -> Self {
        self.actions.extend(actions.into_iter().map(Into::into));
        self
    }

    /// Sets the session to keep.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{ConversationSession, StepReachedResponse};
    ///
    /// let session = ConversationSession::from_iter([("plan", "gold")]);
    /// let response = StepReachedResponse::new().session(session);
    /// assert_eq!(response.session.unwrap().get_str("plan"), Some("gold"));
    /// ```
    pub fn session(mut self, session: ConversationSession) -> Self {
        self.session = Some(session);
        self
    }

    /// Sets the user's new details.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Interlocutor, StepReachedResponse};
    ///
    /// let user = Interlocutor::new("5a8f1c2e9b1d4c0012340001", "visitor-42")
    ///     .email("tintin@example.com");
    /// let response = StepReachedResponse::new().interlocutor(user);
    /// let json = serde_json::to_value(&response).unwrap();
    /// assert_eq!(json["interlocutor"]["email"], "tintin@example.com");
    /// ```
    pub fn interlocutor(mut self, interlocutor: Interlocutor) -> Self {
        self.interlocutor = Some(interlocutor);
        self
    }
}
