//! What a comparison and a scenario's `given` say about an input: the operator
//! ([`CompareOp`]), the value as written ([`InputValue`]: a number, or a scale
//! value's name), and a scale's values as declared ([`ScaleValueDecl`]).

use super::{Ident, Text};

/// A value of an input as written: `13`, or `high` (a value of a scale).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputValue {
    /// `None`: too large to read, already reported.
    Number(Option<u32>),
    Name(String),
}

/// `high "High"`: one value of a scale, its name and its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleValueDecl {
    pub id: Ident,
    pub title: Text,
}

/// A comparison in a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CompareOp {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}

impl CompareOp {
    /// As written in a protocol file, e.g. `<=`.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Less => "<",
            CompareOp::LessOrEqual => "<=",
            CompareOp::Greater => ">",
            CompareOp::GreaterOrEqual => ">=",
            CompareOp::Equal => "=",
        }
    }

    /// Whether `left OP right` holds.
    pub fn holds(self, left: u32, right: u32) -> bool {
        match self {
            CompareOp::Less => left < right,
            CompareOp::LessOrEqual => left <= right,
            CompareOp::Greater => left > right,
            CompareOp::GreaterOrEqual => left >= right,
            CompareOp::Equal => left == right,
        }
    }
}
