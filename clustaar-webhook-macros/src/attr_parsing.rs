//! Parsing and checking the arguments of `#[on(...)]`.
//!
//! Everything that can be wrong in an attribute is found here, at compile time, and reported
//! on the offending token with a help text; the code generated from an [`OnArgs`] never fails
//! at run time.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Ident, Lit, LitStr, Token, bracketed, parenthesized};

use crate::rules::{NOTIFICATION_KEYS, bot_id, key_path, step_id};

/// The keys `#[on(...)]` accepts, for "did you mean" suggestions.
const KEYS: &[&str] = &["event", "step_id", "bot_id", "json", "filter"];
/// The keys `json(...)` accepts.
const JSON_KEYS: &[&str] = &["key", "equals", "in", "exists"];

/// The arguments of `#[on(...)]`, checked.
#[derive(Default)]
pub(crate) struct OnArgs {
    /// `event = "…"`.
    pub event: Option<LitStr>,
    /// `step_id = "…"`, `step_id = CONST` or `step_id = ["…", CONST, …]`: never empty when
    /// given; the literals are step ids, without duplicates.
    pub step_ids: Vec<IdArg>,
    /// `bot_id = …`, as `step_id`: the bots the route takes.
    pub bot_ids: Vec<IdArg>,
    /// Every `json(...)`, in the order written.
    pub json: Vec<JsonCondition>,
    /// `filter = <expr>`.
    pub filter: Option<Expr>,
}

/// One id of `step_id = …` or `bot_id = …`.
pub(crate) enum IdArg {
    /// A string literal, checked here.
    Literal(LitStr),
    /// Any other expression, of type `&'static str` in a constant: checked when the route is
    /// built.
    Expr(Expr),
}

/// One `json(key = "…", equals = … | in = […] | exists)`.
pub(crate) struct JsonCondition {
    /// The key path, already known to parse.
    pub key: LitStr,
    /// What the value at the path must be.
    pub test: JsonTest,
}

/// The test of a [`JsonCondition`].
pub(crate) enum JsonTest {
    /// `equals = value`.
    Equals(JsonScalar),
    /// `in = [values]`, never empty.
    In(Vec<JsonScalar>),
    /// `exists`.
    Exists,
}

/// A JSON scalar written in an attribute, with its span.
pub(crate) enum JsonScalar {
    /// A string literal.
    Str(LitStr),
    /// An integer that fits an `i64`.
    Int(i64, Span),
    /// A positive integer above `i64::MAX`.
    UInt(u64, Span),
    /// A finite number with a fraction or an exponent.
    Float(f64, Span),
    /// `true` or `false`.
    Bool(bool, Span),
    /// `null`.
    Null(Span),
}

/// An error on `span`: the message, then a help line, as rustc writes its own.
pub(crate) fn error(span: Span, message: impl std::fmt::Display, help: &str) -> syn::Error {
    syn::Error::new(span, format!("{message}\n= help: {help}"))
}

impl Parse for OnArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = OnArgs::default();
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            // `parse_any` also takes keywords, so `in` or `type` get a clear "unknown key".
            let key = input.call(Ident::parse_any)?;
            let name = key.to_string();
            // `json(...)` may be repeated: each is one more condition.
            if name != "json" && seen.contains(&name) {
                return Err(error(
                    key.span(),
                    format_args!("`{name}` is given twice"),
                    &twice_help(&name),
                ));
            }
            match name.as_str() {
                "event" => {
                    expect_eq(input, &key)?;
                    let event =
                        string_value(input, &key, "`event = \"conversation.step_reached\"`")?;
                    if event.value().is_empty() {
                        return Err(error(
                            event.span(),
                            "the event is empty",
                            "name the notification topic, such as `event = \"conversation.step_reached\"`, or leave `event` out for that default",
                        ));
                    }
                    args.event = Some(event);
                }
                "step_id" => {
                    expect_eq(input, &key)?;
                    args.step_ids = ids(input, &key, &STEP_IDS)?;
                }
                "bot_id" => {
                    expect_eq(input, &key)?;
                    args.bot_ids = ids(input, &key, &BOT_IDS)?;
                }
                "filter" => {
                    expect_eq(input, &key)?;
                    if input.is_empty() || input.peek(Token![,]) {
                        return Err(error(
                            key.span(),
                            "`filter =` needs an expression",
                            "give any filter of `clustaar_webhook::filters`, such as `filter = JsonKeyExists::new(\"data.input\")`",
                        ));
                    }
                    args.filter = Some(input.parse()?);
                }
                "json" => {
                    if !input.peek(syn::token::Paren) {
                        return Err(error(
                            key.span(),
                            "`json` takes its condition in parentheses",
                            "write `json(key = \"data.channel\", equals = \"web\")`, `json(key = \"…\", in = [\"web\", \"sms\"])` or `json(key = \"…\", exists)`",
                        ));
                    }
                    let content;
                    parenthesized!(content in input);
                    args.json.push(json_condition(&content, &key)?);
                }
                _ => return Err(unknown_key(&key, KEYS, "`#[on(...)]`")),
            }
            seen.push(name);
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>().map_err(|_| {
                error(
                    input.span(),
                    "expected `,` between the arguments of `#[on(...)]`",
                    "separate the arguments with commas: `#[on(event = \"…\", step_id = \"…\")]`",
                )
            })?;
        }
        Ok(args)
    }
}

fn twice_help(key: &str) -> String {
    match key {
        "step_id" | "bot_id" => {
            format!("give `{key}` once; it takes a list: `{key} = [\"…\", \"…\"]`")
        }
        "filter" => {
            "give `filter` once; combine filters with `.and(…)`, `.or(…)`, `.not()`".to_owned()
        }
        "key" => "a `json(...)` tests one key; write one `json(...)` per key".to_owned(),
        "equals" | "in" | "exists" => {
            "a `json(...)` has one test: `equals = …`, `in = […]` or `exists`".to_owned()
        }
        _ => format!("remove one of the two `{key}`"),
    }
}

/// The error for a key that is not one of `known`, with a suggestion when one is close.
fn unknown_key(key: &Ident, known: &[&str], place: &str) -> syn::Error {
    let name = key.to_string();
    let list = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match closest(&name, known) {
        Some(close) => format!("did you mean `{close}`? {place} takes {list}"),
        None => format!("{place} takes {list}"),
    };
    error(key.span(), format_args!("unknown key `{name}`"), &help)
}

/// The key of `known` within two edits of `name`, if any (case differences are free).
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let name = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn expect_eq(input: ParseStream<'_>, key: &Ident) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        return Ok(());
    }
    Err(error(
        key.span(),
        format_args!("expected `=` after `{key}`"),
        &format!("write `{key} = …`"),
    ))
}

/// A string literal for `key`; anything else is reported with `example` as the help.
fn string_value(input: ParseStream<'_>, key: &Ident, example: &str) -> syn::Result<LitStr> {
    if input.is_empty() || input.peek(Token![,]) {
        return Err(error(
            key.span(),
            format_args!("`{key} =` needs a value"),
            &format!("write {example}"),
        ));
    }
    let tokens = input.fork();
    match input.parse::<Lit>() {
        Ok(Lit::Str(lit)) => Ok(lit),
        Ok(other) => Err(error(
            other.span(),
            format_args!("`{key}` takes a string literal, found {}", lit_kind(&other)),
            &format!("write {example}"),
        )),
        Err(_) => {
            let found = tokens.parse::<proc_macro2::TokenTree>()?;
            Err(error(
                found.span(),
                format_args!("`{key}` takes a string literal"),
                &format!(
                    "write {example}; constants and expressions are not read by the attribute"
                ),
            ))
        }
    }
}

fn lit_kind(lit: &Lit) -> &'static str {
    match lit {
        Lit::Str(_) => "a string",
        Lit::ByteStr(_) | Lit::CStr(_) => "a byte string",
        Lit::Byte(_) => "a byte",
        Lit::Char(_) => "a character",
        Lit::Int(_) => "an integer",
        Lit::Float(_) => "a float",
        Lit::Bool(_) => "a boolean",
        _ => "a literal of another kind",
    }
}

/// What `step_id = …` and `bot_id = …` take, and how each is checked.
struct IdKind {
    /// The attribute's key.
    key: &'static str,
    /// What the ids are called.
    noun: &'static str,
    /// The forms the key takes, for help texts.
    forms: &'static str,
    /// Whether a literal is such an id.
    is_valid: fn(&str) -> bool,
    /// Why a literal is not one.
    why_not: fn(&str) -> String,
    /// Where to find a right one.
    help: &'static str,
    /// What to do instead of an empty list.
    empty_help: &'static str,
}

const STEP_IDS: IdKind = IdKind {
    key: "step_id",
    noun: "step id",
    forms: "`step_id = \"507f191e810c19729de860ea\"`, `step_id = STEP` (a `&str` constant) or `step_id = [\"…\", STEP, …]`",
    is_valid: step_id::is_step_id,
    why_not: |id| step_id::NotAStepId(id).to_string(),
    help: "copy the id of the step from the bot's flow, such as \"507f191e810c19729de860ea\"",
    empty_help: "list at least one step id, or remove `step_id` to take every step of the event",
};

const BOT_IDS: IdKind = IdKind {
    key: "bot_id",
    noun: "bot id",
    forms: "`bot_id = \"5a8f1c2e9b1d4c0012345678\"`, `bot_id = BOT` (a `&str` constant) or `bot_id = [\"…\", BOT, …]`",
    is_valid: bot_id::is_bot_id,
    why_not: |id| bot_id::NotABotId(id).to_string(),
    help: "copy the bot's id from its settings, such as \"5a8f1c2e9b1d4c0012345678\"",
    empty_help: "list at least one bot id, or remove `bot_id` to take every bot",
};

/// `ID` or `[ID, …]`, the list non-empty, each literal id checked and given once.
fn ids(input: ParseStream<'_>, key: &Ident, kind: &IdKind) -> syn::Result<Vec<IdArg>> {
    let ids = if input.peek(syn::token::Bracket) {
        let content;
        let brackets = bracketed!(content in input);
        let mut ids = Vec::new();
        while !content.is_empty() {
            ids.push(id_arg(&content, key, kind)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        if ids.is_empty() {
            return Err(error(
                brackets.span.join(),
                format_args!(
                    "the `{}` list is empty, so the handler would never run",
                    kind.key
                ),
                kind.empty_help,
            ));
        }
        ids
    } else {
        vec![id_arg(input, key, kind)?]
    };
    let literals: Vec<&LitStr> = ids
        .iter()
        .filter_map(|id| match id {
            IdArg::Literal(lit) => Some(lit),
            IdArg::Expr(_) => None,
        })
        .collect();
    for (i, id) in literals.iter().enumerate() {
        check_id(id, kind)?;
        if literals[..i]
            .iter()
            .any(|earlier| earlier.value() == id.value())
        {
            return Err(error(
                id.span(),
                format_args!("{} `{}` is listed twice", kind.noun, id.value()),
                "remove the second one",
            ));
        }
    }
    Ok(ids)
}

/// One id: a string literal, or an expression (a constant) that is not another literal.
fn id_arg(input: ParseStream<'_>, key: &Ident, kind: &IdKind) -> syn::Result<IdArg> {
    if input.peek(Lit) || input.is_empty() || input.peek(Token![,]) {
        return string_value(input, key, kind.forms).map(IdArg::Literal);
    }
    input.parse().map(IdArg::Expr)
}

fn check_id(id: &LitStr, kind: &IdKind) -> syn::Result<()> {
    let text = id.value();
    if (kind.is_valid)(&text) {
        return Ok(());
    }
    Err(error(id.span(), (kind.why_not)(&text), kind.help))
}

/// The inside of `json(...)`.
fn json_condition(input: ParseStream<'_>, json: &Ident) -> syn::Result<JsonCondition> {
    let mut key: Option<LitStr> = None;
    let mut test: Option<(JsonTest, Span)> = None;
    while !input.is_empty() {
        let name = input.call(Ident::parse_any)?;
        let text = name.to_string();
        match text.as_str() {
            "key" => {
                if key.is_some() {
                    return Err(error(
                        name.span(),
                        "`key` is given twice",
                        &twice_help("key"),
                    ));
                }
                expect_eq(input, &name)?;
                let path = string_value(input, &name, "`key = \"data.channel\"`")?;
                check_key_path(&path)?;
                key = Some(path);
            }
            "equals" | "in" | "exists" => {
                if test.is_some() {
                    return Err(error(
                        name.span(),
                        format_args!("`{text}`: this `json(...)` already has a test"),
                        &twice_help(&text),
                    ));
                }
                let parsed = match text.as_str() {
                    "equals" => {
                        expect_eq(input, &name)?;
                        JsonTest::Equals(scalar(input, &name)?)
                    }
                    "in" => {
                        expect_eq(input, &name)?;
                        JsonTest::In(scalar_list(input, &name)?)
                    }
                    _ => {
                        if input.peek(Token![=]) {
                            return Err(error(
                                name.span(),
                                "`exists` takes no value",
                                "write `json(key = \"…\", exists)`",
                            ));
                        }
                        JsonTest::Exists
                    }
                };
                test = Some((parsed, name.span()));
            }
            _ => return Err(unknown_key(&name, JSON_KEYS, "`json(...)`")),
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    let Some(key) = key else {
        return Err(error(
            json.span(),
            "`json(...)` needs the key path to test",
            "write `json(key = \"data.channel\", equals = \"web\")`",
        ));
    };
    let Some((test, _)) = test else {
        return Err(error(
            key.span(),
            "`json(...)` needs a test for this key",
            "add `equals = …`, `in = […]` or `exists`",
        ));
    };
    Ok(JsonCondition { key, test })
}

/// A key path of the notification: it parses, and starts at one of the notification's keys.
fn check_key_path(path: &LitStr) -> syn::Result<()> {
    let text = path.value();
    let segments = key_path::parse(&text).map_err(|problem| {
        error(
            path.span(),
            key_path::Invalid(&text, &problem),
            "write a key path such as `data.step.id`, `data.step.actions[0].type` or `data.session.values.\"my.key\"`; the syntax is on `clustaar_webhook::filters::KeyPath`",
        )
    })?;
    let first = match &segments[0] {
        key_path::Segment::Key(key) if NOTIFICATION_KEYS.contains(&key.as_str()) => return Ok(()),
        key_path::Segment::Key(key) => {
            let mut written = String::new();
            key_path::write_key(&mut written, key).expect("a String takes any text");
            written
        }
        key_path::Segment::Index(index) => format!("[{index}]"),
    };
    let keys = NOTIFICATION_KEYS.map(|key| format!("`{key}`")).join(", ");
    // A key of the notification written in another case or misspelt, or a key of `data`.
    let lower = first.to_ascii_lowercase();
    let close = NOTIFICATION_KEYS
        .into_iter()
        .find(|key| edit_distance(&lower, &key.to_ascii_lowercase()) <= 1);
    let fixed = match (text.strip_prefix(&first), close) {
        (Some(rest), Some(close)) => format!("{close}{rest}"),
        _ if first.starts_with('[') => format!("data{text}"),
        _ => format!("data.{text}"),
    };
    Err(error(
        path.span(),
        format_args!("`{first}` is not a key of the notification ({keys})"),
        &format!(
            "did you mean `{fixed}`? A key path of `json(...)` starts at the top of the notification; the event's fields are under `data`"
        ),
    ))
}

const SCALAR_HELP: &str = "a JSON value in `json(...)` is a string, a number, `true`, `false` or `null`; test arrays and objects with `filter = JsonKeyEquals::new(\"…\", serde_json::json!(…))`";

/// A string, number, boolean or `null`.
fn scalar(input: ParseStream<'_>, key: &Ident) -> syn::Result<JsonScalar> {
    if input.is_empty() || input.peek(Token![,]) {
        return Err(error(
            key.span(),
            format_args!("`{key} =` needs a value"),
            SCALAR_HELP,
        ));
    }
    if input.peek(Token![-]) {
        let minus: Token![-] = input.parse()?;
        return match input.parse::<Lit>() {
            Ok(Lit::Int(int)) => {
                let value: i64 = format!("-{}", int.base10_digits()).parse().map_err(|_| {
                    error(int.span(), "the number is below `i64::MIN`", SCALAR_HELP)
                })?;
                Ok(JsonScalar::Int(value, int.span()))
            }
            Ok(Lit::Float(float)) => Ok(JsonScalar::Float(-finite(&float)?, float.span())),
            _ => Err(error(
                minus.span,
                "expected a number after `-`",
                SCALAR_HELP,
            )),
        };
    }
    if input.peek(Ident) && input.fork().parse::<Ident>()? == "null" {
        let null: Ident = input.parse()?;
        return Ok(JsonScalar::Null(null.span()));
    }
    let tokens = input.fork();
    match input.parse::<Lit>() {
        Ok(Lit::Str(s)) => Ok(JsonScalar::Str(s)),
        Ok(Lit::Bool(b)) => Ok(JsonScalar::Bool(b.value, b.span)),
        Ok(Lit::Int(int)) => {
            if let Ok(value) = int.base10_parse::<i64>() {
                Ok(JsonScalar::Int(value, int.span()))
            } else {
                let value = int.base10_parse::<u64>().map_err(|_| {
                    error(int.span(), "the number is above `u64::MAX`", SCALAR_HELP)
                })?;
                Ok(JsonScalar::UInt(value, int.span()))
            }
        }
        Ok(Lit::Float(float)) => Ok(JsonScalar::Float(finite(&float)?, float.span())),
        Ok(other) => Err(error(
            other.span(),
            format_args!("`{key}` takes a JSON value, found {}", lit_kind(&other)),
            SCALAR_HELP,
        )),
        Err(_) => {
            let found = tokens.parse::<proc_macro2::TokenTree>()?;
            Err(error(
                found.span(),
                format_args!("`{key}` takes a JSON value written as a literal"),
                SCALAR_HELP,
            ))
        }
    }
}

fn finite(float: &syn::LitFloat) -> syn::Result<f64> {
    match float.base10_parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(error(
            float.span(),
            "the number is too large for JSON",
            SCALAR_HELP,
        )),
    }
}

/// `[scalar, …]`, non-empty.
fn scalar_list(input: ParseStream<'_>, key: &Ident) -> syn::Result<Vec<JsonScalar>> {
    if !input.peek(syn::token::Bracket) {
        let span = if input.is_empty() {
            key.span()
        } else {
            input.span()
        };
        return Err(error(
            span,
            "`in` takes a list in brackets",
            "write `in = [\"web\", \"sms\"]`; for one value, `equals = \"web\"`",
        ));
    }
    let content;
    let brackets = bracketed!(content in input);
    let mut values = Vec::new();
    while !content.is_empty() {
        values.push(scalar(&content, key)?);
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    if values.is_empty() {
        return Err(error(
            brackets.span.join(),
            "the `in` list is empty, so the condition would never match",
            "list at least one value",
        ));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(closest("stepid", KEYS), Some("step_id"));
        assert_eq!(closest("Event", KEYS), Some("event"));
        assert_eq!(closest("filters", KEYS), Some("filter"));
        assert_eq!(closest("handler", KEYS), None);
        assert_eq!(closest("equal", JSON_KEYS), Some("equals"));
    }
}
