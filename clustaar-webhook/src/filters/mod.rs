//! Filters: conditions on a notification's JSON that a route needs to match.
//!
//! A route is registered for a topic, optionally with filters; it handles a notification of its
//! topic only when all of its filters match. Filters look at the notification's JSON body (the
//! whole document: `botID`, `topic`, `data`, …) with a [`KeyPath`].
//!
//! | filter                                 | matches when                                          |
//! |----------------------------------------|-------------------------------------------------------|
//! | [`JsonKeyEquals::new(path, value)`](JsonKeyEquals) | the value at `path` equals `value`       |
//! | [`JsonKeyIn::new(path, values)`](JsonKeyIn)        | the value at `path` is one of `values`   |
//! | [`JsonKeyExists::new(path)`](JsonKeyExists)        | `path` leads to a value, even `null`     |
//! | [`StepId::new(id)`](StepId), [`StepId::any(ids)`](StepId::any) | `data.step.id` is `id`, or one of `ids` |
//! | a closure `\|n: &Value\| -> bool`      | the closure says so                                   |
//! | [`a.and(b)`](FilterExt::and), [`a.or(b)`](FilterExt::or), [`a.not()`](FilterExt::not) | both, either, not (short-circuiting) |
//!
//! # Key paths
//!
//! Paths such as `data.step.id`, `data.step.actions[0].type` or `data.session.values."my.key"`
//! are [`KeyPath`]s, whose page gives the syntax. They are parsed once, when the filter is
//! built: `new` panics on a malformed one (like axum's `Router::route` with a bad path) and
//! `try_new` returns the [`KeyPathError`].
//!
//! # Present, `null`, missing
//!
//! Looking up a path gives the value found or nothing:
//!
//! | notification                | `user.id` looks up | `JsonKeyExists` | `JsonKeyEquals(…, null)` | `JsonKeyEquals(…, 1)` |
//! |-----------------------------|--------------------|-----------------|--------------------------|-----------------------|
//! | `{"user": {"id": 1}}`       | `1`                | yes             | no                       | yes                   |
//! | `{"user": {"id": 1.0}}`     | `1.0`              | yes             | no                       | yes                   |
//! | `{"user": {"id": null}}`    | `null`             | yes             | yes                      | no                    |
//! | `{"user": {}}`              | nothing            | no              | no                       | no                    |
//! | `{"user": null}`            | nothing            | no              | no                       | no                    |
//! | `{"user": "x"}`, `{"user": [1]}` | nothing       | no              | no                       | no                    |
//!
//! A missing key never equals anything, not even `null`, and is in no list: routing simply
//! goes on to the next route (the reference crashes there instead). Numbers compare by value,
//! as in the reference's Python (`1` equals `1.0`); see [`json_eq`].
//!
//! # Example
//!
//! ```
//! use clustaar_webhook::filters::{Filter, FilterExt, JsonKeyEquals, JsonKeyExists, StepId};
//! use serde_json::json;
//!
//! let notification = json!({
//!     "topic": "conversation.step_reached",
//!     "data": {
//!         "channel": "web",
//!         "step": { "id": "507f191e810c19729de860ea", "actions": [{ "type": "send_text_action" }] },
//!         "session": { "values": { "order.id": null } }
//!     }
//! });
//!
//! let filter = StepId::new("507f191e810c19729de860ea")
//!     .and(JsonKeyEquals::new("data.step.actions[0].type", "send_text_action"))
//!     .and(JsonKeyExists::new(r#"data.session.values."order.id""#))
//!     .and(JsonKeyEquals::new("data.channel", "sms").not());
//! assert!(filter.matches(&notification));
//! ```

mod bot_id;
mod combinators;
mod filter;
mod id_list;
mod json_key;
mod path;
mod step_id;

pub use bot_id::{BotId, InvalidBotId};
pub use combinators::{And, FilterExt, Not, Or, and, not, or};
pub use filter::{BoxFilter, Filter};
pub use json_key::{JsonKeyEquals, JsonKeyExists, JsonKeyIn, json_eq};
pub use path::{IntoKeyPath, KeyPath, KeyPathError, Segment};
pub use step_id::{InvalidStepId, StepId};
