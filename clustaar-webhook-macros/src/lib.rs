//! Procedural macros for [`clustaar-webhook`](https://docs.rs/clustaar-webhook):
//! `#[on(...)]` handler attributes and `routes![…]` route lists.
//!
//! This crate is re-exported by `clustaar-webhook` (`clustaar_webhook::{on, routes,
//! try_routes}`); depend on that crate instead. The code these macros generate names it as
//! `::clustaar_webhook`.
//!
//! # Where to read
//!
//! - [`on`]: the attribute's syntax, its compile-time checks, and the code it generates;
//! - [`routes!`], [`try_routes!`]: route lists and their expansion.
//!
//! Their documentation lives here, in `src/docs/`, and `clustaar-webhook` shows it where it
//! re-exports them; the examples run as this crate's doctests.
//!
//! The attribute parsing lives in `attr_parsing.rs`, one file per macro beside it. The rules
//! the core crate checks at run time too (the key-path grammar, what a step id is, the keys of
//! a notification) live in `rules/`, a folder both crates compile: the core reaches it through
//! a symlink, so compile-time and run-time checks agree by construction.

mod attr_parsing;
mod model;
mod model_field;
mod on;
mod routes;
mod rules;

use proc_macro::TokenStream;

#[doc = include_str!("docs/on.md")]
#[proc_macro_attribute]
pub fn on(args: TokenStream, item: TokenStream) -> TokenStream {
    on::expand(args.into(), item.into()).into()
}

/// Declares a model of the platform's schemas, for the core crate's own use: its checks, its
/// `type` name and its table of fields come from this one declaration (see `model.rs`).
///
/// The code it generates names the core crate as `crate`, so it works only there.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn model(args: TokenStream, item: TokenStream) -> TokenStream {
    model::expand(args.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

#[doc = include_str!("docs/routes.md")]
#[proc_macro]
pub fn routes(input: TokenStream) -> TokenStream {
    routes::expand(input.into(), false)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

#[doc = include_str!("docs/try_routes.md")]
#[proc_macro]
pub fn try_routes(input: TokenStream) -> TokenStream {
    routes::expand(input.into(), true)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
