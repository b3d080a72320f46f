//! The schemas of the conformance documents (`tests/conformance/schemas/<schema>/`), each mapped
//! to its model, for every test that walks the documents.

use std::path::{Path, PathBuf};

use clustaar_webhook::schemas::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What a test needs of a model: to read it, write it and check it.
pub(crate) trait Model: Serialize + DeserializeOwned + ReadAsSent + Validate {}

impl<T: Serialize + DeserializeOwned + ReadAsSent + Validate> Model for T {}

/// Something done with the model of a schema, chosen by the schema's name at run time.
pub(crate) trait ModelVisitor {
    /// What the visit gives back.
    type Output;

    /// Runs with the schema's model as `T`.
    fn visit<T: Model>(self) -> Self::Output;
}

macro_rules! schema_table {
    ($($schema:literal => $model:ty),* $(,)?) => {
        /// Every schema name, one per folder of conformance documents.
        pub(crate) const SCHEMAS: &[&str] = &[$($schema),*];

        /// Runs `visitor` with the model of `schema`, or gives `None` when no model maps to it.
        pub(crate) fn with_model<V: ModelVisitor>(schema: &str, visitor: V) -> Option<V::Output> {
            match schema {
                $($schema => Some(visitor.visit::<$model>()),)*
                _ => None,
            }
        }
    };
}

schema_table! {
    "predicate_message_getter" => MessageGetter,
    "predicate_session_value_getter" => SessionValueGetter,
    "predicate_attachment_value_getter" => AttachmentValueGetter,
    "predicate_user_attribute_getter" => UserAttributeGetter,
    "is_not_set_condition" => IsNotSetCondition,
    "is_set_condition" => IsSetCondition,
    "contain_condition" => ContainCondition,
    "equals_condition" => EqualsCondition,
    "match_regexp_condition" => MatchRegexpCondition,
    "match_intent_condition_intent" => MatchIntentConditionIntent,
    "match_intent_condition" => MatchIntentCondition,
    "is_less_than_condition" => IsLessThanCondition,
    "is_less_than_or_equal_condition" => IsLessThanOrEqualCondition,
    "is_greater_than_condition" => IsGreaterThanCondition,
    "is_greater_than_or_equal_condition" => IsGreaterThanOrEqualCondition,
    "is_number_condition" => IsNumberCondition,
    "is_online_condition" => IsOnlineCondition,
    "is_offline_condition" => IsOfflineCondition,
    "is_logged_condition" => IsLoggedCondition,
    "is_not_logged_condition" => IsNotLoggedCondition,
    "step_target" => StepTarget,
    "story_target" => StoryTarget,
    "actions_block_target" => ActionsBlockTarget,
    "flow_connection_predicate" => FlowConnectionPredicate,
    "flow_connection_team_predicate" => FlowConnectionTeamPredicate,
    "flow_connection_user_predicate" => FlowConnectionUserPredicate,
    "flow_connection" => FlowConnection,
    "go_to_action" => GoToAction,
    "customer_satisfaction_callback_action" => CustomerSatisfactionCallbackAction,
    "document_attachment" => DocumentAttachment,
    "legacy_reply_to_message_action" => LegacyReplyToMessageAction,
    "open_url_action" => OpenUrlAction,
    "share_action" => ShareAction,
    "ask_location_action" => AskLocationAction,
    "send_image_action" => SendImageAction,
    "send_text_action" => SendTextAction,
    "send_js_event_action" => SendJsEventAction,
    "send_email_action" => SendEmailAction,
    "wait_action" => WaitAction,
    "pause_bot_action" => PauseBotAction,
    "close_intercom_conversation_action" => CloseIntercomConversationAction,
    "assign_intercom_conversation_action" => AssignIntercomConversationAction,
    "quick_reply" => QuickReply,
    "send_quick_replies_action" => SendQuickRepliesAction,
    "button" => Button,
    "open_url_button" => OpenUrlButton,
    "card" => Card,
    "simple_card" => SimpleCard,
    "send_cards_action" => SendCardsAction,
    "send_simple_cards_action" => SendSimpleCardsAction,
    "store_session_value_action" => StoreSessionValueAction,
    "set_user_attribute_action" => SetUserAttributeAction,
    "google_custom_search_action" => GoogleCustomSearchAction,
    "webhook_request_field" => WebhookRequestField,
    "send_webhook_request_action" => SendWebhookRequestAction,
    "zendesk_user" => ZendeskUser,
    "create_zendesk_ticket_action" => CreateZendeskTicketAction,
    "jump_to_action" => JumpToAction,
    "customer_satisfaction_choice" => CustomerSatisfactionChoice,
    "customer_satisfaction_action" => CustomerSatisfactionAction,
    "create_user_request_action" => CreateUserRequestAction,
    "close_iadvize_conversation_action" => CloseIadvizeConversationAction,
    "iadvize_distribution_rule" => IadvizeDistributionRule,
    "transfer_iadvize_conversation_action" => TransferIadvizeConversationAction,
    "asked_document" => AskedDocument,
    "ask_document_action" => AskDocumentAction,
    "choice" => Choice,
    "section" => Section,
    "send_choices_list_action" => SendChoicesListAction,
    "ai_task_engine" => AiTaskEngine,
    "ai_task_behavior" => AiTaskBehavior,
    "send_ai_task_action" => SendAiTaskAction,
    "coordinates" => Coordinates,
    "url_loaded_event" => UrlLoadedEvent,
    "custom_event" => CustomEvent,
    "file" => File,
    "video" => Video,
    "image" => Image,
    "audio" => Audio,
    "incoming_message" => IncomingMessage,
    "reply_to_action_to_message" => ReplyToActionToMessage,
    "webhook_interlocutor" => Interlocutor,
    "webhook_conversation_session" => ConversationSession,
    "webhook_step" => Step,
    "webhook_step_reached" => StepReached,
    "webhook_step_reached_response" => StepReachedResponse,
    "webhook_request" => WebhookRequest,
}

/// The folder of the conformance documents, one folder per schema.
pub(crate) fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/schemas")
}

/// The documents the reference accepts (`valid-*.json`, not the `.loaded.json` it gave back),
/// by schema, sorted.
pub(crate) fn valid_documents() -> Vec<(String, Vec<PathBuf>)> {
    let dir = schemas_dir();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    folders
        .into_iter()
        .map(|folder| {
            let schema = folder.file_name().unwrap().to_str().unwrap().to_owned();
            let documents = valid_documents_of(&schema);
            (schema, documents)
        })
        .collect()
}

/// The documents of `schema` the reference accepts, sorted; never empty.
pub(crate) fn valid_documents_of(schema: &str) -> Vec<PathBuf> {
    let folder = schemas_dir().join(schema);
    let mut documents: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            name.starts_with("valid-") && name.ends_with(".json") && !name.ends_with(".loaded.json")
        })
        .collect();
    documents.sort();
    assert!(!documents.is_empty(), "{schema}: no documents");
    documents
}

/// The JSON document at `path`.
pub(crate) fn read_json_file(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A document the platform refuses, with where it reports its first error.
pub(crate) struct InvalidDocument {
    /// The schema the document is checked against.
    pub(crate) schema: String,
    /// The document's file.
    pub(crate) path: PathBuf,
    /// The dotted path of the platform's first error, or `None` where the platform crashed on
    /// the document instead of reporting an error.
    pub(crate) first_error: Option<String>,
}

/// Every document the platform refuses (`invalid-*.json`, for the schemas from `a` to `m`),
/// sorted.
pub(crate) fn invalid_documents() -> Vec<InvalidDocument> {
    let mut documents = Vec::new();
    for schema in SCHEMAS {
        let folder = schemas_dir().join(schema);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                let name = path.file_name().unwrap().to_str().unwrap();
                name.starts_with("invalid-") && name.ends_with(".json")
            })
            .collect();
        paths.sort();
        for path in paths {
            let errors = path.with_extension("error.txt");
            let text = std::fs::read_to_string(&errors)
                .unwrap_or_else(|e| panic!("{}: {e}", errors.display()));
            let first_line = text.lines().next().unwrap_or_default();
            let location = first_line.split('\t').next().unwrap_or_default();
            let first_error = (location != "CRASH").then(|| {
                let steps: Vec<String> = serde_json::from_str(location)
                    .unwrap_or_else(|e| panic!("{}: {e}", errors.display()));
                steps.join(".")
            });
            documents.push(InvalidDocument {
                schema: schema.to_string(),
                path,
                first_error,
            });
        }
    }
    documents
}
