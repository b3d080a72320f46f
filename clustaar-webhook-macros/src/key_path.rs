//! The key-path grammar of `clustaar_webhook::filters::KeyPath`, to check the paths of
//! `json(key = "…")` at compile time.
//!
//! The macro crate cannot depend on the core crate (the core crate depends on it), so this is a
//! copy of the core's `filters/path.rs` parser; the tests below check that both agree, message
//! for message, on a list of paths and on random ones. Change both together.

/// One segment of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSegment {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// Parses a key path with the grammar of `clustaar_webhook::filters::KeyPath`, with the same
/// error messages.
///
/// The macro crate cannot depend on the core crate (the core crate depends on it), so this is a
/// copy of `filters/path.rs`'s parser; the tests below check that both agree, message for
/// message, on a list of paths and on random ones. Change both together.
pub(crate) fn parse_key_path(text: &str) -> Result<Vec<PathSegment>, String> {
    PathParser {
        text,
        chars: text.chars().collect(),
        pos: 0,
    }
    .parse()
}

/// Whether `c` may appear in a key written without quotes.
fn is_bare(c: char) -> bool {
    !matches!(c, '.' | '[' | ']' | '"' | '\\') && !c.is_whitespace() && !c.is_control()
}

const AFTER_SEGMENT: &str = "`.`, `[` or the end of the path";
const KEY_START: &str = "a key (quote keys with special characters)";

struct PathParser<'s> {
    text: &'s str,
    chars: Vec<char>,
    pos: usize,
}

impl PathParser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn fail(&self, what: impl std::fmt::Display) -> String {
        format!("invalid key path `{}`: {what}", self.text)
    }

    fn parse(mut self) -> Result<Vec<PathSegment>, String> {
        if self.chars.is_empty() {
            return Err("invalid key path ``: the path is empty".to_owned());
        }
        let mut segments = Vec::new();
        if self.peek() == Some('[') {
            segments.push(self.bracket()?);
        } else {
            segments.push(PathSegment::Key(self.key()?));
        }
        while let Some(c) = self.peek() {
            match c {
                '.' => {
                    self.pos += 1;
                    segments.push(PathSegment::Key(self.key()?));
                }
                '[' => segments.push(self.bracket()?),
                found => return Err(self.unexpected(found, AFTER_SEGMENT)),
            }
        }
        Ok(segments)
    }

    fn key(&mut self) -> Result<String, String> {
        match self.peek() {
            None | Some('.' | '[') => {
                Err(self.fail(format_args!("empty key at position {}", self.pos)))
            }
            Some('"') => self.quoted(),
            Some(c) if is_bare(c) => {
                let start = self.pos;
                while self.peek().is_some_and(is_bare) {
                    self.pos += 1;
                }
                Ok(self.chars[start..self.pos].iter().collect())
            }
            Some(found) => Err(self.unexpected(found, KEY_START)),
        }
    }

    fn quoted(&mut self) -> Result<String, String> {
        let open = self.pos;
        let unclosed =
            |p: &Self| p.fail(format_args!("the quote at position {open} is never closed"));
        self.pos += 1;
        let mut key = String::new();
        loop {
            match self.peek() {
                None => return Err(unclosed(self)),
                Some('"') => {
                    self.pos += 1;
                    return Ok(key);
                }
                Some('\\') => match self.chars.get(self.pos + 1).copied() {
                    Some(c @ ('"' | '\\')) => {
                        key.push(c);
                        self.pos += 2;
                    }
                    Some(found) => {
                        return Err(self.fail(format_args!(
                            "unknown escape `\\{found}` at position {} (only `\\\"` and `\\\\` are allowed in quoted keys)",
                            self.pos
                        )))
                    }
                    None => return Err(unclosed(self)),
                },
                Some(c) => {
                    key.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn bracket(&mut self) -> Result<PathSegment, String> {
        let open = self.pos;
        let unclosed = |p: &Self| {
            p.fail(format_args!(
                "the bracket at position {open} is never closed"
            ))
        };
        self.pos += 1;
        if self.peek() == Some('"') {
            let key = self.quoted()?;
            return match self.peek() {
                Some(']') => {
                    self.pos += 1;
                    Ok(PathSegment::Key(key))
                }
                None => Err(unclosed(self)),
                Some(found) => Err(self.unexpected(found, "`]`")),
            };
        }
        let start = self.pos;
        let Some(len) = self.chars[start..].iter().position(|&c| c == ']') else {
            return Err(unclosed(self));
        };
        let digits: String = self.chars[start..start + len].iter().collect();
        self.pos = start + len + 1;
        let bad = |reason: &str| {
            self.fail(format_args!(
                "bad index `[{digits}]` at position {open}: {reason}"
            ))
        };
        if digits.is_empty() {
            return Err(bad("the index is empty"));
        }
        if digits.starts_with('-') {
            return Err(bad("negative indexes are not supported"));
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad(
                "expected a non-negative integer, or a quoted key such as [\"my.key\"]",
            ));
        }
        if digits.len() > 1 && digits.starts_with('0') {
            return Err(bad("leading zeros are not allowed"));
        }
        digits
            .parse()
            .map(PathSegment::Index)
            .map_err(|_| bad("the index is too large"))
    }

    fn unexpected(&self, found: char, expected: &str) -> String {
        self.fail(format_args!(
            "unexpected {found:?} at position {}, expected {expected}",
            self.pos
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clustaar_webhook::filters::{KeyPath, Segment};
    use proptest::prelude::*;

    /// The core crate's parse, in this module's terms.
    fn core(text: &str) -> Result<Vec<PathSegment>, String> {
        KeyPath::parse(text)
            .map(|path| {
                path.segments()
                    .iter()
                    .map(|segment| match segment {
                        Segment::Key(key) => PathSegment::Key(key.clone()),
                        Segment::Index(index) => PathSegment::Index(*index),
                    })
                    .collect()
            })
            .map_err(|error| error.to_string())
    }

    const PATHS: &[&str] = &[
        "",
        "data",
        "data.step.id",
        "data.step.actions[0].type",
        "a[1][20]",
        "[3].x",
        r#"data."my.key".x"#,
        r#"data["my.key"].x"#,
        r#""a b"[0]"#,
        r#""""#,
        r#"["x"]"#,
        r#""q\"u\\o""#,
        r#""[0]""#,
        "botID.user-id.$x.é.0",
        ".a",
        "a.",
        "a..b",
        "a.[0]",
        "a[0].",
        "a[0]x",
        "a[x]",
        "a[]",
        "a[-1]",
        "a[01]",
        "a[99999999999999999999999]",
        "a[0",
        r#"a["x"#,
        r#"a["x""#,
        r#"a["x"y]"#,
        r#""abc"#,
        r#""a\n""#,
        r#""a\"#,
        "a b",
        "a]",
        "a\"b",
        "a\\b",
        "é[é]",
    ];

    #[test]
    fn agrees_with_the_core_grammar() {
        for path in PATHS {
            assert_eq!(parse_key_path(path), core(path), "{path:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_on_random_paths(path in r#"[a-c0-2.\[\]"\\ é-]{0,12}"#) {
            prop_assert_eq!(parse_key_path(&path), core(&path));
        }
    }
}
