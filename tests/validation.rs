//! Validation of the models (`clustaar_webhook::schemas::Validate`, `from_json`): every rule of
//! the platform's schemas, at its boundary and one step past it, with the path of the
//! violation; every violation reported, in document order; every document the platform
//! accepts (`tests/conformance/schemas/*/valid-*.json`) valid.

use clustaar_webhook::schemas::*;
use serde_json::{Value, json};

use crate::common::schemas::{
    InvalidDocument, Model, ModelVisitor, invalid_documents, read_json_file, valid_documents,
    with_model,
};

const OID: &str = "507f191e810c19729de860ea";

/// The paths of the violations `from_json` finds in `doc`, read as the model of `schema` (none
/// when it is valid), first the one the platform reports.
fn violations(schema: &str, doc: &Value) -> Vec<String> {
    struct Check<'a>(&'a Value);

    impl ModelVisitor for Check<'_> {
        type Output = Vec<String>;

        fn visit<T: Model>(self) -> Self::Output {
            match from_json::<T>(self.0) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.iter().map(|e| e.path().to_owned()).collect(),
            }
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
            let paths = violations(&schema, &doc);
            if !paths.is_empty() {
                failures.push(format!("{}: {paths:?}", document.display()));
            }
        }
    }
    assert!(count > 900, "only {count} documents");
    assert!(
        failures.is_empty(),
        "{} false positives:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// For each document the platform accepts, read as a model: when `validate` accepts the model,
/// the JSON it writes passes the check as sent too. (So an answer built in Rust that passes
/// `validate` is one the platform accepts: a `None` is never written `null` where the platform
/// refuses `null`, a required key is never left out.)
#[test]
fn what_validate_accepts_is_written_as_the_platform_accepts_it() {
    struct Written<'a>(&'a Value);

    impl ModelVisitor for Written<'_> {
        type Output = Result<(), String>;

        fn visit<T: Model>(self) -> Self::Output {
            let Ok(model) = serde_json::from_value::<T>(self.0.clone()) else {
                return Ok(());
            };
            if model.validate().is_err() {
                return Ok(());
            }
            let written = serde_json::to_value(&model).unwrap();
            from_json::<T>(&written)
                .map(drop)
                .map_err(|errors| format!("{errors} in {written}"))
        }
    }

    let mut failures = Vec::new();
    let mut checked = 0;
    for (schema, documents) in valid_documents() {
        for document in documents {
            let doc = read_json_file(&document);
            checked += 1;
            if let Err(error) = with_model(&schema, Written(&doc)).unwrap() {
                failures.push(format!("{}: {error}", document.display()));
            }
        }
    }
    assert!(checked > 900);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether `document` holds an object of a type the platform does not know: this crate keeps
/// such objects on purpose where the platform adds types over time (actions, inputs, button
/// actions, attachments), so it is valid here.
fn is_unknown_type(document: &InvalidDocument) -> bool {
    let name = document.path.file_name().unwrap().to_str().unwrap();
    name.starts_with("invalid-unknowntype-")
}

#[test]
fn every_document_the_platform_refuses_is_refused_at_its_first_error() {
    let mut refused_first = 0;
    let mut elsewhere = Vec::new();
    let mut accepted = Vec::new();
    let mut kept = Vec::new();
    let documents = invalid_documents();
    for document in &documents {
        let doc = read_json_file(&document.path);
        let paths = violations(&document.schema, &doc);
        let name = format!(
            "{}/{}",
            document.schema,
            document.path.file_name().unwrap().to_str().unwrap()
        );
        match (paths.first(), &document.first_error) {
            (None, _) if is_unknown_type(document) => kept.push(name),
            (None, _) => accepted.push(name),
            (Some(_), None) => refused_first += 1,
            (Some(ours), Some(theirs)) if ours == theirs => refused_first += 1,
            (Some(ours), Some(theirs)) => {
                elsewhere.push(format!("{name}: ours `{ours}`, the platform's `{theirs}`"));
            }
        }
    }
    println!(
        "{} invalid documents: {refused_first} refused at the platform's first error, {} \
           elsewhere, {} accepted, {} unknown types kept: {kept:?}",
        documents.len(),
        elsewhere.len(),
        accepted.len(),
        kept.len(),
    );
    assert!(documents.len() > 500, "only {} documents", documents.len());
    assert!(
        accepted.is_empty() && elsewhere.is_empty(),
        "accepted:\n{}\nrefused elsewhere:\n{}",
        accepted.join("\n"),
        elsewhere.join("\n")
    );
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
    path: String,
}

impl Boundary {
    /// The rule on the value at the JSON pointer `at`, whose violations have the path `at`
    /// has in dotted form.
    fn new(schema: &'static str, base: &Value, at: &'static str) -> Self {
        Boundary {
            schema,
            base: base.clone(),
            at,
            pass: Vec::new(),
            fail: Vec::new(),
            path: at.trim_start_matches('/').replace('/', "."),
        }
    }

    /// Violations at `path` instead.
    fn path(mut self, path: &str) -> Self {
        path.clone_into(&mut self.path);
        self
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
            paths if paths.is_empty() => {}
            other => failures.push(format!("{name}: base document: {other:?}")),
        }
        for value in &self.pass {
            let doc = with(&self.base, self.at, value.clone());
            match violations(self.schema, &doc) {
                paths if paths.is_empty() => {}
                other => failures.push(format!(
                    "{name} = {}: expected valid, got {other:?}",
                    short(value)
                )),
            }
        }
        for value in &self.fail {
            let doc = with(&self.base, self.at, value.clone());
            match violations(self.schema, &doc) {
                paths if paths == [self.path.as_str()] => {}
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

/// The rules of `schema` on `base`, one key at a time.
fn on(schema: &'static str, base: &Value) -> impl Fn(&'static str) -> Boundary + use<> {
    let base = base.clone();
    move |at| Boundary::new(schema, &base, at)
}

/// Every rule of the schemas, at its boundary.
fn boundaries() -> Vec<Boundary> {
    use Boundary as B;

    let id_rule = |schema: &'static str, base: &Value| {
        B::new(schema, base, "/id")
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
    let field = json!({"type": "webhook_request_field", "key": "k", "value": "v"});
    let webhook = json!({"type": "send_webhook_request_action", "url": "u", "description": "", "service": "custom", "fields": []});
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

    let intent = json!({"type": "intent", "id": OID, "name": "n"});
    let step_target = json!({"type": "step", "id": OID});
    let story_target = json!({"type": "story", "id": OID});
    let actions_block_target = json!({"type": "actions_block", "id": OID});

    let session_value_getter_at = on(
        "predicate_session_value_getter",
        &json!({"type": "session_value", "key": "k"}),
    );
    let attachment_value_getter_at = on(
        "predicate_attachment_value_getter",
        &json!({"type": "attachment_value", "key": "k"}),
    );
    let user_attribute_getter_at = on(
        "predicate_user_attribute_getter",
        &json!({"type": "user_attribute", "key": "k"}),
    );
    let match_regexp_at = on(
        "match_regexp_condition",
        &json!({"type": "match_regexp", "pattern": "a"}),
    );
    let match_intent_at = on(
        "match_intent_condition",
        &json!({"type": "match_intent", "intent": {"type": "intent", "id": OID, "name": "n"}}),
    );
    let connection_at = on("flow_connection", &connection());
    let go_to_at = on("go_to_action", &go_to());
    let customer_satisfaction_callback_action_at = on(
        "customer_satisfaction_callback_action",
        &json!({"type": "customer_satisfaction_callback_action", "target": null, "kind": "neutral"}),
    );
    let jump_to_action_at = on(
        "jump_to_action",
        &json!({"type": "jump_to_action", "connections": [], "defaultTarget": null}),
    );
    let document_attachment_at = on("document_attachment", &json!({"name": "n", "url": "u"}));
    let legacy_reply_to_message_action_at = on(
        "legacy_reply_to_message_action",
        &json!({"type": "legacy_reply_to_message_action", "message": "m"}),
    );
    let legacy_reply_with_attachment_at = on(
        "legacy_reply_to_message_action",
        &json!({"type": "legacy_reply_to_message_action", "message": "m", "attachments": [{"name": "n", "url": "u"}]}),
    );
    let open_url_at = on("open_url_action", &open_url());
    let quick_reply_at = on("quick_reply", &quick_reply);
    let button_at = on("button", &button);
    let button_opening_url_at = on(
        "button",
        &json!({"type": "button", "title": "t", "action": open_url()}),
    );
    let open_url_button_at = on("open_url_button", &open_url_button);
    let card_at = on("card", &card);
    let card_with_button_at = on("card", &with(&card, "/buttons", json!([button.clone()])));
    let simple_card_at = on("simple_card", &simple_card);
    let send_cards_action_at = on(
        "send_cards_action",
        &json!({"type": "send_cards_action", "cards": [card.clone()]}),
    );
    let two_cards_at = on(
        "send_cards_action",
        &json!({"type": "send_cards_action", "cards": [card.clone(), card.clone()]}),
    );
    let send_simple_cards_action_at = on(
        "send_simple_cards_action",
        &json!({"type": "send_simple_cards_action", "cards": [simple_card.clone()]}),
    );
    let send_text_action_at = on(
        "send_text_action",
        &json!({"type": "send_text_action", "alternatives": ["a"]}),
    );
    let send_image_action_at = on(
        "send_image_action",
        &json!({"type": "send_image_action", "imageURL": "https://example.com/i.png"}),
    );
    let send_js_event_action_at = on(
        "send_js_event_action",
        &json!({"type": "send_js_event_action", "event": "e"}),
    );
    let email_at = on(
        "send_email_action",
        &json!({"type": "send_email_action", "recipient": "r", "subject": "s", "content": "c"}),
    );
    let wait_action_at = on(
        "wait_action",
        &json!({"type": "wait_action", "duration": 2}),
    );
    let send_quick_replies_action_at = on(
        "send_quick_replies_action",
        &json!({"type": "send_quick_replies_action", "message": "m", "buttons": [quick_reply.clone()]}),
    );
    let store_at = on(
        "store_session_value_action",
        &json!({"type": "store_session_value_action", "key": "k", "value": "v"}),
    );
    let user_attribute_at = on(
        "set_user_attribute_action",
        &json!({"type": "set_user_attribute_action", "key": "k", "value": "v"}),
    );
    let assign_intercom_conversation_action_at = on(
        "assign_intercom_conversation_action",
        &json!({"type": "assign_intercom_conversation_action"}),
    );
    let search_at = on(
        "google_custom_search_action",
        &json!({"type": "google_custom_search_action", "query": "q", "customEngineID": "c", "limit": 5}),
    );
    let field_at = on("webhook_request_field", &field);
    let webhook_at = on("send_webhook_request_action", &webhook);
    let webhook_with_field_at = on(
        "send_webhook_request_action",
        &with(&webhook, "/fields", json!([field.clone()])),
    );
    let zendesk_user_at = on("zendesk_user", &json!({}));
    let zendesk_at = on(
        "create_zendesk_ticket_action",
        &json!({"type": "create_zendesk_ticket_action", "user": {}, "description": "d"}),
    );
    let create_user_request_action_at = on(
        "create_user_request_action",
        &json!({"type": "create_user_request_action", "message": "m"}),
    );
    let ask_location_action_at = on(
        "ask_location_action",
        &json!({"type": "ask_location_action", "message": "m", "action": go_to()}),
    );
    let satisfaction_choice_at = on("customer_satisfaction_choice", &satisfaction_choice());
    let customer_satisfaction_action_at = on(
        "customer_satisfaction_action",
        &json!({"type": "customer_satisfaction_action", "message": "m", "choices": [satisfaction_choice(), satisfaction_choice()]}),
    );
    let asked_at = on("asked_document", &asked);
    let ask_document_action_at = on(
        "ask_document_action",
        &json!({"type": "ask_document_action", "message": "", "documents": [asked.clone()]}),
    );
    let choice_at = on("choice", &choice());
    let section_at = on("section", &section());
    let choices_list_at = on("send_choices_list_action", &choices_list);
    let two_sections_at = on(
        "send_choices_list_action",
        &with(&choices_list, "/sections", json!([section(), section()])),
    );
    let ai_task_behavior_at = on(
        "ai_task_behavior",
        &json!({"type": "ai_task_behavior", "name": "n", "connections": []}),
    );
    let interlocutor_at = on("webhook_interlocutor", &interlocutor);

    vec![
        // Value getters.
        session_value_getter_at("/key")
            .text_len(1, Some(100))
            .pass(word.clone())
            .fail(not_word.clone()),
        attachment_value_getter_at("/key")
            .text_len(1, Some(150))
            .pass(word.clone())
            .fail(not_word.clone()),
        user_attribute_getter_at("/key")
            .text_len(1, Some(100))
            .pass(word.clone())
            .fail(not_word.clone()),
        // Conditions.
        match_regexp_at("/pattern")
            .pass([
                json!(r"^(?P<w>\w+)\s(?P=w)$"),
                json!(""),
                json!("a{"),
                json!(r"(?a)\0"),
            ])
            .fail([
                json!("("),
                json!("[a-"),
                json!("*a"),
                json!(r"\p{L}"),
                json!("(?<n>x)"),
            ]),
        id_rule("match_intent_condition_intent", &intent),
        match_intent_at("/intent/id")
            .pass([OID.into()])
            .fail([json!("x")]),
        // Targets.
        id_rule("step_target", &step_target),
        id_rule("story_target", &story_target),
        id_rule("actions_block_target", &actions_block_target),
        // Flow.
        connection_at("/predicates").list_len(team_predicate(), 1, 10),
        connection_at("/target/id").fail([json!("x")]),
        go_to_at("/target/id").fail([json!("x")]),
        customer_satisfaction_callback_action_at("/kind")
            .pass([json!("negative"), json!("neutral"), json!("positive")])
            .fail([json!("Positive"), json!("")]),
        jump_to_action_at("/connections").list_len(connection(), 0, 10),
        // Buttons.
        document_attachment_at("/name")
            .text_len(1, Some(150))
            .pass(word.clone())
            .fail(not_word.clone()),
        legacy_reply_to_message_action_at("/message").text_len(1, Some(1000)),
        legacy_reply_with_attachment_at("/attachments/0/name").fail([json!("a b")]),
        open_url_at("/url")
            .pass([url(500), json!("ftp://files.example.com"), json!("x://y")])
            .fail([
                url(501),
                json!("www.example.com"),
                json!("http://"),
                json!(""),
            ]),
        quick_reply_at("/title").text_len(1, Some(60)),
        quick_reply_at("/action/target/id").fail([json!("x")]),
        button_at("/title").text_len(1, Some(20)),
        button_opening_url_at("/action/url").fail([json!("nowhere")]),
        open_url_button_at("/title").text_len(1, Some(20)),
        open_url_button_at("/action/url").fail([json!("nowhere")]),
        // Cards.
        card_at("/title").text_len(1, Some(80)),
        card_at("/subtitle")
            .text_len(0, Some(80))
            .pass([Value::Null]),
        card_at("/alt").text_len(0, Some(500)).pass([Value::Null]),
        card_at("/imageURL")
            .pass([
                url(500),
                json!(""),
                json!("HTTP://example.com"),
                Value::Null,
            ])
            .fail([url(501), json!("ftp://example.com"), json!("example.com")]),
        card_at("/url").text_len(0, Some(500)).pass([Value::Null]),
        card_at("/buttons")
            .list_len(button.clone(), 0, 3)
            .pass([Value::Null]),
        card_with_button_at("/buttons/0/title").fail([json!("")]),
        simple_card_at("/title").text_len(1, Some(80)),
        simple_card_at("/subtitle").text_len(0, Some(80)),
        simple_card_at("/imageURL")
            .pass([url(500), json!("")])
            .fail([url(501), json!("mailto:a@b.c")]),
        // `len in [1, 3]`, but an empty list cannot be told from an absent one (see the docs).
        simple_card_at("/buttons")
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
        send_cards_action_at("/cards").list_len(card.clone(), 1, 25),
        two_cards_at("/cards/1/title").fail([json!("")]),
        send_simple_cards_action_at("/cards").list_len(simple_card.clone(), 1, 25),
        // Messages.
        send_text_action_at("/alternatives").list_len(json!("a"), 1, 10),
        send_text_action_at("/text").text_len(1, Some(1000)),
        send_image_action_at("/imageURL").pass([url(500)]).fail([
            url(501),
            json!("ftp://example.com/i.png"),
            json!(""),
        ]),
        send_image_action_at("/alt").text_len(0, Some(500)),
        send_js_event_action_at("/event").text_len(1, Some(200)),
        email_at("/fromEmail")
            .text_len(0, Some(150))
            .pass([json!("bot@example.com"), Value::Null])
            .fail([json!("bot@clustaar.com"), json!("bot@Clustaar.IO")]),
        email_at("/fromName").text_len(0, Some(50)),
        email_at("/recipient").text_len(0, Some(150)),
        email_at("/subject").text_len(0, Some(150)),
        email_at("/content").text_len(0, Some(1500)),
        email_at("/replyToEmail").text_len(0, Some(150)),
        email_at("/replyToName").text_len(0, Some(50)),
        wait_action_at("/duration")
            .pass([json!(0.5), json!(7), json!(7.0), json!(true)])
            .fail([json!(0.49), json!(7.01), json!(0), json!(false)]),
        send_quick_replies_action_at("/message").text_len(1, Some(1000)),
        send_quick_replies_action_at("/buttons").list_len(quick_reply.clone(), 1, 11),
        // Session values and user attributes.
        store_at("/key")
            .text_len(1, Some(100))
            .pass(word.clone())
            .fail(not_word.clone()),
        store_at("/value").text_len(1, Some(200)),
        user_attribute_at("/key")
            .text_len(1, Some(100))
            .pass([json!("identity"), json!("user_id"), json!("idx")])
            .fail([json!("id"), json!("ID"), json!("Id"), json!("a b")]),
        user_attribute_at("/value").text_len(1, Some(2000)),
        // Integrations.
        assign_intercom_conversation_action_at("/assigneeID")
            .pass([json!("1".repeat(100)), Value::Null])
            .fail([json!("1".repeat(101))])
            .pass(digits.clone())
            .fail(not_digits.clone()),
        search_at("/query").text_len(1, Some(2048)),
        search_at("/customEngineID")
            .text_len(1, None)
            .pass([text(5000)]),
        search_at("/limit")
            .pass([json!(1), json!(10), json!(true)])
            .fail([json!(0), json!(11)]),
        field_at("/key")
            .text_len(1, Some(100))
            .pass(word.clone())
            .fail(not_word.clone()),
        field_at("/value").text_len(1, Some(2048)),
        webhook_at("/url").text_len(1, Some(500)),
        webhook_at("/description").text_len(0, Some(500)),
        webhook_at("/service")
            .pass([json!("custom"), json!("zapier")])
            .fail([json!("Zapier"), json!("")]),
        webhook_at("/fields").list_len(field.clone(), 0, 100),
        webhook_with_field_at("/fields/0/key").fail([json!("")]),
        zendesk_user_at("/email").text_len(0, Some(100)),
        zendesk_user_at("/name").text_len(0, Some(100)),
        zendesk_at("/user/name").fail([text(101)]),
        zendesk_at("/ticketType")
            .pass([
                json!("incident"),
                json!("problem"),
                json!("question"),
                json!("task"),
                json!(""),
            ])
            .fail([json!("bug"), json!("Task")]),
        zendesk_at("/ticketPriority")
            .pass([
                json!("high"),
                json!("low"),
                json!("normal"),
                json!("urgent"),
                json!(""),
            ])
            .fail([json!("critical")]),
        zendesk_at("/subject").text_len(0, Some(100)),
        zendesk_at("/description").text_len(1, Some(1500)),
        zendesk_at("/tags").list_len(json!("t"), 0, 10),
        zendesk_at("/groupID")
            .pass([json!("1".repeat(24))])
            .fail([json!("1".repeat(25))])
            .pass(digits.clone())
            .fail(not_digits.clone()),
        zendesk_at("/assigneeID")
            .pass([json!("1".repeat(24))])
            .fail([json!("1".repeat(25))])
            .pass(digits.clone())
            .fail(not_digits.clone()),
        create_user_request_action_at("/message").text_len(1, Some(1000)),
        // Forms.
        ask_location_action_at("/message").text_len(1, Some(1000)),
        ask_location_action_at("/action/target/id").fail([json!("x")]),
        satisfaction_choice_at("/kind")
            .pass([json!("negative")])
            .fail([json!("bad")]),
        satisfaction_choice_at("/label").text_len(0, Some(60)),
        satisfaction_choice_at("/target")
            .path("target.id")
            .pass([json!({"type": "story", "id": OID})])
            .fail([json!({"type": "story", "id": "x"})]),
        customer_satisfaction_action_at("/message").text_len(1, Some(1000)),
        customer_satisfaction_action_at("/choices").list_len(satisfaction_choice(), 2, 3),
        asked_at("/message").text_len(0, Some(300)),
        asked_at("/name").text_len(1, Some(150)),
        ask_document_action_at("/message").text_len(0, Some(300)),
        ask_document_action_at("/documents").list_len(asked.clone(), 1, 20),
        choice_at("/imageUrl")
            .pass([url(500), json!("ftp://example.com/i.png"), Value::Null])
            .fail([url(501), json!(""), json!("i.png")]),
        choice_at("/title").text_len(1, Some(500)),
        section_at("/title")
            .text_len(0, Some(500))
            .pass([Value::Null]),
        section_at("/choices").list_len(choice(), 1, 100),
        choices_list_at("/message")
            .text_len(1, Some(500))
            .pass([Value::Null]),
        choices_list_at("/placeholder").text_len(1, Some(45)),
        choices_list_at("/sections").list_len(section(), 1, 50),
        // One section needs no title; with two, each needs one.
        choices_list_at("/sections/0/title").pass([json!(""), Value::Null]),
        two_sections_at("/sections/1/title")
            .pass([json!("x")])
            .fail([json!(""), Value::Null]),
        // AI tasks.
        ai_task_behavior_at("/connections").list_len(connection(), 0, 10),
        // Notifications.
        interlocutor_at("/email")
            .text_len(0, Some(2000))
            .pass([Value::Null]),
        interlocutor_at("/firstName").text_len(0, Some(2000)),
        interlocutor_at("/lastName").text_len(0, Some(2000)),
        interlocutor_at("/phoneNumber").text_len(0, Some(2000)),
        // Each bad entry is reported at its own path, as the platform reports it.
        interlocutor_at("/customAttributes")
            .pass([json!({"plan": "pro", "é2": ""})])
            .fail([json!({"a b": "x"})])
            .path("customAttributes.a b"),
        interlocutor_at("/customAttributes")
            .fail([json!({"a-b": "x"})])
            .path("customAttributes.a-b"),
        interlocutor_at("/customAttributes")
            .fail([json!({"n": 1}), json!({"n": null})])
            .path("customAttributes.n"),
    ]
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
fn every_violation_is_reported_the_platforms_first_first() {
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
            // In a card, the failing nested button comes first, as the platform reports it.
            ("actions.3.cards.0.buttons.0.action.target.id", Pattern),
            ("actions.3.cards.0.buttons.0.title", Length),
            ("actions.3.cards.0.title", Length),
            ("actions.3.cards.0.imageURL", Url),
            ("actions.4.sections.1.title", Custom),
            ("actions.4.sections.1.choices", Length),
            ("actions.4.placeholder", Length),
            ("actions.4.action.target.id", Pattern),
            ("interlocutor.email", Length),
            ("interlocutor.customAttributes.bad key", Pattern),
            ("interlocutor.customAttributes.n", Type),
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
        text.contains("\n- `interlocutor.customAttributes.bad key`: the key must match"),
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
        "condition": {"type": "match_intent", "intent": {"type": "intent", "id": "x", "name": "n"}},
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
fn a_document_of_the_wrong_shape_is_refused_where_it_goes_wrong() {
    let errors = from_json::<SendQuickRepliesAction>(
        r#"{"type":"send_quick_replies_action","message":"m","buttons":[{"title":"t","action":{"type":"go_to_action"}}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        found(&errors),
        [("buttons.0.action.target", ValidationErrorKind::Required)]
    );
    assert_eq!(
        errors.iter().next().unwrap().message(),
        "the key `target` is missing"
    );

    let errors = from_json::<SendTextAction>(
        br#"{"type":"send_text_action","alternatives":null}"#.as_slice(),
    )
    .unwrap_err();
    assert_eq!(
        found(&errors),
        [("alternatives", ValidationErrorKind::Null)]
    );

    let errors = from_json::<PauseBotAction>("{} {}").unwrap_err();
    assert_eq!(found(&errors), [("", ValidationErrorKind::Read)]);
    assert_eq!(errors.to_string(), "1 violation: trailing characters");

    // A syntax error is reported where reading stopped.
    let errors = from_json::<StepReachedResponse>("{\"actions\": [").unwrap_err();
    assert_eq!(found(&errors), [("actions", ValidationErrorKind::Read)]);
    let errors = from_json::<StepReachedResponse>(
        r#"{"actions": [{"type": "send_text_action", "alternatives": ["Hi",]}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        found(&errors),
        [("actions.0.alternatives", ValidationErrorKind::Read)]
    );
    assert_eq!(
        errors.to_string(),
        "1 violation: `actions.0.alternatives`: trailing comma"
    );

    let errors = from_json::<GoogleCustomSearchAction>(&json!({
        "type": "google_custom_search_action",
        "query": "q",
        "customEngineID": "c",
        "limit": "5",
    }))
    .unwrap_err();
    assert_eq!(found(&errors), [("limit", ValidationErrorKind::Type)]);
    assert_eq!(
        errors.iter().next().unwrap().message(),
        "must be a whole number, got a string"
    );

    // A model's own `type` must be its name; a missing key is reported even where `null` is
    // allowed.
    let errors = from_json::<StepTarget>(json!({"type": "story", "id": OID})).unwrap_err();
    assert_eq!(found(&errors), [("type", ValidationErrorKind::Constant)]);
    let errors = from_json::<WaitAction>(json!({"type": "wait_action"})).unwrap_err();
    assert_eq!(
        found(&errors),
        [("duration", ValidationErrorKind::Required)]
    );
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
    let errors = from_json::<SendJsEventAction>(r#"{"type":"send_js_event_action","event":""}"#)
        .unwrap_err();
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
