//! Topic names of the notifications the platform sends.
//!
//! ```
//! use clustaar_webhook::events;
//!
//! assert_eq!(events::CONVERSATION_STEP_REACHED, "conversation.step_reached");
//! ```

/// A conversation reached a step whose webhook is this one.
///
/// ```
/// use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
/// use clustaar_webhook::{events, Webhook};
///
/// async fn answer(_: StepReached) -> StepReachedResponse {
///     StepReachedResponse::new()
/// }
///
/// assert_eq!(events::CONVERSATION_STEP_REACHED, "conversation.step_reached");
/// let webhook: Webhook = Webhook::new()
///     .private_key("key")
///     .on(events::CONVERSATION_STEP_REACHED, answer);
/// # let _ = webhook.into_router();
/// ```
pub const CONVERSATION_STEP_REACHED: &str = "conversation.step_reached";
