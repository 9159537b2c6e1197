//! The serde types of `out/index.json`: every protocol `build` found, what became
//! of it, and the outputs built from it. Its schema is generated from these types.

use super::document::Source;
use schemars::JsonSchema;
use serde::Serialize;

/// What `protocolc build` (with no files) found and built.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "protocolc build index")]
pub struct Index {
    /// The protocolc that wrote the index, e.g. `protocolc 0.1.0`.
    pub generator: String,
    /// Every protocol found under `protocols/`, in path order.
    pub protocols: Vec<IndexEntry>,
}

/// One protocol file and what became of it. `id`, `title`, `jurisdiction`,
/// `version`, `effective` and `sources` are present exactly when it was built.
#[derive(Serialize, JsonSchema)]
pub struct IndexEntry {
    /// The protocol file, relative to where protocolc ran, with `/` separators.
    pub source: String,
    pub status: IndexStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as the protocol writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub effective: Option<String>,
    /// The files it was compiled from, its own first, then its bases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source>>,
    /// The files built from it, relative to the output folder (empty unless built).
    pub outputs: Vec<String>,
    /// The outputs that could not be built (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<FailedOutput>,
}

/// An output of a protocol that could not be built, and why.
#[derive(Clone, Serialize, JsonSchema)]
pub struct FailedOutput {
    /// `json`, `markdown`, `html`, `pdf` or `rust`.
    pub format: String,
    /// The translation's language tag, when the output is a translation.
    pub language: Option<String>,
    /// The file it would have been, relative to the output folder.
    pub file: String,
    /// Why it could not be built.
    pub error: String,
}

/// What became of a protocol file.
#[derive(Clone, Copy, Serialize, JsonSchema)]
pub enum IndexStatus {
    /// Its outputs were built and written.
    #[serde(rename = "built")]
    Built,
    /// Some of its outputs were built and written; `failed` says which were not, and why.
    #[serde(rename = "partly built")]
    PartlyBuilt,
    /// A shared base for variants: checked, not built.
    #[serde(rename = "base")]
    Base,
    /// It has errors (or an output could not be rendered): nothing was written.
    #[serde(rename = "invalid")]
    Invalid,
    /// Its outputs were rendered but could not be written; the previous ones stay.
    #[serde(rename = "not written")]
    NotWritten,
}

impl IndexEntry {
    /// An entry for a protocol that was not built.
    pub fn unbuilt(source: String, status: IndexStatus) -> Self {
        IndexEntry {
            source,
            status,
            id: None,
            title: None,
            jurisdiction: None,
            version: None,
            effective: None,
            sources: None,
            outputs: Vec::new(),
            failed: Vec::new(),
        }
    }
}
