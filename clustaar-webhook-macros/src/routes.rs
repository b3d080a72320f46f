//! `routes![…]` and `try_routes![…]`: the routes of `#[on(...)]` handlers, in order.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Path, Token};

use crate::attr_parsing::error;

/// Expands the list into `RouteTable::from_routes([...])`, or `RouteTable::try_from_routes([...])` when
/// `fallible`.
pub(crate) fn expand(input: TokenStream, fallible: bool) -> syn::Result<TokenStream> {
    let paths = Punctuated::<Path, Token![,]>::parse_terminated
        .parse2(input)
        .map_err(|e| {
            error(
                e.span(),
                "expected the names of `#[on(...)]` handlers, separated by commas",
                "write `routes![order_status, greet]`; handlers may be named by path, such as `handlers::greet`",
            )
        })?;
    let router = quote!(::clustaar_webhook::routing::RouteTable);
    // Each route is read through the trait the attribute implemented, spanned on the name, so a
    // function without `#[on(...)]` is reported on it, and a step id found wrong when the route
    // is built panics there (`route` tracks its caller).
    let routes = paths.iter().map(|path| {
        quote_spanned! {path.span()=>
            <#path as ::clustaar_webhook::routing::OnRoute<_>>::route()
        }
    });
    // A labelled block, not a closure: the first error leaves it, and the state type is still
    // inferred from where the table goes.
    let tried = paths.iter().map(|path| {
        quote_spanned! {path.span()=>
            match <#path as ::clustaar_webhook::routing::OnRoute<_>>::try_route() {
                ::core::result::Result::Ok(route) => route,
                ::core::result::Result::Err(error) => {
                    break '__clustaar_routes ::core::result::Result::Err(error)
                }
            }
        }
    });
    Ok(match (paths.is_empty(), fallible) {
        // An empty array would leave the route type to infer; an empty table needs none.
        (true, false) => quote!(#router::new()),
        (true, true) => {
            quote!(::core::result::Result::<_, ::clustaar_webhook::routing::RouteError>::Ok(#router::new()))
        }
        (false, false) => quote!(#router::from_routes([#(#routes),*])),
        (false, true) => quote! {
            '__clustaar_routes: { #router::try_from_routes([#(#tried),*]) }
        },
    })
}
