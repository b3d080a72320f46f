//! `strip`: leading and trailing whitespace off, as Python's `str.strip()` takes it.

/// Whether the platform's `strip` treats `c` as whitespace.
///
/// Python's `str.isspace` is Unicode's `White_Space` (what [`char::is_whitespace`] tests) plus
/// the four information separators U+001C..U+001F, which Python counts as line breaks.
pub(super) fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Trims `text` in place: the same `String` back, never a new allocation.
pub(crate) fn strip(mut text: String) -> String {
    let end = text.trim_end_matches(is_python_whitespace).len();
    text.truncate(end);
    let start = text.len() - text.trim_start_matches(is_python_whitespace).len();
    if start > 0 {
        text.drain(..start);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn trims_python_whitespace_and_keeps_the_buffer() {
        let text = String::from("\u{1f} x \u{3000}\u{a0}");
        let buffer = text.as_ptr();
        let stripped = strip(text);
        assert_eq!(stripped, "x");
        assert_eq!(stripped.as_ptr(), buffer);
        assert_eq!(strip("\u{200b}zwsp\u{200b}".into()), "\u{200b}zwsp\u{200b}");
        assert_eq!(strip("\u{2028}sep\u{2029}\u{85}".into()), "sep");
        assert_eq!(strip(" \r\n ".into()), "");
    }
}
