//! Topic names of the notifications the platform sends.
//!
//! ```
//! use clustaar_webhook::events;
//!
//! assert_eq!(events::CONVERSATION_STEP_REACHED, "conversation.step_reached");
//! ```

/// A conversation reached a step whose webhook is this one.
pub const CONVERSATION_STEP_REACHED: &str = "conversation.step_reached";
