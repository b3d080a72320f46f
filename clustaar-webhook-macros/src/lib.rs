//! Procedural macros for [`clustaar-webhook`](https://docs.rs/clustaar-webhook).
//!
//! This crate is re-exported by `clustaar-webhook`; depend on that crate instead.
