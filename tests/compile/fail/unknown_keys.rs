use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(stepid = "507f191e810c19729de860ea")]
async fn misspelled(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(handler = "x")]
async fn unknown(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.channel", equal = "web"))]
async fn in_json(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
