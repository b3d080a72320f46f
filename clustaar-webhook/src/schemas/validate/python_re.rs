//! The parts of Python's `re` syntax that `fancy-regex` reads differently, checked or rewritten
//! before the pattern is compiled, so that a `match_regexp` pattern is judged as the platform
//! (Python 3.11) judges it.
//!
//! Python refuses an escape of an ASCII letter it does not know (`\p`, `\z`, `\e`, `\K`…, and
//! `\A`, `\B`, `\Z` inside a class), the .NET-style group name `(?<name>…)`, group names that
//! are not identifiers (`(?P<1>…)`) and a group name given twice; `fancy-regex` accepts them. Python reads `\0` (and `\0dd`, `\ddd`) as
//! an octal escape, `\N{name}` as a named character, and knows the `a` (ASCII) inline flag,
//! none of which `fancy-regex` does: they are rewritten as a `\x{…}` escape, a placeholder
//! character and the `u` flag. The rewriting keeps whether the pattern compiles, not always how
//! it matches; an unknown character name is not detected.

use std::borrow::Cow;

/// The ASCII letters Python's `re` knows after a backslash (`\A`, `\B` and `\Z` only outside
/// a class; `\x..`, `\u....`, `\U........` are checked further by the compiler).
const KNOWN_ESCAPES: &str = "abBdDfnrsStvwWZAxuUN";

/// `pattern` as `fancy-regex` should compile it, or why Python refuses it.
pub(crate) fn to_fancy(pattern: &str) -> Result<Cow<'_, str>, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut changed = false;
    let mut names: Vec<String> = Vec::new();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    out.push(c);
                    break;
                };
                if let Some((value, len)) = octal(&chars[i + 1..]) {
                    let value = u32::from_str_radix(&value, 8).expect("octal digits");
                    if value > 0o377 {
                        return Err(format!(
                            "octal escape value \\{} outside of range 0-0o377 at position {i}",
                            &chars[i + 1..i + 1 + len].iter().collect::<String>()
                        ));
                    }
                    out.push_str(&format!("\\x{{{value:x}}}"));
                    changed = true;
                    i += 1 + len;
                    continue;
                }
                if next == 'N' && chars.get(i + 2) == Some(&'{') {
                    let name: String = chars[i + 3..].iter().take_while(|&&c| c != '}').collect();
                    if name.is_empty() || i + 3 + name.chars().count() >= chars.len() {
                        return Err(format!("missing character name at position {i}"));
                    }
                    out.push_str("\\x{FFFD}");
                    changed = true;
                    i += 4 + name.chars().count();
                    continue;
                }
                let unknown = !KNOWN_ESCAPES.contains(next) || (in_class && "ABZ".contains(next));
                if next.is_ascii_alphabetic() && unknown {
                    return Err(format!("bad escape \\{next} at position {i}"));
                }
                out.push(c);
                out.push(next);
                i += 2;
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` first in the class (after an optional `^`) is a literal.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push_str("\\]");
                    changed = true;
                    i += 1;
                }
                i += 1;
                continue;
            }
            ']' if in_class => in_class = false,
            '(' if !in_class && chars.get(i + 1) == Some(&'?') => {
                let rest = &chars[i + 2..];
                match rest.first() {
                    Some('<') if !matches!(rest.get(1), Some('=' | '!')) => {
                        return Err(format!(
                            "unknown extension ?<{} at position {}",
                            rest.get(1).map_or(String::new(), char::to_string),
                            i + 1
                        ));
                    }
                    Some('P') if rest.get(1) == Some(&'<') => {
                        let name: String = rest[2..].iter().take_while(|&&c| c != '>').collect();
                        if !is_identifier(&name) {
                            return Err(format!(
                                "bad character in group name '{name}' at position {}",
                                i + 4
                            ));
                        }
                        if names.contains(&name) {
                            return Err(format!(
                                "redefinition of group name '{name}' at position {}",
                                i + 4
                            ));
                        }
                        names.push(name);
                    }
                    _ => {
                        // Inline flags, `(?aiLmsux)` or `(?aiLmsux-imsx:…)`: `a` is read as `u`.
                        let written: String = rest
                            .iter()
                            .take_while(|c| c.is_ascii_alphabetic() || **c == '-')
                            .collect();
                        let flags = written.replace('a', "u");
                        changed |= flags != written;
                        out.push_str("(?");
                        out.push_str(&flags);
                        i += 2 + flags.chars().count();
                        continue;
                    }
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Ok(if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(pattern)
    })
}

/// The octal escape at the start of `after` (the text after a backslash), as Python reads one:
/// `0` and up to two more octal digits, or three octal digits; its digits and their count.
fn octal(after: &[char]) -> Option<(String, usize)> {
    let digits: String = after.iter().take(3).take_while(|c| c.is_digit(8)).collect();
    let len = digits.chars().count();
    if after.first() == Some(&'0') || len == 3 {
        Some((digits, len))
    } else {
        None
    }
}

/// Python's `str.isidentifier`, near enough: a letter or `_`, then letters, digits or `_`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::super::rules::{PythonRegexp, Rule};

    /// Patterns Python 3.11's `re.compile` accepts.
    const PYTHON_ACCEPTS: &[&str] = &[
        r"\101",
        r"\08",
        r"^hello$",
        r"(?i)bonjour|hello",
        r"(?P<word>\w+) (?P=word)",
        r"(a)\1",
        r"foo(?=bar)",
        r"(?<!x)y",
        r"\d{2,3}?",
        r"[^\W\d]+",
        r"a{",
        r"{x}",
        r"a{1",
        r"x\Z",
        r"(?>a)",
        r"a*+",
        r"(a)?(?(1)b|c)",
        r"(?<=ab)c",
        r"(?P<_x1>x)",
        r"(?P<é>x)",
        r"(?a)\w",
        r"(?ai)x",
        r"(?i:a)",
        r"(?-i:a)",
        r"(?x) a b # c",
        r"(?#comment)a",
        r"(?s).",
        r"[[:alpha:]]",
        r"a{,3}",
        r"\A\b\B",
        r"[\w-]",
        r"\0",
        r"\x41",
        r"\u0041",
        r"\U00000041",
        r"\N{DIGIT ONE}",
        r"\v\f\a",
        r"[]a]",
        r"[^]a]",
        r"[\]]",
        r"[(?<x]",
        r"\(?<x",
    ];

    /// Patterns Python 3.11's `re.compile` refuses.
    const PYTHON_REFUSES: &[&str] = &[
        r"\400",
        r"\N{}",
        r"[\Z]",
        r"[\A]",
        r"[\B]",
        r"(?aL)x",
        r"(?(1)a|b)",
        r"(?<=a+)b",
        r"(?L)a",
        r"[\d-z]",
        r"\q",
        r"\p{L}",
        r"\P{L}",
        r"\z",
        r"\e",
        r"\K",
        r"\G",
        r"\h",
        r"(?P<1>x)",
        r"(?<name>x)",
        r"(",
        r")",
        r"[a-",
        r"*a",
        r"a**",
        r"a{3,2}",
        r"(?P<a>x)(?P<a>y)",
        r"(?P=nope)",
        r"\1",
        r"[z-a]",
        r"(?i",
    ];

    #[test]
    fn patterns_are_judged_as_python_judges_them() {
        let wrong: Vec<String> = PYTHON_ACCEPTS
            .iter()
            .filter(|p| PythonRegexp.check(p).is_err())
            .map(|p| format!("{p:?} refused"))
            .chain(
                PYTHON_REFUSES
                    .iter()
                    .filter(|p| PythonRegexp.check(p).is_ok())
                    .map(|p| format!("{p:?} accepted")),
            )
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// The documented gaps: refused by Python, valid here.
    #[test]
    fn known_gaps() {
        assert!(PythonRegexp.check(r"\N{NOPE}").is_ok());
    }

    #[test]
    fn the_ascii_flag_is_read_as_unicode() {
        assert_eq!(super::to_fancy(r"(?a)\w"), Ok(r"(?u)\w".into()));
        assert_eq!(
            super::to_fancy(r"(?ai)x|(?i:[(?a)])"),
            Ok(r"(?ui)x|(?i:[(?a)])".into())
        );
        assert!(matches!(
            super::to_fancy("plain"),
            Ok(std::borrow::Cow::Borrowed("plain"))
        ));
        assert_eq!(
            super::to_fancy(r"a\zb"),
            Err(r"bad escape \z at position 1".to_owned())
        );
    }
}
