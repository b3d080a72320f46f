//! A model declared in one place: a test-only action, to show what `#[model]` derives from its
//! declaration alone (its `type`, its checks as sent and as built).

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::model;
use crate::schemas::{Tag, TypeName, Validate, ValidationErrorKind, from_json};

/// Shows a hologram (a test-only action).
#[model("send_hologram_action")]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
struct SendHologramAction {
    #[serde(rename = "type", default)]
    type_tag: Tag<SendHologramAction>,
    /// What the hologram shows.
    #[field(rule = Length::between(1, 20), load(normalize, sanitize))]
    subject: String,
    /// Its size, in centimetres.
    #[field(optional, rule = Range::between(1.0, 300.0))]
    #[serde(default)]
    size: Option<u32>,
}

#[test]
fn a_model_declared_once_has_its_type_and_its_checks() {
    assert_eq!(SendHologramAction::TYPE, "send_hologram_action");

    // As sent: the rules see the text before the processors, which make it longer.
    let sent = json!({"type": "send_hologram_action", "subject": "<".repeat(20)});
    let read: SendHologramAction = from_json(&sent).unwrap();
    assert_eq!(read.subject, "&lt;".repeat(20));

    let broken = json!({"type": "send_hologram", "subject": "", "size": 301});
    let errors = from_json::<SendHologramAction>(broken).unwrap_err();
    let found: Vec<_> = errors.iter().map(|e| (e.path(), e.kind())).collect();
    assert_eq!(
        found,
        [
            ("type", ValidationErrorKind::Constant),
            ("subject", ValidationErrorKind::Length),
            ("size", ValidationErrorKind::Range),
        ]
    );
    let errors = from_json::<SendHologramAction>(json!({"type": "send_hologram_action"}));
    let errors = errors.unwrap_err();
    assert_eq!(errors.iter().next().unwrap().path(), "subject");

    // As built in Rust: the same rules.
    let built = SendHologramAction {
        subject: String::new(),
        size: Some(0),
        ..Default::default()
    };
    let errors = built.validate().unwrap_err();
    let found: Vec<_> = errors.iter().map(|e| e.path()).collect();
    assert_eq!(found, ["subject", "size"]);
}
