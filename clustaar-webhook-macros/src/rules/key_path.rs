//! The key-path grammar: `data.step.id`, `data.step.actions[0].type`, `values."my.key"`,
//! `values["my.key"]`. The syntax is described once, on `clustaar_webhook::filters::KeyPath`.
//!
//! [`parse`] gives the segments or the first [`Problem`], with its position counted in
//! characters from 0; [`Invalid`] writes the message for it.

use std::fmt;

/// One segment of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// Why a text is not a key path. `I` is the text between brackets of a bad index: owned when
/// parsing, borrowed to write the message of an error kept in another form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem<I = String> {
    /// The path is the empty text.
    Empty,
    /// A key is missing where it should start.
    EmptySegment { position: usize },
    /// The quote opening at `position` is never closed.
    UnclosedQuote { position: usize },
    /// The backslash at `position`, in a quoted key, is followed by `found`.
    BadEscape { position: usize, found: char },
    /// The bracket opening at `position` is never closed.
    UnclosedBracket { position: usize },
    /// The brackets opening at `position` hold `index`, which is no index, for `reason`.
    BadIndex {
        position: usize,
        index: I,
        reason: &'static str,
    },
    /// `found`, at `position`, where `expected` should be.
    Unexpected {
        position: usize,
        found: char,
        expected: &'static str,
    },
}

impl<I: fmt::Display> fmt::Display for Problem<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the path is empty"),
            Self::EmptySegment { position } => write!(f, "empty key at position {position}"),
            Self::UnclosedQuote { position } => {
                write!(f, "the quote at position {position} is never closed")
            }
            Self::BadEscape { position, found } => write!(
                f,
                "unknown escape `\\{found}` at position {position} (only `\\\"` and `\\\\` are allowed in quoted keys)"
            ),
            Self::UnclosedBracket { position } => {
                write!(f, "the bracket at position {position} is never closed")
            }
            Self::BadIndex {
                position,
                index,
                reason,
            } => write!(f, "bad index `[{index}]` at position {position}: {reason}"),
            Self::Unexpected {
                position,
                found,
                expected,
            } => write!(
                f,
                "unexpected {found:?} at position {position}, expected {expected}"
            ),
        }
    }
}

/// The message for a path that does not parse: "invalid key path `{path}`: {problem}".
pub(crate) struct Invalid<'a, I>(pub(crate) &'a str, pub(crate) &'a Problem<I>);

impl<I: fmt::Display> fmt::Display for Invalid<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid key path `{}`: {}", self.0, self.1)
    }
}

/// Parses a key path into its segments, never empty.
pub(crate) fn parse(text: &str) -> Result<Vec<Segment>, Problem> {
    Parser {
        chars: text.chars().collect(),
        pos: 0,
    }
    .parse()
}

/// Whether `c` may appear in a key written without quotes.
pub(crate) fn is_bare(c: char) -> bool {
    !matches!(c, '.' | '[' | ']' | '"' | '\\') && !c.is_whitespace() && !c.is_control()
}

/// Writes a key as it is written in a path: bare when it can be, otherwise quoted, with `"`
/// and `\` escaped.
pub(crate) fn write_key(out: &mut impl fmt::Write, key: &str) -> fmt::Result {
    if !key.is_empty() && key.chars().all(is_bare) {
        return out.write_str(key);
    }
    out.write_char('"')?;
    for c in key.chars() {
        if c == '"' || c == '\\' {
            out.write_char('\\')?;
        }
        out.write_char(c)?;
    }
    out.write_char('"')
}

const AFTER_SEGMENT: &str = "`.`, `[` or the end of the path";
const KEY_START: &str = "a key (quote keys with special characters)";

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn parse(mut self) -> Result<Vec<Segment>, Problem> {
        if self.chars.is_empty() {
            return Err(Problem::Empty);
        }
        let mut segments = Vec::new();
        // The first segment: a key, or a bracket.
        if self.peek() == Some('[') {
            segments.push(self.bracket()?);
        } else {
            segments.push(Segment::Key(self.key()?));
        }
        while let Some(c) = self.peek() {
            match c {
                '.' => {
                    self.pos += 1;
                    segments.push(Segment::Key(self.key()?));
                }
                '[' => segments.push(self.bracket()?),
                found => return Err(self.unexpected(found, AFTER_SEGMENT)),
            }
        }
        Ok(segments)
    }

    /// A bare or quoted key, at `self.pos`.
    fn key(&mut self) -> Result<String, Problem> {
        match self.peek() {
            None | Some('.' | '[') => Err(Problem::EmptySegment { position: self.pos }),
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

    /// A quoted key; `self.pos` is on the opening quote.
    fn quoted(&mut self) -> Result<String, Problem> {
        let open = self.pos;
        let unclosed = Problem::UnclosedQuote { position: open };
        self.pos += 1;
        let mut key = String::new();
        loop {
            match self.peek() {
                None => return Err(unclosed),
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
                        return Err(Problem::BadEscape {
                            position: self.pos,
                            found,
                        });
                    }
                    None => return Err(unclosed),
                },
                Some(c) => {
                    key.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// `[n]` or `["key"]`; `self.pos` is on the `[`.
    fn bracket(&mut self) -> Result<Segment, Problem> {
        let open = self.pos;
        let unclosed = Problem::UnclosedBracket { position: open };
        self.pos += 1;
        if self.peek() == Some('"') {
            let key = self.quoted()?;
            return match self.peek() {
                Some(']') => {
                    self.pos += 1;
                    Ok(Segment::Key(key))
                }
                None => Err(unclosed),
                Some(found) => Err(self.unexpected(found, "`]`")),
            };
        }
        let start = self.pos;
        let Some(len) = self.chars[start..].iter().position(|&c| c == ']') else {
            return Err(unclosed);
        };
        let digits = &self.chars[start..start + len];
        self.pos = start + len + 1;
        let bad = |reason| Problem::BadIndex {
            position: open,
            index: digits.iter().collect(),
            reason,
        };
        if digits.is_empty() {
            return Err(bad("the index is empty"));
        }
        if digits[0] == '-' {
            return Err(bad("negative indexes are not supported"));
        }
        if !digits.iter().all(char::is_ascii_digit) {
            return Err(bad(
                "expected a non-negative integer, or a quoted key such as [\"my.key\"]",
            ));
        }
        if digits.len() > 1 && digits[0] == '0' {
            return Err(bad("leading zeros are not allowed"));
        }
        let text: String = digits.iter().collect();
        text.parse()
            .map(Segment::Index)
            .map_err(|_| bad("the index is too large"))
    }

    fn unexpected(&self, found: char, expected: &'static str) -> Problem {
        Problem::Unexpected {
            position: self.pos,
            found,
            expected,
        }
    }
}
