//! Stage 5, emit: outputs built from the validated model only. Each emitter is a
//! pure function from a [`crate::model::Model`] to bytes; the CLI writes them.

pub mod handout;
pub mod js;
pub mod json;
pub mod pdf;
pub mod rust;
pub mod screen;
