//! `#[on(...)]`: keeps the handler function and adds a struct of the same name implementing
//! `clustaar_webhook::routing::OnRoute`.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, Type};

use crate::attr_parsing::{IdArg, JsonCondition, JsonScalar, JsonTest, OnArgs, error};

/// The most extractors `clustaar_webhook::routing::Handler` is implemented for.
const MAX_EXTRACTORS: usize = 8;

/// Expands `#[on(args)] item`.
///
/// On an error the function is still emitted, as written, so that the error is the only one
/// and its callers do not also fail to find it.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    match try_expand(args, item.clone()) {
        Ok(tokens) => tokens,
        Err(error) => {
            let mut tokens = error.into_compile_error();
            tokens.extend(item);
            tokens
        }
    }
}

fn try_expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    // Read the function first: a wrong item is the first thing to fix.
    let function: ItemFn = syn::parse2(item.clone()).map_err(|_| {
        error(
            item.span(),
            "`#[on(...)]` goes on an async function",
            "write `#[on(...)] async fn handler(notification: StepReached) -> StepReachedResponse { … }`",
        )
    })?;
    let args: OnArgs = syn::parse2(args)?;
    let types = argument_types(&function)?;
    Ok(generate(&function, &args, &types))
}

/// The types of the handler's arguments, after checking that the function can be a handler.
fn argument_types(function: &ItemFn) -> syn::Result<Vec<&Type>> {
    let sig = &function.sig;
    if sig.asyncness.is_none() {
        return Err(error(
            sig.fn_token.span,
            format_args!(
                "`#[on(...)]` handlers are async functions; `{}` is not",
                sig.ident
            ),
            "write `async fn`",
        ));
    }
    if let Some(unsafety) = sig.unsafety {
        return Err(error(
            unsafety.span,
            "`#[on(...)]` handlers cannot be `unsafe`",
            "remove `unsafe`; call unsafe code inside the handler",
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(error(
            sig.generics.span(),
            "`#[on(...)]` handlers cannot be generic",
            "the route needs the concrete types of the extractors; use concrete types, such as `State<AppState>`",
        ));
    }
    let mut types = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                return Err(error(
                    receiver.span(),
                    "`#[on(...)]` handlers are free functions, not methods",
                    "remove `self`; reach shared data with `State<…>`",
                ));
            }
            FnArg::Typed(arg) => {
                if let Type::ImplTrait(_) = *arg.ty {
                    return Err(error(
                        arg.ty.span(),
                        "`#[on(...)]` handlers cannot take `impl Trait` arguments",
                        "name the argument's type, such as `StepReached`",
                    ));
                }
                types.push(&*arg.ty);
            }
        }
    }
    if types.is_empty() {
        return Err(error(
            sig.paren_token.span.join(),
            format_args!(
                "`{}` takes no argument, but a handler takes the notification",
                sig.ident
            ),
            "add the notification as the last argument, such as `notification: StepReached`, `request: WebhookRequest` or `json: serde_json::Value`",
        ));
    }
    if types.len() > MAX_EXTRACTORS + 1 {
        return Err(error(
            types[MAX_EXTRACTORS].span(),
            format_args!(
                "a handler takes at most {MAX_EXTRACTORS} extractors before the notification; `{}` takes {}",
                sig.ident,
                types.len() - 1
            ),
            "group extractors in a struct that implements `FromRequestParts`",
        ));
    }
    Ok(types)
}

fn generate(function: &ItemFn, args: &OnArgs, types: &[&Type]) -> TokenStream {
    let name = &function.sig.ident;
    let vis = &function.vis;
    // `r#type` is named `type` in logs and errors.
    let name_text = name.unraw().to_string();
    let event = match &args.event {
        Some(event) => quote!(#event),
        None => quote!(::clustaar_webhook::events::CONVERSATION_STEP_REACHED),
    };
    let ids = id_tokens(&args.step_ids);
    let bot_ids = id_tokens(&args.bot_ids);
    // A generic parameter no user type can be called: the impl works for every state the
    // extractors accept.
    let state = format_ident!("__ClustaarState");

    let (extractors, notification) = types.split_at(types.len() - 1);
    let notification = notification[0];
    // Bounds carry the spans of the argument types, so an unsupported type is reported on it.
    let extractor_bounds = extractors.iter().map(|ty| {
        quote_spanned! {ty.span()=>
            #ty: ::clustaar_webhook::__private::FromRequestParts<#state> + ::core::marker::Send,
        }
    });
    let notification_bound = quote_spanned! {notification.span()=>
        #notification: ::clustaar_webhook::extract::FromNotification,
    };
    // Said on the return type, rather than as "the function is not a `Handler`"; an `impl Trait`
    // cannot be named in a bound, and the compiler checks those itself.
    let response_bound = match &function.sig.output {
        syn::ReturnType::Type(_, ty) if !mentions_impl(ty.to_token_stream()) => {
            Some(quote_spanned! {ty.span()=>
                #ty: ::clustaar_webhook::__private::IntoResponse,
            })
        }
        _ => None,
    };

    // Step ids go through `StepId`, which the route table indexes instead of evaluating; the
    // ones given as constants are only known to be step ids once checked there.
    let step_ids = (!ids.is_empty()).then(|| {
        quote! {
            let route = ::clustaar_webhook::__private::with_step_ids(
                route,
                <Self as ::clustaar_webhook::routing::OnRoute<#state>>::STEP_IDS,
            )?;
        }
    });
    // Bot ids likewise, through `BotId`.
    let with_bot_ids = (!bot_ids.is_empty()).then(|| {
        quote! {
            let route = ::clustaar_webhook::__private::with_bot_ids(
                route,
                <Self as ::clustaar_webhook::routing::OnRoute<#state>>::BOT_IDS,
            )?;
        }
    });
    let json_filters = args.json.iter().map(json_filter);
    let custom_filter = args.filter.as_ref().map(|filter| quote!(.filter(#filter)));

    // The struct and its impl exist exactly when the function does.
    let cfgs: Vec<_> = function
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .collect();

    quote! {
        #function

        #(#cfgs)*
        #[allow(non_camel_case_types, dead_code)]
        #[doc(hidden)]
        #vis struct #name {}

        #(#cfgs)*
        impl<#state> ::clustaar_webhook::routing::OnRoute<#state> for #name
        where
            #state: ::core::marker::Send + ::core::marker::Sync + 'static,
            #(#extractor_bounds)*
            #notification_bound
            #response_bound
        {
            const NAME: &'static str = #name_text;
            const EVENT: &'static str = #event;
            const STEP_IDS: &'static [&'static str] = &[#(#ids),*];
            const BOT_IDS: &'static [&'static str] = &[#(#bot_ids),*];

            fn try_route() -> ::core::result::Result<
                ::clustaar_webhook::routing::Route<#state>,
                ::clustaar_webhook::routing::RouteError,
            > {
                let route = ::clustaar_webhook::routing::Route::new(#event, #name).name(#name_text);
                #step_ids
                #with_bot_ids
                ::core::result::Result::Ok(route #(#json_filters)* #custom_filter)
            }
        }
    }
}

/// The ids of `step_id = …` or `bot_id = …` as expressions; a constant is spanned on itself,
/// so a type error is reported there.
fn id_tokens(ids: &[IdArg]) -> Vec<TokenStream> {
    ids.iter()
        .map(|id| match id {
            IdArg::Literal(lit) => lit.to_token_stream(),
            IdArg::Expr(expr) => quote_spanned!(expr.span()=> #expr),
        })
        .collect()
}

/// `.filter(JsonKey…::new(…))` for one `json(...)`; the key path already parsed, so `new`
/// cannot panic.
fn json_filter(condition: &JsonCondition) -> TokenStream {
    let key = &condition.key;
    match &condition.test {
        JsonTest::Equals(value) => {
            let value = scalar(value);
            quote!(.filter(::clustaar_webhook::filters::JsonKeyEquals::new(#key, #value)))
        }
        JsonTest::In(values) => {
            let values = values.iter().map(scalar);
            quote!(.filter(::clustaar_webhook::filters::JsonKeyIn::new(#key, [#(#values),*])))
        }
        JsonTest::Exists => quote!(.filter(::clustaar_webhook::filters::JsonKeyExists::new(#key))),
    }
}

/// A `serde_json::Value` expression; numbers get a suffix so that a large one is never read
/// as an overflowing `i32`.
fn scalar(value: &JsonScalar) -> TokenStream {
    let value_type = quote!(::clustaar_webhook::__private::serde_json::Value);
    let (tokens, span): (TokenStream, Span) = match value {
        JsonScalar::Str(s) => (quote!(#s), s.span()),
        JsonScalar::Int(i, span) => (Literal::i64_suffixed(*i).into_token_stream(), *span),
        JsonScalar::UInt(u, span) => (Literal::u64_suffixed(*u).into_token_stream(), *span),
        JsonScalar::Float(f, span) => (Literal::f64_suffixed(*f).into_token_stream(), *span),
        JsonScalar::Bool(b, span) => (quote!(#b), *span),
        JsonScalar::Null(span) => return quote_spanned!(*span=> #value_type::Null),
    };
    quote_spanned!(span=> #value_type::from(#tokens))
}

/// Whether a type is or contains an `impl Trait`.
fn mentions_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => ident == "impl",
        proc_macro2::TokenTree::Group(group) => mentions_impl(group.stream()),
        _ => false,
    })
}
