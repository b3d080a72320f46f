//! The JSON error body, `{"title": "…", "description": "…"}`, written as the reference writes it:
//! Python's `json.dumps` separators (`", "` and `": "`), `description` left out when there is
//! none, strings escaped as serde_json escapes them.
//!
//! [`render`] writes the body of any rejection at run time; [`body`] writes the same bytes in a
//! `const`, for the rejections whose texts are fixed, so answering one of them allocates nothing
//! but the response. A test renders every fixed rejection both ways and compares.

/// The body at run time, with serde_json's escaping.
pub(super) fn render(title: &str, description: Option<&str>) -> String {
    // Serializing a `&str` into a `String` cannot fail.
    let quote = |text: &str| serde_json::to_string(text).unwrap_or_default();
    match description {
        Some(description) => format!(
            "{{\"title\": {}, \"description\": {}}}",
            quote(title),
            quote(description)
        ),
        None => format!("{{\"title\": {}}}", quote(title)),
    }
}

/// The length of the body [`body`] writes.
pub(super) const fn body_len(title: &str, description: Option<&str>) -> usize {
    write_body(&mut [], title, description)
}

/// The body, at compile time: `N` is [`body_len`] of the same texts.
pub(super) const fn body<const N: usize>(title: &str, description: Option<&str>) -> [u8; N] {
    let mut out = [0; N];
    let written = write_body(&mut out, title, description);
    assert!(written == N, "the body's length is not `body_len`");
    out
}

/// The body's bytes as text (they are UTF-8: the texts are, and the escapes are ASCII).
pub(super) const fn as_str(body: &[u8]) -> &str {
    match std::str::from_utf8(body) {
        Ok(body) => body,
        Err(_) => panic!("a JSON body is UTF-8"),
    }
}

/// Writes the body into `out`, or only counts its bytes when `out` is empty; returns its length.
const fn write_body(out: &mut [u8], title: &str, description: Option<&str>) -> usize {
    let mut at = put(out, 0, b"{\"title\": ");
    at = put_string(out, at, title);
    if let Some(description) = description {
        at = put(out, at, b", \"description\": ");
        at = put_string(out, at, description);
    }
    put(out, at, b"}")
}

/// `text` as a JSON string, escaped as serde_json escapes it: `"`, `\` and control characters.
const fn put_string(out: &mut [u8], mut at: usize, text: &str) -> usize {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    at = put(out, at, b"\"");
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        at = match byte {
            b'"' => put(out, at, b"\\\""),
            b'\\' => put(out, at, b"\\\\"),
            b'\n' => put(out, at, b"\\n"),
            b'\r' => put(out, at, b"\\r"),
            b'\t' => put(out, at, b"\\t"),
            0x08 => put(out, at, b"\\b"),
            0x0c => put(out, at, b"\\f"),
            0x00..=0x1f => put(
                out,
                at,
                &[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(byte >> 4) as usize],
                    HEX[(byte & 0xf) as usize],
                ],
            ),
            _ => put(out, at, &[byte]),
        };
        i += 1;
    }
    put(out, at, b"\"")
}

/// Copies `bytes` into `out` at `at` (unless `out` is empty: counting); returns the new end.
const fn put(out: &mut [u8], at: usize, bytes: &[u8]) -> usize {
    if !out.is_empty() {
        let mut i = 0;
        while i < bytes.len() {
            out[at + i] = bytes[i];
            i += 1;
        }
    }
    at + bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_run_time(title: &str, description: Option<&str>) -> String {
        let mut out = vec![0; body_len(title, description)];
        let written = write_body(&mut out, title, description);
        assert_eq!(written, out.len());
        String::from_utf8(out).unwrap()
    }

    /// The compile-time writer escapes as serde_json does, whatever the text.
    #[test]
    fn both_writers_agree() {
        let control: String = (0u8..0x20).map(char::from).collect();
        let texts = [
            "",
            "plain",
            "\"quoted\" and \\back\\slashed",
            &control,
            "é ü 漢字 🦀 \u{7f} \u{2028}",
        ];
        for title in texts {
            assert_eq!(at_run_time(title, None), render(title, None), "{title:?}");
            for description in texts {
                assert_eq!(
                    at_run_time(title, Some(description)),
                    render(title, Some(description)),
                    "{title:?} {description:?}"
                );
            }
        }
    }

    #[test]
    fn in_a_const() {
        const BYTES: [u8; body_len("T", Some("a \"b\""))] = body("T", Some("a \"b\""));
        const BODY: &str = as_str(&BYTES);
        assert_eq!(BODY, r#"{"title": "T", "description": "a \"b\""}"#);
    }
}
