//! JSON written the way the reference writes it.
//!
//! The reference is a Python service whose bodies come from `json.dumps`: items separated by
//! `", "` and keys by `": "`. Writing the same bytes lets a client (or a conformance suite) that
//! compares bodies byte for byte see no difference. Non-ASCII text is written as UTF-8, which
//! every JSON reader accepts.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// A `serde_json` formatter with Python's default separators: `", "` and `": "`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PythonFormatter;

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
}

/// Serializes `value` with [`PythonFormatter`].
///
/// Serializing the crate's models cannot fail (their maps have string keys); a user type that
/// fails is reported as an error to the caller.
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    value.serialize(&mut Serializer::with_formatter(&mut out, PythonFormatter))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn writes_python_separators() {
        let body =
            super::to_vec(&json!({"title": "x", "list": [1, 2.5, null], "empty": {}, "none": []}))
                .unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"title": "x", "list": [1, 2.5, null], "empty": {}, "none": []}"#
        );
    }

    #[test]
    fn keeps_utf8_and_escapes_controls() {
        let body = super::to_vec(&json!({"t": "Café \"q\"\n"})).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "{\"t\": \"Café \\\"q\\\"\\n\"}"
        );
    }
}
