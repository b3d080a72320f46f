//! Write webhooks for the Clustaar chatbot platform.
pub mod schemas;
