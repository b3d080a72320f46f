//! Looking up a key path and evaluating filters must not allocate (they run on every request).

use std::alloc::System;

use clustaar_webhook::filters::{
    Filter, FilterExt, JsonKeyEquals, JsonKeyExists, JsonKeyIn, KeyPath, StepId,
};
use serde_json::json;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

// Its own test binary: the allocator counts every thread's allocations, so no other test may
// run beside this one.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const S0: &str = "aaaaaaaaaaaaaaaaaaaaaaa0";
const S1: &str = "aaaaaaaaaaaaaaaaaaaaaaa1";

#[test]
fn lookup_and_filters_do_not_allocate() {
    let doc = json!({
        "user": { "id": 1.0 },
        "data": { "step": { "id": S1, "actions": [{ "type": "t" }] },
                  "values": { "my.key": null } }
    });
    let path = KeyPath::parse(r#"data.step.actions[0].type"#).unwrap();
    let filter = StepId::any([S0, S1])
        .and(JsonKeyEquals::new("user.id", 1))
        .and(JsonKeyIn::new("data.step.actions[0].type", ["x", "t"]))
        .and(JsonKeyExists::new(r#"data.values."my.key""#))
        .and(JsonKeyExists::new("data.nope.x").not())
        .boxed();

    let region = Region::new(GLOBAL);
    let found = path.lookup(&doc).is_some();
    let matched = filter.matches(&doc);
    let allocations = region.change().allocations;

    assert!(found && matched);
    assert_eq!(allocations, 0, "lookup or matching allocated");
    // The allocator does count: building a filter allocates.
    let region = Region::new(GLOBAL);
    drop(std::hint::black_box(JsonKeyExists::new("data")));
    assert!(
        region.change().allocations > 0,
        "the counting allocator is in use"
    );
}
