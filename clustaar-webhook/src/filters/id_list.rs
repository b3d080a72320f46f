//! What the id filters ([`StepId`](super::StepId), [`BotId`](super::BotId)) share: a list of
//! ids, each checked, and the test of a notification's id against it.

use std::fmt::Display;

use serde_json::Value;

/// The filter built, or a panic with the error's message at the caller's place: what `new` and
/// `any` do where `try_new` and `try_any` return the error.
#[track_caller]
pub(super) fn or_panic<F, E: Display>(built: Result<F, E>) -> F {
    // A `match`, not `unwrap_or_else`: a closure would lose the caller's location.
    match built {
        Ok(filter) => filter,
        Err(error) => panic!("{error}"),
    }
}

/// `ids`, each through `check`; the error of the first that fails.
pub(super) fn checked_ids<I, E>(
    ids: I,
    check: fn(String) -> Result<String, E>,
) -> Result<Vec<String>, E>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    ids.into_iter().map(|id| check(id.into())).collect()
}

/// Whether `value` is a JSON string equal to one of `ids`.
pub(super) fn is_one_of(value: Option<&Value>, ids: &[String]) -> bool {
    value
        .and_then(Value::as_str)
        .is_some_and(|id| ids.iter().any(|wanted| wanted == id))
}
