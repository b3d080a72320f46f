//! Conformance round trip of `clustaar_webhook::schemas` against the documents made with the
//! Python reference (`tests/conformance/schemas/<schema>/valid-*.json`).
//!
//! For each document: deserialize into the schema's type, serialize back, and compare with what
//! the reference gave back (`valid-*.loaded.json`), or with the document itself where the
//! reference crashed. The allowed differences are those of `tests/conformance/README.md`, each
//! one counted and printed (run with `--nocapture` to read the list).

use std::collections::BTreeMap;
use std::path::Path;

use clustaar_webhook::schemas::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::common::schemas::{
    Model, ModelVisitor, SCHEMAS, schemas_dir, valid_documents, with_model,
};
use crate::processors;

/// Reads `text` as `T` and writes it back as a JSON value.
fn round_trip<T: Serialize + DeserializeOwned>(text: &str) -> Result<Value, String> {
    let model: T = serde_json::from_str(text).map_err(|e| format!("deserialize: {e}"))?;
    serde_json::to_value(&model).map_err(|e| format!("serialize: {e}"))
}

/// Reads `text` as sent (no load processor) as `T` and writes it back as a JSON value.
fn round_trip_as_sent<T: Serialize + ReadAsSent>(text: &str) -> Result<Value, String> {
    let AsSent(model) =
        serde_json::from_str::<AsSent<T>>(text).map_err(|e| format!("deserialize: {e}"))?;
    serde_json::to_value(&model).map_err(|e| format!("serialize: {e}"))
}

/// The round trip through the model of `schema`, or `None` when no model maps to it.
pub(crate) fn round_trip_schema(schema: &str, text: &str) -> Option<Result<Value, String>> {
    struct RoundTrip<'a>(&'a str);

    impl ModelVisitor for RoundTrip<'_> {
        type Output = Result<Value, String>;

        fn visit<T: Model>(self) -> Self::Output {
            round_trip::<T>(self.0)
        }
    }

    with_model(schema, RoundTrip(text))
}

/// The round trip as sent through the model of `schema`, or `None` when no model maps to it.
pub(crate) fn round_trip_schema_as_sent(schema: &str, text: &str) -> Option<Result<Value, String>> {
    struct RoundTrip<'a>(&'a str);

    impl ModelVisitor for RoundTrip<'_> {
        type Output = Result<Value, String>;

        fn visit<T: Model>(self) -> Self::Output {
            round_trip_as_sent::<T>(self.0)
        }
    }

    with_model(schema, RoundTrip(text))
}

/// The `read_only` keys (besides `type`) we keep as read, by the `type` of their object.
const READ_ONLY_KEYS: &[(&str, &str)] = &[
    ("send_text_action", "text"),
    ("intent", "name"),
    ("customer_satisfaction_choice", "matchingIntent"),
];

/// The keys that are optional but may not be `null` on the platform, by schema: the reference
/// writes `null` for an absent value, which the platform then refuses; we leave the key out.
const LEFT_OUT_WHEN_NONE: &[(&str, &str)] = &[
    ("create_zendesk_ticket_action", "ticketType"),
    ("create_zendesk_ticket_action", "ticketPriority"),
    ("create_zendesk_ticket_action", "subject"),
    ("create_zendesk_ticket_action", "tags"),
    ("create_zendesk_ticket_action", "groupID"),
    ("create_zendesk_ticket_action", "assigneeID"),
];

/// Keys of the documents that no schema declares: read and ignored.
const UNKNOWN_KEYS: &[&str] = &["unknownKey", "zzz", "_id"];

/// `write_only` keys: read, never written.
const WRITE_ONLY_KEYS: &[&str] = &["matching_intent_id"];

/// The documented defaults a writer fills in: (key, value).
fn is_documented_default(key: &str, value: &Value) -> bool {
    match key {
        "duration" => value == &json!(2),
        "buttons" | "attachments" => value == &json!([]),
        "userAttributes" => value == &json!(false),
        // The `type` constants are always written.
        "type" => value.is_string(),
        _ => false,
    }
}

/// Upper bound of the documents excused by the allowance, so that a change that makes more
/// documents differ cannot go unnoticed.
const MAX_BOOL_AS_NUMBER: usize = 9;

fn read_json(path: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (text, value)
}

/// The schema of an object of the output, for the load processors' table.
fn owner_schema(object: &Map<String, Value>, parent_key: Option<&str>, root: &str) -> String {
    match object.get("type").and_then(Value::as_str) {
        Some("message") if root == "reply_to_action_to_message" => root.to_owned(),
        Some("message") => "incoming_message".to_owned(),
        Some(tag) => tag.to_owned(),
        None => match parent_key {
            Some("user") => "zendesk_user".to_owned(),
            Some("interlocutor") => "webhook_interlocutor".to_owned(),
            Some(other) => format!("<untyped object at {other}>"),
            None => root.to_owned(),
        },
    }
}

/// One difference between our output and the expected JSON.
#[derive(Debug)]
enum Diff {
    /// The reference wrote a boolean where we write the number Python reads it as.
    BoolAsNumber { path: String },
    /// Markup that the platform's processors let through and ours escape: the platform
    /// sanitizes before normalizing, so a fullwidth `＜script＞` becomes a live `<script>`
    /// there; we normalize first, so the same text comes out escaped.
    EscapedAfterNormalizing { path: String },
    /// A key the reference writes `null` though the platform refuses `null` there: we leave
    /// it out, which the platform accepts.
    NullLeftOut { path: String },
    /// Anything else: a failure.
    Other(String),
}

fn numbers_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => {
            a == b || (a.as_f64().is_some() && a.as_f64() == b.as_f64())
        }
        _ => false,
    }
}

/// `text` with `<` and `>` escaped, as the sanitizer writes markup it does not allow.
fn escape_markup(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

/// Compares `ours` with `expected`, collecting differences.
fn compare(
    ours: &Value,
    expected: &Value,
    path: &str,
    owner: &str,
    key: Option<&str>,
    root: &str,
    diffs: &mut Vec<Diff>,
) {
    match (ours, expected) {
        (Value::Number(_), Value::Number(_)) if numbers_equal(ours, expected) => {}
        (Value::Number(n), Value::Bool(b)) if n.as_f64() == Some(f64::from(u8::from(*b))) => diffs
            .push(Diff::BoolAsNumber {
                path: path.to_owned(),
            }),
        (Value::String(a), Value::String(b)) if a != b && *a == escape_markup(b) => {
            diffs.push(Diff::EscapedAfterNormalizing {
                path: path.to_owned(),
            });
        }
        (Value::String(a), Value::String(b)) if a != b => diffs.push(Diff::Other(format!(
            "{path}: string {a:?} != {b:?} ({owner}.{})",
            key.unwrap_or("-")
        ))),
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                diffs.push(Diff::Other(format!(
                    "{path}: {} items != {}",
                    a.len(),
                    b.len()
                )));
                return;
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, &format!("{path}[{i}]"), owner, key, root, diffs);
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let object_owner = owner_schema(a, key, root);
            for (k, y) in b {
                match a.get(k) {
                    Some(x) => compare(
                        x,
                        y,
                        &format!("{path}.{k}"),
                        &object_owner,
                        Some(k),
                        root,
                        diffs,
                    ),
                    None if y.is_null()
                        && LEFT_OUT_WHEN_NONE.contains(&(object_owner.as_str(), k.as_str())) =>
                    {
                        diffs.push(Diff::NullLeftOut {
                            path: format!("{path}.{k}"),
                        });
                    }
                    None => diffs.push(Diff::Other(format!("{path}.{k}: missing in ours"))),
                }
            }
            for k in a.keys().filter(|k| !b.contains_key(*k)) {
                diffs.push(Diff::Other(format!("{path}.{k}: extra in ours")));
            }
        }
        _ if ours == expected => {}
        _ => diffs.push(Diff::Other(format!("{path}: {ours} != {expected}"))),
    }
}

/// Key order of every object of `ours` against `expected`, for the keys both have.
fn compare_order(ours: &Value, expected: &Value, path: &str, errors: &mut Vec<String>) {
    match (ours, expected) {
        (Value::Object(a), Value::Object(b)) => {
            let ours_keys: Vec<&String> = a.keys().filter(|k| b.contains_key(*k)).collect();
            let expected_keys: Vec<&String> = b.keys().filter(|k| a.contains_key(*k)).collect();
            if ours_keys != expected_keys {
                errors.push(format!(
                    "{path}: key order {ours_keys:?} != {expected_keys:?}"
                ));
            }
            for (k, y) in b {
                if let Some(x) = a.get(k) {
                    compare_order(x, y, &format!("{path}.{k}"), errors);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare_order(x, y, &format!("{path}[{i}]"), errors);
            }
        }
        _ => {}
    }
}

/// Allowance (b): where the input has a `read_only` key, the expected output has the input's
/// value (the reference drops it or writes `null`).
fn keep_read_only(input: &Value, expected: &mut Value) {
    match (input, expected) {
        (Value::Object(input), Value::Object(expected)) => {
            if let Some(tag) = input.get("type").and_then(Value::as_str) {
                for (_, key) in READ_ONLY_KEYS.iter().filter(|(t, _)| *t == tag) {
                    if let Some(value) = input.get(*key) {
                        expected.insert((*key).to_owned(), value.clone());
                    }
                }
            }
            for (k, v) in input {
                if let Some(e) = expected.get_mut(k) {
                    keep_read_only(v, e);
                }
            }
        }
        (Value::Array(input), Value::Array(expected)) => {
            for (v, e) in input.iter().zip(expected.iter_mut()) {
                keep_read_only(v, e);
            }
        }
        _ => {}
    }
}

/// Allowance (c), where the reference crashed: every input key is in the output with an equal
/// value (unknown and write-only keys excepted, and absent from the output), and every output
/// key the input lacks is `null` or a documented default.
/// Compares `ours` with the input where the reference crashed: equal, except for the strings
/// that the load processors change (ours must be the input through the key's chain).
fn compare_with_input(
    ours: &Value,
    input: &Value,
    path: &str,
    (owner, key, root): (&str, Option<&str>, &str),
    errors: &mut Vec<String>,
) {
    match (ours, input) {
        (Value::Object(a), Value::Object(b)) => {
            let object_owner = owner_schema(a, key, root);
            for (k, y) in b {
                let ignored =
                    UNKNOWN_KEYS.contains(&k.as_str()) || WRITE_ONLY_KEYS.contains(&k.as_str());
                match (a.get(k), ignored) {
                    (Some(_), true) => {
                        errors.push(format!("{path}.{k}: unknown or write-only key written"))
                    }
                    (None, true) => {}
                    (Some(x), false) => compare_with_input(
                        x,
                        y,
                        &format!("{path}.{k}"),
                        (&object_owner, Some(k), root),
                        errors,
                    ),
                    (None, false) => errors.push(format!("{path}.{k}: input key missing in ours")),
                }
            }
            for (k, x) in a.iter().filter(|(k, _)| !b.contains_key(*k)) {
                if !x.is_null() && !is_documented_default(k, x) {
                    errors.push(format!("{path}.{k}: {x} written, absent from the input"));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare_with_input(x, y, &format!("{path}[{i}]"), (owner, key, root), errors);
            }
        }
        _ if ours == input || numbers_equal(ours, input) => {}
        (Value::String(a), Value::String(b))
            if key
                .and_then(|key| processors::chain_of(owner, key))
                .is_some_and(|chain| *a == processors::apply(chain, b)) => {}
        _ => errors.push(format!("{path}: {ours} != input {input}")),
    }
}

#[test]
fn every_conformance_document_round_trips() {
    let folders = valid_documents();
    assert_eq!(
        folders.len(),
        SCHEMAS.len(),
        "one folder per schema of the table"
    );

    let mut failures = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut bool_as_number = Vec::new();
    let mut escaped = Vec::new();
    let mut left_out = Vec::new();

    for (schema, documents) in folders {
        for document in documents {
            let name = format!(
                "{schema}/{}",
                document.file_name().unwrap().to_str().unwrap()
            );
            let (text, input) = read_json(&document);
            let ours = match round_trip_schema(&schema, &text) {
                None => {
                    failures.push(format!("{name}: no Rust type for the schema `{schema}`"));
                    continue;
                }
                Some(Err(e)) => {
                    failures.push(format!("{name}: {e}"));
                    continue;
                }
                Some(Ok(ours)) => ours,
            };

            let loaded = document.with_extension("loaded.json");
            if !loaded.exists() {
                let mut errors = Vec::new();
                compare_with_input(&ours, &input, "$", (&schema, None, &schema), &mut errors);
                if errors.is_empty() {
                    *counts
                        .entry("compared with the input (reference crashed)")
                        .or_default() += 1;
                } else {
                    failures.push(format!("{name} (vs input): {}", errors.join("; ")));
                }
                continue;
            }

            let (_, mut expected) = read_json(&loaded);
            keep_read_only(&input, &mut expected);
            let mut diffs = Vec::new();
            compare(&ours, &expected, "$", &schema, None, &schema, &mut diffs);
            let others: Vec<String> = diffs
                .iter()
                .filter_map(|d| match d {
                    Diff::Other(message) => Some(message.clone()),
                    _ => None,
                })
                .collect();
            if !others.is_empty() {
                failures.push(format!("{name}: {}", others.join("; ")));
                continue;
            }
            let mut order_errors = Vec::new();
            compare_order(&ours, &expected, "$", &mut order_errors);
            if !order_errors.is_empty() {
                failures.push(format!("{name}: {}", order_errors.join("; ")));
                continue;
            }
            for diff in &diffs {
                match diff {
                    Diff::BoolAsNumber { path } => bool_as_number.push(format!("{name} at {path}")),
                    Diff::EscapedAfterNormalizing { path } => {
                        escaped.push(format!("{name} at {path}"));
                    }
                    Diff::NullLeftOut { path } => left_out.push(format!("{name} at {path}")),
                    Diff::Other(_) => {}
                }
            }
            *counts.entry("equal to the reference's output").or_default() += 1;
        }
    }

    for item in &bool_as_number {
        println!("boolean read as a number (Python's True == 1), written as the number: {item}");
    }
    for item in &left_out {
        println!("null left out, which the platform refuses: {item}");
    }
    for item in &escaped {
        println!("markup escaped, since we normalize before sanitizing: {item}");
    }
    println!("{counts:#?}");
    assert!(
        escaped.len() <= 10,
        "only the fullwidth-markup documents differ this way: {escaped:#?}"
    );

    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        bool_as_number.len() <= MAX_BOOL_AS_NUMBER,
        "{} booleans read as numbers, more than {MAX_BOOL_AS_NUMBER}",
        bool_as_number.len()
    );
}

#[test]
fn every_schema_of_the_table_has_a_folder() {
    for schema in SCHEMAS {
        assert!(
            schemas_dir().join(schema).is_dir(),
            "no conformance folder for {schema}"
        );
    }
}

fn sample_notification() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/sample-notification.json");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn sample_notification_round_trips() {
    let text = sample_notification();
    let request: WebhookRequest = serde_json::from_str(&text).unwrap();
    let input: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), input);

    let reached = request.step_reached().expect("a step reached event");
    assert_eq!(request.bot_id, "5a8f1c2e9b1d4c0012345678");
    assert_eq!(reached.step_id(), "507f191e810c19729de860ea");
    assert_eq!(reached.input.text(), Some("Where is my order A-1234?"));
    assert_eq!(reached.session.get_str("order"), Some("A-1234"));
    assert_eq!(reached.step.actions.len(), 3);
    assert!(matches!(&reached.step.actions[1], Action::Wait(wait) if wait.seconds() == 1.5));
}

/// Reads the sample notification with its first step action replaced by `action` and its input
/// by `input`.
fn notification_with(action: Value, input: Value) -> (Value, WebhookRequest) {
    let mut json: Value = serde_json::from_str(&sample_notification()).unwrap();
    json["data"]["step"]["actions"][0] = action;
    json["data"]["input"] = input;
    let request = serde_json::from_value(json.clone()).unwrap();
    (json, request)
}

#[test]
fn unknown_action_is_kept_and_written_back() {
    let action = json!({"type": "brand_new_action", "x": 1});
    let input = json!({"type": "message", "text": "hi", "attachments": []});
    let (json, request) = notification_with(action.clone(), input);
    let reached = request.step_reached().unwrap();
    let Action::Unknown(unknown) = &reached.step.actions[0] else {
        panic!(
            "expected an unknown action, got {:?}",
            reached.step.actions[0]
        );
    };
    assert_eq!(unknown.type_name(), Some("brand_new_action"));
    assert_eq!(reached.step.actions[0].type_name(), "brand_new_action");
    let written = serde_json::to_value(&request).unwrap();
    assert_eq!(written, json);
    assert_eq!(
        serde_json::to_string(&reached.step.actions[0]).unwrap(),
        r#"{"type":"brand_new_action","x":1}"#
    );
}

#[test]
fn unknown_input_is_kept_and_written_back() {
    let action = json!({"type": "pause_bot_action"});
    let input = json!({"type": "voice_note", "seconds": 12, "nested": {"a": [1, null]}});
    let (json, request) = notification_with(action, input.clone());
    let reached = request.step_reached().unwrap();
    assert!(matches!(&reached.input, Input::Unknown(raw) if raw.type_name() == Some("voice_note")));
    assert_eq!(reached.input.text(), None);
    assert_eq!(serde_json::to_value(&request).unwrap(), json);
    assert_eq!(serde_json::to_value(&reached.input).unwrap(), input);
}

#[test]
fn unknown_button_action_is_kept_and_written_back() {
    let action = json!({
        "type": "send_quick_replies_action",
        "message": "Pick",
        "buttons": [{"type": "quick_reply", "title": "Call", "action": {"type": "call_action", "phone": "+33"}}]
    });
    let input = json!({"type": "message", "text": "hi", "attachments": []});
    let (json, request) = notification_with(action, input);
    let reached = request.step_reached().unwrap();
    let Action::SendQuickReplies(replies) = &reached.step.actions[0] else {
        panic!("quick replies expected")
    };
    assert!(
        matches!(&replies.buttons[0].action, ButtonAction::Unknown(raw) if raw.type_name() == Some("call_action"))
    );
    assert_eq!(serde_json::to_value(&request).unwrap(), json);
}

#[test]
fn unknown_attachment_is_kept_and_written_back() {
    let action = json!({"type": "pause_bot_action"});
    let input = json!({
        "type": "message",
        "text": "see",
        "attachments": [{"type": "hologram", "url": "https://example.com/h", "depth": 3}, {"type": "image", "url": "https://example.com/i.png"}]
    });
    let (json, request) = notification_with(action, input);
    let Input::Message(message) = &request.step_reached().unwrap().input else {
        panic!("message expected")
    };
    assert!(
        matches!(&message.attachments[0], Attachment::Unknown(raw) if raw.type_name() == Some("hologram"))
    );
    assert_eq!(message.attachments[0].url(), Some("https://example.com/h"));
    assert!(matches!(&message.attachments[1], Attachment::Image(_)));
    assert_eq!(serde_json::to_value(&request).unwrap(), json);
}

#[test]
fn unknown_event_is_kept() {
    let json = json!({"topic": "conversation.closed", "botID": "b", "timestamp": 1, "type": "notification_event",
        "data": {"type": "conversation_closed_event", "reason": "timeout"}});
    let request: WebhookRequest = serde_json::from_value(json.clone()).unwrap();
    assert!(request.step_reached().is_none());
    assert!(
        matches!(&request.event, Event::Unknown(raw) if raw.type_name() == Some("conversation_closed_event"))
    );
    assert_eq!(serde_json::to_value(&request).unwrap(), json);
}

#[test]
fn unknown_extra_keys_are_ignored() {
    let mut json: Value = serde_json::from_str(&sample_notification()).unwrap();
    let expected = json.clone();
    json["brandNewTopLevel"] = json!(true);
    json["data"]["interlocutor"]["favouriteColour"] = json!("blue");
    json["data"]["step"]["actions"][0]["speed"] = json!({"wpm": 300});
    let request: WebhookRequest = serde_json::from_value(json).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), expected);
}

#[test]
fn unknown_condition_type_is_an_error() {
    let json = json!({"type": "connection_predicate", "condition": {"type": "is_purple"}, "valueGetter": {"type": "message"}});
    let error = serde_json::from_value::<FlowConnectionPredicate>(json).unwrap_err();
    assert!(error.to_string().contains("is_purple"), "{error}");
}

#[test]
fn legacy_reply_input_reads_where_the_reference_fails() {
    let action = json!({"type": "pause_bot_action"});
    let input = json!({"type": "legacy_reply_to_message_action", "message": "yes"});
    let (json, request) = notification_with(action, input);
    let reached = request.step_reached().unwrap();
    assert!(matches!(&reached.input, Input::LegacyReplyToMessage(reply) if reply.message == "yes"));
    assert_eq!(reached.input.text(), Some("yes"));
    assert_eq!(serde_json::to_value(&request).unwrap(), json);

    let by_text: Input = serde_json::from_value(
        json!({"type": "legacy_reply_to_message_action", "text": "no", "attachments": []}),
    )
    .unwrap();
    assert_eq!(by_text.text(), Some("no"));
}
