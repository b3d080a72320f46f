//! Actions that talk to other services: Intercom, Zendesk, iAdvize, outgoing webhooks, Google
//! custom search, and the platform's own user requests.

use serde::{Deserialize, Serialize};

use crate::model;
use crate::schemas::numbers;
use crate::schemas::tag::Tag;

/// Closes the Intercom conversation (`close_intercom_conversation_action`).
///
/// ```
/// use clustaar_webhook::schemas::CloseIntercomConversationAction;
///
/// let close = CloseIntercomConversationAction::new();
/// assert_eq!(
///     serde_json::to_string(&close).unwrap(),
///     r#"{"type":"close_intercom_conversation_action"}"#
/// );
/// ```
#[model("close_intercom_conversation_action")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CloseIntercomConversationAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<CloseIntercomConversationAction>,
}

impl CloseIntercomConversationAction {
    /// A `close_intercom_conversation_action` object.
    ///
    /// ```
    /// use clustaar_webhook::schemas::CloseIntercomConversationAction;
    ///
    /// let model = CloseIntercomConversationAction::new();
    /// assert_eq!(
    ///     serde_json::to_string(&model).unwrap(),
    ///     r#"{"type":"close_intercom_conversation_action"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        CloseIntercomConversationAction {
            type_tag: Tag::new(),
        }
    }
}

/// Closes the iAdvize conversation (`close_iadvize_conversation_action`).
///
/// ```
/// use clustaar_webhook::schemas::{Action, CloseIadvizeConversationAction};
///
/// let json = r#"{"type":"close_iadvize_conversation_action"}"#;
/// let action: Action = serde_json::from_str(json).unwrap();
/// assert_eq!(action, CloseIadvizeConversationAction::new().into());
/// ```
#[model("close_iadvize_conversation_action")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CloseIadvizeConversationAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<CloseIadvizeConversationAction>,
}

impl CloseIadvizeConversationAction {
    /// A `close_iadvize_conversation_action` object.
    ///
    /// ```
    /// use clustaar_webhook::schemas::CloseIadvizeConversationAction;
    ///
    /// let model = CloseIadvizeConversationAction::new();
    /// assert_eq!(
    ///     serde_json::to_string(&model).unwrap(),
    ///     r#"{"type":"close_iadvize_conversation_action"}"#
    /// );
    /// ```
    pub const fn new() -> Self {
        CloseIadvizeConversationAction {
            type_tag: Tag::new(),
        }
    }
}

/// Assigns the Intercom conversation to an admin (`assign_intercom_conversation_action`).
///
/// ```
/// use clustaar_webhook::schemas::AssignIntercomConversationAction;
///
/// let action = AssignIntercomConversationAction::new().assignee_id("42");
/// assert_eq!(
///     serde_json::to_string(&action).unwrap(),
///     r#"{"type":"assign_intercom_conversation_action","assigneeID":"42"}"#
/// );
/// ```
#[model("assign_intercom_conversation_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AssignIntercomConversationAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<AssignIntercomConversationAction>,
    /// The Intercom admin's id (digits); unassigned when `None`.
    #[field(optional, rule = (Length::at_most(100), &DIGITS), load(strip))]
    #[serde(rename = "assigneeID", default)]
    pub assignee_id: Option<String>,
}

impl AssignIntercomConversationAction {
    /// An assignment to nobody in particular.
    ///
    /// ```
    /// use clustaar_webhook::schemas::AssignIntercomConversationAction;
    ///
    /// let action = AssignIntercomConversationAction::new();
    /// assert_eq!(
    ///     serde_json::to_string(&action).unwrap(),
    ///     r#"{"type":"assign_intercom_conversation_action","assigneeID":null}"#
    /// );
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the Intercom admin's id.
    ///
    /// ```
    /// use clustaar_webhook::schemas::AssignIntercomConversationAction;
    ///
    /// let action = AssignIntercomConversationAction::new().assignee_id("4012");
    /// assert_eq!(action.assignee_id.as_deref(), Some("4012"));
    /// ```
    pub fn assignee_id(mut self, assignee_id: impl Into<String>) -> Self {
        self.assignee_id = Some(assignee_id.into());
        self
    }
}

/// The requester of a Zendesk ticket (`zendesk_user`).
///
/// ```
/// use clustaar_webhook::schemas::ZendeskUser;
///
/// let user = ZendeskUser {
///     email: Some("ada@example.com".into()),
///     name: Some("Ada".into()),
///     phone_number: None,
/// };
/// assert_eq!(
///     serde_json::to_string(&user).unwrap(),
///     r#"{"email":"ada@example.com","name":"Ada","phoneNumber":null}"#
/// );
/// ```
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ZendeskUser {
    /// The requester's e-mail address.
    #[field(optional, rule = Length::at_most(100), load(strip, sanitize))]
    #[serde(default)]
    pub email: Option<String>,
    /// The requester's name.
    #[field(optional, rule = Length::at_most(100), load(strip, normalize, sanitize))]
    #[serde(default)]
    pub name: Option<String>,
    /// The requester's phone number.
    #[field(optional)]
    #[serde(rename = "phoneNumber", default)]
    pub phone_number: Option<String>,
}

/// Creates a Zendesk ticket (`create_zendesk_ticket_action`).
///
/// ```
/// use clustaar_webhook::schemas::{CreateZendeskTicketAction, ZendeskUser};
///
/// let user = ZendeskUser { email: Some("tintin@example.com".into()), ..Default::default() };
/// let ticket = CreateZendeskTicketAction::new(user, "My order is late").subject("Late order");
/// assert_eq!(ticket.subject.as_deref(), Some("Late order"));
/// let json = serde_json::to_value(&ticket).unwrap();
/// assert_eq!(json["type"], "create_zendesk_ticket_action");
/// ```
#[model("create_zendesk_ticket_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreateZendeskTicketAction {
    /// Who asks.
    pub user: ZendeskUser,
    #[serde(rename = "type", default)]
    type_tag: Tag<CreateZendeskTicketAction>,
    /// `incident`, `problem`, `question`, `task` or empty.
    #[field(optional, refuses_null, rule = OrEmpty(OneOf(&["incident", "problem", "question", "task"])))]
    #[serde(rename = "ticketType", default)]
    pub ticket_type: Option<String>,
    /// `high`, `low`, `normal`, `urgent` or empty.
    #[field(optional, refuses_null, rule = OrEmpty(OneOf(&["high", "low", "normal", "urgent"])))]
    #[serde(rename = "ticketPriority", default)]
    pub ticket_priority: Option<String>,
    /// The ticket's subject.
    #[field(optional, refuses_null, rule = Length::at_most(100), load(normalize, sanitize))]
    #[serde(default)]
    pub subject: Option<String>,
    /// The ticket's description.
    #[field(rule = Length::between(1, 1500), load(normalize, sanitize))]
    pub description: String,
    /// The ticket's tags.
    #[field(optional, refuses_null, rule = (Length::at_most(10), Each(Length::at_most(80))))]
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// The Zendesk group (digits).
    #[field(optional, refuses_null, rule = (Length::at_most(24), &DIGITS))]
    #[serde(rename = "groupID", default)]
    pub group_id: Option<String>,
    /// The Zendesk agent (digits).
    #[field(optional, refuses_null, rule = (Length::at_most(24), &DIGITS), load(strip))]
    #[serde(rename = "assigneeID", default)]
    pub assignee_id: Option<String>,
}

impl CreateZendeskTicketAction {
    /// A ticket asked by `user` with the description `description`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CreateZendeskTicketAction, ZendeskUser};
    ///
    /// let ticket = CreateZendeskTicketAction::new(ZendeskUser::default(), "The app crashes");
    /// assert_eq!(ticket.description, "The app crashes");
    /// assert_eq!(ticket.subject, None);
    /// assert_eq!(ticket.tags, None);
    /// ```
    pub fn new(user: ZendeskUser, description: impl Into<String>) -> Self {
        CreateZendeskTicketAction {
            user,
            description: description.into(),
            ..Default::default()
        }
    }

    /// Sets the ticket's subject.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CreateZendeskTicketAction, ZendeskUser};
    ///
    /// let ticket = CreateZendeskTicketAction::new(ZendeskUser::default(), "The app crashes")
    ///     .subject("Crash on start");
    /// assert_eq!(serde_json::to_value(&ticket).unwrap()["subject"], "Crash on start");
    /// ```
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Sets the ticket's type.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CreateZendeskTicketAction, ZendeskUser};
    ///
    /// let ticket = CreateZendeskTicketAction::new(ZendeskUser::default(), "The app crashes")
    ///     .ticket_type("incident");
    /// assert_eq!(serde_json::to_value(&ticket).unwrap()["ticketType"], "incident");
    /// ```
    pub fn ticket_type(mut self, ticket_type: impl Into<String>) -> Self {
        self.ticket_type = Some(ticket_type.into());
        self
    }

    /// Sets the ticket's priority.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CreateZendeskTicketAction, ZendeskUser};
    ///
    /// let ticket = CreateZendeskTicketAction::new(ZendeskUser::default(), "The app crashes")
    ///     .ticket_priority("urgent");
    /// assert_eq!(serde_json::to_value(&ticket).unwrap()["ticketPriority"], "urgent");
    /// ```
    pub fn ticket_priority(mut self, ticket_priority: impl Into<String>) -> Self {
        self.ticket_priority = Some(ticket_priority.into());
        self
    }

    /// Sets the ticket's tags.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CreateZendeskTicketAction, ZendeskUser};
    ///
    /// let ticket = CreateZendeskTicketAction::new(ZendeskUser::default(), "The app crashes")
    ///     .tags(["bot", "mobile"]);
    /// assert_eq!(ticket.tags, Some(vec!["bot".to_owned(), "mobile".to_owned()]));
    /// ```
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the Zendesk group.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CreateZendeskTicketAction, ZendeskUser};
    ///
    /// let ticket = CreateZendeskTicketAction::new(ZendeskUser::default(), "The app crashes")
    ///     .group_id("360001");
    /// assert_eq!(serde_json::to_value(&ticket).unwrap()["groupID"], "360001");
    /// ```
    pub fn group_id(mut self, group_id: impl Into<String>) -> Self {
        self.group_id = Some(group_id.into());
        self
    }

    /// Sets the Zendesk agent.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{CreateZendeskTicketAction, ZendeskUser};
    ///
    /// let ticket = CreateZendeskTicketAction::new(ZendeskUser::default(), "The app crashes")
    ///     .assignee_id("3612");
    /// assert_eq!(serde_json::to_value(&ticket).unwrap()["assigneeID"], "3612");
    /// ```
    pub fn assignee_id(mut self, assignee_id: impl Into<String>) -> Self {
        self.assignee_id = Some(assignee_id.into());
        self
    }
}

/// An iAdvize distribution rule (`iadvize_distribution_rule`).
///
/// ```
/// use clustaar_webhook::schemas::IadvizeDistributionRule;
///
/// let json = r#"{"label":"Support","id":"7"}"#;
/// let rule: IadvizeDistributionRule = serde_json::from_str(json).unwrap();
/// assert_eq!(rule.label, "Support");
/// assert_eq!(serde_json::to_string(&rule).unwrap(), json);
/// ```
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IadvizeDistributionRule {
    /// The rule's label.
    pub label: String,
    /// The rule's id.
    pub id: String,
}

/// Transfers the iAdvize conversation by a distribution rule
/// (`transfer_iadvize_conversation_action`).
///
/// ```
/// use clustaar_webhook::schemas::{IadvizeDistributionRule, TransferIadvizeConversationAction};
///
/// let rule = IadvizeDistributionRule { label: "Sales".into(), id: "12".into() };
/// let transfer = TransferIadvizeConversationAction::new(rule);
/// assert_eq!(
///     serde_json::to_string(&transfer).unwrap(),
///     r#"{"type":"transfer_iadvize_conversation_action","failed_transfer_message":null,"distribution_rule":{"label":"Sales","id":"12"}}"#
/// );
/// ```
#[model("transfer_iadvize_conversation_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TransferIadvizeConversationAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<TransferIadvizeConversationAction>,
    /// What to say when the transfer fails.
    #[field(optional)]
    #[serde(default)]
    pub failed_transfer_message: Option<String>,
    /// The rule picking the agents.
    pub distribution_rule: IadvizeDistributionRule,
}

impl TransferIadvizeConversationAction {
    /// A transfer by `distribution_rule`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{IadvizeDistributionRule, TransferIadvizeConversationAction};
    ///
    /// let rule = IadvizeDistributionRule { label: "Support".into(), id: "7".into() };
    /// let transfer = TransferIadvizeConversationAction::new(rule);
    /// assert_eq!(transfer.distribution_rule.id, "7");
    /// assert_eq!(transfer.failed_transfer_message, None);
    /// ```
    pub fn new(distribution_rule: IadvizeDistributionRule) -> Self {
        TransferIadvizeConversationAction {
            distribution_rule,
            ..Default::default()
        }
    }

    /// Sets what to say when the transfer fails.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{IadvizeDistributionRule, TransferIadvizeConversationAction};
    ///
    /// let rule = IadvizeDistributionRule { label: "Support".into(), id: "7".into() };
    /// let transfer = TransferIadvizeConversationAction::new(rule)
    ///     .failed_transfer_message("Nobody is free, please try again later");
    /// let json = serde_json::to_value(&transfer).unwrap();
    /// assert_eq!(json["failed_transfer_message"], "Nobody is free, please try again later");
    /// ```
    pub fn failed_transfer_message(mut self, message: impl Into<String>) -> Self {
        self.failed_transfer_message = Some(message.into());
        self
    }
}

/// One field of an outgoing webhook request (`webhook_request_field`).
///
/// ```
/// use clustaar_webhook::schemas::WebhookRequestField;
///
/// let field = WebhookRequestField::new("email", "ada@example.com");
/// assert_eq!(
///     serde_json::to_string(&field).unwrap(),
///     r#"{"type":"webhook_request_field","key":"email","value":"ada@example.com"}"#
/// );
/// ```
#[model("webhook_request_field")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WebhookRequestField {
    #[serde(rename = "type", default)]
    type_tag: Tag<WebhookRequestField>,
    /// The field's name.
    #[field(rule = (Length::between(1, 100), &WORD))]
    pub key: String,
    /// The field's value.
    #[field(rule = Length::between(1, 2048))]
    pub value: String,
}

impl WebhookRequestField {
    /// The field `key` = `value`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::WebhookRequestField;
    ///
    /// let field = WebhookRequestField::new("plan", "premium");
    /// assert_eq!(field.key, "plan");
    /// assert_eq!(field.value, "premium");
    /// ```
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        WebhookRequestField {
            type_tag: Tag::new(),
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Sends a request to another webhook, such as Zapier (`send_webhook_request_action`).
///
/// ```
/// use clustaar_webhook::schemas::{SendWebhookRequestAction, WebhookRequestField};
///
/// let request = SendWebhookRequestAction::new("https://example.com/hook", "custom")
///     .field(WebhookRequestField::new("order", "A-1234"));
/// assert_eq!(request.fields.len(), 1);
/// assert_eq!(request.description, "");
/// ```
#[model("send_webhook_request_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SendWebhookRequestAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendWebhookRequestAction>,
    /// Where the request goes.
    #[field(rule = Length::between(1, 500), load(strip))]
    pub url: String,
    /// What the request is for.
    #[field(rule = Length::between(0, 500))]
    pub description: String,
    /// `custom` or `zapier`.
    #[field(rule = OneOf(&["custom", "zapier"]))]
    pub service: String,
    /// The request's fields.
    #[field(rule = Length::at_most(100))]
    pub fields: Vec<WebhookRequestField>,
}

impl SendWebhookRequestAction {
    /// A request to `url` for the service `service` (`custom` or `zapier`), without fields.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendWebhookRequestAction;
    ///
    /// let request = SendWebhookRequestAction::new("https://hooks.example.com/lead", "zapier");
    /// assert_eq!(request.url, "https://hooks.example.com/lead");
    /// assert_eq!(request.service, "zapier");
    /// assert!(request.fields.is_empty());
    /// ```
    pub fn new(url: impl Into<String>, service: impl Into<String>) -> Self {
        SendWebhookRequestAction {
            url: url.into(),
            service: service.into(),
            ..Default::default()
        }
    }

    /// Sets what the request is for.
    ///
    /// ```
    /// use clustaar_webhook::schemas::SendWebhookRequestAction;
    ///
    /// let request = SendWebhookRequestAction::new("https://hooks.example.com/lead", "zapier")
    ///     .description("Add the lead to the CRM");
    /// assert_eq!(request.description, "Add the lead to the CRM");
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Adds a field.
    ///
    /// ```
    /// use clustaar_webhook::schemas::{SendWebhookRequestAction, WebhookRequestField};
    ///
    /// let request = SendWebhookRequestAction::new("https://hooks.example.com/lead", "custom")
    ///     .field(WebhookRequestField::new("email", "ada@example.com"))
    ///     .field(WebhookRequestField::new("plan", "premium"));
    /// let json = serde_json::to_value(&request).unwrap();
    /// assert_eq!(json["fields"][1]["key"], "plan");
    /// ```
    pub fn field(mut self, field: WebhookRequestField) -> Self {
        self.fields.push(field);
        self
    }
}

/// Searches with a Google custom search engine and shows the results
/// (`google_custom_search_action`).
///
/// ```
/// use clustaar_webhook::schemas::GoogleCustomSearchAction;
///
/// let search = GoogleCustomSearchAction::new("opening hours", "0123456789", 3);
/// assert_eq!(
///     serde_json::to_string(&search).unwrap(),
///     r#"{"type":"google_custom_search_action","query":"opening hours","customEngineID":"0123456789","limit":3}"#
/// );
/// ```
#[model("google_custom_search_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GoogleCustomSearchAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<GoogleCustomSearchAction>,
    /// What to search.
    #[field(rule = Length::between(1, 2048))]
    pub query: String,
    /// The custom search engine's id.
    #[field(rule = Length::at_least(1), load(strip))]
    #[serde(rename = "customEngineID")]
    pub custom_engine_id: String,
    /// How many results to show (1 to 10).
    #[field(rule = Range::between(1.0, 10.0))]
    #[serde(deserialize_with = "numbers::unsigned")]
    pub limit: u32,
}

impl GoogleCustomSearchAction {
    /// Searches `query` with the engine `custom_engine_id`, showing `limit` results.
    ///
    /// ```
    /// use clustaar_webhook::schemas::GoogleCustomSearchAction;
    ///
    /// let search = GoogleCustomSearchAction::new("return policy", "017576662512468239146", 5);
    /// assert_eq!(search.query, "return policy");
    /// assert_eq!(search.custom_engine_id, "017576662512468239146");
    /// assert_eq!(search.limit, 5);
    /// ```
    pub fn new(query: impl Into<String>, custom_engine_id: impl Into<String>, limit: u32) -> Self {
        GoogleCustomSearchAction {
            type_tag: Tag::new(),
            query: query.into(),
            custom_engine_id: custom_engine_id.into(),
            limit,
        }
    }
}

/// Opens a request to the support team in the platform (`create_user_request_action`).
///
/// ```
/// use clustaar_webhook::schemas::CreateUserRequestAction;
///
/// let request = CreateUserRequestAction::new("A human will answer soon").group_id("sales");
/// assert_eq!(request.group_id.as_deref(), Some("sales"));
/// ```
#[model("create_user_request_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreateUserRequestAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<CreateUserRequestAction>,
    /// What to tell the user.
    #[field(rule = Length::between(1, 1000), load(strip, normalize, sanitize))]
    pub message: String,
    /// The agent to assign.
    #[field(optional, load(strip))]
    #[serde(rename = "assigneeID", default)]
    pub assignee_id: Option<String>,
    /// The group to assign.
    #[field(optional, load(strip))]
    #[serde(rename = "groupID", default)]
    pub group_id: Option<String>,
}

impl CreateUserRequestAction {
    /// A request, telling the user `message`.
    ///
    /// ```
    /// use clustaar_webhook::schemas::CreateUserRequestAction;
    ///
    /// let request = CreateUserRequestAction::new("An agent will be with you shortly");
    /// assert_eq!(request.message, "An agent will be with you shortly");
    /// assert_eq!(request.assignee_id, None);
    /// assert_eq!(request.group_id, None);
    /// ```
    pub fn new(message: impl Into<String>) -> Self {
        CreateUserRequestAction {
            message: message.into(),
            ..Default::default()
        }
    }

    /// Sets the agent to assign.
    ///
    /// ```
    /// use clustaar_webhook::schemas::CreateUserRequestAction;
    ///
    /// let request = CreateUserRequestAction::new("Ada will answer you").assignee_id("ada");
    /// assert_eq!(serde_json::to_value(&request).unwrap()["assigneeID"], "ada");
    /// ```
    pub fn assignee_id(mut self, assignee_id: impl Into<String>) -> Self {
        self.assignee_id = Some(assignee_id.into());
        self
    }

    /// Sets the group to assign.
    ///
    /// ```
    /// use clustaar_webhook::schemas::CreateUserRequestAction;
    ///
    /// let request = CreateUserRequestAction::new("Our sales team will answer").group_id("sales");
    /// assert_eq!(serde_json::to_value(&request).unwrap()["groupID"], "sales");
    /// ```
    pub fn group_id(mut self, group_id: impl Into<String>) -> Self {
        self.group_id = Some(group_id.into());
        self
    }
}
