use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(step_id = "507f191e810c19729de860e")]
async fn too_short(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(step_id = "507f191e-810c19729de860e")]
async fn dash(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(step_id = ["507f191e810c19729de860ea", "507f191e810c19729de860ea"])]
async fn repeated(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
