//! `cargo fuzz run pipeline`: see `clustaar_webhook_fuzz::pipeline` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clustaar_webhook_fuzz::pipeline(data));
