//! An error and its causes on one line, for the examples that report a failed request: the
//! HTTP clients' errors say little at the top.

/// The error with its causes, `a: b: c`.
pub(crate) fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
