use clustaar_webhook::on;
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};

#[on(event = 1)]
async fn event_number(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(step_id = 507)]
async fn step_id_number(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(step_id = ["507f191e810c19729de860ea", 'c'])]
async fn step_id_char_in_list(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.channel", equals = ["web"]))]
async fn equals_list(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = "data.channel", in = "web"))]
async fn in_string(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(json(key = 1, exists))]
async fn key_number(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {}
