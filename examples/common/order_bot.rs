//! The order-tracking bot of the `playground` example, shared with the transcript tests: any
//! message is greeted with quick replies, the order step shows the order as a card, the human
//! step hands over to a person.

use axum::extract::State;
use clustaar_webhook::schemas::{
    Button, Card, GoToAction, OpenUrlAction, PauseBotAction, QuickReply, SendCardsAction,
    SendQuickRepliesAction, SendTextAction, StepReached, StepReachedResponse, StepTarget,
    WaitAction,
};
use clustaar_webhook::{Webhook, on, routes};

/// What the bot says where the order is: its state, so that a test can change this one text.
#[derive(Clone)]
pub(crate) struct OrderText(pub(crate) &'static str);

/// The text the example says.
pub(crate) const ON_ITS_WAY: OrderText = OrderText("Your order A-1234 is on its way.");

/// The bot's routes: the order and human steps, then any other step.
pub(crate) fn webhook() -> Webhook<OrderText> {
    Webhook::new().routes(routes![order_status, human, welcome])
}

/// The step where the bot tells where an order is.
const ORDER_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0b";
/// The step where a person takes the conversation over.
const HUMAN_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0c";

fn go_to(step_id: &str, name: &str) -> GoToAction {
    GoToAction::new(StepTarget::new(step_id).name(name))
}

/// Any message: a greeting, and what the bot can do as quick replies.
#[on]
async fn welcome(notification: StepReached) -> StepReachedResponse {
    let name = notification
        .session
        .get_str("name")
        .or(notification.interlocutor.first_name.as_deref())
        .unwrap_or("there");
    let offer = SendQuickRepliesAction::new(
        "What can I do for you?",
        [
            QuickReply::new("Track my order", go_to(ORDER_STEP, "Order status")),
            QuickReply::new("Talk to a human", go_to(HUMAN_STEP, "Human")),
        ],
    );
    StepReachedResponse::new()
        .action(SendTextAction::new(format!(
            "Hello {name}! I am the order bot."
        )))
        .action(offer)
        .session(notification.session)
}

/// The order step: remembers the order in the session and shows it as a card.
#[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0b")]
async fn order_status(
    State(text): State<OrderText>,
    mut notification: StepReached,
) -> StepReachedResponse {
    notification.session.insert("order", "A-1234");
    let card = Card::new("Order A-1234")
        .subtitle("2 items, arriving on Friday")
        .button(Button::new(
            "Track the parcel",
            OpenUrlAction::new("https://example.com/track/A-1234"),
        ))
        .button(Button::new("Ask a person", go_to(HUMAN_STEP, "Human")));
    StepReachedResponse::new()
        .action(WaitAction::new(0.5))
        .action(SendTextAction::new(text.0))
        .action(SendCardsAction::new([card]))
        .session(notification.session)
}

/// The human step: the bot steps aside.
#[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0c")]
async fn human(notification: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
        .action(SendTextAction::new(
            "A colleague will answer you here shortly.",
        ))
        .action(PauseBotAction::new())
        .session(notification.session)
}
