use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(json(key = "data..channel", exists))]
async fn empty_segment(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.actions[x]", exists))]
async fn bad_index(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.\"open", exists))]
async fn unclosed_quote(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "", exists))]
async fn empty_path(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
