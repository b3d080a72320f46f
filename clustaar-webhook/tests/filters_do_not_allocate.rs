//! Looking up a key path and evaluating filters must not allocate (they run on every request).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use clustaar_webhook::filters::{
    Filter, FilterExt, JsonKeyEquals, JsonKeyExists, JsonKeyIn, KeyPath, StepId,
};
use serde_json::json;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

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

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let found = path.lookup(&doc).is_some();
    let matched = filter.matches(&doc);
    let after = ALLOCATIONS.load(Ordering::SeqCst);

    assert!(before > 0, "the counting allocator is in use");
    assert!(found && matched);
    assert_eq!(after - before, 0, "lookup or matching allocated");
}
