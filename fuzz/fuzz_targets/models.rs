//! `cargo fuzz run models`: see `clustaar_webhook_fuzz::models` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clustaar_webhook_fuzz::models(data));
