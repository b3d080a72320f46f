//! `cargo fuzz run key_path`: see `clustaar_webhook_fuzz::key_path` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clustaar_webhook_fuzz::key_path(data));
