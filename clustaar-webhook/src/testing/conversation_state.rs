//! What the platform carries from one turn of a conversation to the next.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{DEFAULT_INTERLOCUTOR_ID, DEFAULT_STEP_ID, NotificationBuilder};
use crate::schemas::{
    Action, ConversationSession, GoToAction, Input, Interlocutor, StepReachedResponse, Target,
};

/// The state of a conversation between two turns: the step the next notification reaches, the
/// session and the interlocutor.
///
/// It follows the playground's rules (`playground/page/playground.js`), which follow the
/// platform's: an answer's session and interlocutor replace the current ones, and a
/// `go_to_action` (answered, or clicked by the visitor) merges its session values and moves to
/// its step.
///
/// ```
/// use clustaar_webhook::testing::{ConversationState, DEFAULT_STEP_ID};
///
/// let state = ConversationState::default();
/// assert_eq!(state.step_id, DEFAULT_STEP_ID);
/// assert!(state.session.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationState {
    /// The id of the step the next notification reaches.
    pub step_id: String,
    /// That step's name.
    pub step_name: String,
    /// The session's values.
    pub session: Map<String, Value>,
    /// Who the visitor is.
    pub interlocutor: Interlocutor,
}

impl Default for ConversationState {
    /// [`NotificationBuilder::new`]'s step and interlocutor, and an empty session.
    fn default() -> Self {
        ConversationState {
            step_id: DEFAULT_STEP_ID.to_owned(),
            step_name: "Hello".to_owned(),
            session: Map::new(),
            interlocutor: Interlocutor::new(DEFAULT_INTERLOCUTOR_ID, "visitor-42"),
        }
    }
}

impl ConversationState {
    /// The notification the platform sends for `input` in this state.
    ///
    /// The step's own actions are left empty: the bot designer's actions are not known here
    /// (as in the playground).
    ///
    /// ```
    /// use clustaar_webhook::schemas::IncomingMessage;
    /// use clustaar_webhook::testing::ConversationState;
    ///
    /// let mut state = ConversationState::default();
    /// state.session.insert("name".to_owned(), "Tintin".into());
    /// let notification = state.notification(IncomingMessage::new("Hi").into()).step_reached();
    /// assert_eq!(notification.session.get_str("name"), Some("Tintin"));
    /// assert_eq!(notification.input.text(), Some("Hi"));
    /// ```
    pub fn notification(&self, input: Input) -> NotificationBuilder {
        self.onto(NotificationBuilder::new(), input)
    }

    /// `builder` at this state (its step, without the step's actions, which a replay does not
    /// know; its session and interlocutor), with `input`: the playground starts from its own
    /// builder.
    pub(crate) fn onto(&self, builder: NotificationBuilder, input: Input) -> NotificationBuilder {
        builder
            .step_id(self.step_id.clone())
            .step_name(self.step_name.clone())
            .step_actions(Vec::<Action>::new())
            .session(ConversationSession {
                values: self.session.clone(),
            })
            .interlocutor(self.interlocutor.clone())
            .input(input)
    }

    /// Follows `go_to`: merges its session values, and moves to its target when it is a step
    /// (stories and action blocks are the platform's to resolve: the step stays).
    ///
    /// ```
    /// use clustaar_webhook::schemas::{GoToAction, StepTarget};
    /// use clustaar_webhook::testing::ConversationState;
    ///
    /// let mut state = ConversationState::default();
    /// state.follow(&GoToAction::new(StepTarget::new("5f0c").name("Order")));
    /// assert_eq!((state.step_id.as_str(), state.step_name.as_str()), ("5f0c", "Order"));
    /// ```
    pub fn follow(&mut self, go_to: &GoToAction) {
        if let Some(values) = &go_to.session_values {
            self.session.extend(
                values
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone())),
            );
        }
        if let Target::Step(step) = &go_to.target {
            self.step_id.clone_from(&step.step_id);
            self.step_name = step.name.clone().unwrap_or_default();
        }
    }

    /// Takes in `answer` as the platform does: its session and interlocutor replace the current
    /// ones, and its `go_to_action`s are followed.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{ConversationSession, StepReachedResponse};
    /// use clustaar_webhook::testing::ConversationState;
    ///
    /// let mut state = ConversationState::default();
    /// state.session.insert("old".to_owned(), 1.into());
    /// let mut session = ConversationSession::new();
    /// session.insert("order", "A-1234");
    /// state.carry(&StepReachedResponse::new().session(session));
    /// assert_eq!(state.session.get("order"), Some(&"A-1234".into()));
    /// assert_eq!(state.session.get("old"), None);
    /// ```
    pub fn carry(&mut self, answer: &StepReachedResponse) {
        if let Some(session) = &answer.session {
            self.session.clone_from(&session.values);
        }
        if let Some(interlocutor) = &answer.interlocutor {
            self.interlocutor.clone_from(interlocutor);
        }
        for go_to in answer.actions.iter().filter_map(answered_go_to) {
            self.follow(&go_to);
        }
    }
}

/// A `go_to_action` in an answer. The schema has no such response action, so it is read as an
/// unknown one; the playground follows it all the same, and so does a conversation.
fn answered_go_to(action: &Action) -> Option<GoToAction> {
    let Action::Unknown(object) = action else {
        return None;
    };
    if object.type_name() != Some("go_to_action") {
        return None;
    }
    serde_json::from_value(Value::Object(object.as_map().clone())).ok()
}
