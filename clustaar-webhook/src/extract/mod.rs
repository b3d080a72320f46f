//! Extractors: how handlers receive a verified notification and its parts.

mod notification;

pub use notification::{FromNotification, Notification};
