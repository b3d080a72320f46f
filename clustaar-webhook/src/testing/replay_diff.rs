//! How a replayed answer differs from the recorded one: the turn, and each field that changed.

use std::fmt;

use serde_json::Value;

use super::VisitorAction;

/// A transcript whose replay did not give the recorded answer: the first turn that differs and
/// the fields (JSON paths into the answer) that changed.
///
/// The replay stops at that turn: the turns after it would start from another state.
///
/// ```
/// use clustaar_webhook::testing::{FieldChange, ReplayDiff, VisitorAction};
/// use serde_json::json;
///
/// let diff = ReplayDiff {
///     turn: 2,
///     visitor: VisitorAction::Says("Where is my order?".to_owned()),
///     changes: vec![FieldChange {
///         path: "body.actions[0].alternatives[0]".to_owned(),
///         recorded: Some(json!("On its way")),
///         replayed: Some(json!("Shipped")),
///     }],
///     conversation: String::new(),
/// };
/// let message = diff.to_string();
/// assert!(message.starts_with(r#"turn 2 (the visitor says "Where is my order?"): the answer changed"#));
/// assert!(message.contains(r#"body.actions[0].alternatives[0]: recorded "On its way", replayed "Shipped""#));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ReplayDiff {
    /// The turn that differs, counted from 1.
    pub turn: usize,
    /// What the visitor did in that turn.
    pub visitor: VisitorAction,
    /// The fields of the answer that changed, in the order of the recorded answer.
    pub changes: Vec<FieldChange>,
    /// The replayed conversation up to that turn, as a failing [`Conversation`] assertion
    /// prints it.
    ///
    /// [`Conversation`]: super::Conversation
    pub conversation: String,
}

/// One field of an answer that changed: its JSON path, and its recorded and replayed values
/// (`None` when absent).
///
/// ```
/// use clustaar_webhook::testing::FieldChange;
/// use serde_json::json;
///
/// let added = FieldChange { path: "route".to_owned(), recorded: None, replayed: Some(json!("help")) };
/// assert_eq!(added.to_string(), r#"route: recorded nothing, replayed "help""#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Where in the answer: `status`, `route`, `body.actions[1].message`…
    pub path: String,
    /// The value in the transcript.
    pub recorded: Option<Value>,
    /// The value the webhook answered now.
    pub replayed: Option<Value>,
}

impl fmt::Display for ReplayDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "turn {} ({}): the answer changed",
            self.turn, self.visitor
        )?;
        for change in &self.changes {
            writeln!(f, "  {change}")?;
        }
        if !self.conversation.is_empty() {
            write!(f, "\nThe replayed conversation:\n{}", self.conversation)?;
        }
        Ok(())
    }
}

impl fmt::Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: recorded {}, replayed {}",
            self.path,
            shown(self.recorded.as_ref()),
            shown(self.replayed.as_ref())
        )
    }
}

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "nothing".to_owned(), Value::to_string)
}

/// The changes from `recorded` to `replayed`, each at its path under `path` (`""` for paths
/// from the root).
///
/// Objects are compared key by key and arrays index by index, so that a change is reported at
/// the deepest field that differs, not as a whole new answer. It is the comparison
/// [`Transcript::replay`](super::Transcript::replay) makes of two answers; a replay of its own
/// (over HTTP, as the `send` example's `--transcript`) can make it too.
///
/// ```
/// use clustaar_webhook::testing::changes;
/// use serde_json::json;
///
/// let recorded = json!({"status": 200, "body": {"actions": [{"alternatives": ["On its way"]}]}});
/// let replayed = json!({"status": 200, "body": {"actions": [{"alternatives": ["Shipped"]}]}});
/// let found = changes("", &recorded, &replayed);
/// assert_eq!(found.len(), 1);
/// assert_eq!(
///     found[0].to_string(),
///     r#"body.actions[0].alternatives[0]: recorded "On its way", replayed "Shipped""#
/// );
/// assert!(changes("", &recorded, &recorded).is_empty());
/// ```
pub fn changes(path: &str, recorded: &Value, replayed: &Value) -> Vec<FieldChange> {
    let mut found = Vec::new();
    collect(path, Some(recorded), Some(replayed), &mut found);
    found
}

fn collect(
    path: &str,
    recorded: Option<&Value>,
    replayed: Option<&Value>,
    found: &mut Vec<FieldChange>,
) {
    match (recorded, replayed) {
        (Some(Value::Object(before)), Some(Value::Object(after))) => {
            for (key, value) in before {
                collect(&key_path(path, key), Some(value), after.get(key), found);
            }
            for (key, value) in after.iter().filter(|(key, _)| !before.contains_key(*key)) {
                collect(&key_path(path, key), None, Some(value), found);
            }
        }
        (Some(Value::Array(before)), Some(Value::Array(after))) => {
            for index in 0..before.len().max(after.len()) {
                let at = format!("{path}[{index}]");
                collect(&at, before.get(index), after.get(index), found);
            }
        }
        _ if recorded == replayed => {}
        _ => found.push(FieldChange {
            path: path.to_owned(),
            recorded: recorded.cloned(),
            replayed: replayed.cloned(),
        }),
    }
}

/// `path.key`, or `path["key"]` when the key is not a plain name, so that any path reads back.
fn key_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match (path.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{key:?}]"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn paths(recorded: Value, replayed: Value) -> Vec<String> {
        changes("", &recorded, &replayed)
            .into_iter()
            .map(|change| change.path)
            .collect()
    }

    #[test]
    fn equal_values_have_no_changes() {
        let answer = json!({"status": 200, "body": {"actions": [{"type": "a"}]}});
        assert!(changes("", &answer, &answer.clone()).is_empty());
    }

    #[test]
    fn a_change_is_reported_at_the_deepest_field() {
        let recorded = json!({"body": {"actions": [{"alternatives": ["Hi", "Hello"]}]}});
        let replayed = json!({"body": {"actions": [{"alternatives": ["Hi", "Howdy"]}]}});
        let found = changes("", &recorded, &replayed);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "body.actions[0].alternatives[1]");
        assert_eq!(found[0].recorded, Some(json!("Hello")));
        assert_eq!(found[0].replayed, Some(json!("Howdy")));
    }

    #[test]
    fn missing_and_added_keys_and_elements_are_changes() {
        let found = paths(
            json!({"gone": 1, "list": [1, 2]}),
            json!({"list": [1], "new": true}),
        );
        assert_eq!(found, ["gone", "list[1]", "new"]);
    }

    #[test]
    fn a_change_of_kind_is_one_change() {
        assert_eq!(paths(json!({"a": [1]}), json!({"a": {"b": 1}})), ["a"]);
    }

    #[test]
    fn odd_keys_are_quoted() {
        assert_eq!(paths(json!({"a b": 1}), json!({"a b": 2})), [r#"["a b"]"#]);
        assert_eq!(
            paths(json!({"x": {"": 1}}), json!({"x": {"": 2}})),
            [r#"x[""]"#]
        );
    }
}
