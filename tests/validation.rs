//! Validation of the models (`clustaar_webhook::schemas::Validate`, `from_json`): every rule of
//! the platform's schemas, at its boundary and one step past it, with the path of the
//! violation; every violation reported, in document order; every document the platform
//! accepts (`tests/conformance/schemas/*/valid-*.json`) valid.

use clustaar_webhook::schemas::*;
use serde_json::{Value, json};

use crate::common::schemas::{Model, ModelVisitor, read_json_file, valid_documents, with_model};

const OID: &str = "507f191e810c19729de860ea";

/// The paths of the violations of `doc` read as the model of `schema` (none when it is valid),
/// or why it could not be read.
fn violations(schema: &str, doc: &Value) -> Result<Vec<String>, String> {
    struct Check<'a>(&'a Value);

    impl ModelVisitor for Check<'_> {
        type Output = Result<Vec<String>, String>;

        fn visit<T: Model>(self) -> Self::Output {
            let model: T = serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())?;
            Ok(match model.validate() {
                Ok(()) => Vec::new(),
                Err(errors) => errors.iter().map(|e| e.path().to_owned()).collect(),
            })
        }
    }

    with_model(schema, Check(doc)).unwrap_or_else(|| panic!("no model for {schema}"))
}

#[test]
fn every_document_the_platform_accepts_is_valid() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (schema, documents) in valid_documents() {
        for document in documents {
            let doc = read_json_file(&document);
            count += 1;
            match violations(&schema, &doc) {
                Ok(paths) if paths.is_empty() => {}
                outcome => failures.push(format!("{}: {outcome:?}", document.display())),
            }
        }
    }
    assert!(count > 500, "only {count} documents");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A string of `n` code points, each two bytes long in UTF-8: lengths count code points.
fn text(n: usize) -> Value {
    "é".repeat(n).into()
}

/// An `http` address of exactly `n` code points.
fn url(n: usize) -> Value {
    let head = "https://example.com/";
    format!("{head}{}", "é".repeat(n - head.len())).into()
}

/// `doc` with the value at the JSON pointer `at` replaced (or added) by `value`.
fn with(doc: &Value, at: &str, value: Value) -> Value {
    let mut doc = doc.clone();
    let (parent, key) = at.rsplit_once('/').unwrap();
    let parent = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match parent {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        other => panic!("{other} holds no {key}"),
    }
    doc
}

/// One rule at its boundary: `pass` keeps it, `fail` (one step past) breaks it at `path`.
struct Boundary {
    schema: &'static str,
    base: Value,
    at: &'static str,
    pass: Vec<Value>,
    fail: Vec<Value>,
    path: &'static str,
}

impl Boundary {
    fn new(schema: &'static str, base: &Value, at: &'static str, path: &'static str) -> Self {
        Boundary {
            schema,
            base: base.clone(),
            at,
            pass: Vec::new(),
            fail: Vec::new(),
            path,
        }
    }

    fn pass(mut self, values: impl IntoIterator<Item = Value>) -> Self {
        self.pass.extend(values);
        self
    }

    fn fail(mut self, values: impl IntoIterator<Item = Value>) -> Self {
        self.fail.extend(values);
        self
    }

    /// `len in [min, max]` of a string (`max: None`: `len >= min`).
    fn text_len(self, min: usize, max: Option<usize>) -> Self {
        let mut this = self.pass([text(min)]);
        if min > 0 {
            this = this.fail([text(min - 1)]);
        }
        if let Some(max) = max {
            this = this.pass([text(max)]).fail([text(max + 1)]);
        }
        this
    }

    /// `len in [min, max]` of a list of copies of `item`.
    fn list_len(self, item: Value, min: usize, max: usize) -> Self {
        let list = |n: usize| Value::Array(vec![item.clone(); n]);
        let mut this = self.pass([list(min), list(max)]).fail([list(max + 1)]);
        if min > 0 {
            this = this.fail([list(min - 1)]);
        }
        this
    }

    fn run(&self, failures: &mut Vec<String>) {
        let name = format!("{} {}", self.schema, self.at);
        match violations(self.schema, &self.base) {
            Ok(paths) if paths.is_empty() => {}
            other => failures.push(format!("{name}: base document: {other:?}")),
        }
        for value in &self.pass {
            let doc = with(&self.base, self.at, value.clone());
            match violations(self.schema, &doc) {
                Ok(paths) if paths.is_empty() => {}
                other => failures.push(format!(
                    "{name} = {}: expected valid, got {other:?}",
                    short(value)
                )),
            }
        }
        for value in &self.fail {
            let doc = with(&self.base, self.at, value.clone());
            match violations(self.schema, &doc) {
                Ok(paths) if paths == [self.path] => {}
                other => failures.push(format!(
                    "{name} = {}: expected one violation at `{}`, got {other:?}",
                    short(value),
                    self.path
                )),
            }
        }
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}… ({} chars)", &text[..end], text.chars().count()),
        None => text,
    }
}

fn go_to() -> Value {
    json!({"type": "go_to_action", "target": {"type": "step", "id": OID}})
}

fn open_url() -> Value {
    json!({"type": "open_url_action", "url": "https://example.com"})
}

fn team_predicate() -> Value {
    json!({"type": "connection_team_predicate", "condition": {"type": "is_online"}})
}

fn connection() -> Value {
    json!({"type": "flow_connection", "target": {"type": "step", "id": OID}, "predicates": [team_predicate()]})
}

fn satisfaction_choice() -> Value {
    json!({"type": "customer_satisfaction_choice", "target": null, "kind": "positive", "label": "", "matchingIntent": null})
}

fn choice() -> Value {
    json!({"type": "choice", "title": "t"})
}

fn section() -> Value {
    json!({"type": "section", "title": "s", "choices": [choice()]})
}

/// Every rule of the schemas, at its boundary.
fn boundaries() -> Vec<Boundary> {
    use Boundary as B;

    let id_rule = |schema: &'static str, base: &Value| {
        B::new(schema, base, "/id", "id")
            .pass([
                OID.into(),
                OID.to_uppercase().into(),
                "zzzzzzzzzzzzzzzzzzzzzzzz".into(),
            ])
            .fail([
                OID[1..].into(),
                format!("{OID}0").into(),
                "507f191e810c19729de860e-".into(),
            ])
    };
    let word = [json!("a_1"), json!("é٣_")];
    let not_word = [json!("a-b"), json!("a b"), json!("a.b")];
    let digits = [json!(""), json!("0123")];
    let not_digits = [json!("12a"), json!("-1")];

    // The documents the rules are tried on: each the smallest valid one of its schema.
    let email =
        json!({"type": "send_email_action", "recipient": "r", "subject": "s", "content": "c"});
    let store = json!({"type": "store_session_value_action", "key": "k", "value": "v"});
    let user_attribute = json!({"type": "set_user_attribute_action", "key": "k", "value": "v"});
    let search = json!({"type": "google_custom_search_action", "query": "q", "customEngineID": "c", "limit": 5});
    let field = json!({"type": "webhook_request_field", "key": "k", "value": "v"});
    let webhook = json!({"type": "send_webhook_request_action", "url": "u", "description": "", "service": "custom", "fields": []});
    let zendesk = json!({"type": "create_zendesk_ticket_action", "user": {}, "description": "d"});
    let card = json!({"type": "card", "title": "t"});
    let simple_card = json!({"type": "simple_card", "title": "t"});
    let button = json!({"type": "button", "title": "t", "action": go_to()});
    let open_url_button = json!({"type": "open_url_button", "title": "t", "action": open_url()});
    let quick_reply = json!({"title": "t", "action": go_to()});
    let asked =
        json!({"type": "asked_document", "message": "", "name": "n", "authorizedFileTypes": []});
    let choices_list = json!({"type": "send_choices_list_action", "placeholder": "p", "sections": [section()], "action": go_to()});
    let interlocutor = json!({
        "id": "i", "userID": "u", "location": null, "email": null, "firstName": null,
        "lastName": null, "phoneNumber": null, "customAttributes": {}
    });

    let session_value_getter = json!({"type": "session_value", "key": "k"});
    let attachment_value_getter = json!({"type": "attachment_value", "key": "k"});
    let user_attribute_getter = json!({"type": "user_attribute", "key": "k"});
    let match_regexp = json!({"type": "match_regexp", "pattern": "a"});
    let intent = json!({"type": "intent", "id": OID, "name": "n"});
    let match_intent = json!({"type": "match_intent", "intent": {"type": "intent", "id": OID}});
    let step_target = json!({"type": "step", "id": OID});
    let story_target = json!({"type": "story", "id": OID});
    let actions_block_target = json!({"type": "actions_block", "id": OID});
    let customer_satisfaction_callback_action =
        json!({"type": "customer_satisfaction_callback_action", "target": null, "kind": "neutral"});
    let jump_to_action =
        json!({"type": "jump_to_action", "connections": [], "defaultTarget": null});
    let document_attachment = json!({"name": "n", "url": "u"});
    let legacy_reply_to_message_action =
        json!({"type": "legacy_reply_to_message_action", "message": "m"});
    let legacy_reply_with_attachment = json!({"type": "legacy_reply_to_message_action", "message": "m", "attachments": [{"name": "n", "url": "u"}]});
    let button_opening_url = json!({"type": "button", "title": "t", "action": open_url()});
    let card_with_button = with(&card, "/buttons", json!([button.clone()]));
    let send_cards_action = json!({"type": "send_cards_action", "cards": [card.clone()]});
    let two_cards = json!({"type": "send_cards_action", "cards": [card.clone(), card.clone()]});
    let send_simple_cards_action =
        json!({"type": "send_simple_cards_action", "cards": [simple_card.clone()]});
    let send_text_action = json!({"type": "send_text_action", "alternatives": ["a"]});
    let send_image_action =
        json!({"type": "send_image_action", "imageURL": "https://example.com/i.png"});
    let send_js_event_action = json!({"type": "send_js_event_action", "event": "e"});
    let wait_action = json!({"type": "wait_action", "duration": 2});
    let send_quick_replies_action = json!({"type": "send_quick_replies_action", "message": "m", "buttons": [quick_reply.clone()]});
    let assign_intercom_conversation_action =
        json!({"type": "assign_intercom_conversation_action"});
    let webhook_with_field = with(&webhook, "/fields", json!([field.clone()]));
    let zendesk_user = json!({});
    let create_user_request_action = json!({"type": "create_user_request_action", "message": "m"});
    let ask_location_action =
        json!({"type": "ask_location_action", "message": "m", "action": go_to()});
    let customer_satisfaction_action = json!({"type": "customer_satisfaction_action", "message": "m", "choices": [satisfaction_choice(), satisfaction_choice()]});
    let ask_document_action =
        json!({"type": "ask_document_action", "message": "", "documents": [asked.clone()]});
    let two_sections = with(&choices_list, "/sections", json!([section(), section()]));
    let ai_task_behavior = json!({"type": "ai_task_behavior", "name": "n", "connections": []});

    let mut out = Vec::new();
    // Value getters.
    out.push(
        B::new(
            "predicate_session_value_getter",
            &session_value_getter,
            "/key",
            "key",
        )
        .text_len(1, Some(100)),
    );
    out.push(
        B::new(
            "predicate_session_value_getter",
            &session_value_getter,
            "/key",
            "key",
        )
        .pass(word.clone())
        .fail(not_word.clone()),
    );
    out.push(
        B::new(
            "predicate_attachment_value_getter",
            &attachment_value_getter,
            "/key",
            "key",
        )
        .text_len(1, Some(150)),
    );
    out.push(
        B::new(
            "predicate_attachment_value_getter",
            &attachment_value_getter,
            "/key",
            "key",
        )
        .pass(word.clone())
        .fail(not_word.clone()),
    );
    out.push(
        B::new(
            "predicate_user_attribute_getter",
            &user_attribute_getter,
            "/key",
            "key",
        )
        .text_len(1, Some(100)),
    );
    out.push(
        B::new(
            "predicate_user_attribute_getter",
            &user_attribute_getter,
            "/key",
            "key",
        )
        .pass(word.clone())
        .fail(not_word.clone()),
    );
    // Conditions.
    out.push(
        B::new(
            "match_regexp_condition",
            &match_regexp,
            "/pattern",
            "pattern",
        )
        .pass([json!(r"^(?P<w>\w+)\s(?P=w)$"), json!(""), json!("a{")])
        .fail([json!("("), json!("[a-"), json!("*a")]),
    );
    out.push(id_rule("match_intent_condition_intent", &intent));
    out.push(
        B::new(
            "match_intent_condition",
            &match_intent,
            "/intent/id",
            "intent.id",
        )
        .pass([OID.into()])
        .fail([json!("x")]),
    );
    // Targets.
    out.push(id_rule("step_target", &step_target));
    out.push(id_rule("story_target", &story_target));
    out.push(id_rule("actions_block_target", &actions_block_target));
    // Flow.
    out.push(
        B::new(
            "flow_connection",
            &connection(),
            "/predicates",
            "predicates",
        )
        .list_len(team_predicate(), 1, 10),
    );
    out.push(
        B::new("flow_connection", &connection(), "/target/id", "target.id").fail([json!("x")]),
    );
    out.push(B::new("go_to_action", &go_to(), "/target/id", "target.id").fail([json!("x")]));
    out.push(
        B::new(
            "customer_satisfaction_callback_action",
            &customer_satisfaction_callback_action,
            "/kind",
            "kind",
        )
        .pass([json!("negative"), json!("neutral"), json!("positive")])
        .fail([json!("Positive"), json!("")]),
    );
    out.push(
        B::new(
            "jump_to_action",
            &jump_to_action,
            "/connections",
            "connections",
        )
        .list_len(connection(), 0, 10),
    );
    // Buttons.
    out.push(
        B::new("document_attachment", &document_attachment, "/name", "name").text_len(1, Some(150)),
    );
    out.push(
        B::new("document_attachment", &document_attachment, "/name", "name")
            .pass(word.clone())
            .fail(not_word.clone()),
    );
    out.push(
        B::new(
            "legacy_reply_to_message_action",
            &legacy_reply_to_message_action,
            "/message",
            "message",
        )
        .text_len(1, Some(1000)),
    );
    out.push(
        B::new(
            "legacy_reply_to_message_action",
            &legacy_reply_with_attachment,
            "/attachments/0/name",
            "attachments.0.name",
        )
        .fail([json!("a b")]),
    );
    out.push(
        B::new("open_url_action", &open_url(), "/url", "url")
            .pass([url(500), json!("ftp://files.example.com"), json!("x://y")])
            .fail([
                url(501),
                json!("www.example.com"),
                json!("http://"),
                json!(""),
            ]),
    );
    out.push(B::new("quick_reply", &quick_reply, "/title", "title").text_len(1, Some(60)));
    out.push(
        B::new(
            "quick_reply",
            &quick_reply,
            "/action/target/id",
            "action.target.id",
        )
        .fail([json!("x")]),
    );
    out.push(B::new("button", &button, "/title", "title").text_len(1, Some(20)));
    out.push(
        B::new("button", &button_opening_url, "/action/url", "action.url").fail([json!("nowhere")]),
    );
    out.push(B::new("open_url_button", &open_url_button, "/title", "title").text_len(1, Some(20)));
    out.push(
        B::new(
            "open_url_button",
            &open_url_button,
            "/action/url",
            "action.url",
        )
        .fail([json!("nowhere")]),
    );
    // Cards.
    out.push(B::new("card", &card, "/title", "title").text_len(1, Some(80)));
    out.push(
        B::new("card", &card, "/subtitle", "subtitle")
            .text_len(0, Some(80))
            .pass([Value::Null]),
    );
    out.push(
        B::new("card", &card, "/alt", "alt")
            .text_len(0, Some(500))
            .pass([Value::Null]),
    );
    out.push(
        B::new("card", &card, "/imageURL", "imageURL")
            .pass([
                url(500),
                json!(""),
                json!("HTTP://example.com"),
                Value::Null,
            ])
            .fail([url(501), json!("ftp://example.com"), json!("example.com")]),
    );
    out.push(
        B::new("card", &card, "/url", "url")
            .text_len(0, Some(500))
            .pass([Value::Null]),
    );
    out.push(
        B::new("card", &card, "/buttons", "buttons")
            .list_len(button.clone(), 0, 3)
            .pass([Value::Null]),
    );
    out.push(
        B::new(
            "card",
            &card_with_button,
            "/buttons/0/title",
            "buttons.0.title",
        )
        .fail([json!("")]),
    );
    out.push(B::new("simple_card", &simple_card, "/title", "title").text_len(1, Some(80)));
    out.push(B::new("simple_card", &simple_card, "/subtitle", "subtitle").text_len(0, Some(80)));
    out.push(
        B::new("simple_card", &simple_card, "/imageURL", "imageURL")
            .pass([url(500), json!("")])
            .fail([url(501), json!("mailto:a@b.c")]),
    );
    // `len in [1, 3]`, but an empty list cannot be told from an absent one (see the docs).
    out.push(
        B::new("simple_card", &simple_card, "/buttons", "buttons")
            .pass([
                json!([]),
                json!([open_url_button.clone()]),
                json!([
                    open_url_button.clone(),
                    open_url_button.clone(),
                    open_url_button.clone()
                ]),
            ])
            .fail([json!([
                open_url_button.clone(),
                open_url_button.clone(),
                open_url_button.clone(),
                open_url_button.clone()
            ])]),
    );
    out.push(
        B::new("send_cards_action", &send_cards_action, "/cards", "cards").list_len(
            card.clone(),
            1,
            25,
        ),
    );
    out.push(
        B::new(
            "send_cards_action",
            &two_cards,
            "/cards/1/title",
            "cards.1.title",
        )
        .fail([json!("")]),
    );
    out.push(
        B::new(
            "send_simple_cards_action",
            &send_simple_cards_action,
            "/cards",
            "cards",
        )
        .list_len(simple_card.clone(), 1, 25),
    );
    // Messages.
    out.push(
        B::new(
            "send_text_action",
            &send_text_action,
            "/alternatives",
            "alternatives",
        )
        .list_len(json!("a"), 1, 10),
    );
    out.push(
        B::new("send_text_action", &send_text_action, "/text", "text").text_len(1, Some(1000)),
    );
    out.push(
        B::new(
            "send_image_action",
            &send_image_action,
            "/imageURL",
            "imageURL",
        )
        .pass([url(500)])
        .fail([url(501), json!("ftp://example.com/i.png"), json!("")]),
    );
    out.push(B::new("send_image_action", &send_image_action, "/alt", "alt").text_len(0, Some(500)));
    out.push(
        B::new(
            "send_js_event_action",
            &send_js_event_action,
            "/event",
            "event",
        )
        .text_len(1, Some(200)),
    );
    out.push(
        B::new("send_email_action", &email, "/fromEmail", "fromEmail")
            .text_len(0, Some(150))
            .pass([json!("bot@example.com"), Value::Null]),
    );
    out.push(
        B::new("send_email_action", &email, "/fromEmail", "fromEmail")
            .fail([json!("bot@clustaar.com"), json!("bot@Clustaar.IO")]),
    );
    out.push(B::new("send_email_action", &email, "/fromName", "fromName").text_len(0, Some(50)));
    out.push(B::new("send_email_action", &email, "/recipient", "recipient").text_len(0, Some(150)));
    out.push(B::new("send_email_action", &email, "/subject", "subject").text_len(0, Some(150)));
    out.push(B::new("send_email_action", &email, "/content", "content").text_len(0, Some(1500)));
    out.push(
        B::new("send_email_action", &email, "/replyToEmail", "replyToEmail").text_len(0, Some(150)),
    );
    out.push(
        B::new("send_email_action", &email, "/replyToName", "replyToName").text_len(0, Some(50)),
    );
    out.push(
        B::new("wait_action", &wait_action, "/duration", "duration")
            .pass([json!(0.5), json!(7), json!(7.0), json!(true)])
            .fail([json!(0.49), json!(7.01), json!(0), json!(false)]),
    );
    out.push(
        B::new(
            "send_quick_replies_action",
            &send_quick_replies_action,
            "/message",
            "message",
        )
        .text_len(1, Some(1000)),
    );
    out.push(
        B::new(
            "send_quick_replies_action",
            &send_quick_replies_action,
            "/buttons",
            "buttons",
        )
        .list_len(quick_reply.clone(), 1, 11),
    );
    // Session values and user attributes.
    out.push(B::new("store_session_value_action", &store, "/key", "key").text_len(1, Some(100)));
    out.push(
        B::new("store_session_value_action", &store, "/key", "key")
            .pass(word.clone())
            .fail(not_word.clone()),
    );
    out.push(
        B::new("store_session_value_action", &store, "/value", "value").text_len(1, Some(200)),
    );
    out.push(
        B::new("set_user_attribute_action", &user_attribute, "/key", "key").text_len(1, Some(100)),
    );
    out.push(
        B::new("set_user_attribute_action", &user_attribute, "/key", "key")
            .pass([json!("identity"), json!("user_id"), json!("idx")])
            .fail([json!("id"), json!("ID"), json!("Id"), json!("a b")]),
    );
    out.push(
        B::new(
            "set_user_attribute_action",
            &user_attribute,
            "/value",
            "value",
        )
        .text_len(1, Some(2000)),
    );
    // Integrations.
    out.push(
        B::new(
            "assign_intercom_conversation_action",
            &assign_intercom_conversation_action,
            "/assigneeID",
            "assigneeID",
        )
        .pass([json!("1".repeat(100)), Value::Null])
        .fail([json!("1".repeat(101))]),
    );
    out.push(
        B::new(
            "assign_intercom_conversation_action",
            &assign_intercom_conversation_action,
            "/assigneeID",
            "assigneeID",
        )
        .pass(digits.clone())
        .fail(not_digits.clone()),
    );
    out.push(
        B::new("google_custom_search_action", &search, "/query", "query").text_len(1, Some(2048)),
    );
    out.push(
        B::new(
            "google_custom_search_action",
            &search,
            "/customEngineID",
            "customEngineID",
        )
        .text_len(1, None)
        .pass([text(5000)]),
    );
    out.push(
        B::new("google_custom_search_action", &search, "/limit", "limit")
            .pass([json!(1), json!(10), json!(true)])
            .fail([json!(0), json!(11)]),
    );
    out.push(B::new("webhook_request_field", &field, "/key", "key").text_len(1, Some(100)));
    out.push(
        B::new("webhook_request_field", &field, "/key", "key")
            .pass(word.clone())
            .fail(not_word.clone()),
    );
    out.push(B::new("webhook_request_field", &field, "/value", "value").text_len(1, Some(2048)));
    out.push(B::new("send_webhook_request_action", &webhook, "/url", "url").text_len(1, Some(500)));
    out.push(
        B::new(
            "send_webhook_request_action",
            &webhook,
            "/description",
            "description",
        )
        .text_len(0, Some(500)),
    );
    out.push(
        B::new(
            "send_webhook_request_action",
            &webhook,
            "/service",
            "service",
        )
        .pass([json!("custom"), json!("zapier")])
        .fail([json!("Zapier"), json!("")]),
    );
    out.push(
        B::new("send_webhook_request_action", &webhook, "/fields", "fields").list_len(
            field.clone(),
            0,
            100,
        ),
    );
    out.push(
        B::new(
            "send_webhook_request_action",
            &webhook_with_field,
            "/fields/0/key",
            "fields.0.key",
        )
        .fail([json!("")]),
    );
    out.push(B::new("zendesk_user", &zendesk_user, "/email", "email").text_len(0, Some(100)));
    out.push(B::new("zendesk_user", &zendesk_user, "/name", "name").text_len(0, Some(100)));
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/user/name",
            "user.name",
        )
        .fail([text(101)]),
    );
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/ticketType",
            "ticketType",
        )
        .pass([
            json!("incident"),
            json!("problem"),
            json!("question"),
            json!("task"),
            json!(""),
        ])
        .fail([json!("bug"), json!("Task")]),
    );
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/ticketPriority",
            "ticketPriority",
        )
        .pass([
            json!("high"),
            json!("low"),
            json!("normal"),
            json!("urgent"),
            json!(""),
        ])
        .fail([json!("critical")]),
    );
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/subject",
            "subject",
        )
        .text_len(0, Some(100)),
    );
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/description",
            "description",
        )
        .text_len(1, Some(1500)),
    );
    out.push(
        B::new("create_zendesk_ticket_action", &zendesk, "/tags", "tags").list_len(
            json!("t"),
            0,
            10,
        ),
    );
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/groupID",
            "groupID",
        )
        .pass([json!("1".repeat(24))])
        .fail([json!("1".repeat(25))]),
    );
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/groupID",
            "groupID",
        )
        .pass(digits.clone())
        .fail(not_digits.clone()),
    );
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/assigneeID",
            "assigneeID",
        )
        .pass([json!("1".repeat(24))])
        .fail([json!("1".repeat(25))]),
    );
    out.push(
        B::new(
            "create_zendesk_ticket_action",
            &zendesk,
            "/assigneeID",
            "assigneeID",
        )
        .pass(digits.clone())
        .fail(not_digits.clone()),
    );
    out.push(
        B::new(
            "create_user_request_action",
            &create_user_request_action,
            "/message",
            "message",
        )
        .text_len(1, Some(1000)),
    );
    // Forms.
    out.push(
        B::new(
            "ask_location_action",
            &ask_location_action,
            "/message",
            "message",
        )
        .text_len(1, Some(1000)),
    );
    out.push(
        B::new(
            "ask_location_action",
            &ask_location_action,
            "/action/target/id",
            "action.target.id",
        )
        .fail([json!("x")]),
    );
    out.push(
        B::new(
            "customer_satisfaction_choice",
            &satisfaction_choice(),
            "/kind",
            "kind",
        )
        .pass([json!("negative")])
        .fail([json!("bad")]),
    );
    out.push(
        B::new(
            "customer_satisfaction_choice",
            &satisfaction_choice(),
            "/label",
            "label",
        )
        .text_len(0, Some(60)),
    );
    out.push(
        B::new(
            "customer_satisfaction_choice",
            &satisfaction_choice(),
            "/target",
            "target.id",
        )
        .pass([json!({"type": "story", "id": OID})])
        .fail([json!({"type": "story", "id": "x"})]),
    );
    out.push(
        B::new(
            "customer_satisfaction_action",
            &customer_satisfaction_action,
            "/message",
            "message",
        )
        .text_len(1, Some(1000)),
    );
    out.push(
        B::new(
            "customer_satisfaction_action",
            &customer_satisfaction_action,
            "/choices",
            "choices",
        )
        .list_len(satisfaction_choice(), 2, 3),
    );
    out.push(B::new("asked_document", &asked, "/message", "message").text_len(0, Some(300)));
    out.push(B::new("asked_document", &asked, "/name", "name").text_len(1, Some(150)));
    out.push(
        B::new(
            "ask_document_action",
            &ask_document_action,
            "/message",
            "message",
        )
        .text_len(0, Some(300)),
    );
    out.push(
        B::new(
            "ask_document_action",
            &ask_document_action,
            "/documents",
            "documents",
        )
        .list_len(asked.clone(), 1, 20),
    );
    out.push(
        B::new("choice", &choice(), "/imageUrl", "imageUrl")
            .pass([url(500), json!("ftp://example.com/i.png"), Value::Null])
            .fail([url(501), json!(""), json!("i.png")]),
    );
    out.push(B::new("choice", &choice(), "/title", "title").text_len(1, Some(500)));
    out.push(
        B::new("section", &section(), "/title", "title")
            .text_len(0, Some(500))
            .pass([Value::Null]),
    );
    out.push(B::new("section", &section(), "/choices", "choices").list_len(choice(), 1, 100));
    out.push(
        B::new(
            "send_choices_list_action",
            &choices_list,
            "/message",
            "message",
        )
        .text_len(1, Some(500))
        .pass([Value::Null]),
    );
    out.push(
        B::new(
            "send_choices_list_action",
            &choices_list,
            "/placeholder",
            "placeholder",
        )
        .text_len(1, Some(45)),
    );
    out.push(
        B::new(
            "send_choices_list_action",
            &choices_list,
            "/sections",
            "sections",
        )
        .list_len(section(), 1, 50),
    );
    // One section needs no title; with two, each needs one.
    out.push(
        B::new(
            "send_choices_list_action",
            &choices_list,
            "/sections/0/title",
            "sections.0.title",
        )
        .pass([json!(""), Value::Null]),
    );
    out.push(
        B::new(
            "send_choices_list_action",
            &two_sections,
            "/sections/1/title",
            "sections.1.title",
        )
        .pass([json!("x")])
        .fail([json!(""), Value::Null]),
    );
    // AI tasks.
    out.push(
        B::new(
            "ai_task_behavior",
            &ai_task_behavior,
            "/connections",
            "connections",
        )
        .list_len(connection(), 0, 10),
    );
    // Notifications.
    out.push(
        B::new("webhook_interlocutor", &interlocutor, "/email", "email")
            .text_len(0, Some(2000))
            .pass([Value::Null]),
    );
    out.push(
        B::new(
            "webhook_interlocutor",
            &interlocutor,
            "/firstName",
            "firstName",
        )
        .text_len(0, Some(2000)),
    );
    out.push(
        B::new(
            "webhook_interlocutor",
            &interlocutor,
            "/lastName",
            "lastName",
        )
        .text_len(0, Some(2000)),
    );
    out.push(
        B::new(
            "webhook_interlocutor",
            &interlocutor,
            "/phoneNumber",
            "phoneNumber",
        )
        .text_len(0, Some(2000)),
    );
    out.push(
        B::new(
            "webhook_interlocutor",
            &interlocutor,
            "/customAttributes",
            "customAttributes",
        )
        .pass([json!({"plan": "pro", "é2": ""})])
        .fail([
            json!({"a b": "x"}),
            json!({"a-b": "x"}),
            json!({"n": 1}),
            json!({"n": null}),
        ]),
    );
    out
}

#[test]
fn every_rule_holds_at_its_boundary_and_breaks_one_step_past_it() {
    let mut failures = Vec::new();
    let boundaries = boundaries();
    let checks: usize = boundaries
        .iter()
        .map(|b| 1 + b.pass.len() + b.fail.len())
        .sum();
    for boundary in &boundaries {
        boundary.run(&mut failures);
    }
    assert!(checks > 300, "only {checks} checks");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The paths and kinds of every violation of `errors`.
fn found(errors: &ValidationErrors) -> Vec<(&str, ValidationErrorKind)> {
    errors.iter().map(|e| (e.path(), e.kind())).collect()
}

#[test]
fn every_violation_is_reported_in_document_order() {
    let response = json!({
        "actions": [
            {"type": "send_text_action", "alternatives": []},
            {"type": "wait_action", "duration": 9},
            {"type": "send_hologram_action", "size": 300},
            {"type": "send_cards_action", "cards": [
                {"type": "card", "title": "", "imageURL": "ftp://example.com/a.png",
                 "buttons": [{"type": "button", "title": "far too long for a button",
                              "action": {"type": "go_to_action", "target": {"type": "step", "id": "nope"}}}]},
                {"type": "card", "title": "fine"}
            ]},
            {"type": "send_choices_list_action", "placeholder": "", "sections": [
                {"type": "section", "title": "first", "choices": [{"type": "choice", "title": "a"}]},
                {"type": "section", "title": "", "choices": []}
            ], "action": {"type": "go_to_action", "target": {"type": "story", "id": "x"}}}
        ],
        "session": {"values": {}},
        "interlocutor": {
            "id": "i", "userID": "u", "location": null, "email": "é".repeat(2001),
            "firstName": null, "lastName": null, "phoneNumber": null,
            "customAttributes": {"bad key": "x", "n": 1}
        }
    });
    let errors = from_json::<StepReachedResponse>(response).unwrap_err();
    use ValidationErrorKind::*;
    assert_eq!(
        found(&errors),
        [
            ("actions.0.alternatives", Length),
            ("actions.1.duration", Range),
            ("actions.3.cards.0.title", Length),
            ("actions.3.cards.0.imageURL", Url),
            ("actions.3.cards.0.buttons.0.title", Length),
            ("actions.3.cards.0.buttons.0.action.target.id", Pattern),
            ("actions.4.placeholder", Length),
            ("actions.4.sections.1.choices", Length),
            ("actions.4.action.target.id", Pattern),
            ("actions.4.sections.1.title", Custom),
            ("interlocutor.email", Length),
            ("interlocutor.customAttributes", Pattern),
            ("interlocutor.customAttributes", Type),
        ]
    );
    let text = errors.to_string();
    assert!(
        text.starts_with(
            "13 violations:\n- `actions.0.alternatives`: length must be between 1 and 10, got 0\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\n- `interlocutor.customAttributes`: the key `bad key` must match"),
        "{text}"
    );
}

#[test]
fn a_notification_reports_the_paths_of_its_steps_actions() {
    let notification = crate::common::sample_edited(|doc| {
        doc["data"]["step"]["actions"] = json!([
            {"type": "send_text_action", "alternatives": ["hi"]},
            {"type": "store_session_value_action", "key": "a key", "value": ""}
        ]);
        doc["data"]["interlocutor"]["customAttributes"] = json!({"ok": "yes"});
    });
    let errors = from_json::<WebhookRequest>(&notification).unwrap_err();
    assert_eq!(
        found(&errors),
        [
            ("data.step.actions.1.key", ValidationErrorKind::Pattern),
            ("data.step.actions.1.value", ValidationErrorKind::Length),
        ]
    );
    let sample: WebhookRequest = from_json(crate::common::SAMPLE).unwrap();
    assert!(sample.validate().is_ok());
}

#[test]
fn objects_of_unknown_types_are_valid() {
    let action: Action = from_json(r#"{"type":"send_hologram_action","title":""}"#).unwrap();
    assert!(matches!(action, Action::Unknown(_)));
    let input: Input = from_json(r#"{"type":"telepathy","text":""}"#).unwrap();
    assert!(input.validate().is_ok());
    let attachment: Attachment = from_json(r#"{"type":"smell","url":""}"#).unwrap();
    assert!(attachment.validate().is_ok());
    let action: ButtonAction = from_json(r#"{"type":"teleport"}"#).unwrap();
    assert!(action.validate().is_ok());
    let event: Event = from_json(r#"{"type":"moon_landed_event"}"#).unwrap();
    assert!(event.validate().is_ok());
}

#[test]
fn polymorphic_enums_check_the_model_they_hold() {
    let target: Target = from_json(json!({"type": "actions_block", "id": OID})).unwrap();
    assert!(target.validate().is_ok());
    let errors = from_json::<Target>(json!({"type": "story", "id": "x"})).unwrap_err();
    assert_eq!(found(&errors), [("id", ValidationErrorKind::Pattern)]);
    let errors =
        from_json::<Condition>(json!({"type": "match_regexp", "pattern": "(("})).unwrap_err();
    assert_eq!(found(&errors), [("pattern", ValidationErrorKind::Regexp)]);
    let errors = from_json::<Predicate>(json!({
        "type": "connection_predicate",
        "condition": {"type": "match_intent", "intent": {"type": "intent", "id": "x"}},
        "valueGetter": {"type": "user_attribute", "key": ""}
    }))
    .unwrap_err();
    assert_eq!(
        found(&errors),
        [
            ("condition.intent.id", ValidationErrorKind::Pattern),
            ("valueGetter.key", ValidationErrorKind::Length),
        ]
    );
}

#[test]
fn a_document_that_cannot_be_read_is_one_violation_at_its_path() {
    let errors = from_json::<SendQuickRepliesAction>(
        r#"{"message":"m","buttons":[{"title":"t","action":{"type":"go_to_action"}}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        found(&errors),
        [("buttons.0.action", ValidationErrorKind::Required)]
    );
    assert_eq!(
        errors.iter().next().unwrap().message(),
        "missing field `target`"
    );

    let errors = from_json::<SendTextAction>(br#"{"alternatives":null}"#.as_slice()).unwrap_err();
    assert_eq!(
        found(&errors),
        [("alternatives", ValidationErrorKind::Null)]
    );

    let errors = from_json::<PauseBotAction>("{} {}").unwrap_err();
    assert_eq!(found(&errors), [("", ValidationErrorKind::Read)]);
    assert_eq!(errors.to_string(), "1 violation: trailing characters");

    let errors = from_json::<StepReachedResponse>("{\"actions\": [").unwrap_err();
    assert_eq!(found(&errors), [("actions", ValidationErrorKind::Read)]);

    let errors = from_json::<GoogleCustomSearchAction>(
        &json!({"query": "q", "customEngineID": "c", "limit": "5"}),
    )
    .unwrap_err();
    assert_eq!(found(&errors), [("limit", ValidationErrorKind::Read)]);
}

#[test]
fn from_json_reads_every_kind_of_input() {
    let text = r#"{"type":"send_js_event_action","event":"opened"}"#;
    let from_str: SendJsEventAction = from_json(text).unwrap();
    let from_string: SendJsEventAction = from_json(&text.to_owned()).unwrap();
    let from_bytes: SendJsEventAction = from_json(text.as_bytes()).unwrap();
    let from_vec: SendJsEventAction = from_json(&text.as_bytes().to_vec()).unwrap();
    let value: Value = serde_json::from_str(text).unwrap();
    let from_value_ref: SendJsEventAction = from_json(&value).unwrap();
    let from_value: SendJsEventAction = from_json(value).unwrap();
    for action in [
        from_string,
        from_bytes,
        from_vec,
        from_value_ref,
        from_value,
    ] {
        assert_eq!(action, from_str);
    }
    let errors = from_json::<SendJsEventAction>(r#"{"event":""}"#).unwrap_err();
    assert_eq!(found(&errors), [("event", ValidationErrorKind::Length)]);
}

#[test]
fn models_built_in_code_validate_too() {
    let mut action = SendChoicesListAction::new(
        "Pick one",
        [Section::new([Choice::new("A")])],
        GoToAction::step(OID),
    );
    assert!(action.validate().is_ok());
    action.sections.push(Section::new([Choice::new("B")]));
    let errors = action.validate().unwrap_err();
    assert_eq!(
        found(&errors),
        [
            ("sections.0.title", ValidationErrorKind::Custom),
            ("sections.1.title", ValidationErrorKind::Custom),
        ]
    );
    let error = errors.into_iter().next().unwrap();
    assert_eq!(
        error.to_string(),
        format!("`sections.0.title`: {}", error.message())
    );
}
