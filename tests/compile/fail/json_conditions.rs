use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(json(equals = "web"))]
async fn no_key(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.channel"))]
async fn no_test(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.channel", exists = true))]
async fn exists_value(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json)]
async fn no_parentheses(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.channel", equals = web))]
async fn bare_word(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
