//! The JSON Schema of the document, generated from its serde types.

use super::document::ProtocolDocument;
use super::{pretty, SCHEMA_VERSION};

/// The JSON Schema of [`ProtocolDocument`], pretty-printed, ending with a newline.
pub fn schema_json() -> String {
    let mut schema = schemars::schema_for!(ProtocolDocument);
    schema.insert(
        "$id".to_string(),
        format!("https://protocolc.invalid/schema/protocol-{SCHEMA_VERSION}.json").into(),
    );
    pretty(&schema)
}
