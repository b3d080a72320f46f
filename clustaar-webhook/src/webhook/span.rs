//! The request's log span: what a `tracing` subscriber sees of each notification.
//!
//! The span is opened once the notification is read and routed, with all its fields in the one
//! call. A live subscriber (the fmt one at INFO, which most applications run) pays a registry
//! lookup, a lock and a formatting pass for each `record` on an open span: opening it with its
//! values costs a request a few thousand instructions less than recording them one by one.

use tracing::Span;
use tracing::field::{DebugValue, Empty};

use crate::extract::Notification;
use crate::log_field::LogField;

/// What the span shows of a request: nothing for one refused before its notification was read.
#[derive(Default)]
pub(super) struct SpanFields<'a> {
    pub(super) topic: Option<&'a str>,
    pub(super) bot_id: Option<&'a str>,
    pub(super) step_id: Option<&'a str>,
    /// The name of the route that took the notification (`route #<index>` for one not named
    /// by its author), or `fallback`.
    pub(super) route: Option<&'a str>,
}

impl<'a> SpanFields<'a> {
    /// The notification's identity, without a route yet.
    pub(super) fn of(notification: &'a Notification) -> Self {
        SpanFields {
            topic: notification.topic(),
            bot_id: notification.bot_id(),
            step_id: notification.step_id(),
            ..SpanFields::default()
        }
    }

    /// Opens the request's span. Its `status` is recorded once the answer is known.
    pub(super) fn open(&self) -> Span {
        tracing::info_span!(
            "clustaar_notification",
            topic = cut(self.topic),
            bot_id = cut(self.bot_id),
            step_id = cut(self.step_id),
            route = self.route,
            status = Empty,
        )
    }
}

/// A value from the body as a field: cut to a bounded length. A `None` records nothing.
fn cut(value: Option<&str>) -> Option<DebugValue<LogField<'_>>> {
    value.map(|value| LogField(value).value())
}
