//! Step ids given as constants, alone or mixed with literals in a list.
use clustaar_webhook::routing::{OnRoute, RouteTable};
use clustaar_webhook::schemas::{StepReached, StepReachedResponse};
use clustaar_webhook::{on, routes, try_routes};

const ORDER: &str = "507f191e810c19729de860ea";

mod steps {
    pub const DELIVERY: &str = "507f191e810c19729de860eb";
}

#[on(step_id = ORDER)]
async fn order(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

#[on(step_id = [steps::DELIVERY, "507f191e810c19729de860ec", ORDER], json(key = "data.channel", equals = "web"))]
async fn mixed(_: StepReached) -> StepReachedResponse {
    StepReachedResponse::new()
}

fn main() {
    assert_eq!(<order as OnRoute<()>>::STEP_IDS, [ORDER]);
    assert_eq!(
        <mixed as OnRoute<()>>::STEP_IDS,
        [steps::DELIVERY, "507f191e810c19729de860ec", ORDER]
    );
    let table: RouteTable = routes![mixed, order];
    assert_eq!(table.routes()[0].step_ids().unwrap().len(), 3);
    let table: Result<RouteTable, _> = try_routes![mixed, order];
    assert!(table.is_ok());
}
