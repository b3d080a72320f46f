//! `json(key = …)` paths start at a key of the notification.
use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(json(key = "session.values.x", exists))]
async fn a_key_of_data(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "botId", equals = "5a8f1c2e9b1d4c0012345678"))]
async fn another_case(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "[0].type", exists))]
async fn an_index(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
