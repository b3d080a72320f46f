//! `cargo fuzz run sanitize`: see `clustaar_webhook_fuzz::sanitize` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clustaar_webhook_fuzz::sanitize(data));
