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
//! The attribute parsing lives in `attr_parsing.rs`, one file per macro beside it. The rules
//! the core crate checks at run time too (the key-path grammar, what a step id is, the keys of
//! a notification) live in `rules/`, a folder both crates compile: the core reaches it through
//! a symlink, so compile-time and run-time checks agree by construction.

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
/// #[on]                                      every notification of the default event
/// #[on(ARG, ARG, …)]                         a trailing comma is allowed
///
/// ARG   := event = "TOPIC"                   default `clustaar_webhook::events::CONVERSATION_STEP_REACHED`;
///                                            at most once
///        | step_id = ID                      one step; at most once
///        | step_id = [ID, ID, …]             any of these steps (not empty, no repeated literal)
///        | json(key = "PATH", equals = VALUE)
///        | json(key = "PATH", in = [VALUE, …])   (not empty)
///        | json(key = "PATH", exists)        the key is there, even with `null`
///        | filter = EXPR                     any `clustaar_webhook::filters::Filter`; at most once
/// ID    := "…"                               exactly 24 ASCII letters or digits, such as
///                                            "507f191e810c19729de860ea"
///        | CONST                             a `&'static str` constant (a path such as
///                                            `steps::ORDER`), checked when the route is built
/// PATH  := a key path (its syntax is on `clustaar_webhook::filters::KeyPath`) that starts at a
///          key of the notification: `botID`, `timestamp`, `topic`, `type` or `data`
/// VALUE := "string" | 42 | -1 | 1.5 | true | false | null
/// ```
///
/// A notification is handled when it has the event's topic and all conditions hold: one of the
/// step ids (when given), every `json(...)` (several may be written, and the keys of one
/// `json(...)` may come in any order), and the filter. Everything but the filter expression and
/// the step ids given as constants is checked at compile time, with the error on the offending
/// token: unknown or repeated keys, literals of the wrong type, empty lists, malformed step ids
/// and key paths, key paths that do not start at a key of the notification, functions that are
/// not `async`, generic, or take no notification. A step id given as a constant that is not one
/// makes `routes!` panic, naming the handler and the id, and `try_routes!` return
/// `RouteError::InvalidStepId`.
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
/// const ORDER: &str = "507f191e810c19729de860ea";
///
/// #[on(step_id = ORDER, json(key = "data.channel", in = ["web", "sms"]))]
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
///     const EVENT: &'static str = ::clustaar_webhook::events::CONVERSATION_STEP_REACHED;
///     const STEP_IDS: &'static [&'static str] = &[ORDER];
///
///     fn try_route() -> Result<
///         ::clustaar_webhook::routing::Route<__ClustaarState>,
///         ::clustaar_webhook::routing::RouteError,
///     > {
///         let route = ::clustaar_webhook::routing::Route::new(
///             ::clustaar_webhook::events::CONVERSATION_STEP_REACHED,
///             order_status,
///         )
///         .name("order_status");
///         // A `StepId` filter, indexed by the route table (dispatch does not evaluate it route
///         // by route), or `RouteError::InvalidStepId` naming the handler when `ORDER` is no
///         // step id.
///         let route = ::clustaar_webhook::__private::with_step_ids(
///             route,
///             <Self as ::clustaar_webhook::routing::OnRoute<__ClustaarState>>::STEP_IDS,
///         )?;
///         Ok(route.filter(::clustaar_webhook::filters::JsonKeyIn::new(
///             "data.channel",
///             [
///                 ::clustaar_webhook::__private::serde_json::Value::from("web"),
///                 ::clustaar_webhook::__private::serde_json::Value::from("sms"),
///             ],
///         )))
///     }
///     // `route()` is the trait's: `try_route()`, or a panic with the error, at the caller.
/// }
/// ```
#[proc_macro_attribute]
pub fn on(args: TokenStream, item: TokenStream) -> TokenStream {
    on::expand(args.into(), item.into()).into()
}

/// The routes of `#[on(...)]` handlers, in order, as a `clustaar_webhook::routing::RouteTable`;
/// panics when two of them take the same step (see `RouteTable::from_routes`), or when a step
/// id given as a constant is not one (see `OnRoute::route`), at the handler's name in the list.
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
/// `routes![]` is `RouteTable::new()`. `try_routes![…]` builds each route with
/// `OnRoute::try_route` and the table with `RouteTable::try_from_routes`, and gives the first
/// error:
///
/// ```ignore
/// try_routes![order_status, greet]
/// // becomes
/// '__clustaar_routes: {
///     ::clustaar_webhook::routing::RouteTable::try_from_routes([
///         match <order_status as ::clustaar_webhook::routing::OnRoute<_>>::try_route() {
///             Ok(route) => route,
///             Err(error) => break '__clustaar_routes Err(error),
///         },
///         // … the same for `greet`
///     ])
/// }
/// ```
#[proc_macro]
pub fn routes(input: TokenStream) -> TokenStream {
    routes::expand(input.into(), false)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// `routes!` returning `Result<RouteTable<S>, RouteError>` instead of panicking (see
/// `RouteTable::try_from_routes` and `OnRoute::try_route`).
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
