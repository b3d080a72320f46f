//! Write webhooks for the Clustaar chatbot platform.
pub mod filters;
pub mod schemas;
