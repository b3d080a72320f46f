//! The actions a bot step runs, and that a webhook answers with.
//!
//! ```
//! use clustaar_webhook::schemas::{Action, SendTextAction, WaitAction};
//!
//! let actions: Vec<Action> = vec![SendTextAction::new("Hello").into(), WaitAction::new(1.0).into()];
//! assert_eq!(actions[1].type_name(), "wait_action");
//! assert!(matches!(&actions[0], Action::SendText(text) if text.alternatives == ["Hello"]));
//! ```

mod ai_task;
mod forms;
pub(crate) use forms::SATISFACTION_KINDS;
mod integrations;
mod messages;
mod session;

pub use ai_task::{AiTaskBehavior, AiTaskEngine, SendAiTaskAction};
pub use forms::{
    AskDocumentAction, AskLocationAction, AskedDocument, Choice, CustomerSatisfactionAction,
    CustomerSatisfactionChoice, Section, SendChoicesListAction,
};
pub use integrations::{
    AssignIntercomConversationAction, CloseIadvizeConversationAction,
    CloseIntercomConversationAction, CreateUserRequestAction, CreateZendeskTicketAction,
    GoogleCustomSearchAction, IadvizeDistributionRule, SendWebhookRequestAction,
    TransferIadvizeConversationAction, WebhookRequestField, ZendeskUser,
};
pub use messages::{
    PauseBotAction, SendEmailAction, SendImageAction, SendJsEventAction, SendQuickRepliesAction,
    SendTextAction, WaitAction,
};
pub use session::{SetUserAttributeAction, StoreSessionValueAction};

use super::cards::{SendCardsAction, SendSimpleCardsAction};
use super::flow::JumpToAction;
use super::polymorphic::tagged_enum;

tagged_enum! {
    /// One action of a step, picked by `type`.
    ///
    /// An action type this crate does not know is kept as [`Action::Unknown`] and written back
    /// unchanged.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{Action, WaitAction};
    ///
    /// let json = r#"{"type":"wait_action","duration":3}"#;
    /// let action: Action = serde_json::from_str(json).unwrap();
    /// assert!(matches!(&action, Action::Wait(wait) if wait.seconds() == 3.0));
    /// assert_eq!(serde_json::to_string(&action).unwrap(), json);
    /// let pause: Action = WaitAction::new(0.5).into();
    /// assert_eq!(pause.type_name(), "wait_action");
    /// ```
    pub enum Action (keeps unknown) {
        "pause_bot_action" => PauseBot(PauseBotAction),
        "wait_action" => Wait(WaitAction),
        "send_email_action" => SendEmail(SendEmailAction),
        "send_text_action" => SendText(SendTextAction),
        "send_js_event_action" => SendJsEvent(SendJsEventAction),
        "send_image_action" => SendImage(SendImageAction),
        "close_intercom_conversation_action" => CloseIntercomConversation(CloseIntercomConversationAction),
        "assign_intercom_conversation_action" => AssignIntercomConversation(AssignIntercomConversationAction),
        "send_cards_action" => SendCards(SendCardsAction),
        "send_simple_cards_action" => SendSimpleCards(SendSimpleCardsAction),
        "send_quick_replies_action" => SendQuickReplies(SendQuickRepliesAction),
        "store_session_value_action" => StoreSessionValue(StoreSessionValueAction),
        "set_user_attribute_action" => SetUserAttribute(SetUserAttributeAction),
        "ask_location_action" => AskLocation(AskLocationAction),
        "google_custom_search_action" => GoogleCustomSearch(GoogleCustomSearchAction),
        "create_zendesk_ticket_action" => CreateZendeskTicket(CreateZendeskTicketAction),
        "jump_to_action" => JumpTo(JumpToAction),
        "customer_satisfaction_action" => CustomerSatisfaction(CustomerSatisfactionAction),
        "send_webhook_request_action" => SendWebhookRequest(SendWebhookRequestAction),
        "create_user_request_action" => CreateUserRequest(CreateUserRequestAction),
        "transfer_iadvize_conversation_action" => TransferIadvizeConversation(TransferIadvizeConversationAction),
        "close_iadvize_conversation_action" => CloseIadvizeConversation(CloseIadvizeConversationAction),
        "ask_document_action" => AskDocument(AskDocumentAction),
        "choice" => Choice(Choice),
        "section" => Section(Section),
        "send_choices_list_action" => SendChoicesList(SendChoicesListAction),
        "send_ai_task_action" => SendAiTask(SendAiTaskAction),
    }
}
