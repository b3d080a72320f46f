//! Write webhooks for the Clustaar chatbot platform.
pub mod filters;
pub mod rejection;
pub mod schemas;
pub mod security;
