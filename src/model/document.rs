//! What a protocol says about itself: its metadata, document control (status,
//! approval and review dates, revisions), legal basis, definitions, and the
//! files it was compiled from.

use super::Located;

/// The file a protocol was compiled from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRecord {
    /// The path as given to protocolc, with `/` separators.
    pub file: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    pub id: String,
    pub title: String,
    pub jurisdiction: String,
    pub audience: String,
    /// As the source states it; `None` when it states none (never made up).
    pub version: Option<String>,
    /// A date on the calendar as written (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`);
    /// `None` when the source gives none.
    pub effective: Option<String>,
    pub summary: Option<String>,
    /// Set for a shared base (`base "…"`): what each variant supplies. A base is
    /// checked but not built.
    pub base: Option<String>,
    pub document: DocumentControl,
    /// The documents the protocol is written from (`source_document`), in file order.
    pub source_documents: Vec<SourceDocument>,
    /// Who the protocol is about (`subject "child"`), when it says; the handout's
    /// sentences say "student" otherwise.
    pub subject: Option<String>,
    /// Names that keep their capital where protocol text is set inside a sentence
    /// (`proper_nouns "Maria", "Orange County"`).
    pub proper_nouns: Vec<String>,
}

/// A document a protocol is written from: its title and what else it states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceDocument {
    pub title: String,
    pub publisher: Option<String>,
    /// A checked web address.
    pub url: Option<String>,
    /// As written: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// The document's own version.
    pub version: Option<String>,
}

/// Where a protocol stands: its status, approval and review dates, and history.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DocumentControl {
    pub status: Option<Status>,
    /// Dates as written: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub approved: Option<String>,
    /// Who approved it (`approved_by "…"`).
    pub approved_by: Option<String>,
    /// When it was written (`written 2019-03`).
    pub written: Option<String>,
    pub reviewed: Option<String>,
    pub next_review: Option<String>,
    /// Where `next_review` was written, to warn when it has passed.
    pub next_review_at: Located,
    /// Oldest first, as written.
    pub revisions: Vec<Revision>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Draft,
    InReview,
    Approved,
    Retired,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Draft, Status::InReview, Status::Approved, Status::Retired];

    /// As written in a protocol file, e.g. `in_review`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::Retired => "retired",
        }
    }

    /// In plain words, e.g. "in review".
    pub fn words(self) -> &'static str {
        match self {
            Status::InReview => "in review",
            other => other.as_str(),
        }
    }
}

/// One line of a revision history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub date: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegalBasis {
    pub statement: Option<String>,
    pub laws: Vec<Law>,
}

/// A code and the sections of it cited, e.g. Education Code 51934, 51950.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Law {
    pub code: String,
    pub sections: Vec<String>,
}

impl Law {
    /// "Education Code (EC) 51934, 51950"
    pub fn citation(&self) -> String {
        if self.sections.is_empty() {
            return self.code.clone();
        }
        format!("{} {}", self.code, self.sections.join(", "))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub id: String,
    pub term: String,
    pub text: String,
}
