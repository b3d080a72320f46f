//! A handler whose last argument is not the notification: the error names that argument and
//! says what the notification can be.
use axum::extract::State;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
use clustaar_webhook::{Webhook, events, on};

#[on]
async fn axum_json(n: axum::Json<StepReached>) -> StepReachedResponse {
    StepReachedResponse::new().session(n.0.session)
}

#[derive(Clone)]
struct AppState;

#[on]
async fn state_last(_: StepReached, State(_): State<AppState>) -> StepReachedResponse {
    StepReachedResponse::new()
}

/// The same without the attribute: the compiler can only say the function is no handler.
async fn plain_axum_json(n: axum::Json<StepReached>) -> StepReachedResponse {
    StepReachedResponse::new().session(n.0.session)
}

fn main() {
    let _ = Webhook::<()>::new().on(events::CONVERSATION_STEP_REACHED, plain_axum_json);
}
