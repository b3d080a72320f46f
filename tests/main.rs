//! The integration tests, as one test binary: on a small machine, linking a binary per file
//! costs more than all the tests take to run.
//!
//! Each module is one concern, tried as a user would: in-process (`tower::ServiceExt::oneshot`)
//! and over real HTTP on `127.0.0.1`, with the example servers run as processes.

mod common;

mod bots;
mod browser;
mod compile;
mod errors;
mod examples;
mod extractors;
mod faults;
mod fuzz_regressions;
mod handlers;
mod lambda;
mod macros;
mod playground;
mod processors;
mod redis_store;
mod replay_store;
mod response_validation;
mod robustness;
mod routing;
mod sanitize;
mod schemas_roundtrip;
mod security;
mod serve;
mod testing_kit;
mod transcripts;
mod validation;
