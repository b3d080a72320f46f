use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(event = "conversation.step_reached", event = "conversation.step_reached")]
async fn event_twice(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(step_id = "507f191e810c19729de860ea", step_id = "507f191e810c19729de860eb")]
async fn step_id_twice(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(filter = |_: &serde_json::Value| true, filter = |_: &serde_json::Value| true)]
async fn filter_twice(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.a", key = "data.b", exists))]
async fn key_twice(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.a", exists, equals = 1))]
async fn two_tests(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
