//! `#[model]`: one declaration per model of the platform's schemas.
//!
//! The struct and its fields say everything about the model: serde reads and writes it from
//! the fields' `#[serde(...)]` attributes (JSON name, default), and each field's
//! `#[field(...)]` says whether its key may be absent, which load processors clean it and which
//! rule its value keeps.
//!
//! From that one declaration this macro generates:
//! - its reading in two steps: as sent (`ReadAsSent`), then cleaned by its load processors
//!   (`Load`); its `Deserialize` does both;
//! - its checks, on a value built in Rust (`Validate::validate`) and on a document as sent
//!   (`Validate::validate_sent`, the keys walked as JSON before any processor runs);
//! - its `type` name, and the table of its JSON keys in its docs.
//!
//! The rules are the core crate's own rule values, so the checks run the same code whichever
//! way a model is checked.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Fields, ItemStruct, LitStr};

use crate::model_field::ModelField;

/// Expands `#[model]` or `#[model("type_name")]` on `item`.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let type_name: Option<LitStr> = if args.is_empty() {
        None
    } else {
        Some(syn::parse2(args).map_err(|error| {
            syn::Error::new(
                error.span(),
                "write `#[model(\"type_name\")]` for a model with a `type` key, `#[model]` for one without",
            )
        })?)
    };
    let mut item: ItemStruct = syn::parse2(item)?;
    let fields = match &mut item.fields {
        Fields::Named(named) => named
            .named
            .iter_mut()
            .map(ModelField::take)
            .collect::<syn::Result<Vec<_>>>()?,
        Fields::Unit => Vec::new(),
        Fields::Unnamed(_) => {
            return Err(syn::Error::new_spanned(
                &item.ident,
                "a model has named fields, one per JSON key",
            ));
        }
    };
    let table = field_table(type_name.as_ref(), &fields);
    item.attrs.push(syn::parse_quote!(#[doc = #table]));
    let reading = reading(&mut item)?;

    let name = &item.ident;
    let loads = fields.iter().map(load);
    let cleans = cleans(&fields);
    let rules = fields.iter().map(typed_check);
    let keys = fields.iter().map(sent_check);
    let type_name_impl = type_name.map(|type_name| {
        quote! {
            impl crate::schemas::TypeName for #name {
                const TYPE: &'static str = #type_name;
            }
        }
    });
    Ok(quote! {
        #item

        #type_name_impl

        #reading

        impl crate::schemas::as_sent::Load for #name {
            const CLEANS: bool = #cleans;

            fn load(&mut self) {
                #(#loads)*
            }
        }

        impl crate::schemas::validate::Rules for #name {
            #[allow(unused_variables)]
            fn rules(&self, checker: &mut crate::schemas::validate::Checker) {
                #(#rules)*
            }
        }

        impl crate::schemas::validate::sent::Sent for #name {
            type Raw = serde_json::Map<String, serde_json::Value>;
            const NESTED: bool = true;
            const EXPECTED: &'static str = "an object";

            fn raw(value: &serde_json::Value) -> Option<&Self::Raw> {
                value.as_object()
            }

            #[allow(unused_variables)]
            fn check_inside(
                object: &Self::Raw,
                checker: &mut crate::schemas::validate::sent::SentChecker,
            ) {
                #[allow(unused_imports)]
                use crate::schemas::validate::rules::*;
                checker.object(|checker| {
                    #(#keys)*
                });
            }
        }

        impl crate::schemas::Validate for #name {
            fn validate(&self) -> Result<(), crate::schemas::ValidationErrors> {
                crate::schemas::validate::Checker::run(self)
            }

            fn validate_sent(
                document: &serde_json::Value,
            ) -> Result<(), crate::schemas::ValidationErrors> {
                crate::schemas::validate::sent::SentChecker::run::<Self>(document)
            }
        }
    })
}

/// How a model whose struct derives `Deserialize` reads: serde's derive moves to a private
/// copy of the struct whose fields are read as sent, and the model's own `Deserialize` reads
/// that copy, then runs the load processors. (The copy keeps serde's derived reading out of the
/// model's public items: no function of the model reads without cleaning but through
/// `AsSent`.) A model that does not derive `Deserialize` reads itself, and implements
/// `ReadAsSent` and `Deserialize` by hand.
fn reading(item: &mut ItemStruct) -> syn::Result<Option<TokenStream>> {
    if !take_derive(item, "Deserialize")? {
        return Ok(None);
    }
    let name = &item.ident;
    let serde_attrs = |attrs: &[syn::Attribute]| -> Vec<syn::Attribute> {
        attrs
            .iter()
            .filter(|attr| attr.path().is_ident("serde"))
            .cloned()
            .collect()
    };
    let container = serde_attrs(&item.attrs);
    let fields: Vec<_> = item.fields.iter().collect();
    let idents: Vec<_> = fields.iter().map(|field| &field.ident).collect();
    let types = fields.iter().map(|field| &field.ty);
    let field_attrs = fields.iter().map(|field| serde_attrs(&field.attrs));
    Ok(Some(quote! {
        const _: () = {
            #[derive(serde::Deserialize)]
            #(#container)*
            struct AsSentCopy {
                #(#(#field_attrs)* #idents: #types,)*
            }

            impl crate::schemas::as_sent::ReadAsSent for #name {
                fn read_as_sent<'de, D: serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    let copy = <AsSentCopy as serde::Deserialize>::deserialize(deserializer)?;
                    Ok(#name { #(#idents: copy.#idents,)* })
                }
            }
        };

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::schemas::as_sent::read_and_load(deserializer)
            }
        }
    }))
}

/// Removes `wanted` from the struct's `#[derive(...)]` lists; gives whether it was there.
fn take_derive(item: &mut ItemStruct, wanted: &str) -> syn::Result<bool> {
    let mut found = false;
    for attr in &mut item.attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let paths = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        )?;
        let kept: Vec<&syn::Path> = paths.iter().filter(|path| !path.is_ident(wanted)).collect();
        if kept.len() < paths.len() {
            found = true;
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    Ok(found)
}

/// The cleaning of one field: its load processors, then what it holds.
fn load(field: &ModelField) -> TokenStream {
    let ident = &field.ident;
    let clean = (!field.processors.is_empty()).then(|| {
        let has = |name: &str| field.processors.iter().any(|processor| processor == name);
        let (strip, normalize, sanitize) = (has("strip"), has("normalize"), has("sanitize"));
        quote! {
            crate::schemas::processors::Clean::clean(
                &mut self.#ident,
                crate::schemas::processors::Chain { strip: #strip, normalize: #normalize, sanitize: #sanitize },
            );
        }
    });
    let ty = &field.ty;
    quote! {
        #clean
        if <#ty as crate::schemas::as_sent::Load>::CLEANS {
            crate::schemas::as_sent::Load::load(&mut self.#ident);
        }
    }
}

/// Whether a model can hold a string to clean: a field with load processors, or a field whose
/// type can.
fn cleans(fields: &[ModelField]) -> TokenStream {
    let processed = fields.iter().any(|field| !field.processors.is_empty());
    let types = fields.iter().map(|field| &field.ty);
    quote!(#processed #(|| <#types as crate::schemas::as_sent::Load>::CLEANS)*)
}

/// The check of one field of a model built in Rust: its rule, then what it holds.
fn typed_check(field: &ModelField) -> TokenStream {
    let ModelField { ident, json, .. } = field;
    let rule = field.rule.as_ref().map(|rule| {
        quote! {
            {
                #[allow(unused_imports)]
                use crate::schemas::validate::rules::*;
                checker.check(#json, &self.#ident, &#rule);
            }
        }
    });
    // A required key whose `null` the platform refuses: `None` would be written `null`.
    let not_null = (field.refuses_null && !field.optional).then(|| {
        quote! {
            checker.not_null(#json, &self.#ident);
        }
    });
    quote! {
        #not_null
        #rule
        checker.nested(#json, &self.#ident);
    }
}

/// The check of one key of a document as sent.
fn sent_check(field: &ModelField) -> TokenStream {
    let ModelField {
        ty,
        json,
        optional,
        refuses_null,
        ..
    } = field;
    let rule = match &field.rule {
        Some(rule) => quote!(&#rule),
        None => quote!(&crate::schemas::validate::sent::NoRule),
    };
    quote! {
        checker.key::<#ty, _>(
            object,
            #json,
            crate::schemas::validate::sent::Presence {
                optional: #optional,
                refuses_null: #refuses_null,
            },
            #rule,
        );
    }
}

/// The table of the fields, for the model's docs.
fn field_table(type_name: Option<&LitStr>, fields: &[ModelField]) -> String {
    let mut table = String::from(
        "\n# JSON keys\n\n\
         | JSON key | field | presence | `null` | default | load processors | rule |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for field in fields {
        let rust = if field.public {
            format!("`{}`", field.ident)
        } else {
            "—".to_owned()
        };
        let rule = match (&field.rule_text(), field.json.as_str(), type_name) {
            (Some(rule), _, _) => format!("`{rule}`"),
            (None, "type", Some(name)) => format!("equals `{}`", name.value()),
            (None, _, _) => String::new(),
        };
        let presence = if field.optional {
            "optional"
        } else {
            "required"
        };
        let nullable = if field.nullable() { "allowed" } else { "" };
        // The `type` tag reads any value: its default says nothing.
        let default = match field.public {
            true => field.default.as_deref().unwrap_or(""),
            false => "",
        };
        table.push_str(&format!(
            "| `{}` | {rust} | {presence} | {nullable} | {default} | {} | {rule} |\n",
            field.json,
            field
                .processors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    table
}
