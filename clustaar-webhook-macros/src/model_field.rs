//! What `#[model]` reads from one field of a model: its JSON name and default (from its
//! `#[serde(...)]` attributes, which serde reads too), and its presence, load processors and
//! rule (from `#[field(...)]`, which `#[model]` removes).

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Attribute, Expr, Field, GenericArgument, Ident, LitStr, PathArguments, Type};

/// The load processors, in the order they run.
const PROCESSORS: &[&str] = &["strip", "normalize", "sanitize"];

/// The help shown on a `#[field(...)]` that does not parse.
const FIELD_HELP: &str = "write `optional` (the key may be absent), `refuses_null` (an \
     `Option` field whose `null` the platform refuses), `rule = <rule>` and \
     `load(strip, normalize, sanitize)` (its load processors), as in \
     `#[field(optional, load(strip), rule = Length::at_most(500))]`";

/// One field of a model.
pub(crate) struct ModelField {
    /// The Rust field.
    pub ident: Ident,
    /// The field's type.
    pub ty: Type,
    /// The key in JSON.
    pub json: String,
    /// Whether the key may be absent from a document the platform accepts.
    pub optional: bool,
    /// Whether the platform refuses `null`, though the field (an `Option`) reads it.
    pub refuses_null: bool,
    /// The rule of its value, as written.
    pub rule: Option<Expr>,
    /// What serde fills in when the key is absent, in words.
    pub default: Option<String>,
    /// The load processors, in the order they run.
    pub processors: Vec<Ident>,
    /// Whether the field is public (private fields are the `type` tag).
    pub public: bool,
}

impl ModelField {
    /// Reads `field`, removing its `#[field(...)]` attribute.
    pub(crate) fn take(field: &mut Field) -> syn::Result<Self> {
        let ident = field.ident.clone().ok_or_else(|| {
            syn::Error::new_spanned(&*field, "a model has named fields, one per JSON key")
        })?;
        let mut model_field = ModelField {
            json: ident.to_string(),
            ident,
            ty: field.ty.clone(),
            optional: false,
            refuses_null: false,
            rule: None,
            default: None,
            processors: Vec::new(),
            public: matches!(field.vis, syn::Visibility::Public(_)),
        };
        let (mut reads_itself, mut writes_itself) = (false, false);
        for attr in &field.attrs {
            if attr.path().is_ident("serde") {
                let (reads, writes) = model_field.read_serde(attr)?;
                reads_itself |= reads;
                writes_itself |= writes;
            }
        }
        let mut kept = Vec::new();
        for attr in field.attrs.drain(..) {
            if attr.path().is_ident("field") {
                model_field.read_field(&attr)?;
            } else {
                kept.push(attr);
            }
        }
        field.attrs = kept;
        // The platform refuses `null` there but accepts the key absent: `None` is left out.
        if model_field.optional && model_field.refuses_null && !writes_itself {
            field.attrs.push(syn::parse_quote!(
                #[serde(skip_serializing_if = "Option::is_none")]
            ));
        }
        // Each field is read as sent: its model's load processors run after the reading.
        if !reads_itself {
            field.attrs.push(syn::parse_quote!(
                #[serde(deserialize_with = "crate::schemas::as_sent::as_sent")]
            ));
            // With `deserialize_with`, serde no longer reads an absent `Option` as `None`.
            if option_inner(&field.ty).is_some() && model_field.default.is_none() {
                field.attrs.push(syn::parse_quote!(#[serde(default)]));
            }
        }
        Ok(model_field)
    }

    fn read_field(&mut self, attr: &Attribute) -> syn::Result<()> {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("optional") {
                self.optional = true;
                Ok(())
            } else if meta.path.is_ident("refuses_null") {
                self.refuses_null = true;
                Ok(())
            } else if meta.path.is_ident("rule") {
                self.rule = Some(meta.value()?.parse()?);
                Ok(())
            } else if meta.path.is_ident("load") {
                meta.parse_nested_meta(|processor| {
                    let name = processor.path.require_ident()?;
                    let rank = PROCESSORS.iter().position(|known| name == known);
                    let last = self
                        .processors
                        .last()
                        .and_then(|last| PROCESSORS.iter().position(|known| last == known));
                    match (rank, last) {
                        (None, _) => Err(processor
                            .error("the load processors are `strip`, `normalize` and `sanitize`")),
                        (Some(rank), Some(last)) if rank <= last => Err(processor.error(
                            "the load processors run in this order, each once: \
                             `strip`, `normalize`, `sanitize`",
                        )),
                        _ => {
                            self.processors.push(name.clone());
                            Ok(())
                        }
                    }
                })
            } else {
                Err(meta.error(format!("unknown key in `#[field(...)]`: {FIELD_HELP}")))
            }
        })
        .map_err(|error| syn::Error::new(error.span(), format!("{error}")))
    }

    /// Reads a `#[serde(...)]`; gives whether it reads the field with a function of its own,
    /// and whether it says when the field is written.
    fn read_serde(&mut self, attr: &Attribute) -> syn::Result<(bool, bool)> {
        let (mut reads_itself, mut writes_itself) = (false, false);
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip_serializing") || meta.path.is_ident("skip_serializing_if") {
                writes_itself = true;
            }
            if meta.path.is_ident("rename") {
                self.json = meta.value()?.parse::<LitStr>()?.value();
            } else if meta.path.is_ident("default") {
                self.default = Some(match meta.input.peek(syn::Token![=]) {
                    true => format!("`{}()`", meta.value()?.parse::<LitStr>()?.value()),
                    false => "empty".to_owned(),
                });
            } else if meta.path.is_ident("deserialize_with") {
                meta.value()?.parse::<LitStr>()?;
                reads_itself = true;
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<Expr>()?;
            }
            Ok(())
        })?;
        Ok((reads_itself, writes_itself))
    }

    /// Whether `null` is a valid value: an `Option` whose `null` the platform accepts.
    pub(crate) fn nullable(&self) -> bool {
        option_inner(&self.ty).is_some() && !self.refuses_null
    }

    /// The rule as the docs show it.
    pub(crate) fn rule_text(&self) -> Option<String> {
        self.rule.as_ref().map(|rule| tidy(rule.to_token_stream()))
    }
}

/// The `T` of `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// Tokens written back as code reads: `Length::between(1, 100)`, not `Length :: between (1 , 100)`.
fn tidy(tokens: TokenStream) -> String {
    let spaced = tokens.to_string();
    let mut text = String::with_capacity(spaced.len());
    let mut chars = spaced.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let drop_space = c == ' '
            && (matches!(next, Some(':' | '(' | ')' | ',' | '.' | ']'))
                || text.ends_with([':', '(', '&', '[', '.', '!'])
                || (text.ends_with('-') && next.is_some_and(|n| n.is_ascii_digit())));
        if !drop_space {
            text.push(c);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn rules_are_shown_as_written() {
        assert_eq!(
            tidy(quote!((Length::between(1, 100), &WORD))),
            "(Length::between(1, 100), &WORD)"
        );
        assert_eq!(
            tidy(quote!(OrEmpty(OneOf(&["a", "b"])))),
            r#"OrEmpty(OneOf(&["a", "b"]))"#
        );
        assert_eq!(
            tidy(quote!(Range::between(0.5, 7.0))),
            "Range::between(0.5, 7.0)"
        );
    }
}
