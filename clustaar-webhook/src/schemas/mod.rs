//! Typed models
