//! The path of a value a model could not read, carried through the models that read part of
//! their object out of sight of the outer path tracking.
//!
//! `serde_path_to_error` tracks the path of a failure while the input is read. A polymorphic
//! model that reads keys from memory instead of from the input (see `polymorphic`) hides those
//! keys from that tracking, so it writes the path below it into the error's message, as
//! ``at `a.b`: reason`` ([`nested_error`]); whoever reports the failure reads it back and joins
//! it to the tracked path ([`read_tracked`], [`read`]). Paths are written with dots between keys
//! and list indexes (`data.step.actions.0.type`), as the reference writes error paths.

use std::fmt;

use serde::de;

/// The error of a value read out of sight of the outer path tracking, at `path` below that
/// point (none when `path` is empty): ``at `path`: reason``.
pub(crate) fn nested_error<E: de::Error>(path: &str, reason: impl fmt::Display) -> E {
    if path.is_empty() {
        E::custom(reason)
    } else {
        E::custom(format_args!("at `{path}`: {reason}"))
    }
}

/// The whole path and the reason of a failure found by `serde_path_to_error`: the tracked path
/// followed by the path its message carries, if any.
pub(crate) fn read_tracked(
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> (String, String) {
    read(&dotted(error.path()), error.inner())
}

/// The whole path and the reason of `error`, found at `outer` (empty for the document itself):
/// `outer` followed by the path the message carries, if any. The reason is the message without
/// that path and without serde_json's ` at line L column C`.
pub(crate) fn read(outer: &str, error: &serde_json::Error) -> (String, String) {
    let message = message_without_position(error);
    let (nested, reason) = message
        .strip_prefix("at `")
        .and_then(|rest| rest.split_once("`: "))
        .unwrap_or(("", &message));
    let path = match (outer.is_empty(), nested.is_empty()) {
        (_, true) => outer.to_owned(),
        (true, false) => nested.to_owned(),
        (false, false) => format!("{outer}.{nested}"),
    };
    (path, reason.to_owned())
}

/// A tracked path with dots between keys and list indexes.
fn dotted(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    use std::fmt::Write as _;

    let mut dotted = String::new();
    for segment in path {
        if !dotted.is_empty() {
            dotted.push('.');
        }
        match segment {
            Segment::Seq { index } => {
                let _ = write!(dotted, "{index}");
            }
            Segment::Map { key } => dotted.push_str(key),
            Segment::Enum { variant } => dotted.push_str(variant),
            Segment::Unknown => dotted.push('?'),
        }
    }
    dotted
}

/// The serde_json message without its ` at line L column C` suffix.
fn message_without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if error.line() == 0 {
        return message;
    }
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&suffix) {
        Some(stripped) => stripped.to_owned(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_path_is_written_and_read_back() {
        let error: serde_json::Error = nested_error("target.id", "invalid type");
        assert_eq!(error.to_string(), "at `target.id`: invalid type");
        assert_eq!(
            read("buttons.0.action", &error),
            (
                "buttons.0.action.target.id".to_owned(),
                "invalid type".to_owned()
            )
        );
        assert_eq!(
            read("", &error),
            ("target.id".to_owned(), "invalid type".to_owned())
        );
        let error: serde_json::Error = nested_error("", "invalid type");
        assert_eq!(error.to_string(), "invalid type");
        assert_eq!(
            read("buttons.0", &error),
            ("buttons.0".to_owned(), "invalid type".to_owned())
        );
    }

    #[test]
    fn the_position_is_not_part_of_the_reason() {
        let error = serde_json::from_str::<String>("\n 1").unwrap_err();
        assert_eq!(error.line(), 2);
        assert_eq!(
            read("data.step.id", &error),
            (
                "data.step.id".to_owned(),
                "invalid type: integer `1`, expected a string".to_owned()
            )
        );
    }
}
