//! The pest parser generated from grammar/protocol.pest, and its `Rule`s.
//!
//! pest types never leave `syntax/`: this module is private to it, read by
//! `convert` (parse tree → AST) and `errors` (pest errors → diagnostics).

use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "grammar/protocol.pest"]
pub(super) struct ProtocolParser;
