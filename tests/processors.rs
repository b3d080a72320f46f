//! The load processors against the platform's recorded behaviour
//! (`tests/conformance/processors/`): every recorded case through our chain functions, and
//! every field of the table processed when its model is read (and only then).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clustaar_webhook::schemas::processors::{html_sanitize, strip, unicode_normalize};
use serde::Deserialize;
use serde_json::Value;

use crate::schemas_roundtrip::{round_trip_schema, round_trip_schema_as_sent};

#[derive(Debug, Deserialize)]
struct Case {
    chain: Vec<String>,
    input: String,
    output: String,
}

/// One row of `fields.json`: the chain of a schema's key.
#[derive(Debug, Deserialize)]
pub(crate) struct Field {
    pub(crate) schema: String,
    pub(crate) key: String,
    processors: Vec<String>,
}

impl Field {
    /// Whether the chain runs on each item of a list.
    fn each_item(&self) -> bool {
        self.processors.first().is_some_and(|p| p == "(each item)")
    }

    fn chain(&self) -> &[String] {
        &self.processors[usize::from(self.each_item())..]
    }
}

/// The recorded outputs that ours does not match, because we normalize before sanitizing:
/// (input, our output, why). Only rows whose chain has both `unicode_normalize` and
/// `html_sanitize` may be listed.
const EXCEPTIONS: &[(&str, &str, &str)] = &[(
    "＜script＞alert(1)＜／script＞",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "NFKC turns the fullwidth brackets into `<` and `>`: the platform, sanitizing first, lets a \
     live <script> through; normalizing first, the tag is escaped",
)];

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of `fields.json`.
pub(crate) fn fields() -> &'static [Field] {
    static FIELDS: OnceLock<Vec<Field>> = OnceLock::new();
    FIELDS.get_or_init(|| read(&conformance_dir().join("processors/fields.json")))
}

/// The chain of `schema`'s `key`, when it has one.
pub(crate) fn chain_of(schema: &str, key: &str) -> Option<&'static [String]> {
    fields()
        .iter()
        .find(|field| field.schema == schema && field.key == key)
        .map(Field::chain)
}

/// `text` through `chain`, in our order: strip, then normalize, then sanitize.
pub(crate) fn apply(chain: &[String], text: &str) -> String {
    for name in chain {
        assert!(
            ["strip", "unicode_normalize", "html_sanitize"].contains(&name.as_str()),
            "unknown processor {name:?}"
        );
    }
    let has = |name: &str| chain.iter().any(|p| p == name);
    let mut text = text.to_owned();
    if has("strip") {
        text = strip(text);
    }
    if has("unicode_normalize") {
        text = unicode_normalize(text);
    }
    if has("html_sanitize") {
        text = html_sanitize(text);
    }
    text
}

#[test]
fn every_recorded_case_gives_the_recorded_output() {
    let cases: Vec<Case> = read(&conformance_dir().join("processors/cases.json"));
    assert_eq!(cases.len(), 360);
    let mut failures = Vec::new();
    let mut excused = Vec::new();
    for case in &cases {
        let ours = apply(&case.chain, &case.input);
        let exception = EXCEPTIONS.iter().find(|(input, ..)| *input == case.input);
        let both = case.chain.iter().any(|p| p == "unicode_normalize")
            && case.chain.iter().any(|p| p == "html_sanitize");
        match exception {
            Some((_, expected, _)) if both => {
                if ours == case.output {
                    failures.push(format!(
                        "{:?} {:?}: listed as an exception but gives the recorded output",
                        case.chain, case.input
                    ));
                } else if ours != *expected {
                    failures.push(format!(
                        "{:?} {:?}: {ours:?}, the exception says {expected:?}",
                        case.chain, case.input
                    ));
                }
                excused.push(case);
            }
            _ if ours != case.output => failures.push(format!(
                "{:?} {:?}: {ours:?}, recorded {:?}",
                case.chain, case.input, case.output
            )),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Each exception is used by every row of its input that has both processors.
    for (input, ..) in EXCEPTIONS {
        assert!(
            excused.iter().any(|case| case.input == *input),
            "exception {input:?} matches no recorded row"
        );
    }
    assert_eq!(excused.len(), 2, "the fullwidth input, in its two chains");
}

/// A value that every processor changes, each in its own way: whitespace around (one of them
/// U+001F, which Python strips), fullwidth letters and a ligature (NFKC), a script tag (escaped),
/// a control character inside (`?`).
const TRICKY: &str = " \u{1f}ｈｉ <script>x</script>\u{1} ﬁ\u{a0}";

/// A valid document of `schema` from the conformance folder, as a JSON object.
fn document(schema: &str) -> serde_json::Map<String, Value> {
    let paths = crate::common::schemas::valid_documents_of(schema);
    match read::<Value>(&paths[0]) {
        Value::Object(object) => object,
        other => panic!("{}: not an object: {other}", paths[0].display()),
    }
}

#[test]
fn every_field_of_the_table_is_processed_when_read() {
    assert_eq!(fields().len(), 52);
    let mut failures = Vec::new();
    for field in fields() {
        let mut object = document(&field.schema);
        let raw = if field.each_item() {
            Value::from(vec![TRICKY, "plain", TRICKY])
        } else {
            Value::from(TRICKY)
        };
        object.insert(field.key.clone(), raw.clone());
        let text = Value::Object(object).to_string();
        let expected = apply(field.chain(), TRICKY);
        assert_ne!(expected, TRICKY);
        let expected = if field.each_item() {
            Value::from(vec![expected.as_str(), "plain", expected.as_str()])
        } else {
            Value::from(expected)
        };
        let name = format!("{}.{}", field.schema, field.key);
        match round_trip_schema(&field.schema, &text) {
            Some(Ok(ours)) if ours[&field.key] == expected => {}
            Some(Ok(ours)) => failures.push(format!(
                "{name}: {} read, {expected} expected",
                ours[&field.key]
            )),
            Some(Err(e)) => failures.push(format!("{name}: {e}")),
            None => failures.push(format!("{name}: no model")),
        }
        // Read as sent, the string is kept as written.
        match round_trip_schema_as_sent(&field.schema, &text) {
            Some(Ok(ours)) if ours[&field.key] == raw => {}
            other => failures.push(format!("{name} (as sent): {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_chain_gives_its_own_result_for_the_tricky_value() {
    // So that the test above also tells a field with the wrong chain.
    let mut results: Vec<String> = fields()
        .iter()
        .map(|field| format!("{:?}", field.chain()))
        .collect();
    results.sort();
    results.dedup();
    let mut outputs: Vec<String> = fields()
        .iter()
        .map(|field| apply(field.chain(), TRICKY))
        .collect();
    outputs.sort();
    outputs.dedup();
    assert_eq!(results.len(), outputs.len());
}

#[test]
fn serializing_writes_the_strings_as_they_are() {
    use clustaar_webhook::schemas::SendTextAction;
    let action = SendTextAction::new(TRICKY);
    let json = serde_json::to_value(&action).unwrap();
    assert_eq!(json["alternatives"][0], TRICKY);
}

// End to end: what handlers receive.

mod end_to_end {
    use clustaar_webhook::Webhook;
    use clustaar_webhook::extract::Raw;
    use clustaar_webhook::schemas::{SendTextAction, StepReached, StepReachedResponse};
    use clustaar_webhook::testing::{NotificationBuilder, TestClient};
    use serde_json::Value;

    use crate::common::*;

    const NAME: &str = "<script>x</script>";
    const ESCAPED: &str = "&lt;script&gt;x&lt;/script&gt;";

    async fn typed(n: StepReached) -> String {
        format!("typed {}", n.interlocutor.first_name.unwrap_or_default())
    }

    async fn raw(Raw(n): Raw<StepReached>) -> String {
        format!("raw {}", n.interlocutor.first_name.unwrap_or_default())
    }

    fn named(name: &str) -> String {
        sample_edited(|notification| {
            notification["data"]["interlocutor"]["firstName"] = Value::from(name);
        })
    }

    #[tokio::test]
    async fn a_visitor_named_script_reaches_a_typed_handler_escaped() {
        let webhook = Webhook::new()
            .allow_unsigned()
            .request_max_age(None)
            .on(STEP_REACHED, typed);
        let h = Harness::new(webhook.into_router()).await;
        // In-process and over HTTP, both checked by `send`.
        let answer = h.send(&Req::post(named(NAME))).await;
        answer.assert(200, &format!("typed {ESCAPED}"));
    }

    #[tokio::test]
    async fn a_raw_handler_gets_the_name_as_sent() {
        let webhook = Webhook::new()
            .allow_unsigned()
            .request_max_age(None)
            .on(STEP_REACHED, raw);
        let h = Harness::new(webhook.into_router()).await;
        let answer = h.send(&Req::post(named(NAME))).await;
        answer.assert(200, &format!("raw {NAME}"));
        // Fullwidth letters and surrounding spaces too: nothing is processed.
        let answer = h.send(&Req::post(named(" ｈｉ "))).await;
        answer.assert(200, "raw  ｈｉ ");
    }

    #[tokio::test]
    async fn the_test_kit_sends_what_the_platform_sends() {
        async fn both(typed: StepReached) -> StepReachedResponse {
            StepReachedResponse::new().action(SendTextAction::new(
                typed.interlocutor.first_name.unwrap_or_default(),
            ))
        }
        async fn as_sent(Raw(raw): Raw<StepReached>) -> StepReachedResponse {
            StepReachedResponse::new().action(SendTextAction::new(
                raw.interlocutor.first_name.unwrap_or_default(),
            ))
        }
        let notification = NotificationBuilder::new().first_name(format!(" {NAME}ｈｉ"));
        let typed = TestClient::new(Webhook::new().allow_unsigned().on(STEP_REACHED, both));
        let json: Value = typed.send(notification.clone()).await.json();
        assert_eq!(
            json["actions"][0]["alternatives"][0],
            format!(" {ESCAPED}hi")
        );
        let raw = TestClient::new(Webhook::new().allow_unsigned().on(STEP_REACHED, as_sent));
        let json: Value = raw.send(notification).await.json();
        assert_eq!(
            json["actions"][0]["alternatives"][0],
            format!(" {NAME}ｈｉ")
        );
    }
}
