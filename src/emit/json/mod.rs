//! The JSON document downstream apps read, and its JSON Schema, from the same serde types.
//!
//! These types are the public data contract: they carry stable ids and resolved
//! text, and nothing of the parser's internals. Bump [`SCHEMA_VERSION`] when a
//! change would break a consumer.
//!
//! - `document.rs`: the serde types of the contract ([`ProtocolDocument`] and below)
//! - `convert.rs`: model → document, its assembly and the simple parts; shared lookups
//! - `criteria.rs`, `tracks.rs`, `scenarios.rs`, `translation.rs`: model → document, by part
//! - `index.rs`: the serde types of `out/index.json`
//! - `schema.rs`: the JSON Schemas of both, made strict
//! - `vectors.rs`: `<protocol>.vectors.json`, observation sets with the evaluator's decisions, and its schema

mod convert;
mod criteria;
mod document;
mod index;
mod scenarios;
mod schema;
mod tracks;
mod translation;
mod vectors;

pub use convert::{document, sources};
pub use document::{
    AmountJson, AnswerJson, ConditionalDeadline, Contact, Criteria, CriteriaThreshold, Definition,
    DocumentControl, ExpectationJson, Factor, Form, HandoffDocument, Input, InsteadOf, LastsJson, Law,
    LegalBasis, Level, Metadata, Number, Override, ProtocolDocument, QuestionJson, Resource, Revision,
    RouteJson, Scenario, Signal, Source, SourceDocument, Step, TimeJson, TimeUnitJson, Track,
    TranslationJson, TriggerExpr,
};
pub use index::{FailedOutput, Index, IndexEntry, IndexStatus};
pub use schema::{index_schema_json, schema_json};
pub use vectors::{
    to_vectors, vectors_of, vectors_schema_json, ExpectedDecision, GroupVerdict, Observed, PathStep,
    SupersededJson, Vector, VectorsDocument, MOST_COMBINATIONS, MOST_INPUTS_FOR_EVERY_COMBINATION,
    SAMPLE_SIZE,
};

use crate::model::Model;
use serde::Serialize;

/// Version of the JSON document's shape.
pub const SCHEMA_VERSION: &str = "1.7.0";

/// The JSON text of a model: pretty-printed, ending with a newline.
pub fn to_json(model: &Model) -> String {
    to_pretty(&document(model))
}

/// Any of the contract's documents as JSON text: pretty-printed, ending with a newline.
pub fn to_pretty<T: Serialize>(value: &T) -> String {
    // Serializing these types cannot fail: no maps with non-string keys, no floats.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
