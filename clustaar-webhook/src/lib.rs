//! Write webhooks for the Clustaar chatbot platform.
pub mod rejection;
pub mod schemas;
pub mod security;
