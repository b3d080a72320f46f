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
//! The attribute parsing lives in `attr_parsing.rs` (shared) with the key-path grammar in
//! `key_path.rs`, one file per macro beside them.

mod attr_parsing;
mod on;
mod routes;
mod rules;

use proc_macro::TokenStream;

/// Declares an async function as the handler of a route.
///
/// ```ignore
/// #[on(step_id = "507f191e810c19729de860ea", json(key = "data.channel", equals = "web"))]
/// async fn order_status(notification: StepReached) -> StepReachedResponse { /* … */ }
/// ```
///
/// # Syntax
///
/// ```text
/// #[on]                                      every `conversation.step_reached` notification
/// #[on(ARG, ARG, …)]                         a trailing comma is allowed
///
/// ARG   := event = "TOPIC"                   default "conversation.step_reached"; at most once
///        | step_id = "ID"                    one step; at most once
///        | step_id = ["ID", "ID", …]         any of these steps (not empty, no repeats)
///        | json(key = "PATH", equals = VALUE)
///        | json(key = "PATH", in = [VALUE, …])   (not empty)
///        | json(key = "PATH", exists)        the key is there, even with `null`
///        | filter = EXPR                     any `clustaar_webhook::filters::Filter`; at most once
/// ID    := exactly 24 ASCII letters or digits, such as "507f191e810c19729de860ea"
/// PATH  := a key path of `clustaar_webhook::filters::KeyPath`: `data.step.id`,
///          `data.step.actions[0].type`, `values."my.key"`, `values["my.key"]`
/// VALUE := "string" | 42 | -1 | 1.5 | true | false | null
/// ```
///
/// A notification is handled when it has the event's topic and all conditions hold: one of the
/// step ids (when given), every `json(...)` (several may be written, and the keys of one
/// `json(...)` may come in any order), and the filter. Everything but the filter expression is
/// checked at compile time, with the error on the offending token: unknown or repeated keys,
/// literals of the wrong type, empty lists, malformed step ids and key paths, functions that
/// are not `async`, generic, or take no notification.
///
/// # What it generates
///
/// The function is kept as written, so it can still be called (in unit tests for one). A hidden
/// struct of the same name is added in the type namespace, where functions never are, and
/// implements `clustaar_webhook::routing::OnRoute`. Its implementation is generic over the
/// webhook's state and bounded by the handler's argument types, so handlers taking
/// `State<AppState>` work with any state `AppState` can be taken from:
///
/// ```ignore
/// #[on(step_id = "507f191e810c19729de860ea", json(key = "data.channel", in = ["web", "sms"]))]
/// pub async fn order_status(State(db): State<Db>, n: StepReached) -> StepReachedResponse { /* … */ }
/// ```
///
/// becomes
///
/// ```ignore
/// pub async fn order_status(State(db): State<Db>, n: StepReached) -> StepReachedResponse { /* … */ }
///
/// #[allow(non_camel_case_types, dead_code)]
/// #[doc(hidden)]
/// pub struct order_status {}
///
/// impl<__ClustaarState> ::clustaar_webhook::routing::OnRoute<__ClustaarState> for order_status
/// where
///     __ClustaarState: ::core::marker::Send + ::core::marker::Sync + 'static,
///     State<Db>: ::clustaar_webhook::__private::FromRequestParts<__ClustaarState>
///         + ::core::marker::Send,
///     StepReached: ::clustaar_webhook::extract::FromNotification,
/// {
///     const NAME: &'static str = "order_status";
///     const EVENT: &'static str = "conversation.step_reached";
///     const STEP_IDS: &'static [&'static str] = &["507f191e810c19729de860ea"];
///
///     fn route() -> ::clustaar_webhook::routing::Route<__ClustaarState> {
///         ::clustaar_webhook::routing::Route::new("conversation.step_reached", order_status)
///             .name("order_status")
///             // Indexed by the route table: dispatch does not evaluate it route by route.
///             .filter(::clustaar_webhook::filters::StepId::any(["507f191e810c19729de860ea"]))
///             .filter(::clustaar_webhook::filters::JsonKeyIn::new(
///                 "data.channel",
///                 [
///                     ::clustaar_webhook::__private::serde_json::Value::from("web"),
///                     ::clustaar_webhook::__private::serde_json::Value::from("sms"),
///                 ],
///             ))
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn on(args: TokenStream, item: TokenStream) -> TokenStream {
    on::expand(args.into(), item.into()).into()
}

/// The routes of `#[on(...)]` handlers, in order, as a `clustaar_webhook::routing::RouteTable`;
/// panics when two of them take the same step (see `RouteTable::from_routes`).
///
/// ```ignore
/// Webhook::new().routes(routes![order_status, greet])
/// ```
///
/// # What it generates
///
/// ```ignore
/// routes![order_status, greet]
/// // becomes
/// ::clustaar_webhook::routing::RouteTable::from_routes([
///     <order_status as ::clustaar_webhook::routing::OnRoute<_>>::route(),
///     <greet as ::clustaar_webhook::routing::OnRoute<_>>::route(),
/// ])
/// ```
///
/// `try_routes![…]` is the same with `RouteTable::try_from_routes`, and `routes![]` is
/// `RouteTable::new()`.
#[proc_macro]
pub fn routes(input: TokenStream) -> TokenStream {
    routes::expand(input.into(), false)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// `routes!` returning `Result<RouteTable<S>, RouteError>` instead of panicking (see
/// `RouteTable::try_from_routes`).
///
/// ```ignore
/// let router = try_routes![order_status, greet]?;
/// ```
#[proc_macro]
pub fn try_routes(input: TokenStream) -> TokenStream {
    routes::expand(input.into(), true)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
